"""Self-contained HTML reports of a run and of a comparison (plots embedded)."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import Any

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#1d2a35}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%;font-size:.88rem}th,td{border-bottom:1px solid #e3e6ea;
padding:.3rem .5rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%}.small{color:#5a6775;font-size:.85rem}
"""


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{escape(path.stem)}" src="data:image/png;base64,{data}">'


def _f(value: Any, places: int = 1) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _ci(stat: dict[str, Any], places: int = 1) -> str:
    if stat.get("mean") is None:
        return "—"
    return _f(stat["mean"], places) + (
        f" ± {_f(stat['ci95'], places)}" if stat.get("ci95") is not None else ""
    )


def _rows(rows: list[list[str]], headers: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def run_report(summary: dict[str, Any], plots: list[Path]) -> str:
    """The HTML report of one run."""
    flows = _rows(
        [
            [
                escape(name),
                _f(f["transit_days"]["p2_5"]),
                _f(f["transit_days"]["p25"]),
                _f(f["transit_days"]["p50"]),
                _f(f["transit_days"]["p75"]),
                _f(f["transit_days"]["p97_5"]),
                _ci(f["delivered_teu"], 0),
                escape(f["path"]),
            ]
            for name, f in summary["flows"].items()
            if not f["background"]
        ],
        ["flow", "P2.5 d", "P25 d", "P50 d", "P75 d", "P97.5 d", "TEU delivered", "route"],
    )
    services = _rows(
        [
            [
                escape(f"{s['from_node']} → {s['to_node']} ({link})"),
                _ci(s["carried_teu"], 0),
                _ci(s["utilisation"], 2),
                _ci(s["queue_teu_mean"], 0),
                _ci(s["queue_teu_end"], 0),
            ]
            for link, s in summary["services"].items()
        ],
        ["service", "TEU carried", "utilisation", "mean queue TEU", "queue at end TEU"],
    )
    months = _rows(
        [
            [
                escape(name),
                str(m["month"]),
                str(m["measured_days"]),
                _f(m["departed_teu"], 0),
                _f(m["in_transit_teu_end"], 0),
                _ci(m["transit_p50_days"]),
            ]
            for name, f in summary["flows"].items()
            if not f["background"]
            for m in f["by_departure_month"]
        ],
        ["flow", "departure month", "days measured", "TEU departed", "in transit at end", "transit P50 d"],
    )
    prov = summary["provenance"]
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Simulation: {escape(summary["scenario"])}</title><style>{STYLE}</style></head><body>
<h1>Simulation: {escape(summary["scenario"])}</h1>
<p>{summary["replications"]} replications of {summary["horizon_days"]:.0f} days
from {escape(summary["start"])}
(first {summary["warmup_days"]:.0f} days warm-up, not measured). Seed {prov["seed"]}; network
{escape(prov["network_version"])}; Corridor {escape(prov["corridor_version"])}. Means ± 95% confidence
half-widths across replications.</p>
<p>TEU still in transit at the end of the window: {_ci(summary["stranded_teu"], 0)}; the run then
drains (no new departures, at most a year) so every departure's transit time is measured. Emissions of
the delivered containers: {_ci(summary["co2e_t"], 0)} t CO2e (well-to-wheel, ISO 14083).</p>
<h2>Door-to-door transit times</h2>{flows}
<h2>By departure month</h2><p class="small">Every departure in the window, followed to delivery.</p>{months}
<h2>Sea and ferry services</h2>{services}
<h2>Plots</h2>{"".join(_img(p) for p in plots)}
</body></html>
"""


def compare_report(rows: list[dict[str, Any]], names: tuple[str, str], plots: list[Path]) -> str:
    """The HTML report of a comparison of two runs."""
    table = _rows(
        [
            [
                escape(r["kpi"]),
                _f(r["a"], 2),
                _f(r["b"], 2),
                _f(r["delta"], 2),
                "—" if r["ci95"] is None else f"± {_f(r['ci95'], 2)}",
                "yes" if r["significant"] else "no",
                "—" if r["p_value"] is None else f"{r['p_value']:.3g}",
                f"{r['n_a']}/{r['n_b']}",
            ]
            for r in rows
        ],
        ["KPI", names[0], names[1], "difference", "95% CI", "significant", "p", "n"],
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Comparison: {escape(names[0])} vs {escape(names[1])}</title><style>{STYLE}</style></head><body>
<h1>{escape(names[1])} compared with {escape(names[0])}</h1>
<p class="small">Difference = second minus first; 95% confidence interval of the difference of the means
across replications (n = replications of each run) by Welch's unequal-variance t test; significant
means p &lt; 0.05.</p>
{table}<h2>Plots</h2>{"".join(_img(p) for p in plots)}</body></html>
"""
