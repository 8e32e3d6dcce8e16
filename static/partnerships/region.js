// The region form shows only the fields of the kind of area chosen (statewide, metropolitan
// area, group of counties). Without JavaScript every field shows and the server uses the
// ones that match the kind.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".region-form");
  if (!form) return;
  const fields = {
    metro: ["#div_id_metro"],
    counties: ["#div_id_counties", "#div_id_name"],
  };
  const show = () => {
    const kind = form.querySelector("input[name=kind]:checked");
    Object.entries(fields).forEach(([name, selectors]) => {
      selectors.forEach((selector) => {
        const field = form.querySelector(selector);
        if (field) field.hidden = !kind || kind.value !== name;
      });
    });
  };
  form.addEventListener("change", show);
  show();
});
