"""Plan routes: the public entry point of routing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from corridor import __version__
from corridor.chain import TransportChain
from corridor.commodities import bundled_commodities
from corridor.convolution import many_grouped_sum_quantiles
from corridor.emissions.calculate import chain_emissions
from corridor.emissions.factors import FactorDataset, bundled_factors
from corridor.emissions.results import ChainEmissions
from corridor.errors import AmbiguousNodeError, ConstraintError, UnknownNodeError
from corridor.network.model import Departure, Network
from corridor.network.schedules import with_departures
from corridor.places.resolve import Resolved, resolve_place
from corridor.routing.assemble import chain_from_arcs, describe_chain
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.dangerous import dg_warning, removal_note
from corridor.routing.doors import add_doors
from corridor.routing.explain import check_endpoints, no_route_error, resolve_nodes
from corridor.routing.graph import RoutingGraph, routing_graph
from corridor.routing.limits import RouteLimits
from corridor.routing.query import RouteQuery
from corridor.routing.search import Solution, search_paths
from corridor.routing.timetable import Boarding, apply_departures
from corridor.vocabulary import DEFAULT_CRITERIA

if TYPE_CHECKING:
    from corridor.chain.document import ChainDocument

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
    departures: tuple[Boarding, ...] = ()

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
        } | ({"departures": [b.to_dict() for b in self.departures]} if self.departures else {})


@dataclass(frozen=True)
class RouteResult:
    """The answer to a routing question, with what was asked and where the data came from.

    ``truncated`` is ``None`` when ``options`` is the whole Pareto set, and
    otherwise says which part of it the answer holds.
    """

    origin: str
    destination: str
    cargo: Cargo
    constraints: Constraints
    criteria: tuple[str, ...]
    options: tuple[RouteOption, ...]
    best: int | None
    provenance: dict[str, Any]
    truncated: str | None = None
    depart: dt.date | None = None
    #: The network the options run on: the given one, plus doors and their road legs for places off it.
    network: Network | None = field(default=None, compare=False, repr=False)
    #: How the origin and destination strings were read (node, town, coordinates, UN/LOCODE).
    endpoints: tuple[Resolved, ...] = field(default=(), compare=False, repr=False)
    warnings: tuple[str, ...] = ()
    commodity: str | None = None

    @property
    def times(self) -> str:
        """Which months the P50/P90 are for: the departure date's or the annual mix."""
        return times_basis(self.depart)


