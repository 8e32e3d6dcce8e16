// Small behaviours shared by every page. No inline scripts: the content security policy forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons and forms that ask before doing something that cannot be undone.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.querySelectorAll("fieldset").forEach(enhancePicker);
});

// A list of ticked boxes (forms' PICKER widget) scrolls inside its box; once it is long, a
// filter box above it hides the names that don't match (ticked ones always stay in view).
function enhancePicker(fieldset) {
  const boxes = [...fieldset.querySelectorAll("input[type=checkbox][data-picker]")].filter(
    (box) => box.closest("fieldset") === fieldset,  // not those of a fieldset inside this one
  );
  if (!boxes.length) return;
  const list = boxes[0].closest(".form-check").parentElement;
  list.classList.add("picker-list");
  if (boxes.length < 8) return;
  const legend = fieldset.querySelector("legend");
  const search = document.createElement("input");
  search.type = "search";
  search.className = "form-control form-control-sm mb-1 picker-filter";
  search.placeholder = "Type to filter the list";
  search.setAttribute("aria-label", "Filter: " + (legend ? legend.textContent.trim() : "choices"));
  list.before(search);
  search.addEventListener("input", () => {
    const words = search.value.trim().toLowerCase();
    list.querySelectorAll(".form-check").forEach((row) => {
      const ticked = row.querySelector("input").checked;
      row.hidden = Boolean(words) && !ticked && !row.textContent.toLowerCase().includes(words);
    });
  });
}
// htmx: send Django's CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
