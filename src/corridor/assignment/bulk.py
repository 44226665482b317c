"""Bulk flows in tonnes: crude and other bulk on pipelines, tankers and tank cars, within capacities.

Each bulk demand row (origin, destination, commodity, tonnes a year) gets the
routing engine's options for its commodity (the Pareto sets on time, cost and
CO2e, unrestricted and avoiding Russia, always without the run's closed
countries), and tonnes are assigned to them at least cost subject to every
capacity they load, by linear programming (HiGHS through SciPy):

- a link's bulk capacity in tonnes a year (``bulk.csv``: a pipeline, a tanker
  lane limited by its loading port);
- a container capacity element the route's tank cars ride on (a rail
  ferry's services, whose wagon deck takes tank cars and container flats; a
  line's ``capacity_teu_per_day``) gives the tonnes what the container flows
  leave, at ``T_PER_TEU_SLOT`` tonnes per TEU slot. In a scenario run both
  compete for it first (:mod:`corridor.assignment.bulk_shared`: one shadow
  price per slot inside the container equilibrium), and this residual is what
  the containers' equilibrium left;
- a hub's bulk transfer capacity (``bulk_transfers.csv``: the transloading
  lines at a gauge change) for the tonnes that change gauge or mode there.

Demand no option can take is unserved, so a closure shows as tonnes
stranded, not as an infeasible problem. A stranded tonne costs the value of
the cargo (the commodity's ``value_usd_per_t``: the shipper loses the sale,
or sells it at home), or ``UNSERVED_USD_PER_T`` where the value is unknown.
So a capacity's shadow price (what a tonne more of room would save) is at
most that value less the route's own cost, never the arbitrary penalty. Bulk pays
per tonne: no logit spread, the cheapest feasible mix (shippers of crude
nominate the cheapest route with room; a judgement stated in docs/flows.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corridor.assignment.options import Element, leg_elements
from corridor.cargo import TANK_CAR_PAYLOAD_T
from corridor.commodities import bundled_commodities
from corridor.errors import DataFileError, NoRouteError, Problem, ScenarioError
from corridor.network.model import Network
from corridor.routing import RouteQuery, describe_chain, route_query
from corridor.tables import SOURCE_ID, RowReader, records_from_csv

#: Tonnes of bulk per TEU slot of a ferry's wagon deck or a line's train length (m-bulk-shared-slot):
#: ASCO's Ro-Pax ferries take 56 tank cars or 46 open-top wagons (PortNews, Dec 2022), a container
#: wagon counts 2 TEU (m-wagon-teu), so a tank car of 66 t takes 2 x 46/56 TEU: 40.2 t per TEU slot.
T_PER_TEU_SLOT = TANK_CAR_PAYLOAD_T * 56 / (46 * 2)
#: Cost of a tonne no route can take where the commodity's value is unknown: high enough that the
#: assignment strands tonnes only when full (its shadow prices are then bounds, not values).
UNSERVED_USD_PER_T = 10_000.0
#: Choice-set variants: unrestricted, and avoiding Russia (sanctions, a CPC closure's alternative).
BULK_AVOIDS: tuple[tuple[str, ...], ...] = ((), ("RU",))
COLUMNS = ("origin", "destination", "commodity", "t_per_year", "source_ids")


@dataclass(frozen=True, slots=True)
class BulkDemandRow:
    """Tonnes a year of one commodity from an origin to a destination."""

    origin: str
    destination: str
    commodity: str
    t_per_year: float
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BulkOptionFlow:
    """Tonnes a year on one route option of a bulk demand row."""

    origin: str
    destination: str
    commodity: str
    route: str
    countries: str
    t_per_year: float
    price_usd_per_t: float
    co2e_kg_per_t: float
    p50_days: float


@dataclass(frozen=True, slots=True)
class BulkElementFlow:
    """Load on one capacity a bulk route uses, and what a tonne more of room would save (shadow price)."""

    key: str
    link_id: str
    name: str
    capacity_t_per_year: float
    load_t_per_year: float
    shadow_price_usd_per_t: float

    @property
    def utilisation(self) -> float:
        """Load over capacity."""
        return self.load_t_per_year / self.capacity_t_per_year if self.capacity_t_per_year else 0.0


@dataclass(frozen=True)
class BulkFlows:
    """Bulk flows of a run: options used, capacities loaded, totals."""

    options: tuple[BulkOptionFlow, ...]
    elements: tuple[BulkElementFlow, ...]
    totals: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Headline figures as JSON-ready values."""
        return {
            "totals": self.totals,
            "options": [asdict(o) for o in self.options if o.t_per_year > 0],
            "elements": [asdict(e) | {"utilisation": e.utilisation} for e in self.elements],
        }


