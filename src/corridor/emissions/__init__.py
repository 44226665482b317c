"""Greenhouse-gas emissions of transport chains (ISO 14083, GLEC Framework v3)."""

from typing import TYPE_CHECKING, Any

from corridor.emissions.calculate import chain_emissions
from corridor.emissions.factors import FactorDataset, bundled_factors, factors_from_csv
from corridor.emissions.results import ChainEmissions, ElementEmissions

if TYPE_CHECKING:
    from corridor.chain.document import ChainDocument, chain_from_dict, chain_schema


def __getattr__(name: str) -> Any:
    """The chain document's names, imported on first use (pydantic models are slow to build)."""
    if name in ("ChainDocument", "chain_from_dict", "chain_schema"):
        from corridor.chain import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChainDocument",
    "ChainEmissions",
    "ElementEmissions",
    "FactorDataset",
    "bundled_factors",
    "chain_emissions",
    "chain_from_dict",
    "chain_schema",
    "factors_from_csv",
]
