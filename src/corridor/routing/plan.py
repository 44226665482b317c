"""Plan routes: the public entry point of routing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from corridor import __version__
from corridor.chain import Element, Hub, HubKind, Leg, LegSegment, TransportChain
from corridor.distributions import Distribution
from corridor.emissions.calculate import ChainEmissions, chain_emissions
from corridor.emissions.chain_input import ChainDocument, chain_from_dict
from corridor.emissions.factors import FactorDataset, bundled_factors
from corridor.emissions.network import hoc_for_transfer
from corridor.errors import ConstraintError, NoRouteError, UnknownConstraintValueError, UnknownNodeError
from corridor.network.model import Network
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.graph import RoutingGraph, routing_graph
from corridor.routing.search import (
    DEFAULT_CRITERIA,
    Solution,
    pareto_paths,
    service_wait,
    usable_services,
)

QUANTILE_METHOD = "numerical convolution of every element's time distribution, 0.25 h grid"


@dataclass(frozen=True)
class RouteOption:
    """One Pareto-optimal way to ship the cargo."""

    chain: TransportChain
    duration_h_p50: float
    duration_h_p90: float
    generalised_cost_usd: float | None = None
    emissions: ChainEmissions | None = None
    values: dict[str, float] = field(default_factory=dict)

    @property
    def duration_days_p50(self) -> float:
        """Median door-to-door time in days."""
        return self.duration_h_p50 / 24.0

    @property
    def duration_days_p90(self) -> float:
        """90th percentile of door-to-door time in days."""
        return self.duration_h_p90 / 24.0

    def summary(self) -> dict[str, Any]:
        """The option's headline figures as plain values."""
        chain = self.chain
        return {
            "duration_days_p50": round(self.duration_days_p50, 2),
            "duration_days_p90": round(self.duration_days_p90, 2),
            "duration_h_mean": chain.duration_h_mean,
            "cost_usd": chain.cost_usd,
            "distance_km": chain.distance_km,
            "countries": list(chain.countries),
            "transshipments": chain.transshipments,
            "border_crossings": chain.border_crossings,
            "generalised_cost_usd": self.generalised_cost_usd,
            "co2e_kg": self.emissions.wtw_kg if self.emissions is not None else None,
        }


@dataclass(frozen=True)
class RouteResult:
    """The answer to a routing question, with what was asked and where the data came from."""

    origin: str
    destination: str
    cargo: Cargo
    constraints: Constraints
    criteria: tuple[str, ...]
    options: tuple[RouteOption, ...]
    best: int | None
    provenance: dict[str, Any]


def route(
    network: Network,
    origin: str,
    destination: str,
    *,
    cargo: Cargo | None = None,
    constraints: Constraints | None = None,
    criteria: tuple[str, ...] = DEFAULT_CRITERIA,
    value_of_time_usd_per_container_day: float | None = None,
    factors: FactorDataset | None = None,
) -> RouteResult:
    """Pareto-optimal routes from ``origin`` to ``destination``.

    Parameters
    ----------
    network
        The network to route on.
    origin, destination
        Node ids, UN/LOCODEs or names (``"Xi'an"``, ``"DEDUI"``).
    cargo
        What is shipped; one 40' container by default.
    constraints
        Countries, modes and nodes to avoid or pass, transshipment limit.
    criteria
        What to minimise: any of ``"time"`` (mean door-to-door hours),
        ``"cost"`` (USD), ``"distance"`` (km) and ``"co2e"`` (kg WTW);
        by default time, cost and CO2e.
    value_of_time_usd_per_container_day
        If given, the option with the lowest cost plus time valued at this
        rate is marked ``best``.
    factors
        Emission factors for CO2e (default: the bundled GLEC v3 dataset).

    Returns
    -------
    RouteResult
        Options sorted by median time; none is dominated by another.

    Raises
    ------
    UnknownNodeError, AmbiguousNodeError
        An endpoint is not found, or a constrained node name is ambiguous.
    UnknownConstraintValueError
        A constraint names a country or node the network does not have.
    ConstraintError
        The constraints contradict each other or the endpoints.
    NoRouteError
        No route obeys the constraints; the message says which constraint
        removed the last one.

    Examples
    --------
    >>> from corridor import bundled_network, route, Cargo, Constraints
    >>> result = route(bundled_network(), "Xi'an", "Duisburg", cargo=Cargo.parse("2x40HC"),
    ...                constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})))
    >>> any("AZ" in o.chain.countries for o in result.options)
    True

    """
    cargo = cargo or Cargo()
    constraints = _resolve(network, constraints or Constraints())
    start, end = network.find_node(origin), network.find_node(destination)
    _check_endpoints(network, start.node_id, end.node_id, constraints)
    graph = routing_graph(network)
    o, d = graph.node_index[start.node_id], graph.node_index[end.node_id]
    factors = factors or bundled_factors()
    solutions = pareto_paths(graph, o, d, cargo, constraints, criteria, factors=factors)
    if not solutions:
        raise NoRouteError(_explain_no_route(graph, o, d, cargo, constraints, start.name, end.name))
    options = []
    for solution in solutions:
        chain = chain_from_arcs(graph, o, d, solution.arcs, cargo)
        p50, p90 = chain.duration_quantiles_h((0.5, 0.9))
        generalised = None
        if value_of_time_usd_per_container_day is not None:
            generalised = chain.cost_usd + value_of_time_usd_per_container_day * cargo.n_containers * (
                chain.duration_h_mean / 24.0
            )
        emissions = chain_emissions(chain_document(chain, cargo), factors)
        options.append(RouteOption(chain, p50, p90, generalised, emissions, solution.values))
    options.sort(key=lambda o: (o.duration_h_p50, o.chain.cost_usd))
    best = None
    if value_of_time_usd_per_container_day is not None:
        best = min(range(len(options)), key=lambda i: options[i].generalised_cost_usd or 0.0)
    return RouteResult(
        origin=start.node_id,
        destination=end.node_id,
        cargo=cargo,
        constraints=constraints,
        criteria=tuple(criteria),
        options=tuple(options),
        best=best,
        provenance={
            "corridor_version": __version__,
            "network": network.name,
            "network_version": network.version,
            "currency_year": network.currency_year,
            "quantiles": QUANTILE_METHOD,
            **factors.provenance(),
        },
    )