def times_basis(depart: dt.date | None) -> str:
    """How the times of a plan leaving on ``depart`` (``None``: no date given) treat disruptions.

    Examples
    --------
    >>> times_basis(None)
    'annual mix: disruptions (storms, congestion) averaged over the months of the year'

    """
    if depart is None:
        return "annual mix: disruptions (storms, congestion) averaged over the months of the year"
    return (
        f"departure on {depart.isoformat()}: disruptions (storms, congestion) of the months "
        "in which the cargo reaches them"
    )


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
    limits: RouteLimits | None = None,
    depart: dt.date | None = None,
    places: bool = True,
    departures: Sequence[Departure] = (),
) -> RouteResult:
    """Pareto-optimal routes from ``origin`` to ``destination``.

    Parameters
    ----------
    network
        The network to route on.
    origin, destination
        Node ids, UN/LOCODEs or names (``"Xi'an"``, ``"DEDUI"``), or places off
        the network: a town (``"Lyon, FR"``, ``"Łódź"``), coordinates
        (``"43.238,76.945"``) or a UN/LOCODE of the bundled list (``"CNSZH"``).
        A place joins the network by truck to several terminals within reach
        and the search chooses among them (:mod:`corridor.routing.doors`).
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
    limits
        Bounds on the work (default ``RouteLimits()``): past
        ``max_options`` Pareto-optimal paths the answer holds those lowest
        in the first criterion and says so in ``truncated``.
    depart
        Departure date: the P50/P90 then take the disruptions (storms,
        congestion) of the months in which the cargo reaches each place, and
        where the network carries loaded departures (timetables,
        :mod:`corridor.network.schedules`) the cargo waits for the actual next
        one (each option's ``departures``). Without it they are the annual mix
        and average waits (``RouteResult.times`` says which).
    places
        Read the endpoints as places (towns, coordinates, UN/LOCODEs) when
        they are not nodes; ``False`` for callers whose chains must run
        between nodes (the simulation's and the assignment's flows).
    departures
        Actual departures to use besides the network's own (a timetable sent
        with the question; :func:`corridor.network.schedules.departures_from_dcsa`).

    Returns
    -------
    RouteResult
        Options sorted by median time; none is dominated by another.

    Raises
    ------
    UnknownNodeError, AmbiguousNodeError
        An endpoint is not found, or a constrained node name is ambiguous
        (for places: :class:`~corridor.errors.UnknownPlaceError` and
        :class:`~corridor.errors.AmbiguousPlaceError`, which list candidates).
    UnknownConstraintValueError
        A constraint names a country or node the network does not have.
    ConstraintError
        The constraints contradict each other or the endpoints.
    NoRouteError
        No route obeys the constraints; the message says which constraint
        removed the last one.
    LimitExceededError
        More via nodes than ``limits.max_via``.
    SearchLimitError
        The search needs more than ``limits.max_labels`` labels, or the
        question ran past ``limits.deadline_s``.

    Examples
    --------
    >>> from corridor import bundled_network, route, Cargo, Constraints
    >>> result = route(bundled_network(), "Xi'an", "Duisburg", cargo=Cargo.parse("2x40HC"),
    ...                constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})))
    >>> any("AZ" in o.chain.countries for o in result.options)
    True

    """
    limits = limits or RouteLimits()
    deadline = limits.clock()
    cargo = cargo or Cargo()
    if cargo.is_bulk and not any(cargo.form in row.cargo_forms for row in network.bulk.values()):
        form = cargo.form.replace("_", " ")
        raise ConstraintError(
            f"no link of network {network.name} carries {form} (its bulk table)", field="cargo"
        )
    limits.check_via(len(constraints.via_nodes) if constraints else 0)
    constraints = resolve_nodes(network, constraints or Constraints())
    start = _endpoint(network, origin, "origin", places=places)
    end = _endpoint(network, destination, "destination", places=places)
    routed, start_id, end_id = _with_doors(network, start, end)
    check_endpoints(routed, start_id, end_id, constraints)
    graph = routing_graph(routed)
    o, d = graph.node_index[start_id], graph.node_index[end_id]
    factors = factors or bundled_factors()
    timed = with_departures(routed, departures) if departures else routed
    found = search_paths(
        graph,
        o,
        d,
        cargo,
        constraints,
        criteria,
        factors=factors,
        max_labels=limits.max_labels,
        max_solutions=limits.max_options,
        deadline=deadline,
    )
    solutions = found.solutions
    if not solutions:
        error = no_route_error(graph, o, d, cargo, constraints, start.name, end.name)
        if "dg_class" in error.culprits:
            error = error.with_detail(removal_note(graph, o, d, cargo, constraints))
        raise error
    options: list[RouteOption] = []
    legs, element_emissions = _memos(graph, cargo, factors)
    chains: list[TransportChain] = []
    boarded: list[tuple[Boarding, ...]] = []
    for solution in solutions:
        deadline.check(f"after {len(chains)} of {len(solutions)} chains")
        chain = chain_from_arcs(graph, o, d, solution.arcs, cargo, memo=legs)
        boardings: tuple[Boarding, ...] = ()
        if depart is not None:
            chain, boardings = apply_departures(timed, chain, cargo, depart)
        chains.append(chain)
        boarded.append(boardings)
    deadline.check("before the P50/P90 of the options")
    # the options share leading elements: their products of spectra are taken once
    quantiles = many_grouped_sum_quantiles([c.convolution_groups(depart=depart) for c in chains], (0.5, 0.9))
    for solution, chain, boardings, (p50, p90) in zip(solutions, chains, boarded, quantiles, strict=True):
        deadline.check(f"after {len(options)} of {len(solutions)} options")
        generalised = None
        if value_of_time_usd_per_container_day is not None:
            generalised = chain.cost_usd + value_of_time_usd_per_container_day * cargo.n_containers * (
                chain.duration_h_mean / 24.0
            )
        emissions = chain_emissions(chain, factors, memo=element_emissions)
        options.append(RouteOption(chain, p50, p90, generalised, emissions, solution.values, boardings))
    options.sort(key=lambda o: (o.duration_h_p50, o.chain.cost_usd))
    warnings: list[str] = []
    if cargo.dg_class is not None:
        for note in (
            removal_note(graph, o, d, cargo, constraints),
            dg_warning(routed, (o.chain for o in options), cargo.dg_class),
        ):
            if note is not None:
                warnings.append(note)
    best = None
    if value_of_time_usd_per_container_day is not None:
        best = min(range(len(options)), key=lambda i: options[i].generalised_cost_usd or 0.0)
    return RouteResult(
        origin=start_id,
        destination=end_id,
        cargo=cargo,
        constraints=constraints,
        criteria=tuple(criteria),
        options=tuple(options),
        best=best,
        truncated=(
            f"the Pareto set has more than {limits.max_options} options; these are the "
            f"{len(options)} lowest in {criteria[0]}"
            if found.truncated
            else None
        ),
        depart=depart,
        network=routed,
        endpoints=(start, end),
        warnings=tuple(warnings),
        provenance={
            "corridor_version": __version__,
            "network": network.name,
            "network_version": network.version,
            "currency_year": network.currency_year,
            "quantiles": QUANTILE_METHOD,
            **factors.provenance(),
        },
    )


