"""Bulk flows in tonnes: demand conserved, every capacity respected, a CPC disruption's stranded crude."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import bundled_network
from corridor.assignment.bulk import (
    T_PER_TEU_SLOT,
    BulkDemandRow,
    assign_bulk,
    bulk_demand_from_csv,
    bundled_bulk_demand_path,
)
from corridor.errors import DataFileError, ScenarioError
from corridor.network.model import Network
from corridor.simulation.edits import apply_edits
from corridor.simulation.scenario import Edit

CPC = "L-KZ-TENGIZ-RU-NOVOROSSIYSK-CPC-PIPELINE"
AKTAU_TANKER = "L-KZAAU-AZ-SANGACHAL-TANKER"
CRUDE = [BulkDemandRow("KZ-TENGIZ", "ITTRS", "crude-oil", 64_192_000)]


def _with(**capacities: float) -> Network:
    edits = [Edit(target="bulk", id=k, field="capacity_t_per_year", value=v) for k, v in capacities.items()]
    return apply_edits(bundled_network(), edits, [])


def test_the_bundled_demand_is_kazakh_crude() -> None:
    # TASS via tportal.hr: the CPC carried 36.6 + 9.2 + 17 Mt of Kazakh crude in 2025;
    # Trend: 1.392 Mt went from Aktau to the BTC in 2023.
    (row,) = bulk_demand_from_csv(bundled_bulk_demand_path())
    assert row.t_per_year == pytest.approx((36.6 + 9.2 + 17.0) * 1e6 + 1.392e6)


def test_with_room_everything_takes_the_cheapest_route() -> None:
    flows = assign_bulk(bundled_network(), CRUDE)
    assert flows.totals["unserved_t_per_year"] == pytest.approx(0)
    (used,) = [o for o in flows.options if o.t_per_year > 1]
    assert "CPC Marine Terminal" in used.route
    assert used.price_usd_per_t == pytest.approx(29.5 + 10.09)


def test_cpc_at_half_capacity_strands_what_the_caspian_cannot_take() -> None:
    """Oracle by hand: 36.25 Mt through the CPC, 7 Mt through Aktau (its oil capacity), the rail
    ferries' decks of tank cars (Kuryk 3 x 92 and Aktau 2 x 54 TEU a week, 72 % usable, 40.2 t per
    TEU slot: 0.58 Mt), the rest unmet."""
    flows = assign_bulk(_with(**{CPC: 36_250_000}), CRUDE)
    decks = (3 * 92 + 2 * 54) * 0.72 * 52 * T_PER_TEU_SLOT
    assert flows.totals["served_t_per_year"] == pytest.approx(36_250_000 + 7_000_000 + decks)
    assert flows.totals["unserved_t_per_year"] == pytest.approx(64_192_000 - 43_250_000 - decks)
    full = {e.link_id for e in flows.elements if e.load_t_per_year >= e.capacity_t_per_year - 1}
    assert {CPC, AKTAU_TANKER} <= full


def test_closing_russia_leaves_only_the_caspian() -> None:
    """Aktau's oil terminal (7 Mt/yr) and the rail ferries' whole decks of tank cars (no containers here)."""
    flows = assign_bulk(bundled_network(), CRUDE, closed=["RU"])
    decks = sum(e.capacity_t_per_year for e in flows.elements if e.key.startswith("services:"))
    # Kuryk 3 x 92 TEU and Aktau 2 x 54 TEU a week, usable 0.72, at 40.2 t per TEU slot: about 0.58 Mt
    assert decks == pytest.approx((3 * 92 + 2 * 54) * 0.72 * 52 * T_PER_TEU_SLOT, rel=0.01)
    assert flows.totals["served_t_per_year"] == pytest.approx(7_000_000 + decks)
    assert all("RU" not in o.countries.split() for o in flows.options if o.t_per_year > 0)


def test_a_line_shared_with_containers_gives_bulk_what_containers_leave() -> None:
    line = "L-KZ-BEYNEU-KZ-MANGYSHLAK-RAIL"
    network = apply_edits(
        _with(**{CPC: 1.0}),
        [Edit(target="link", id=line, field="capacity_teu_per_day", value=100)],
        [],
    )
    flows = assign_bulk(network, CRUDE, container_loads={f"link:{line}:fwd": 30_000})
    expected = (100 * 365 - 30_000) * T_PER_TEU_SLOT  # 261,000 t: less than Aktau's 7 Mt
    # every non-CPC route (Aktau tankers, the rail ferries from Aktau and Kuryk) runs on this line
    assert flows.totals["served_t_per_year"] == pytest.approx(1.0 + expected)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cpc=st.floats(min_value=1e5, max_value=8e7),
    btc=st.floats(min_value=1e5, max_value=6e7),
    aktau=st.floats(min_value=1e5, max_value=2e7),
)
def test_bulk_flows_never_exceed_a_capacity_and_conserve_demand(cpc: float, btc: float, aktau: float) -> None:
    network = _with(**{CPC: cpc, "L-AZ-SANGACHAL-TR-CEYHAN-BTC-PIPELINE": btc, AKTAU_TANKER: aktau})
    flows = assign_bulk(network, CRUDE)
    for element in flows.elements:
        assert element.load_t_per_year <= element.capacity_t_per_year * (1 + 1e-9) + 1e-3
    total = flows.totals["served_t_per_year"] + flows.totals["unserved_t_per_year"]
    assert total == pytest.approx(CRUDE[0].t_per_year)
    assert sum(o.t_per_year for o in flows.options) == pytest.approx(flows.totals["served_t_per_year"])


@pytest.mark.parametrize(
    ("commodity", "message"),
    [
        ("unobtainium", "unknown commodity 'unobtainium'"),
        ("uranium-ore-concentrate", "travels in containers"),
    ],
)
def test_bad_bulk_demand_names_row_and_field(tmp_path: Path, commodity: str, message: str) -> None:
    path = tmp_path / "bulk.csv"
    path.write_text(
        f"origin,destination,commodity,t_per_year,source_ids\nKZ-TENGIZ,ITTRS,{commodity},1000,x\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=rf"row 2, field 'commodity': .*{message}"):
        bulk_demand_from_csv(path)


def test_a_bulk_edit_of_an_unknown_link_suggests() -> None:
    with pytest.raises(ScenarioError, match="did you mean"):
        _with(**{CPC[:-2]: 1.0})


@pytest.mark.slow
def test_the_bundled_cpc_disruption_scenario_writes_its_bulk_tables(tmp_path: Path) -> None:
    from corridor.assignment import write_flows_run
    from corridor.assignment.scenarios import run_scenario_flows

    run = run_scenario_flows("cpc-disruption")
    bulk = run.result.bulk
    assert bulk is not None
    # the CPC's half, Aktau's 7 Mt, and the rail ferries' wagon slots the containers leave (about 0.57 Mt)
    assert 43_250_000 + 500_000 < bulk.totals["served_t_per_year"] < 43_250_000 + 600_000
    files = write_flows_run(tmp_path, run.result, run.network)
    assert {"bulk_flows.csv", "bulk_capacities.csv"} <= {f.name for f in files.files}
    assert run.result.summary()["bulk"]["totals"]["unserved_t_per_year"] > 20e6
    assert "Bulk flows (tonnes a year)" in (tmp_path / "report.html").read_text(encoding="utf-8")
