// The map other sites may frame: the hubs its address selects, nothing else.
(function () {
  "use strict";

  const container = document.getElementById("map");
  if (!container || !window.AtlasMap) return;

  const text = AtlasMap.readJSON("map-text") || {};
  const status = document.getElementById("map-status");
  const atlas = AtlasMap.pageMap(container);

  status.textContent = text.loading;
  AtlasMap.fetchJSON(container.dataset.mapUrl)
    .then(function (collection) {
      AtlasMap.summarize(status, atlas.showFeatures(collection), text);
      atlas.fitToFeatures();
      container.dataset.loaded = "true";
    })
    .catch(function () {
      status.textContent = text.failed;
    });
})();
