"""A routing question's errors name the field to fix, with the closest valid words; a value of time of 0.

Oracles: the documented rules of :meth:`RouteQuery.build` (a mode may not be both avoided and
required, at most 8 via nodes, a value of time of at least 0 USD per container-day) and the modes of
the vocabulary (``rail, road, sea, ferry, iww, pipeline, tanker, bulk_carrier``).
"""

from __future__ import annotations

import pytest

from corridor.errors import ConstraintError, UnknownConstraintValueError
from corridor.routing import RouteQuery


def test_a_mode_both_avoided_and_required_is_refused_under_constraints() -> None:
    with pytest.raises(ConstraintError) as err:
        RouteQuery.build("Xi'an", "Duisburg", avoid_modes="sea", require_modes=["rail", "sea"])
    assert (str(err.value), err.value.field) == ("mode 'sea' is both avoided and required", "constraints")


def test_more_than_eight_via_nodes_are_refused_under_constraints() -> None:
    with pytest.raises(ConstraintError) as err:
        RouteQuery.build("Xi'an", "Duisburg", via=[f"N{i}" for i in range(9)])
    assert (str(err.value), err.value.field) == ("at most 4 required modes and 8 via nodes", "constraints")
    assert (
        len(RouteQuery.build("Xi'an", "Duisburg", via=[f"N{i}" for i in range(8)]).constraints.via_nodes) == 8
    )


@pytest.mark.parametrize("value", [0.0, 0.5, 150.0])
def test_a_value_of_time_of_zero_or_more_is_taken(value: float) -> None:
    query = RouteQuery.build("Xi'an", "Duisburg", value_of_time_usd_per_container_day=value)
    assert query.value_of_time_usd_per_container_day == value


def test_a_negative_value_of_time_is_refused_under_its_field() -> None:
    with pytest.raises(ConstraintError) as err:
        RouteQuery.build("Xi'an", "Duisburg", value_of_time_usd_per_container_day=-0.5)
    assert (str(err.value), err.value.field) == (
        "value of time must be >= 0 USD per container-day, got -0.5",
        "value_of_time_usd_per_container_day",
    )


def test_an_unknown_mode_suggests_the_three_closest_modes_only() -> None:
    # 'era' is close to five modes at difflib's 0.4 cutoff: sea, road, rail, ferry, tanker
    with pytest.raises(UnknownConstraintValueError) as err:
        RouteQuery.build("Xi'an", "Duisburg", avoid_modes="era")
    assert str(err.value) == "unknown mode 'era' in the modes to avoid: did you mean sea or road or rail?"
    assert (err.value.field, err.value.suggestions) == ("avoid_modes", ["sea", "road", "rail"])
