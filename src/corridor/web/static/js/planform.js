// The planner's form: reading it into a POST /v1/routes body, and its permalink (the form as URL
// query parameters, read back when a page is opened with them).

import { $, $$ } from "./dom.js";

/** API field -> id of the input (or fieldset) showing its errors. */
export const PLAN_FIELDS = {
  origin: "origin",
  destination: "destination",
  cargo: "cargo",
  avoid_countries: "avoid-countries",
  avoid_modes: "avoid-modes",
  criteria: "criteria",
  via: "via",
  avoid_nodes: "avoid-nodes",
  require_modes: "require-modes",
  dg_class: "dg-class",
  mass_t: "mass",
  max_transshipments: "max-transshipments",
  value_of_time_usd_per_container_day: "value-of-time",
  depart: "depart",
  currency: "currency",
};

const list = (text, upper = false) =>
  String(text ?? "")
    .split(upper ? /[\s,;]+/ : /[,;]+/)
    .map((c) => (upper ? c.trim().toUpperCase() : c.trim()))
    .filter(Boolean);

/** A number field: null when empty, NaN when not a number. */
function number(id) {
  const raw = $(`#${id}`).value.trim();
  return raw === "" ? null : Number(raw);
}

/** The form as a request body, and the problems found before asking the server. */
export function readPlanForm() {
  const problems = [];
  const origin = $("#origin").value.trim();
  const destination = $("#destination").value.trim();
  const cargo = $("#cargo").value.trim() || "1x40HC";
  const countries = list($("#avoid-countries").value, true);
  const modes = $$('input[name="avoid_modes"]:checked').map((c) => c.value);
  const criteria = $$('input[name="criteria"]:checked').map((c) => c.value);
  const via = list($("#via").value);
  const avoidNodes = list($("#avoid-nodes").value);
  const required = $$('input[name="require_modes"]:checked').map((c) => c.value);
  const dg = $("#dg-class").value;
  const mass = number("mass");
  const maxTr = number("max-transshipments");
  const vot = number("value-of-time");
  const depart = $("#depart").value;
  const currency = $("#currency").value;
  if (!origin) problems.push({ field: "origin", message: "Enter an origin: a place name or UN/LOCODE." });
  if (!destination) problems.push({ field: "destination", message: "Enter a destination: a place name or UN/LOCODE." });
  const bad = countries.filter((c) => !/^[A-Z]{2}$/.test(c));
  if (bad.length) problems.push({ field: "avoid_countries", message: `Not a two-letter ISO country code: ${bad.join(", ")}` });
  if (!criteria.length) problems.push({ field: "criteria", message: "Pick at least one thing to optimise for." });
  if (mass !== null && !(mass > 0)) problems.push({ field: "mass_t", message: "A mass in tonnes, more than 0." });
  if (maxTr !== null && !(Number.isInteger(maxTr) && maxTr >= 0)) {
    problems.push({ field: "max_transshipments", message: "A whole number, 0 or more." });
  }
  if (vot !== null && !(vot >= 0)) problems.push({ field: "value_of_time_usd_per_container_day", message: "USD per container-day, 0 or more." });
  const body = { origin, destination, cargo, avoid_countries: countries, avoid_modes: modes, criteria };
  if (via.length) body.via = via;
  if (avoidNodes.length) body.avoid_nodes = avoidNodes;
  if (required.length) body.require_modes = required;
  if (dg) body.dg_class = Number(dg);
  if (mass !== null) body.mass_t = mass;
  if (maxTr !== null) body.max_transshipments = maxTr;
  if (vot !== null) body.value_of_time_usd_per_container_day = vot;
  if (depart) body.depart = depart;
  if (currency && currency !== "USD") body.currency = currency;
  return { problems, body };
}

// URL parameter -> API field; lists are comma-separated.
const PARAMS = [
  ["origin", "origin"],
  ["destination", "destination"],
  ["cargo", "cargo"],
  ["avoid", "avoid_countries"],
  ["avoid_modes", "avoid_modes"],
  ["criteria", "criteria"],
  ["via", "via"],
  ["avoid_nodes", "avoid_nodes"],
  ["require_modes", "require_modes"],
  ["dg_class", "dg_class"],
  ["mass_t", "mass_t"],
  ["max_transshipments", "max_transshipments"],
  ["vot", "value_of_time_usd_per_container_day"],
  ["depart", "depart"],
  ["currency", "currency"],
];

/** The permalink of a request body (and the selected option): this page with the form in its query. */
export function permalink(body, option = null) {
  const params = new URLSearchParams();
  for (const [param, field] of PARAMS) {
    const value = body[field];
    if (value === undefined || value === null || (Array.isArray(value) && !value.length)) continue;
    params.set(param, Array.isArray(value) ? value.join(",") : String(value));
  }
  // A cleared value of time is written empty, so the link does not bring the default back.
  if (body.value_of_time_usd_per_container_day === undefined) params.set("vot", "");
  if (option !== null) params.set("option", String(option));
  return `${location.pathname}?${params.toString()}#plan`;
}

/** Fill the form from the page's URL; true if it named an origin and a destination (then plan). */
export function restorePlanForm(search = location.search) {
  const params = new URLSearchParams(search);
  if (!params.get("origin") || !params.get("destination")) return false;
  const text = (id, param) => {
    if (params.has(param)) $(`#${id}`).value = params.get(param);
  };
  text("origin", "origin");
  text("destination", "destination");
  text("cargo", "cargo");
  text("avoid-countries", "avoid");
  text("via", "via");
  text("avoid-nodes", "avoid_nodes");
  text("mass", "mass_t");
  text("max-transshipments", "max_transshipments");
  text("value-of-time", "vot");
  text("depart", "depart");
  if (params.has("dg_class")) $("#dg-class").value = params.get("dg_class");
  const code = (params.get("currency") || "USD").toUpperCase();
  $("#currency").value = $$("#currency option").some((o) => o.value === code) ? code : "USD";
  const ticks = (name, param) => {
    if (!params.has(param)) return;
    const on = new Set(list(params.get(param)));
    for (const box of $$(`input[name="${name}"]`)) box.checked = on.has(box.value);
  };
  ticks("avoid_modes", "avoid_modes");
  ticks("criteria", "criteria");
  ticks("require_modes", "require_modes");
  if (!params.has("avoid_modes")) for (const box of $$('input[name="avoid_modes"]')) box.checked = false;
  // Any extra options given open the "More options" box, so the user sees them
  if (["via", "avoid_nodes", "require_modes", "dg_class", "mass_t", "max_transshipments"].some((p) => params.has(p))) {
    $("#more-options").open = true;
  }
  return true;
}

/** The option the permalink selects, if any. */
export function linkedOption(search = location.search) {
  const value = Number(new URLSearchParams(search).get("option"));
  return Number.isInteger(value) && value > 0 ? value : null;
}
