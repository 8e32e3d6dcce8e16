// Occupation pickers (step 3): search as you type, then choose a SOC occupation for a card,
// the agreed list or the watch list. Results are server-rendered fragments.
(() => {
  const timers = new WeakMap();

  function search(picker, query) {
    const results = picker.querySelector("[data-picker-results]");
    const url = new URL(picker.dataset.searchUrl, window.location.origin);
    url.searchParams.set("q", query);
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.text() : ""))
      .then((html) => {
        results.innerHTML = html;
      })
      .catch(() => {
        results.textContent = "Search is not reachable right now; the card can be matched later.";
      });
  }

  document.addEventListener("input", (event) => {
    const input = event.target.closest("[data-picker-query]");
    if (!input) return;
    const picker = input.closest("[data-search-url]");
    clearTimeout(timers.get(picker));
    timers.set(picker, setTimeout(() => search(picker, input.value), 250));
  });

  document.addEventListener("click", (event) => {
    const hit = event.target.closest("[data-pick-soc]");
    if (!hit) return;
    const picker = hit.closest("[data-search-url]");
    picker.querySelector("[data-picker-soc]").value = hit.dataset.pickSoc;
    picker.querySelector("[data-picker-onet]").value = hit.dataset.pickOnet;
    picker.querySelector("[data-picker-chosen]").textContent =
      `Matched: ${hit.dataset.pickSoc} ${hit.dataset.pickTitle}`;
    picker.querySelector("[data-picker-results]").innerHTML = "";
    picker.querySelector("[data-picker-query]").value = "";
    const form = picker.closest("form");
    const title = form && form.querySelector("[data-picker-title]");
    if (title && !title.value) title.value = hit.dataset.pickTitle;
  });
})();
