"""Multi-criteria routing over a network."""

from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.plan import RouteOption, RouteResult, describe_chain, route
from corridor.vocabulary import CRITERIA, DEFAULT_CRITERIA

__all__ = [
    "CRITERIA",
    "DEFAULT_CRITERIA",
    "Cargo",
    "Constraints",
    "RouteOption",
    "RouteResult",
    "describe_chain",
    "route",
]
