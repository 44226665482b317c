"""Carriers' emissions: TOC intensities from trip records, and allocation of an operation to its consignments.

Oracles: GLEC Framework v3 worked examples (E1 p.104 road TOC from fuel, E4 p.106 electricity,
E19 p.148 Table 20), the definition TOC intensity = TOC emissions / TOC tkm (GLEC3 p.32), and
properties of allocation by tonne-km (shares sum to one; allocating then summing returns the total).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.emissions import bundled_factors
from corridor.emissions.factors import Fuel
from corridor.emissions.operations import (
    Consignment,
    TripRecord,
    allocate_operation,
    toc_intensities,
    tocs_to_ileap,
    trips_from_csv,
)
from corridor.errors import ChainInputError, DataFileError

#: B5 diesel as GLEC3 E1 uses it: 3.32 kg CO2e WTW per litre (p.104); the density of diesel (p.81).
B5 = Fuel(
    "b5", ttw_kg_per_kg=3.0, wtw_kg_per_kg=3.32 / 0.832, density_kg_per_l=0.832, source_ids=("glec-v3",)
)


def test_glec_e1_a_road_toc_from_fuel_records_with_its_empty_running() -> None:
    """GLEC3 p.104: 0.15 l/tkm x 3.32 kg/l = 0.498 kg/tkm; 0.45 t x 20 km gives 4.48 kg. The empty
    return trip's fuel counts in the TOC (round trips, GLEC3 p.24), its zero tonne-km too."""
    trips = [
        TripRecord("out", "regional-road", "road", tkm=1000.0, fuel="b5", fuel_litres=100.0),
        TripRecord("back-empty", "regional-road", "road", tkm=0.0, fuel="b5", fuel_litres=50.0),
    ]
    (toc,) = toc_intensities(trips, bundled_factors(), fuels={"b5": B5})
    assert toc.litres_per_tkm == pytest.approx(0.15)
    assert toc.wtw_g_per_tkm == pytest.approx(498.0)
    assert 0.45 * 20 * toc.wtw_g_per_tkm / 1000 == pytest.approx(4.48, abs=0.005)


def test_glec_e4_electricity_records() -> None:
    """GLEC3 p.106: 100,000 kWh x 349.2 g/kWh = 34,920 kg."""
    trips = [TripRecord("t", "electric-rail", "rail", tkm=1e6, electricity_kwh=100_000, grid_g_per_kwh=349.2)]
    (toc,) = toc_intensities(trips, bundled_factors())
    assert toc.wtw_kg == pytest.approx(34_920)
    assert toc.ttw_kg == 0
    assert toc.kwh_per_tkm == pytest.approx(0.1)


def test_glec_e19_a_published_intensity_allocated_over_a_years_activity() -> None:
    """GLEC3 p.148 Table 20: 0.0549 kg/tkm x 300,000 tkm = 16,470 kg, shared by tonne-km."""
    total = 0.0549 * 300_000
    shares = allocate_operation(
        total, 0.8 * total, [Consignment("a", 100, 1000), Consignment("b", 200, 1000)]
    )
    assert total == pytest.approx(16_470)
    assert [round(a.wtw_kg, 6) for a in shares] == [pytest.approx(5_490), pytest.approx(10_980)]


def test_allocation_uses_each_consignments_own_distance_not_the_round() -> None:
    """A milk run: the round's emissions (detours and empty return included) by notional tkm."""
    shares = allocate_operation(120.0, 96.0, [Consignment("near", 10, 50), Consignment("far", 10, 250)])
    assert [a.share for a in shares] == pytest.approx([1 / 6, 5 / 6])
    assert [a.wtw_kg for a in shares] == pytest.approx([20.0, 100.0])
    assert [a.ttw_kg for a in shares] == pytest.approx([16.0, 80.0])


@given(
    st.floats(min_value=0, max_value=1e7),
    st.floats(min_value=0, max_value=1),
    st.lists(
        st.tuples(st.floats(min_value=0.01, max_value=1e5), st.floats(min_value=0.01, max_value=2e4)),
        min_size=1,
        max_size=30,
    ),
)
def test_allocation_shares_sum_to_one_and_the_parts_to_the_whole(
    wtw: float, ttw_share: float, loads: list[tuple[float, float]]
) -> None:
    consignments = [Consignment(str(i), m, d) for i, (m, d) in enumerate(loads)]
    shares = allocate_operation(wtw, wtw * ttw_share, consignments)
    assert sum(a.share for a in shares) == pytest.approx(1.0)
    assert sum(a.wtw_kg for a in shares) == pytest.approx(wtw, abs=1e-6)
    assert sum(a.ttw_kg for a in shares) == pytest.approx(wtw * ttw_share, abs=1e-6)
    heaviest = max(shares, key=lambda a: a.tkm)
    assert heaviest.wtw_kg == pytest.approx(max(a.wtw_kg for a in shares))


def test_allocation_refuses_nonsense() -> None:
    with pytest.raises(ChainInputError, match="at least one consignment"):
        allocate_operation(1.0, 0.5, [])
    with pytest.raises(ChainInputError, match="no tonne-km"):
        allocate_operation(1.0, 0.5, [Consignment("a", 0, 100)])
    with pytest.raises(ChainInputError, match="ttw <= wtw"):
        allocate_operation(1.0, 2.0, [Consignment("a", 1, 100)])


def test_trips_from_csv_and_every_problem_named(tmp_path: Path) -> None:
    good = tmp_path / "trips.csv"
    good.write_text(
        "trip_id,toc_id,mode,tkm,fuel,fuel_litres,electricity_kwh,grid_country\n"
        "1,kz-rail,rail,5000,diesel,300,,\n"
        "2,kz-rail,rail,7000,,,9000,KZ\n",
        encoding="utf-8",
    )
    (toc,) = toc_intensities(trips_from_csv(good), bundled_factors())
    diesel = bundled_factors().fuels["diesel"]
    grid = bundled_factors().grid_g_per_kwh("KZ", where="test")
    expected = 300 * diesel.density_kg_per_l * diesel.wtw_kg_per_kg + 9000 * grid / 1000  # type: ignore[operator]
    assert toc.wtw_kg == pytest.approx(expected)
    assert toc.wtw_g_per_tkm == pytest.approx(expected * 1000 / 12_000)
    bad = tmp_path / "bad.csv"
    bad.write_text("trip_id,toc_id,mode,tkm,fuel\n1,x,plane,-5,diesel\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        trips_from_csv(bad)
    fields = {p.field for p in caught.value.problems}
    assert {"mode", "tkm", "fuel_litres"} <= fields
    assert all(p.row == 2 for p in caught.value.problems)


def test_tocs_export_in_the_ileap_model() -> None:
    trips = [TripRecord("t", "caspian-feeder", "sea", tkm=2e6, teu_km=2e5, fuel="vlsfo", fuel_kg=20_000)]
    (toc,) = tocs_to_ileap(toc_intensities(trips, bundled_factors()))
    assert toc["mode"] == "Sea"
    assert toc["co2eIntensityThroughput"] == "TEUkm"
    vlsfo = bundled_factors().fuels["vlsfo"]
    assert float(toc["co2eIntensityWTW"]) == pytest.approx(20_000 * vlsfo.wtw_kg_per_kg / 2e5, rel=1e-5)
    assert toc["energyCarriers"][0]["energyCarrier"] == "HFO"
    assert toc["energyCarriers"][0]["energyConsumptionUnit"] == "kg"
