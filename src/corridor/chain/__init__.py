"""The transport chain (ISO 14083): a cargo carried through a sequence of legs and hubs.

Every part of Corridor speaks this vocabulary: routing returns chains, the
emissions engine computes them element by element, the simulation executes
them, shipments are booked on them. :mod:`corridor.chain.model` is the typed
chain, :mod:`corridor.chain.document` its JSON form (with a JSON Schema), and
:mod:`corridor.chain.convert` goes between the two.
"""

from typing import TYPE_CHECKING, Any

from corridor.chain.model import Element, Hub, Leg, LegSegment, TransportChain
from corridor.vocabulary import HubKind

if TYPE_CHECKING:
    from corridor.chain.convert import (
        cargo_from_document,
        cargo_to_dict,
        chain_from_document,
        chain_from_json_data,
        chain_to_dict,
        chain_to_document,
    )
    from corridor.chain.document import ChainDocument, chain_from_dict, chain_schema, chain_schema_json

_CONVERT = (
    "cargo_from_document",
    "cargo_to_dict",
    "chain_from_document",
    "chain_from_json_data",
    "chain_to_dict",
    "chain_to_document",
)
_DOCUMENT = ("ChainDocument", "chain_from_dict", "chain_schema", "chain_schema_json")


def __getattr__(name: str) -> Any:
    """The document form and its conversions, imported on first use (pydantic models are slow to build)."""
    if name in _CONVERT:
        from corridor.chain import convert

        return getattr(convert, name)
    if name in _DOCUMENT:
        from corridor.chain import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
