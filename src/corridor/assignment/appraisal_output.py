"""The appraisal run folder: summary.json, candidates.csv, diversion.csv, segments.csv, report.html.

Written with the flows run folder's writer helpers (atomic files, the same
CSV and HTML table builders and the simulation report's style).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any

from corridor.assignment.appraisal_results import Appraisal, CandidateResult
from corridor.assignment.output import _csv, _n, _table
from corridor.errors import OutputFileError
from corridor.files import write_text_atomic
from corridor.simulation.report import STYLE

COLUMNS = [
    "rank",
    "id",
    "name",
    "kind",
    "members",
    "opening_year",
    "capital_usd",
    "operating_usd_per_year",
    "cost_basis",
    "teu_diverted_per_year",
    "user_benefit_usd_per_year",
    "hours_saved_per_year",
    "co2e_change_t_per_year",
    "co2e_from_levers_t_per_year",
    "pv_user_benefits_usd",
    "pv_carbon_benefits_usd",
    "pv_costs_usd",
    "npv_usd",
    "bcr",
    "pv_co2e_avoided_t",
    "abatement_cost_usd_per_t",
    "top_bottleneck",
]


@dataclass(frozen=True, slots=True)
class AppraisalRunFiles:
    """What :func:`write_appraisal_run` wrote."""

    folder: Path
    files: tuple[Path, ...]
    report: Path


def _row(result: CandidateResult) -> dict[str, Any]:
    data = asdict(result)
    data["members"] = "|".join(result.members)
    return {c: data[c] for c in COLUMNS}


def appraisal_summary(appraisal: Appraisal) -> dict[str, Any]:
    """Headline figures as JSON-ready values (what ``summary.json`` holds)."""
    return {
        "name": appraisal.name,
        "settings": appraisal.settings.model_dump(),
        "reference": {
            "corridor_teu": appraisal.reference.corridor_teu,
            "totals": appraisal.reference.totals,
        },
        "ranking": [_row(r) for r in appraisal.ranking()],
        "monte_carlo": (
            None
            if appraisal.monte_carlo is None
            else {
                "draws": len(appraisal.monte_carlo.draws),
                "spread": [asdict(s) for s in appraisal.monte_carlo.spread],
            }
        ),
        "provenance": appraisal.provenance,
    }


def write_appraisal_run(out: str | Path, appraisal: Appraisal) -> AppraisalRunFiles:
    """Write the appraisal's tables and report to ``out`` (created if needed), each file atomically."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputFileError(f"{folder}: cannot create the folder ({err.strerror})") from err
    ranking = appraisal.ranking()
    corridors = sorted({k for r in ranking for k in r.teu_change_by_corridor})
    segments = sorted({k for r in ranking for k in r.user_benefit_by_segment})
    texts = {
        "summary.json": json.dumps(appraisal_summary(appraisal), indent=2) + "\n",
        "candidates.csv": _csv([_row(r) for r in ranking], COLUMNS),
        "diversion.csv": _csv(
            [
                {"id": r.id, "corridor": c, "teu_change_per_year": r.teu_change_by_corridor.get(c, 0.0)}
                for r in ranking
                for c in corridors
            ],
            ["id", "corridor", "teu_change_per_year"],
        ),
        "segments.csv": _csv(
            [
                {"id": r.id, "segment": s, "user_benefit_usd_per_year": r.user_benefit_by_segment.get(s, 0.0)}
                for r in ranking
                for s in segments
            ],
            ["id", "segment", "user_benefit_usd_per_year"],
        ),
        "report.html": appraisal_report(appraisal),
    }
    if appraisal.monte_carlo is not None:
        mc = appraisal.monte_carlo
        texts["montecarlo.csv"] = _csv(
            [asdict(s) for s in mc.spread],
            [
                "id",
                "npv_p10_usd",
                "npv_p50_usd",
                "npv_p90_usd",
                "probability_npv_positive",
                "share_ranked_first",
                "mean_rank",
            ],
        )
        texts["draws.csv"] = _csv(
            [
                {**asdict(d), "id": cid, "npv_usd": mc.npv_usd[cid][d.index], "rank": mc.rank[cid][d.index]}
                for d in mc.draws
                for cid in mc.npv_usd
            ],
            [
                "index",
                "demand_factor",
                "value_of_time_factor",
                "capital_cost_factor",
                "benefit_growth_per_year",
                "id",
                "npv_usd",
                "rank",
            ],
        )
    written = []
    for name, text in texts.items():
        path = folder / name
        try:
            write_text_atomic(path, text)
        except OSError as err:
            raise OutputFileError(f"{path}: cannot write ({err.strerror})") from err
        written.append(path)
    return AppraisalRunFiles(folder, tuple(written), folder / "report.html")


