// Corridor web page: the route planner (Plan), the simulation runner (Simulate) and a
// read-only view of the shipments an API key may see (Shipments).
// Vanilla JS module; Leaflet is loaded before it as the global `L`. Nothing is fetched from
// the internet: the base map is /static/countries.geojson, the rest comes from the API (/v1/...).

/* global L */

// ------------------------------------------------------------------ helpers

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const SVG_NS = "http://www.w3.org/2000/svg";
// POST /v1/routes answers a compact summary per option unless asked for chains, emissions and GeoJSON.
const ROUTES_FULL = "/v1/routes?include=chain&include=emissions&include=geojson";

/** Create an HTML element: el("td", {class: "num"}, "12"). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  appendAll(node, children);
  return node;
}

/** Create an SVG element. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  appendAll(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "html") node.innerHTML = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function appendAll(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const isNum = (v) => typeof v === "number" && Number.isFinite(v);
const nf = (digits) => new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const NF0 = nf(0);
const NF1 = nf(1);
const NF2 = nf(2);
const fmt0 = (v) => (isNum(v) ? NF0.format(v) : "–");
const fmt1 = (v) => (isNum(v) ? NF1.format(v) : "–");
const fmt2 = (v) => (isNum(v) ? NF2.format(v) : "–");
const fmtPct = (v) => (isNum(v) ? `${NF1.format(v * 100)}%` : "–");
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// ---------------------------------------------------------------------- API

class ApiError extends Error {
  /** problems: [{field, message}] */
  constructor(status, problems) {
    super(problems.map((p) => p.message).join("; "));
    this.status = status;
    this.problems = problems;
  }
}

function fieldFromLoc(loc) {
  if (!Array.isArray(loc)) return null;
  const parts = loc.filter((p) => typeof p === "string" && !["body", "query", "path"].includes(p));
  return parts.length ? parts[0] : null;
}

function problemsFrom(status, body) {
  const detail = body && body.detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => ({ field: fieldFromLoc(d.loc), message: d.msg || JSON.stringify(d) }));
  }
  if (detail && typeof detail === "object") {
    return [{ field: detail.field ?? null, message: detail.message || JSON.stringify(detail) }];
  }
  if (typeof detail === "string") return [{ field: null, message: detail }];
  return [{ field: null, message: `The server answered HTTP ${status}.` }];
}

/** The API key the Shipments view holds (typed there, kept in session storage): simulation jobs need one. */
function storedKey() {
  const typed = document.querySelector("#api-key")?.value.trim();
  if (typed) return typed;
  try {
    return sessionStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

async function api(method, path, body, { signal, headers } = {}) {
  const key = path.startsWith("/v1/simulations") ? storedKey() : "";
  const init = { method, headers: { Accept: "application/json", ...(key ? { "X-API-Key": key } : {}), ...headers }, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, [{ field: null, message: "Cannot reach the Corridor API. Is the server running?" }]);
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, problemsFrom(response.status, data));
  return data;
}

// -------------------------------------------------------------------- state

const state = {
  nodes: new Map(), // node_id -> node properties and lat/lon (from /v1/network.geojson)
  links: new Map(), // link_id -> link properties
  result: null, // last POST /v1/routes answer
  selected: null, // selected option rank
  sort: { key: "rank", dir: 1 },
  planAbort: null,
  jobs: new Map(), // job_id -> status object
  follow: null, // job whose results to show when it finishes
  shownJob: null,
  summaries: new Map(), // job_id -> results
  networkBounds: null,
  framed: false,
  scenarios: [],
  shipments: [], // GET /v1/shipments summaries, each with its latest event
  shownShipment: null, // id of the shipment in #shipment-detail
  shipmentOnMap: false, // the route layer shows a shipment, not the planner's selection
};

const nodeName = (id) => state.nodes.get(id)?.name ?? id;

// ------------------------------------------------------------------- styles

const MODE_COLOURS = { rail: "#3b3f46", road: "#8c5a2b", sea: "#2f78c4", ferry: "#e0561b", iww: "#17918a" };
const NETWORK_LINK_STYLE = {
  rail: { color: MODE_COLOURS.rail, weight: 1.6, opacity: 0.7 },
  road: { color: MODE_COLOURS.road, weight: 1.6, opacity: 0.75 },
  sea: { color: MODE_COLOURS.sea, weight: 0.9, opacity: 0.4, dashArray: "4 5" },
  ferry: { color: MODE_COLOURS.ferry, weight: 3, opacity: 0.95, dashArray: "8 5" },
  iww: { color: MODE_COLOURS.iww, weight: 1.5, opacity: 0.8, dashArray: "2 3" },
};
const NODE_STYLE = {
  city: { radius: 3, fillColor: "#ffffff", color: "#3b3f46", weight: 1 },
  rail_terminal: { radius: 3.5, fillColor: "#ffffff", color: "#3b3f46", weight: 1.2 },
  dry_port: { radius: 4, fillColor: "#9aa3b0", color: "#3b3f46", weight: 1.2 },
  seaport: { radius: 4.5, fillColor: "#2f78c4", color: "#0f3560", weight: 1.2 },
  ferry_port: { radius: 5, fillColor: "#e0561b", color: "#6e2506", weight: 1.2 },
  border: { radius: 4, fillColor: "#8e44ad", color: "#3f1552", weight: 1.2 },
  gauge_change: { radius: 5.5, fillColor: "#f2c230", color: "#6b4f00", weight: 2.2 },
};
const KIND_LABELS = {
  city: "city",
  rail_terminal: "rail terminal",
  dry_port: "dry port",
  seaport: "seaport",
  ferry_port: "ferry port",
  border: "border crossing",
  gauge_change: "gauge change",
};

// CO2e colour scale: green (low) - yellow - red (high).
const CO2E_STOPS = ["#1a9850", "#fdd835", "#d73027"];
function mix(a, b, t) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("")}`;
}
function co2eColour(value, min, max) {
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
  return t < 0.5 ? mix(CO2E_STOPS[0], CO2E_STOPS[1], t * 2) : mix(CO2E_STOPS[1], CO2E_STOPS[2], (t - 0.5) * 2);
}

// --------------------------------------------------------------------- tabs

function initTabs() {
  const tabs = $$(".tab");
  const show = (tab, focus = false) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    const name = tab.id.replace("tab-", "");
    if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
    placeMap(name);
    if (name === "plan" && map) {
      setTimeout(() => {
        map.invalidateSize();
        frameNetwork();
      }, 0);
    }
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => show(tab));
    tab.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
        const next = tabs[(i + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        show(next, true);
        ev.preventDefault();
      }
    });
  });
  const initial = tabs.find((t) => `#${t.id.replace("tab-", "")}` === location.hash) || tabs[0];
  show(initial);
}

async function loadHealth() {
  const target = $("#health");
  try {
    const h = await api("GET", "/v1/health");
    const parts = [`Corridor ${h.version ?? ""}`.trim()];
    if (h.network) parts.push(`network ${h.network}`);
    if (h.factors) parts.push(`factors ${h.factors}`);
    target.textContent = parts.join(" · ");
    target.title = target.textContent;
    target.classList.toggle("bad", h.status !== "ok");
  } catch (err) {
    target.textContent = "API unreachable";
    target.classList.add("bad");
  }
}

// ---------------------------------------------------------------------- map

let map = null;
let routeLayer = null;
let countriesLayer = null;
let legLayers = new Map(); // chain element index -> polyline

function initMap() {
  map = L.map("map", { minZoom: 2, maxZoom: 12, worldCopyJump: true, zoomSnap: 0.25 }).setView([44, 62], 3.25);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');
  const panes = { countries: 200, seaLinks: 380, landLinks: 390, nodes: 420, route: 450, routeHubs: 460 };
  for (const [name, z] of Object.entries(panes)) map.createPane(name).style.zIndex = String(z);

  const seaLinks = L.layerGroup().addTo(map);
  const landLinks = L.layerGroup().addTo(map);
  const nodes = L.layerGroup().addTo(map);
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
      redrawShipment();
    })
    .catch((err) => showPlanError(err));
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
      state.links.set(p.link_id, p);
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
  frameNetwork();
}

