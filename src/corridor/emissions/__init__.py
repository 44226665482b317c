"""Greenhouse-gas emissions of transport chains (ISO 14083, GLEC Framework v3)."""

from corridor.chain.document import ChainDocument, chain_from_dict, chain_schema
from corridor.emissions.calculate import chain_emissions
from corridor.emissions.factors import FactorDataset, bundled_factors, factors_from_csv
from corridor.emissions.results import ChainEmissions, ElementEmissions

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
