"""The transport network: model, validation and file formats."""

from corridor.network.build import build_network
from corridor.network.io import bundled_network, network_from_csv, network_to_geojson
from corridor.network.model import Departure, Link, LinkGeometry, Network, Node, Service, Transfer
from corridor.network.schedules import read_schedules, with_departures
from corridor.tables import Source, Table

__all__ = [
    "Departure",
    "Link",
    "LinkGeometry",
    "Network",
    "Node",
    "Service",
    "Source",
    "Table",
    "Transfer",
    "build_network",
    "bundled_network",
    "network_from_csv",
    "network_to_geojson",
    "read_schedules",
    "with_departures",
]
