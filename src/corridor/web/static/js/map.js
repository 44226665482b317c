// The Leaflet map shared by the Plan and Shipments views: the base map, the network, the legend and
// the drawing of one route (a planned option or a booked shipment's chain).
// Leaflet is loaded before the modules as the global `L`. Nothing is fetched from the internet:
// the base map is /static/countries.geojson, the network comes from the API.

/* global L */

import { api } from "./api.js";
import { $, el, esc, svg } from "./dom.js";
import { clearFieldError } from "./forms.js";
import { fmt0, fmt1, isNum } from "./format.js";
import { nodeName, state } from "./state.js";
import { KIND_LABELS, MODE_COLOURS, NETWORK_LINK_STYLE, NODE_STYLE } from "./styles.js";

export let map = null;
/** The one-column layout of style.css (phones and narrow windows). */
export const narrow = () => window.matchMedia("(max-width: 760px)").matches;
let routeLayer = null;
let countriesLayer = null;
let labelLayer = null;
let legLayers = new Map(); // chain element index -> polyline

/** Create the map; ``onNetwork()`` runs once the network is drawn, ``onError(err)`` if it cannot be loaded. */
export function initMap({ onNetwork = () => {}, onError = () => {} } = {}) {
  map = L.map("map", { minZoom: 2, maxZoom: 12, worldCopyJump: true, zoomSnap: 0.25 }).setView([44, 62], 3.25);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');
  const panes = { countries: 200, seaLinks: 380, landLinks: 390, nodes: 420, labels: 430, route: 450, routeHubs: 460 };
  for (const [name, z] of Object.entries(panes)) map.createPane(name).style.zIndex = String(z);

  const seaLinks = L.layerGroup().addTo(map);
  const landLinks = L.layerGroup().addTo(map);
  const nodes = L.layerGroup().addTo(map);
  labelLayer = L.layerGroup().addTo(map);
  routeLayer = L.featureGroup().addTo(map);

  // Optional online tiles: off by default, and only fetched if the user turns them on.
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 12,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  });
  L.control
    .layers(null, {
      "Rail &amp; road links": landLinks,
      "Sea lanes &amp; ferries": seaLinks,
      "Terminals, ports &amp; borders": nodes,
      "Place names": labelLayer,
      "OpenStreetMap tiles (online)": osm,
    }, { collapsed: true, position: "topright" })
    .addTo(map);
  map.on("overlayadd overlayremove", (ev) => {
    if (ev.layer === osm && countriesLayer) {
      const on = ev.type === "overlayadd";
      countriesLayer.setStyle({ fillOpacity: on ? 0 : 1, opacity: on ? 0.4 : 1 });
    }
  });
  addLegend();
  addZoomToRoute();

  fetch("/static/countries.geojson")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((data) => {
      countriesLayer = L.geoJSON(data, {
        pane: "countries",
        interactive: false,
        style: { color: "#b3b9c3", weight: 0.7, fillColor: "#fbfaf5", fillOpacity: 1 },
      }).addTo(map);
      map.attributionControl.addAttribution("Natural Earth");
    })
    .catch(() => {
      /* The base map is decoration: the network and routes still draw without it. */
    });

  api("GET", "/v1/network.geojson")
    .then((data) => {
      drawNetwork(data, { seaLinks, landLinks, nodes });
      onNetwork();
    })
    .catch((err) => onError(err));
}

