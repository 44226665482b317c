"""What is shipped: one cargo model and one table of container facts for routing, emissions and documents.

Two TEU notions exist and are named apart:

- ``teu`` (nominal TEU): the count by ISO 668 length that trade statistics,
  tariffs and capacities use: a 20' box is 1, every 40' box (high cube and
  reefer too) is 2.
- ``teu_glec`` (GLEC TEU equivalent): the conversion the GLEC Framework v3
  (Table 4, p.153) uses for TEU-km activity in emissions, where a 40' high
  cube counts 2.25 for its extra volume.

Sources of the container facts:

- Tare masses: FreightUtils, *Container specifications*,
  https://www.freightutils.com/containers (indicative; ISO 668 does not
  standardise tare).
- GLEC TEU equivalents: Smart Freight Centre, *GLEC Framework v3.0* (2024),
  Table 4 p.153.
- Boxes per 1520 mm flat car: United Wagon Company, *Flat car model 13-6724*
  (46 ft loading length: one 40' or two 20' boxes).
- Road vehicles: a 40' container chassis weighs 3.0-3.8 t empty and a 40 ft
  dry-van semi-trailer 4.4-4.6 t (EngineerFix, *How much does a 40-foot
  trailer weigh*, https://engineerfix.com/how-much-does-a-40-foot-trailer-weigh);
  the 7.5 t of a 4x2 tractor unit is judgement (no source found). One box
  rides on one truck (a 40' chassis can take two 20' boxes, but hauliers and
  Ro-Ro lines price per vehicle, so the network prices a truck per box).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from corridor.errors import ConstraintError
from corridor.vocabulary import CARGO_FORMS


@dataclass(frozen=True, slots=True)
class ContainerType:
    """Facts of one container type."""

    code: str
    teu: int
    teu_glec: float
    tare_t: float
    billed_as_40: bool
    reefer: bool
    boxes_per_wagon: int


#: Container types by code (sources in the module docstring).
CONTAINER_TYPES: dict[str, ContainerType] = {
    t.code: t
    for t in (
        ContainerType("20", 1, 1.0, 2.30, billed_as_40=False, reefer=False, boxes_per_wagon=2),
        ContainerType("40", 2, 2.0, 3.75, billed_as_40=True, reefer=False, boxes_per_wagon=1),
        ContainerType("40HC", 2, 2.25, 3.94, billed_as_40=True, reefer=False, boxes_per_wagon=1),
        ContainerType("20RF", 1, 1.0, 3.08, billed_as_40=False, reefer=True, boxes_per_wagon=2),
        ContainerType("40RF", 2, 2.0, 4.80, billed_as_40=True, reefer=True, boxes_per_wagon=1),
    )
}
CONTAINER_CODES: tuple[str, ...] = tuple(CONTAINER_TYPES)
#: Tare of a 1520 mm container flat car (United Wagon Company model 13-6724), for gross-mass reallocation.
FLAT_CAR_TARE_T = 19.5
#: A 1520 mm four-axle tank car for oil (model 15-1547-03, Spacecom's specification): carrying capacity
#: 66 t, tare 26.3 t. Crude (0.858 t/m3) fills its 85.6 m3 to 73 t, so the car is full by weight at 66 t.
TANK_CAR_PAYLOAD_T = 66.0
TANK_CAR_TARE_T = 26.3
#: Tare of a 4x2 tractor unit plus a 40' container chassis (3.4 t, the middle of 3.0-3.8 t; module docstring).
CHASSIS_TRUCK_TARE_T = 7.5 + 3.4
#: Tare of a 4x2 tractor unit plus a curtain-sider or dry-van semi-trailer (4.5 t; module docstring).
SEMI_TRAILER_TRUCK_TARE_T = 7.5 + 4.5
#: Payload of one semi-trailer: 40 t, the EU's maximum for a five-axle articulated vehicle (Council
#: Directive 96/53/EC, Annex I 2.2.2), less the tare above; loose cargo takes one truck per 28 t.
SEMI_TRAILER_PAYLOAD_T = 40.0 - SEMI_TRAILER_TRUCK_TARE_T
#: How cargo rides on a truck: containers on a chassis, or loose cargo in a semi-trailer.
ROAD_UNITS = ("container-on-chassis", "semi-trailer")
#: Most boxes of one type in one cargo.
MAX_BOXES = 100_000

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
    """Containers shipped together, e.g. ``Cargo.parse("2x40HC")``, or a mass without containers.

    ``declared_teu`` is for cargo given in TEU without container types (a
    sea leg's TEU-km); with containers, TEU come from the container table.
    ``form`` is ``container`` (the default) or a bulk form (``liquid_bulk``,
    ``dry_bulk``): bulk cargo is a mass without containers, and travels only
    on links that carry that form (pipelines, tankers, tank cars).

    Examples
    --------
    >>> Cargo.bulk(100_000, "liquid_bulk", dg_class=3)
    Cargo(containers=(), dg_class=3, mass_t=100000, declared_teu=None, form='liquid_bulk')

    """

    containers: tuple[tuple[str, int], ...] = (("40", 1),)
    dg_class: int | None = None
    mass_t: float | None = None
    declared_teu: float | None = None
    form: str = "container"

    @classmethod
    def bulk(cls, mass_t: float, form: str, *, dg_class: int | None = None) -> Cargo:
        """Bulk cargo of ``mass_t`` tonnes in ``form`` (``liquid_bulk`` or ``dry_bulk``)."""
        return cls((), dg_class, mass_t, None, form)

    @property
    def is_bulk(self) -> bool:
        """True for bulk cargo (no containers)."""
        return self.form != "container"

    def __post_init__(self) -> None:
        if self.form not in CARGO_FORMS:
            raise ConstraintError(
                f"cargo form must be one of {', '.join(CARGO_FORMS)}, got {self.form!r}", field="cargo"
            )
        if self.is_bulk and (self.containers or self.mass_t is None):
            raise ConstraintError(
                f"{self.form.replace('_', ' ')} cargo is a mass in tonnes without containers", field="mass_t"
            )
        if not self.containers and self.mass_t is None and self.declared_teu is None:
            raise ConstraintError("cargo needs containers, a mass or TEU", field="cargo")
        for kind, count in self.containers:
            if kind not in CONTAINER_TYPES:
                raise ConstraintError(
                    f"unknown container type {kind!r}; expected one of {', '.join(CONTAINER_TYPES)}",
                    field="cargo",
                )
            if not 1 <= count <= MAX_BOXES:
                raise ConstraintError(
                    f"container count must be 1-{MAX_BOXES}, got {count} x {kind}", field="cargo"
                )
        if self.dg_class is not None and not 1 <= self.dg_class <= 9:
            raise ConstraintError(f"dangerous-goods class must be 1-9, got {self.dg_class}", field="dg_class")
        if self.mass_t is not None and not 0 < self.mass_t <= 1e7:
            raise ConstraintError(
                f"cargo mass must be > 0 and at most 10000000 t, got {self.mass_t}", field="mass_t"
            )
        if self.declared_teu is not None and not 0 < self.declared_teu <= 1e6:
            raise ConstraintError(
                f"TEU must be > 0 and at most 1000000, got {self.declared_teu}", field="cargo"
            )

    @classmethod
    def parse(cls, text: str, *, dg_class: int | None = None, mass_t: float | None = None) -> Cargo:
        """Parse ``"2x40HC"``, ``"40"``, ``"1x20,3x40RF"``.

        Examples
        --------
        >>> Cargo.parse("2x40HC").teu, Cargo.parse("2x40HC").teu_glec
        (4, 4.5)

        """
        items: list[tuple[str, int]] = []
        for part in text.split(","):
            match = _ITEM.match(part)
            if match is None:
                raise ConstraintError(
                    f"cannot read cargo {text!r}: expected e.g. 2x40HC or 1x20,1x40", field="cargo"
                )
            count = int(match.group(1) or 1)
            kind = match.group(2).upper()
            items.append((_ALIASES.get(kind, kind), count))
        return cls(tuple(items), dg_class, mass_t)

    @property
    def teu(self) -> float:
        """Nominal TEU (ISO 668 length: 40' = 2), as counted in trade, tariffs and capacities."""
        if not self.containers:
            return self.declared_teu or 0.0
        return sum(CONTAINER_TYPES[k].teu * n for k, n in self.containers)

    @property
    def teu_glec(self) -> float:
        """GLEC TEU equivalent (40' high cube = 2.25, GLEC v3 Table 4 p.153), for TEU-km activity."""
        if not self.containers:
            return self.declared_teu or 0.0
        return sum(CONTAINER_TYPES[k].teu_glec * n for k, n in self.containers)

    @property
    def n_containers(self) -> int:
        """Number of boxes."""
        return sum(n for _, n in self.containers)

    @property
    def n_billed_20(self) -> int:
        """Boxes paying the 20' tariff."""
        return sum(n for k, n in self.containers if not CONTAINER_TYPES[k].billed_as_40)

    @property
    def n_billed_40(self) -> int:
        """Boxes paying the 40' tariff."""
        return sum(n for k, n in self.containers if CONTAINER_TYPES[k].billed_as_40)

    @property
    def reefer(self) -> bool:
        """True if any box needs power."""
        return any(CONTAINER_TYPES[k].reefer for k, _ in self.containers)

    @property
    def tare_t(self) -> float:
        """Tare of the boxes."""
        return sum(CONTAINER_TYPES[k].tare_t * n for k, n in self.containers)

    @property
    def road_unit(self) -> str:
        """How the cargo rides on a truck: ``container-on-chassis`` for boxes, else ``semi-trailer``."""
        return ROAD_UNITS[0] if self.containers else ROAD_UNITS[1]

    @property
    def trucks(self) -> int:
        """Trucks needed on the road: one per box, or one per 28 t of loose cargo (at least one)."""
        if self.containers:
            return self.n_containers
        return max(1, math.ceil((self.mass_t or 0.0) / SEMI_TRAILER_PAYLOAD_T))

    @property
    def truck_tare_t(self) -> float:
        """Tare of the trucks (tractors with their chassis or semi-trailers), e.g. on a Ro-Ro ferry."""
        per_truck = CHASSIS_TRUCK_TARE_T if self.containers else SEMI_TRAILER_TRUCK_TARE_T
        return self.trucks * per_truck

    def __str__(self) -> str:
        text = ",".join(f"{n}x{k}" for k, n in self.containers)
        if not self.containers and self.declared_teu is not None:
            text = f"{self.declared_teu:g} TEU"
        if self.mass_t is not None:
            text += f" ({self.mass_t:g} t)" if text else f"{self.mass_t:g} t"
        if self.is_bulk:
            text += f" {self.form.replace('_', ' ')}"
        return text + (f" (DG class {self.dg_class})" if self.dg_class else "")


__all__ = [
    "CHASSIS_TRUCK_TARE_T",
    "CONTAINER_CODES",
    "CONTAINER_TYPES",
    "FLAT_CAR_TARE_T",
    "MAX_BOXES",
    "ROAD_UNITS",
    "SEMI_TRAILER_TRUCK_TARE_T",
    "TANK_CAR_PAYLOAD_T",
    "TANK_CAR_TARE_T",
    "Cargo",
    "ContainerType",
]
