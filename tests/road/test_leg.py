"""Truck legs: great-circle x circuity, speed, drivers' hours, cost per km, every figure sourced."""

from __future__ import annotations

import math

import pytest

from corridor.road.leg import bundled_road_model
from corridor.road.rules import elapsed_h


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The oracle: textbook haversine on the IUGG mean radius."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * r * math.asin(math.sqrt(a))


def test_a_leg_in_one_country() -> None:
    """Lyon -> Paris: 393.8 km great-circle, x1.30 circuity = 512 km (the road is ~465 km)."""
    model = bundled_road_model()
    leg = model.leg(45.75, 4.85, "FR", 48.86, 2.35, "FR")
    gc = haversine_km(45.75, 4.85, 48.86, 2.35)
    fr = model.country("FR")
    assert leg.great_circle_km == pytest.approx(gc)
    assert leg.distance_km == pytest.approx(gc * fr.circuity)
    assert leg.driving_h == pytest.approx(gc * fr.circuity / fr.speed_kmh)
    assert leg.duration_h.mode == pytest.approx(elapsed_h(leg.driving_h))
    assert leg.duration_h.min < leg.duration_h.mode < leg.duration_h.max
    assert leg.cost_usd_per_truck == pytest.approx(leg.distance_km * fr.cost_usd_per_km)
    assert leg.countries == ("FR",)


def test_a_cross_border_leg_takes_each_country_for_half() -> None:
    model = bundled_road_model()
    leg = model.leg(52.23, 21.01, "PL", 52.52, 13.40, "DE")  # Warsaw -> Berlin
    gc = haversine_km(52.23, 21.01, 52.52, 13.40)
    pl, de = model.country("PL"), model.country("DE")
    assert leg.cost_usd_per_truck == pytest.approx(
        gc / 2 * (pl.circuity * pl.cost_usd_per_km + de.circuity * de.cost_usd_per_km)
    )
    assert leg.countries == ("PL", "DE")


def test_countries_without_a_row_take_the_default_and_every_source_is_listed() -> None:
    model = bundled_road_model()
    assert model.country("KZ") == model.country("*")
    for country in model.countries.values():
        assert country.circuity >= 1.0
        assert set(country.source_ids) <= set(model.sources), country
    leg = model.leg(43.25, 76.91, "KZ", 43.65, 51.17, "KZ")
    assert {"eu-561-2006", "unece-aetr"} <= set(leg.source_ids) <= set(model.sources)