def _money(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:,.1f} M"


def _spread_html(appraisal: Appraisal) -> str:
    mc = appraisal.monte_carlo
    if mc is None:
        return ""
    rows = [
        [
            escape(s.id),
            _money(s.npv_p10_usd),
            _money(s.npv_p50_usd),
            _money(s.npv_p90_usd),
            f"{s.probability_npv_positive:.0%}",
            f"{s.share_ranked_first:.0%}",
            f"{s.mean_rank:.1f}",
        ]
        for s in mc.spread
    ]
    headers = ["candidate", "NPV P10", "NPV P50", "NPV P90", "P(NPV > 0)", "ranked first", "mean rank"]
    return f"""<h2>How robust the ranking is: {len(mc.draws)} Monte Carlo draws</h2>
<p>Demand, values of time, capital costs and benefit growth drawn from the file's triangular
distributions; each draw re-runs every equilibrium (routes reused).</p>
{_table(headers, rows)}
"""


def appraisal_report(appraisal: Appraisal) -> str:
    """A self-contained HTML report: the ranking, what each candidate diverts, and the settings."""
    s = appraisal.settings
    ranking = appraisal.ranking()
    rows = [
        [
            str(r.rank),
            escape(r.name),
            escape(r.kind),
            str(r.opening_year),
            _money(r.capital_usd),
            escape(r.cost_basis),
            _n(r.teu_diverted_per_year),
            _money(r.user_benefit_usd_per_year),
            _n(r.hours_saved_per_year),
            _n(r.co2e_change_t_per_year),
            _money(r.npv_usd),
            "–" if r.bcr is None else f"{r.bcr:.2f}",
            "–" if r.abatement_cost_usd_per_t is None else f"{r.abatement_cost_usd_per_t:,.0f}",
        ]
        for r in ranking
    ]
    headers = [
        "rank",
        "candidate",
        "kind",
        "opens",
        "capital USD",
        "cost basis",
        "TEU diverted/yr",
        "user benefit USD/yr",
        "TEU-hours saved/yr",
        "CO2e change t/yr",
        "NPV USD",
        "BCR",
        "USD per t CO2e avoided",
    ]
    corridors = sorted({k for r in ranking for k in r.teu_change_by_corridor})
    diversion = [
        [escape(r.name)] + [_n(r.teu_change_by_corridor.get(c, 0.0)) for c in corridors] for r in ranking
    ]
    reference = appraisal.reference.corridor_teu["both"]
    scenario = escape(str(appraisal.provenance.get("reference_scenario", "")))
    body = f"""<h1>Appraisal: {escape(appraisal.name)}</h1>
<p>Against the reference flows scenario <b>{scenario}</b>
(modelled year {escape(str(appraisal.provenance.get("year", "")))}): discount rate {s.discount_rate:.1%},
horizon {s.horizon_years} years from {s.base_year}, carbon price USD {s.carbon_price_usd_per_t:,.0f}/t CO2e,
benefit growth {s.benefit_growth_per_year:.1%}/yr. User benefit by the rule of a half over every
alternative of every OD and segment; CO2e WTW of the whole flow (shift from or to sea included).
Ranked by NPV.</p>
<h2>Ranking</h2>
{_table(headers, rows)}
<h2>TEU/yr by corridor: change against the reference</h2>
<p>Reference: {", ".join(f"{escape(k)} {_n(v)}" for k, v in sorted(reference.items()))}.</p>
{_table(["candidate", *corridors], diversion)}
{_spread_html(appraisal)}"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Appraisal {escape(appraisal.name)}</title>
<style>{STYLE}</style></head><body>
{body}</body></html>
"""


__all__ = ["AppraisalRunFiles", "appraisal_report", "appraisal_summary", "write_appraisal_run"]
