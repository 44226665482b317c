"""Every energy source in a chain (issue 12): fuels the chain defines with sourced factors (per kg,
litre or MJ), energy in MJ, bundled blends and gases, and refrigerant leakage on a stated GWP basis.

Oracles: GLEC Framework v3 E1 (p.104: 0.15 l/tkm of B5 at 3.32 kg/l, 0.45 t x 20 km = 4.48 kg) and
E3 (p.106: 100,000 l x 3.32 kg/l = 332,000 kg); GLEC3 Module 1 (p.77: diesel 42.8 MJ/kg and 96.6 g
WTW per MJ; HVO 44.0 MJ/kg, 0.05 and 28.6 g/MJ, 1.26 kg/kg; p.81: B5 3.97 kg/kg WTW); IPCC GWP100
(AR5 WG1 Table 8.A.1, AR6 WG1 Table 7.SM.7), blends as mass-weighted components, AR6 blend values
as Project Drawdown / IIR publish them.
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.ileap import footprint_to_ileap
from corridor.emissions.refrigerants import bundled_refrigerants
from corridor.errors import ChainInputError, FactorLookupError

FACTORS = bundled_factors()
#: B5 diesel as GLEC3 Module 4 uses it: 3.32 kg CO2e WTW and 2.51 kg TTW per litre (p.104, p.122 Table 13).
B5_EU = {
    "id": "b5-eu",
    "source": "GLEC Framework v3 Module 4 p.104 and p.122 Table 13",
    "ttw_kg_per_l": 2.51,
    "wtw_kg_per_l": 3.32,
    "density_kg_per_l": 0.832,
}


def _hub(primary: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"cargo": {"mass_t": 10}, "elements": [{"type": "hub", "primary": primary}], **extra}


def test_glec_e1_a_road_operation_on_the_chains_own_b5() -> None:
    chain = {
        "cargo": {"mass_t": 0.45},
        "fuels": [B5_EU],
        "elements": [{"type": "leg", "mode": "road", "distance_km": 20, "operation": "van-round"}],
        "operations": [
            {
                "id": "van-round",
                "kind": "transport",
                "primary": {"fuels": [{"fuel": "b5-eu", "litres": 150}]},
                "total_activity": 1_000,
            }
        ],
    }
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.wtw_kg == pytest.approx(4.48, abs=0.005)
    assert leg.ttw_kg == pytest.approx(150 * 2.51 * 9 / 1000)


def test_glec_e3_litres_of_the_chains_b5() -> None:
    result = chain_emissions(
        chain_from_dict(_hub({"fuels": [{"fuel": "b5-eu", "litres": 100_000}]}, fuels=[B5_EU])), FACTORS
    )
    assert result.wtw_kg == pytest.approx(332_000)


def test_energy_in_mj_at_the_fuels_lower_heating_value() -> None:
    """1,000,000 MJ of diesel at 42.8 MJ/kg and 4.13 kg/kg: GLEC's 96.6 g/MJ to its rounding."""
    result = chain_emissions(chain_from_dict(_hub({"fuels": [{"fuel": "diesel", "mj": 1e6}]})), FACTORS)
    assert result.wtw_kg == pytest.approx(96_600, rel=0.002)
    (hub,) = result.elements
    assert dict(hub.fuels_kg)["diesel"] == pytest.approx(1e6 / 42.8)


def test_a_fuel_defined_per_mj_hvo() -> None:
    """GLEC3 p.77: HVO 0.05 and 28.6 g/MJ at 44.0 MJ/kg is 0.0022 and 1.26 kg/kg."""
    hvo = {
        "id": "hvo-nordic",
        "source": "GLEC Framework v3 Module 1 p.77",
        "ttw_g_per_mj": 0.05,
        "wtw_g_per_mj": 28.6,
        "lhv_mj_per_kg": 44.0,
        "energy_carrier": "HVO",
    }
    doc = chain_from_dict(_hub({"fuels": [{"fuel": "hvo-nordic", "kg": 1000}]}, fuels=[hvo]))
    result = chain_emissions(doc, FACTORS)
    assert result.wtw_kg == pytest.approx(1260, rel=0.002)
    assert result.ttw_kg == pytest.approx(2.2, rel=0.01)
    exported = footprint_to_ileap(doc, result, FACTORS, shipment_id="s")
    (carrier,) = exported["hocs"][0]["energyCarriers"]
    assert carrier["energyCarrier"] == "HVO"
    assert float(carrier["emissionFactorWTW"]) == pytest.approx(1.2584)


def test_bundled_blends_and_gases() -> None:
    """GLEC3 p.81 B5 (3.97 kg/kg WTW) and p.78 LNG truck (4.05), now bundled; HVO maps to iLEAP's HVO."""
    result = chain_emissions(
        chain_from_dict(_hub({"fuels": [{"fuel": "b5", "kg": 100}, {"fuel": "lng-truck", "kg": 100}]})),
        FACTORS,
    )
    assert result.wtw_kg == pytest.approx(397 + 405)
    assert result.ttw_kg == pytest.approx(299 + 284)


