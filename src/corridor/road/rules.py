"""Drivers' hours: how long a single-driver truck takes to drive a number of hours.

The rules of Regulation (EC) No 561/2006 (Articles 6 to 8), which the AETR
agreement applies the same way outside the EU (since its 2010 alignment):

- a break of 45 minutes after 4.5 hours of driving (Article 7);
- at most 9 hours of driving a day, 10 hours twice a week (Article 6(1));
- a daily rest of 11 hours (Article 8(2); the reduced 9-hour rest is not used);
- at most 56 hours of driving a week (Article 6(2)) and 90 hours in two
  consecutive weeks (Article 6(3));
- a weekly rest of 45 hours at the latest after six daily driving periods
  (Article 8(6)).

The driver starts rested (after a weekly rest) and drives as much as the
rules allow, as a planner would schedule a single driver. Double-manned
crews, ferries and trains counting as rest (Article 9) are not modelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BREAK_AFTER_H = 4.5
BREAK_H = 0.75
DAILY_DRIVING_H = 9.0
EXTENDED_DAILY_DRIVING_H = 10.0
EXTENDED_DAYS_PER_WEEK = 2
DAILY_REST_H = 11.0
WEEKLY_DRIVING_H = 56.0
FORTNIGHT_DRIVING_H = 90.0
WEEKLY_REST_H = 45.0
DRIVING_DAYS_PER_WEEK = 6
REGULATION = "Regulation (EC) No 561/2006 Articles 6-8 and the AETR agreement"


@dataclass(frozen=True, slots=True)
class DrivingSchedule:
    """The elapsed time of a drive under the rules and what it is made of (hours)."""

    driving_h: float
    breaks_h: float
    daily_rests_h: float
    weekly_rests_h: float

    @property
    def elapsed_h(self) -> float:
        """Driving plus breaks plus rests: from first start to arrival."""
        return self.driving_h + self.breaks_h + self.daily_rests_h + self.weekly_rests_h


def _breaks_h(driving_h: float) -> float:
    """Breaks within one daily driving period: one after every full 4.5 h block that more driving follows."""
    if driving_h <= 0:
        return 0.0
    return BREAK_H * (math.ceil(driving_h / BREAK_AFTER_H - 1e-9) - 1)


def driving_schedule(driving_h: float) -> DrivingSchedule:
    """Schedule ``driving_h`` hours of driving for one driver under EU 561/2006 and AETR.

    Raises
    ------
    ValueError
        ``driving_h`` is negative or not finite.

    Examples
    --------
    Twenty hours: 10 h (two breaks), an 11 h rest, then 10 h (two breaks) again.

    >>> s = driving_schedule(20.0)
    >>> s.breaks_h, s.daily_rests_h, s.elapsed_h
    (3.0, 11.0, 34.0)

    """
    if not math.isfinite(driving_h) or driving_h < 0:
        raise ValueError(f"driving hours must be a finite number >= 0, got {driving_h!r}")
    remaining = driving_h
    breaks = daily_rests = weekly_rests = 0.0
    week_h = previous_week_h = 0.0
    days = extended = 0
    while remaining > 1e-9:
        allowed = EXTENDED_DAILY_DRIVING_H if extended < EXTENDED_DAYS_PER_WEEK else DAILY_DRIVING_H
        allowed = min(allowed, WEEKLY_DRIVING_H - week_h, FORTNIGHT_DRIVING_H - previous_week_h - week_h)
        today = min(remaining, allowed)
        if today > DAILY_DRIVING_H:
            extended += 1
        breaks += _breaks_h(today)
        remaining -= today
        week_h += today
        days += 1
        if remaining <= 1e-9:
            break
        week_full = days == DRIVING_DAYS_PER_WEEK or week_h >= WEEKLY_DRIVING_H - 1e-9
        fortnight_full = previous_week_h + week_h >= FORTNIGHT_DRIVING_H - 1e-9
        if week_full or fortnight_full:
            weekly_rests += WEEKLY_REST_H
            previous_week_h, week_h, days, extended = week_h, 0.0, 0, 0
        else:
            daily_rests += DAILY_REST_H
    return DrivingSchedule(driving_h, breaks, daily_rests, weekly_rests)


def elapsed_h(driving_h: float) -> float:
    """Hours from departure to arrival for ``driving_h`` hours of driving (see :func:`driving_schedule`)."""
    return driving_schedule(driving_h).elapsed_h


__all__ = ["REGULATION", "DrivingSchedule", "driving_schedule", "elapsed_h"]
