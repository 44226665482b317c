"""The benchmark suite runs end to end in its quick mode (no assertion on timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs every benchmark in quick mode: about 40 s.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmarks_run_check_and_write_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["quick"] is True
    sections = {s["name"]: s for s in report["sections"]}
    assert set(sections) == {
        "grid",
        "bundled",
        "generated",
        "simulation",
        "api",
        "memory",
        "ingest",
        "assignment",
    }
    # AequilibraE is an extra of its own: without it the section says how to install it
    assignment = sections["assignment"]
    assert assignment["status"] == "ok" or "pip install aequilibrae" in assignment["message"]
    assert any("same shortest time" in c for c in sections["memory"]["checks"])
    assert sections["ingest"]["status"] == "ok"
    assert any("stored; p99" in c for c in sections["ingest"]["checks"])
    assert sections["api"]["status"] == "ok"
    assert any("all 200 with options" in c for c in sections["api"]["checks"])
    assert sections["grid"]["status"] == "ok"
    assert sections["generated"]["status"] == "ok"
    assert sections["simulation"]["status"] == "ok"
    for section in sections.values():
        if section["status"] == "ok":
            assert section["rows"]
            assert section["checks"]
        else:
            assert section["message"].startswith("skipped:")
    # The generated network is small in quick mode, so the baseline finishes and its answers are compared.
    assert any("baseline Pareto vectors equal" in c for c in sections["generated"]["checks"])
    assert "corridor bidirectional_dijkstra" in proc.stdout
    # Corridor's engine and the per-container SimPy model agree on transit times and delivered TEU.
    simulation = sections["simulation"]
    assert any("median door-to-door transit" in c for c in simulation["checks"])
    assert any("delivered TEU agree" in c for c in simulation["checks"])
    implementations = {r["implementation"] for r in simulation["rows"]}
    assert {"corridor run_replication (lots)", "per-container SimPy model (baseline)"} <= implementations