// Frame the whole network once, when the map is visible and no route is drawn yet.
function frameNetwork() {
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

function addLegend() {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const box = el("details", { class: "map-legend", open: true });
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
      el("h4", {}, "Links"),
      lineRow("rail", "rail"),
      lineRow("road", "road"),
      lineRow("ferry", "rail/truck ferry"),
      lineRow("sea", "sea lane"),
      el("h4", { style: "margin-top:4px" }, "Nodes"),
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

// --------------------------------------------------------------- plan form

const PLAN_FIELDS = {
  origin: "origin",
  destination: "destination",
  cargo: "cargo",
  avoid_countries: "avoid-countries",
  avoid_modes: "avoid-modes",
  criteria: "criteria",
  depart: "depart",
};
const FIELD_LABELS = {
  origin: "Origin",
  destination: "Destination",
  cargo: "Cargo",
  avoid_countries: "Countries to avoid",
  avoid_modes: "Modes to avoid",
  criteria: "Optimise for",
  depart: "Departure date",
  scenario: "Scenario",
  replications: "Replications",
  seed: "Seed",
};

function setFieldError(id, message) {
  const target = document.getElementById(id);
  const msg = document.getElementById(`${id}-error`);
  if (msg) msg.textContent = message;
  if (target && target.tagName !== "FIELDSET") target.setAttribute("aria-invalid", "true");
}

function clearFieldError(id) {
  const target = document.getElementById(id);
  const msg = document.getElementById(`${id}-error`);
  if (msg) msg.textContent = "";
  if (target) target.removeAttribute("aria-invalid");
}

function showProblems(problems, fieldMap, errorBox) {
  const lines = [];
  for (const p of problems) {
    const id = p.field ? fieldMap[p.field] : null;
    if (id) setFieldError(id, p.message);
    lines.push(p.field && FIELD_LABELS[p.field] && !id ? `${FIELD_LABELS[p.field]}: ${p.message}` : p.message);
  }
  errorBox.textContent = lines.join("\n");
  errorBox.hidden = false;
  const first = problems.find((p) => p.field && fieldMap[p.field]);
  if (first) {
    const input = document.getElementById(fieldMap[first.field]);
    if (input && input.focus && input.tagName !== "FIELDSET") input.focus();
  }
}

function showPlanError(err) {
  if (err && err.name === "AbortError") return;
  const problems = err instanceof ApiError ? err.problems : [{ field: null, message: String(err?.message || err) }];
  showProblems(problems, PLAN_FIELDS, $("#error"));
}

function clearPlanErrors() {
  for (const id of Object.values(PLAN_FIELDS)) clearFieldError(id);
  $("#error").hidden = true;
  $("#error").textContent = "";
}

function setStatus(text, busy = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("busy", busy);
}

function initAutocomplete(inputId) {
  const input = document.getElementById(inputId);
  const list = document.getElementById(input.getAttribute("list"));
  let controller = null;
  let lastQuery = "";
  const lookup = debounce(async () => {
    const q = input.value.trim();
    if (!q || q === lastQuery) return;
    lastQuery = q;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const data = await api("GET", `/v1/nodes?q=${encodeURIComponent(q)}&limit=10`, undefined, { signal: controller.signal });
      const names = (data.nodes || []).map((n) => n.name);
      list.replaceChildren(
        ...(data.nodes || []).map((n) => {
          // A name shared by two nodes would be ambiguous: offer the LOCODE or id instead.
          const shared = names.filter((x) => x === n.name).length > 1;
          const value = shared ? n.locode || n.node_id : n.name;
          const label = [n.locode || n.node_id, n.country, KIND_LABELS[n.kind] || n.kind].filter(Boolean).join(" · ");
          return el("option", { value, label });
        }),
      );
    } catch {
      /* Suggestions are a convenience; the planner reports unknown names itself. */
    }
  }, 150);
  input.addEventListener("input", () => {
    clearFieldError(inputId);
    lookup();
  });
}

function readPlanForm() {
  const problems = [];
  const origin = $("#origin").value.trim();
  const destination = $("#destination").value.trim();
  const cargo = $("#cargo").value.trim() || "1x40HC";
  const countries = $("#avoid-countries")
    .value.split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const modes = $$('input[name="avoid_modes"]:checked').map((c) => c.value);
  const criteria = $$('input[name="criteria"]:checked').map((c) => c.value);
  if (!origin) problems.push({ field: "origin", message: "Enter an origin: a place name or UN/LOCODE." });
  if (!destination) problems.push({ field: "destination", message: "Enter a destination: a place name or UN/LOCODE." });
  const bad = countries.filter((c) => !/^[A-Z]{2}$/.test(c));
  if (bad.length) problems.push({ field: "avoid_countries", message: `Not a two-letter ISO country code: ${bad.join(", ")}` });
  if (!criteria.length) problems.push({ field: "criteria", message: "Pick at least one thing to optimise for." });
  const depart = $("#depart").value;
  const body = { origin, destination, cargo, avoid_countries: countries, avoid_modes: modes, criteria };
  if (depart) body.depart = depart;
  return { problems, body };
}

async function plan(ev) {
  ev.preventDefault();
  clearPlanErrors();
  const { problems, body } = readPlanForm();
  if (problems.length) {
    showProblems(problems, PLAN_FIELDS, $("#error"));
    setStatus("");
    return;
  }
  if (state.planAbort) state.planAbort.abort();
  state.planAbort = new AbortController();
  const button = $("#plan-button");
  button.disabled = true;
  setStatus("planning…", true);
  try {
    // The page draws every option and its breakdown: ask for the full answer, not the compact one.
    const result = await api("POST", ROUTES_FULL, body, { signal: state.planAbort.signal });
    state.result = result;
    state.sort = { key: "rank", dir: 1 };
    const n = (result.options || []).length;
    setStatus(plural(n, "option"));
    renderResults();
    if (n) {
      const best = result.options.find((o) => o.best) || result.options[0];
      selectOption(best.rank, { scroll: false });
    } else {
      clearSelection();
    }
  } catch (err) {
    if (err.name === "AbortError") return;
    setStatus("");
    showPlanError(err);
  } finally {
    button.disabled = false;
  }
}

// ----------------------------------------------------------------- results

function renderResults() {
  const result = state.result;
  $("#results").hidden = false;
  $("#intro").hidden = true;
  renderTable();
  renderChart();
  const prov = result.provenance || {};
  const q = result.query || {};
  const bits = [];
  if (q.cargo) bits.push(`cargo ${q.cargo}${isNum(q.teu) ? ` (${fmt0(q.teu)} TEU)` : ""}`);
  if ((q.constraints || []).length) bits.push(q.constraints.join("; "));
  if (q.times) bits.push(`times: ${q.times}`);
  if (prov.network) bits.push(`network ${prov.network} ${prov.network_version ?? ""}`.trim());
  if (prov.currency_year) bits.push(`USD ${prov.currency_year}`);
  if (prov.factor_dataset) bits.push(`factors ${prov.factor_dataset} ${prov.factor_dataset_version ?? ""}`.trim());
  $("#provenance").textContent = bits.join(" · ");
}

function co2eRange() {
  const values = (state.result?.options || []).map((o) => o.co2e_kg).filter(isNum);
  return values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
}

function renderTable() {
  const options = [...(state.result?.options || [])];
  const { key, dir } = state.sort;
  options.sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    if (typeof va === "string" || typeof vb === "string") return dir * String(va ?? "").localeCompare(String(vb ?? ""));
    return dir * ((va ?? Infinity) - (vb ?? Infinity)) || a.rank - b.rank;
  });
  const [lo, hi] = co2eRange();
  const rows = options.map((o) =>
    el(
      "tr",
      {
        class: `option-row${o.rank === state.selected ? " selected" : ""}`,
        "data-rank": o.rank,
        tabindex: 0,
        "aria-selected": String(o.rank === state.selected),
        title: "Show this option on the map",
        onclick: () => selectOption(o.rank),
        onkeydown: (ev) => rowKey(ev, o.rank),
      },
      el("td", { class: "num" },
        el("span", { class: "swatch", style: `background:${co2eColour(o.co2e_kg, lo, hi)}`, "aria-hidden": "true" }),
        o.rank,
        o.best ? el("span", { class: "badge", title: "Lowest generalised cost" }, "best") : null),
      el("td", { class: "path" }, o.path ?? ""),
      el("td", { class: "num" }, fmt1(o.duration_days_p50)),
      el("td", { class: "num" }, fmt1(o.duration_days_p90)),
      el("td", { class: "num" }, fmt0(o.cost_usd)),
      el("td", { class: "num" }, fmt1(isNum(o.co2e_kg) ? o.co2e_kg / 1000 : null)),
      el("td", { class: "num" }, fmt0(o.distance_km)),
      el("td", { class: "num" }, o.transshipments ?? "–"),
      el("td", { class: "num" }, o.border_crossings ?? "–"),
    ),
  );
  $("#options").replaceChildren(...rows);
  for (const th of $$(".options-table th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort === key ? (dir > 0 ? "ascending" : "descending") : "none");
  }
}

