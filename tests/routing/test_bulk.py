"""Bulk crude on pipelines, tankers and tank cars: the routes sources describe, costs per tonne, CO2e."""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.errors import ConstraintError
from corridor.routing import Cargo, Constraints, RouteQuery, route, route_query
from corridor.vocabulary import BULK_ONLY_MODES

NETWORK = bundled_network()
CRUDE = Cargo.bulk(100_000, "liquid_bulk", dg_class=3)
NO_RUSSIA = Constraints(avoid_countries=frozenset({"RU"}))


def _legs(option: object) -> list[str]:
    return [leg.mode for leg in option.chain.legs]  # type: ignore[attr-defined]


def test_without_constraints_crude_takes_the_cpc_at_the_sum_of_its_tariffs() -> None:
    # CPC tariff US$29.5/t (Sputnik 2005) + Aframax Novorossiysk-Trieste US$10.09/t (Platts flat rate by km).
    result = route(NETWORK, "Tengiz", "Trieste", cargo=CRUDE)
    (best,) = [o for o in result.options if "RU" in o.chain.countries]
    assert _legs(best) == ["pipeline", "tanker"]
    assert best.chain.cost_usd == pytest.approx(100_000 * (29.5 + 10.09))


def test_avoiding_russia_crude_crosses_the_caspian_to_the_btc_or_baku_supsa() -> None:
    """The route KazMunayGas and SOCAR opened in 2023: rail to Aktau, tanker to Sangachal, BTC to Ceyhan."""
    result = route(NETWORK, "Tengiz", "Trieste", cargo=CRUDE, constraints=NO_RUSSIA)
    assert result.options
    via: set[str] = set()
    for option in result.options:
        assert "RU" not in option.chain.countries
        if _legs(option)[:3] == ["rail", "tanker", "pipeline"]:
            via.update(leg.to_node for leg in option.chain.legs if leg.to_node)
        else:  # tank cars on the Caspian rail ferries, rail to the Batumi oil terminal, Aframax on
            legs = _legs(option)
            assert legs[:2] == ["rail", "ferry"]
            assert set(legs[2:-1]) == {"rail"}
            assert legs[-1] == "tanker"
            assert option.chain.legs[-1].from_node == "GEBUS"
    assert {"AZ-SANGACHAL", "KZAAU"} <= via
    assert via & {"TR-CEYHAN", "GE-SUPSA"}


def test_bulk_cost_is_the_mass_times_each_links_tariff() -> None:
    """Oracle: recompute every option's cost from the bulk table."""
    for option in route(NETWORK, "Tengiz", "Trieste", cargo=CRUDE, constraints=NO_RUSSIA).options:
        tariffs = [
            NETWORK.bulk[link_id].tariff_usd_per_t for leg in option.chain.legs for link_id in leg.link_ids
        ]
        assert option.chain.cost_usd == pytest.approx(100_000 * sum(tariffs))


def test_tanker_emissions_follow_the_glec_intensity() -> None:
    # GLEC v3.0 Table 14: other liquids tanker >1,000 dwt, WTW 33.3 g per tonne-km.
    option = route(NETWORK, "Tengiz", "Trieste", cargo=CRUDE).options[0]
    assert option.emissions is not None
    tankers = [e for e in option.emissions.elements if e.mode == "tanker"]
    assert tankers
    for element in tankers:
        assert element.wtw_kg == pytest.approx(33.3e-3 * 100_000 * element.distance_km, rel=0.01)
    (pipe,) = [e for e in option.emissions.elements if e.mode == "pipeline"]
    assert pipe.wtw_kg > 0  # pumping energy times the grids of Kazakhstan and Russia
    assert pipe.ttw_kg == 0


def test_containers_never_ride_a_pipeline_or_tanker() -> None:
    result = route(NETWORK, "Tengiz", "Trieste", cargo=Cargo.parse("1x40"), criteria=("time", "cost"))
    assert result.options
    for option in result.options:
        assert not set(_legs(option)) & set(BULK_ONLY_MODES)


def test_bulk_never_boards_a_container_ship_and_only_the_rail_ferries_that_take_tank_cars() -> None:
    result = route(NETWORK, "Tengiz", "Trieste", cargo=CRUDE, constraints=NO_RUSSIA)
    ferries: set[str] = set()
    for option in result.options:
        assert "sea" not in _legs(option)
        for leg in option.chain.legs:
            if leg.mode == "ferry":
                ferries.update(leg.link_ids)
                assert all("liquid_bulk" in NETWORK.bulk[link].cargo_forms for link in leg.link_ids)
    assert ferries  # ASCO's wagon tariff prices oil in tank cars on the Kuryk and Aktau ferries
    assert "L-KZ-KURYK-AZ-ALAT-RORO" not in ferries  # the truck Ro-Ro has no bulk row


def test_the_commodity_makes_the_query_bulk() -> None:
    query = RouteQuery.build("Tengiz", "Trieste", commodity="crude-oil", mass_t=100_000, avoid_countries="RU")
    result = route_query(NETWORK, query)
    assert result.cargo.form == "liquid_bulk"
    assert result.commodity == "crude-oil"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({}, "mass_t", "give its mass in tonnes"),
        ({"mass_t": 1000, "cargo": "1x40"}, "cargo", "give its mass, not containers"),
    ],
)
def test_bulk_questions_missing_their_mass_are_refused(
    kwargs: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ConstraintError, match=message) as info:
        RouteQuery.build("Tengiz", "Trieste", commodity="crude-oil", **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_a_bulk_cargo_has_no_containers() -> None:
    with pytest.raises(ConstraintError, match="a mass in tonnes without containers"):
        Cargo((("40", 1),), None, 100.0, None, "liquid_bulk")


def test_a_bulk_form_no_link_carries_is_refused_by_name() -> None:
    from dataclasses import replace

    liquid_only = replace(
        NETWORK,
        bulk={k: replace(v, cargo_forms=("liquid_bulk",)) for k, v in NETWORK.bulk.items()},
    )
    query = RouteQuery.build("Kyzylorda", "Poti", commodity="wheat", mass_t=1000)
    with pytest.raises(ConstraintError, match="no link of network eurasia carries dry bulk") as info:
        route_query(liquid_only, query)
    assert info.value.field == "cargo"
