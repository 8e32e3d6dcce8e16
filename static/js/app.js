// Small behaviours shared by every page. No inline scripts: the content security policy forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons and forms that ask before doing something that cannot be undone.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
});
// htmx: send Django's CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
