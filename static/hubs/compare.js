/* The compare page's charts (#compare-charts), drawn by the shared chart module. */
window.AtlasCharts.drawAll("compare-charts");
