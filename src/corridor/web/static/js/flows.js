// The Flows view: a scenario's flows run (with the twin's rounds) and an appraisal, as server jobs;
// TEU and shares by corridor, the flows on the map (line width = TEU), the bottlenecks' utilisation,
// the appraisal's ranking, the reports.

import { ApiError, api, storedKey } from "./api.js";
import { $, el } from "./dom.js";
import { clearFieldError, showProblems } from "./forms.js";
import { fmt0, fmt2, fmtPct, isNum } from "./format.js";
import { drawFlows } from "./map.js";
import { state } from "./state.js";

const FINAL = new Set(["done", "failed", "cancelled"]);
const FIELDS = { scenario: "flows-scenario", twin_rounds: "twin-rounds", appraisal: "appraisal-file", draws: "draws" };
const CORRIDORS = ["sea", "northern", "middle", "southern", "unserved"];

function showError(err) {
  let problems = err instanceof ApiError ? err.problems : [{ field: null, message: String(err?.message || err) }];
  if (err instanceof ApiError && err.status === 401) {
    problems = [{ field: null, message: "Flows runs and appraisals need an API key: enter yours in the Shipments view." }];
  }
  showProblems(problems, FIELDS, $("#flows-error"));
}

function clearErrors() {
  for (const id of Object.values(FIELDS)) clearFieldError(id);
  $("#flows-error").hidden = true;
}

async function loadScenarios() {
  try {
    const data = await api("GET", "/v1/scenarios");
    $("#flows-scenario").replaceChildren(...(data.scenarios || []).map((s) => el("option", { value: s.name }, s.name)));
  } catch (err) {
    showError(err);
  }
}

/** Submit a job, poll it to its end, then show its results. */
async function runJob(kind, body, button) {
  clearErrors();
  button.disabled = true;
  const status = $("#flows-status");
  status.textContent = "submitting…";
  try {
    const job = await api("POST", `/v1/${kind}`, body);
    let current = job;
    while (!FINAL.has(current.status)) {
      const steps = current.total > 1 ? ` (${current.done ?? 0} of ${current.total} steps)` : "";
      status.textContent = `${kind === "flows" ? "flows" : "appraisal"} job ${job.job_id.slice(0, 8)} ${current.status}${steps}…`;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      current = await api("GET", `/v1/${kind}/${encodeURIComponent(job.job_id)}`);
    }
    status.textContent = `job ${job.job_id.slice(0, 8)} ${current.status}`;
    if (current.status !== "done") {
      showError(new Error(current.error || `The job was ${current.status}.`));
      return;
    }
    const results = await api("GET", `/v1/${kind}/${encodeURIComponent(job.job_id)}/results`);
    if (kind === "flows") {
      renderFlows(results, job.job_id);
      const links = await api("GET", `/v1/flows/${encodeURIComponent(job.job_id)}/links.geojson`);
      state.flowLines = links.features || [];
      if (!$("#view-flows").hidden) drawFlows(state.flowLines);
    }
    else renderAppraisal(results, job.job_id);
  } catch (err) {
    status.textContent = "";
    showError(err);
  } finally {
    button.disabled = false;
  }
}

function table(caption, headers, rows) {
  return el(
    "table",
    { class: "data-table" },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, headers.map(([text, num]) => el("th", { scope: "col", class: num ? "num" : null }, text)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map(([text, num]) => el("td", { class: num ? "num" : null }, text))))),
  );
}

/** A utilisation bar: a <meter> with its value in words beside it. */
function utilisation(value) {
  const shown = isNum(value) ? fmtPct(value) : "–";
  return el("span", { class: "util" }, el("meter", { min: 0, max: 1.2, low: 0.8, high: 1.0, optimum: 0.5, value: isNum(value) ? Math.min(value, 1.2) : 0, "aria-hidden": "true" }), ` ${shown}`);
}

/** The job's HTML report, fetched with the API key and saved as a file. */
function reportButton(kind, jobId) {
  return el("button", {
    type: "button",
    class: "secondary",
    onclick: async () => {
      try {
        const response = await fetch(`/v1/${kind}/${encodeURIComponent(jobId)}/report`, { headers: { "X-API-Key": storedKey() } });
        if (!response.ok) throw new Error(`The report could not be fetched (HTTP ${response.status}).`);
        const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html" }));
        const a = el("a", { href: url, download: `${kind}-${jobId}.html` });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      } catch (err) {
        showError(err);
      }
    },
  }, "Download the report (HTML)");
}