def chain_document(chain: TransportChain, cargo: Cargo) -> ChainDocument:
    """The chain as a chain document (the input of :func:`corridor.emissions.chain_emissions`)."""
    return chain_from_dict(chain_to_dict(chain, cargo), source="route")


def chain_to_dict(chain: TransportChain, cargo: Cargo) -> dict[str, Any]:
    """The chain as plain data in the chain-document form."""
    return {
        "origin": chain.origin,
        "destination": chain.destination,
        "cargo": cargo.to_chain_cargo().model_dump(exclude_none=True),
        "elements": [e.to_dict() for e in chain.elements],
    }


def _resolve(network: Network, constraints: Constraints) -> Constraints:
    """Constraints checked against ``network``, with node names replaced by node ids.

    Every surface (library, CLI, API, scenarios) routes through here, so a
    country, mode or node the network does not know is refused in one place.

    Raises
    ------
    UnknownConstraintValueError
        A country code or node is not in the network (modes are checked by
        :class:`Constraints` itself); the message suggests close values.

    """
    countries = network_countries(network)
    for code in sorted(constraints.avoid_countries):
        if code not in countries:
            close = difflib.get_close_matches(code, sorted(countries), n=3, cutoff=0.5)
            raise UnknownConstraintValueError("avoid_countries", code, "country code", close)
    return replace(
        constraints,
        avoid_nodes=tuple(_constraint_node(network, "avoid_nodes", n) for n in constraints.avoid_nodes),
        via_nodes=tuple(_constraint_node(network, "via_nodes", n) for n in constraints.via_nodes),
    )


def network_countries(network: Network) -> frozenset[str]:
    """ISO codes of every country a node or link of ``network`` is in or crosses."""
    codes = {node.country for node in network.nodes.values()}
    for link in network.links.values():
        codes.update(link.countries)
    return frozenset(codes)


def _constraint_node(network: Network, field: str, query: str) -> str:
    try:
        return network.find_node(query).node_id
    except UnknownNodeError as err:
        raise UnknownConstraintValueError(field, query, "node", err.suggestions) from err


def _check_endpoints(network: Network, origin: str, destination: str, constraints: Constraints) -> None:
    if origin == destination:
        raise ConstraintError(f"origin and destination are the same node ({origin})")
    for role, node_id in (("origin", origin), ("destination", destination)):
        node = network.nodes[node_id]
        if node.country in constraints.avoid_countries:
            raise ConstraintError(f"the {role} {node.label} is in {node.country}, which is to be avoided")
        if node_id in constraints.avoid_nodes:
            raise ConstraintError(f"the {role} {node.label} is also a node to avoid")
        if node_id in constraints.via_nodes:
            raise ConstraintError(f"the {role} {node.label} cannot also be a via node")
    for node_id in constraints.via_nodes:
        node = network.nodes[node_id]
        if node_id in constraints.avoid_nodes:
            raise ConstraintError(f"{node.label} is both a via node and a node to avoid")
        if node.country in constraints.avoid_countries:
            raise ConstraintError(f"via node {node.label} is in {node.country}, which is to be avoided")