function drawNetwork(data, groups) {
  const links = [];
  for (const f of data.features || []) {
    const p = f.properties || {};
    if (p.feature === "node") {
      const [lon, lat] = f.geometry.coordinates;
      state.nodes.set(p.node_id, { ...p, lat, lon });
    }
    else if (p.feature === "link") {
      state.links.set(p.link_id, { ...p, coordinates: f.geometry.coordinates });
      links.push(f);
    }
  }
  for (const f of links) {
    const p = f.properties;
    const mode = p.mode in NETWORK_LINK_STYLE ? p.mode : "rail";
    const sea = mode === "sea";
    const line = L.polyline(
      f.geometry.coordinates.map(([lon, lat]) => [lat, lon]),
      { ...NETWORK_LINK_STYLE[mode], pane: sea ? "seaLinks" : "landLinks", className: `network-link link-${mode}` },
    );
    const services = (p.services || []).length ? `<br>services: ${esc(p.services.join(", "))}` : "";
    const gauge = p.gauge_mm ? ` · ${p.gauge_mm} mm` : "";
    line.bindTooltip(
      `<b>${esc(nodeName(p.from_node))} – ${esc(nodeName(p.to_node))}</b><br>${esc(mode)}${gauge} · ${fmt0(p.distance_km)} km` +
        `${(p.countries || []).length ? ` · ${esc(p.countries.join("–"))}` : ""}${services}`,
      { sticky: true },
    );
    line.addTo(sea ? groups.seaLinks : groups.landLinks);
  }
  // Minor nodes first, so ports, borders and gauge changes sit on top.
  const order = ["city", "rail_terminal", "dry_port", "seaport", "border", "ferry_port", "gauge_change"];
  const nodes = Array.from(state.nodes.values()).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  for (const p of nodes) {
    const marker = L.circleMarker([p.lat, p.lon], {
      ...(NODE_STYLE[p.kind] || NODE_STYLE.city),
      fillOpacity: 1,
      pane: "nodes",
      className: `network-node node-${p.kind}`,
    });
    const code = p.locode ? ` <span class="muted">${esc(p.locode)}</span>` : "";
    marker.bindTooltip(
      `<b>${esc(p.name)}</b>${code} · ${esc(p.country)}<br>${esc(KIND_LABELS[p.kind] || p.kind)}` +
        `${(p.gauges_mm || []).length ? ` · ${esc(p.gauges_mm.join("/"))} mm` : ""}`,
      { direction: "top", offset: [0, -4] },
    );
    marker.bindPopup(() => nodePopup(p, marker));
    marker.addTo(groups.nodes);
  }
  state.networkBounds = L.latLngBounds(nodes.map((n) => [n.lat, n.lon]));
  const degree = new Map();
  for (const f of links) for (const id of [f.properties.from_node, f.properties.to_node]) degree.set(id, (degree.get(id) || 0) + 1);
  labelPlaces = nodes
    .filter((n) => n.kind !== "border")
    .sort((a, b) => LABEL_RANK.indexOf(a.kind) - LABEL_RANK.indexOf(b.kind) || (degree.get(b.node_id) || 0) - (degree.get(a.node_id) || 0));
  map.on("moveend", placeLabels);
  frameNetwork();
  placeLabels();
}

// Place names: the most important places first (ferry and sea ports, gauge changes, then terminals
// by the number of links meeting there), each kept only where it overlaps no label already placed.
const LABEL_RANK = ["ferry_port", "gauge_change", "seaport", "dry_port", "rail_terminal", "city"];
let labelPlaces = [];

let measure = null;
/** Width in pixels of a label's text, in the label's font (style.css .place-label). */
function textWidth(text) {
  if (!measure) {
    measure = document.createElement("canvas").getContext("2d");
    measure.font = `600 11px ${getComputedStyle(document.body).fontFamily}`;
  }
  return measure.measureText(text).width;
}

function placeLabels() {
  if (!labelLayer || !map.getSize().x) return;
  labelLayer.clearLayers();
  const boxes = [];
  const view = map.getBounds().pad(0.1);
  for (const p of labelPlaces) {
    if (!view.contains([p.lat, p.lon])) continue;
    const at = map.latLngToContainerPoint([p.lat, p.lon]);
    const box = { x0: at.x + 4, x1: at.x + 10 + textWidth(p.name), y0: at.y - 9, y1: at.y + 9 };
    if (boxes.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
    boxes.push(box);
    L.marker([p.lat, p.lon], {
      pane: "labels",
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "place-label", html: esc(p.name), iconSize: null, iconAnchor: [-6, 8] }),
    }).addTo(labelLayer);
  }
}

// Frame the whole network once, when the map is visible and no route is drawn yet.
export function frameNetwork() {
  if (state.framed || !state.networkBounds?.isValid() || state.selected !== null) return;
  if ($("#view-plan").hidden || !$("#map").clientWidth) return;
  map.invalidateSize();
  map.fitBounds(state.networkBounds, { padding: [20, 20] });
  state.framed = true;
}

function nodePopup(p, marker) {
  const value = p.locode || p.name;
  const pick = (id) => () => {
    const input = document.getElementById(id);
    input.value = value;
    clearFieldError(id);
    marker.closePopup();
  };
  return el(
    "div",
    { class: "node-popup" },
    el("b", {}, p.name),
    ` ${p.locode ? `(${p.locode}) ` : ""}· ${p.country}`,
    el("br"),
    KIND_LABELS[p.kind] || p.kind,
    el(
      "div",
      { class: "actions" },
      el("button", { type: "button", class: "secondary", onclick: pick("origin") }, "Set as origin"),
      el("button", { type: "button", class: "secondary", onclick: pick("destination") }, "Set as destination"),
    ),
  );
}