def _make_row(r: RowReader) -> BulkDemandRow:
    return BulkDemandRow(
        origin=r.text("origin"),
        destination=r.text("destination"),
        commodity=r.text("commodity"),
        t_per_year=r.number("t_per_year", positive=True) or 0.0,
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
    )


def bulk_demand_from_csv(path: str | Path) -> list[BulkDemandRow]:
    """Bulk demand rows of a CSV file (``origin, destination, commodity, t_per_year, source_ids``).

    Raises
    ------
    DataFileError
        A missing column, a bad value or an unknown commodity, naming file, row and field.

    """
    rows = records_from_csv(path, COLUMNS, _make_row, "bulk demand rows")
    table = bundled_commodities()
    problems = []
    for i, row in enumerate(rows, start=2):
        if row.commodity not in table.commodities:
            problems.append(Problem(str(path), i, "commodity", f"unknown commodity {row.commodity!r}"))
        elif not table.commodities[row.commodity].bulk:
            problems.append(
                Problem(
                    str(path), i, "commodity", f"{row.commodity} travels in containers: give it as TEU demand"
                )
            )
    if problems:
        raise DataFileError(problems)
    return rows


def bundled_bulk_demand_path() -> Path:
    """The bundled bulk demand table (Kazakh crude exports)."""
    from importlib import resources

    return Path(str(resources.files("corridor") / "data" / "demand" / "bulk_demand.csv"))


def _options(network: Network, row: BulkDemandRow, closed: tuple[str, ...]) -> list[Any]:
    """The distinct route options of a row (one tonne: costs and CO2e per tonne)."""
    found: dict[tuple[str, ...], Any] = {}
    for avoid in BULK_AVOIDS:
        query = RouteQuery.build(
            row.origin,
            row.destination,
            commodity=row.commodity,
            mass_t=1.0,
            avoid_countries=sorted({*avoid, *closed}),
        )
        try:
            result = route_query(network, query)
        except NoRouteError:
            continue
        for option in result.options:
            key = tuple(link for leg in option.chain.legs for link in leg.link_ids)
            found.setdefault(key, option)
    return list(found.values())


@dataclass(frozen=True)
class BulkColumns:
    """The bulk demand rows, their route options (columns) and the capacity keys each loads."""

    rows: tuple[BulkDemandRow, ...]
    columns: tuple[tuple[int, Any], ...]  # (row index, route option)
    cost: tuple[float, ...]  # USD per tonne, carbon included
    keys: tuple[tuple[str, ...], ...]  # per column: its bulk links, bulk transfers and shared elements
    #: Container capacity elements (by key) whose slots tank cars take: a rail ferry's services, a line
    shared: dict[str, Element]


def bulk_columns(
    network: Network,
    demand: Iterable[BulkDemandRow],
    *,
    closed: Iterable[str] = (),
    carbon_price_usd_per_t: float = 0.0,
) -> BulkColumns:
    """Route every bulk row and list what each option loads (see the module docstring)."""
    rows = tuple(demand)
    closed_codes = tuple(sorted({c.upper() for c in closed}))
    columns: list[tuple[int, Any]] = []
    for r, row in enumerate(rows):
        columns.extend((r, option) for option in _options(network, row, closed_codes))
    shared: dict[str, Element] = {}
    keys = []
    for _, option in columns:
        elements = shared_elements(network, option)
        shared.update((e.key, e) for e in elements)
        keys.append((*_keys(option, network), *(e.key for e in elements)))
    cost = tuple(o.chain.cost_usd + carbon_price_usd_per_t * _co2e_kg(o) / 1000 for _, o in columns)
    return BulkColumns(rows, tuple(columns), cost, tuple(keys), shared)


