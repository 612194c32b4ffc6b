// Timeline of one dyad: event counts per period stacked by QuadClass, mean Goldstein on the right.
(function () {
  "use strict";
  const box = document.getElementById("timeline");
  const params = new URLSearchParams({source: box.dataset.source, target: box.dataset.target,
                                      by: box.dataset.by});
  const colours = ["#2b8a3e", "#74b816", "#f08c00", "#c92a2a"];
  const names = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
  const start = {day: (p) => p, week: (p) => isoWeekStart(p), month: (p) => p + "-01"};

  function isoWeekStart(label) {  // "2024-W09" -> the Monday of that ISO week
    const [year, week] = label.split("-W").map(Number);
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000);
    return new Date(monday.getTime() + (week - 1) * 7 * 86400000).toISOString().slice(0, 10);
  }

  fetch("/api/dyads?" + params).then((r) => r.json()).then((data) => {
    const periods = data.periods || [];
    if (!periods.length) { document.getElementById("timeline-empty").hidden = false; return; }
    const xs = periods.map((p) => Date.parse(start[data.by](p.period) + "T00:00:00Z") / 1000);
    const stacked = [];
    let running = periods.map(() => 0);
    for (let q = 1; q <= 4; q++) {
      running = running.map((sum, i) => sum + (periods[i].quad_class[String(q)] || 0));
      stacked.push(running.slice());
    }
    const goldstein = periods.map((p) => p.goldstein_mean);
    const series = [{}];
    // Draw the highest band first so each lower band paints over it: a stacked area.
    for (let q = 4; q >= 1; q--) {
      series.push({label: names[q - 1], stroke: colours[q - 1], fill: colours[q - 1] + "99", scale: "n"});
    }
    series.push({label: "mean Goldstein", stroke: "#1c7ed6", width: 2, scale: "g", dash: [6, 4]});
    const opts = {
      width: Math.min(box.clientWidth || 900, 960), height: 380, series: series,
      scales: {n: {range: (u, min, max) => [0, Math.max(1, max)]}, g: {range: [-10, 10]}},
      axes: [{}, {scale: "n", label: "events"}, {scale: "g", side: 1, label: "Goldstein", grid: {show: false}}],
    };
    new uPlot(opts, [xs, stacked[3], stacked[2], stacked[1], stacked[0], goldstein], box);
  });
})();
