// The home page's map: every published hub, incubators as a layer to switch on, and countries
// shaded by number of hubs on request.
(function () {
  "use strict";

  const container = document.getElementById("map");
  if (!container || !window.AtlasMap) return;

  document.getElementById("map-controls").hidden = false;
  const text = AtlasMap.readJSON("map-text") || {};
  const status = document.getElementById("map-status");
  const incubatorStatus = document.getElementById("incubator-status");
  const atlas = AtlasMap.create(container, { cluster: true, outlines: true });
  atlas.setChoropleth(AtlasMap.readJSON("map-counts") || {});
  // For the browser tests and anyone exploring from the console.
  container._atlasMap = atlas;

  status.textContent = text.loading;
  AtlasMap.fetchJSON(container.dataset.mapUrl)
    .then(function (collection) {
      const summary = atlas.showFeatures(collection);
      atlas.fitToFeatures();
      AtlasMap.summarize(status, summary, text);
      container.dataset.loaded = "true";
    })
    .catch(function () {
      status.textContent = text.failed;
    });

  document.getElementById("show-choropleth").addEventListener("change", function (event) {
    atlas.showChoropleth(event.target.checked);
  });

  let incubators = null;
  document.getElementById("show-incubators").addEventListener("change", function (event) {
    if (!event.target.checked) {
      if (incubators) incubators.remove();
      incubatorStatus.hidden = true;
      return;
    }
    incubatorStatus.hidden = false;
    if (incubators) {
      incubators.addTo(atlas.map);
      return;
    }
    incubatorStatus.textContent = text.loading;
    AtlasMap.fetchJSON(container.dataset.incubatorUrl)
      .then(function (collection) {
        incubators = AtlasMap.pointLayer(collection, { kind: "incubator" });
        if (event.target.checked) incubators.addTo(atlas.map);
        const located = incubators.getLayers().length;
        const count = document.createElement("span");
        count.dataset.count = "incubators";
        count.textContent = AtlasMap.number(located);
        const unlocated = document.createElement("span");
        unlocated.dataset.count = "unlocated-incubators";
        unlocated.textContent = AtlasMap.number(collection.unlocated || 0);
        AtlasMap.fill(incubatorStatus, text.incubators, {
          incubators: AtlasMap.fill(
            document.createElement("span"),
            AtlasMap.plural(text.incubatorCount, located),
            { count: count }
          ),
          unlocated: unlocated,
        });
      })
      .catch(function () {
        incubatorStatus.textContent = text.failed;
      });
  });
})();
