// Presentation mode: one slide per screen; arrow keys, space, or the buttons move between them.
(() => {
  const slides = [...document.querySelectorAll(".s3-slide")];
  const number = document.querySelector("[data-slide-number]");
  let current = Math.max(0, Math.min(slides.length - 1, Number(location.hash.slice(1)) - 1 || 0));
  function show(i) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach((s, n) => s.classList.toggle("s3-current", n === current));
    number.textContent = `${current + 1} / ${slides.length}`;
    history.replaceState(null, "", `#${current + 1}`);
  }
  document.addEventListener("keydown", (e) => {
    if (["ArrowRight", "PageDown", " "].includes(e.key)) { e.preventDefault(); show(current + 1); }
    if (["ArrowLeft", "PageUp"].includes(e.key)) { e.preventDefault(); show(current - 1); }
  });
  document.querySelectorAll("[data-slide]").forEach((b) => b.addEventListener("click", () => show(current + Number(b.dataset.slide))));
  show(current);
})();
