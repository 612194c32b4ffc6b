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

  fetch("/api/dyads?" + params).then((r) => r.json()).then((data) => {
    const periods = data.periods || [];
    if (!periods.length) {
      document.getElementById("timeline-undated").textContent =
        data.undated ? " (" + data.undated + " of its events have none)" : " (it has no events)";
      document.getElementById("timeline-empty").hidden = false;
      box.dataset.periods = "0";
      return;
    }
    const borrowed = periods.reduce((sum, p) => sum + p.dated_by_article, 0);
    const total = periods.reduce((sum, p) => sum + p.events, 0);
    document.getElementById("timeline-note").textContent = total + " events drawn, " + borrowed +
      " of them at their article's date; " + data.undated + " left out without a date.";
    // One bar per period, labelled with the period itself: every period is there, the empty as zero.
    const xs = periods.map((p, i) => i);
    const scale = periods.map((p) => normalise ? (p.articles ? 100 / p.articles : null) : 1);
    const stacked = [];
    let running = periods.map(() => 0);
    for (let q = 1; q <= 4; q++) {
      running = running.map((sum, i) => sum + (periods[i].quad_class[String(q)] || 0));
      stacked.push(running.map((sum, i) => scale[i] === null ? null : sum * scale[i]));
    }
    const goldstein = periods.map((p) => p.goldstein_mean);
    const bars = uPlot.paths.bars({size: [0.8, 48]});
    const series = [{label: data.by, value: (u, i) => (i == null || !periods[i] ? "--" : periods[i].period)}];
    // Draw the highest band first so each lower band paints over it: stacked bars.
    for (let q = 4; q >= 1; q--) {
      series.push({label: names[q - 1], stroke: colours[q - 1], fill: colours[q - 1] + "cc", scale: "n",
                   paths: bars, points: {show: false}});
    }
    series.push({label: "mean Goldstein", stroke: "#1c7ed6", width: 2, scale: "g", dash: [6, 4],
                 points: {show: true}});
    const opts = {
      width: Math.min(box.clientWidth || 900, 960), height: 380, series: series,
      scales: {x: {time: false, range: [-0.5, periods.length - 0.5]},
               n: {range: (u, min, max) => [0, Math.max(1, max)]}, g: {range: [-10, 10]}},
      axes: [{incrs: [1, 2, 3, 6, 12, 24, 52], space: 60,
              values: (u, splits) => splits.map((i) => (Number.isInteger(i) && periods[i] ? periods[i].period : ""))},
             {scale: "n", label: normalise ? "events per 100 articles" : "events",
              incrs: normalise ? undefined : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]},
             {scale: "g", side: 1, label: "Goldstein", grid: {show: false}}],
    };
    new uPlot(opts, [xs, stacked[3], stacked[2], stacked[1], stacked[0], goldstein], box);
    box.dataset.periods = String(periods.length);
  });
})();