function rowKey(ev, rank) {
  if (ev.key === "Enter" || ev.key === " ") {
    ev.preventDefault();
    selectOption(rank);
  } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    const row = ev.currentTarget;
    const next = ev.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
    if (next) next.focus();
  }
}

function initTableSort() {
  for (const th of $$(".options-table th[data-sort]")) {
    th.tabIndex = 0;
    const sort = () => {
      const key = th.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      if (state.result) renderTable();
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        sort();
      }
    });
  }
}

function niceTicks(min, max, count = 5) {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const err = raw / mag;
  const step = (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1) * mag;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { lo, hi: hi > lo ? hi : lo + step, ticks: hi > lo ? ticks : [lo, lo + step] };
}

function renderChart() {
  const chart = $("#chart");
  const options = state.result?.options || [];
  const width = Math.max(300, Math.round(chart.getBoundingClientRect().width) || 500);
  const height = 210;
  const m = { top: 14, right: 16, bottom: 34, left: 58 };
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.replaceChildren();
  const pts = options.filter((o) => isNum(o.duration_days_p50) && isNum(o.cost_usd));
  if (!pts.length) return;
  const xs = niceTicks(Math.min(...pts.map((o) => o.duration_days_p50)), Math.max(...pts.map((o) => o.duration_days_p50)));
  const ys = niceTicks(Math.min(...pts.map((o) => o.cost_usd)), Math.max(...pts.map((o) => o.cost_usd)), 4);
  const X = (v) => m.left + ((v - xs.lo) / (xs.hi - xs.lo)) * (width - m.left - m.right);
  const Y = (v) => height - m.bottom - ((v - ys.lo) / (ys.hi - ys.lo)) * (height - m.top - m.bottom);
  const [lo, hi] = co2eRange();

  const grid = svg("g", { class: "grid" });
  const axes = svg("g", { class: "axis" });
  for (const t of xs.ticks) {
    grid.append(svg("line", { x1: X(t), x2: X(t), y1: m.top, y2: height - m.bottom }));
    axes.append(svg("text", { x: X(t), y: height - m.bottom + 13, "text-anchor": "middle" }, fmt0(t)));
  }
  for (const t of ys.ticks) {
    grid.append(svg("line", { x1: m.left, x2: width - m.right, y1: Y(t), y2: Y(t) }));
    axes.append(svg("text", { x: m.left - 6, y: Y(t) + 3.5, "text-anchor": "end" }, `$${t >= 1000 ? `${fmt1(t / 1000).replace(/\.0$/, "")}k` : fmt0(t)}`));
  }
  axes.append(
    svg("line", { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom }),
    svg("line", { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom }),
    svg("text", { class: "axis-title", x: (m.left + width - m.right) / 2, y: height - 4, "text-anchor": "middle" }, "P50 transit (days)"),
    svg("text", { class: "axis-title", x: 12, y: (m.top + height - m.bottom) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})` }, "Cost (USD)"),
  );

  // CO2e legend: a small gradient bar in the top-right corner.
  const defs = svg("defs", {},
    svg("linearGradient", { id: "co2e-gradient", x1: 0, x2: 1, y1: 0, y2: 0 },
      svg("stop", { offset: "0%", "stop-color": CO2E_STOPS[0] }),
      svg("stop", { offset: "50%", "stop-color": CO2E_STOPS[1] }),
      svg("stop", { offset: "100%", "stop-color": CO2E_STOPS[2] })));
  const lw = 90;
  const lx = width - m.right - lw;
  const legend = svg("g", { class: "co2e-legend", "aria-hidden": "true" },
    svg("text", { x: lx - 4, y: m.top + 7, "text-anchor": "end" }, `CO₂e ${fmt1(lo / 1000)} t`),
    svg("rect", { x: lx, y: m.top, width: lw, height: 8, rx: 2, fill: "url(#co2e-gradient)", stroke: "#9aa3b0", "stroke-width": 0.5 }),
    svg("text", { x: lx + lw + 0, y: m.top + 19, "text-anchor": "end" }, `${fmt1(hi / 1000)} t`));

  const dots = svg("g", { class: "dots" });
  const ordered = [...pts].sort((a, b) => (a.rank === state.selected) - (b.rank === state.selected));
  for (const o of ordered) {
    const selected = o.rank === state.selected;
    const label = `Option ${o.rank}: ${fmt1(o.duration_days_p50)} days P50, USD ${fmt0(o.cost_usd)}, ${fmt1(o.co2e_kg / 1000)} t CO2e`;
    const dot = svg("circle", {
      class: `option-dot${selected ? " selected" : ""}`,
      cx: X(o.duration_days_p50).toFixed(1),
      cy: Y(o.cost_usd).toFixed(1),
      r: selected ? 8 : 6,
      fill: co2eColour(o.co2e_kg, lo, hi),
      "data-rank": o.rank,
      tabindex: 0,
      role: "button",
      "aria-label": label,
      "aria-pressed": String(selected),
    }, svg("title", {}, label));
    dot.addEventListener("click", () => selectOption(o.rank));
    dot.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        selectOption(o.rank);
      }
    });
    dot.addEventListener("mouseenter", () => showTip(o, dot));
    dot.addEventListener("focus", () => showTip(o, dot));
    dot.addEventListener("mouseleave", hideTip);
    dot.addEventListener("blur", hideTip);
    dots.append(dot);
  }
  chart.append(defs, grid, axes, legend, dots);
}

function showTip(o, dot) {
  const tip = $("#chart-tip");
  tip.innerHTML =
    `<b>Option ${o.rank}</b> · P50 ${esc(fmt1(o.duration_days_p50))} d (P90 ${esc(fmt1(o.duration_days_p90))}) · ` +
    `USD ${esc(fmt0(o.cost_usd))} · ${esc(fmt1(o.co2e_kg / 1000))} t CO₂e<br>${esc(o.path ?? "")}`;
  tip.hidden = false;
  const box = $(".chart-box").getBoundingClientRect();
  const d = dot.getBoundingClientRect();
  const left = Math.min(Math.max(0, d.left - box.left + 12), box.width - tip.offsetWidth);
  const top = d.top - box.top - tip.offsetHeight - 6;
  tip.style.left = `${left}px`;
  tip.style.top = `${top < 0 ? d.bottom - box.top + 6 : top}px`;
}

function hideTip() {
  $("#chart-tip").hidden = true;
}

function clearSelection() {
  state.selected = null;
  routeLayer.clearLayers();
  legLayers = new Map();
  $("#breakdown").hidden = true;
  $("#breakdown").replaceChildren();
  map.invalidateSize();
}

function selectOption(rank, { scroll = true } = {}) {
  const option = (state.result?.options || []).find((o) => o.rank === rank);
  if (!option) return;
  state.selected = rank;
  for (const row of $$("#options .option-row")) {
    const on = Number(row.dataset.rank) === rank;
    row.classList.toggle("selected", on);
    row.setAttribute("aria-selected", String(on));
    if (on && scroll) row.scrollIntoView({ block: "nearest" });
  }
  renderChart();
  renderBreakdown(option);
  drawOption(option);
}

// Features of one option in the route GeoJSON; a hub's name also fills in missing node names.
function optionFeatures(rank) {
  return (state.result?.geojson?.features || []).filter((f) => f.properties && f.properties.option === rank);
}

function drawOption(option, features = optionFeatures(option.rank)) {
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
  map.invalidateSize();
  const bounds = routeLayer.getBounds();
  // Keep the route clear of the legend in the bottom-left corner.
  if (bounds.isValid()) map.fitBounds(bounds, { paddingTopLeft: [170, 40], paddingBottomRight: [100, 40], maxZoom: 7 });
}

function endpointCoords(id, features) {
  const node = state.nodes.get(id);
  if (node && isNum(node.lat) && isNum(node.lon)) return [node.lat, node.lon];
  for (const f of features) {
    const p = f.properties;
    if (f.geometry.type === "LineString") {
      const ids = p.node_ids || [p.from_node, p.to_node];
      const i = ids.indexOf(id);
      if (i >= 0 && f.geometry.coordinates[i]) {
        const [lon, lat] = f.geometry.coordinates[i];
        return [lat, lon];
      }
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

function hubLabel(hub) {
  const acts = (hub.activities || []).map(prettyActivity);
  return acts.length ? acts.join(", ") : KIND_LABELS[hub.kind] || hub.kind || "hub";
}

function renderBreakdown(option) {
  const box = $("#breakdown");
  const elements = option.chain?.elements || [];
  const emissions = new Map((option.emissions?.elements || []).map((e, i) => [isNum(e.index) ? e.index : i, e]));
  let km = 0;
  let hours = 0;
  let cost = 0;
  const rows = elements.map((e, index) => {
    const em = emissions.get(index);
    km += e.type === "leg" && isNum(e.distance_km) ? e.distance_km : 0;
    hours += isNum(e.duration_h_mean) ? e.duration_h_mean : 0;
    cost += isNum(e.cost_usd) ? e.cost_usd : 0;
    const isLeg = e.type === "leg";
    const place = isLeg
      ? el("span", {}, `${nodeName(e.from_node)} → ${nodeName(e.to_node)}`,
        (e.countries || []).length ? el("span", { class: "hint" }, ` · ${e.countries.join("–")}`) : null)
      : el("span", {}, nodeName(e.node_id), el("span", { class: "hint" }, ` · ${hubLabel(e)}`));
    const row = el(
      "tr",
      { class: isLeg ? "leg" : "hub", "data-index": index },
      el("td", { class: "num" }, index + 1),
      el("td", {}, el("span", { class: `mode-chip mode-${isLeg ? e.mode : "hub"}` }, isLeg ? e.mode : "hub")),
      el("td", {}, place),
      el("td", { class: "num" }, isLeg ? fmt0(e.distance_km) : ""),
      el("td", { class: "num" }, fmt1(e.duration_h_mean)),
      el("td", { class: "num" }, fmt0(e.cost_usd)),
      el("td", { class: "num" }, em ? fmt1(em.wtw_kg) : "–"),
    );
    if (isLeg) {
      row.addEventListener("mouseenter", () => highlightLeg(index, true));
      row.addEventListener("mouseleave", () => highlightLeg(index, false));
    }
    return row;
  });
  const totals = option.emissions?.totals || {};
  const byMode = Object.entries(totals.by_mode_wtw_kg || {})
    .filter(([, v]) => isNum(v) && v > 0)
    .map(([mode, v]) => `${mode} ${fmt0(v)} kg`);
  const close = el("button", { type: "button", class: "secondary close", "aria-label": "Close the breakdown", onclick: () => clearSelectionKeepResults() }, "Close");
  box.replaceChildren(
    el("div", { class: "breakdown-head" },
      el("h2", {}, `Option ${option.rank}`),
      el("span", { class: "totals" },
        `P50 ${fmt1(option.duration_days_p50)} d · P90 ${fmt1(option.duration_days_p90)} d · USD ${fmt0(option.cost_usd)} · ` +
          `${fmt1(option.co2e_kg / 1000)} t CO₂e · ${fmt0(option.distance_km)} km`),
      close,
      el("span", { class: "path-line" }, option.path ?? "", (option.countries || []).length ? ` · countries ${option.countries.join("–")}` : "")),
    el("table", { class: "data-table", "aria-label": `Breakdown of option ${option.rank}` },
      el("thead", {},
        el("tr", {},
          el("th", { scope: "col", class: "num" }, "#"),
          el("th", { scope: "col" }, "Type"),
          el("th", { scope: "col" }, "Place / route"),
          el("th", { scope: "col", class: "num" }, "Distance km"),
          el("th", { scope: "col", class: "num" }, "Time h"),
          el("th", { scope: "col", class: "num" }, "Cost USD"),
          el("th", { scope: "col", class: "num" }, "CO₂e kg"))),
      el("tbody", {}, rows),
      el("tfoot", {},
        el("tr", {},
          el("td", {}),
          el("td", {}, "Total"),
          el("td", {}, `${plural(elements.filter((e) => e.type === "leg").length, "leg")}, ${plural(elements.filter((e) => e.type === "hub").length, "hub")}`),
          el("td", { class: "num" }, fmt0(km)),
          el("td", { class: "num" }, fmt1(hours)),
          el("td", { class: "num" }, fmt0(cost)),
          el("td", { class: "num" }, fmt1(isNum(totals.wtw_kg) ? totals.wtw_kg : option.co2e_kg))))),
    byMode.length ? el("p", { class: "by-mode" }, `CO₂e well-to-wheel by mode: ${byMode.join(" · ")}. Time is the mean; P50/P90 are the median and 90th percentile of every element's time distribution convolved.`) : null,
  );
  box.hidden = false;
}

