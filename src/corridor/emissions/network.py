"""Emissions of network links and transfers, for routing on CO2e.

The router needs the WTW emissions of every arc for a given cargo; they are
computed with exactly the same functions as a chain's emissions, so a route's
CO2e equals the emissions of its chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from corridor.emissions.calculate import CargoFacts, hub_emissions_kg, segment_parts
from corridor.emissions.chain_input import Segment
from corridor.emissions.factors import FactorDataset
from corridor.network.model import Link

if TYPE_CHECKING:
    from corridor.routing.graph import FloatArray, RoutingGraph

MARITIME_TERMINAL = "maritime-container-terminal"
TRANSSHIPMENT = "transshipment"


def hoc_for_transfer(platform_from: str, platform_to: str) -> str:
    """Hub operation category of a transfer between two platforms (``sea``, ``rail/1520``, ...)."""
    return MARITIME_TERMINAL if "sea" in (platform_from, platform_to) else TRANSSHIPMENT


def link_segment(link: Link) -> Segment:
    """The chain-document segment of a network link."""
    return Segment(
        distance_km=link.distance_km,
        toc=link.toc_id,
        electric_share=link.electric_share,
        countries=list(link.countries),
        link_id=link.link_id,
    )


def link_co2e_kg(link: Link, facts: CargoFacts, factors: FactorDataset) -> float:
    """WTW kg of moving the cargo over ``link``."""
    parts = segment_parts(link.mode, link_segment(link), facts, factors, f"link {link.link_id!r}")
    return sum(p.wtt_kg + p.ttw_kg for p in parts)


def arc_co2e_kg(graph: RoutingGraph, facts: CargoFacts, factors: FactorDataset) -> FloatArray:
    """WTW kg of every arc of the expanded graph (links and transfers) for one cargo."""
    links = graph.network.links
    per_link = np.array([link_co2e_kg(links[link_id], facts, factors) for link_id in graph.link_ids])
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
