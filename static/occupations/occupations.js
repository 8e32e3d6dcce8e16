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
      const p = (i) => rows.map((r) => r.percentiles[i]);
      new Chart(canvas, {
        type: "bar",
        data: {
          labels,
          datasets: [
            { label: "10th–90th percentile", data: rows.map((r) => [r.percentiles[0], r.percentiles[4]]),
              backgroundColor: "rgba(29, 78, 107, 0.25)", borderRadius: 3, barPercentage: 0.7, grouped: false, order: 3 },
            { label: "25th–75th percentile", data: rows.map((r) => [r.percentiles[1], r.percentiles[3]]),
              backgroundColor: "rgba(29, 78, 107, 0.75)", borderRadius: 3, barPercentage: 0.7, grouped: false, order: 2 },
            { label: "Median", type: "scatter", data: p(2).map((v, i) => ({ x: v, y: labels[i] })),
              pointStyle: "line", rotation: 90, pointRadius: 12, pointBorderWidth: 3, borderColor: "#b35c00", backgroundColor: "#b35c00", order: 1 },
          ],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { beginAtZero: false, ticks: { callback: (v) => money(v) } }, y: { type: "category" } },
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                label: (ctx) => {
                  const raw = ctx.raw;
                  if (Array.isArray(raw)) return `${ctx.dataset.label}: ${money(raw[0])} – ${money(raw[1])}`;
                  return `Median: ${money(raw.x)}`;
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
