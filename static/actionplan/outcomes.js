// Trend charts on the outcomes page: one chart per figure, one line per program.
// A missing or suppressed year is a gap in the line, never a zero.
(function () {
  const source = document.getElementById("outcome-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const colors = ["#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d28a00", "#2c8c99"];
  for (const chart of charts) {
    const canvas = document.querySelector(`canvas[data-outcome-chart="${chart.measure}"]`);
    if (!canvas) continue;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map((d, i) => ({
          label: d.label,
          data: d.data,
          borderColor: colors[i % colors.length],
          backgroundColor: colors[i % colors.length],
          spanGaps: false,
          tension: 0,
        })),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            beginAtZero: true,
            suggestedMax: chart.percent ? 100 : undefined,
            ticks: { callback: (v) => (chart.percent ? `${v}%` : v.toLocaleString()) },
          },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    });
  }
})();

// The maturity trend: one line per condition, average level (1 to 4) by round.
(function () {
  const source = document.getElementById("maturity-chart");
  const canvas = document.querySelector("canvas[data-maturity-chart]");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const chart = JSON.parse(source.textContent);
  const colors = ["#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d28a00", "#2c8c99"];
  new Chart(canvas, {
    type: "line",
    data: {
      labels: chart.labels,
      datasets: chart.datasets.map((d, i) => ({
        label: d.label, data: d.data, borderColor: colors[i % 6], backgroundColor: colors[i % 6],
        spanGaps: false, tension: 0,
      })),
    },
    options: {
      maintainAspectRatio: false, animation: false,
      scales: { y: { min: 1, max: 4, ticks: { stepSize: 1 } } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    },
  });
})();
