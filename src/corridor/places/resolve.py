"""Read a user's place: a network node, a town ("Lyon", "Lyon, FR"), coordinates or a UN/LOCODE.

In this order: coordinates ``"lat,lon"``; a network node (id, UN/LOCODE,
name or other name, as :meth:`Network.find_node`); a UN/LOCODE of the bundled
list (:data:`LOCODE_NOTE`); a town of the gazetteer, with ``", CC"`` to say
its country. A name several towns carry is answered with the candidates
unless one is far larger than the rest (:data:`DOMINANT_RATIO`), and a name
nobody carries with the closest names (rapidfuzz), never a silent guess.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from corridor.errors import AmbiguousNodeError, AmbiguousPlaceError, UnknownNodeError, UnknownPlaceError
from corridor.network.model import Network, Node
from corridor.places.gazetteer import Gazetteer, Place, bundled_gazetteer, fold

_COORDS = re.compile(r"^\s*([-+]?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
_LOCODE = re.compile(r"^\s*([A-Za-z]{2})\s?([A-Za-z2-9]{3})\s*$")
_WITH_COUNTRY = re.compile(r"^(.+?),\s*([A-Za-z]{2})\s*$")
#: A name is taken to mean its largest bearer when that one has this many times the people of every
#: other bearer together (Paris, FR over Paris, US); otherwise the answer is the list of candidates.
DOMINANT_RATIO = 50.0
#: Within one named country the ratio is lower: "Suzhou, CN" is Jiangsu's Suzhou (4x Anhui's).
DOMINANT_RATIO_IN_COUNTRY = 3.0
#: How far (km) from coordinates the nearest town may be and still give the country.
COUNTRY_FROM_TOWN_KM = 150.0
LOCODE_NOTE = (
    "UN/LOCODEs known offline: the network's nodes' and a bundled list of inland cities "
    "(corridor/data/places/locodes.csv, from the UNECE code list); no full UN/LOCODE table is bundled"
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a place string turned out to be: a network node, or a place off the network."""

    query: str
    node: Node | None = None
    place: Place | None = None
    #: How it was read ("node", "coordinates", "locode", "town", "town, largest of several").
    how: str = "node"
    #: Other places of the same name, when the largest was taken.
    others: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The node's name, or the place's label (``"Lyon, FR"``)."""
        return self.node.name if self.node is not None else self.label

    @property
    def label(self) -> str:
        """``"Duisburg (DEDUI)"`` or ``"Lyon, FR"``."""
        if self.node is not None:
            return self.node.label
        return self.place.label if self.place is not None else self.query


@lru_cache(maxsize=1)
def bundled_locodes() -> dict[str, tuple[str, str]]:
    """The bundled UN/LOCODE list: code -> (name, country), with the accepted aliases."""
    return {row["locode"]: (row["name"], row["country"]) for row in _locode_rows()}


@lru_cache(maxsize=1)
def locode_aliases() -> dict[str, str]:
    """Codes accepted though they are not UN/LOCODEs, and the UN/LOCODE each stands for.

    ``CNSZV`` is one: SZV is the IATA code the UN/LOCODE lists for Suzhou, Jiangsu,
    whose UN/LOCODE is ``CNSZH`` (``locodes.csv``, column ``alias_of``).

    Examples
    --------
    >>> locode_aliases()["CNSZV"]
    'CNSZH'

    """
    return {row["locode"]: row["alias_of"] for row in _locode_rows() if row.get("alias_of")}


def _locode_rows() -> list[dict[str, str]]:
    text = (resources.files("corridor") / "data" / "places" / "locodes.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def resolve_place(
    network: Network, query: str, *, gazetteer: Gazetteer | None = None, field: str | None = None
) -> Resolved:
    """The node or place ``query`` names (see the module docstring for the order).

    Raises
    ------
    UnknownPlaceError
        Nothing matches; the message suggests close names.
    AmbiguousPlaceError, AmbiguousNodeError
        Several places or nodes carry the name; the message lists them.

    Examples
    --------
    >>> from corridor import bundled_network
    >>> resolve_place(bundled_network(), "Lyon, FR").label
    'Lyon, FR'
    >>> resolve_place(bundled_network(), "DEDUI").label
    'Duisburg (DEDUI)'

    """
    text = query.strip()
    if not text:
        raise UnknownPlaceError(query, [], reason="empty", field=field)
    coords = _COORDS.match(text)
    nodes_like: list[str] = []
    if not coords:  # a node's name or code needs no gazetteer (reading it costs a third of a second)
        try:
            return Resolved(query, node=network.find_node(text))
        except AmbiguousNodeError as err:
            raise err.about(field) if field else err from None
        except UnknownNodeError as err:
            nodes_like = err.suggestions
    gazetteer = gazetteer or bundled_gazetteer()
    if coords:
        return _from_coordinates(query, float(coords[1]), float(coords[2]), gazetteer, field)
    code = _LOCODE.match(text)
    if code is not None:
        locode = (code[1] + code[2]).upper()
        if locode in bundled_locodes() or text.isupper():
            return _from_locode(query, locode, gazetteer, field)
    with_country = _WITH_COUNTRY.match(text)
    name, country = (with_country[1], with_country[2].upper()) if with_country else (text, None)
    try:
        return _from_name(query, name, country, gazetteer, field)
    except UnknownPlaceError:
        if not nodes_like:
            raise
        # a name close to a node's is most likely that node misspelt: suggest the nodes alone
        raise UnknownPlaceError(query, nodes_like, field=field) from None


def _from_coordinates(
    query: str, lat: float, lon: float, gazetteer: Gazetteer, field: str | None
) -> Resolved:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise UnknownPlaceError(
            query, [], reason="latitude must be in -90..90 and longitude in -180..180", field=field
        )
    town, km = gazetteer.nearest(lat, lon)
    if km > COUNTRY_FROM_TOWN_KM:
        raise UnknownPlaceError(
            query,
            [],
            reason=f"the nearest town, {town.label}, is {km:,.0f} km away: no country for these coordinates",
            field=field,
        )
    place = Place(f"{lat:.3f},{lon:.3f} (near {town.name})", town.country, lat, lon, origin="coordinates")
    return Resolved(query, place=place, how=f"coordinates, {km:.0f} km from {town.label}")


def _from_locode(query: str, code: str, gazetteer: Gazetteer, field: str | None) -> Resolved:
    known = bundled_locodes().get(code)
    if known is None:
        raise UnknownPlaceError(query, [], reason=LOCODE_NOTE, field=field)
    name, country = known
    town, _, _ = _town(query, name, country, gazetteer, field)
    alias_of = locode_aliases().get(code)
    place = Place(
        town.name,
        country,
        town.lat,
        town.lon,
        town.population,
        town.geonameid,
        alias_of or code,
        town.admin1,
        origin="locode",
    )
    how = "UN/LOCODE"
    if alias_of:
        how = f"UN/LOCODE {alias_of}; {code} is its IATA code, not a UN/LOCODE"
    return Resolved(query, place=place, how=how)


def _from_name(
    query: str, name: str, country: str | None, gazetteer: Gazetteer, field: str | None
) -> Resolved:
    place, how, others = _town(query, name, country, gazetteer, field)
    return Resolved(query, place=place, how=how, others=others)


def _town(
    query: str, name: str, country: str | None, gazetteer: Gazetteer, field: str | None
) -> tuple[Place, str, tuple[str, ...]]:
    """The town ``name`` (in ``country``), how it was chosen, and its namesakes when the largest was taken."""
    key = fold(name)
    matches = [i for i in gazetteer.named(key) if country is None or gazetteer.places[i].country == country]
    if not matches:
        raise UnknownPlaceError(query, suggest_places(gazetteer, name, country), field=field)
    places = [gazetteer.places[i] for i in matches]
    if len(places) == 1:
        return places[0], "town", ()
    largest, rest = places[0], places[1:]
    ratio = DOMINANT_RATIO if country is None else DOMINANT_RATIO_IN_COUNTRY
    rest_people = sum(p.population or 0 for p in rest)
    if (largest.population or 0) >= ratio * max(rest_people, 1):
        return largest, "town, the largest of several", tuple(p.describe() for p in rest[:5])
    raise AmbiguousPlaceError(query, [p.describe() for p in places[:8]], field=field)


def suggest_places(
    gazetteer: Gazetteer, name: str, country: str | None = None, *, limit: int = 3
) -> list[str]:
    """Labels of the places whose names are closest to ``name`` (rapidfuzz ratio 75 or more)."""
    key = fold(name)
    if not key:
        return []
    from rapidfuzz import fuzz, process  # only a name not found needs it: not on every route's path

    found = process.extract(key, gazetteer.keys, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=75)
    out: list[str] = []
    for match, _score, _ in found:
        for i in gazetteer.named(match):
            place = gazetteer.places[i]
            if (country is None or place.country == country) and place.label not in out:
                out.append(place.label)
                break
        if len(out) == limit:
            break
    return out


__all__ = ["LOCODE_NOTE", "Resolved", "bundled_locodes", "locode_aliases", "resolve_place", "suggest_places"]