// A button on the map, shown while a route is drawn, that frames it again after panning or zooming.
function addZoomToRoute() {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const button = el("button", { type: "button", id: "zoom-to-route", class: "map-button", hidden: true, onclick: zoomToRoute }, "Zoom to route");
    L.DomEvent.disableClickPropagation(button);
    return button;
  };
  control.addTo(map);
  routeLayer.on("layeradd layerremove", () => {
    $("#zoom-to-route").hidden = routeLayer.getLayers().length === 0;
  });
}

function addLegend() {
  const legend = L.control({ position: "topleft" }); // over the Atlantic, clear of the Caspian and Black Sea
  legend.onAdd = () => {
    // Folded on small screens, where it would cover the Caspian and the Black Sea.
    const box = el("details", { class: "map-legend", open: !narrow() });
    const lineRow = (mode, label) => {
      const s = NETWORK_LINK_STYLE[mode];
      return el(
        "div",
        { class: "row" },
        svg("svg", { width: 26, height: 8, "aria-hidden": "true" },
          svg("line", { x1: 1, y1: 4, x2: 25, y2: 4, stroke: s.color, "stroke-width": Math.max(2, s.weight), "stroke-dasharray": s.dashArray || null })),
        label,
      );
    };
    const dotRow = (kind) => {
      const s = NODE_STYLE[kind];
      return el(
        "div",
        { class: "row" },
        svg("svg", { width: 26, height: 12, "aria-hidden": "true" },
          svg("circle", { cx: 13, cy: 6, r: Math.min(5, s.radius), fill: s.fillColor, stroke: s.color, "stroke-width": s.weight })),
        KIND_LABELS[kind],
      );
    };
    box.append(
      el("summary", {}, "Legend"),
      el("p", { class: "legend-title" }, "Links"),
      lineRow("rail", "rail"),
      lineRow("road", "road"),
      lineRow("ferry", "rail/truck ferry"),
      lineRow("sea", "sea lane"),
      el("p", { class: "legend-title", style: "margin-top:4px" }, "Nodes"),
      dotRow("rail_terminal"),
      dotRow("seaport"),
      dotRow("ferry_port"),
      dotRow("border"),
      dotRow("gauge_change"),
    );
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
}

export function clearRoute() {
  routeLayer.clearLayers();
  legLayers = new Map();
  state.shipmentOnMap = false;
}

/** A flows run's links on the route layer: line width grows with the square root of TEU per year. */
export function drawFlows(features) {
  routeLayer.clearLayers();
  legLayers = new Map();
  state.shipmentOnMap = true; // the route layer shows something else than the planner's selection
  const top = Math.max(1, ...features.map((f) => f.properties.teu_per_year || 0));
  for (const f of features) {
    const p = f.properties;
    const latlngs = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
    const mode = p.mode || "rail";
    L.polyline(latlngs, {
      pane: "route",
      color: MODE_COLOURS[mode] || "#555",
      weight: 1.5 + 12 * Math.sqrt((p.teu_per_year || 0) / top),
      opacity: 0.8,
      dashArray: mode === "sea" || mode === "ferry" ? "10 7" : null,
      className: `flow-line flow-line-${mode}`,
    })
      .bindTooltip(`${esc(nodeName(p.from_node))} – ${esc(nodeName(p.to_node))}: ${fmt0(p.teu_per_year)} TEU/yr`, { sticky: true })
      .addTo(routeLayer);
  }
}

// Features of one option in the route GeoJSON; a hub's name also fills in missing node names.
export function optionFeatures(rank) {
  return (state.result?.geojson?.features || []).filter((f) => f.properties && f.properties.option === rank);
}

export function drawOption(option, features = optionFeatures(option.rank)) {
  routeLayer.clearLayers();
  legLayers = new Map();
  state.shipmentOnMap = false;
  let legCount = 0;
  for (const f of features) {
    const p = f.properties;
    if (f.geometry.type === "LineString") {
      const latlngs = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      const mode = p.mode || "rail";
      const colour = MODE_COLOURS[mode] || "#555";
      L.polyline(latlngs, { pane: "route", color: "#ffffff", weight: 9, opacity: 0.85, interactive: false, className: "route-casing" }).addTo(routeLayer);
      const leg = L.polyline(latlngs, {
        pane: "route",
        color: colour,
        weight: 5,
        opacity: 0.95,
        dashArray: mode === "sea" || mode === "ferry" ? "10 7" : null,
        lineCap: "round",
        className: `route-leg route-leg-${mode}`,
      });
      leg.bindTooltip(
        `<b>${esc(mode)}</b>: ${esc(nodeName(p.from_node))} → ${esc(nodeName(p.to_node))}<br>` +
          `${fmt0(p.distance_km)} km · ${fmt1(p.duration_h_mean)} h · USD ${fmt0(p.cost_usd)}`,
        { sticky: true },
      );
      leg.addTo(routeLayer);
      legLayers.set(isNum(p.element) ? p.element : legCount, leg);
      legCount += 1;
    } else if (f.geometry.type === "Point") {
      const [lon, lat] = f.geometry.coordinates;
      const hub = L.circleMarker([lat, lon], {
        pane: "routeHubs",
        radius: 6,
        color: "#14243b",
        weight: 2,
        fillColor: p.kind === "gauge_change" ? "#f2c230" : "#ffffff",
        fillOpacity: 1,
        className: "route-hub",
      });
      hub.bindTooltip(
        `<b>${esc(p.name || nodeName(p.node_id))}</b><br>${esc(hubLabel(p))}` +
          `${isNum(p.duration_h_mean) ? ` · ${fmt1(p.duration_h_mean)} h` : ""}${isNum(p.cost_usd) ? ` · USD ${fmt0(p.cost_usd)}` : ""}`,
        { direction: "top", offset: [0, -5] },
      );
      hub.addTo(routeLayer);
    }
  }
  // Origin and destination, labelled.
  const chain = option.chain || {};
  const legs = (chain.elements || []).filter((e) => e.type === "leg");
  const ends = [
    [chain.origin || legs[0]?.from_node, "origin"],
    [chain.destination || legs[legs.length - 1]?.to_node, "destination"],
  ];
  for (const [id, role] of ends) {
    const coords = endpointCoords(id, features);
    if (!coords) continue;
    L.circleMarker(coords, {
      pane: "routeHubs",
      radius: 8,
      color: "#14243b",
      weight: 2.5,
      fillColor: role === "origin" ? "#1e7b34" : "#b3261e",
      fillOpacity: 1,
      className: `route-endpoint route-${role}`,
    })
      .bindTooltip(nodeName(id), { permanent: true, direction: "right", offset: [8, 0], className: "endpoint-label" })
      .addTo(routeLayer);
  }
  zoomToRoute();
}

/** Frame the route drawn on the map (the selected option or the shipment's chain). */
export function zoomToRoute() {
  if (!map || !routeLayer) return;
  map.invalidateSize();
  const bounds = routeLayer.getBounds();
  // Keep the route clear of the legend in the top-left corner (folded on small screens).
  const pad = narrow() ? { paddingTopLeft: [20, 30], paddingBottomRight: [20, 30] } : { paddingTopLeft: [170, 40], paddingBottomRight: [40, 40] };
  if (bounds.isValid()) map.fitBounds(bounds, { ...pad, maxZoom: 7 });
}

export function endpointCoords(id, features) {
  const node = state.nodes.get(id);
  if (node && isNum(node.lat) && isNum(node.lon)) return [node.lat, node.lon];
  for (const f of features) {
    const p = f.properties;
    if (f.geometry.type === "LineString") {
      // A leg's line follows its links' geometries: only its two ends are nodes.
      const coords = f.geometry.coordinates;
      const at = id === p.from_node ? coords[0] : id === p.to_node ? coords[coords.length - 1] : null;
      if (at) return [at[1], at[0]];
    } else if (p.node_id === id) {
      const [lon, lat] = f.geometry.coordinates;
      return [lat, lon];
    }
  }
  return null;
}

function prettyActivity(activity) {
  return String(activity)
    .replace(/_/g, " ")
    .replace(/:/, ": ")
    .replace(/->/g, " → ")
    .replace(/\/(\d+)/g, " $1 mm");
}

export function hubLabel(hub) {
  const acts = (hub.activities || []).map(prettyActivity);
  return acts.length ? acts.join(", ") : KIND_LABELS[hub.kind] || hub.kind || "hub";
}

export function highlightLeg(index, on) {
  const leg = legLayers.get(index);
  if (!leg) return;
  leg.setStyle({ weight: on ? 9 : 5 });
  if (on) leg.bringToFront();
}
