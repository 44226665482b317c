"""Routing against an independent brute-force oracle, on random networks and on fixed examples.

The oracle enumerates every simple path of the network expanded by hand
(node x platform, and the state a constraint needs: via nodes reached,
required modes used), totals each criterion from the network and factor
tables, and keeps the Pareto set. Hypothesis draws random networks; the
``@example`` cases pin one case per criterion, per constraint kind and per
direction of travel over stored links, and a ladder of trade-offs that any
broken dominance check gets wrong.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from corridor.emissions import bundled_factors
from corridor.errors import NoRouteError
from corridor.network import Link, Network
from corridor.routing import CRITERIA, Cargo, Constraints, RouteOption, route

from .networks import link, node, service, small_network
from .random_networks import MAX_PATHS, networks

FACTORS = bundled_factors()
#: Countries of these tests where GLEC3 p.94 adds 22% to road intensities (Asia); RU counts as Europe.
ASIA = frozenset({"CN", "KZ", "AZ"})
#: GLEC3 p.153 default: 10 t of cargo per TEU when the mass is not given.
T_PER_TEU = 10.0
Vector = tuple[float, ...]


def _link_co2e_kg(link: Link, mass_t: float, teu: float) -> float:
    """WTW kg of the cargo on ``link``, straight from the factor tables (GLEC v3 defaults, grid factors)."""
    tocs, km = FACTORS.tocs, link.distance_km
    if link.mode == "rail":
        share = link.electric_share if link.electric_share is not None else 0.0
        grid = sum(FACTORS.grid[c].g_co2e_per_kwh for c in link.countries) / len(link.countries)
        kwh = tocs["rail-container-electric"].kwh_per_unit or 0.0
        diesel = tocs["rail-container-diesel"]
        per_tkm = share * kwh * grid + (1 - share) * ((diesel.wtt_g or 0.0) + (diesel.ttw_g or 0.0))
        return mass_t * km * per_tkm / 1000.0
    if link.mode == "road":
        toc = tocs[
            "road-artic-40t-container-asia" if set(link.countries) & ASIA else "road-artic-40t-container-eu"
        ]
        return mass_t * km * ((toc.wtt_g or 0.0) + (toc.ttw_g or 0.0)) / 1000.0
    assert link.mode == "sea"
    toc = tocs["sea-container-industry-average"]
    return teu * km * ((toc.wtt_g or 0.0) + (toc.ttw_g or 0.0)) / 1000.0


#: TEU equivalents per container type, GLEC Framework v3 Table 4 p.153 (the oracle's own copy).
GLEC_TEU_EQUIVALENT = {"20": 1.0, "40": 2.0, "40HC": 2.25, "20RF": 1.0, "40RF": 2.0}


#: The state of a box a ship has landed at a port (the routing graph's arriving sea platform).
QUAY = "quay"


def _arcs(
    network: Network, cargo: Cargo, constraints: Constraints
) -> Iterator[tuple[tuple[str, str], tuple[str, str], Vector, str | None]]:
    """Arcs between (node, platform) states: (tail, head, (time, cost, km, co2e, transshipments), mode)."""
    teu = sum(GLEC_TEU_EQUIVALENT[k] * n for k, n in cargo.containers)
    mass_t = cargo.mass_t or T_PER_TEU * teu
    avoid = constraints.avoid_countries
    for lk in network.links.values():
        ends = (network.nodes[lk.from_node], network.nodes[lk.to_node])
        if (
            set(lk.countries) & avoid
            or {n.country for n in ends} & avoid
            or lk.mode in constraints.avoid_modes
        ):
            continue
        if {lk.from_node, lk.to_node} & set(constraints.avoid_nodes):
            continue
        wait = 0.0
        if network.services_on(lk.link_id):
            services = [
                s for s in network.services_on(lk.link_id) if s.capacity_teu_per_departure >= cargo.teu
            ]
            if not services:
                continue
            wait = 0.5 * 168.0 / sum(s.departures_per_week for s in services)  # mean of a uniform wait
        co2e = _link_co2e_kg(lk, mass_t, teu)
        for a, b in ((lk.from_node, lk.to_node), (lk.to_node, lk.from_node))[: 1 + lk.bidirectional]:
            head = network.nodes[b]
            time = lk.duration_h.mean + wait + (head.pass_dwell_h.mean if head.pass_dwell_h else 0.0)
            cost = cargo.n_billed_20 * lk.cost_usd_20 + cargo.n_billed_40 * lk.cost_usd_40
            cost += cargo.teu * head.pass_cost_usd_per_teu
            # A ship lands its boxes on the quay: sailing on from there is a transfer (a relay).
            landed = (b, QUAY) if lk.platform == "sea" else (b, lk.platform)
            yield (a, lk.platform), landed, (time, cost, lk.distance_km, co2e, 0.0), lk.mode
    for station in network.nodes.values():
        if station.node_id in constraints.avoid_nodes or station.transfer is None:
            continue
        platforms = network.platforms_at(station.node_id)
        if "sea" in platforms:
            platforms = [*platforms, QUAY]
        for p, q in itertools.permutations(platforms, 2):
            if q == QUAY:  # only ships land boxes on the quay (a transfer into it is never useful)
                continue
            hoc = "maritime-container-terminal" if {"sea", QUAY} & {p, q} else "transshipment"
            per = FACTORS.hocs[hoc].wtw_kg
            co2e = per * (cargo.n_containers if hoc != "transshipment" else mass_t)
            vector = (
                station.transfer.dwell_h.mean,
                cargo.teu * station.transfer.cost_usd_per_teu,
                0.0,
                co2e,
                1.0,
            )
            yield (station.node_id, p), (station.node_id, q), vector, None


def brute_force(
    network: Network,
    origin: str,
    destination: str,
    cargo: Cargo,
    constraints: Constraints,
    criteria: tuple[str, ...],
) -> list[Vector] | None:
    """The Pareto set of criteria vectors, by enumerating every simple path (``None``: too many paths)."""
    via, required = constraints.via_nodes, constraints.require_modes
    done = (1 << len(required)) - 1
    g = nx.MultiDiGraph()
    for tail, head, vector, mode in _arcs(network, cargo, constraints):
        bit = 1 << required.index(mode) if mode in required else 0
        for reached, flags in itertools.product(range(len(via) + 1), range(done + 1)):
            passes = mode is not None and reached < len(via) and head[0] == via[reached]
            g.add_edge((tail, reached, flags), (head, reached + passes, flags | bit), w=vector)
    start = network.nodes[origin]
    first = (start.pass_dwell_h.mean if start.pass_dwell_h else 0.0, cargo.teu * start.pass_cost_usd_per_teu)
    for state in list(g.nodes):
        (node_id, _), reached, flags = state
        if node_id == origin and reached == 0 and flags == 0:
            g.add_edge("src", state, w=(*first, 0.0, 0.0, 0.0))
        if node_id == destination and reached == len(via) and flags == done:
            g.add_edge(state, "dst", w=(0.0,) * 5)
    if "src" not in g or "dst" not in g:
        return []
    index = [("time", "cost", "distance", "co2e").index(c) for c in criteria]
    limit = math.inf if constraints.max_transshipments is None else constraints.max_transshipments
    vectors = []
    for count, path in enumerate(nx.all_simple_edge_paths(g, "src", "dst")):
        if count > MAX_PATHS:
            return None
        total = [sum(g.edges[e]["w"][i] for e in path) for i in range(5)]
        if total[4] <= limit:
            vectors.append(tuple(total[i] for i in index))
    return _pareto(vectors)


def _close(x: Vector, y: Vector) -> bool:
    return all(math.isclose(p, q, rel_tol=1e-7, abs_tol=1e-6) for p, q in zip(x, y, strict=True))


def _pareto(vectors: list[Vector]) -> list[Vector]:
    """Vectors no other vector weakly dominates, one of each (ties within rounding merged)."""
    front: list[Vector] = []
    for v in vectors:
        dominated = any(
            not _close(v, w)
            and all(
                b <= a or math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-6) for a, b in zip(v, w, strict=True)
            )
            for w in vectors
        )
        if not dominated and not any(_close(v, f) for f in front):
            front.append(v)
    return front


def _values(option: RouteOption, criteria: tuple[str, ...]) -> Vector:
    """An option's criteria as the user sees them: totals of its chain and of its emissions."""
    chain = option.chain
    assert option.emissions is not None
    totals = {
        "time": chain.duration_h_mean,
        "cost": chain.cost_usd,
        "distance": chain.distance_km,
        "co2e": option.emissions.wtw_kg,
    }
    return tuple(totals[c] for c in criteria)


