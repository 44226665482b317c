"""Capacity-constrained stochastic user equilibrium over the corridor nested logit.

The problem is flattened into arrays once: one *alternative* per option of
each demand row (OD and segment), sorted by row and corridor nest, plus an
*unserved* alternative per row when a reservation margin is given (the
excess-demand formulation: its flow is the demand capacity turns away). Each
iteration of the method of successive averages (MSA):

1. loads ``v_e`` on every capacity element from the current flows;
2. each alternative's cost: its uncongested generalised cost, plus the delay
   of the BPR volume-delay function on its elements valued at the row's value
   of time, ``VoT/24 x t0_e x alpha (v_e/c_e)^beta``, plus the elements' shadow
   prices ``mu_e`` (USD/TEU);
3. the nested-logit response ``y`` to those costs; ``x <- x + (y - x)/k``;
4. the shadow prices rise where loads exceed capacity and fall where they do
   not (projected dual ascent: ``mu_e <- max(0, mu_e + rho (v_e/c_e - 1))``).

Convergence: the relative gap ``sum|x - y| / sum demand`` (the share of demand
that the logit would still move) is below ``gap_tolerance`` and no element is
loaded more than ``capacity_tolerance`` above its capacity.

Bulk sharing the elements (``Problem.background``, tank cars on a rail ferry's
deck): bulk's answer to the prices joins the loads, averaged with the same
step (:mod:`corridor.assignment.bulk_shared`); the price step is then capped
at one ``dual_step_usd`` per iteration, and the search also waits until no
priced element is loaded under ``SETTLED_RATIO``.

``EquilibriumSettings(choice="due")`` solves the deterministic user
equilibrium (Wardrop's first principle: every used alternative of a row has
the row's least cost) over the same route sets instead, by path-based gradient
projection (:func:`solve_due`); capacities act only through the BPR delay.
Route sets grown by column generation on a link network:
:mod:`corridor.assignment.network_due`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from corridor.assignment.choice import CostParameters, LogitParameters, generalised_cost_usd_per_teu
from corridor.assignment.demand import Demand
from corridor.assignment.options import Element, Option
from corridor.vocabulary import Corridor

UNSERVED = "unserved"
#: With bulk sharing the elements, a priced element must be loaded at least this much to stop.
SETTLED_RATIO = 0.9
CODES: tuple[str, ...] = (*(str(c) for c in Corridor), UNSERVED)
Array = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True, slots=True)
class Convergence:
    """How the equilibrium search stopped, with every iteration's gap."""

    iterations: int
    relative_gap: float
    max_overload: float
    converged: bool
    gaps: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class EquilibriumSettings:
    """The volume-delay function, the tolerances and the dual step."""

    bpr_alpha: float = 0.15
    bpr_beta: float = 4.0
    gap_tolerance: float = 1e-4
    capacity_tolerance: float = 0.01
    max_iterations: int = 3000
    dual_step_usd: float = 200.0
    step_growth_on_rise: float = 1.5
    step_growth_on_fall: float = 0.1
    unserved_margin_usd_per_teu: float | None = 20_000.0
    #: ``logit``: the stochastic (nested-logit) equilibrium; ``due``: the deterministic user equilibrium
    choice: Literal["logit", "due"] = "logit"

    def __post_init__(self) -> None:
        if self.choice not in ("logit", "due"):
            raise ValueError(f"equilibrium choice must be 'logit' or 'due', not {self.choice!r}")


@dataclass
class Problem:
    """The assignment problem as flat arrays (built once per demand, options and cost parameters)."""

    rows: list[int]
    alt_row: IntArray
    alt_nest: IntArray
    alt_corridor: list[str]
    alt_option: list[Option | None]
    g0: Array
    vot_per_h: Array
    nest_start: IntArray
    nest_row: IntArray
    nest_corridor: list[str]
    row_nest_start: IntArray
    demand: Array
    elements: list[Element]
    inc_alt: IntArray
    inc_elem: IntArray
    capacity: Array
    base_h: Array
    westbound: np.ndarray[Any, np.dtype[np.bool_]] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    unserved_margin_usd_per_teu: float | None = None
    #: Hours added to each element's BPR delay (the twin's correction; may be negative, the sum is kept >= 0)
    extra_delay_h: Array | None = None
    #: Bulk sharing the elements: given the shadow prices (USD/TEU), the TEU slots bulk would take on
    #: each element (:mod:`corridor.assignment.bulk_shared`); ``None``: containers only
    background: Callable[[Array], Array] | None = None

    def __post_init__(self) -> None:
        self.alt_code = np.asarray([CODES.index(c) for c in self.alt_corridor], dtype=np.int64)
        self.nest_code = np.asarray([CODES.index(c) for c in self.nest_corridor], dtype=np.int64)
        self.unserved = self.alt_code == CODES.index(UNSERVED)
        self.row_start = (
            self.nest_start[self.row_nest_start] if self.row_nest_start.size else self.row_nest_start
        )


