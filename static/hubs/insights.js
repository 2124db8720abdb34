/* The insights page's four charts (#insights-charts), drawn by the shared chart module. */
window.AtlasCharts.drawAll("insights-charts");