def chain_document(chain: TransportChain, cargo: Cargo | None = None) -> ChainDocument:
    """The chain as a chain document (see :func:`corridor.chain.chain_to_document`)."""
    from corridor.chain.convert import chain_to_document  # pydantic: imported when a document is asked for

    return chain_to_document(chain, cargo)


def chain_to_dict(chain: TransportChain, cargo: Cargo | None = None) -> dict[str, Any]:
    """The chain as JSON-ready values (see :func:`corridor.chain.chain_to_dict`)."""
    from corridor.chain.convert import chain_to_dict as to_dict  # with the document models, on first use

    return to_dict(chain, cargo)


def route_query(
    network: Network,
    query: RouteQuery,
    *,
    factors: FactorDataset | None = None,
    limits: RouteLimits | None = None,
    places: bool = True,
    departures: Sequence[Departure] = (),
) -> RouteResult:
    """The answer to a :class:`~corridor.routing.query.RouteQuery` (see :func:`route`)."""
    result = route(
        network,
        query.origin,
        query.destination,
        cargo=query.cargo,
        constraints=query.constraints,
        criteria=query.criteria,
        value_of_time_usd_per_container_day=query.value_of_time_usd_per_container_day,
        factors=factors,
        limits=limits,
        depart=query.depart,
        places=places,
        departures=departures,
    )
    if not query.commodity:
        return result
    warnings = result.warnings
    goods = bundled_commodities().commodities[query.commodity]
    if goods.dg_class_unknown and query.cargo.dg_class is None:
        warnings += (
            f"the dangerous-goods class of {goods.name} is unknown (no source; it depends on the "
            "cargo): no dangerous-goods rule was applied; give the class (--dg-class) if it has one",
        )
    return replace(result, commodity=query.commodity, warnings=warnings)


#: Entries a memo of legs or element emissions holds before it starts afresh (bounds its memory).
MEMO_ENTRIES = 20_000
#: Cargoes and factor datasets a routing graph keeps memos for.
MEMO_KEYS = 64


def _memos(
    graph: RoutingGraph, cargo: Cargo, factors: FactorDataset
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """The legs and element emissions already built on ``graph`` for ``cargo`` and ``factors``.

    A leg depends only on its links, its nodes and the cargo, an element's
    emissions only on the element, the cargo and the factors, so they are
    kept between calls: the options of one question share most legs, and
    questions on one network meet the same legs and hubs again. Bounded:
    a memo past ``MEMO_ENTRIES`` entries, or a graph past ``MEMO_KEYS``
    cargoes, starts afresh.
    """
    key = (cargo, id(factors), factors.name, factors.version)
    memos = graph.memo.get(key)
    if memos is None or any(len(m) > MEMO_ENTRIES for m in memos):
        if len(graph.memo) >= MEMO_KEYS:
            graph.memo.clear()
        memos = graph.memo[key] = ({}, {})
    return memos


def _endpoint(network: Network, query: str, field: str, *, places: bool) -> Resolved:
    try:
        return resolve_place(network, query) if places else Resolved(query, node=network.find_node(query))
    except (UnknownNodeError, AmbiguousNodeError) as err:
        raise err.about(field) from None


def _with_doors(network: Network, start: Resolved, end: Resolved) -> tuple[Network, str, str]:
    """The network to route on and the ids of the ends: doors added for places off the network."""
    if start.node is not None and end.node is not None:
        return network, start.node.node_id, end.node.node_id
    doors = add_doors(network, start.node or start.place, end.node or end.place)  # type: ignore[arg-type]
    return doors.network, doors.origin, doors.destination


__all__ = [
    "RouteLimits",
    "RouteOption",
    "RouteResult",
    "Solution",
    "chain_document",
    "chain_from_arcs",
    "chain_to_dict",
    "describe_chain",
    "route",
    "route_query",
    "times_basis",
]
