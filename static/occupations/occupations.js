// Occupation explorer and data page: progress bars, the wage-range chart, official URLs.
(() => {
  const money = (value) => "$" + Math.round(value).toLocaleString("en-US");

  function setProgress(root) {
    root.querySelectorAll(".progress-bar[data-percent]").forEach((bar) => {
      bar.style.width = `${bar.dataset.percent}%`;
    });
  }

  function drawWageChart(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-wage-chart]").forEach((canvas) => {
      const source = document.getElementById(canvas.dataset.wageChart);
      if (!source || canvas.dataset.drawn) return;
      canvas.dataset.drawn = "1";
      const rows = JSON.parse(source.textContent);
      const labels = rows.map((r) => r.label);
      // A range end BLS publishes only as "at least" the top code ("#") stands at the top
      // code for the bar's length; the tooltip and the ▶ marker say "at least".
      const end = (r, i) => (r.values[i] !== null ? r.values[i] : r.at_least[i]);
      const range = (lo, hi) => rows.map((r) => {
        const a = end(r, lo), b = end(r, hi);
        return a === null || b === null ? null : [a, b];
      });
      const rangeText = (lo, hi) => rows.map((r) => `${r.texts[lo]} – ${r.texts[hi]}`);
      const texts = { 0: rangeText(0, 4), 1: rangeText(1, 3) };
      const atLeast = [];
      rows.forEach((r, row) => r.at_least.forEach((v, i) => {
        if (v !== null) atLeast.push({ x: v, y: labels[row], text: r.texts[i], which: ["10th", "25th", "Median", "75th", "90th"][i] });
      }));
      new Chart(canvas, {
        type: "bar",
        data: {
          labels,
          datasets: [
            { label: "10th–90th percentile", data: range(0, 4),
              backgroundColor: "rgba(29, 78, 107, 0.25)", borderRadius: 3, barPercentage: 0.7, grouped: false, order: 4 },
            { label: "25th–75th percentile", data: range(1, 3),
              backgroundColor: "rgba(29, 78, 107, 0.75)", borderRadius: 3, barPercentage: 0.7, grouped: false, order: 3 },
            { label: "Median", type: "scatter", data: rows.map((r, i) => (r.values[2] === null ? null : { x: r.values[2], y: labels[i] })),
              pointStyle: "line", rotation: 90, pointRadius: 12, pointBorderWidth: 3, borderColor: "#b35c00", backgroundColor: "#b35c00", order: 2 },
            { label: "At least the top code", type: "scatter", data: atLeast,
              pointStyle: "triangle", rotation: 90, pointRadius: 8, borderColor: "#7a1f1f", backgroundColor: "#ffffff", pointBorderWidth: 2, order: 1,
              hidden: atLeast.length === 0 },
          ],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { beginAtZero: false, ticks: { callback: (v) => money(v) } }, y: { type: "category" } },
          plugins: {
            legend: { position: "bottom", labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hidden } },
            tooltip: {
              callbacks: {
                label: (ctx) => {
                  const raw = ctx.raw;
                  if (ctx.datasetIndex < 2) return `${ctx.dataset.label}: ${texts[ctx.datasetIndex][ctx.dataIndex]}`;
                  if (raw && raw.text) return `${raw.which}: ${raw.text}`;
                  return `Median: ${rows[ctx.dataIndex].texts[2]}`;
                },
              },
            },
          },
        },
      });
    });
  }

  function officialUrls(root) {
    const data = document.getElementById("official-urls");
    const source = root.querySelector ? root.querySelector("select[name=source]") : null;
    const url = root.querySelector ? root.querySelector("input[name=url]") : null;
    if (!data || !source || !url) return;
    const urls = JSON.parse(data.textContent);
    const update = () => { url.placeholder = urls[source.value] || ""; };
    source.addEventListener("change", update);
    update();
  }

  const init = (root) => { setProgress(root); drawWageChart(root); officialUrls(root); };
  if (window.htmx) htmx.onLoad(init); else document.addEventListener("DOMContentLoaded", () => init(document));
})();
