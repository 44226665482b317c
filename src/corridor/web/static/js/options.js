// The planner's options table: grouped by corridor (Middle, Northern, Southern, sea), each group led
// by its lowest generalised cost (or, without a value of time, its fastest) option, the rest of the
// group folded behind a button; and the recommended pick above the table.

import { co2eRange } from "./chart.js";
import { CORRIDORS, optionCorridor } from "./corridors.js";
import { $, $$, el } from "./dom.js";
import { fmt0, fmt1, isNum, plural } from "./format.js";
import { currency, fromUsd, optionCost } from "./money.js";
import { state } from "./state.js";
import { co2eColour } from "./styles.js";

const CORRIDOR_NAMES = Object.fromEntries(CORRIDORS.map(([id, name]) => [id, name]));

/** The corridor of an option, classified once per answer. */
export function corridorOf(option) {
  if (!option.corridor) option.corridor = optionCorridor(option);
  return option.corridor;
}

export const corridorName = (id) => CORRIDOR_NAMES[id] || id;

function sortOptions(options) {
  const { key, dir } = state.sort;
  return [...options].sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    if (typeof va === "string" || typeof vb === "string") return dir * String(va ?? "").localeCompare(String(vb ?? ""));
    return dir * ((va ?? Infinity) - (vb ?? Infinity)) || a.rank - b.rank;
  });
}

/** The group's pick: lowest generalised cost when the answer has one, else the lowest P50. */
function leadOf(options) {
  const key = options.every((o) => isNum(o.generalised_cost_usd)) ? "generalised_cost_usd" : "duration_days_p50";
  return options.reduce((a, b) => (b[key] < a[key] || (b[key] === a[key] && b.rank < a.rank) ? b : a));
}

const range = (values, format, unit = "") => {
  const v = values.filter(isNum);
  if (!v.length) return "–";
  const [lo, hi] = [Math.min(...v), Math.max(...v)];
  return `${format(lo)}${hi > lo ? `–${format(hi)}` : ""}${unit}`;
};

function optionRow(o, { lo, hi, onSelect, onKey, folded }) {
  return el(
    "tr",
    {
      class: `option-row${o.rank === state.selected ? " selected" : ""}${o.best ? " recommended" : ""}`,
      "data-rank": o.rank,
      "data-corridor": corridorOf(o),
      tabindex: 0,
      hidden: folded,
      "aria-selected": String(o.rank === state.selected),
      title: "Show this option on the map",
      onclick: () => onSelect(o.rank),
      onkeydown: (ev) => onKey(ev, o.rank),
    },
    el("td", { class: "num" },
      el("span", { class: "swatch", style: `background:${co2eColour(o.co2e_kg, lo, hi)}`, "aria-hidden": "true" }),
      o.rank,
      o.best ? el("span", { class: "badge", title: "Recommended: lowest generalised cost" }, "best") : null),
    el("td", { class: "path" }, el("span", { class: "path-text", title: o.path ?? "" }, o.path ?? "")),
    el("td", { class: "num" }, fmt1(o.duration_days_p50)),
    el("td", { class: "num" }, fmt1(o.duration_days_p90)),
    el("td", { class: "num" }, fmt0(optionCost(o))),
    el("td", { class: "num" }, fmt1(isNum(o.co2e_kg) ? o.co2e_kg / 1000 : null)),
    el("td", { class: "num" }, fmt0(o.distance_km)),
    el("td", { class: "num" }, o.transshipments ?? "–"),
    el("td", { class: "num" }, o.border_crossings ?? "–"),
  );
}

