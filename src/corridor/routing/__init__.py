"""Multi-criteria routing over a network."""

from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.limits import RouteLimits
from corridor.routing.plan import RouteOption, RouteResult, describe_chain, route, route_query
from corridor.routing.query import RouteQuery
from corridor.vocabulary import CRITERIA, DEFAULT_CRITERIA

__all__ = [
    "CRITERIA",
    "DEFAULT_CRITERIA",
    "Cargo",
    "Constraints",
    "RouteLimits",
    "RouteOption",
    "RouteQuery",
    "RouteResult",
    "describe_chain",
    "route",
    "route_query",
]
