"""The typed chain of a booked shipment: its stored chain document carrying exactly its containers.

Its own module so that the store and the documents both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import replace

from corridor.cargo import Cargo
from corridor.chain.convert import chain_from_json_data
from corridor.chain.model import TransportChain
from corridor.shipments.models import Shipment


def shipment_chain(shipment: Shipment) -> TransportChain:
    """The typed chain of a stored shipment, carrying exactly the shipment's containers."""
    counts: dict[str, int] = {}
    for box in shipment.containers:
        counts[box["type"]] = counts.get(box["type"], 0) + 1
    chain = chain_from_json_data(shipment.chain, source="shipment chain")
    mass = chain.cargo.mass_t if chain.cargo is not None else None
    return replace(chain, cargo=Cargo(tuple(counts.items()), mass_t=mass))


__all__ = ["shipment_chain"]
