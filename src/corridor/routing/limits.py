"""How much work one routing question may cost: options, search labels, via nodes, wall time.

A Pareto set grows quickly with criteria that pull apart (distance against
time and cost) and with via nodes that make routes double back, and every
option then costs a chain, a convolution and an emissions calculation. The
limits keep one question bounded: the search stops after ``max_options``
Pareto-optimal paths (the answer says it is truncated), fails with
:class:`~corridor.errors.SearchLimitError` past ``max_labels`` labels or the
``deadline_s`` wall-time budget, and a query with more than ``max_via`` via
nodes is refused before any work.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NoReturn, Protocol

from corridor.errors import ConstraintError, LimitExceededError, SearchLimitError


class Cancelled(Protocol):
    """What stops a question: a :class:`threading.Event`, or a flag another process sets."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class RouteLimits:
    """Bounds on the work of one :func:`~corridor.routing.route` call.

    Parameters
    ----------
    max_options
        Most options in one answer; the search stops once it has found this
        many Pareto-optimal paths, which are then the ones lowest in the
        first criterion, and the answer says it is truncated.
    max_labels
        Most labels (partial paths) the search may create.
    max_via
        Most via nodes in one question.
    deadline_s
        Wall-time budget in seconds, checked inside the Pareto search (every
        ``kernels.CLOCK_EVERY`` steps of work), between the search's phases
        and before each option is built (``None``: no budget).
    cancelled
        Set by the caller to stop the work between the search's phases and
        before each option (the client went away, the server is stopping).

    Examples
    --------
    >>> RouteLimits(max_options=21).max_options
    21

    """

    max_options: int = 100
    max_labels: int = 4_000_000
    max_via: int = 8
    deadline_s: float | None = None
    cancelled: Cancelled | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("max_options", "max_labels", "max_via"):
            if getattr(self, name) < (0 if name == "max_via" else 1):
                raise ConstraintError(f"{name} must be positive, got {getattr(self, name)}", field=name)
        if self.deadline_s is not None and not self.deadline_s > 0:
            raise ConstraintError(f"deadline_s must be > 0, got {self.deadline_s}", field="deadline_s")

    def check_via(self, n_via: int) -> None:
        """Refuse a question with more than ``max_via`` via nodes."""
        if n_via > self.max_via:
            raise LimitExceededError(
                f"at most {self.max_via} via nodes per question, got {n_via}", field="via"
            )

    def clock(self) -> Deadline:
        """A deadline starting now."""
        return Deadline(
            None if self.deadline_s is None else time.monotonic() + self.deadline_s,
            self.deadline_s,
            self.cancelled,
        )


@dataclass(frozen=True)
class Deadline:
    """The moment a question's wall-time budget runs out."""

    at: float | None
    budget_s: float | None
    cancelled: Cancelled | None = None

    def check(self, stage: str) -> None:
        """Raise :class:`SearchLimitError` if the budget has run out or the work was cancelled."""
        if self.cancelled is not None and self.cancelled.is_set():
            raise SearchLimitError(f"the question was cancelled (stopped {stage})")
        if self.at is not None and time.monotonic() > self.at:
            self.expired(stage)

    def expired(self, stage: str) -> NoReturn:
        """Raise the :class:`SearchLimitError` of a question past its deadline, stopped at ``stage``."""
        raise SearchLimitError(
            f"the question took longer than the {self.budget_s:g} s allowed (stopped {stage}); "
            "use fewer criteria or via nodes, or more constraints"
        )


__all__ = ["Deadline", "RouteLimits"]
