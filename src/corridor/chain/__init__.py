"""The transport chain (ISO 14083): a cargo carried through a sequence of legs and hubs.

Every part of Corridor speaks this vocabulary: routing returns chains, the
emissions engine computes them element by element, the simulation executes
them, shipments are booked on them. :mod:`corridor.chain.model` is the typed
chain, :mod:`corridor.chain.document` its JSON form (with a JSON Schema), and
:mod:`corridor.chain.convert` goes between the two.
"""

from corridor.chain.convert import (
    cargo_from_document,
    cargo_to_dict,
    chain_from_document,
    chain_from_json_data,
    chain_to_dict,
    chain_to_document,
)
from corridor.chain.document import ChainDocument, chain_from_dict, chain_schema, chain_schema_json
from corridor.chain.model import Element, Hub, Leg, LegSegment, TransportChain
from corridor.vocabulary import HubKind

__all__ = [
    "ChainDocument",
    "Element",
    "Hub",
    "HubKind",
    "Leg",
    "LegSegment",
    "TransportChain",
    "cargo_from_document",
    "cargo_to_dict",
    "chain_from_dict",
    "chain_from_document",
    "chain_from_json_data",
    "chain_schema",
    "chain_schema_json",
    "chain_to_dict",
    "chain_to_document",
]