function clearSelectionKeepResults() {
  clearSelection();
  for (const row of $$("#options .option-row")) {
    row.classList.remove("selected");
    row.setAttribute("aria-selected", "false");
  }
  renderChart();
}

function highlightLeg(index, on) {
  const leg = legLayers.get(index);
  if (!leg) return;
  leg.setStyle({ weight: on ? 9 : 5 });
  if (on) leg.bringToFront();
}

function download(name, data, type = "application/json") {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function initPlan() {
  initAutocomplete("origin");
  initAutocomplete("destination");
  initTableSort();
  $("#plan-form").addEventListener("submit", plan);
  for (const id of ["cargo", "avoid-countries"]) $(`#${id}`).addEventListener("input", () => clearFieldError(id));
  for (const box of $$('input[name="avoid_modes"], input[name="criteria"]')) {
    box.addEventListener("change", () => {
      clearFieldError("avoid-modes");
      clearFieldError("criteria");
    });
  }
  $("#swap-button").addEventListener("click", () => {
    const o = $("#origin");
    const d = $("#destination");
    [o.value, d.value] = [d.value, o.value];
  });
  const slug = () => `${state.result?.query?.origin || "origin"}-${state.result?.query?.destination || "destination"}`.replace(/[^A-Za-z0-9-]+/g, "_");
  $("#download-json").addEventListener("click", () => {
    if (!state.result) return;
    const { geojson, ...rest } = state.result;
    void geojson;
    download(`corridor-${slug()}.json`, rest);
  });
  $("#download-geojson").addEventListener("click", () => {
    if (state.result?.geojson) download(`corridor-${slug()}.geojson`, state.result.geojson, "application/geo+json");
  });
  window.addEventListener("resize", debounce(() => {
    if (state.result && !$("#view-plan").hidden) renderChart();
  }, 200));
}

// ----------------------------------------------------------------- simulate

const FINAL = new Set(["done", "failed", "cancelled"]);
const SIM_FIELDS = { scenario: "scenario", replications: "replications", seed: "seed" };
let pollTimer = null;

async function loadScenarios() {
  const select = $("#scenario");
  try {
    const data = await api("GET", "/v1/scenarios");
    state.scenarios = data.scenarios || [];
    select.replaceChildren(...state.scenarios.map((s) => el("option", { value: s.name }, s.name)));
    const describe = () => {
      const s = state.scenarios.find((x) => x.name === select.value);
      $("#scenario-description").textContent = s?.description || "";
    };
    select.addEventListener("change", describe);
    describe();
  } catch (err) {
    showSimError(err);
  }
}

function showSimError(err) {
  let problems = err instanceof ApiError ? err.problems : [{ field: null, message: String(err?.message || err) }];
  if (err instanceof ApiError && err.status === 401) {
    problems = [{ field: null, message: "Simulations need an API key: enter yours in the Shipments view." }];
  }
  showProblems(problems, SIM_FIELDS, $("#sim-error"));
}

function clearSimErrors() {
  for (const id of Object.values(SIM_FIELDS)) clearFieldError(id);
  $("#sim-error").hidden = true;
}

async function submitSimulation(ev) {
  ev.preventDefault();
  clearSimErrors();
  const scenario = $("#scenario").value;
  const replications = Number($("#replications").value);
  const seed = Number($("#seed").value || 0);
  const problems = [];
  if (!scenario) problems.push({ field: "scenario", message: "Pick a scenario." });
  if (!Number.isInteger(replications) || replications < 1) problems.push({ field: "replications", message: "A whole number, 1 or more." });
  if (!Number.isInteger(seed) || seed < 0) problems.push({ field: "seed", message: "A whole number, 0 or more." });
  if (problems.length) {
    showProblems(problems, SIM_FIELDS, $("#sim-error"));
    return;
  }
  const button = $("#simulate-button");
  button.disabled = true;
  $("#sim-status").textContent = "submitting…";
  try {
    const answer = await api("POST", "/v1/simulations", { scenario, replications, seed });
    state.jobs.set(answer.job_id, { job_id: answer.job_id, scenario, status: answer.status || "queued", done: 0, total: replications, error: null });
    state.follow = answer.job_id;
    $("#sim-status").textContent = `job ${answer.job_id.slice(0, 8)} ${answer.status || "queued"}`;
    renderJobs();
    startPolling();
  } catch (err) {
    $("#sim-status").textContent = "";
    showSimError(err);
  } finally {
    button.disabled = false;
  }
}

async function loadJobs() {
  try {
    const data = await api("GET", "/v1/simulations");
    for (const job of data.jobs || []) state.jobs.set(job.job_id, job);
    renderJobs();
    startPolling();
  } catch {
    /* The list is filled as jobs are submitted. */
  }
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(pollJobs, 1000);
}

async function pollJobs() {
  const active = Array.from(state.jobs.values()).filter((j) => !FINAL.has(j.status));
  if (!active.length) {
    clearInterval(pollTimer);
    pollTimer = null;
    return;
  }
  await Promise.all(
    active.map(async (job) => {
      try {
        const status = await api("GET", `/v1/simulations/${encodeURIComponent(job.job_id)}`);
        state.jobs.set(job.job_id, { ...job, ...status });
        if (status.status === "done" && state.follow === job.job_id) {
          state.follow = null;
          $("#sim-status").textContent = `job ${job.job_id.slice(0, 8)} done`;
          showJobResults(job.job_id);
        } else if (FINAL.has(status.status) && state.follow === job.job_id) {
          state.follow = null;
          $("#sim-status").textContent = `job ${job.job_id.slice(0, 8)} ${status.status}`;
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) state.jobs.set(job.job_id, { ...job, status: "failed", error: "job no longer known to the server" });
      }
    }),
  );
  renderJobs();
}

function renderJobs() {
  const jobs = Array.from(state.jobs.values()).reverse();
  $("#jobs-empty").hidden = jobs.length > 0;
  $("#jobs").replaceChildren(
    ...jobs.map((job) => {
      const total = job.total || 0;
      const done = job.done || 0;
      const item = el(
        "li",
        {
          class: `job${job.job_id === state.shownJob ? " selected" : ""}`,
          "data-job-id": job.job_id,
          "data-status": job.status,
          tabindex: job.status === "done" ? 0 : null,
          title: job.status === "done" ? "Show the results" : null,
        },
        el("div", { class: "job-head" },
          el("span", { class: "job-name" }, job.scenario || "?"),
          el("span", { class: "job-id" }, job.job_id.slice(0, 8)),
          el("span", { class: `job-state ${job.status}` }, job.status)),
        el("progress", { max: total || 1, value: job.status === "done" ? total || 1 : done, "aria-label": `Progress of ${job.scenario} ${job.job_id.slice(0, 8)}` }),
        el("div", { class: "job-foot" },
          `${done} / ${total} replications`,
          !FINAL.has(job.status)
            ? el("button", { type: "button", class: "secondary", onclick: (ev) => { ev.stopPropagation(); cancelJob(job.job_id); } }, "Cancel")
            : job.status === "done"
              ? el("button", { type: "button", class: "secondary", onclick: (ev) => { ev.stopPropagation(); showJobResults(job.job_id); } }, "Results")
              : null),
        job.error ? el("p", { class: "job-error" }, job.error) : null,
      );
      if (job.status === "done") {
        item.addEventListener("click", () => showJobResults(job.job_id));
        item.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter") showJobResults(job.job_id);
        });
      }
      return item;
    }),
  );
  renderCompareSelects();
}

