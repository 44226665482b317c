"""Route results obey constraints and their totals add up from the network's own figures."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from corridor.chain import Hub, Leg
from corridor.errors import ConstraintError, NoRouteError, UnknownConstraintValueError, UnknownNodeError
from corridor.network import Network
from corridor.routing import Cargo, Constraints, RouteResult, describe_chain, route


def _recomputed(network: Network, result: RouteResult) -> None:
    """Oracle: every chain's totals recomputed from the links and nodes it names."""
    cargo = result.cargo
    for option in result.options:
        chain = option.chain
        cost = time = distance = 0.0
        first = network.nodes[chain.start]
        for element in chain.elements:
            if isinstance(element, Leg):
                for link_id in element.link_ids:
                    link = network.links[link_id]
                    cost += cargo.n_billed_20 * link.cost_usd_20 + cargo.n_billed_40 * link.cost_usd_40
                    time += link.duration_h.mean
                    distance += link.distance_km
                    services = network.services_on(link_id)
                    if services:
                        time += 84.0 / sum(s.departures_per_week for s in services)
            else:
                node = network.nodes[element.node]
                if "border" in element.activities or "terminal" in element.activities:
                    cost += cargo.teu * node.pass_cost_usd_per_teu
                    time += node.pass_dwell_h.mean if node.pass_dwell_h else 0.0
                if element.kind in ("transshipment", "gauge_change"):
                    assert node.transfer is not None
                    cost += cargo.teu * node.transfer.cost_usd_per_teu
                    time += node.transfer.dwell_h.mean
        assert chain.cost_usd == pytest.approx(cost)
        assert chain.duration_h_mean == pytest.approx(time)
        assert chain.distance_km == pytest.approx(distance)
        assert first.node_id == chain.origin
        assert option.duration_h_p50 <= option.duration_h_p90
        legs = chain.legs
        assert legs[0].from_node == chain.origin
        assert legs[-1].to_node == chain.destination
        for a, b in itertools.pairwise(legs):
            assert a.to_node == b.from_node


def _no_dominated(result: RouteResult) -> None:
    vectors = [(o.chain.duration_h_mean, o.chain.cost_usd, o.chain.distance_km) for o in result.options]
    for v in vectors:
        for w in vectors:
            assert not (w != v and all(b <= a for a, b in zip(v, w, strict=True))), (v, w)


def test_two_corridors_and_their_chains(tiny: Network) -> None:
    result = route(
        tiny,
        "Alpha",
        "Omega",
        cargo=Cargo.parse("2x40HC"),
        constraints=Constraints(avoid_countries=frozenset({"RU"})),
    )
    assert len(result.options) == 1
    chain = result.options[0].chain
    assert describe_chain(tiny, chain) == (
        "Alpha → Gaugeville (gauge change) → Porto (transshipment) → ship → Harbour (transshipment) → Omega"
    )
    assert [type(e).__name__ for e in chain.elements] == [
        "Leg",
        "Hub",
        "Leg",
        "Hub",
        "Leg",
        "Hub",
        "Leg",
        "Hub",
        "Leg",
    ]
    assert chain.transshipments == 3
    assert "RU" not in chain.countries
    # by hand: tariffs 2 x 40' = 2*(500+30+900+700+300+2000); border 4 TEU x 10;
    # transfers 4 TEU x (50+100+100)
    assert chain.cost_usd == 2 * (500 + 30 + 900 + 700 + 300 + 2000) + 4 * 10 + 4 * (50 + 100 + 100)
    _recomputed(tiny, result)


def test_pareto_set_without_constraints(tiny: Network) -> None:
    result = route(tiny, "Alpha", "Omega", criteria=("time", "cost", "distance"))
    _recomputed(tiny, result)
    _no_dominated(result)
    assert result.options[0].chain.countries == ("CN", "KZ", "RU", "BY", "PL", "DE")
    assert result.options[0].chain.border_crossings == 5


def test_reefer_and_dangerous_goods_exclude_the_feeder(tiny: Network) -> None:
    avoid_ru = Constraints(avoid_countries=frozenset({"RU"}))
    with pytest.raises(NoRouteError, match="reefer containers"):
        route(tiny, "Alpha", "Omega", cargo=Cargo.parse("40RF"), constraints=avoid_ru)
    with pytest.raises(NoRouteError, match="dangerous-goods class"):
        route(tiny, "Alpha", "Omega", cargo=Cargo.parse("40", dg_class=1), constraints=avoid_ru)
    assert route(tiny, "Alpha", "Omega", cargo=Cargo.parse("40", dg_class=3), constraints=avoid_ru).options


def test_cargo_larger_than_any_sailing_has_no_sea_route(tiny: Network) -> None:
    with pytest.raises(NoRouteError, match="the countries to avoid") as caught:
        route(
            tiny,
            "Alpha",
            "Omega",
            cargo=Cargo.parse("200x40"),
            constraints=Constraints(avoid_countries=frozenset({"RU"})),
        )
    assert caught.value.culprits == ("avoid_countries",)


def test_require_mode_and_via(tiny: Network) -> None:
    by_sea = route(tiny, "Alpha", "Omega", constraints=Constraints(require_modes=("sea",)))
    assert all(any(leg.mode == "sea" for leg in o.chain.legs) for o in by_sea.options)
    via = route(tiny, "Alpha", "Omega", constraints=Constraints(via_nodes=("Harbour",)))
    assert all(
        any(isinstance(e, Hub) and e.node_id == "AZ-PORT" for e in o.chain.elements) for o in via.options
    )
    _recomputed(tiny, via)


