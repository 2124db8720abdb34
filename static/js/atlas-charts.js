/* The charts of the insights and compare pages, drawn with Chart.js from the numbers a page
   embeds with json_script: bars (plain, grouped, stacked or horizontal), founding years as
   bars running from the year a hub was founded, and the global averages as lines. Every label
   arrives translated; a table on the page holds the same numbers.

   AtlasCharts.drawAll("insights-charts") draws every chart of that element's config. */
(function () {
  "use strict";

  var locale = document.documentElement.lang || "en";
  var decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  var year = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 0 });
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Colours for series without a role of their own (types of member, regions, incubators);
  // no orange, which stands for the 2024 report.
  var PALETTE = ["#0b5cad", "#2e7d32", "#8e24aa", "#00838f", "#6d4c41", "#5a6470", "#9e7c00"];
  var STYLES = {
    directory: { color: "#0b5cad" },
    report: { color: "#c65f00" },
    "directory-reference": { color: "#06386a", dash: [6, 4], line: true },
    "report-reference": { color: "#8a4100", dash: [2, 3], line: true },
  };

  function formatter(spec, unknown) {
    return function (value) {
      if (value === null || value === undefined) {
        return unknown;
      }
      if (Array.isArray(value)) {
        value = value[0]; // a founding-year bar: [founded, this year]
      }
      return (spec.years ? year : decimal).format(value) + (spec.suffix || "");
    };
  }

  // A bar computed from fewer hubs than config.fewHubs is drawn lighter, with its own legend
  // entry, so that an average over one hub does not read like any other.
  function lighter(color) {
    return color + "4d";
  }

  function isFew(n, fewHubs) {
    return n !== null && n !== undefined && n < fewHubs;
  }

  function dataset(spec, index, fewHubs) {
    var style = STYLES[spec.role] || { color: PALETTE[index % PALETTE.length] };
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
    var fill = style.color;
    if (spec.n) {
      fill = spec.n.map(function (n) {
        return isFew(n, fewHubs) ? lighter(style.color) : style.color;
      });
    }
    return {
      type: "bar",
      label: spec.label,
      data: spec.data,
      n: spec.n,
      backgroundColor: fill,
      borderColor: style.color,
      borderWidth: 1,
      pointStyle: "rect",
      order: 1,
    };
  }

  function hasFew(spec, fewHubs) {
    return spec.datasets.some(function (set) {
      return (set.n || []).some(function (n, i) {
        return isFew(n, fewHubs) && set.data[i] !== null;
      });
    });
  }

  function legendLabels(spec, config) {
    var few = hasFew(spec, config.fewHubs);
    return function (chart) {
      var items = window.Chart.defaults.plugins.legend.labels.generateLabels(chart);
      if (few) {
        items.push({
          text: "† " + config.fewHubsNote,
          fillStyle: lighter(STYLES.directory.color),
          strokeStyle: STYLES.directory.color,
          lineWidth: 1,
          pointStyle: "rect",
          hidden: false,
          datasetIndex: spec.datasets.length,
        });
      }
      return items;
    };
  }

  function draw(spec, config) {
    var unknown = config.unknown;
    var canvas = document.getElementById(spec.canvas);
    if (!canvas) {
      return;
    }
    var format = formatter(spec, unknown);
    var valueAxis = {
      beginAtZero: !spec.years,
      stacked: Boolean(spec.stacked),
      title: { display: true, text: spec.valueAxis },
      ticks: { callback: format },
    };
    if (spec.min !== null && spec.min !== undefined) {
      valueAxis.min = spec.min;
    }
    if (spec.max !== null && spec.max !== undefined) {
      valueAxis.max = spec.max;
    }
    var categoryAxis = {
      stacked: Boolean(spec.stacked),
      ticks: { autoSkip: false, maxRotation: 60 },
    };
    var chart = {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, index) {
          return dataset(set, index, config.fewHubs);
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        indexAxis: spec.horizontal ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        scales: spec.horizontal
          ? { x: valueAxis, y: categoryAxis }
          : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: {
            position: "bottom",
            // the few-hubs entry stands for no dataset: clicking it hides nothing
            onClick: function (event, item, legend) {
              if (item.datasetIndex < spec.datasets.length) {
                window.Chart.defaults.plugins.legend.onClick.call(this, event, item, legend);
              }
            },
            labels: {
              usePointStyle: true,
              generateLabels: legendLabels(spec, config),
              // bars first, as the datasets come, though the lines are drawn over them
              sort: function (a, b) {
                return a.datasetIndex - b.datasetIndex;
              },
            },
          },
          tooltip: {
            callbacks: {
              label: function (context) {
                var text = context.dataset.label + ": " + format(context.raw);
                var n = context.dataset.n ? context.dataset.n[context.dataIndex] : null;
                if (n !== null && n !== undefined && context.raw !== null) {
                  text += " (n=" + n + ")" + (isFew(n, config.fewHubs) ? " †" : "");
                }
                return text;
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

  function drawAll(configId) {
    var source = document.getElementById(configId);
    if (!source || !window.Chart) {
      return;
    }
    var config = JSON.parse(source.textContent);
    config.charts.forEach(function (spec) {
      draw(spec, config);
    });
  }

  window.AtlasCharts = { drawAll: drawAll };
})();
