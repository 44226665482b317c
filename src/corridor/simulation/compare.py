"""Compare two runs: KPI differences with confidence intervals."""

from __future__ import annotations

import math
import statistics
from typing import Any

from corridor.simulation.run import RunFolder
from corridor.simulation.stats import welch_test


def _values(run: RunFolder, kpi: str) -> list[float]:
    kind, _, name = kpi.partition(":")
    out: list[float] = []
    for r in run.results:
        if kind == "transit_p50_days" and name in r.flows:
            value = r.flows[name]["transit_days"]["p50"]
        elif kind == "delivered_teu" and name in r.flows:
            value = r.flows[name]["delivered_teu"]
        elif kind == "utilisation" and name in r.services:
            value = r.services[name]["utilisation"]
        elif kind == "stranded_teu":
            value = r.stranded_teu
        elif kind == "co2e_t":
            value = r.co2e_t
        else:
            continue
        if value is not None:
            out.append(float(value))
    return out


def compare_runs(a: RunFolder, b: RunFolder) -> list[dict[str, Any]]:
    """KPI rows: means of both runs, their difference, its 95% confidence half-width and Welch's test.

    The interval and ``p_value`` come from Welch's unequal-variance t test over
    the replications (``n_a``, ``n_b``) with Welch-Satterthwaite ``df``;
    ``significant`` means ``p_value < 0.05``.
    """
    kpis = ["stranded_teu", "co2e_t"]
    for name, flow in a.summary["flows"].items():
        if name in b.summary["flows"] and not flow["background"]:
            kpis += [f"transit_p50_days:{name}", f"delivered_teu:{name}"]
    kpis += [f"utilisation:{link}" for link in a.summary["services"] if link in b.summary["services"]]
    rows = []
    for kpi in kpis:
        va, vb = _values(a, kpi), _values(b, kpi)
        if not va or not vb:
            continue
        test = welch_test(va, vb)
        rows.append(
            {
                "kpi": kpi,
                "a": statistics.fmean(va),
                "b": statistics.fmean(vb),
                "delta": statistics.fmean(vb) - statistics.fmean(va),
                "ci95": test.ci_half_width if test else None,
                "significant": test is not None and test.p_value < 0.05,
                "p_value": test.p_value if test else None,
                "df": test.df if test and math.isfinite(test.df) else None,
                "n_a": len(va),
                "n_b": len(vb),
            }
        )
    return rows
