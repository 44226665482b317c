// The Plan view: the route form, the options table and chart, the breakdown of the selected option.

import { ApiError, api, apiFile } from "./api.js";
import { bookingBox } from "./booking.js";
import { renderChart as drawChart } from "./chart.js";
import { $, $$, debounce, download, downloadBlob, el } from "./dom.js";
import { clearFieldError, showProblems } from "./forms.js";
import { fmt0, fmt1, isNum, plural } from "./format.js";
import { currency, fromUsd, optionCost, rateLine } from "./money.js";
import { clearRoute, drawOption, highlightLeg, hubLabel, map } from "./map.js";
import { corridorName, corridorOf, initTableSort as initSort, optionsCsv, renderTable as drawTable } from "./options.js";
import { PLAN_FIELDS, linkedOption, permalink, readPlanForm, restorePlanForm } from "./planform.js";
import { nodeName, state } from "./state.js";

const renderChart = () => drawChart(selectOption);
const renderTable = () => drawTable(selectOption);

// POST /v1/routes answers a compact summary per option unless asked for chains, emissions and GeoJSON.
const ROUTES_FULL = "/v1/routes?include=chain&include=emissions&include=geojson";

export function showPlanError(err) {
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
      // Nodes, towns (GeoNames), UN/LOCODEs: each value is what the planner reads as exactly that place.
      const data = await api("GET", `/v1/places?q=${encodeURIComponent(q)}&limit=10`, undefined, { signal: controller.signal });
      list.replaceChildren(
        ...(data.places || []).map((p) => {
          const kind = p.kind === "town" ? "town" : p.kind === "locode" ? "UN/LOCODE" : "terminal";
          const label = [p.label, kind].filter(Boolean).join(" · ");
          return el("option", { value: p.value, label });
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

// A place off the network (a town, coordinates) is a door the server adds with its trucks: name and
// place it from the answer so the map, the table and the breakdown can show the pre- and on-carriage.
function registerDoors(result) {
  const names = { "DOOR-ORIGIN": result.query?.places?.[0]?.as, "DOOR-DESTINATION": result.query?.places?.[1]?.as };
  for (const id of Object.keys(names)) state.nodes.delete(id); // the last plan's doors were other places
  for (const f of result.geojson?.features || []) {
    const ids = f.properties?.node_ids;
    const coords = f.geometry?.coordinates;
    if (f.geometry?.type !== "LineString" || !Array.isArray(ids)) continue;
    ids.forEach((id, i) => {
      if (state.nodes.has(id) || !coords?.[i]) return;
      state.nodes.set(id, { node_id: id, name: names[id] || id, kind: "city", country: "", lat: coords[i][1], lon: coords[i][0] });
    });
  }
}

async function plan(ev, { select = null } = {}) {
  if (ev) ev.preventDefault();
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
    registerDoors(result);
    state.request = body;
    state.valueOfTime = body.value_of_time_usd_per_container_day ?? null;
    state.sort = { key: "rank", dir: 1 };
    state.expanded.clear();
    const n = (result.options || []).length;
    setStatus(plural(n, "option"));
    renderResults();
    if (n) {
      const best = result.options.find((o) => o.rank === select) || result.options.find((o) => o.best) || result.options[0];
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
  const r = result.currency;
  if (r) bits.push(`costs in ${rateLine()}`);
  if (prov.factor_dataset) bits.push(`factors ${prov.factor_dataset} ${prov.factor_dataset_version ?? ""}`.trim());
  $("#provenance").replaceChildren(bits.join(" · "), r?.url ? el("span", {}, " · ", el("a", { href: r.url, rel: "noopener" }, "rate source")) : "");
}

function clearSelection() {
  state.selected = null;
  clearRoute();
  $("#breakdown").hidden = true;
  $("#breakdown").replaceChildren();
  map.invalidateSize();
}

/** The page's URL and the results' link name the form and the selected option. */
function updatePermalink() {
  if (!state.request) return;
  const link = permalink(state.request, state.selected);
  history.replaceState(null, "", link);
  $("#permalink").href = link;
}

export function selectOption(rank, { scroll = true } = {}) {
  const option = (state.result?.options || []).find((o) => o.rank === rank);
  if (!option) return;
  state.selected = rank;
  updatePermalink();
  // An option folded in its corridor's group is unfolded to be shown.
  if ($(`#options .option-row[data-rank="${rank}"]`)?.hidden) {
    state.expanded.add(corridorOf(option));
    renderTable();
  }
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


/** "departs 2026-12-05 01:00 UTC (2649W, Turkestan), waits 26 h", or why the weekly frequency was used. */
function departureText(d) {
  if (!d.departs) return d.note || "";
  const when = String(d.departs).slice(0, 16).replace("T", " ");
  const what = [d.voyage, d.vessel].filter(Boolean).join(", ");
  return `departs ${when} UTC${what ? ` (${what})` : ""}, waits ${fmt0(d.wait_h)} h`;
}

function renderBreakdown(option) {
  const box = $("#breakdown");
  const elements = option.chain?.elements || [];
  const emissions = new Map((option.emissions?.elements || []).map((e, i) => [isNum(e.index) ? e.index : i, e]));
  // The actual departures a dated plan waits for (timetables loaded on the server or sent with the question).
  const boarded = new Map();
  for (const d of option.departures || []) boarded.set(d.element, [...(boarded.get(d.element) || []), d]);
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
        (e.countries || []).length ? el("span", { class: "hint" }, ` · ${e.countries.join("–")}`) : null,
        ...(boarded.get(index) || []).map((d) => el("span", { class: "hint departure" }, ` · ${departureText(d)}`)))
      : el("span", {}, nodeName(e.node_id), el("span", { class: "hint" }, ` · ${hubLabel(e)}`));
    const row = el(
      "tr",
      { class: isLeg ? "leg" : "hub", "data-index": index },
      el("td", { class: "num" }, index + 1),
      el("td", {}, el("span", { class: `mode-chip mode-${isLeg ? e.mode : "hub"}` }, isLeg ? e.mode : "hub")),
      el("td", {}, place),
      el("td", { class: "num" }, isLeg ? fmt0(e.distance_km) : ""),
      el("td", { class: "num" }, fmt1(e.duration_h_mean)),
      el("td", { class: "num" }, fmt0(fromUsd(e.cost_usd))),
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
      el("h2", {}, `Option ${option.rank} · ${corridorName(corridorOf(option))}`),
      el("span", { class: "totals" },
        `P50 ${fmt1(option.duration_days_p50)} d · P90 ${fmt1(option.duration_days_p90)} d · ${currency()} ${fmt0(optionCost(option))} · ` +
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
          el("th", { scope: "col", class: "num" }, `Cost ${currency()}`),
          el("th", { scope: "col", class: "num" }, "CO₂e kg"))),
      el("tbody", {}, rows),
      el("tfoot", {},
        el("tr", {},
          el("td", {}),
          el("td", {}, "Total"),
          el("td", {}, `${plural(elements.filter((e) => e.type === "leg").length, "leg")}, ${plural(elements.filter((e) => e.type === "hub").length, "hub")}`),
          el("td", { class: "num" }, fmt0(km)),
          el("td", { class: "num" }, fmt1(hours)),
          el("td", { class: "num" }, fmt0(fromUsd(cost))),
          el("td", { class: "num" }, fmt1(isNum(totals.wtw_kg) ? totals.wtw_kg : option.co2e_kg))))),
    byMode.length ? el("p", { class: "by-mode" }, `CO₂e well-to-wheel by mode: ${byMode.join(" · ")}. Time is the mean; P50/P90 are the median and 90th percentile of every element's time distribution convolved.`) : null,
    option.chain ? bookingBox(option, state.result) : null,
  );
  box.hidden = false;
}

/** The server builds the workbook or the printable plan from the same question (POST /v1/routes/export). */
async function exportPlan(format) {
  if (!state.request) return;
  const button = $(`#download-${format}`);
  button.disabled = true;
  setStatus(`preparing the ${format.toUpperCase()}…`, true);
  try {
    const option = format === "pdf" && state.selected ? `&option=${state.selected}` : "";
    const { blob, name } = await apiFile("POST", `/v1/routes/export?format=${format}${option}`, state.request);
    downloadBlob(name || `corridor.${format}`, blob);
    setStatus(`${format.toUpperCase()} downloaded`);
  } catch (err) {
    setStatus("");
    showPlanError(err);
  } finally {
    button.disabled = false;
  }
}

function clearSelectionKeepResults() {
  clearSelection();
  for (const row of $$("#options .option-row")) {
    row.classList.remove("selected");
    row.setAttribute("aria-selected", "false");
  }
  renderChart();
}

export function initPlan() {
  initAutocomplete("origin");
  initAutocomplete("destination");
  initSort(selectOption);
  $("#plan-form").addEventListener("submit", plan);
  for (const id of ["cargo", "avoid-countries", "via", "avoid-nodes", "mass", "max-transshipments", "value-of-time", "dg-class"]) {
    $(`#${id}`).addEventListener("input", () => clearFieldError(id));
  }
  for (const box of $$('input[name="avoid_modes"], input[name="criteria"], input[name="require_modes"]')) {
    box.addEventListener("change", () => {
      clearFieldError("avoid-modes");
      clearFieldError("require-modes");
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
  $("#download-csv").addEventListener("click", () => {
    if (state.result) download(`corridor-${slug()}.csv`, optionsCsv(), "text/csv");
  });
  $("#download-xlsx").addEventListener("click", () => exportPlan("xlsx"));
  $("#download-pdf").addEventListener("click", () => exportPlan("pdf"));
  $("#download-geojson").addEventListener("click", () => {
    if (state.result?.geojson) download(`corridor-${slug()}.geojson`, state.result.geojson, "application/geo+json");
  });
  window.addEventListener("resize", debounce(() => {
    if (state.result && !$("#view-plan").hidden) renderChart();
  }, 200));
  // A permalink (?origin=…&destination=…) fills the form and plans at once.
  if (restorePlanForm()) plan(null, { select: linkedOption() });
}
