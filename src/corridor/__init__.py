"""Corridor: plan, cost and simulate container freight on the Eurasian corridors."""

__version__ = "0.1.0"

from corridor.chain import Hub, Leg, TransportChain
from corridor.errors import (
    ConstraintError,
    CorridorError,
    NetworkDataError,
    NoRouteError,
    UnknownNodeError,
)
from corridor.network import Network, bundled_network, network_from_csv
from corridor.routing import Cargo, Constraints, RouteResult, route

__all__ = [
    "Cargo",
    "ConstraintError",
    "Constraints",
    "CorridorError",
    "Hub",
    "Leg",
    "Network",
    "NetworkDataError",
    "NoRouteError",
    "RouteResult",
    "TransportChain",
    "UnknownNodeError",
    "__version__",
    "bundled_network",
    "network_from_csv",
    "route",
]
