"""Operations with several consignments inside the chain document (issue 12).

A leg or hub names an operation (a truck tour, a voyage, a terminal's year) described once in the
chain's ``operations``; its emissions are allocated to the chain's cargo by tonne-km over SFD (or
TEU-km, tonnes, containers). Oracles: GLEC Framework v3 Module 5 worked examples (E17 p.147, E19
p.148), E4 (p.106: 100,000 kWh x 349.2 g/kWh = 34,920 kg), and the allocation properties (shares
sum to one; the consignments' allocated emissions sum to the operation's).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.chain.convert import chain_from_document, chain_to_dict
from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.chain_input import chain_schema
from corridor.emissions.ileap import footprint_to_ileap
from corridor.errors import ChainInputError

FACTORS = bundled_factors()


def _road_chain(mass_t: float, km: float, op: dict[str, Any], daf: float | None = None) -> dict[str, Any]:
    leg: dict[str, Any] = {"type": "leg", "mode": "road", "distance_km": km, "operation": op["id"]}
    if daf is not None:
        leg["daf"] = daf
    return {"cargo": {"mass_t": mass_t}, "elements": [leg], "operations": [op]}


def test_glec_e19_a_carriers_year_allocated_to_one_consignment() -> None:
    """GLEC3 p.148: the carrier's 300,000 tkm and 16,470 kg (Table 20) give 54.9 g/tkm; 8 t over
    510 km with the Cefic DAF 1.05 is allocated 235.19 kg."""
    op = {
        "id": "carrier-2023",
        "kind": "transport",
        "totals": {"wtw_kg": 16_470.0},
        "total_activity": 300_000.0,
    }
    result = chain_emissions(chain_from_dict(_road_chain(8, 510, op, daf=1.05)), FACTORS)
    (leg,) = result.elements
    assert leg.wtw_kg == pytest.approx(235.19, abs=0.005)
    assert leg.activity == pytest.approx(8 * 510 * 1.05)
    assert leg.allocation_share == pytest.approx(4284 / 300_000)
    assert leg.operation_id == "carrier-2023"
    assert leg.ttw_kg is None  # reported WTW without a split stays unsplit, not invented
    assert leg.data_category == "primary"


@pytest.mark.parametrize("total_tkm", [2_625.0, 40_000.0, 1e6])
def test_glec_e17_the_share_depends_on_the_intensity_not_the_operations_size(total_tkm: float) -> None:
    """GLEC3 p.147: at the carrier's 61.7 g/tkm, 10 t over 250 km with DAF 1.05 gives 161.96 kg."""
    op = {
        "id": "groupage",
        "kind": "transport",
        "totals": {"wtw_kg": 0.0617 * total_tkm, "ttw_kg": 0.05 * total_tkm},
        "total_activity": total_tkm,
    }
    (leg,) = chain_emissions(chain_from_dict(_road_chain(10, 250, op, daf=1.05)), FACTORS).elements
    assert leg.wtw_kg == pytest.approx(161.96, abs=0.005)
    assert leg.ttw_kg == pytest.approx(0.05 * 2625)
    assert leg.wtt_kg == pytest.approx(161.96 - 0.05 * 2625, abs=0.005)


