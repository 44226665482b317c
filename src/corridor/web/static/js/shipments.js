// The Shipments view: the shipments an API key may see, one shipment's ETA, documents and timeline,
// and its chain drawn on the shared map.

import { ApiError, KEY_STORAGE, api, apiFile } from "./api.js";
import { $, $$, el } from "./dom.js";
import { eventForm, placeName } from "./events.js";
import { fmt1, isNum, plural } from "./format.js";
import { initKeys } from "./keys.js";
import { clearRoute, drawOption, map } from "./map.js";
import { nodeName, state } from "./state.js";

/** A leg's line along its links' geometries (as the network GeoJSON has them), or null if a link is unknown. */
function linkLine(leg, ids) {
  const linkIds = leg.link_ids || [];
  if (!linkIds.length || ids.length !== linkIds.length + 1) return null;
  const coords = [];
  for (let i = 0; i < linkIds.length; i++) {
    const link = state.links.get(linkIds[i]);
    if (!link || !link.coordinates) return null;
    const points = link.from_node === ids[i] ? link.coordinates : [...link.coordinates].reverse();
    const last = coords[coords.length - 1];
    const first = points[0];
    coords.push(...(last && last[0] === first[0] && last[1] === first[1] ? points.slice(1) : points));
  }
  return coords;
}

/** GeoJSON-like features of a stored chain, as the planner's route GeoJSON has them (nodes from the network). */
function chainFeatures(chain) {
  const features = [];
  (chain?.elements || []).forEach((e, index) => {
    if (e.type === "leg") {
      const ids = (e.node_ids || []).length ? e.node_ids : [e.from_node, e.to_node];
      const coords = linkLine(e, ids) || ids.map((id) => state.nodes.get(id)).filter((n) => n && isNum(n.lat) && isNum(n.lon)).map((n) => [n.lon, n.lat]);
      if (coords.length >= 2) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: coords }, properties: { element: index, ...e } });
    } else if (e.type === "hub") {
      const n = state.nodes.get(e.node_id);
      if (n) features.push({ type: "Feature", geometry: { type: "Point", coordinates: [n.lon, n.lat] }, properties: { element: index, ...e, name: n.name } });
    }
  });
  return features;
}

/** Draw a shipment's chain with the planner's drawing; false if nothing could be drawn (yet). */
export function drawShipment(shipment) {
  if (!map || !shipment?.chain) return false;
  const features = chainFeatures(shipment.chain);
  if (!features.length) return false;
  drawOption({ chain: shipment.chain }, features);
  state.shipmentOnMap = true;
  return true;
}

// Called when the network arrives: a shipment opened before it is drawn now.
export function redrawShipment() {
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

/** An arrival time against the browser's clock: "in 4.2 days", or "due 4.2 days ago" once it is past. */
export function fromNow(iso, now = Date.now()) {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "\u00a0";
  const days = (t - now) / 86_400_000;
  return days >= 0 ? `in ${fmt1(days)} days` : `due ${fmt1(-days)} days ago`;
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
            el("div", { class: "ci" }, fromNow(eta.arrival_p50))),
          el("div", { class: "kpi eta-p90" },
            el("div", { class: "label" }, "Arrival P90 (UTC)"),
            el("div", { class: "value" }, fmtTime(eta.arrival_p90)),
            el("div", { class: "ci" }, fromNow(eta.arrival_p90)))),
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
      el("td", {}, placeName(shipment, e.node_id), el("span", { class: "hint" }, ` · ${e.node_id}`)),
      el("td", { class: "num" }, e.element_index)));
  $("#timeline").replaceChildren(...rows);
  $("#timeline-empty").textContent = events ? "No events yet." : "The timeline could not be loaded.";
  $("#timeline-empty").hidden = rows.length > 0;
  $("#event-slot").replaceChildren(eventForm(shipment, { apiKey, onPosted: (message) => reopen(shipment.id, message) }));
  $("#shipment-detail").hidden = false;
}

/** After an event is posted: the list's latest events, then the shipment's timeline and ETA again. */
async function reopen(id, message) {
  await loadShipments();
  await openShipment(id);
  if ($("#post-event-box")) $("#post-event-box").open = true;
  setShipmentsStatus(message);
}

/** Links cannot send the key header: fetch the document with it and open it as a Blob URL. */
async function openDocument(path) {
  clearShipmentsError();
  // Opened now, while the click still counts as a user gesture, and pointed at the document once it arrives.
  const win = window.open("", "_blank");
  try {
    const { blob } = await apiFile("GET", path, undefined, { headers: { "X-API-Key": apiKey() } });
    const url = URL.createObjectURL(blob);
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

export function initShipments() {
  try {
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) $("#api-key").value = saved;
  } catch {
    /* no storage: nothing saved */
  }
  $("#shipments-form").addEventListener("submit", loadShipments);
  initKeys(apiKey);
  // A booking made in the Plan view asks to be shown here.
  document.addEventListener("corridor:open-shipment", async (ev) => {
    await loadShipments();
    if (state.shipments.some((s) => s.id === ev.detail)) await openShipment(ev.detail);
  });
  $("#api-key").addEventListener("change", rememberKey);
}
