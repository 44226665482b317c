"""Compare two runs: KPI differences with confidence intervals."""

from __future__ import annotations

import math
import statistics
from typing import Any

from corridor.simulation.run import RunFolder


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
    """KPI rows: means of both runs, their difference and its 95% confidence half-width."""
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
        ma, mb = statistics.fmean(va), statistics.fmean(vb)
        ci = None
        if len(va) > 1 and len(vb) > 1:
            ci = 1.96 * math.sqrt(statistics.variance(va) / len(va) + statistics.variance(vb) / len(vb))
        rows.append(
            {
                "kpi": kpi,
                "a": ma,
                "b": mb,
                "delta": mb - ma,
                "ci95": ci,
                "significant": ci is not None and abs(mb - ma) > ci,
            }
        )
    return rows