async function cancelJob(id) {
  try {
    await api("DELETE", `/v1/simulations/${encodeURIComponent(id)}`);
    const job = state.jobs.get(id);
    if (job) state.jobs.set(id, { ...job, status: "cancelled" });
    renderJobs();
  } catch (err) {
    showSimError(err);
  }
}

function renderCompareSelects() {
  const done = Array.from(state.jobs.values()).filter((j) => j.status === "done");
  const fill = (select, fallback) => {
    const current = select.value;
    select.replaceChildren(...done.map((j) => el("option", { value: j.job_id }, `${j.scenario} · ${j.job_id.slice(0, 8)} · ${j.total} reps`)));
    if (done.some((j) => j.job_id === current)) select.value = current;
    else if (done[fallback]) select.value = done[fallback].job_id;
  };
  const a = $("#compare-a");
  const b = $("#compare-b");
  fill(a, 0);
  fill(b, 1);
  // Two different runs by default: the newest other than A.
  if (a.value && a.value === b.value) {
    const other = done.find((j) => j.job_id !== a.value);
    if (other) b.value = other.job_id;
  }
  $("#compare-button").disabled = done.length < 2;
}

async function showJobResults(id) {
  state.shownJob = id;
  renderJobs();
  const box = $("#sim-results");
  try {
    let summary = state.summaries.get(id);
    if (!summary) {
      summary = await api("GET", `/v1/simulations/${encodeURIComponent(id)}/results`);
      state.summaries.set(id, summary);
    }
    $("#sim-placeholder").hidden = true;
    box.hidden = false;
    renderSimResults(summary, state.jobs.get(id));
  } catch (err) {
    showSimError(err);
  }
}

function meanCi(stat, format = fmt1) {
  if (!stat || !isNum(stat.mean)) return "–";
  return isNum(stat.ci95) ? `${format(stat.mean)} ± ${format(stat.ci95)}` : format(stat.mean);
}

function kpiBox(label, stat, format, unit) {
  return el("div", { class: "kpi" },
    el("div", { class: "label" }, label),
    el("div", { class: "value" }, stat && isNum(stat.mean) ? `${format(stat.mean)}${unit ? ` ${unit}` : ""}` : "–"),
    el("div", { class: "ci" }, stat && isNum(stat.ci95) ? `± ${format(stat.ci95)} (95% CI)` : "\u00a0"));
}

