// Starting a partnership: its web address follows its name until someone edits the address
// by hand (under "Advanced"). The server makes the same address when the field is blank.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".partnership-create");
  if (!form) return;
  const name = form.querySelector("#id_name");
  const slug = form.querySelector("#id_slug");
  const preview = document.getElementById("slug-preview");
  let edited = Boolean(slug.value) && slug.value !== slugify(name.value);
  const showPreview = () => {
    preview.textContent = `/p/${slug.value || "…"}/`;
  };
  name.addEventListener("input", () => {
    if (!edited) slug.value = slugify(name.value);
    showPreview();
  });
  slug.addEventListener("input", () => {
    edited = slug.value !== "";
    showPreview();
  });
});

// Django's slugify, in the browser: accents dropped, lowercase, hyphens between words.
function slugify(text) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, "")
    .trim()
    .replace(/[\s-]+/g, "-")
    .slice(0, 80)
    .replace(/^-+|-+$/g, "");
}
