// The Simulate view: scenario runs as server jobs, their results and the comparison of two runs.

import { ApiError, api, apiFile, storedKey } from "./api.js";
import { $, download, downloadBlob, el, svg } from "./dom.js";
import { clearFieldError, showProblems } from "./forms.js";
import { NF1, fmt0, fmt1, fmt2, fmtPct, isNum, niceTicks, plural } from "./format.js";
import { nodeName, state } from "./state.js";

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
    job ? runDownloads(job.job_id, summary) : null,
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

/** The run's files, kept on the server's disk: the HTML report, the tables as a workbook, the summary. */
function runDownloads(id, summary) {
  const base = `/v1/simulations/${encodeURIComponent(id)}`;
  const stem = `corridor-run-${id.slice(0, 8)}`;
  const fetchFile = async (button, path, name) => {
    button.disabled = true;
    try {
      const { blob } = await apiFile("GET", path, undefined, { headers: { "X-API-Key": storedKey() } });
      downloadBlob(name, blob);
    } catch (err) {
      showSimError(err);
    } finally {
      button.disabled = false;
    }
  };
  const button = (label, path, name, title) => {
    const b = el("button", { type: "button", class: "link-button", title });
    b.textContent = label;
    b.addEventListener("click", () => fetchFile(b, path, name));
    return b;
  };
  return el("div", { class: "downloads run-downloads", "aria-label": "Download this run" },
    button("Report (HTML)", `${base}/report`, `${stem}-report.html`, "The self-contained HTML report of the run"),
    button("Tables (XLSX)", `${base}/tables.xlsx`, `${stem}.xlsx`, "Transit times, by month, services, hubs and queues as one workbook"),
    el("button", { type: "button", class: "link-button", onclick: () => download(`${stem}-summary.json`, summary) }, "Summary (JSON)"));
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

export function initSimulate() {
  $("#sim-form").addEventListener("submit", submitSimulation);
  $("#compare-form").addEventListener("submit", compare);
  for (const id of ["replications", "seed", "scenario"]) $(`#${id}`).addEventListener("input", () => clearFieldError(id));
  loadScenarios();
  loadJobs();
}
