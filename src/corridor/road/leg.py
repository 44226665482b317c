"""A truck leg between two points where the data has no road: distance, time, cost.

Distance is the great-circle distance times a per-country circuity factor
(the method of Ballou, Rahardja and Sakai 2002, "Selected country circuity
factors for road travel distance estimation", Transportation Research A 36);
driving time is that distance at the country's average truck speed; elapsed
time adds the breaks and rests of Regulation (EC) No 561/2006 and AETR
(:mod:`corridor.road.rules`); cost is USD per truck-km by country. A leg
that starts and ends in different countries takes each country's figures for
half its length. Every figure's source is in ``corridor/data/road``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from corridor.distributions import Triangular
from corridor.places.gazetteer import great_circle_km
from corridor.road.rules import elapsed_h
from corridor.tables import RowReader, Source, make_source, records_from_csv

#: The spread of truck speeds around the average: the fastest trip at 1.2x, the slowest at 0.8x (judgement).
SPEED_SPREAD = (1.2, 0.8)
DEFAULT_COUNTRY = "*"


@dataclass(frozen=True, slots=True)
class RoadCountry:
    """Road figures of one country (``*``: every country not listed)."""

    country: str
    region: str
    circuity: float
    speed_kmh: float
    cost_usd_per_km: float
    source_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoadLeg:
    """A truck leg: road distance, driving and elapsed time, cost per truck (one container), sources."""

    great_circle_km: float
    distance_km: float
    driving_h: float
    duration_h: Triangular
    cost_usd_per_truck: float
    countries: tuple[str, ...]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class RoadModel:
    """Per-country road figures and the sources behind them."""

    countries: Mapping[str, RoadCountry]
    sources: Mapping[str, Source]

    def country(self, code: str) -> RoadCountry:
        """The figures of ``code``, or the default row."""
        return self.countries.get(code) or self.countries[DEFAULT_COUNTRY]

    def road_km(self, great_circle_km: float, country1: str, country2: str) -> float:
        """Road distance for a great-circle distance: each country's circuity for half of it."""
        return sum(great_circle_km / 2 * self.country(c).circuity for c in (country1, country2))

    def leg(
        self, lat1: float, lon1: float, country1: str, lat2: float, lon2: float, country2: str
    ) -> RoadLeg:
        """The truck leg from one point to another.

        Examples
        --------
        >>> leg = bundled_road_model().leg(45.75, 4.85, "FR", 48.86, 2.35, "FR")  # Lyon -> Paris
        >>> round(leg.great_circle_km), round(leg.distance_km)
        (394, 512)

        """
        gc = great_circle_km(lat1, lon1, lat2, lon2)
        parts = [self.country(country1), self.country(country2)]
        distance = self.road_km(gc, country1, country2)
        driving = sum(gc / 2 * c.circuity / c.speed_kmh for c in parts)
        cost = sum(gc / 2 * c.circuity * c.cost_usd_per_km for c in parts)
        fast, slow = SPEED_SPREAD
        times = (elapsed_h(driving / fast), elapsed_h(driving), elapsed_h(driving / slow))
        sources = tuple(
            dict.fromkeys((*parts[0].source_ids, *parts[1].source_ids, "eu-561-2006", "unece-aetr"))
        )
        return RoadLeg(
            great_circle_km=gc,
            distance_km=distance,
            driving_h=driving,
            duration_h=Triangular(*times),
            cost_usd_per_truck=cost,
            countries=tuple(dict.fromkeys((country1, country2))),
            source_ids=sources,
        )


def _make_country(r: RowReader) -> RoadCountry | None:
    circuity = r.number("circuity", minimum=1.0)
    speed = r.number("speed_kmh", positive=True)
    cost = r.number("cost_usd_per_km")
    if circuity is None or speed is None or cost is None:
        return None
    return RoadCountry(
        country=r.text("country"),
        region=r.text("region"),
        circuity=circuity,
        speed_kmh=speed,
        cost_usd_per_km=cost,
        source_ids=tuple(r.text("source_ids").split("|")),
    )


def road_model_from_csv(folder: Path) -> RoadModel:
    """The road figures in ``folder`` (``countries.csv`` and ``sources.csv``).

    Raises
    ------
    DataFileError
        A file is missing or a row is malformed.

    """
    sources = records_from_csv(folder / "sources.csv", ("source_id", "kind", "title"), make_source, "sources")
    rows = records_from_csv(
        folder / "countries.csv",
        ("country", "region", "circuity", "speed_kmh", "cost_usd_per_km", "source_ids"),
        _make_country,
        "countries",
    )
    return RoadModel({r.country: r for r in rows}, {s.source_id: s for s in sources})


@lru_cache(maxsize=1)
def bundled_road_model() -> RoadModel:
    """The bundled road figures (``corridor/data/road``)."""
    return road_model_from_csv(Path(str(resources.files("corridor") / "data" / "road")))


__all__ = ["RoadCountry", "RoadLeg", "RoadModel", "bundled_road_model", "road_model_from_csv"]
