// Draws the cost report's charts from the JSON elements beside their canvases, on page load and
// after every htmx swap; the charts of a replaced report are destroyed first.
(function () {
  "use strict";

  var charts = [];
  var palette = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#db2777", "#65a30d", "#64748b"];

  function money(value, currency) {
    return Number(value).toLocaleString(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2}) + " " + currency;
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    document.querySelectorAll("script.cost-chart-data[data-canvas]").forEach(function (element) {
      var canvas = document.getElementById(element.getAttribute("data-canvas"));
      if (!canvas) return;
      var data = JSON.parse(element.textContent);
      var stacked = data.type === "bar";
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
            y: {stacked: stacked, ticks: {callback: function (value) { return money(value, data.currency); }}}
          },
          plugins: {
            legend: {position: "bottom"},
            tooltip: {callbacks: {label: function (item) {
              return item.dataset.label + ": " + money(item.raw, data.currency);
            }}}
          }
        }
      }));
    });
  }

  // For tests and the curious: the charts on the page.
  window.slipwayCostCharts = function () { return charts.slice(); };

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