/** Draw the table; ``onSelect(rank)`` when a row is chosen. */
export function renderTable(onSelect) {
  const options = state.result?.options || [];
  const [lo, hi] = co2eRange();
  const onKey = (ev, rank) => rowKey(ev, rank, onSelect);
  const groups = CORRIDORS.map(([id]) => [id, options.filter((o) => corridorOf(o) === id)]).filter(([, g]) => g.length);
  const bodies = groups.map(([id, group]) => {
    const lead = leadOf(group);
    const open = state.expanded.has(id) || group.some((o) => o.rank === state.selected && o !== lead);
    const others = sortOptions(group.filter((o) => o !== lead));
    const bodyId = `group-${id}`;
    const toggle = others.length
      ? el("button", {
        type: "button",
        class: "link-button group-toggle",
        "aria-expanded": String(open),
        "aria-controls": bodyId,
        onclick: () => {
          if (open) state.expanded.delete(id);
          else state.expanded.add(id);
          renderTable(onSelect);
          $(`#${bodyId} .group-toggle`)?.focus();
        },
      }, open ? "Hide the others" : `Show ${plural(others.length, "more option")}`)
      : null;
    return el("tbody", { class: "corridor-group", id: bodyId, "data-corridor": id },
      el("tr", { class: "group-row" },
        el("th", { scope: "rowgroup", colspan: 9 },
          el("span", { class: "group-name" }, corridorName(id)),
          el("span", { class: "group-summary" },
            ` · ${plural(group.length, "option")} · P50 ${range(group.map((o) => o.duration_days_p50), fmt1, " d")}` +
              ` · ${currency()} ${range(group.map(optionCost), fmt0)}`),
          toggle)),
      optionRow(lead, { lo, hi, onSelect, onKey, folded: false }),
      others.map((o) => optionRow(o, { lo, hi, onSelect, onKey, folded: !open })));
  });
  // The groups replace the table's bodies only: its head (the column names, the sort buttons) stays.
  const table = $("#options");
  for (const body of $$("tbody", table)) body.remove();
  table.append(...bodies);
  $("#cost-header").textContent = `Cost ${currency()}`;
  $("#cost-header").title = `Cost, ${currency()}`;
  for (const th of $$(".options-table th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort === state.sort.key ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
  }
  renderRecommendation(onSelect);
}

/** The recommended pick: the API's best option, the lowest generalised cost at the form's value of time. */
function renderRecommendation(onSelect) {
  const box = $("#recommendation");
  const best = (state.result?.options || []).find((o) => o.best);
  const vot = state.valueOfTime;
  if (!best) {
    box.replaceChildren(el("p", { class: "hint" }, "No recommendation: give a value of time (More options) to rank the options by generalised cost."));
    return;
  }
  box.replaceChildren(
    el("p", { class: "recommend-line" },
      el("strong", {}, `Recommended: option ${best.rank}`),
      ` (${corridorName(corridorOf(best))}) · P50 ${fmt1(best.duration_days_p50)} d · ${currency()} ${fmt0(optionCost(best))} · ` +
        `${fmt1(isNum(best.co2e_kg) ? best.co2e_kg / 1000 : null)} t CO₂e `,
      el("button", { type: "button", class: "link-button", onclick: () => onSelect(best.rank) }, "Show it")),
    el("p", { class: "hint" },
      `The lowest generalised cost: cost + value of time × containers × mean transit days, at USD ${fmt0(vot)} per container-day` +
        `${isNum(best.generalised_cost_usd) ? ` (${currency()} ${fmt0(fromUsd(best.generalised_cost_usd))} for this option)` : ""}.`),
  );
}

function rowKey(ev, rank, onSelect) {
  if (ev.key === "Enter" || ev.key === " ") {
    ev.preventDefault();
    onSelect(rank);
  } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    const rows = $$("#options .option-row:not([hidden])");
    const i = rows.indexOf(ev.currentTarget);
    const next = rows[i + (ev.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  }
}

export function initTableSort(onSelect) {
  for (const th of $$(".options-table th[data-sort]")) {
    th.tabIndex = 0;
    const sort = () => {
      const key = th.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      if (state.result) renderTable(onSelect);
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

const CSV_COLUMNS = [
  ["rank", (o) => o.rank],
  ["corridor", (o) => corridorOf(o)],
  ["recommended", (o) => (o.best ? "yes" : "no")],
  ["path", (o) => o.path ?? ""],
  ["p50_days", (o) => o.duration_days_p50],
  ["p90_days", (o) => o.duration_days_p90],
  ["cost_usd", (o) => o.cost_usd],
  ["cost_in_currency", (o) => o.cost_in_currency ?? o.cost_usd],
  ["currency", () => currency()],
  ["co2e_kg", (o) => o.co2e_kg],
  ["distance_km", (o) => o.distance_km],
  ["transshipments", (o) => o.transshipments],
  ["border_crossings", (o) => o.border_crossings],
  ["generalised_cost_usd", (o) => o.generalised_cost_usd],
  ["countries", (o) => (o.countries || []).join("-")],
];

const csvCell = (v) => {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The options as CSV (RFC 4180), in the table's order, folded ones included, with full precision. */
export function optionsCsv() {
  const order = $$("#options .option-row").map((r) => Number(r.dataset.rank));
  const byRank = new Map((state.result?.options || []).map((o) => [o.rank, o]));
  const lines = [CSV_COLUMNS.map(([name]) => name).join(",")];
  for (const rank of order) {
    const o = byRank.get(rank);
    if (o) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(o))).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
