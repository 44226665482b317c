"""Why a routing question has no answer: endpoint checks and the constraint that removed the last route."""

from __future__ import annotations

import difflib
from dataclasses import replace

from corridor.errors import (
    AmbiguousNodeError,
    ConstraintError,
    NoRouteError,
    UnknownConstraintNodeError,
    UnknownConstraintValueError,
    UnknownNodeError,
)
from corridor.network.model import Network
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.graph import RoutingGraph
from corridor.routing.search import pareto_paths


def resolve_nodes(network: Network, constraints: Constraints) -> Constraints:
    """Constraints checked against ``network``, with node names replaced by node ids.

    Every surface (library, CLI, API, scenario flows) routes through here, so a
    country or node the network does not know is refused in one place (modes
    are checked by :class:`Constraints` itself): avoiding ``BL`` when ``BY``
    was meant must not quietly avoid nothing.

    Raises
    ------
    UnknownConstraintValueError
        A country code or node is not in the network; it names the field and
        suggests close values.
    AmbiguousNodeError
        A constrained node name matches several nodes.

    """
    countries = network_countries(network)
    for code in sorted(constraints.avoid_countries):
        if code not in countries:
            close = difflib.get_close_matches(code, sorted(countries), n=3, cutoff=0.5)
            raise UnknownConstraintValueError("avoid_countries", code, "country code", close)

    def ids(names: tuple[str, ...], field: str) -> tuple[str, ...]:
        out = []
        for name in names:
            try:
                out.append(network.find_node(name).node_id)
            except UnknownNodeError as err:
                raise UnknownConstraintNodeError(field, name, "node", err.suggestions) from err
            except AmbiguousNodeError as err:
                raise err.about(field) from None
        return tuple(out)

    return replace(
        constraints,
        avoid_nodes=ids(constraints.avoid_nodes, "avoid_nodes"),
        via_nodes=ids(constraints.via_nodes, "via"),
    )


def network_countries(network: Network) -> frozenset[str]:
    """ISO codes of every country a node of ``network`` is in or a link crosses."""
    return network.countries


def check_endpoints(network: Network, origin: str, destination: str, constraints: Constraints) -> None:
    """Refuse questions that contradict themselves before searching.

    Raises
    ------
    ConstraintError
        Origin equals destination, or an endpoint or via node is in an avoided country or node list.

    """
    if origin == destination:
        raise ConstraintError(f"origin and destination are the same node ({origin})", field="destination")
    for role, node_id in (("origin", origin), ("destination", destination)):
        node = network.nodes[node_id]
        if node.country in constraints.avoid_countries:
            raise ConstraintError(
                f"the {role} {node.label} is in {node.country}, which is to be avoided", field=role
            )
        if node_id in constraints.avoid_nodes:
            raise ConstraintError(f"the {role} {node.label} is also a node to avoid", field=role)
        if node_id in constraints.via_nodes:
            raise ConstraintError(f"the {role} {node.label} cannot also be a via node", field=role)
    for node_id in constraints.via_nodes:
        node = network.nodes[node_id]
        if node_id in constraints.avoid_nodes:
            raise ConstraintError(f"{node.label} is both a via node and a node to avoid", field="via")
        if node.country in constraints.avoid_countries:
            raise ConstraintError(
                f"via node {node.label} is in {node.country}, which is to be avoided", field="via"
            )


def no_route_error(
    graph: RoutingGraph, o: int, d: int, cargo: Cargo, constraints: Constraints, origin: str, destination: str
) -> NoRouteError:
    """The error for an empty answer, naming the constraints whose removal alone would give a route."""
    base = f"no route from {origin} to {destination}"
    dry = replace(cargo, containers=tuple((k.replace("RF", ""), n) for k, n in cargo.containers))
    relaxations: list[tuple[str, Constraints, Cargo]] = [
        ("avoid_countries", replace(constraints, avoid_countries=frozenset()), cargo),
        ("avoid_modes", replace(constraints, avoid_modes=frozenset()), cargo),
        ("require_modes", replace(constraints, require_modes=()), cargo),
        ("avoid_nodes", replace(constraints, avoid_nodes=()), cargo),
        ("via", replace(constraints, via_nodes=()), cargo),
        ("max_transshipments", replace(constraints, max_transshipments=None), cargo),
        ("dg_class", constraints, replace(cargo, dg_class=None)),
        ("reefer", constraints, dry),
    ]
    culprits = []
    for name, relaxed, relaxed_cargo in relaxations:
        if relaxed == constraints and relaxed_cargo == cargo:
            continue
        if pareto_paths(graph, o, d, relaxed_cargo, relaxed, ("time",)):
            culprits.append(name)
    active = "; ".join(constraints.describe())
    if culprits:
        return NoRouteError(base, culprits=tuple(culprits), active=active or "cargo")
    plain = Cargo.bulk(cargo.mass_t or 1.0, cargo.form) if cargo.is_bulk else Cargo()
    if not pareto_paths(graph, o, d, plain, Constraints(), ("time",)):
        return NoRouteError(f"{base}: the two nodes are not connected in this network")
    # the size of the cargo alone (no constraint, no DG class, no reefer) leaves no way
    if not cargo.is_bulk and not pareto_paths(
        graph, o, d, replace(dry, dg_class=None), Constraints(), ("time",)
    ):
        return NoRouteError(
            f"{base} for {cargo}: the nodes are connected for one 40' container, but every way between "
            f"them has a service or link that cannot take {cargo.teu:g} TEU at once; split the shipment"
        )
    return NoRouteError(f"{base} under these constraints together ({active}); each alone leaves a route")


__all__ = ["check_endpoints", "no_route_error", "resolve_nodes"]