function renderSimResults(summary, job) {
  const box = $("#sim-results");
  const flows = Object.entries(summary.flows || {});
  const reported = flows.filter(([, f]) => !f.background);
  const background = flows.filter(([, f]) => f.background);
  const values = flows.flatMap(([, f]) => [f.transit_days?.p2_5, f.transit_days?.p97_5]).filter(isNum);
  const axis = values.length ? niceTicks(Math.min(...values), Math.max(...values), 6) : { lo: 0, hi: 1, ticks: [0, 1] };

  box.replaceChildren(
    el("h2", {}, `Results: ${summary.scenario ?? job?.scenario ?? ""}`),
    el("p", { class: "sim-sub" },
      [
        `${plural(summary.replications ?? 0, "replication")}`,
        summary.start ? `from ${String(summary.start).slice(0, 10)}` : null,
        isNum(summary.horizon_days) ? `${fmt0(summary.horizon_days)} days simulated` : null,
        isNum(summary.warmup_days) ? `${fmt0(summary.warmup_days)} days warm-up` : null,
        job ? `job ${job.job_id.slice(0, 8)}` : null,
      ].filter(Boolean).join(" · ")),
    el("div", { class: "kpis" },
      kpiBox("Delivered, reported flows (TEU)", sumStats(reported.map(([, f]) => f.delivered_teu)), fmt0),
      kpiBox("Stranded at end (TEU)", summary.stranded_teu, fmt0),
      kpiBox("CO₂e (t)", summary.co2e_t, fmt0),
      kpiBox("Events per replication", summary.events_per_replication, fmt0)),
    el("h3", {}, "Transit time of reported flows (days)"),
    flowsBlock(reported, axis, false),
    background.length
      ? el("details", { class: "background-flows" },
        el("summary", {}, `${plural(background.length, "background flow")} (loading the same hubs, not reported)`),
        flowsBlock(background, axis, true))
      : null,
    el("h3", {}, "Service utilisation"),
    servicesTable(summary.services || {}),
    Object.keys(summary.hubs || {}).length ? el("h3", {}, "Hubs") : null,
    Object.keys(summary.hubs || {}).length ? hubsTable(summary.hubs) : null,
  );
}

function sumStats(stats) {
  const valid = stats.filter((s) => s && isNum(s.mean));
  if (!valid.length) return null;
  const mean = valid.reduce((a, s) => a + s.mean, 0);
  // Half-widths of independent estimates add in quadrature.
  const ci = valid.every((s) => isNum(s.ci95)) ? Math.sqrt(valid.reduce((a, s) => a + s.ci95 ** 2, 0)) : null;
  return { mean, ci95: ci };
}

function flowsBlock(flows, axis, background) {
  const W = 460;
  const X = (v) => 14 + ((v - axis.lo) / (axis.hi - axis.lo)) * (W - 28);
  const axisSvg = svg("svg", { class: "box-axis", viewBox: `0 0 ${W} 22`, "aria-hidden": "true" },
    svg("line", { x1: 14, x2: W - 14, y1: 16, y2: 16, stroke: "#9aa3b0" }),
    axis.ticks.flatMap((t) => [
      svg("line", { x1: X(t), x2: X(t), y1: 13, y2: 19, stroke: "#9aa3b0" }),
      svg("text", { x: X(t), y: 10, "text-anchor": "middle" }, fmt0(t)),
    ]));
  const rows = flows.map(([name, f]) => {
    const t = f.transit_days || {};
    const ok = ["p2_5", "p25", "p50", "p75", "p97_5"].every((k) => isNum(t[k]));
    const label = ok
      ? `Transit days: P2.5 ${fmt1(t.p2_5)}, P25 ${fmt1(t.p25)}, P50 ${fmt1(t.p50)}, P75 ${fmt1(t.p75)}, P97.5 ${fmt1(t.p97_5)}`
      : "No containers delivered: no transit times";
    const plot = svg("svg", { class: "boxplot", viewBox: `0 0 ${W} 34`, role: "img", "aria-label": `${name}. ${label}` },
      svg("title", {}, label),
      ok
        ? [
          svg("line", { x1: X(t.p2_5), x2: X(t.p97_5), y1: 17, y2: 17, stroke: "#5d6675", "stroke-width": 1.2 }),
          svg("line", { x1: X(t.p2_5), x2: X(t.p2_5), y1: 11, y2: 23, stroke: "#5d6675", "stroke-width": 1.2 }),
          svg("line", { x1: X(t.p97_5), x2: X(t.p97_5), y1: 11, y2: 23, stroke: "#5d6675", "stroke-width": 1.2 }),
          svg("rect", { x: X(t.p25), y: 8, width: Math.max(1, X(t.p75) - X(t.p25)), height: 18, fill: background ? "#d5dae2" : "#a9cbee", stroke: "#2f5f91", "stroke-width": 1, rx: 2 }),
          svg("line", { x1: X(t.p50), x2: X(t.p50), y1: 6, y2: 28, stroke: "#14243b", "stroke-width": 2.5 }),
          svg("text", { x: Math.min(X(t.p97_5) + 6, W - 40), y: 21, "text-anchor": "start" }, X(t.p97_5) + 6 < W - 40 ? `${fmt1(t.p50)} d` : ""),
        ]
        : svg("text", { x: 10, y: 21 }, "no deliveries"));
    return el("div", { class: `flow-row${background ? " background" : ""}`, "data-flow": name },
      el("div", {},
        el("div", { class: "flow-name" }, name),
        f.path ? el("div", { class: "flow-path" }, f.path) : null),
      plot,
      el("div", { class: "flow-teu" },
        `${meanCi(f.delivered_teu, fmt0)} TEU`,
        el("small", {}, `delivered${isNum(f.teu_per_week) ? ` · ${fmt0(f.teu_per_week)} TEU/week` : ""}`),
        ok ? el("small", {}, `P50 ${fmt1(t.p50)} d · P97.5 ${fmt1(t.p97_5)} d`) : null));
  });
  return el("div", { class: "flows" },
    el("div", { class: "flows-axis" }, el("div"), axisSvg, el("div", { class: "flow-teu" }, el("small", {}, "delivered TEU (± 95% CI)"))),
    rows.length ? rows : el("p", { class: "empty" }, "No flows."));
}

function utilBar(u) {
  const pct = isNum(u) ? Math.max(0, Math.min(1, u)) * 100 : 0;
  return el("span", { class: "util-bar", "aria-hidden": "true" },
    el("span", { class: isNum(u) && u >= 0.85 ? "hot" : "", style: `width:${pct.toFixed(1)}%` }));
}

function servicesTable(services) {
  const rows = Object.entries(services).sort((a, b) => (b[1].utilisation?.mean ?? -1) - (a[1].utilisation?.mean ?? -1));
  return el("div", { class: "data-table-box" },
    el("table", { class: "data-table services-table", "aria-label": "Service utilisation" },
      el("thead", {},
        el("tr", {},
          el("th", { scope: "col" }, "Service (link)"),
          el("th", { scope: "col" }, "From → to"),
          el("th", { scope: "col" }, "Utilisation (± 95% CI)"),
          el("th", { scope: "col", class: "num" }, "Carried TEU"),
          el("th", { scope: "col", class: "num" }, "Mean queue TEU"))),
      el("tbody", {},
        rows.map(([link, s]) =>
          el("tr", { "data-link": link },
            el("td", {}, link),
            el("td", {}, `${nodeName(s.from_node)} → ${nodeName(s.to_node)}`),
            el("td", {}, utilBar(s.utilisation?.mean), meanCi(s.utilisation, fmtPct)),
            el("td", { class: "num" }, meanCi(s.carried_teu, fmt0)),
            el("td", { class: "num" }, meanCi(s.queue_teu_mean, fmt0)))))));
}

function hubsTable(hubs) {
  const rows = Object.entries(hubs).sort((a, b) => (b[1].handled_teu?.mean ?? -1) - (a[1].handled_teu?.mean ?? -1));
  return el("div", { class: "data-table-box" },
    el("table", { class: "data-table hubs-table", "aria-label": "Hub throughput" },
      el("thead", {},
        el("tr", {},
          el("th", { scope: "col" }, "Hub"),
          el("th", { scope: "col" }, "Utilisation (± 95% CI)"),
          el("th", { scope: "col", class: "num" }, "Handled TEU"))),
      el("tbody", {},
        rows.map(([node, h]) =>
          el("tr", { "data-node": node },
            el("td", {}, `${nodeName(node)}`, el("span", { class: "hint" }, ` · ${node}`)),
            el("td", {}, isNum(h.utilisation?.mean) ? [utilBar(h.utilisation.mean), meanCi(h.utilisation, fmtPct)] : "–"),
            el("td", { class: "num" }, meanCi(h.handled_teu, fmt0)))))));
}