@pytest.mark.parametrize(("basis", "gwp"), [("AR6", 1530), ("AR5", 1300)])
def test_refrigerant_leakage_on_the_stated_basis(basis: str, gwp: float) -> None:
    """10 kg of R-134a lost at a reefer yard: 15,300 kg CO2e on AR6 (GLEC v3), 13,000 on AR5 (ISO 14083
    Annex K); an operational (TTW) emission; the basis is stated in the result."""
    doc = chain_from_dict(_hub({"refrigerants": [{"gas": "R-134a", "kg": 10}]}, gwp=basis))
    result = chain_emissions(doc, FACTORS)
    assert result.wtw_kg == pytest.approx(10 * gwp)
    assert result.ttw_kg == pytest.approx(10 * gwp)
    assert result.provenance["gwp_refrigerants"] == basis
    assert result.provenance["gwp"] == "AR6"  # the fuel and grid factors keep GLEC's basis


def test_the_default_basis_is_ar6_and_a_users_own_gwp_is_sourced() -> None:
    default = chain_emissions(chain_from_dict(_hub({"refrigerants": [{"gas": "R-452A", "kg": 1}]})), FACTORS)
    assert default.wtw_kg == pytest.approx(2292)
    assert default.provenance["gwp_refrigerants"] == "AR6"
    own = {"gas": "R-134a", "kg": 1, "gwp100": 1430, "gwp_source": "IPCC AR4 as GLEC3 p.76 example"}
    assert chain_emissions(chain_from_dict(_hub({"refrigerants": [own]})), FACTORS).wtw_kg == 1430
    with pytest.raises(ChainInputError, match="needs its gwp_source"):
        chain_from_dict(_hub({"refrigerants": [{"gas": "R-134a", "kg": 1, "gwp100": 1430}]}))


def test_bundled_blends_are_their_components_mass_weighted() -> None:
    """Each blend's GWP100 is the mass-weighted sum of its components' on both bases, and the AR6
    values are those Project Drawdown publishes after IIR (R-404A 4728, R-410A 2256, R-407C 1908,
    R-452A 2292)."""
    gases = bundled_refrigerants()
    published_ar6 = {
        "R-404A": 4728,
        "R-410A": 2256,
        "R-407C": 1908,
        "R-452A": 2292,
        "R-134a": 1530,
        "R-32": 771,
    }
    for gas in gases.values():
        if len(gas.components) > 1:
            for basis in ("AR5", "AR6"):
                weighted = sum(gases[name].gwp100[basis] * share for name, share in gas.components)
                assert gas.gwp100[basis] == pytest.approx(weighted, abs=0.5), (gas.gas, basis)
            assert sum(share for _, share in gas.components) == pytest.approx(1.0)
        if gas.gas in published_ar6:
            assert gas.gwp100["AR6"] == pytest.approx(published_ar6[gas.gas], abs=0.5)
        assert gas.sources["AR5"]
        assert gas.sources["AR6"]


@pytest.mark.parametrize(
    ("chain", "error", "message"),
    [
        (
            _hub({"refrigerants": [{"gas": "R-999", "kg": 1}]}),
            FactorLookupError,
            "unknown refrigerant 'R-999'",
        ),
        (
            _hub({"fuels": [{"fuel": "b5", "mj": 1000}]}),
            ChainInputError,
            "fuel 'b5' has no lower heating value",
        ),
        (
            _hub(
                {"fuels": [{"fuel": "x", "kg": 1}]},
                fuels=[{"id": "x", "source": "own", "wtw_kg_per_l": 3, "ttw_kg_per_l": 2}],
            ),
            ChainInputError,
            "per-litre factors need density_kg_per_l",
        ),
        (
            _hub(
                {"fuels": [{"fuel": "x", "kg": 1}]},
                fuels=[{"id": "x", "wtw_kg_per_kg": 3, "ttw_kg_per_kg": 2}],
            ),
            ChainInputError,
            r"fuels\[0\]\.source: Field required",
        ),
        (
            _hub({"fuels": [{"fuel": "diesel", "kg": 1, "litres": 1}]}),
            ChainInputError,
            "exactly one of kg, litres and mj",
        ),
    ],
)
def test_energy_errors_name_what_is_missing(
    chain: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        chain_emissions(chain_from_dict(chain), FACTORS)


def test_a_chains_own_fuel_replaces_the_datasets_of_that_id_for_that_chain_only() -> None:
    own_diesel = {
        "id": "diesel",
        "source": "a regional diesel, supplier EPD",
        "ttw_kg_per_kg": 3.2,
        "wtw_kg_per_kg": 4.5,
    }
    chain = _hub({"fuels": [{"fuel": "diesel", "kg": 10}]}, fuels=[own_diesel])
    assert chain_emissions(chain_from_dict(chain), FACTORS).wtw_kg == pytest.approx(45)
    chain.pop("fuels")
    assert chain_emissions(chain_from_dict(chain), FACTORS).wtw_kg == pytest.approx(41.3)
