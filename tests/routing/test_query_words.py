"""A routing question's words (departure dates, bulk commodities, modes); each refusal names its field.

Oracles: the documented forms (a departure date as YYYY-MM-DD or a date; a bulk commodity given as a
mass in tonnes of its form, with the table's dangerous-goods class; modes named as the network names
them, with at most three close suggestions).
"""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.errors import ConstraintError
from corridor.routing import RouteQuery


def _refusal(**kwargs: object) -> tuple[str, str | None]:
    with pytest.raises(ConstraintError) as err:
        RouteQuery.build("Xi'an", "Duisburg", **kwargs)  # type: ignore[arg-type]
    return str(err.value), err.value.field


def test_a_departure_is_a_date_in_iso_form() -> None:
    assert RouteQuery.build("Xi'an", "Duisburg", depart=" 2026-01-15 ").depart == dt.date(2026, 1, 15)
    moment = dt.datetime(2026, 1, 15, 18, 30, tzinfo=dt.UTC)
    assert RouteQuery.build("Xi'an", "Duisburg", depart=moment).depart == dt.date(2026, 1, 15)
    assert _refusal(depart="15/01/2026") == (
        "departure date must be YYYY-MM-DD, like 2025-01-15, got '15/01/2026'",
        "depart",
    )


def test_a_bulk_commodity_is_a_mass_of_its_form_with_its_class() -> None:
    crude = RouteQuery.build("Tengiz", "Trieste", commodity="crude-oil", mass_t=5000).cargo
    assert (crude.form, crude.mass_t, crude.dg_class) == ("liquid_bulk", 5000, 3)
    assert _refusal(commodity="crude-oil", cargo="1x40", mass_t=5) == (
        "Crude oil travels as liquid bulk (bulk: pipeline, tanker or rail tank car): "
        "give its mass, not containers",
        "cargo",
    )
    assert _refusal(commodity="crude-oil", mass_t=-5) == (
        "cargo mass must be > 0 and at most 10000000 t, got -5",
        "mass_t",
    )


def test_an_unknown_mode_gets_at_most_three_suggestions() -> None:
    assert _refusal(avoid_modes="trian") == (
        "unknown mode 'trian' in the modes to avoid: did you mean tanker or road or rail?",
        "avoid_modes",
    )
