"""Rules a planner relies on: constraints hold together, and results say where they come from."""

from __future__ import annotations

from pathlib import Path

import pytest

import corridor
from corridor.chain import Leg
from corridor.errors import ConstraintError, NoRouteError
from corridor.network import Network, network_from_csv
from corridor.routing import Cargo, Constraints, route

NO_RU = frozenset({"RU"})


def test_a_dangerous_goods_class_does_not_lift_an_avoided_mode(tiny: Network) -> None:
    result = route(
        tiny,
        "Alpha",
        "Omega",
        cargo=Cargo.parse("40", dg_class=3),
        constraints=Constraints(avoid_modes=frozenset({"sea"})),
    )
    assert result.options
    assert all(leg.mode != "sea" for o in result.options for leg in o.chain.legs)


def test_a_sailing_that_refuses_the_class_is_not_used(tiny_copy: Path) -> None:
    services = tiny_copy / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace("2,350,,fixture", "2,350,3,fixture"), encoding="utf-8"
    )
    network = network_from_csv(tiny_copy)
    with pytest.raises(NoRouteError) as err:
        route(
            network,
            "Alpha",
            "Omega",
            cargo=Cargo.parse("40", dg_class=3),
            constraints=Constraints(avoid_countries=NO_RU),
        )
    assert "the dangerous-goods class" in str(err.value)
    assert route(
        network,
        "Alpha",
        "Omega",
        cargo=Cargo.parse("40", dg_class=4),
        constraints=Constraints(avoid_countries=NO_RU),
    ).options


def test_an_unknown_criterion_is_refused_with_the_known_ones(tiny: Network) -> None:
    with pytest.raises(ConstraintError) as err:
        route(tiny, "Alpha", "Omega", criteria=("speed",))
    assert str(err.value) == "unknown criterion 'speed'; expected one of time, cost, distance, co2e"


def test_rail_legs_carry_their_gauge_and_results_their_version(tiny: Network) -> None:
    result = route(tiny, "Alpha", "Omega", constraints=Constraints(avoid_countries=NO_RU))
    assert result.provenance["corridor_version"] == corridor.__version__
    gauges = [
        leg.gauge_mm
        for o in result.options
        for leg in o.chain.legs
        if isinstance(leg, Leg) and leg.mode == "rail"
    ]
    assert set(gauges) == {1435, 1520}
