// The planner's chart: each option's P50 days against cost, coloured by CO2e.

import { $, esc, svg } from "./dom.js";
import { fmt0, fmt1, isNum, niceTicks } from "./format.js";
import { currency, optionCost } from "./money.js";
import { state } from "./state.js";
import { CO2E_STOPS, co2eColour } from "./styles.js";

export function co2eRange() {
  const values = (state.result?.options || []).map((o) => o.co2e_kg).filter(isNum);
  return values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
}

/** Draw the chart; ``onSelect(rank)`` when a dot is clicked. */
export function renderChart(onSelect) {
  const chart = $("#chart");
  const options = state.result?.options || [];
  const width = Math.max(300, Math.round(chart.getBoundingClientRect().width) || 500);
  const height = 210;
  const m = { top: 14, right: 16, bottom: 34, left: 58 };
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.replaceChildren();
  const pts = options.filter((o) => isNum(o.duration_days_p50) && isNum(optionCost(o)));
  if (!pts.length) return;
  const xs = niceTicks(Math.min(...pts.map((o) => o.duration_days_p50)), Math.max(...pts.map((o) => o.duration_days_p50)));
  const ys = niceTicks(Math.min(...pts.map(optionCost)), Math.max(...pts.map(optionCost)), 4);
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
    svg("text", { class: "axis-title", x: 12, y: (m.top + height - m.bottom) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})` }, `Cost (${currency()})`),
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
    const label = `Option ${o.rank}: ${fmt1(o.duration_days_p50)} days P50, ${currency()} ${fmt0(optionCost(o))}, ${fmt1(o.co2e_kg / 1000)} t CO2e`;
    const dot = svg("circle", {
      class: `option-dot${selected ? " selected" : ""}`,
      cx: X(o.duration_days_p50).toFixed(1),
      cy: Y(optionCost(o)).toFixed(1),
      r: selected ? 8 : 6,
      fill: co2eColour(o.co2e_kg, lo, hi),
      "data-rank": o.rank,
      tabindex: 0,
      role: "button",
      "aria-label": label,
      "aria-pressed": String(selected),
    }, svg("title", {}, label));
    dot.addEventListener("click", () => onSelect(o.rank));
    dot.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        onSelect(o.rank);
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
    `${currency()} ${esc(fmt0(optionCost(o)))} · ${esc(fmt1(o.co2e_kg / 1000))} t CO₂e<br>${esc(o.path ?? "")}`;
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
