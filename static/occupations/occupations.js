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
      // Bars span published amounts only. A wage BLS publishes only as "at least" its top
      // code ("#") is never drawn as an amount: a faint open-ended band runs from the highest
      // published wage to the top code, marked ▶, and the tooltip says "at least".
      const highest = (values) => {
        const known = values.filter((v) => v !== null);
        return known.length ? Math.max(...known) : null;
      };
      const range = (lo, hi) => rows.map((r) => {
        const a = r.values[lo];
        const b = r.values[hi] !== null ? r.values[hi] : highest(r.values.slice(lo, hi + 1));
        return a === null || b === null ? null : [a, b];
      });
      const openEnded = rows.map((r) => {
        const top = r.at_least.find((v) => v !== null);
        if (top === undefined) return null;
        const from = highest(r.values);
        return [from === null ? top : from, top];
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
            { label: "Open-ended: at least the top code", data: openEnded,
              backgroundColor: "rgba(122, 31, 31, 0.08)", borderColor: "rgba(122, 31, 31, 0.35)", borderWidth: 1,
              barPercentage: 0.7, grouped: false, order: 5, hidden: atLeast.length === 0 },
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
                  if (ctx.datasetIndex === 0) return `${ctx.dataset.label} (${rows[ctx.dataIndex].texts.filter((t) => t.startsWith("at least"))[0]})`;
                  if (ctx.datasetIndex < 3) return `${ctx.dataset.label}: ${texts[ctx.datasetIndex - 1][ctx.dataIndex]}`;
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