function linkLabel(id) {
  const link = state.links.get(id);
  return link ? `${nodeName(link.from_node)} → ${nodeName(link.to_node)} ${link.mode} (${id})` : id;
}

function kpiLabel(kpi) {
  const [kind, ...rest] = String(kpi).split(":");
  const joined = rest.join(":");
  const name = kind === "utilisation" ? linkLabel(joined) : joined;
  const labels = {
    stranded_teu: "Stranded TEU",
    co2e_t: "CO₂e (t)",
    transit_p50_days: "Transit P50 (days)",
    delivered_teu: "Delivered TEU",
    utilisation: "Utilisation",
  };
  return { kind, text: `${labels[kind] || kind}${name ? ` — ${name}` : ""}` };
}

async function compare(ev) {
  ev.preventDefault();
  const a = $("#compare-a").value;
  const b = $("#compare-b").value;
  const errorBox = $("#compare-error");
  errorBox.hidden = true;
  if (!a || !b) return;
  if (a === b) {
    errorBox.textContent = "Pick two different runs.";
    errorBox.hidden = false;
    return;
  }
  try {
    const data = await api("GET", `/v1/simulations/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    const ja = state.jobs.get(a);
    const jb = state.jobs.get(b);
    $("#compare-title").textContent = `Comparison: A = ${ja?.scenario ?? a} (${a.slice(0, 8)}), B = ${jb?.scenario ?? b} (${b.slice(0, 8)})`;
    $("#compare-results").replaceChildren(
      ...(data.rows || []).map((r) => {
        const { kind, text } = kpiLabel(r.kpi);
        const util = kind === "utilisation";
        const f = util ? fmtPct : kind === "transit_p50_days" ? fmt2 : fmt1;
        // Differences of shares are percentage points.
        const fd = util ? (v) => (isNum(v) ? `${NF1.format(v * 100)} pp` : "–") : f;
        return el("tr", { "data-kpi": r.kpi },
          el("td", {}, text),
          el("td", { class: "num" }, f(r.a)),
          el("td", { class: "num" }, f(r.b)),
          el("td", { class: "num" }, isNum(r.delta) ? `${r.delta > 0 ? "+" : ""}${fd(r.delta)}` : "–"),
          el("td", { class: "num" }, fd(r.ci95)),
          el("td", { class: r.significant ? "sig-yes" : "sig-no" }, r.significant ? "yes" : "no"));
      }),
    );
    $("#compare-section").hidden = false;
    $("#sim-placeholder").hidden = true;
    $("#compare-section").scrollIntoView({ block: "nearest", behavior: "smooth" });
  } catch (err) {
    errorBox.textContent = err instanceof ApiError ? err.message : String(err);
    errorBox.hidden = false;
  }
}

function initSimulate() {
  $("#sim-form").addEventListener("submit", submitSimulation);
  $("#compare-form").addEventListener("submit", compare);
  for (const id of ["replications", "seed", "scenario"]) $(`#${id}`).addEventListener("input", () => clearFieldError(id));
  loadScenarios();
  loadJobs();
}

// ---------------------------------------------------------------- shipments

const KEY_STORAGE = "corridor.apiKey";

/** The map lives in the view that shows it: the planner's map column or the shipments' one. */
function placeMap(view) {
  const mapEl = $("#map");
  const slot = view === "shipments" ? $("#shipments-map-slot") : view === "plan" ? $("#view-plan .map-column") : null;
  if (!mapEl || !slot) return;
  if (mapEl.parentElement !== slot) slot.prepend(mapEl);
  if (!map) return;
  map.invalidateSize();
  if (view === "plan" && state.shipmentOnMap) {
    const option = (state.result?.options || []).find((o) => o.rank === state.selected);
    if (option) drawOption(option);
    else clearRoute();
  } else if (view === "shipments") {
    const shown = state.shipments.find((s) => s.id === state.shownShipment);
    if (!shown?.chain || !drawShipment(shown)) {
      clearRoute();
      state.shipmentOnMap = true;
    }
  }
  setTimeout(() => map.invalidateSize(), 0);
}

function clearRoute() {
  routeLayer.clearLayers();
  legLayers = new Map();
  state.shipmentOnMap = false;
}

/** GeoJSON-like features of a stored chain, as the planner's route GeoJSON has them (nodes from the network). */
function chainFeatures(chain) {
  const features = [];
  (chain?.elements || []).forEach((e, index) => {
    if (e.type === "leg") {
      const ids = (e.node_ids || []).length ? e.node_ids : [e.from_node, e.to_node];
      const coords = ids.map((id) => state.nodes.get(id)).filter((n) => n && isNum(n.lat) && isNum(n.lon)).map((n) => [n.lon, n.lat]);
      if (coords.length >= 2) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: coords }, properties: { element: index, ...e } });
    } else if (e.type === "hub") {
      const n = state.nodes.get(e.node_id);
      if (n) features.push({ type: "Feature", geometry: { type: "Point", coordinates: [n.lon, n.lat] }, properties: { element: index, ...e, name: n.name } });
    }
  });
  return features;
}

/** Draw a shipment's chain with the planner's drawing; false if nothing could be drawn (yet). */
function drawShipment(shipment) {
  if (!map || !routeLayer || !shipment?.chain) return false;
  const features = chainFeatures(shipment.chain);
  if (!features.length) return false;
  drawOption({ chain: shipment.chain }, features);
  state.shipmentOnMap = true;
  return true;
}

// Called when the network arrives: a shipment opened before it is drawn now.
function redrawShipment() {
  if ($("#view-shipments").hidden) return;
  const shown = state.shipments.find((s) => s.id === state.shownShipment);
  if (shown?.chain) drawShipment(shown);
}

const apiKey = () => $("#api-key").value.trim();
const keyed = (path) => api("GET", path, undefined, { headers: { "X-API-Key": apiKey() } });
const shipmentPath = (id) => `/v1/shipments/${encodeURIComponent(id)}`;

function rememberKey() {
  try {
    if (apiKey()) sessionStorage.setItem(KEY_STORAGE, apiKey());
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    /* Storage may be disabled: the key then lasts as long as the page. */
  }
}

function showShipmentsError(err) {
  if (err && err.name === "AbortError") return;
  let text = err instanceof ApiError ? err.message : String(err?.message || err);
  if (err instanceof ApiError && err.status === 401) text = `The API key was not accepted (HTTP 401): ${text}`;
  else if (err instanceof ApiError && err.status === 404) text = `Not found (HTTP 404): ${text}`;
  const box = $("#shipments-error");
  box.textContent = text;
  box.hidden = false;
}

function clearShipmentsError() {
  $("#shipments-error").hidden = true;
  $("#shipments-error").textContent = "";
}

function setShipmentsStatus(text, busy = false) {
  const s = $("#shipments-status");
  s.textContent = text;
  s.classList.toggle("busy", busy);
}

/** "2026-03-02 08:00" in UTC, or the text itself if it is not a date. */
function fmtTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? "–") : d.toISOString().slice(0, 16).replace("T", " ");
}

function containersLabel(containers) {
  const byType = new Map();
  for (const c of containers || []) byType.set(c.type, (byType.get(c.type) || 0) + 1);
  return Array.from(byType, ([type, n]) => `${n}×${type}`).join(", ") || "–";
}

function eventLabel(e) {
  if (e === undefined) return "–";
  if (!e) return "no events yet";
  return `${e.event_type} ${e.classifier} · ${nodeName(e.node_id)} · ${fmtTime(e.event_time)}`;
}

function hideShipmentDetail() {
  state.shownShipment = null;
  $("#shipment-detail").hidden = true;
  if (state.shipmentOnMap && map) clearRoute();
  state.shipmentOnMap = !$("#view-shipments").hidden;
}

