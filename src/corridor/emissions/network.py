"""Emissions of network links and transfers, computed with the chain's functions.

Routing turns these into arc weights (:mod:`corridor.routing.weights`), so a
route's CO2e equals the emissions of its chain.
"""

from __future__ import annotations

from corridor.chain.model import LegSegment
from corridor.emissions.calculate import segment_parts
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import CargoFacts
from corridor.network.model import Link

MARITIME_TERMINAL = "maritime-container-terminal"
TRANSSHIPMENT = "transshipment"


def hoc_for_transfer(platform_from: str, platform_to: str) -> str:
    """Hub operation category of a transfer between two platforms (``sea``, ``rail/1520``, ...)."""
    return MARITIME_TERMINAL if "sea" in (platform_from, platform_to) else TRANSSHIPMENT


def link_segment(link: Link) -> LegSegment:
    """The chain segment of a network link."""
    return LegSegment(link.link_id, link.distance_km, tuple(link.countries), link.electric_share, link.toc_id)


def link_co2e_kg(link: Link, facts: CargoFacts, factors: FactorDataset) -> float:
    """WTW kg of moving the cargo over ``link``."""
    parts = segment_parts(link.mode, link_segment(link), facts, factors, f"link {link.link_id!r}")
    return sum(p.wtt_kg + p.ttw_kg for p in parts)
