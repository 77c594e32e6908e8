// Draws the portal's charts (costs, delivery) from the JSON elements beside their canvases, on page load and
// after every htmx swap; the charts of a replaced report are destroyed first. A chart's JSON holds its type,
// labels and datasets, and either the currency of its amounts or the unit of its values.
(function () {
  "use strict";

  // The page may load this script twice (a history restore swaps in the whole page, scripts included).
  if (window.slipwayCharts) return;

  var charts = [];
  var palette = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#db2777", "#65a30d", "#64748b"];

  function money(value, currency) {
    return Number(value).toLocaleString(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2}) + " " + currency;
  }

  var units = {percent: " %", hours: " h", minutes: " min", count: ""};

  function formatter(data) {
    if (data.currency) return function (value) { return money(value, data.currency); };
    var suffix = units[data.unit] || "";
    return function (value) {
      return Number(value).toLocaleString(undefined, {maximumFractionDigits: 1}) + suffix;
    };
  }

  // Destroying a chart gives its canvas back as it was, without the sizes Chart.js set on it.
  function destroy() {
    charts.forEach(function (chart) {
      var canvas = chart.canvas;
      chart.destroy();
      if (canvas) canvas.removeAttribute("style");
    });
    charts = [];
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    destroy();
    document.querySelectorAll("script.chart-data[data-canvas]").forEach(function (element) {
      var canvas = document.getElementById(element.getAttribute("data-canvas"));
      if (!canvas) return;
      var existing = window.Chart.getChart(canvas);
      if (existing) existing.destroy();
      var data = JSON.parse(element.textContent);
      var stacked = data.stacked === undefined ? data.type === "bar" : data.stacked;
      var format = formatter(data);
      data.datasets.forEach(function (dataset, index) {
        var color = palette[index % palette.length];
        dataset.backgroundColor = color;
        dataset.borderColor = color;
        if (!stacked) {
          dataset.fill = false;
          dataset.tension = 0.2;
          dataset.pointRadius = 2;
        }
      });
      charts.push(new window.Chart(canvas, {
        type: data.type,
        data: {labels: data.labels, datasets: data.datasets},
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: {mode: "index", intersect: false},
          scales: {
            x: {stacked: stacked},
            y: {stacked: stacked, beginAtZero: !data.currency, ticks: {callback: format}}
          },
          plugins: {
            legend: {position: "bottom"},
            tooltip: {callbacks: {label: function (item) {
              return item.dataset.label + ": " + format(item.raw);
            }}}
          }
        }
      }));
    });
  }

  // For tests and the curious: the charts on the page.
  window.slipwayCharts = function () { return charts.slice(); };

  // htmx copies the page before a swap that pushes the URL; a canvas Chart.js has sized carries a style
  // attribute, which the CSP (style-src 'self') refuses in the copy. The charts are redrawn after the swap.
  document.addEventListener("htmx:beforeHistorySave", destroy);
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