def test_glec_e4_a_terminals_electricity_shared_by_outbound_tonnes() -> None:
    """GLEC3 p.106: 100,000 kWh at 349.2 g/kWh = 34,920 kg; a hub's operation is allocated by
    outbound tonnes (GLEC3 p.41). This cargo's 500 t of 100,000 t get 0.5 %."""
    chain = {
        "cargo": {"mass_t": 500},
        "elements": [{"type": "hub", "operation": "terminal-2023"}],
        "operations": [
            {
                "id": "terminal-2023",
                "kind": "hub",
                "primary": {"electricity_kwh": 100_000, "grid_g_per_kwh": 349.2},
                "total_activity": 100_000,
            }
        ],
    }
    (hub,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert hub.wtw_kg == pytest.approx(34_920 * 0.005)
    assert hub.ttw_kg == 0  # electricity: all energy provision
    assert hub.electricity_kwh == pytest.approx(500)
    assert hub.activity_unit == "t"
    assert hub.energy_carriers == ("electricity",)


def test_a_truck_tour_with_its_empty_return_from_fuel() -> None:
    """A tour burns 150 l diesel (empty return included); this chain's 10 t x 100 km and the other
    consignments' 5 t x 400 km and 20 t x 50 km: 1,000 of 4,000 tkm, a quarter of the fuel."""
    fuel_kg = 150 * 0.832  # GLEC3 p.81 diesel density
    chain = _road_chain(
        10,
        100,
        {
            "id": "tour-7",
            "kind": "transport",
            "primary": {"fuels": [{"fuel": "diesel", "litres": 150}]},
            "other_consignments": [
                {"id": "b", "mass_t": 5, "sfd_km": 400},
                {"id": "c", "mass_t": 20, "sfd_km": 50},
            ],
        },
    )
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.allocation_share == pytest.approx(0.25)
    assert leg.wtw_kg == pytest.approx(0.25 * fuel_kg * 4.13)  # GLEC3 p.77 diesel WTW 4.13 kg/kg
    assert leg.ttw_kg == pytest.approx(0.25 * fuel_kg * 3.17)
    assert dict(leg.fuels_kg) == {"diesel": pytest.approx(0.25 * fuel_kg)}


def test_a_voyage_allocated_by_teu_km() -> None:
    """A sea voyage shared by TEU-km (the unit of GLEC's container intensities, p.118)."""
    chain = {
        "cargo": {"containers": [{"type": "40", "count": 5}]},
        "elements": [{"type": "leg", "mode": "sea", "distance_km": 1_000, "operation": "voyage"}],
        "operations": [
            {
                "id": "voyage",
                "kind": "transport",
                "allocation": "TEUkm",
                "totals": {"wtw_kg": 50_000, "ttw_kg": 43_000},
                "other_consignments": [{"teu": 990, "sfd_km": 1_000}],
            }
        ],
    }
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.activity_unit == "TEUkm"
    assert leg.allocation_share == pytest.approx(10 / 1000)
    assert leg.wtw_kg == pytest.approx(500)


def test_one_operation_passed_twice_and_defaults_elsewhere() -> None:
    """A chain on one tour twice (out and back to a hub) takes both shares; other elements keep
    their defaults; the chain's total is the sum of its elements."""
    op = {
        "id": "tour",
        "kind": "transport",
        "totals": {"wtw_kg": 100.0, "ttw_kg": 80.0},
        "total_activity": 1_000.0,
    }
    chain = {
        "cargo": {"mass_t": 2},
        "elements": [
            {"type": "leg", "mode": "road", "distance_km": 100, "operation": "tour"},
            {"type": "hub", "hoc": "transshipment"},
            {"type": "leg", "mode": "road", "distance_km": 150, "operation": "tour"},
        ],
        "operations": [op],
    }
    result = chain_emissions(chain_from_dict(chain), FACTORS)
    first, hub, second = result.elements
    assert first.wtw_kg == pytest.approx(20.0)
    assert second.wtw_kg == pytest.approx(30.0)
    assert hub.wtw_kg == pytest.approx(2 * 0.6)  # GLEC3 Table 3 p.87 transshipment 0.6 kg/t
    assert result.wtw_kg == pytest.approx(51.2)
    assert result.by_data_category() == {"primary": pytest.approx(50.0), "default": pytest.approx(1.2)}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0.1, 40), st.floats(1, 2_000)),
        min_size=1,
        max_size=6,
    ),
    st.floats(1, 1e5),
    st.floats(0, 1),
)
def test_every_consignments_chain_sums_to_the_operation(
    consignments: list[tuple[float, float]], wtw_kg: float, ttw_share: float
) -> None:
    """Each consignment's own chain lists the others: their allocated emissions sum to the
    operation's (nothing lost, nothing counted twice), and the shares to one."""
    shares = []
    total = 0.0
    for mine, (mass, km) in enumerate(consignments):
        others = [{"mass_t": m, "sfd_km": d} for number, (m, d) in enumerate(consignments) if number != mine]
        op: dict[str, Any] = {
            "id": "trip",
            "kind": "transport",
            "totals": {"wtw_kg": wtw_kg, "ttw_kg": wtw_kg * ttw_share},
        }
        if others:
            op["other_consignments"] = others
        else:
            op["total_activity"] = mass * km
        (leg,) = chain_emissions(chain_from_dict(_road_chain(mass, km, op)), FACTORS).elements
        assert leg.allocation_share is not None
        shares.append(leg.allocation_share)
        total += leg.wtw_kg
    assert sum(shares) == pytest.approx(1.0)
    assert total == pytest.approx(wtw_kg)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["elements"][0].update(operation="nope"), "no operation with id 'nope'"),
        (lambda c: c["operations"][0].update(allocation="t"), "a transport operation is allocated by"),
        (
            lambda c: c["operations"][0].update(kind="hub"),
            r"^chain.json: elements\[0\].operation: 'tour-7' is a hub",
        ),
        (lambda c: c["operations"][0].update(total_activity=10), "give exactly one of total_activity"),
        (lambda c: c["operations"][0].pop("other_consignments"), "give exactly one of total_activity"),
        (lambda c: c["operations"][0].update(totals={"wtw_kg": 1}), "exactly one of primary"),
        (
            lambda c: c["operations"].append(dict(c["operations"][0])),
            "id 'tour-7' is given twice",
        ),
        (
            lambda c: c["elements"][0].update(intensity={"wtw_g": 1, "ttw_g": 1, "unit": "tkm"}),
            "give the operation or intensity, not both",
        ),
        (
            lambda c: c["operations"][0]["other_consignments"][0].pop("sfd_km"),
            "needs each consignment's sfd_km",
        ),
    ],
)
def test_inconsistent_operations_are_named(change: Any, message: str) -> None:
    chain = _road_chain(
        10,
        100,
        {
            "id": "tour-7",
            "kind": "transport",
            "primary": {"fuels": [{"fuel": "diesel", "litres": 150}]},
            "other_consignments": [{"id": "b", "mass_t": 5, "sfd_km": 400}],
        },
    )
    change(chain)
    with pytest.raises(ChainInputError, match=message):
        chain_from_dict(chain, source="chain.json")