def check_against_brute_force(
    network: Network,
    origin: str,
    destination: str,
    cargo: Cargo,
    constraints: Constraints,
    criteria: tuple[str, ...],
) -> bool:
    """Assert routing finds exactly the brute-force Pareto set; ``False`` if the oracle gave up."""
    expected = brute_force(network, origin, destination, cargo, constraints, criteria)
    if expected is None:
        return False
    try:
        result = route(network, origin, destination, cargo=cargo, constraints=constraints, criteria=criteria)
    except NoRouteError:
        assert not expected, f"routing found no route but brute force found {expected}"
        return True
    assert expected, "routing invented a route that brute force cannot find"
    got = [_values(o, criteria) for o in result.options]
    assert all(not _close(a, b) for a, b in itertools.combinations(got, 2)), f"duplicate options: {got}"
    assert len(got) == len(expected), (sorted(got), sorted(expected))
    assert all(any(_close(g, e) for e in expected) for g in got), (sorted(got), sorted(expected))
    return True


def _fixed() -> Network:
    """Each criterion has its own winner (1 x 40'), and the data has what user networks have.

    Fastest: by RU (A, B, C), though B omits RU from its countries and C is stored from the destination
    end. Cheapest: the truck all the way (G), with no transshipment. Lowest CO2e: by sea (A, D, E, F).
    Shortest: A, D, H, C. D is one-way (road); XX-N2 is a border with a pass fee that also changes gauge
    and mode; C runs on diesel, F on half diesel.
    """
    return small_network(
        [
            node("XX-N0", "CN", passing=(1, 1, 1, 2), transfer=(2, 3, 4, 20)),
            node("XX-N1", "AZ", transfer=(2, 3, 4, 20)),
            node("XX-N2", "KZ", kind="border", passing=(2, 4, 6, 10), transfer=(10, 12, 14, 50)),
            node("XX-N3", "RU", transfer=(5, 6, 7, 30)),
            node("XX-N4", "KZ", kind="seaport", transfer=(20, 24, 28, 100)),
            node("XX-N5", "AZ", kind="seaport", transfer=(20, 24, 28, 100)),
        ],
        [
            link("A", "XX-N0", "XX-N2", "CN|KZ", 10, distance_km=500, cost_usd_40=100),
            link("B", "XX-N2", "XX-N3", "KZ", 20, distance_km=900, cost_usd_40=200, gauge_mm=1520),
            link(
                "C",
                "XX-N1",
                "XX-N3",
                "AZ|RU",
                15,
                distance_km=800,
                cost_usd_40=150,
                gauge_mm=1520,
                electric_share=0,
            ),
            link(
                "D",
                "XX-N2",
                "XX-N4",
                "KZ",
                8,
                distance_km=50,
                cost_usd_40=300,
                mode="road",
                bidirectional="false",
            ),
            link("E", "XX-N4", "XX-N5", "KZ|AZ", 24, distance_km=1200, cost_usd_40=90, mode="sea"),
            link(
                "F",
                "XX-N5",
                "XX-N1",
                "AZ",
                5,
                distance_km=200,
                cost_usd_40=50,
                gauge_mm=1520,
                electric_share=0.5,
            ),
            link("G", "XX-N0", "XX-N1", "CN|KZ|AZ", 120, distance_km=4000, cost_usd_40=400, mode="road"),
            link("H", "XX-N4", "XX-N3", "KZ|RU", 30, distance_km=100, cost_usd_40=250, gauge_mm=1520),
        ],
        [service("SE", "E", 3)],
    )


