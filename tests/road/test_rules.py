"""Drivers' hours under Regulation (EC) No 561/2006 and AETR: oracles worked by hand from Articles 6-8."""

from __future__ import annotations

import pytest

from corridor.road.rules import driving_schedule, elapsed_h


@pytest.mark.parametrize(
    ("driving_h", "expected_h", "how"),
    [
        (0.0, 0.0, "nothing to drive"),
        (4.5, 4.5, "4.5 h: the break is due only if more driving follows (Art. 7)"),
        (9.0, 9.75, "4.5 + 0.75 break + 4.5"),
        (10.0, 11.5, "an extended day (Art. 6(1)): 4.5 + 0.75 + 4.5 + 0.75 + 1"),
        (
            25.0,
            50.75,
            "10 + 1.5 breaks, 11 rest, 10 + 1.5, 11 rest, then 5 + 0.75: a third day (both extensions used)",
        ),
        (
            29.0,
            54.75,
            "10+1.5, rest 11, 10+1.5, rest 11, 9 + 0.75 (no third extension in the week)",
        ),
        (
            56.0,
            117.0,
            "a full week: 10,10,9,9,9,9 h (56 h, Art. 6(2)) with 6 h of breaks and five 11 h rests",
        ),
        (57.0, 163.0, "the 57th hour after a 45 h weekly rest (Art. 8(6)): 117 + 45 + 1"),
        (
            90.0,
            233.5,
            "week 1: 117 h; weekly rest 45; week 2 only 34 h (90 h a fortnight, Art. 6(3)): "
            "10+1.5, 11, 10+1.5, 11, 9+0.75, 11, 5+0.75 = 71.5",
        ),
        (91.0, 279.5, "after 90 h in two weeks, another weekly rest before the 91st hour: 233.5 + 45 + 1"),
    ],
)
def test_elapsed_time_matches_the_regulation_worked_by_hand(
    driving_h: float, expected_h: float, how: str
) -> None:
    assert elapsed_h(driving_h) == pytest.approx(expected_h), how


def test_a_1500_km_drive_takes_more_than_two_days() -> None:
    """At the EU's 65 km/h average, 1,500 km is 23.1 h of driving: two extended days and a third (48.08 h)."""
    assert elapsed_h(1500 / 65) == pytest.approx(10 + 1.5 + 11 + 10 + 1.5 + 11 + 1500 / 65 - 20)
    assert elapsed_h(1500 / 65) > 48.0


def test_the_parts_add_up_and_never_shorten_the_drive() -> None:
    for hours in (0.5, 3.0, 8.9, 17.0, 40.0, 70.0, 130.0):
        s = driving_schedule(hours)
        assert s.elapsed_h == pytest.approx(s.driving_h + s.breaks_h + s.daily_rests_h + s.weekly_rests_h)
        assert s.elapsed_h >= hours
        assert elapsed_h(hours + 1.0) > elapsed_h(hours)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_bad_hours_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="driving hours"):
        driving_schedule(bad)
