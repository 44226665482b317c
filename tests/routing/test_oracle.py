"""Routing against an independent brute-force oracle on random networks."""

from __future__ import annotations

import itertools
import math

import networkx as nx
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corridor.errors import NoRouteError
from corridor.network import Network, build_network
from corridor.network.build import REQUIRED_COLUMNS
from corridor.routing import Cargo, Constraints, route
from corridor.tables import Table

NODE_COLS = (
    "node_id",
    "name",
    "country",
    "lat",
    "lon",
    "kind",
    "transfer_h_min",
    "transfer_h_mode",
    "transfer_h_max",
    "transfer_cost_usd_per_teu",
    "pass_h_min",
    "pass_h_mode",
    "pass_h_max",
    "pass_cost_usd_per_teu",
    "source_ids",
)
LINK_COLS = REQUIRED_COLUMNS["links"] + ("gauge_mm", "electric_share")
SERVICE_COLS = REQUIRED_COLUMNS["services"]
META = {"name": "random", "version": "1", "title": "random", "licence": "CC0-1.0", "currency_year": 2024}
COUNTRIES = ("CN", "KZ", "RU", "AZ")
MAX_PATHS = 20_000


@st.composite
def networks(draw: st.DrawFn) -> Network:
    n = draw(st.integers(4, 6))
    num = st.integers(0, 40)
    nodes = []
    for i in range(n):
        t = sorted(draw(st.lists(num, min_size=3, max_size=3)))
        p = sorted(draw(st.lists(num, min_size=3, max_size=3)))
        nodes.append(
            (
                i + 2,
                dict(
                    zip(
                        NODE_COLS,
                        (
                            f"XX-N{i}",
                            f"N{i}",
                            draw(st.sampled_from(COUNTRIES)),
                            "40",
                            str(50 + i),
                            "rail_terminal",
                            *map(str, t),
                            str(draw(num)),
                            *map(str, p),
                            str(draw(st.integers(0, 5))),
                            "s",
                        ),
                        strict=True,
                    )
                ),
            )
        )
    links: list[tuple[int, dict[str, str]]] = []
    services: list[tuple[int, dict[str, str]]] = []
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=n, max_size=2 * n)
    )
    for j, (a, b) in enumerate(pairs):
        if a == b:
            continue
        mode = draw(st.sampled_from(("rail", "rail", "sea", "road")))
        d = sorted(draw(st.lists(st.integers(1, 100), min_size=3, max_size=3)))
        gauge = draw(st.sampled_from(("1435", "1520"))) if mode == "rail" else ""
        links.append(
            (
                j + 2,
                dict(
                    zip(
                        LINK_COLS,
                        (
                            f"L{j}",
                            f"XX-N{a}",
                            f"XX-N{b}",
                            mode,
                            draw(st.sampled_from(("true", "false"))),
                            str(draw(st.integers(1, 900))),
                            *map(str, d),
                            str(draw(num)),
                            str(draw(num)),
                            "|".join(
                                draw(
                                    st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True)
                                )
                            ),
                            draw(st.sampled_from(("true", "false"))),
                            "s",
                            gauge,
                            "1" if mode == "rail" else "",
                        ),
                        strict=True,
                    )
                ),
            )
        )
        if mode == "sea":
            services.append(
                (
                    len(services) + 2,
                    dict(
                        zip(
                            SERVICE_COLS,
                            (f"S{j}", f"L{j}", f"svc {j}", str(draw(st.integers(1, 7))), "100", "s"),
                            strict=True,
                        )
                    ),
                )
            )
    sources = Table(
        "sources.csv",
        [
            (
                2,
                {
                    "source_id": "s",
                    "kind": "method",
                    "title": "t",
                    "publisher": "p",
                    "url": "",
                    "note": "random",
                },
            )
        ],
        REQUIRED_COLUMNS["sources"] + ("note",),
    )
    return build_network(
        META,
        nodes=Table("nodes.csv", nodes, NODE_COLS),
        links=Table("links.csv", links, LINK_COLS),
        services=Table("services.csv", services, SERVICE_COLS),
        sources=sources,
    )


