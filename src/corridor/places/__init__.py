"""Places a shipment starts or ends at: network nodes, towns (GeoNames), coordinates, UN/LOCODEs."""

from corridor.places.gazetteer import ATTRIBUTION, Gazetteer, Place, bundled_gazetteer, fold, great_circle_km
from corridor.places.resolve import Resolved, resolve_place, suggest_places
from corridor.places.search import PlaceHit, search_places

__all__ = [
    "ATTRIBUTION",
    "Gazetteer",
    "Place",
    "PlaceHit",
    "Resolved",
    "bundled_gazetteer",
    "fold",
    "great_circle_km",
    "resolve_place",
    "search_places",
    "suggest_places",
]
