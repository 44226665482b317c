"""Arc weights from emission factors: the WTW CO2e of every arc of the search graph for one cargo.

Computed with exactly the functions that compute a chain's emissions
(:mod:`corridor.emissions.network`), so the CO2e the search minimises equals the
emissions of the chain it returns.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from corridor.emissions.calculate import hub_emissions_kg
from corridor.emissions.factors import FactorDataset
from corridor.emissions.network import MARITIME_TERMINAL, TRANSSHIPMENT, hoc_for_transfer, link_co2e_kg
from corridor.emissions.results import CargoFacts
from corridor.routing.graph import FloatArray, RoutingGraph


def arc_co2e_kg(
    graph: RoutingGraph,
    facts: CargoFacts,
    factors: FactorDataset,
    *,
    only: Collection[str] | None = None,
) -> FloatArray:
    """WTW kg of every arc of the expanded graph (links and transfers) for one cargo.

    With ``only``, links outside it (that the cargo cannot use: a ferry for
    bulk crude) get infinity instead of a figure their factors cannot give.
    """
    links = graph.network.links
    per_link = np.array(
        [
            link_co2e_kg(links[link_id], facts, factors) if only is None or link_id in only else np.inf
            for link_id in graph.link_ids
        ]
    )
    hub_kg = {
        hoc: hub_emissions_kg(hoc, facts, factors, f"hub category {hoc!r}")[0]
        for hoc in (MARITIME_TERMINAL, TRANSSHIPMENT)
    }
    out = np.zeros(graph.link.size)
    is_link = graph.link >= 0
    out[is_link] = per_link[graph.link[is_link]]
    for arc in np.flatnonzero(~is_link):
        platforms = graph.sub_platform[graph.tail[arc]], graph.sub_platform[graph.head[arc]]
        out[arc] = hub_kg[hoc_for_transfer(*platforms)]
    return out


__all__ = ["arc_co2e_kg"]
