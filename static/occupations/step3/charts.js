// Labor-market picture charts (step 3), from the JSON the page carries. Each chart shows one
// SOC level: major groups, or detailed occupations; never totals beside their own details.
(() => {
  const source = document.getElementById("s3-chart-data");
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const present = document.body.classList.contains("s3-present");
  const ink = present ? "#f8f9fa" : "#212529";
  Chart.defaults.font.size = present ? 22 : 12;
  Chart.defaults.color = ink;
  Chart.defaults.maintainAspectRatio = false;
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;
  const grid = { color: present ? "rgba(255,255,255,.15)" : "rgba(0,0,0,.08)" };
  const fmt = (n) => (n == null ? "—" : Math.round(n).toLocaleString());
  // Long titles wrap onto up to three lines instead of being cut; a title longer still ends
  // in "…" and the tooltip (and the table below the charts) carry it in full.
  const width = present ? 32 : window.innerWidth < 576 ? 18 : 24;
  const short = (t) => {
    const lines = [];
    t.split(" ").forEach((word) => {
      const last = lines[lines.length - 1];
      if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    });
    if (lines.length > 3) return [...lines.slice(0, 2), `${lines[2]}…`];
    return lines;
  };
  const fullTitle = (rows, strip = false) => (items) => {
    const title = rows[items[0].dataIndex].title;
    return strip ? title.replace(/ Occupations$/, "") : title;
  };
  const SMALL = "#fd7e14";

  const makers = {
    composition(canvas) {
      const rows = data.majors;
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => short(r.title.replace(/ Occupations$/, ""))),
          datasets: [
            { label: "Now", data: rows.map((r) => r.now), backgroundColor: "#0d6efd" },
            { label: `Projected (${data.period.split("-")[1] || "end"})`, data: rows.map((r) => r.projected), backgroundColor: "#20c997" },
          ],
        },
        options: {
          indexAxis: "y",
          scales: { x: { grid, ticks: { callback: (v) => fmt(v) } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
          plugins: { tooltip: { callbacks: { title: fullTitle(rows, true), label: (c) => `${c.dataset.label}: ${fmt(c.raw)} jobs` } } },
        },
      });
    },
    change(canvas) {
      const rows = data.majors;
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => short(r.title.replace(/ Occupations$/, ""))),
          datasets: [{
            label: "Projected change in jobs",
            data: rows.map((r) => r.change),
            backgroundColor: rows.map((r) => ((r.change || 0) < 0 ? "#dc3545" : "#198754")),
          }],
        },
        options: {
          indexAxis: "y",
          scales: { x: { grid, ticks: { callback: (v) => fmt(v) } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { title: fullTitle(rows, true), label: (c) => `${fmt(c.raw)} jobs` } } },
        },
      });
    },
    largest(canvas) {
      const rows = [...data.occupations].sort((a, b) => b.employment - a.employment).slice(0, 10);
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => short(r.title)),
          datasets: [{ label: "Jobs in the region", data: rows.map((r) => r.employment), backgroundColor: "#0d6efd" }],
        },
        options: {
          indexAxis: "y",
          scales: { x: { grid, ticks: { callback: (v) => fmt(v) } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { title: fullTitle(rows), label: (c) => `${fmt(c.raw)} jobs · ${fmt(rows[c.dataIndex].openings)} openings a year` } } },
        },
      });
    },
    fastest(canvas) {
      const rows = data.occupations.filter((r) => r.growth != null).sort((a, b) => b.growth - a.growth).slice(0, 10);
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => (r.small ? [...short(r.title), "(small base)"] : short(r.title))),
          datasets: [{
            label: "Projected growth, %",
            data: rows.map((r) => r.growth),
            backgroundColor: rows.map((r) => (r.small ? SMALL : r.growth < 0 ? "#dc3545" : "#198754")),
          }],
        },
        options: {
          indexAxis: "y",
          scales: { x: { grid, ticks: { callback: (v) => `${v}%` } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { title: fullTitle(rows), label: (c) => `${c.raw}% · ${fmt(rows[c.dataIndex].employment)} jobs now${rows[c.dataIndex].small ? " (small base)" : ""}` } },
          },
        },
      });
    },
  };

  document.querySelectorAll("canvas[data-s3-chart]").forEach((canvas) => {
    const make = makers[canvas.dataset.s3Chart];
    if (make) make(canvas);
  });
})();