def build_problem(
    demand: Demand,
    choice_sets: dict[tuple[str, str, str], tuple[Option, ...]],
    elements: dict[str, Element],
    costs: CostParameters,
    *,
    unserved_margin_usd_per_teu: float | None,
) -> Problem:
    """Flatten demand rows and their options into arrays, alternatives grouped by row and nest."""
    element_list = [e for e in elements.values() if e.capacity_teu_per_year > 0]
    index = {e.key: i for i, e in enumerate(element_list)}
    alt_row: list[int] = []
    alt_nest: list[int] = []
    alt_corridor: list[str] = []
    alt_option: list[Option | None] = []
    g0: list[float] = []
    vot: list[float] = []
    nest_start: list[int] = []
    nest_row: list[int] = []
    nest_corridor: list[str] = []
    row_nest_start: list[int] = []
    demand_teu: list[float] = []
    west: list[bool] = []
    inc_alt: list[int] = []
    inc_elem: list[int] = []
    rows: list[int] = []
    for r, row in enumerate(demand.rows):
        segment = demand.segments[row.segment]
        options = choice_sets.get((row.origin, row.destination, segment.cargo), ())
        if not options and unserved_margin_usd_per_teu is None:
            continue
        rows.append(r)
        k = len(rows) - 1
        row_nest_start.append(len(nest_start))
        demand_teu.append(row.teu_per_year)
        west.append(row.direction != "eastbound")
        vot_day = segment.value_of_time_usd_per_teu_day
        costs_here = [
            generalised_cost_usd_per_teu(
                price_usd_per_teu=o.price_usd_per_teu,
                p50_days=o.p50_days,
                p90_days=o.p90_days,
                co2e_t_per_teu=o.co2e_t_per_teu,
                border_crossings=o.border_crossings,
                value_of_time_usd_per_teu_day=vot_day,
                parameters=costs,
            )
            for o in options
        ]
        groups: dict[str, list[int]] = {}
        for i, option in enumerate(options):
            groups.setdefault(option.corridor, []).append(i)
        entries: list[tuple[str, Option | None, float]] = [
            (corridor, options[i], costs_here[i]) for corridor in sorted(groups) for i in groups[corridor]
        ]
        if unserved_margin_usd_per_teu is not None:
            reference = min(costs_here) if costs_here else 0.0
            entries.append((UNSERVED, None, reference + unserved_margin_usd_per_teu))
        for corridor, choice, cost in entries:
            if not nest_corridor or nest_row[-1] != k or nest_corridor[-1] != corridor:
                nest_start.append(len(alt_row))
                nest_row.append(k)
                nest_corridor.append(corridor)
            a = len(alt_row)
            alt_row.append(k)
            alt_nest.append(len(nest_start) - 1)
            alt_corridor.append(corridor)
            alt_option.append(choice)
            g0.append(cost)
            vot.append(vot_day / 24.0)
            for key in choice.elements if choice is not None else ():
                if key in index:
                    inc_alt.append(a)
                    inc_elem.append(index[key])
    return Problem(
        rows=rows,
        alt_row=np.asarray(alt_row, dtype=np.int64),
        alt_nest=np.asarray(alt_nest, dtype=np.int64),
        alt_corridor=alt_corridor,
        alt_option=alt_option,
        g0=np.asarray(g0, dtype=float),
        vot_per_h=np.asarray(vot, dtype=float),
        nest_start=np.asarray(nest_start, dtype=np.int64),
        nest_row=np.asarray(nest_row, dtype=np.int64),
        nest_corridor=nest_corridor,
        row_nest_start=np.asarray(row_nest_start, dtype=np.int64),
        demand=np.asarray(demand_teu, dtype=float),
        elements=element_list,
        inc_alt=np.asarray(inc_alt, dtype=np.int64),
        inc_elem=np.asarray(inc_elem, dtype=np.int64),
        capacity=np.asarray([e.capacity_teu_per_year for e in element_list], dtype=float),
        base_h=np.asarray([e.base_h for e in element_list], dtype=float),
        westbound=np.asarray(west, dtype=bool),
        unserved_margin_usd_per_teu=unserved_margin_usd_per_teu,
    )


