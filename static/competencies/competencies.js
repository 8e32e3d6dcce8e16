// Step 5. A participant's phone saves each answer as it is tapped (the "Save all" button
// still works without JavaScript), and the top-three list stops at three picks.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-autosave-form]");
  if (form) {
    const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    form.addEventListener("change", async (event) => {
      const input = event.target;
      if (!input.name) return;
      const box = input.closest("[data-task]");
      const note = box && box.querySelector("[data-saved]");
      const body = new FormData();
      body.append(input.name, input.value);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const response = await fetch(window.location.pathname, {
            method: "POST", body, credentials: "same-origin",
            headers: { "X-CSRFToken": token, "X-Autosave": "1" },
          });
          const text = await response.text();
          if (note) note.textContent = response.ok ? "Saved" : text;
          if (note) note.classList.toggle("text-danger", !response.ok);
          return;
        } catch (error) {
          if (note) note.textContent = "Not saved yet, trying again…";
          await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
        }
      }
      if (note) note.textContent = "Not saved: press “Save all my answers” below.";
    });
  }
  document.body.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.matches("[data-max-picks]")) return;
    const max = Number(box.dataset.maxPicks);
    const picked = document.querySelectorAll("[data-max-picks]:checked");
    if (picked.length > max) box.checked = false;
  });
});