function renderFlows(results, jobId) {
  const teu = results.corridor_teu?.westbound || {};
  const shares = results.corridor_shares?.westbound || {};
  const rows = CORRIDORS.filter((c) => c in teu).map((c) => [[c], [fmt0(teu[c]), true], [fmtPct(shares[c]), true]]);
  const bottlenecks = (results.bottlenecks || []).filter((b) => b.utilisation >= 0.05).slice(0, 15);
  const twin = results.twin;
  const parts = [
    el("h2", {}, `Flows: ${results.provenance?.scenario || "run"}`),
    table("TEU per year by corridor (westbound)", [["Corridor"], ["TEU/yr", true], ["Share", true]], rows),
    table(
      "Bottlenecks: utilisation of the capacity elements",
      [["Element"], ["Kind"], ["TEU/yr", true], ["Utilisation"], ["Shadow price USD/TEU", true]],
      bottlenecks.map((b) => [[`${b.name}${b.key.endsWith(":rev") ? " (reverse direction)" : ""}`], [b.kind], [fmt0(b.teu_per_year), true], [utilisation(b.utilisation)], [fmt0(b.shadow_price_usd_per_teu), true]]),
    ),
  ];
  if (twin?.rounds?.length) {
    const last = twin.rounds[twin.rounds.length - 1];
    parts.push(el("p", { class: "hint" }, `The twin ran ${twin.rounds.length} round(s), ${twin.converged ? "converged" : "not converged"}: Middle corridor ${fmt0(twin.before.corridor_teu_westbound.middle)} → ${fmt0(last.corridor_teu_westbound.middle)} TEU/yr westbound.`));
  }
  parts.push(reportButton("flows", jobId));
  show(parts);
}

function renderAppraisal(results, jobId) {
  const ranking = results.ranking || [];
  const s = results.settings || {};
  show([
    el("h2", {}, "Appraisal ranking"),
    el("p", { class: "hint" }, `Discount rate ${fmtPct(s.discount_rate)}, ${s.horizon_years} years from ${s.base_year}, carbon USD ${fmt0(s.carbon_price_usd_per_t)}/t.`),
    table(
      "Candidates ranked by net present value",
      [["Rank", true], ["Candidate"], ["NPV M USD", true], ["BCR", true], ["TEU/yr diverted", true], ["CO2e t/yr", true], ["USD per t CO2e", true]],
      ranking.map((r) => [[r.rank, true], [r.id], [fmt0(r.npv_usd / 1e6), true], [fmt2(r.bcr), true], [fmt0(r.teu_diverted_per_year), true], [fmt0(r.co2e_change_t_per_year), true], [fmt0(r.abatement_cost_usd_per_t), true]]),
    ),
    reportButton("appraisals", jobId),
  ]);
}

function show(parts) {
  const target = $("#flows-results");
  target.replaceChildren(...parts);
  target.hidden = false;
  $("#flows-placeholder").hidden = true;
}

function submitFlows(ev) {
  ev.preventDefault();
  const rounds = Number($("#twin-rounds").value || 0);
  if (!Number.isInteger(rounds) || rounds < 0 || rounds > 8) {
    showProblems([{ field: "twin_rounds", message: "A whole number from 0 to 8." }], FIELDS, $("#flows-error"));
    return;
  }
  runJob("flows", { scenario: $("#flows-scenario").value, twin_rounds: rounds }, $("#flows-button"));
}

function submitAppraisal(ev) {
  ev.preventDefault();
  const draws = $("#draws").value ? Number($("#draws").value) : null;
  if (draws !== null && (!Number.isInteger(draws) || draws < 1 || draws > 50)) {
    showProblems([{ field: "draws", message: "A whole number from 1 to 50, or empty." }], FIELDS, $("#flows-error"));
    return;
  }
  runJob("appraisals", { appraisal: $("#appraisal-file").value.trim(), draws }, $("#appraise-button"));
}

export function initFlows() {
  loadScenarios();
  $("#flows-form").addEventListener("submit", submitFlows);
  $("#appraisal-form").addEventListener("submit", submitAppraisal);
}
