// Timeline of one dyad: event counts per period stacked by QuadClass, mean Goldstein on the right.
// Every period from the first to the last event comes from the API (empty ones as zero); with
// data-normalise="true" the counts are per 100 articles published in the period.
(function () {
  "use strict";
  const box = document.getElementById("timeline");
  const normalise = box.dataset.normalise === "true";
  const params = new URLSearchParams({source: box.dataset.source, target: box.dataset.target,
                                      by: box.dataset.by, normalise: String(normalise)});
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
    const borrowed = periods.reduce((sum, p) => sum + p.dated_by_article, 0);
    const total = periods.reduce((sum, p) => sum + p.events, 0);
    document.getElementById("timeline-note").textContent = total + " events; " + borrowed +
      " of them at their article's date.";
    const xs = periods.map((p) => Date.parse(start[data.by](p.period) + "T00:00:00Z") / 1000);
    // Per 100 articles of the period; a period without articles has no rate (a gap, not a zero).
    const scale = periods.map((p) => normalise ? (p.articles ? 100 / p.articles : null) : 1);
    const stacked = [];
    let running = periods.map(() => 0);
    for (let q = 1; q <= 4; q++) {
      running = running.map((sum, i) => sum + (periods[i].quad_class[String(q)] || 0));
      stacked.push(running.map((sum, i) => scale[i] === null ? null : sum * scale[i]));
    }
    const goldstein = periods.map((p) => p.goldstein_mean);
    const series = [{}];
    // Draw the highest band first so each lower band paints over it: a stacked area.
    for (let q = 4; q >= 1; q--) {
      series.push({label: names[q - 1], stroke: colours[q - 1], fill: colours[q - 1] + "99", scale: "n"});
    }
    series.push({label: "mean Goldstein", stroke: "#1c7ed6", width: 2, scale: "g", dash: [6, 4],
                 points: {show: true}});
    const opts = {
      width: Math.min(box.clientWidth || 900, 960), height: 380, series: series,
      scales: {n: {range: (u, min, max) => [0, Math.max(1, max)]}, g: {range: [-10, 10]}},
      axes: [{}, {scale: "n", label: normalise ? "events per 100 articles" : "events"},
             {scale: "g", side: 1, label: "Goldstein", grid: {show: false}}],
    };
    new uPlot(opts, [xs, stacked[3], stacked[2], stacked[1], stacked[0], goldstein], box);
    box.dataset.periods = String(periods.length);
  });
})();