def shared_elements(network: Network, option: Any) -> list[Element]:
    """The container capacity elements a bulk route takes wagon slots on (direction by direction).

    A rail ferry's services (``services:LINK:fwd``) and a line's container
    capacity (``link:LINK:fwd``): the elements the container equilibrium
    prices, so tank cars and container flats compete for the same deck and
    train length (``T_PER_TEU_SLOT`` tonnes per TEU slot).
    """
    out: list[Element] = []
    for leg in option.chain.legs:
        for element, _ in leg_elements(network, leg, set(leg.service_ids)):
            if element.kind in ("services", "link") and element.capacity_teu_per_year > 0:
                out.append(element)
    return out


def solve_bulk_lp(
    columns: BulkColumns, capacities: Mapping[str, float], extra_cost: Any = None
) -> tuple[Any, Any, list[str], Any]:
    """Least-cost tonnes within ``capacities`` (t/yr by key; keys absent are not limits).

    Returns the tonnes per column then per row unserved, the shadow price of
    each limit (USD/t), the limits' keys and their incidence matrix.
    """
    from scipy.optimize import linprog

    rows = columns.rows
    n_opt, n_rows = len(columns.columns), len(rows)
    limits = sorted({k for ks in columns.keys for k in ks if k in capacities})
    c = np.array(list(columns.cost) + [unserved_usd_per_t(row.commodity) for row in rows])
    if extra_cost is not None:
        c[:n_opt] += extra_cost
    a_eq = np.zeros((n_rows, n_opt + n_rows))
    for j, (r, _) in enumerate(columns.columns):
        a_eq[r, j] = 1.0
    a_eq[np.arange(n_rows), n_opt + np.arange(n_rows)] = 1.0
    b_eq = np.array([row.t_per_year for row in rows])
    a_ub = np.zeros((len(limits), n_opt + n_rows))
    where = {k: i for i, k in enumerate(limits)}
    for j, ks in enumerate(columns.keys):
        for key in ks:
            if key in where:
                a_ub[where[key], j] = 1.0
    b_ub = np.array([capacities[k] for k in limits])
    solved = linprog(
        c,
        A_ub=a_ub if limits else None,
        b_ub=b_ub if limits else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=(0, None),
        method="highs",
    )
    if not solved.success:
        raise ScenarioError(f"bulk assignment failed: {solved.message}")
    duals = -solved.ineqlin.marginals if limits else np.zeros(0)
    return solved.x, duals, limits, a_ub


def assign_bulk(
    network: Network,
    demand: Iterable[BulkDemandRow],
    *,
    closed: Iterable[str] = (),
    container_loads: Mapping[str, float] | None = None,
    carbon_price_usd_per_t: float = 0.0,
    columns: BulkColumns | None = None,
) -> BulkFlows:
    """Assign bulk demand to routes at least cost within every capacity (see the module docstring).

    ``container_loads`` is the container load (TEU a year) per capacity
    element of the same run (``services:LINK:fwd``, ``link:LINK:rev``: the
    flows result's bottleneck keys): an element shared with containers gives
    bulk only what containers leave, at ``T_PER_TEU_SLOT`` tonnes per TEU.
    ``columns``: the routes found already (:func:`bulk_columns`).

    Raises
    ------
    ScenarioError
        The linear program cannot be solved (it always can: unserved tonnes
        make every problem feasible; a failure is a bug worth reporting).

    """
    if columns is None:
        columns = bulk_columns(network, demand, closed=closed, carbon_price_usd_per_t=carbon_price_usd_per_t)
    rows = columns.rows
    n_opt = len(columns.columns)
    capacities = _capacities(network, columns.shared, container_loads or {})
    x, duals, keys, a_ub = solve_bulk_lp(columns, {k: v[1] for k, v in capacities.items()})
    option_flows = tuple(
        BulkOptionFlow(
            origin=rows[r].origin,
            destination=rows[r].destination,
            commodity=rows[r].commodity,
            route=describe_chain(network, option.chain),
            countries=" ".join(option.chain.countries),
            t_per_year=float(x[j]),
            price_usd_per_t=float(option.chain.cost_usd),
            co2e_kg_per_t=_co2e_kg(option),
            p50_days=round(float(option.duration_days_p50), 2),
        )
        for j, (r, option) in enumerate(columns.columns)
    )
    elements = tuple(
        BulkElementFlow(
            key=k,
            link_id=capacities[k][0],
            name=_name(network, capacities[k][0], columns.shared.get(k)),
            capacity_t_per_year=float(capacities[k][1]),
            load_t_per_year=float(a_ub[i, :n_opt] @ x[:n_opt]),
            shadow_price_usd_per_t=float(duals[i]),
        )
        for i, k in enumerate(keys)
    )
    penalties = np.array([unserved_usd_per_t(row.commodity) for row in rows])
    served = float(x[:n_opt].sum())
    totals = {
        "demand_t_per_year": float(sum(row.t_per_year for row in rows)),
        "served_t_per_year": served,
        "unserved_t_per_year": float(x[n_opt:].sum()),
        "unserved_value_usd_per_year": float(np.dot(penalties, x[n_opt:])),
        "cost_usd_per_year": float(np.dot(np.array(columns.cost), x[:n_opt])) if n_opt else 0.0,
        "co2e_t_per_year": float(sum(f.co2e_kg_per_t * f.t_per_year for f in option_flows) / 1000),
    }
    return BulkFlows(option_flows, elements, totals)