def _ladder() -> Network:
    """Three stages of four parallel links: (time, cost) of (2^k, 0) and (0, 2^k) - all 8 combinations are
    Pareto-optimal with the same sum - and two worse twins, (2^k, 1) and (2^k + 1, 0), each dominated by
    one link in one criterion only and equal to it in the others."""
    stages = ["XX-N0", "XX-N2", "XX-N3", "XX-N1"]
    links = []
    for k, (a, b) in enumerate(itertools.pairwise(stages)):
        for name, hours, usd in (("F", 2**k, 0), ("C", 0, 2**k), ("X", 2**k, 1), ("Y", 2**k + 1, 0)):
            links.append(link(f"{name}{k}", a, b, "KZ", hours, cost_usd_20=usd, cost_usd_40=usd))
    return small_network([node(n, "KZ") for n in stages], links)


def _two_gauges() -> Network:
    """One long standard-gauge line, or two shorter lines with a gauge change between them whose
    links emit less: only the 12 kg of the transshipment (0.6 kg/t x 20 t) makes them the dirtier way."""
    return small_network(
        [
            node("XX-N0", "KZ"),
            node("XX-N1", "KZ", transfer=(1, 1, 1, 1)),
            node("XX-N2", "KZ", transfer=(1, 1, 1, 1)),
        ],
        [
            link("L", "XX-N0", "XX-N1", "KZ", 20, distance_km=1000),
            link("W", "XX-N0", "XX-N2", "KZ", 10, distance_km=500),
            link("E", "XX-N2", "XX-N1", "KZ", 10, distance_km=490, gauge_mm=1520),
        ],
    )