def _nest_arrays(logit: LogitParameters) -> tuple[Array, Array]:
    """Nest scale and constant by corridor code (the unserved nest: scale 1, constant 0)."""
    lam = np.asarray([logit.nest_scale(c) for c in CODES[:-1]] + [1.0])
    asc = np.asarray([logit.constant(c) for c in CODES[:-1]] + [0.0])
    return lam, asc


def logit_probabilities(problem: Problem, costs: Array, logit: LogitParameters) -> Array:
    """Nested-logit choice probabilities of every alternative given its cost (vectorised).

    An unserved alternative's utility is the row's worst uncongested option
    utility (constants included) less ``theta x margin``: it takes demand only
    when congestion and shadow prices push every option, the worst included,
    that far up, so an option with spare capacity always serves first.
    """
    if costs.size == 0:
        return costs.copy()
    lam_code, asc_code = _nest_arrays(logit)
    theta = logit.scale_per_usd
    asc_alt = asc_code[problem.alt_code]
    utility = -theta * costs + asc_alt
    if problem.unserved_margin_usd_per_teu is not None and problem.unserved.any():
        base = np.where(problem.unserved, np.inf, -theta * problem.g0 + asc_alt)
        worst = np.minimum.reduceat(base, problem.row_start)
        worst = np.where(np.isfinite(worst), worst, 0.0)  # a row without options: only unserved
        margin = theta * problem.unserved_margin_usd_per_teu
        utility = np.where(problem.unserved, worst[problem.alt_row] - margin, utility)
    lam_nest = lam_code[problem.nest_code]
    scaled = utility / lam_nest[problem.alt_nest]
    top = np.maximum.reduceat(scaled, problem.nest_start)
    weights = np.exp(scaled - top[problem.alt_nest])
    sums = np.add.reduceat(weights, problem.nest_start)
    within = weights / sums[problem.alt_nest]
    nest_v = lam_nest * (top + np.log(sums))
    row_top = np.maximum.reduceat(nest_v, problem.row_nest_start)
    nest_w = np.exp(nest_v - row_top[problem.nest_row])
    row_sum = np.add.reduceat(nest_w, problem.row_nest_start)
    p_nest = nest_w / row_sum[problem.nest_row]
    result: Array = p_nest[problem.alt_nest] * within
    return result


def element_loads(problem: Problem, flows: Array) -> Array:
    """TEU/yr on each capacity element."""
    loads: Array = np.bincount(
        problem.inc_elem, weights=flows[problem.inc_alt], minlength=len(problem.elements)
    ).astype(float)
    return loads


def element_delay_h(problem: Problem, loads: Array, settings: EquilibriumSettings) -> Array:
    """BPR delay on each element: ``t0 x alpha (v/c)^beta`` hours."""
    ratio = loads / problem.capacity
    delay: Array = problem.base_h * settings.bpr_alpha * ratio**settings.bpr_beta
    if problem.extra_delay_h is not None:
        delay = np.maximum(0.0, delay + problem.extra_delay_h)
    return delay


def alternative_costs(problem: Problem, loads: Array, prices: Array, settings: EquilibriumSettings) -> Array:
    """Each alternative's generalised cost with congestion delay and shadow prices added."""
    per_elem = element_delay_h(problem, loads, settings)
    extra = per_elem[problem.inc_elem] * problem.vot_per_h[problem.inc_alt] + prices[problem.inc_elem]
    added = np.bincount(problem.inc_alt, weights=extra, minlength=problem.g0.size)
    costs: Array = problem.g0 + added
    return costs


@dataclass
class EquilibriumState:
    """Flows per alternative, element loads and shadow prices at the end of the search."""

    flows: Array
    loads: Array
    prices: Array
    costs: Array
    convergence: Convergence
    #: TEU slots taken by bulk on each element (averaged like the flows); zeros without bulk
    background: Array | None = None


