// Corridor web page: the route planner (Plan), the simulation runner (Simulate), flows runs and
// appraisals (Flows) and a read-only view of the shipments an API key may see (Shipments).
// Native ES modules, no build step: this one wires the tabs, the health line and the shared map
// to the views (plan.js, simulate.js, flows.js, shipments.js) over the shared modules (api.js, map.js,
// dom.js, format.js, forms.js, state.js, styles.js).

import { api } from "./api.js";
import { $, $$ } from "./dom.js";
import { clearRoute, drawFlows, drawOption, frameNetwork, initMap, map } from "./map.js";
import { initFlows } from "./flows.js";
import { initPlan, showPlanError } from "./plan.js";
import { drawShipment, initShipments, redrawShipment } from "./shipments.js";
import { initSimulate } from "./simulate.js";
import { state } from "./state.js";

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

/** The map lives in the view that shows it: the planner's map column, the shipments' or the flows' one. */
const MAP_SLOTS = { plan: "#view-plan .map-column", shipments: "#shipments-map-slot", flows: "#flows-map-slot" };

function placeMap(view) {
  const mapEl = $("#map");
  const slot = MAP_SLOTS[view] ? $(MAP_SLOTS[view]) : null;
  if (!mapEl || !slot) return;
  if (mapEl.parentElement !== slot) slot.prepend($("#skip-map"), mapEl);
  if (!map) return;
  map.invalidateSize();
  if (view === "plan" && state.shipmentOnMap) {
    const option = (state.result?.options || []).find((o) => o.rank === state.selected);
    if (option) drawOption(option);
    else clearRoute();
  } else if (view === "flows") {
    if (state.flowLines) drawFlows(state.flowLines);
    else clearRoute();
    state.shipmentOnMap = true;
  } else if (view === "shipments") {
    const shown = state.shipments.find((s) => s.id === state.shownShipment);
    if (!shown?.chain || !drawShipment(shown)) {
      clearRoute();
      state.shipmentOnMap = true;
    }
  }
  setTimeout(() => map.invalidateSize(), 0);
}

/** The visible view's first form field: where "Skip to the form" lands. */
function firstField() {
  const view = $$(".view").find((v) => !v.hidden);
  return view && $("input, select", view);
}

/** Where "Skip the map" lands: the options (or the breakdown) of the planner, else the view's form. */
function afterMap() {
  const shown = (sel) => {
    const node = $(sel);
    return node && node.offsetParent !== null ? node : null;
  };
  if (!$("#view-plan").hidden) return shown("#options .option-row.selected") || shown("#options .option-row") || shown("#breakdown .close") || firstField();
  return shown("#shipments .shipment-row") || firstField();
}

// Skip links focus their target without changing the URL's hash (it names the tab).
function initSkipLinks() {
  const skip = (target) => (ev) => {
    ev.preventDefault();
    const node = target();
    if (node) node.focus();
  };
  $("#skip-to-form").addEventListener("click", skip(firstField));
  $("#skip-map").addEventListener("click", skip(afterMap));
}

function boot() {
  initSkipLinks();
  initTabs();
  loadHealth();
  initMap({ onNetwork: redrawShipment, onError: showPlanError });
  initPlan();
  initSimulate();
  initFlows();
  initShipments();
  // Set by the tab switcher too, but the map is created after the first tab is shown.
  setTimeout(() => map.invalidateSize(), 0);
}

boot();