def _explain_no_route(
    graph: RoutingGraph, o: int, d: int, cargo: Cargo, constraints: Constraints, origin: str, destination: str
) -> str:
    """Name the constraints whose removal alone would give a route."""
    base = f"no route from {origin} to {destination}"
    relaxations: list[tuple[str, Constraints, Cargo]] = [
        ("--avoid-country", replace(constraints, avoid_countries=frozenset()), cargo),
        ("--avoid-mode", replace(constraints, avoid_modes=frozenset()), cargo),
        ("--require-mode", replace(constraints, require_modes=()), cargo),
        ("--avoid-node", replace(constraints, avoid_nodes=()), cargo),
        ("--via", replace(constraints, via_nodes=()), cargo),
        ("--max-transshipments", replace(constraints, max_transshipments=None), cargo),
        ("the dangerous-goods class", constraints, replace(cargo, dg_class=None)),
        (
            "reefer containers",
            constraints,
            Cargo(tuple((k.replace("RF", ""), n) for k, n in cargo.containers), cargo.dg_class),
        ),
    ]
    culprits = []
    for label, relaxed, relaxed_cargo in relaxations:
        if relaxed == constraints and relaxed_cargo == cargo:
            continue
        if pareto_paths(graph, o, d, relaxed_cargo, relaxed, ("time",)):
            culprits.append(label)
    if culprits:
        active = "; ".join(constraints.describe()) or "cargo"
        return f"{base}: it is {' or '.join(culprits)} that removes the last route ({active})"
    if not pareto_paths(graph, o, d, Cargo(), Constraints(), ("time",)):
        return f"{base}: the two nodes are not connected in this network"
    together = "; ".join(constraints.describe())
    return f"{base} under these constraints together ({together}); each alone leaves a route"


@dataclass
class _Step:
    transfer: bool
    link_index: int
    from_node: str
    to_node: str


def _steps(graph: RoutingGraph, arcs: list[int]) -> list[_Step]:
    steps = []
    for a in arcs:
        tail_node = graph.node_ids[int(graph.sub_node[graph.tail[a]])]
        head_node = graph.node_ids[int(graph.sub_node[graph.head[a]])]
        steps.append(_Step(bool(graph.link[a] < 0), int(graph.link[a]), tail_node, head_node))
    return steps


def chain_from_arcs(
    graph: RoutingGraph, origin: int, destination: int, arcs: list[int], cargo: Cargo
) -> TransportChain:
    """Group a path's arcs into legs and hubs."""
    network = graph.network
    steps = _steps(graph, arcs)
    elements: list[Element] = []
    node_countries: list[str] = [network.nodes[graph.node_ids[origin]].country]
    run: list[_Step] = []

    def link_of(step: _Step) -> Any:
        return network.links[graph.link_ids[step.link_index]]

    def close_leg() -> None:
        if run:
            elements.append(
                _leg(
                    network, [link_of(s) for s in run], [s.from_node for s in run] + [run[-1].to_node], cargo
                )
            )
            run.clear()

    def add_hub(
        node_id: str,
        activity: str,
        kind: HubKind,
        cost: float,
        dwell: Distribution | None,
        hoc: str | None = None,
    ) -> None:
        close_leg()
        previous = elements[-1] if elements else None
        durations = (dwell,) if dwell is not None else ()
        if isinstance(previous, Hub) and previous.node_id == node_id:
            rank = ("terminal", "border", "gauge_change", "transshipment")
            elements[-1] = Hub(
                node_id,
                max(previous.kind, kind, key=rank.index),
                (*previous.activities, activity),
                previous.cost_usd + cost,
                previous.duration_h + durations,
                previous.country,
                previous.hoc or hoc,
            )
        else:
            elements.append(
                Hub(node_id, kind, (activity,), cost, durations, network.nodes[node_id].country, hoc)
            )

    def pass_hub(node_id: str, index: int) -> None:
        node = network.nodes[node_id]
        if node.pass_dwell_h is None and node.pass_cost_usd_per_teu == 0:
            return
        neighbours = [s for s in steps[max(index - 1, 0) : index + 2] if not s.transfer]
        crosses = node.kind == "border" or any(
            len(link_of(s).countries) > 1 for s in neighbours if node_id in (s.from_node, s.to_node)
        )
        activity: HubKind = "border" if crosses else "terminal"
        add_hub(node_id, activity, activity, cargo.teu * node.pass_cost_usd_per_teu, node.pass_dwell_h)

    pass_hub(graph.node_ids[origin], 0)
    for index, step in enumerate(steps):
        if step.transfer:
            node = network.nodes[step.to_node]
            a, b = graph.sub_platform[graph.tail[arcs[index]]], graph.sub_platform[graph.head[arcs[index]]]
            kind: HubKind = (
                "gauge_change" if a.startswith("rail/") and b.startswith("rail/") else "transshipment"
            )
            assert node.transfer is not None  # transfer arcs exist only at transfer points
            add_hub(
                step.to_node,
                f"{kind}:{a}->{b}",
                kind,
                cargo.teu * node.transfer.cost_usd_per_teu,
                node.transfer.dwell_h,
                hoc_for_transfer(a, b),
            )
            continue
        link = link_of(step)
        if run and (link_of(run[-1]).mode != link.mode or link_of(run[-1]).gauge_mm != link.gauge_mm):
            close_leg()
        run.append(step)
        codes = link.countries if step.from_node == link.from_node else tuple(reversed(link.countries))
        if link.mode in ("sea", "ferry"):
            codes = (network.nodes[step.from_node].country, network.nodes[step.to_node].country)
        node_countries.extend(codes)
        pass_hub(step.to_node, index)
    close_leg()
    return TransportChain(
        graph.node_ids[origin], graph.node_ids[destination], tuple(elements), tuple(node_countries)
    )