def solve_equilibrium(
    problem: Problem,
    logit: LogitParameters,
    settings: EquilibriumSettings,
    *,
    start: EquilibriumState | None = None,
) -> EquilibriumState:
    """The capacity-constrained stochastic user equilibrium (see the module docstring).

    Flows are averaged with self-regulated steps (Liu, Chen and Lam 2009): the
    step ``1/beta`` shrinks fast (``beta += 1.5``) when the gap grows and slowly
    (``beta += 0.1``) when it falls, a method of successive averages that does
    not slow down while it is making progress.

    With ``settings.choice == "due"`` the logit parameters are not used: see
    :func:`solve_due`.
    """
    if settings.choice == "due":
        return solve_due(problem, settings, start=start)
    demand_alt = problem.demand[problem.alt_row]
    total = float(problem.demand.sum()) or 1.0
    n_elem = len(problem.elements)
    prices = start.prices.copy() if start is not None else np.zeros(n_elem)
    loads = np.zeros(n_elem)
    costs = alternative_costs(problem, loads, prices, settings)
    if start is not None:
        flows = start.flows.copy()
    else:
        flows = demand_alt * logit_probabilities(problem, costs, logit)
    gaps: list[float] = []
    gap, overload, converged = float("inf"), 0.0, False
    beta = 1.0
    background = np.zeros(n_elem)
    if problem.background is not None:
        kept = start.background if start is not None else None
        background = kept.copy() if kept is not None else problem.background(prices)
    for _ in range(settings.max_iterations):
        loads = element_loads(problem, flows) + background
        ratio = loads / problem.capacity
        costs = alternative_costs(problem, loads, prices, settings)
        target = demand_alt * logit_probabilities(problem, costs, logit)
        gap = float(np.abs(target - flows).sum()) / total
        overload = float(max(0.0, (ratio - 1.0).max())) if n_elem else 0.0
        if gaps and gap > gaps[-1]:
            beta += settings.step_growth_on_rise
        else:
            beta += settings.step_growth_on_fall
        gaps.append(gap)
        if (
            gap < settings.gap_tolerance
            and overload <= settings.capacity_tolerance
            and _settled(problem, ratio, prices)
        ):
            converged = True
            break
        excess = ratio - 1.0
        if problem.background is not None:  # bulk answers all or nothing: no price jumps past its value
            excess = np.minimum(excess, 1.0)
        prices = np.maximum(0.0, prices + settings.dual_step_usd * excess)
        flows = flows + (target - flows) / beta
        if problem.background is not None:  # bulk answers the same prices, averaged with the same step
            background = background + (problem.background(prices) - background) / beta
    return EquilibriumState(
        flows=flows,
        loads=loads,
        prices=prices,
        costs=costs,
        convergence=Convergence(len(gaps), gap, overload, converged, tuple(gaps)),
        background=background,
    )


def _settled(problem: Problem, ratio: Array, prices: Array) -> bool:
    """With bulk sharing the elements, no element keeps a shadow price while it is well under capacity.

    Bulk's all-or-nothing answer can leave a price above what anyone pays for
    a while; the search goes on until such prices have come down. Without bulk:
    always settled (the containers' search is unchanged).
    """
    if problem.background is None:
        return True
    return not bool(((prices > 0.0) & (ratio < SETTLED_RATIO)).any())


def due_relative_gap(problem: Problem, flows: Array, costs: Array) -> float:
    """``(sum x c - sum_r d_r min_r c) / sum x c``: the share of the total cost above all-shortest."""
    if costs.size == 0:
        return 0.0
    total = float((flows * costs).sum())
    best = float((problem.demand * np.minimum.reduceat(costs, problem.row_start)).sum())
    return (total - best) / total if total > 0 else 0.0


