// The Plan view: the route form, the options table and chart, the breakdown of the selected option.

import { ApiError, api } from "./api.js";
import { $, $$, debounce, download, el, esc, svg } from "./dom.js";
import { clearFieldError, showProblems } from "./forms.js";
import { fmt0, fmt1, isNum, niceTicks, plural } from "./format.js";
import { clearRoute, drawOption, highlightLeg, hubLabel, map } from "./map.js";
import { nodeName, state } from "./state.js";
import { CO2E_STOPS, KIND_LABELS, co2eColour } from "./styles.js";

// POST /v1/routes answers a compact summary per option unless asked for chains, emissions and GeoJSON.
const ROUTES_FULL = "/v1/routes?include=chain&include=emissions&include=geojson";

const PLAN_FIELDS = {
  origin: "origin",
  destination: "destination",
  cargo: "cargo",
  avoid_countries: "avoid-countries",
  avoid_modes: "avoid-modes",
  criteria: "criteria",
};

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
  return {
    problems,
    body: { origin, destination, cargo, avoid_countries: countries, avoid_modes: modes, criteria },
  };
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
  clearRoute();
  $("#breakdown").hidden = true;
  $("#breakdown").replaceChildren();
  map.invalidateSize();
}

export function selectOption(rank, { scroll = true } = {}) {
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

export function initPlan() {
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
