"""The flows run folder and comparisons."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from corridor.assignment import FlowsResult, LogitParameters, compare_flows, run_flows, write_flows_run
from corridor.network import Network

from .networks import corridor_network, demand_of

LOGIT = LogitParameters(scale_per_usd=1 / 500, constants={"middle": 1.0})


@pytest.fixture(scope="module")
def runs() -> tuple[Network, FlowsResult, FlowsResult]:
    network = corridor_network(feeder_teu_per_departure=10)
    demand = demand_of([("CN-A", "DE-D", "electronics", 20_000.0), ("DE-D", "CN-A", "general", 3_000.0)])
    base = run_flows(demand, network, logit=LOGIT, calibrate=False)
    closed = run_flows(demand, network, logit=base.fitted_logit(), calibrate=False, avoid_countries=["RU"])
    return network, base, closed


def test_run_folder_has_every_table_and_a_self_contained_report(
    tmp_path: Path, runs: tuple[Network, FlowsResult, FlowsResult]
) -> None:
    network, base, _ = runs
    files = write_flows_run(tmp_path / "run", base, network)
    names = {p.name for p in files.files}
    assert names == {
        "summary.json",
        "links.csv",
        "hubs.csv",
        "services.csv",
        "bottlenecks.csv",
        "od_shares.csv",
        "link_flows.geojson",
        "report.html",
        "flows_map.png",
        "corridors.png",
    }
    for picture in ("flows_map.png", "corridors.png"):  # PNG images, not empty files
        assert (tmp_path / "run" / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (tmp_path / "run" / picture).stat().st_size > 10_000
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["totals"]["served_teu_per_year"] == pytest.approx(base.totals["served_teu_per_year"])
    assert summary["provenance"]["network"] == network.name
    with (tmp_path / "run" / "links.csv").open(newline="") as handle:
        rows = {r["link_id"]: float(r["teu_per_year"]) for r in csv.DictReader(handle)}
    assert rows == pytest.approx({f.link_id: f.teu_per_year for f in base.links})
    geo = json.loads((tmp_path / "run" / "link_flows.geojson").read_text())
    assert len(geo["features"]) == len(base.links)
    html = files.report.read_text()
    assert "Bottlenecks" in html
    assert "<script" not in html
    assert "http" not in html.split("<body>")[1][:200]


def test_compare_moves_northern_traffic_when_russia_closes(
    tmp_path: Path, runs: tuple[Network, FlowsResult, FlowsResult]
) -> None:
    network, base, closed = runs
    write_flows_run(tmp_path / "a", base, network)
    write_flows_run(tmp_path / "b", closed, network)
    change = compare_flows(tmp_path / "a", tmp_path / "b")
    west = change["corridor_shares"]["westbound"]
    assert west["northern"]["b"] == 0.0
    assert west["northern"]["change"] < 0
    assert west["sea"]["change"] > 0
    same = compare_flows(base, base)
    assert all(abs(r["change"]) == 0 for r in same["link_changes"])
