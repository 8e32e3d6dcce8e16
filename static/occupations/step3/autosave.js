// Autosave (step 3): fields marked data-autosave post themselves through htmx as they are
// typed. Until the server confirms, the value is kept in localStorage and the field says
// "Not saved yet"; failed saves retry every few seconds and when the connection comes back,
// and a reload puts unsaved text back and sends it again. Forms marked data-autosave-form
// (the card form) retry the same way, with a nonce so a retry never makes a second card.
(() => {
  const RETRY_MS = 3000;
  const prefix = "sp-step3:";
  const key = (el) => `${prefix}${el.getAttribute("hx-post")}|${el.name}`;

  function stateEl(el) {
    const box = el.closest(".s3-autosave, form");
    return box ? box.querySelector(".s3-save-state") : null;
  }
  function setState(el, state, text) {
    const out = stateEl(el);
    el.dataset.saveState = state;
    if (!out) return;
    out.textContent = text;
    out.className = `s3-save-state small s3-${state}`;
  }
  function newNonce(form) {
    const field = form.querySelector("[data-nonce]");
    if (field) field.value = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }
  function retryLater(el) {
    clearTimeout(el._retry);
    el._retry = setTimeout(() => {
      if (document.body.contains(el)) htmx.trigger(el, "autosave-retry");
    }, RETRY_MS);
  }

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const el = event.detail.elt;
    if (el.matches("[data-autosave]")) {
      localStorage.setItem(key(el), el.value);
      el._sent = el.value;
      setState(el, "saving", "Saving…");
    }
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const el = event.detail.elt;
    const xhr = event.detail.xhr;
    if (el.matches("[data-autosave]")) {
      if (event.detail.successful) {
        if (el.value === el._sent) localStorage.removeItem(key(el));
        setState(el, "saved", xhr.responseText || "Saved");
      } else if (xhr && xhr.status >= 400 && xhr.status < 500) {
        setState(el, "error", `Not saved: ${xhr.responseText || "please check this field"}`);
      } else {
        setState(el, "queued", "Not saved yet: offline or the server did not answer. Retrying…");
        retryLater(el);
      }
    } else if (el.matches("[data-autosave-form]") && !event.detail.successful) {
      if (!xhr || xhr.status === 0 || xhr.status >= 500) {
        setState(el, "queued", "Not saved yet: the card is kept here and sent again shortly…");
        retryLater(el);
      }
    }
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    const el = event.detail.elt;
    if (el.matches("[data-autosave], [data-autosave-form]")) {
      setState(el, "queued", "Not saved yet: offline. Retrying…");
      retryLater(el);
    }
  });
  // A new card gets a new nonce when it is first submitted (not on retries).
  document.body.addEventListener("submit", (event) => {
    if (event.target.matches("[data-autosave-form]")) newNonce(event.target);
  }, true);

  function restore(root) {
    root.querySelectorAll("[data-autosave]").forEach((el) => {
      const pending = localStorage.getItem(key(el));
      if (pending !== null && pending !== el.value) {
        el.value = pending;
        setState(el, "queued", "Not saved yet: restored from this browser, sending…");
        htmx.trigger(el, "autosave-retry");
      } else if (pending !== null) {
        localStorage.removeItem(key(el));
      }
    });
  }
  window.addEventListener("online", () => {
    document.querySelectorAll("[data-save-state=queued]").forEach((el) => htmx.trigger(el, "autosave-retry"));
  });
  window.addEventListener("beforeunload", (event) => {
    if (document.querySelector("[data-save-state=queued], [data-save-state=saving]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.addEventListener("DOMContentLoaded", () => restore(document));
})();