def _co2e_kg(option: Any) -> float:
    return float(option.emissions.wtw_kg) if option.emissions is not None else 0.0


def unserved_usd_per_t(commodity: str) -> float:
    """What a stranded tonne of ``commodity`` costs: its value per tonne, or the penalty if unknown."""
    goods = bundled_commodities().commodities.get(commodity)
    value = goods.value_usd_per_t if goods is not None else None
    return float(value) if value else UNSERVED_USD_PER_T


def _keys(option: Any, network: Network) -> list[str]:
    keys = [f"bulk:{link}" for leg in option.chain.legs for link in leg.link_ids if link in network.bulk]
    form = option.chain.cargo.form
    keys += [
        f"bulkhub:{hub.node_id}"
        for hub in option.chain.hubs
        if hub.node_id in network.bulk_transfers
        and form in network.bulk_transfers[hub.node_id].cargo_forms
        and hub.kind in ("gauge_change", "transshipment")
    ]
    return keys


def _name(network: Network, link_id: str, shared: Element | None = None) -> str:
    if shared is not None:
        return f"{shared.name} (wagon slots shared with containers)"
    if link_id in network.nodes:
        transfer = network.bulk_transfers[link_id]
        return f"{network.nodes[link_id].name} ({transfer.method.replace('_', ' ')})"
    link = network.links[link_id]
    return f"{network.nodes[link.from_node].name} → {network.nodes[link.to_node].name} ({link.mode})"


def own_capacities(network: Network) -> dict[str, tuple[str, float]]:
    """Bulk's own limits in tonnes a year: bulk links (``bulk:LINK``) and transfers (``bulkhub:NODE``)."""
    out: dict[str, tuple[str, float]] = {}
    for link_id, row in network.bulk.items():
        if row.capacity_t_per_year is not None:
            out[f"bulk:{link_id}"] = (link_id, row.capacity_t_per_year)
    for node_id, transfer in network.bulk_transfers.items():
        if transfer.capacity_t_per_year is not None:
            out[f"bulkhub:{node_id}"] = (node_id, transfer.capacity_t_per_year)
    return out


def _capacities(
    network: Network, shared: Mapping[str, Element], container_loads: Mapping[str, float]
) -> dict[str, tuple[str, float]]:
    """Bulk's own limits, and what containers leave of each shared element, in tonnes a year."""
    out = own_capacities(network)
    for key, element in shared.items():
        left_teu = max(element.capacity_teu_per_year - container_loads.get(key, 0.0), 0.0)
        out[key] = (element.ref, left_teu * T_PER_TEU_SLOT)
    return out


__all__ = [
    "BULK_AVOIDS",
    "T_PER_TEU_SLOT",
    "UNSERVED_USD_PER_T",
    "BulkColumns",
    "BulkDemandRow",
    "BulkElementFlow",
    "BulkFlows",
    "BulkOptionFlow",
    "assign_bulk",
    "bulk_columns",
    "bulk_demand_from_csv",
    "bundled_bulk_demand_path",
    "own_capacities",
    "shared_elements",
    "solve_bulk_lp",
    "unserved_usd_per_t",
]
