"""The chain document, now :mod:`corridor.chain.document` (kept so existing imports keep working)."""

from corridor.chain.document import (
    Cargo,
    ChainDocument,
    ContainerCount,
    FuelUse,
    Hub,
    Intensity,
    Leg,
    Operation,
    Primary,
    Segment,
    chain_from_dict,
    chain_schema,
    chain_schema_json,
)

__all__ = [
    "Cargo",
    "ChainDocument",
    "ContainerCount",
    "FuelUse",
    "Hub",
    "Intensity",
    "Leg",
    "Operation",
    "Primary",
    "Segment",
    "chain_from_dict",
    "chain_schema",
    "chain_schema_json",
]