def _brute_force(
    network: Network,
    origin: str,
    destination: str,
    cargo: Cargo,
    avoid: frozenset[str],
    *,
    require_sea: bool = False,
) -> set[tuple[float, float, float]] | None:
    """Cost vectors of all Pareto-optimal routes, by enumerating every simple state path.

    ``None`` if there are too many paths to enumerate quickly.
    """
    g = nx.MultiDiGraph()
    for link in network.links.values():
        if (
            set(link.countries) & avoid
            or {network.nodes[link.from_node].country, network.nodes[link.to_node].country} & avoid
        ):
            continue
        wait = 0.0
        services = network.services_on(link.link_id)
        if services:
            wait = 84.0 / sum(s.departures_per_week for s in services)
        for a, b in ((link.from_node, link.to_node), (link.to_node, link.from_node))[
            : 1 + link.bidirectional
        ]:
            head = network.nodes[b]
            time = link.duration_h.mean + wait + (head.pass_dwell_h.mean if head.pass_dwell_h else 0)
            cost = (
                cargo.n_billed_20 * link.cost_usd_20
                + cargo.n_billed_40 * link.cost_usd_40
                + cargo.teu * head.pass_cost_usd_per_teu
            )
            # A ship lands its boxes on the quay: sailing on means a transfer (a relay).
            landed = (b, "quay") if link.platform == "sea" else (b, link.platform)
            g.add_edge(
                (a, link.platform),
                landed,
                w=(time, cost, link.distance_km),
                sea=link.mode == "sea",
            )
    for node in network.nodes.values():
        states = [s for s in g.nodes if s[0] == node.node_id]
        for s, t in itertools.permutations(states, 2):
            assert node.transfer is not None
            g.add_edge(s, t, w=(node.transfer.dwell_h.mean, cargo.teu * node.transfer.cost_usd_per_teu, 0.0))
    start = network.nodes[origin]
    g.add_node("src")
    g.add_node("dst")
    for s in [s for s in g.nodes if s[0] == origin]:
        g.add_edge(
            "src",
            s,
            w=(
                start.pass_dwell_h.mean if start.pass_dwell_h else 0,
                cargo.teu * start.pass_cost_usd_per_teu,
                0.0,
            ),
        )
    for s in [s for s in g.nodes if s[0] == destination]:
        g.add_edge(s, "dst", w=(0.0, 0.0, 0.0))
    vectors = []
    if require_sea:  # states also record whether the route has been to sea yet
        layered = nx.MultiDiGraph()
        for u, v, data in g.edges(data=True):
            for flag in (False, True):
                if u == "src":
                    if not flag:
                        layered.add_edge("src", (v, False), **data)
                elif v == "dst":
                    if flag:
                        layered.add_edge((u, True), "dst", **data)
                else:
                    layered.add_edge((u, flag), (v, flag or data.get("sea", False)), **data)
        g = layered
    if "src" not in g or "dst" not in g:
        return set()
    for count, path in enumerate(nx.all_simple_edge_paths(g, "src", "dst")):
        if count > MAX_PATHS:
            return None
        total = [0.0, 0.0, 0.0]
        for u, v, k in path:
            total = [x + y for x, y in zip(total, g.edges[u, v, k]["w"], strict=True)]
        vectors.append(tuple(total))
    front = {
        v
        for v in vectors
        if not any(all(b <= a for a, b in zip(v, w, strict=True)) and w != v for w in vectors)
    }
    return {tuple(round(x, 6) for x in v) for v in front}  # type: ignore[misc]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    network=networks(),
    avoid=st.sets(st.sampled_from(COUNTRIES[2:]), max_size=1),
    cargo=st.sampled_from(["1x40", "2x20", "1x20,1x40HC"]),
    require_sea=st.booleans(),
)
def test_pareto_set_equals_brute_force(
    network: Network, avoid: set[str], cargo: str, require_sea: bool
) -> None:
    origin, destination = "XX-N0", "XX-N1"
    if {network.nodes[origin].country, network.nodes[destination].country} & avoid:
        return
    present = {n.country for n in network.nodes.values()} | {
        c for lk in network.links.values() for c in lk.countries
    }
    avoid &= present  # a country the network lacks is an error (tested in test_plan.py), not a no-op
    parsed = Cargo.parse(cargo)
    expected = _brute_force(network, origin, destination, parsed, frozenset(avoid), require_sea=require_sea)
    assume(expected is not None)
    assert expected is not None
    try:
        result = route(
            network,
            origin,
            destination,
            cargo=parsed,
            constraints=Constraints(avoid_countries=frozenset(avoid), require_modes=("sea",) * require_sea),
            criteria=("time", "cost", "distance"),
        )
    except NoRouteError:
        assert not expected, f"routing found no route but brute force found {expected}"
        return
    assert expected, "routing invented a route that brute force cannot find"
    got = {
        (round(o.chain.duration_h_mean, 6), round(o.chain.cost_usd, 6), round(o.chain.distance_km, 6))
        for o in result.options
    }
    assert _close_sets(got, expected), (got, expected)


Vector = tuple[float, float, float]


def _close_sets(a: set[Vector], b: set[Vector]) -> bool:
    def match(x: Vector, ys: set[Vector]) -> bool:
        return any(
            all(math.isclose(p, q, rel_tol=1e-7, abs_tol=1e-6) for p, q in zip(x, y, strict=True)) for y in ys
        )

    return len(a) == len(b) and all(match(x, b) for x in a)
