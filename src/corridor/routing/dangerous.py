"""Dangerous goods on a route: which rule removed a route, and where no source says either way.

The rules are the network's :class:`~corridor.network.model.DgRule` rows,
each with its sources. Routing drops what a rule refuses
(:func:`corridor.routing.costs.arc_costs`); this module says so in words:

- :func:`dg_unknowns` lists the ports, borders, gauge changes and ships of
  the chosen routes for which no source says whether they take the class.
  The planner allows them and warns, rather than silently assuming yes.
- :func:`dg_removals` finds the routes, fastest or cheapest, that the
  class's rules removed and names the rules (and their sources) that did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from corridor.chain import TransportChain
from corridor.network.model import Network
from corridor.network.records import DgRule
from corridor.routing.assemble import chain_from_arcs
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.costs import usable_services
from corridor.routing.graph import RoutingGraph
from corridor.routing.search import pareto_paths

#: Node kinds where cargo is handled or inspected: a dangerous-goods rule there matters.
HUB_KINDS = frozenset({"seaport", "ferry_port", "border", "gauge_change"})
#: How many unknown places a warning lists by name.
MAX_LISTED = 8
#: How many routes without the class :func:`dg_removals` examines.
MAX_EXAMINED = 20


def dg_unknowns(network: Network, chains: Iterable[TransportChain], dg_class: int) -> list[str]:
    """Names of the hubs and services on ``chains`` for which no source says whether ``dg_class`` passes.

    A service counts as ruled if a rule speaks for it or for its link.
    Rail and road links between hubs are not listed (no rule in the data
    speaks for a line; the borders and terminals on it are listed).
    """
    unknown: dict[str, None] = {}
    for chain in chains:
        for leg in chain.legs:
            for node_id in leg.node_ids:
                node = network.nodes[node_id]
                if node.kind in HUB_KINDS and _silent(network.dg_rule("node", node_id, dg_class)):
                    unknown.setdefault(node.label)
            link_ids = set(leg.link_ids)
            for service_id in leg.service_ids:
                service = network.services[service_id]
                rules = (
                    network.dg_rule("service", service_id, dg_class),
                    network.dg_rule("link", service.link_id, dg_class),
                )
                if service.link_id in link_ids and all(_silent(r) for r in rules):
                    unknown.setdefault(service.name)
    return sorted(unknown)


def _silent(rule: DgRule | None) -> bool:
    return rule is None or rule.verdict == "unknown"


def dg_warning(network: Network, chains: Iterable[TransportChain], dg_class: int) -> str | None:
    """One sentence warning about :func:`dg_unknowns` (``None`` if every place is ruled)."""
    names = dg_unknowns(network, chains, dg_class)
    if not names:
        return None
    listed = ", ".join(names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        listed += f" and {len(names) - MAX_LISTED} more"
    return (
        f"dangerous goods class {dg_class}: no source says whether {len(names)} place(s) and "
        f"service(s) on these routes accept it (allowed here; check with the operators): {listed}"
    )


def refusing_rules(network: Network, chain: TransportChain, cargo: Cargo) -> list[DgRule]:
    """The rules refusing ``cargo``'s class on ``chain`` (at a node, a link, or every service of a link)."""
    cls = cargo.dg_class
    if cls is None:
        return []
    found: dict[str, DgRule] = {}

    def add(rule: DgRule | None) -> None:
        if rule is not None and rule.verdict == "refused":
            found.setdefault(rule.rule_id, rule)

    for leg in chain.legs:
        for node_id in leg.node_ids:
            add(network.dg_rule("node", node_id, cls))
        for link_id in leg.link_ids:
            add(network.dg_rule("link", link_id, cls))
            link = network.links[link_id]
            if network.services_on(link_id) and not usable_services(network, link, cargo):
                for service in network.services_on(link_id):
                    add(network.dg_rule("service", service.service_id, cls))
    return sorted(found.values(), key=lambda r: r.rule_id)


def describe_rule(network: Network, rule: DgRule) -> str:
    """``DG-X: Poti-Constanta container feeder refuses class 7 (World Nuclear News, 2022-12-20)``."""
    if rule.applies_to == "node":
        what = network.nodes[rule.target_id].label
    elif rule.applies_to == "service":
        what = network.services[rule.target_id].name
    else:
        what = rule.target_id
    classes = ",".join(str(c) for c in sorted(rule.dg_classes))
    cited = [network.sources[s] for s in rule.source_ids if network.sources[s].kind != "method"]
    where = "; ".join(f"{s.publisher}, {s.date}" if s.date else s.publisher for s in cited)
    return f"{rule.rule_id}: {what} {rule.verdict} class {classes}" + (f" ({where})" if where else "")


def dg_removals(
    graph: RoutingGraph, origin: int, destination: int, cargo: Cargo, constraints: Constraints
) -> list[DgRule]:
    """The rules that removed routes this cargo would take without its dangerous-goods class.

    The routes looked at are the Pareto set on time and cost without the
    class (at most ``MAX_EXAMINED`` of them): a rule is named if it refuses
    the class somewhere on one of them.
    """
    if cargo.dg_class is None:
        return []
    free = replace(cargo, dg_class=None)
    solutions = pareto_paths(graph, origin, destination, free, constraints, ("time", "cost"))
    found: dict[str, DgRule] = {}
    for solution in solutions[:MAX_EXAMINED]:
        chain = chain_from_arcs(graph, origin, destination, solution.arcs, free)
        for rule in refusing_rules(graph.network, chain, cargo):
            found.setdefault(rule.rule_id, rule)
    return sorted(found.values(), key=lambda r: r.rule_id)


def removal_note(
    graph: RoutingGraph, origin: int, destination: int, cargo: Cargo, constraints: Constraints
) -> str | None:
    """A sentence naming the rules that removed routes (``None`` if none did)."""
    rules = dg_removals(graph, origin, destination, cargo, constraints)
    if not rules:
        return None
    network = graph.network
    return (
        f"routes the cargo would take without its dangerous-goods class are removed for class "
        f"{cargo.dg_class} by " + "; ".join(describe_rule(network, r) for r in rules)
    )


__all__ = [
    "HUB_KINDS",
    "describe_rule",
    "dg_removals",
    "dg_unknowns",
    "dg_warning",
    "refusing_rules",
    "removal_note",
]
