"""Hubs as operators see them (issue 12): HOC intensities from energy and throughput records, per tonne
and per container, ambient and temperature-controlled; an operator's intensity and ancillary
activities in the chain document.

Oracles: GLEC Framework v3 E3 and E4 (p.106: 100,000 l of B5 diesel at 3.32 kg/l = 332,000 kg;
100,000 kWh at 349.2 g/kWh = 34,920 kg), the definition HOC intensity = HOC emissions / hub
activity with activity the outbound tonnes (GLEC3 pp.23, 34, 41; ISO 14083 9.5), one intensity per
temperature condition (GLEC3 p.34), and the property that the throughput-weighted mean of the
conditions' intensities returns the hub's total.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.factors import Fuel
from corridor.emissions.hubs import HubRecord, hoc_intensities, hocs_to_ileap, hub_records_from_csv
from corridor.emissions.ileap import footprint_to_ileap
from corridor.errors import ChainInputError, DataFileError

FACTORS = bundled_factors()
#: B5 diesel as GLEC3 Module 4 uses it (p.106, p.122 Table 13): 3.32 kg CO2e WTW and 2.51 TTW per litre.
B5 = Fuel("b5", ttw_kg_per_kg=2.51 / 0.832, wtw_kg_per_kg=3.32 / 0.832, density_kg_per_l=0.832, source_ids=())
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def test_glec_e3_e4_a_terminals_year_per_outbound_tonne() -> None:
    """332,000 kg from B5 (E3) and 34,920 kg from electricity (E4) over 1,000,000 t outbound."""
    records = [
        HubRecord("2023-h1", "terminal", tonnes=600_000, fuel="b5", fuel_litres=60_000),
        HubRecord("2023-h2", "terminal", tonnes=400_000, fuel="b5", fuel_litres=40_000),
        HubRecord("2023-grid", "terminal", tonnes=0, electricity_kwh=100_000, grid_g_per_kwh=349.2),
    ]
    (hoc,) = hoc_intensities(records, FACTORS, fuels={"b5": B5})
    assert hoc.wtw_kg == pytest.approx(332_000 + 34_920)
    assert hoc.wtw_kg_per_t == pytest.approx(0.36692)
    assert hoc.ttw_kg_per_t == pytest.approx(100_000 * 2.51 / 1e6)
    assert hoc.kwh_per_t == pytest.approx(0.1)
    assert hoc.reefer_wtw_kg_per_t is None  # no temperature-controlled cargo, no such intensity


def test_reefer_energy_is_the_reefer_cargos_alone() -> None:
    """Handling energy (34,920 kg, E4) is shared by all 100,000 t; the plugs' 50,000 kWh at 349.2 g/kWh
    only by the 5,000 reefer tonnes and 500 reefer boxes (GLEC3 p.34: one intensity per condition)."""
    records = [
        HubRecord(
            "2023",
            "port",
            tonnes=100_000,
            reefer_tonnes=5_000,
            containers=10_000,
            reefer_containers=500,
            electricity_kwh=100_000,
            reefer_kwh=50_000,
            grid_g_per_kwh=349.2,
            hub_type="maritimeContainerterminal",
        )
    ]
    (hoc,) = hoc_intensities(records, FACTORS)
    assert hoc.ambient_wtw_kg_per_t == pytest.approx(0.3492)
    assert hoc.reefer_wtw_kg_per_t == pytest.approx(0.3492 + 17_460 / 5_000)
    assert hoc.ambient_wtw_kg_per_container == pytest.approx(3.492)
    assert hoc.reefer_wtw_kg_per_container == pytest.approx(3.492 + 17_460 / 500)
    assert hoc.wtw_kg_per_t == pytest.approx((34_920 + 17_460) / 100_000)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(1, 1e6),
    st.floats(0.01, 0.99),
    st.floats(0, 1e6),
    st.floats(1, 1e6),
    st.floats(1, 1000),
)
def test_the_conditions_weighted_by_throughput_return_the_hubs_total(
    tonnes: float, reefer_fraction: float, kwh: float, reefer_kwh: float, grid: float
) -> None:
    reefer_t = tonnes * reefer_fraction
    record = HubRecord(
        "r", "h", tonnes, reefer_t, electricity_kwh=kwh, reefer_kwh=reefer_kwh, grid_g_per_kwh=grid
    )
    (hoc,) = hoc_intensities([record], FACTORS)
    assert hoc.reefer_wtw_kg_per_t is not None
    allocated = (tonnes - reefer_t) * hoc.ambient_wtw_kg_per_t + reefer_t * hoc.reefer_wtw_kg_per_t
    assert allocated == pytest.approx(hoc.wtw_kg)
    assert hoc.reefer_wtw_kg_per_t >= hoc.ambient_wtw_kg_per_t


def test_records_from_csv_and_their_errors(tmp_path: Path) -> None:
    good = tmp_path / "hub.csv"
    good.write_text(
        "record_id,hoc_id,tonnes,reefer_tonnes,fuel,fuel_litres,electricity_kwh,grid_country\n"
        "jan,altynkol-gauge,40000,,diesel,2000,,\n"
        "feb,altynkol-gauge,30000,,,,120000,KZ\n",
        encoding="utf-8",
    )
    (hoc,) = hoc_intensities(hub_records_from_csv(good), FACTORS)
    diesel = FACTORS.fuels["diesel"]
    assert diesel.density_kg_per_l is not None
    grid = FACTORS.grid_g_per_kwh("KZ", where="test")
    expected = 2000 * diesel.density_kg_per_l * diesel.wtw_kg_per_kg + 120_000 * grid / 1000
    assert hoc.wtw_kg_per_t == pytest.approx(expected / 70_000)
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,hoc_id,tonnes,reefer_tonnes\nx,h,10,20\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"reefer_tonnes.*20 exceeds the record's tonnes 10"):
        hub_records_from_csv(bad)
    with pytest.raises(ChainInputError, match="no reefer_tonnes to carry it"):
        hoc_intensities([HubRecord("r", "h", 10, reefer_kwh=5, grid_g_per_kwh=300)], FACTORS)


def test_hocs_in_the_ileap_model() -> None:
    """The HOC's required fields, types and enums of the iLEAP data model (gen/schemas/hoc.json of the
    iLEAP extension): one HOC per temperature condition, numbers as decimal strings."""
    records = [
        HubRecord(
            "y",
            "poti",
            tonnes=1000,
            reefer_tonnes=100,
            fuel="diesel",
            fuel_kg=100,
            electricity_kwh=1000,
            reefer_kwh=500,
            grid_g_per_kwh=100,
        )
    ]
    hocs = hocs_to_ileap(hoc_intensities(records, FACTORS), FACTORS)
    assert [h["temperatureControl"] for h in hocs] == ["ambient", "refrigerated"]
    for hoc in hocs:
        for key in ("co2eIntensityTTW", "co2eIntensityWTW"):
            assert DECIMAL.match(hoc[key])
        assert hoc["co2eIntensityThroughput"] in ("TEU", "tonnes")
        assert hoc["hubType"] in (
            "transshipment",
            "storageAndTransshipment",
            "warehouse",
            "liquidBulkTerminal",
            "maritimeContainerterminal",
        )
        assert isinstance(hoc["isVerified"], bool)
        assert isinstance(hoc["isAccredited"], bool)
        assert hoc["energyCarriers"]
        for carrier in hoc["energyCarriers"]:
            assert DECIMAL.match(carrier["emissionFactorWTW"])
            assert DECIMAL.match(carrier["emissionFactorTTW"])
    ambient, reefer = hocs
    assert float(ambient["co2eIntensityWTW"]) == pytest.approx((100 * 4.13 + 100) / 1000, abs=1e-6)
    assert float(reefer["co2eIntensityWTW"]) == pytest.approx(0.513 + 50 / 100, abs=1e-6)


def test_an_operators_intensity_in_the_chain_with_reefers() -> None:
    """A terminal's own figures per container: 3.492 kg ambient, 38.412 kg reefer (from the records
    above); two boxes of which one reefer, and a tank cleaning for this consignment alone."""
    chain = {
        "cargo": {"containers": [{"type": "40", "count": 1}, {"type": "40RF", "count": 1}], "mass_t": 30},
        "elements": [
            {
                "type": "hub",
                "intensity": {
                    "wtw_kg": 3.492,
                    "ttw_kg": 0.0,
                    "unit": "container",
                    "reefer_wtw_kg": 38.412,
                    "hoc_id": "poti-2023",
                },
                "ancillary": [
                    {"activity": "tank cleaning", "primary": {"fuels": [{"fuel": "diesel", "kg": 10}]}}
                ],
            }
        ],
    }
    doc = chain_from_dict(chain)
    result = chain_emissions(doc, FACTORS)
    (hub,) = result.elements
    assert hub.wtw_kg == pytest.approx(3.492 + 38.412 + 10 * 4.13)
    assert hub.ttw_kg == pytest.approx(10 * 3.17)
    assert hub.category_id == "poti-2023"
    assert hub.data_category == "primary"
    assert any("tank cleaning" in n for n in hub.notes)
    exported = footprint_to_ileap(doc, result, FACTORS, shipment_id="s")
    (hoc,) = exported["hocs"]
    assert hoc["hocId"] == "corridor-poti-2023"
    assert exported["shipmentFootprint"]["tces"][0]["hocId"] == "corridor-poti-2023"


def test_a_modelled_hub_intensity_is_labelled_so() -> None:
    chain = {
        "cargo": {"mass_t": 20},
        "elements": [{"type": "hub", "intensity": {"wtw_kg": 0.5, "unit": "t", "data_category": "modelled"}}],
    }
    result = chain_emissions(chain_from_dict(chain), FACTORS)
    assert result.by_data_category() == {"modelled": pytest.approx(10.0)}
    assert result.elements[0].ttw_kg is None  # not split: stated as such, not invented


def test_a_hub_cannot_take_measured_energy_and_an_intensity() -> None:
    chain = {
        "cargo": {"mass_t": 20},
        "elements": [
            {
                "type": "hub",
                "intensity": {"wtw_kg": 0.5, "unit": "t"},
                "primary": {"electricity_kwh": 5, "grid_g_per_kwh": 100},
            }
        ],
    }
    with pytest.raises(ChainInputError, match=r"primary .* or intensity, not both"):
        chain_from_dict(chain)


@pytest.mark.parametrize(("basis", "gwp"), [("AR6", 2292), ("AR5", 1945)])
def test_refrigerant_leaked_at_a_hub(basis: str, gwp: float) -> None:
    """GLEC3 p.40: refrigerant losses are in a hub's scope. 2 kg of R-452A from the cold stores are the
    reefer cargo's (operational, TTW); 1 kg from the offices' air conditioning is everyone's."""
    record = HubRecord(
        "y",
        "cold-hub",
        tonnes=1000,
        reefer_tonnes=100,
        refrigerant="R-452A",
        refrigerant_kg=1,
        reefer_refrigerant_kg=2,
    )
    (hoc,) = hoc_intensities([record], FACTORS, gwp=basis)
    assert hoc.ambient_wtw_kg_per_t == pytest.approx(gwp / 1000)
    assert hoc.ttw_kg_per_t == pytest.approx(gwp / 1000)
    assert hoc.reefer_wtw_kg_per_t == pytest.approx(gwp / 1000 + 2 * gwp / 100)
    assert hoc.reefer_ttw_kg_per_t == pytest.approx(gwp / 1000 + 2 * gwp / 100)
    assert hoc.wtw_kg == pytest.approx(3 * gwp)
    ambient, reefer = hocs_to_ileap([hoc], FACTORS)
    assert float(ambient["co2eIntensityTTW"]) == pytest.approx(gwp / 1000, abs=1e-6)
    assert float(reefer["co2eIntensityTTW"]) == pytest.approx(gwp / 1000 + 2 * gwp / 100, abs=1e-6)
