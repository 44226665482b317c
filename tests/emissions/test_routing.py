"""Routing optimises on CO2e, and a route's CO2e is the emissions of its chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor import Cargo, Constraints, bundled_network, route
from corridor.emissions import bundled_factors, chain_emissions
from corridor.emissions.io import chains_from_json
from corridor.network import Network
from corridor.routing.io import result_to_dict

NO_RU_BY = Constraints(avoid_countries=frozenset({"RU", "BY"}))


@pytest.fixture(scope="module")
def net() -> Network:
    return bundled_network()


def test_search_label_equals_chain_emissions(net: Network) -> None:
    """Oracle: the CO2e the search minimised equals the emissions engine's total for the chain it returns."""
    result = route(
        net,
        "Xi'an",
        "Duisburg",
        cargo=Cargo.parse("2x40HC"),
        constraints=NO_RU_BY,
        criteria=("time", "cost", "co2e"),
    )
    assert len(result.options) > 3
    for option in result.options:
        assert option.emissions is not None
        assert option.values["co2e"] == pytest.approx(option.emissions.wtw_kg, rel=1e-9)
        assert option.values["cost"] == pytest.approx(option.chain.cost_usd, rel=1e-9)
        assert option.values["time"] == pytest.approx(option.chain.duration_h_mean, rel=1e-9)


def test_lowest_co2e_route_is_in_the_pareto_set(net: Network) -> None:
    pareto = route(net, "Chongqing", "Budapest", constraints=NO_RU_BY, criteria=("time", "cost", "co2e"))
    greenest = route(net, "Chongqing", "Budapest", constraints=NO_RU_BY, criteria=("co2e",))
    assert len(greenest.options) == 1
    best = greenest.options[0].emissions
    assert best is not None
    assert best.wtw_kg == pytest.approx(min(o.emissions.wtw_kg for o in pareto.options if o.emissions))


def test_sea_is_lower_carbon_than_the_caspian_ferry(net: Network) -> None:
    """GLEC Ro-Pax intensities are per gross tonne-km (wagon + box + cargo): the Caspian rail ferry leg weighs
    heavily; a container ship emits far less per tonne-km (49.9 g/TEU-km Asia-North Europe)."""
    sea = route(net, "Shanghai", "Rotterdam", criteria=("co2e",)).options[0]
    middle = route(
        net,
        "Xi'an",
        "Duisburg",
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY"}), avoid_modes=frozenset({"sea"})),
        criteria=("co2e",),
    ).options[0]
    assert sea.emissions is not None
    assert middle.emissions is not None
    assert sea.emissions.wtw_kg < middle.emissions.wtw_kg
    assert "ferry" in middle.emissions.by_mode()


def test_route_json_feeds_back_unchanged(net: Network, tmp_path: Path) -> None:
    """Issue 3: chains planned by `corridor route --format json` are valid input to `corridor emissions`."""
    result = route(net, "Tokyo", "Duisburg", constraints=NO_RU_BY, criteria=("time", "co2e"))
    path = tmp_path / "route.json"
    path.write_text(json.dumps(result_to_dict(net, result)), encoding="utf-8")
    chains = chains_from_json(path)
    assert len(chains) == len(result.options)
    for (_, chain), option in zip(chains, result.options, strict=True):
        assert option.emissions is not None
        assert chain_emissions(chain, bundled_factors()).wtw_kg == pytest.approx(option.emissions.wtw_kg)


def test_bundled_network_has_every_factor_it_needs(net: Network) -> None:
    factors = bundled_factors()
    for link in net.links.values():
        if link.toc_id is not None:
            assert link.toc_id in factors.tocs, link.link_id
            assert factors.tocs[link.toc_id].mode == link.mode, link.link_id
        if link.mode == "rail" and (link.electric_share or 0) > 0:
            assert all(c in factors.grid for c in link.countries), link.link_id
        if link.mode == "sea":
            assert link.toc_id is not None, f"{link.link_id}: sea links name their trade lane"


def test_electrifying_a_line_is_a_data_edit(net: Network) -> None:
    """Issue 3's levers are data edits: a fully electric link emits less than the same link on diesel."""
    from dataclasses import replace

    from corridor.emissions.calculate import cargo_facts
    from corridor.emissions.network import link_co2e_kg

    facts = cargo_facts(Cargo.parse("1x40"), bundled_factors())
    link = next(lk for lk in net.links.values() if lk.mode == "rail" and "GE" in lk.countries)
    electric = link_co2e_kg(replace(link, electric_share=1.0), facts, bundled_factors())
    diesel = link_co2e_kg(replace(link, electric_share=0.0), facts, bundled_factors())
    assert electric < diesel
