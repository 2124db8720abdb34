/* The insights page's four charts, drawn with Chart.js from the numbers the page embeds
   (#insights-charts): bars for the directory and the 2024 report, lines for the global
   averages. Every label arrives translated; the table under each chart holds the same numbers. */
(function () {
  "use strict";

  var source = document.getElementById("insights-charts");
  if (!source || !window.Chart) {
    return;
  }
  var config = JSON.parse(source.textContent);
  var locale = document.documentElement.lang || "en";
  var decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var STYLES = {
    directory: { color: "#0b5cad" },
    report: { color: "#c65f00" },
    "directory-reference": { color: "#06386a", dash: [6, 4], line: true },
    "report-reference": { color: "#8a4100", dash: [2, 3], line: true },
  };

  function format(value, suffix) {
    return value === null || value === undefined
      ? config.unknown
      : decimal.format(value) + (suffix || "");
  }

  function dataset(spec) {
    var style = STYLES[spec.role] || STYLES.directory;
    if (style.line) {
      return {
        type: "line",
        label: spec.label,
        data: spec.data,
        borderColor: style.color,
        backgroundColor: style.color,
        borderDash: style.dash,
        borderWidth: 2,
        pointRadius: 0,
        pointHitRadius: 8,
        pointStyle: "line",
        fill: false,
        order: 0,
      };
    }
    return {
      type: "bar",
      label: spec.label,
      data: spec.data,
      backgroundColor: style.color,
      borderColor: style.color,
      borderWidth: 1,
      pointStyle: "rect",
      order: 1,
    };
  }

  function draw(spec) {
    var canvas = document.getElementById(spec.canvas);
    if (!canvas) {
      return;
    }
    var chart = {
      type: "bar",
      data: { labels: spec.labels, datasets: spec.datasets.map(dataset) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 60 } },
          y: {
            beginAtZero: true,
            title: { display: true, text: spec.valueAxis },
            ticks: {
              callback: function (value) {
                return format(value, spec.suffix);
              },
            },
          },
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              // bars first, as the datasets come, though the lines are drawn over them
              sort: function (a, b) {
                return a.datasetIndex - b.datasetIndex;
              },
            },
          },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.raw, spec.suffix);
              },
            },
          },
        },
      },
    };
    if (still) {
      chart.options.animation = false;
    }
    new window.Chart(canvas, chart);
  }

  config.charts.forEach(draw);
})();
