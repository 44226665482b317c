"""Command line: run the benchmarks, print one table, write it as JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks import api, assignment, grid, ingest, memory, pareto, simulation
from benchmarks.common import Section, log

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "latest.json"
BENCHMARKS: dict[str, Callable[[bool], Section]] = {
    "grid": lambda quick: grid.run(quick=quick),
    "bundled": lambda quick: pareto.run_bundled(quick=quick),
    "generated": lambda quick: pareto.run_generated(quick=quick),
    "simulation": lambda quick: simulation.run(quick=quick),
    "api": lambda quick: api.run(quick=quick),
    "memory": lambda quick: memory.run(quick=quick),
    "ingest": lambda quick: ingest.run(quick=quick),
    "assignment": lambda quick: assignment.run(quick=quick),
}
PACKAGES = ("corridor", "numpy", "numba", "scipy", "rustworkx", "igraph", "networkx", "simpy", "aequilibrae")


def machine() -> dict[str, Any]:
    """Facts about the machine and library versions."""
    versions: dict[str, str] = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "versions": versions,
    }


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def table(sections: Sequence[Section], facts: dict[str, Any]) -> str:
    """The plain-text result table."""
    header = ("benchmark", "implementation", "median ms", "p90 ms", "n", "ratio to corridor", "notes")
    lines: list[tuple[str, ...]] = []
    skipped: list[str] = []
    for section in sections:
        if section.status != "ok":
            skipped.append(f"{section.name}: {section.message}")
            continue
        for row in section.rows:
            ratio = "-" if row.ratio is None else f"{row.ratio:,.2f}x"
            lines.append(
                (
                    row.benchmark,
                    row.implementation,
                    _fmt(row.median_ms),
                    _fmt(row.p90_ms),
                    str(row.n),
                    ratio,
                    row.notes,
                )
            )
    widths = [max(len(r[i]) for r in (header, *lines)) for i in range(len(header) - 1)]
    out = []
    for r in (header, *lines):
        cells = [r[i].rjust(widths[i]) if 2 <= i <= 5 else r[i].ljust(widths[i]) for i in range(len(widths))]
        out.append(" | ".join((*cells, r[-1])).rstrip())
        if r is header:
            out.append("-+-".join("-" * w for w in widths) + "-+------")
    out.extend(skipped)
    v = facts["versions"]
    out.append("")
    out.append(
        f"machine: {facts['cpu_count']} CPUs, {facts['processor']}, {facts['platform']}; "
        f"Python {facts['python']}; " + ", ".join(f"{k} {v[k]}" for k in PACKAGES)
    )
    for section in sections:
        if section.status == "ok":
            shown = {k: v for k, v in section.facts.items() if k not in ("queries", "skipped_pairs")}
            out.append(f"{section.name}: {json.dumps(shown, ensure_ascii=False)}")
            out.extend(f"  check passed: {c}" for c in section.checks)
    return "\n".join(out)


def main(argv: Sequence[str] | None = None, *, output: Path | None = None) -> int:
    """Run the benchmarks; ``output`` (or ``--output``) is where the JSON goes."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every benchmark")
    parser.add_argument(
        "--only", choices=sorted(BENCHMARKS), action="append", help="run only this benchmark (repeatable)"
    )
    parser.add_argument("--output", type=Path, default=None, help=f"JSON file (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    path: Path = args.output or output or DEFAULT_OUTPUT
    names = args.only or list(BENCHMARKS)
    start = time.perf_counter()
    sections = []
    for name in names:
        log(f"=== {name}")
        sections.append(BENCHMARKS[name](args.quick))
    facts = machine()
    text = table(sections, facts)
    print(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "quick": args.quick,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "wall_s": round(time.perf_counter() - start, 1),
        "machine": facts,
        "sections": [s.to_dict() for s in sections],
        "table": text,
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {path} (total {time.perf_counter() - start:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
