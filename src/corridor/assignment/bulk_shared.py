"""Bulk and containers competing for the same capacity: tank cars and container flats on one deck.

A Caspian rail ferry's wagon deck (and a line's train length) takes tank cars
of crude and flat cars of containers. The container equilibrium prices each
capacity element with a shadow price ``mu_e`` (USD per TEU slot, raised while
the element is overloaded: :mod:`corridor.assignment.equilibrium`). Here bulk
answers the same prices: at every iteration the bulk routes are re-assigned
at least cost (:func:`corridor.assignment.bulk.solve_bulk_lp`, within bulk's
own limits: pipelines, the Aktau oil terminal, the transloading lines, and
no more than a whole shared element), a
tonne paying ``mu_e / T_PER_TEU_SLOT`` on each shared element it uses, and
the TEU slots it takes join the containers' load on that element, averaged
with the containers' own step. So the price of a slot rises until containers
and tank cars together fit, and the slot goes to whoever values it more:
crude that would otherwise be stranded (worth its cargo value) against
containers that have a sea route (worth the difference in generalised cost).

This is a Lagrangian (price) coupling of the two assignments: at the fixed
point both pay the same price per slot, and the load of both is within the
capacity. Bulk still has no logit spread (the cheapest feasible mix).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from corridor.assignment.bulk import T_PER_TEU_SLOT, BulkColumns, own_capacities, solve_bulk_lp
from corridor.assignment.equilibrium import Array
from corridor.assignment.options import Element
from corridor.network.model import Network


def bulk_response(
    network: Network, columns: BulkColumns, elements: list[Element]
) -> Callable[[Array], Array] | None:
    """The TEU slots bulk takes on each of ``elements`` at given shadow prices, or ``None`` if it shares none.

    ``elements`` are the container problem's capacity elements (its order);
    the returned function maps their shadow prices (USD/TEU, same order) to
    bulk's TEU slots on each.
    """
    index = {e.key: i for i, e in enumerate(elements)}
    n_opt = len(columns.columns)
    incidence = np.zeros((len(elements), n_opt))
    for j, keys in enumerate(columns.keys):
        for key in keys:
            if key in columns.shared and key in index:
                incidence[index[key], j] = 1.0 / T_PER_TEU_SLOT
    if n_opt == 0 or not incidence.any():
        return None
    limits = {k: cap for k, (_, cap) in own_capacities(network).items()}
    # tank cars alone can fill a deck but not more: the answer stays within each element's capacity
    limits.update((k, e.capacity_teu_per_year * T_PER_TEU_SLOT) for k, e in columns.shared.items())

    def respond(prices: Array) -> Array:
        extra = prices @ incidence  # USD per tonne of each column for the slots it takes
        x, _, _, _ = solve_bulk_lp(columns, limits, extra_cost=extra)
        slots: Array = incidence @ x[:n_opt]
        return slots

    return respond


__all__ = ["bulk_response"]
