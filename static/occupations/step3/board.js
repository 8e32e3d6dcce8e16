// The sticky wall (step 3): drag a card to a column (or use its "Move to" list), and keep
// the board live. The board polls every two seconds; the server answers 204 when nothing
// changed. Polling pauses while a card is being dragged or a "Move to" list is open.
(() => {
  let dragging = null;
  const csrf = () => (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";

  // 204 = nothing changed; 422 = a form with errors, which is shown.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true },
    { code: "[45]..", swap: false, error: true },
  ];

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt.id !== "board") return;
    const active = document.activeElement;
    const choosing = active && active.matches("[data-move-select]") && !active.dataset.changed;
    if (dragging || choosing) event.preventDefault();
  });
  // A poll answered by the sign-in page (the session ended) must not replace the wall.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.elt.id !== "board") return;
    const url = event.detail.xhr.responseURL || "";
    if (url.includes("/accounts/login")) {
      event.detail.shouldSwap = false;
      const note = document.querySelector("[data-board-updated]");
      if (note) note.textContent = "signed out: sign in again to see new cards";
    }
  });
  document.body.addEventListener("change", (event) => {
    if (event.target.matches("[data-move-select]")) event.target.dataset.changed = "1";
  });

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".s3-card-movable");
    if (!card) return;
    dragging = card;
    card.classList.add("s3-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.card);
  });
  document.addEventListener("dragend", () => {
    if (dragging) dragging.classList.remove("s3-dragging");
    dragging = null;
    document.querySelectorAll(".s3-drop").forEach((c) => c.classList.remove("s3-drop"));
  });
  document.addEventListener("dragover", (event) => {
    const column = event.target.closest("[data-column]");
    if (!column || !dragging) return;
    event.preventDefault();
    document.querySelectorAll(".s3-drop").forEach((c) => c !== column && c.classList.remove("s3-drop"));
    column.classList.add("s3-drop");
  });
  document.addEventListener("drop", (event) => {
    const column = event.target.closest("[data-column]");
    if (!column || !dragging) return;
    event.preventDefault();
    const card = dragging;
    column.appendChild(card); // show it where it was dropped at once
    const body = new FormData();
    body.append("category", column.dataset.column);
    fetch(card.dataset.moveUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "HX-Request": "true" },
    })
      .catch(() => null)
      .finally(() => {
        dragging = null;
        htmx.trigger(document.body, "board-refresh");
      });
  });
})();