def _row_incidence(problem: Problem) -> list[tuple[int, int, IntArray, Array]]:
    """Per row: its first and past-last alternative, its elements, and the alternative x element counts."""
    n_alt = problem.g0.size
    ends = np.append(problem.row_start[1:], n_alt)
    order = np.argsort(problem.inc_alt, kind="stable")
    inc_alt, inc_elem = problem.inc_alt[order], problem.inc_elem[order]
    out: list[tuple[int, int, IntArray, Array]] = []
    for lo, hi in zip(problem.row_start.tolist(), ends.tolist(), strict=True):
        i, j = np.searchsorted(inc_alt, [lo, hi])
        elems = np.unique(inc_elem[i:j])
        matrix = np.zeros((hi - lo, elems.size))
        np.add.at(matrix, (inc_alt[i:j] - lo, np.searchsorted(elems, inc_elem[i:j])), 1.0)
        out.append((lo, hi, elems, matrix))
    return out


def solve_due(
    problem: Problem, settings: EquilibriumSettings, *, start: EquilibriumState | None = None
) -> EquilibriumState:
    """The deterministic user equilibrium over the problem's alternatives (path-based gradient projection).

    Jayakrishnan, Tsai, Prashker and Rajadhyaksha (1994): row by row
    (Gauss-Seidel), each alternative ``k`` costlier than the row's cheapest
    ``s`` hands ``min(x_k, (c_k - c_s) / d_ks)`` to it, with ``d_ks`` the
    derivative of ``c_k - c_s`` with respect to that shift (the BPR slopes of
    the elements on one of the two alternatives but not both, valued at the
    row's value of time). Starts from all-or-nothing at uncongested costs.
    Stops when the relative gap :func:`due_relative_gap` is below
    ``gap_tolerance``; capacity acts only through the delay (no shadow prices),
    so ``max_overload`` is reported but not enforced.
    """
    alpha, beta = settings.bpr_alpha, settings.bpr_beta
    n_elem = len(problem.elements)
    prices = np.zeros(n_elem)
    if start is not None:
        flows = start.flows.copy()
    else:
        costs0 = alternative_costs(problem, np.zeros(n_elem), prices, settings)
        flows = np.zeros(problem.g0.size)
        if costs0.size:
            best = np.minimum.reduceat(costs0, problem.row_start)
            for k, (lo, hi) in enumerate(
                zip(problem.row_start, np.append(problem.row_start[1:], costs0.size), strict=True)
            ):
                flows[lo + int(np.argmin(costs0[lo:hi] - best[k]))] = problem.demand[k]
    rows = _row_incidence(problem)
    loads = element_loads(problem, flows)
    gaps: list[float] = []
    gap, converged = float("inf"), False
    for _ in range(settings.max_iterations):
        costs = alternative_costs(problem, loads, prices, settings)
        gap = due_relative_gap(problem, flows, costs)
        gaps.append(gap)
        if gap < settings.gap_tolerance:
            converged = True
            break
        for lo, hi, elems, matrix in rows:
            if hi - lo < 2:
                continue
            cap, t0 = problem.capacity[elems], problem.base_h[elems]
            ratio = loads[elems] / cap
            delay = t0 * alpha * ratio**beta
            if problem.extra_delay_h is not None:
                delay = np.maximum(0.0, delay + problem.extra_delay_h[elems])
            slope = t0 * alpha * beta * ratio ** (beta - 1.0) / cap
            vot = problem.vot_per_h[lo:hi]
            cost = problem.g0[lo:hi] + vot * (matrix @ delay)
            s = int(np.argmin(cost))
            derivative = vot * (np.abs(matrix - matrix[s]) @ slope)
            excess = cost - cost[s]
            x = flows[lo:hi]
            shift = np.where(excess > 0, np.minimum(x, excess / np.maximum(derivative, 1e-300)), 0.0)
            shift[s] = -shift.sum()
            flows[lo:hi] = x - shift
            loads[elems] -= matrix.T @ shift
    loads = element_loads(problem, flows)
    costs = alternative_costs(problem, loads, prices, settings)
    overload = float(max(0.0, (loads / problem.capacity - 1.0).max())) if n_elem else 0.0
    return EquilibriumState(
        flows=flows,
        loads=loads,
        prices=prices,
        costs=costs,
        convergence=Convergence(len(gaps), gap, overload, converged, tuple(gaps)),
    )


__all__ = [
    "UNSERVED",
    "Convergence",
    "EquilibriumSettings",
    "EquilibriumState",
    "Problem",
    "alternative_costs",
    "build_problem",
    "due_relative_gap",
    "element_loads",
    "logit_probabilities",
    "solve_due",
    "solve_equilibrium",
]
