"""Two things a planner reads off a route: its CO2e and its path in words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corridor.emissions import bundled_factors
from corridor.network import Network, bundled_network
from corridor.routing import Cargo, Constraints, describe_chain, route


def test_searched_co2e_equals_the_chain_emissions_for_each_cargo_in_turn(tiny: Network) -> None:
    # the search's CO2e arc weights are cached per graph; each cargo must get its own
    for text in ("1x20", "2x40HC", "3x40RF", "1x20"):
        for option in route(tiny, "Alpha", "Omega", cargo=Cargo.parse(text)).options:
            assert option.emissions is not None
            assert option.values["co2e"] == pytest.approx(option.emissions.wtw_kg, rel=1e-9)


def test_the_path_in_words_names_ferries_and_ships_by_their_legs_modes() -> None:
    network = bundled_network()
    result = route(network, "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=frozenset({"RU"})))
    modes_read = set()
    for option in result.options:
        words = describe_chain(network, option.chain).split(" → ")
        assert (words[0], words[-1]) == ("Xi'an", "Duisburg")
        expected = {
            "ship" if leg.mode == "sea" else leg.mode for leg in option.chain.legs if leg.mode != "rail"
        }
        assert {w for w in words if w in ("ship", "ferry", "road", "iww", "sea")} == expected
        modes_read |= expected
    assert {"ship", "ferry"} <= modes_read


def test_a_revised_factor_dataset_of_the_same_name_gives_its_own_co2e(tiny: Network) -> None:
    # e.g. a user's edited copy of the bundled factors, not yet renamed
    original = bundled_factors()
    tocs = {k: replace(t, ttw_g=2 * t.ttw_g) if t.ttw_g is not None else t for k, t in original.tocs.items()}
    doubled = replace(original, tocs=tocs)
    by_sea = Constraints(avoid_countries=frozenset({"RU"}))
    before = route(tiny, "Alpha", "Omega", criteria=("co2e",), constraints=by_sea, factors=original).options[
        0
    ]
    after = route(tiny, "Alpha", "Omega", criteria=("co2e",), constraints=by_sea, factors=doubled).options[0]
    assert after.emissions is not None
    assert after.values["co2e"] == pytest.approx(after.emissions.wtw_kg)
    assert after.values["co2e"] > before.values["co2e"]
