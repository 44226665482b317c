"""The rules a route must obey (the cargo model is :mod:`corridor.cargo`, re-exported here)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from corridor.cargo import CONTAINER_TYPES, Cargo
from corridor.errors import ConstraintError, UnknownConstraintValueError
from corridor.vocabulary import MODES


@dataclass(frozen=True, slots=True)
class Constraints:
    """Rules every returned route obeys.

    ``via_nodes`` are passed in the given order; ``require_modes`` must each
    be used at least once.
    """

    avoid_countries: frozenset[str] = frozenset()
    avoid_modes: frozenset[str] = frozenset()
    require_modes: tuple[str, ...] = ()
    avoid_nodes: tuple[str, ...] = ()
    via_nodes: tuple[str, ...] = ()
    max_transshipments: int | None = None

    def __post_init__(self) -> None:
        for field, modes in (("avoid_modes", self.avoid_modes), ("require_modes", self.require_modes)):
            for mode in sorted(modes):
                if mode not in MODES:
                    modes_known = [str(m) for m in MODES]
                    close = difflib.get_close_matches(mode.lower(), modes_known, n=3, cutoff=0.4)
                    raise UnknownConstraintValueError(field, mode, "mode", close or modes_known)
        both = set(self.avoid_modes) & set(self.require_modes)
        if both:
            raise ConstraintError(f"mode {sorted(both)[0]!r} is both avoided and required")
        for code in sorted(self.avoid_countries):
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ConstraintError(f"country must be an ISO 3166 alpha-2 code like RU, got {code!r}")
        if self.max_transshipments is not None and self.max_transshipments < 0:
            raise ConstraintError(f"max transshipments must be >= 0, got {self.max_transshipments}")
        if len(self.require_modes) > 4 or len(self.via_nodes) > 8:
            raise ConstraintError("at most 4 required modes and 8 via nodes")

    def describe(self) -> list[str]:
        """Human-readable list of the active constraints."""
        out: list[str] = []
        if self.avoid_countries:
            out.append("avoid countries " + ",".join(sorted(self.avoid_countries)))
        if self.avoid_modes:
            out.append("avoid modes " + ",".join(sorted(self.avoid_modes)))
        if self.require_modes:
            out.append("require modes " + ",".join(self.require_modes))
        if self.avoid_nodes:
            out.append("avoid nodes " + ",".join(self.avoid_nodes))
        if self.via_nodes:
            out.append("via " + ",".join(self.via_nodes))
        if self.max_transshipments is not None:
            out.append(f"at most {self.max_transshipments} transshipments")
        return out


__all__ = ["CONTAINER_TYPES", "Cargo", "Constraints"]
