// The home page's map: every published hub, incubators as a layer to switch on, and countries
// shaded by number of hubs on request.
(function () {
  "use strict";

  const container = document.getElementById("map");
  if (!container || !window.AtlasMap) return;

  const text = AtlasMap.readJSON("map-text") || {};
  const status = document.getElementById("map-status");
  const incubatorStatus = document.getElementById("incubator-status");
  const atlas = AtlasMap.pageMap(container, { popup: sitePopup });

  // The map draws from the compact twin of the GeoJSON the page names (same query): a point
  // per site and each hub's slug, name and kind, a fraction of the bytes; a popup fetches
  // the rest of its hub from the API.
  const mapUrl = new URL(container.dataset.mapUrl, window.location.href);
  mapUrl.pathname = mapUrl.pathname.replace(/\/geojson\/$/, "/map/");

  // The compact payload as the FeatureCollection showFeatures() draws.
  function collectionOf(payload) {
    const hubs = payload.hubs || [];
    return {
      type: "FeatureCollection",
      unlocated: payload.unlocated || 0,
      features: (payload.points || []).map(function (point) {
        const hub = hubs[point[2]];
        return {
          type: "Feature",
          geometry: { type: "Point", coordinates: [point[0], point[1]] },
          properties: {
            slug: hub[0],
            name_en: hub[1],
            name_zh: hub[1], // the name in the page's language already
            kind: hub[2],
            longitude: point[0],
            latitude: point[1],
          },
        };
      }),
    };
  }

  // A site's popup: the hub's name and kind at once, the site's place once the hub's record
  // (with its sites) arrives; built from text nodes like every popup.
  const records = {};
  function sitePopup(properties) {
    const root = AtlasMap.hubPopup(properties);
    const slug = properties.slug;
    records[slug] =
      records[slug] ||
      AtlasMap.fetchJSON(new URL(encodeURIComponent(slug) + "/", new URL("..", mapUrl)).href);
    records[slug]
      .then(function (hub) {
        const site = nearestSite(hub.sites || [], properties);
        if (!site) return;
        const full = AtlasMap.hubPopup({
          slug: slug,
          name_en: properties.name_en,
          name_zh: properties.name_zh,
          kind: properties.kind,
          site_name: site.name,
          site_city: site.city,
          site_country: site.country,
        });
        root.replaceChildren.apply(root, Array.from(full.childNodes));
      })
      .catch(function () {
        delete records[slug];
      });
    return root;
  }

  function nearestSite(sites, properties) {
    let best = null;
    let bestDistance = Infinity;
    sites.forEach(function (site) {
      const distance =
        Math.abs(site.longitude - properties.longitude) + Math.abs(site.latitude - properties.latitude);
      if (distance < bestDistance) {
        best = site;
        bestDistance = distance;
      }
    });
    return best;
  }

  status.textContent = text.loading;
  AtlasMap.fetchJSON(mapUrl.href)
    .then(function (payload) {
      const summary = atlas.showFeatures(collectionOf(payload));
      atlas.fitToFeatures();
      AtlasMap.summarize(status, summary, text);
      container.dataset.loaded = "true";
    })
    .catch(function () {
      status.textContent = text.failed;
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