def test_a_hub_element_cannot_take_a_transport_operation() -> None:
    chain = {
        "cargo": {"mass_t": 1},
        "elements": [{"type": "hub", "operation": "trip"}],
        "operations": [{"id": "trip", "kind": "transport", "totals": {"wtw_kg": 1}, "total_activity": 5}],
    }
    with pytest.raises(ChainInputError, match=r"elements\[0\].operation: 'trip' is a transport operation"):
        chain_from_dict(chain)


def test_a_total_smaller_than_the_chains_own_activity_is_refused() -> None:
    op = {"id": "trip", "kind": "transport", "totals": {"wtw_kg": 10}, "total_activity": 500}
    with pytest.raises(ChainInputError, match=r"operations\[0\] \(trip\): total_activity 500 tkm is less"):
        chain_emissions(chain_from_dict(_road_chain(10, 100, op)), FACTORS)


def test_schema_and_round_trip_keep_the_operations() -> None:
    schema = chain_schema()
    assert "operations" in schema["properties"]
    assert {"transport", "hub"} == set(schema["$defs"]["Operation"]["properties"]["kind"]["enum"])
    pinned = json.loads((Path(__file__).parents[2] / "docs" / "chain-schema.json").read_text("utf-8"))
    assert pinned == json.loads(json.dumps(schema))
    op = {"id": "t", "kind": "transport", "totals": {"wtw_kg": 10.0}, "total_activity": 5_000.0}
    doc = chain_from_dict(_road_chain(10, 100, op))
    again = chain_from_dict(json.loads(json.dumps(chain_to_dict(chain_from_document(doc)))))
    assert again.operations == doc.operations
    assert chain_emissions(again, FACTORS).wtw_kg == pytest.approx(2.0)


def test_ileap_export_links_one_toc_and_one_hoc_per_operation() -> None:
    """The TOC of an operation carries its intensity (emissions over the whole activity) and the
    energy carrier that was measured; the hub's HOC its intensity per outbound tonne."""
    chain = {
        "cargo": {"mass_t": 10},
        "elements": [
            {"type": "leg", "mode": "road", "distance_km": 100, "operation": "tour"},
            {"type": "hub", "operation": "terminal"},
        ],
        "operations": [
            {
                "id": "tour",
                "kind": "transport",
                "primary": {"fuels": [{"fuel": "diesel", "kg": 100}]},
                "total_activity": 4_000,
            },
            {
                "id": "terminal",
                "kind": "hub",
                "primary": {"electricity_kwh": 100_000, "grid_g_per_kwh": 349.2},
                "total_activity": 100_000,
            },
        ],
    }
    doc = chain_from_dict(chain)
    exported = footprint_to_ileap(doc, chain_emissions(doc, FACTORS), FACTORS, shipment_id="s")
    (toc,) = exported["tocs"]
    assert float(toc["co2eIntensityWTW"]) == pytest.approx(100 * 4.13 / 4_000, abs=1e-6)
    assert toc["energyCarriers"][0]["energyCarrier"] == "Diesel"
    (hoc,) = exported["hocs"]
    assert float(hoc["co2eIntensityWTW"]) == pytest.approx(0.3492, abs=1e-6)
    assert hoc["co2eIntensityThroughput"] == "tonnes"
    tces = exported["shipmentFootprint"]["tces"]
    assert tces[0]["tocId"] == toc["tocId"]
    assert tces[1]["hocId"] == hoc["hocId"]


def test_the_api_computes_a_chain_with_operations(client: TestClient) -> None:
    op = {"id": "carrier-2023", "kind": "transport", "totals": {"wtw_kg": 16_470.0}, "total_activity": 3e5}
    response = client.post("/v1/emissions", json=_road_chain(8, 510, op, daf=1.05))
    assert response.status_code == 200
    (leg,) = response.json()["elements"]
    assert leg["wtw_kg"] == pytest.approx(235.19, abs=0.005)
    assert leg["operation"] == "carrier-2023"
    bad = client.post("/v1/emissions", json=_road_chain(8, 510, {**op, "total_activity": 10}))
    assert bad.status_code == 422
    assert "total_activity 10 tkm is less" in bad.text
