"""Search places as a user types: network nodes, then towns, then close spellings (for autocomplete)."""

from __future__ import annotations

from dataclasses import dataclass

from corridor.network.model import Network
from corridor.places.gazetteer import Gazetteer, Place, bundled_gazetteer, fold
from corridor.places.resolve import DOMINANT_RATIO_IN_COUNTRY, bundled_locodes, locode_aliases, suggest_places

#: Longest query searched (characters); longer ones are cut.
MAX_QUERY = 100


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """One suggestion: ``value`` is what to give the planner to mean exactly this place."""

    value: str
    label: str
    kind: str
    country: str
    lat: float
    lon: float
    node_id: str | None = None
    population: int | None = None


def _town_hit(gazetteer: Gazetteer, place: Place) -> PlaceHit:
    namesakes = [gazetteer.places[i] for i in gazetteer.named(fold(place.name))]
    namesakes = [p for p in namesakes if p.country == place.country]
    rest = sum(p.population or 0 for p in namesakes[1:])
    taken = namesakes[0].geonameid == place.geonameid and (
        place.population or 0
    ) >= DOMINANT_RATIO_IN_COUNTRY * max(rest, 1)
    # "Name, CC" means this town only if it is the one the planner takes; otherwise coordinates say which
    value = place.label if len(namesakes) < 2 or taken else f"{place.lat:.4f},{place.lon:.4f}"
    label = place.describe()
    return PlaceHit(value, label, "town", place.country, place.lat, place.lon, None, place.population)


def search_places(
    network: Network, query: str, *, limit: int = 10, gazetteer: Gazetteer | None = None
) -> list[PlaceHit]:
    """Places matching ``query``, best first, for autocomplete.

    Nodes (as :meth:`Network.search_nodes`), then a UN/LOCODE of the bundled
    list, then towns whose name starts with ``query`` (the exact name first,
    then the largest), then close spellings.

    Examples
    --------
    >>> from corridor import bundled_network
    >>> [h.value for h in search_places(bundled_network(), "lyo", limit=1)]
    ['Lyon, FR']

    """
    gazetteer = gazetteer or bundled_gazetteer()
    text = query.strip()[:MAX_QUERY]
    key = fold(text)
    hits: list[PlaceHit] = []
    for node in network.search_nodes(text, limit=limit) if key else []:
        hit = PlaceHit(node.node_id, node.label, "node", node.country, node.lat, node.lon, node.node_id)
        hits.append(hit)
    if key and len(hits) < limit:
        code = bundled_locodes().get(text.replace(" ", "").upper())
        if code is not None:
            found = gazetteer.named(fold(code[0]))
            town = next((gazetteer.places[i] for i in found if gazetteer.places[i].country == code[1]), None)
            if town is not None:
                typed = text.replace(" ", "").upper()
                alias_of = locode_aliases().get(typed)
                label = f"{text.upper()}: {town.label}" + (f" (UN/LOCODE {alias_of})" if alias_of else "")
                hits.append(PlaceHit(text.upper(), label, "locode", town.country, town.lat, town.lon))
    if key and len(hits) < limit:
        starts = [i for k, ids in gazetteer.primary_index.items() if k.startswith(key) for i in ids]
        places = gazetteer.places
        starts.sort(key=lambda i: (fold(places[i].name) != key, -(places[i].population or 0)))
        for i in starts[: limit - len(hits)]:
            hits.append(_town_hit(gazetteer, gazetteer.places[i]))
    if key and len(hits) < limit:
        for label in suggest_places(gazetteer, text, limit=limit - len(hits)):
            name, country = label.rsplit(", ", 1)
            for i in gazetteer.named(fold(name)):
                place = gazetteer.places[i]
                if place.country == country:
                    hits.append(_town_hit(gazetteer, place))
                    break
    seen: set[str] = set()
    unique = [h for h in hits if not (h.value in seen or seen.add(h.value))]  # type: ignore[func-returns-value]
    return unique[:limit]


__all__ = ["MAX_QUERY", "PlaceHit", "search_places"]