async function loadShipments(ev) {
  if (ev) ev.preventDefault();
  clearShipmentsError();
  if (!apiKey()) {
    showShipmentsError(new Error("Enter an API key."));
    $("#api-key").focus();
    return;
  }
  rememberKey();
  const button = $("#load-shipments");
  button.disabled = true;
  setShipmentsStatus("loading…", true);
  try {
    const data = await keyed("/v1/shipments");
    const list = data.shipments || [];
    // The list has no events: the latest event of each comes from its timeline.
    const latest = await Promise.all(
      list.map((s) =>
        keyed(`${shipmentPath(s.id)}/timeline`).then(
          (t) => (t.events || []).at(-1) ?? null,
          () => undefined,
        )),
    );
    state.shipments = list.map((s, i) => ({ ...s, latest: latest[i] }));
    setShipmentsStatus(plural(list.length, "shipment"));
    if (!state.shipments.some((s) => s.id === state.shownShipment)) hideShipmentDetail();
    renderShipments();
  } catch (err) {
    state.shipments = [];
    hideShipmentDetail();
    renderShipments();
    setShipmentsStatus("");
    showShipmentsError(err);
  } finally {
    button.disabled = false;
  }
}

function renderShipments() {
  const rows = state.shipments.map((s) =>
    el(
      "tr",
      {
        class: `shipment-row${s.id === state.shownShipment ? " selected" : ""}`,
        "data-id": s.id,
        tabindex: 0,
        "aria-selected": String(s.id === state.shownShipment),
        title: "Show this shipment",
        onclick: () => openShipment(s.id),
        onkeydown: (ev) => {
          if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            openShipment(s.id);
          } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
            ev.preventDefault();
            const next = ev.key === "ArrowDown" ? ev.currentTarget.nextElementSibling : ev.currentTarget.previousElementSibling;
            if (next) next.focus();
          }
        },
      },
      el("td", { class: "shipment-id", title: s.id }, s.id.slice(0, 8)),
      el("td", {}, `${nodeName(s.origin)} → ${nodeName(s.destination)}`),
      el("td", { title: (s.containers || []).map((c) => c.number).join(", ") }, containersLabel(s.containers)),
      el("td", { class: "shipment-status" }, eventLabel(s.latest)),
    ),
  );
  $("#shipments").replaceChildren(...rows);
  $("#shipments-empty").hidden = rows.length > 0;
  $("#shipments-empty").textContent = "No shipments visible to this key.";
}

async function openShipment(id) {
  state.shownShipment = id;
  for (const row of $$("#shipments .shipment-row")) {
    const on = row.dataset.id === id;
    row.classList.toggle("selected", on);
    row.setAttribute("aria-selected", String(on));
  }
  clearShipmentsError();
  setShipmentsStatus("loading shipment…", true);
  const base = shipmentPath(id);
  const [shipment, timeline, eta] = await Promise.allSettled([keyed(base), keyed(`${base}/timeline`), keyed(`${base}/eta`)]);
  if (state.shownShipment !== id) return; // another shipment was clicked meanwhile
  setShipmentsStatus(plural(state.shipments.length, "shipment"));
  if (shipment.status === "rejected") {
    hideShipmentDetail();
    renderShipments();
    showShipmentsError(shipment.reason);
    return;
  }
  const data = shipment.value;
  const entry = state.shipments.find((s) => s.id === id);
  if (entry) entry.chain = data.chain;
  renderShipmentDetail(data, timeline.status === "fulfilled" ? timeline.value.events || [] : null, eta.status === "fulfilled" ? eta.value : null);
  const failed = [timeline, eta].find((r) => r.status === "rejected");
  if (failed) showShipmentsError(failed.reason);
  drawShipment(data);
}

function renderShipmentDetail(shipment, events, eta) {
  $("#shipment-title").textContent = `Shipment ${shipment.id}`;
  $("#shipment-parties").textContent = [
    `${nodeName(shipment.origin)} → ${nodeName(shipment.destination)}`,
    `${shipment.shipper} → ${shipment.consignee}`,
    `owner ${shipment.owner}`,
    shipment.carrier ? `carrier ${shipment.carrier}` : null,
    `${containersLabel(shipment.containers)}: ${(shipment.containers || []).map((c) => c.number).join(", ")}`,
    `booked ${fmtTime(shipment.created_at)} UTC`,
  ].filter(Boolean).join(" · ");

  $("#eta").replaceChildren(
    ...(eta
      ? [
        el("div", { class: "kpis" },
          el("div", { class: "kpi eta-p50" },
            el("div", { class: "label" }, "Arrival P50 (UTC)"),
            el("div", { class: "value" }, fmtTime(eta.arrival_p50)),
            el("div", { class: "ci" }, `${fmt1(eta.remaining_h_p50 / 24)} days to go`)),
          el("div", { class: "kpi eta-p90" },
            el("div", { class: "label" }, "Arrival P90 (UTC)"),
            el("div", { class: "value" }, fmtTime(eta.arrival_p90)),
            el("div", { class: "ci" }, `${fmt1(eta.remaining_h_p90 / 24)} days to go`))),
        el("p", { class: "hint" },
          eta.from_event_id ? `From event ${eta.from_event_id} (${fmtTime(eta.start)} UTC), after element ${eta.after_element}` : `From the start, ${fmtTime(eta.start)} UTC`,
          " · the planner's time model (convolution of the remaining elements)"),
      ]
      : [el("p", { class: "empty" }, "No ETA available.")]),
  );

  const legs = (shipment.chain?.elements || []).filter((e) => e.type === "leg");
  const base = shipmentPath(shipment.id);
  const docs = [
    ["CIM/SMGS note (PDF)", `${base}/documents/cim-smgs?format=pdf`, "cim-smgs"],
    legs.some((e) => e.mode === "road") ? ["e-CMR note (PDF)", `${base}/documents/ecmr?format=pdf`, "ecmr"] : null,
    ["Emissions statement (HTML)", `${base}/documents/emissions?format=html`, "emissions"],
  ].filter(Boolean);
  $("#documents").replaceChildren(
    ...docs.map(([label, path, name]) =>
      el("button", { type: "button", class: "secondary doc-link", "data-doc": name, onclick: () => openDocument(path) }, label)),
  );

  const rows = (events || []).map((e) =>
    el("tr", { class: "timeline-row", "data-event-id": e.event_id },
      el("td", { class: "nowrap" }, fmtTime(e.event_time)),
      el("td", {}, e.event_type),
      el("td", {}, el("span", { class: `classifier classifier-${e.classifier}` }, e.classifier)),
      el("td", {}, nodeName(e.node_id), el("span", { class: "hint" }, ` · ${e.node_id}`)),
      el("td", { class: "num" }, e.element_index)));
  $("#timeline").replaceChildren(...rows);
  $("#timeline-empty").textContent = events ? "No events yet." : "The timeline could not be loaded.";
  $("#timeline-empty").hidden = rows.length > 0;
  $("#shipment-detail").hidden = false;
}

/** Links cannot send the key header: fetch the document with it and open it as a Blob URL. */
async function openDocument(path) {
  clearShipmentsError();
  // Opened now, while the click still counts as a user gesture, and pointed at the document once it arrives.
  const win = window.open("", "_blank");
  try {
    let response;
    try {
      response = await fetch(path, { headers: { "X-API-Key": apiKey() } });
    } catch {
      throw new ApiError(0, [{ field: null, message: "Cannot reach the Corridor API. Is the server running?" }]);
    }
    if (!response.ok) {
      let data = null;
      try {
        data = await response.json();
      } catch {
        data = null;
      }
      throw new ApiError(response.status, problemsFrom(response.status, data));
    }
    const url = URL.createObjectURL(await response.blob());
    if (win) win.location.href = url;
    else {
      const a = el("a", { href: url, target: "_blank", rel: "noopener" });
      document.body.append(a);
      a.click();
      a.remove();
    }
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
  } catch (err) {
    if (win) win.close();
    showShipmentsError(err);
  }
}

function initShipments() {
  try {
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) $("#api-key").value = saved;
  } catch {
    /* no storage: nothing saved */
  }
  $("#shipments-form").addEventListener("submit", loadShipments);
  $("#api-key").addEventListener("change", rememberKey);
}

// --------------------------------------------------------------------- boot

function boot() {
  initTabs();
  loadHealth();
  initMap();
  initPlan();
  initSimulate();
  initShipments();
  // Set by the tab switcher too, but the map is created after the first tab is shown.
  setTimeout(() => map.invalidateSize(), 0);
}

boot();