def test_max_transshipments(tiny: Network) -> None:
    result = route(tiny, "Alpha", "Omega", constraints=Constraints(max_transshipments=1))
    assert all(o.chain.transshipments <= 1 for o in result.options)
    with pytest.raises(NoRouteError, match="the transshipment limit"):
        route(
            tiny,
            "Alpha",
            "Omega",
            constraints=Constraints(max_transshipments=1, avoid_countries=frozenset({"RU"})),
        )


def test_avoid_node_and_mode(tiny: Network) -> None:
    result = route(tiny, "Alpha", "Omega", constraints=Constraints(avoid_nodes=("Northton",)))
    assert all("RU-NORTH" not in leg.node_ids for o in result.options for leg in o.chain.legs)
    with pytest.raises(NoRouteError, match=r"the modes to avoid or the nodes to avoid"):
        route(
            tiny,
            "Alpha",
            "Omega",
            constraints=Constraints(avoid_nodes=("Northton",), avoid_modes=frozenset({"sea"})),
        )


def test_value_of_time_picks_best(tiny: Network) -> None:
    cheap = route(tiny, "Alpha", "Omega", value_of_time_usd_per_container_day=0.0)
    assert cheap.best is not None
    best = cheap.options[cheap.best]
    assert best.chain.cost_usd == min(o.chain.cost_usd for o in cheap.options)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"constraints": Constraints(avoid_countries=frozenset({"CN"}))}, "origin Alpha .* is in CN"),
        ({"constraints": Constraints(via_nodes=("Omega",))}, "cannot also be a via node"),
        (
            {"constraints": Constraints(via_nodes=("Northton",), avoid_nodes=("Northton",))},
            "both a via node and",
        ),
    ],
)
def test_contradictory_constraints(tiny: Network, kwargs: dict[str, Constraints], message: str) -> None:
    with pytest.raises(ConstraintError, match=message):
        route(tiny, "Alpha", "Omega", **kwargs)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(ConstraintError, match="unknown mode 'plane'"):
        Constraints(avoid_modes=frozenset({"plane"}))
    with pytest.raises(ConstraintError, match="both avoided and required"):
        Constraints(avoid_modes=frozenset({"sea"}), require_modes=("sea",))
    with pytest.raises(ConstraintError, match="cannot read cargo"):
        Cargo.parse("two boxes")
    with pytest.raises(ConstraintError, match="unknown container type '45'"):
        Cargo.parse("45")
    with pytest.raises(ConstraintError, match="ISO 3166"):
        Constraints(avoid_countries=frozenset({"Russia"}))


@pytest.mark.parametrize(
    ("constraints", "field", "suggestion"),
    [
        # BL is a real ISO code (Saint Barthelemy) but not in this network: a typo for BY
        # or RU must not be read as "avoid nothing".
        (Constraints(avoid_countries=frozenset({"RU", "RX"})), "avoid_countries", "RU"),
        (Constraints(avoid_countries=frozenset({"BL"})), "avoid_countries", None),
        (Constraints(avoid_nodes=("Omegga",)), "avoid_nodes", "Omega (DE-OMEGA)"),
        (Constraints(via_nodes=("KZ-PRT",)), "via", "KZ-PORT"),
    ],
)
def test_unknown_constraint_values_are_errors_with_suggestions(
    tiny: Network, constraints: Constraints, field: str, suggestion: str | None
) -> None:
    with pytest.raises(UnknownConstraintValueError) as info:
        route(tiny, "Alpha", "Omega", constraints=constraints)
    assert isinstance(info.value, ConstraintError)
    assert info.value.field == field
    assert str(info.value).startswith("unknown ")
    if suggestion is not None:
        assert any(suggestion in s for s in info.value.suggestions)


def test_unknown_modes_are_errors_with_suggestions() -> None:
    with pytest.raises(UnknownConstraintValueError, match="did you mean rail") as info:
        Constraints(require_modes=("rial",))
    assert info.value.field == "require_modes"


def test_unknown_endpoint(tiny: Network) -> None:
    with pytest.raises(UnknownNodeError, match="did you mean Omega"):
        route(tiny, "Alpha", "Omegga")


@pytest.mark.parametrize("avoid", [frozenset(), frozenset({"RU"})])
def test_quantiles_are_deterministic_and_match_monte_carlo(tiny: Network, avoid: frozenset[str]) -> None:
    """Oracle: the convolved P50/P90 agree with 1,000,000 Monte Carlo draws of the same chain.

    Tolerance: one 0.25 h bin of the convolution's grid. The draws' standard error is at most about
    0.06 h (P90 of the chain avoiding Russia, sd 32 h), so four of them fit in a bin; the convolution's
    own error is a small fraction of a bin.
    """
    constraints = Constraints(avoid_countries=avoid)
    a = route(tiny, "Alpha", "Omega", constraints=constraints, criteria=("time",)).options[0]
    b = route(tiny, "Alpha", "Omega", constraints=constraints, criteria=("time",)).options[0]
    assert (a.duration_h_p50, a.duration_h_p90) == (b.duration_h_p50, b.duration_h_p90)
    samples = a.chain.duration_samples_h(seed=1, size=1_000_000)
    p50, p90 = (float(q) for q in np.quantile(samples, (0.5, 0.9)))
    assert a.duration_h_p50 == pytest.approx(p50, abs=0.25)
    assert a.duration_h_p90 == pytest.approx(p90, abs=0.25)