FIXED, LADDER, TWO_GAUGES = _fixed(), _ladder(), _two_gauges()
NONE = Constraints()
CONSTRAINTS = st.one_of(
    st.just(NONE),
    st.sets(st.sampled_from(("RU", "AZ")), min_size=1).map(
        lambda s: Constraints(avoid_countries=frozenset(s))
    ),
    st.sampled_from(("road", "sea")).map(lambda m: Constraints(avoid_modes=frozenset({m}))),
    st.sampled_from([("sea",), ("road",), ("road", "sea")]).map(lambda m: Constraints(require_modes=m)),
    st.sampled_from(("XX-N2", "XX-N3")).map(lambda n: Constraints(avoid_nodes=(n,))),
    st.sampled_from([("XX-N2",), ("XX-N3",), ("XX-N3", "XX-N2")]).map(lambda v: Constraints(via_nodes=v)),
    st.integers(0, 2).map(lambda k: Constraints(max_transshipments=k)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    network=networks(),
    backwards=st.booleans(),
    cargo=st.sampled_from(["1x40", "2x20", "1x20,1x40HC"]),
    constraints=CONSTRAINTS,
    criteria=st.lists(st.sampled_from(CRITERIA), min_size=1, max_size=4, unique=True).map(tuple),
)
# one criterion at a time, then all four, both ways over the same stored links
@example(network=FIXED, backwards=False, cargo="1x40", constraints=NONE, criteria=("time",))
@example(network=FIXED, backwards=False, cargo="1x40", constraints=NONE, criteria=("cost",))
@example(network=FIXED, backwards=False, cargo="1x40", constraints=NONE, criteria=("distance",))
@example(network=FIXED, backwards=False, cargo="1x40", constraints=NONE, criteria=("co2e",))
@example(network=FIXED, backwards=False, cargo="2x20", constraints=NONE, criteria=CRITERIA)
@example(network=FIXED, backwards=True, cargo="2x20", constraints=NONE, criteria=CRITERIA)
# each kind of constraint, with its limit at zero where it has one
@example(
    network=FIXED,
    backwards=False,
    cargo="1x40",
    constraints=Constraints(avoid_countries=frozenset({"RU"})),
    criteria=CRITERIA,
)
@example(
    network=FIXED,
    backwards=True,
    cargo="1x40",
    constraints=Constraints(avoid_modes=frozenset({"road"})),
    criteria=CRITERIA,
)
@example(
    network=FIXED,
    backwards=False,
    cargo="1x40",
    constraints=Constraints(require_modes=("sea",)),
    criteria=("time", "cost"),
)
@example(
    network=FIXED,
    backwards=False,
    cargo="1x40",
    constraints=Constraints(avoid_nodes=("XX-N3",)),
    criteria=("time", "co2e"),
)
@example(
    network=FIXED,
    backwards=False,
    cargo="1x40",
    constraints=Constraints(via_nodes=("XX-N4", "XX-N3")),
    criteria=("time",),
)
@example(
    network=FIXED,
    backwards=True,
    cargo="1x40",
    constraints=Constraints(via_nodes=("XX-N3",)),
    criteria=("distance",),
)
@example(
    network=FIXED,
    backwards=False,
    cargo="1x40",
    constraints=Constraints(max_transshipments=0),
    criteria=("time",),
)
@example(
    network=FIXED,
    backwards=True,
    cargo="1x40",
    constraints=Constraints(max_transshipments=1),
    criteria=CRITERIA,
)
@example(network=TWO_GAUGES, backwards=False, cargo="1x40", constraints=NONE, criteria=("co2e",))
# dominance: eight Pareto-optimal paths among 64, twins equal in all criteria but one
@example(network=LADDER, backwards=False, cargo="1x40", constraints=NONE, criteria=("time", "cost"))
@example(network=LADDER, backwards=True, cargo="1x40", constraints=NONE, criteria=("cost", "time"))
@example(
    network=LADDER, backwards=False, cargo="1x40", constraints=NONE, criteria=("time", "distance", "cost")
)
def test_pareto_set_equals_brute_force(
    network: Network, backwards: bool, cargo: str, constraints: Constraints, criteria: tuple[str, ...]
) -> None:
    origin, destination = ("XX-N1", "XX-N0") if backwards else ("XX-N0", "XX-N1")
    ends = {network.nodes[origin].country, network.nodes[destination].country}
    assume(not ends & constraints.avoid_countries)  # contradictions are ConstraintErrors, tested in test_plan
    present = {n.country for n in network.nodes.values()}
    assume(constraints.avoid_countries <= present)  # a country the network lacks is an error (test_plan)
    assume(all(v in network.nodes for v in (*constraints.via_nodes, *constraints.avoid_nodes)))
    checked = check_against_brute_force(
        network, origin, destination, Cargo.parse(cargo), constraints, criteria
    )
    assert checked or all(network is not n for n in (FIXED, LADDER, TWO_GAUGES)), (
        "a fixed example was skipped"
    )
    assume(checked)


@pytest.mark.slow
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    network=networks(),
    backwards=st.booleans(),
    cargo=st.sampled_from(["1x40", "2x20"]),
    constraints=CONSTRAINTS,
    criterion=st.sampled_from(CRITERIA),
)
@example(network=FIXED, backwards=False, cargo="1x40", constraints=NONE, criterion="time")
@example(
    network=FIXED,
    backwards=True,
    cargo="1x40",
    constraints=Constraints(via_nodes=("XX-N2",), require_modes=("road",)),
    criterion="distance",
)
def test_one_criterion_is_the_brute_force_shortest(
    network: Network, backwards: bool, cargo: str, constraints: Constraints, criterion: str
) -> None:
    """One criterion runs a Dijkstra that stops at the target (no Pareto search): same value, same rules."""
    origin, destination = ("XX-N1", "XX-N0") if backwards else ("XX-N0", "XX-N1")
    ends = {network.nodes[origin].country, network.nodes[destination].country}
    assume(not ends & constraints.avoid_countries)
    assume(constraints.avoid_countries <= {n.country for n in network.nodes.values()})
    assume(all(v in network.nodes for v in (*constraints.via_nodes, *constraints.avoid_nodes)))
    checked = check_against_brute_force(
        network, origin, destination, Cargo.parse(cargo), constraints, (criterion,)
    )
    assume(checked)