def _leg(network: Network, links: list[Any], nodes: list[str], cargo: Cargo) -> Leg:
    durations: list[Distribution] = []
    services: list[str] = []
    countries: list[str] = []
    cost = 0.0
    segments: list[LegSegment] = []
    for link, a in zip(links, nodes, strict=False):
        durations.append(link.duration_h)
        if network.services_on(link.link_id):
            usable = usable_services(network, link, cargo)
            durations.append(service_wait(usable))
            services.extend(s.service_id for s in usable)
        cost += cargo.n_billed_20 * link.cost_usd_20 + cargo.n_billed_40 * link.cost_usd_40
        codes = link.countries if a == link.from_node else tuple(reversed(link.countries))
        countries.extend(c for c in codes if c not in countries)
        segments.append(LegSegment(link.link_id, link.distance_km, codes, link.electric_share, link.toc_id))
    distance = sum(link.distance_km for link in links)
    electric = None
    if links[0].mode == "rail" and all(lk.electric_share is not None for lk in links):
        electric = sum(lk.electric_share * lk.distance_km for lk in links) / distance
    return Leg(
        mode=links[0].mode,
        from_node=nodes[0],
        to_node=nodes[-1],
        link_ids=tuple(lk.link_id for lk in links),
        node_ids=tuple(nodes),
        distance_km=distance,
        cost_usd=cost,
        duration_h=tuple(durations),
        countries=tuple(countries),
        gauge_mm=links[0].gauge_mm,
        electric_share=electric,
        service_ids=tuple(services),
        segments=tuple(segments),
    )


def describe_chain(network: Network, chain: TransportChain) -> str:
    """The path in words: ``Xi'an → Altynkol (gauge change) → Aktau → ferry → Alat → ...``.

    Names the places where the cargo changes mode or gauge, the ports and the
    modes other than rail; plain border stations are left to the counts.
    """
    words: list[str] = [network.nodes[chain.origin].name]
    labels = {"gauge_change": "gauge change", "transshipment": "transshipment"}

    def add(name: str) -> None:
        if words[-1] != name:
            words.append(name)

    for element in chain.elements:
        if isinstance(element, Hub):
            node = network.nodes[element.node_id]
            label = labels.get(element.kind)
            if label:
                if words[-1] == node.name:
                    words.pop()
                words.append(f"{node.name} ({label})")
            elif node.kind in ("seaport", "ferry_port"):
                add(node.name)
        else:
            if element.mode != "rail":
                add("ship" if element.mode == "sea" else element.mode)
            if element.to_node == chain.destination or network.nodes[element.to_node].kind in (
                "seaport",
                "ferry_port",
            ):
                add(network.nodes[element.to_node].name)
    return " → ".join(words)


__all__ = ["RouteOption", "RouteResult", "Solution", "chain_from_arcs", "describe_chain", "route"]
