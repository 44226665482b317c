"""What is shipped and the rules a route must obey."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from corridor.emissions.chain_input import Cargo as ChainCargo
from corridor.emissions.chain_input import ContainerCount
from corridor.errors import ConstraintError, UnknownConstraintValueError
from corridor.vocabulary import MODES

#: TEU per container type, whether it is billed at the 40' rate, and whether it is a reefer.
CONTAINER_TYPES: dict[str, tuple[int, bool, bool]] = {
    "20": (1, False, False),
    "40": (2, True, False),
    "40HC": (2, True, False),
    "20RF": (1, False, True),
    "40RF": (2, True, True),
}
_ALIASES = {
    "20DV": "20",
    "20GP": "20",
    "40DV": "40",
    "40GP": "40",
    "40HQ": "40HC",
    "45HC": "40HC",
    "REEFER": "40RF",
    "40REEFER": "40RF",
    "20REEFER": "20RF",
}
_ITEM = re.compile(r"^\s*(?:(\d+)\s*[xX×]\s*)?([0-9A-Za-z]+)\s*$")


@dataclass(frozen=True, slots=True)
class Cargo:
    """Containers shipped together, e.g. ``Cargo.parse("2x40HC")``."""

    containers: tuple[tuple[str, int], ...] = (("40", 1),)
    dg_class: int | None = None
    mass_t: float | None = None

    def __post_init__(self) -> None:
        if not self.containers:
            raise ConstraintError("cargo needs at least one container")
        for kind, count in self.containers:
            if kind not in CONTAINER_TYPES:
                raise ConstraintError(
                    f"unknown container type {kind!r}; expected one of {', '.join(CONTAINER_TYPES)}"
                )
            if not 1 <= count <= 10_000:
                raise ConstraintError(f"container count must be 1-10000, got {count} x {kind}")
        if self.dg_class is not None and not 1 <= self.dg_class <= 9:
            raise ConstraintError(f"dangerous-goods class must be 1-9, got {self.dg_class}")
        if self.mass_t is not None and not 0 < self.mass_t <= 100_000:
            raise ConstraintError(f"cargo mass must be > 0 and at most 100000 t, got {self.mass_t}")

    @classmethod
    def parse(cls, text: str, *, dg_class: int | None = None, mass_t: float | None = None) -> Cargo:
        """Parse ``"2x40HC"``, ``"40"``, ``"1x20,3x40RF"``.

        Examples
        --------
        >>> Cargo.parse("2x40HC").teu
        4

        """
        items: list[tuple[str, int]] = []
        for part in text.split(","):
            match = _ITEM.match(part)
            if match is None:
                raise ConstraintError(f"cannot read cargo {text!r}: expected e.g. 2x40HC or 1x20,1x40")
            count = int(match.group(1) or 1)
            kind = match.group(2).upper()
            kind = _ALIASES.get(kind, kind)
            items.append((kind, count))
        return cls(tuple(items), dg_class, mass_t)

    @property
    def teu(self) -> int:
        """Twenty-foot equivalent units."""
        return sum(CONTAINER_TYPES[k][0] * n for k, n in self.containers)

    @property
    def n_containers(self) -> int:
        """Number of boxes."""
        return sum(n for _, n in self.containers)

    @property
    def n_billed_20(self) -> int:
        """Boxes paying the 20' tariff."""
        return sum(n for k, n in self.containers if not CONTAINER_TYPES[k][1])

    @property
    def n_billed_40(self) -> int:
        """Boxes paying the 40' tariff."""
        return sum(n for k, n in self.containers if CONTAINER_TYPES[k][1])

    @property
    def reefer(self) -> bool:
        """True if any box needs power."""
        return any(CONTAINER_TYPES[k][2] for k, _ in self.containers)

    def to_chain_cargo(self) -> ChainCargo:
        """The cargo in the chain document's terms (for emissions)."""
        return ChainCargo(
            containers=[ContainerCount(type=k, count=n) for k, n in self.containers],  # type: ignore[arg-type]
            mass_t=self.mass_t,
        )

    def __str__(self) -> str:
        text = ",".join(f"{n}x{k}" for k, n in self.containers)
        if self.mass_t is not None:
            text += f" ({self.mass_t:g} t)"
        return text + (f" (DG class {self.dg_class})" if self.dg_class else "")


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
