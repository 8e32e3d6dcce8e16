// The program inventory table: "select all" for bulk actions, and Escape cancels an in-place edit.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll('input[name="program"][form="bulk-form"]').forEach((box) => {
        box.checked = all.checked;
      });
    });
  }
  document.body.addEventListener("keydown", (event) => {
    const row = event.target.closest("tbody.editing");
    if (!row) return;
    if (event.key === "Escape") {
      const cancel = row.querySelector("button.btn-link");
      if (cancel) cancel.click();
    } else if (event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
      const save = row.querySelector("button.btn-brand");
      if (save) save.click();
    }
  });
});
