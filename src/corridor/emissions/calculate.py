"""ISO 14083 / GLEC emissions of a transport chain, element by element.

Legs: activity (tonne-km, TEU-km for container ships, gross tonne-km for
ferries whose intensities are per gross load) times the intensity of the
element's transport operation category. Hubs: outbound tonnes or boxes times
the hub operation category. Primary data (fuel burnt, kWh, a carrier's own
intensity) replaces the defaults where given. Every figure is kg CO2e.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from corridor.cargo import CONTAINER_TYPES, FLAT_CAR_TARE_T, Cargo
from corridor.chain.convert import chain_from_document
from corridor.chain.document import ChainDocument, Primary
from corridor.chain.model import Element, Hub, Leg, LegSegment, TransportChain
from corridor.emissions.factors import FactorDataset, Toc
from corridor.emissions.results import CargoFacts, ChainEmissions, ElementEmissions
from corridor.errors import ChainInputError

#: GLEC3 p.21/p.153 and ISO 14083: average cargo mass per TEU when only TEU are known.
DEFAULT_T_PER_TEU = 10.0
RAIL_DIESEL = "rail-container-diesel"
RAIL_ELECTRIC = "rail-container-electric"
DEFAULT_TOC = {
    "sea": "sea-container-industry-average",
    "ferry": "ferry-ropax-10-20k-gt-mdo",
    "iww": "iww-container-110m",
}
#: Countries where GLEC's Asia road adjustment (+22%, GLEC3 p.94) applies.
ASIA_ROAD = frozenset(
    {"CN", "KZ", "UZ", "TM", "KG", "TJ", "MN", "IR", "AZ", "GE", "AM", "JP", "KR", "SG", "AF"}
)


def cargo_facts(cargo: Cargo, factors: FactorDataset) -> CargoFacts:
    """Resolve mass, TEU and boxes from what the cargo gives (GLEC defaults for the rest).

    TEU here are GLEC TEU equivalents (:attr:`corridor.cargo.Cargo.teu_glec`);
    container tares and boxes per wagon come from :data:`corridor.cargo.CONTAINER_TYPES`.
    """
    notes: list[str] = []
    teu = boxes = reefer_boxes = tare = wagons = 0.0
    for code, count in cargo.containers:
        kind = CONTAINER_TYPES[code]
        teu += kind.teu_glec * count
        boxes += count
        tare += kind.tare_t * count
        if kind.reefer:
            reefer_boxes += count
        wagons += count / kind.boxes_per_wagon
    if not cargo.containers:
        declared = cargo.declared_teu
        teu = declared if declared is not None else (cargo.mass_t or 0.0) / DEFAULT_T_PER_TEU
        boxes = teu
        if declared is None:
            notes.append(f"TEU from mass at {DEFAULT_T_PER_TEU:g} t per TEU (GLEC3 p.153)")
    if cargo.mass_t is not None:
        mass = cargo.mass_t
    else:
        mass = DEFAULT_T_PER_TEU * teu
        notes.append(f"cargo mass defaulted to {DEFAULT_T_PER_TEU:g} t per TEU equivalent (GLEC3 p.153)")
    gross: float | None = None
    if cargo.containers:
        wagon = factors.equipment.get("wagon-1520-flat")
        wagon_t = wagon.tare_t if wagon is not None else FLAT_CAR_TARE_T
        gross = (mass + tare + wagons * wagon_t) / boxes
    return CargoFacts(mass, teu, boxes, reefer_boxes / boxes if boxes else 0.0, gross, tuple(notes))


@dataclass(frozen=True, slots=True)
class Part:
    """Emissions of one piece of a leg."""

    activity: float
    unit: str
    wtt_kg: float
    ttw_kg: float
    category: str
    toc_id: str
    carriers: tuple[str, ...]
    notes: tuple[str, ...] = ()
    electricity_kwh: float = 0.0


def _per_unit(toc: Toc, facts: CargoFacts, distance_km: float, where: str) -> tuple[float, str, list[str]]:
    notes: list[str] = []
    if toc.activity_unit == "TEUkm":
        return facts.teu * distance_km, "TEUkm", notes
    if toc.mass_basis == "gross":
        if facts.gross_t_per_box_mix is None:
            raise ChainInputError(
                f"{where}: {toc.toc_id} is per gross tonne-km; give container types so the gross mass "
                "(cargo + container + wagon) can be reallocated to the cargo"
            )
        gross = facts.gross_t_per_box_mix * facts.boxes
        notes.append(f"reallocated from {gross:.1f} t gross (cargo + containers + wagons), GLEC3 p.95")
        return gross * distance_km, "gross tkm", notes
    return facts.mass_t * distance_km, "tkm", notes


def _toc_part(
    toc: Toc,
    facts: CargoFacts,
    distance_km: float,
    countries: Sequence[str],
    factors: FactorDataset,
    where: str,
    share: float = 1.0,
) -> Part:
    activity, unit, notes = _per_unit(toc, facts, distance_km, where)
    activity *= share
    if toc.kwh_per_unit is not None:
        if not countries:
            raise ChainInputError(f"{where}: countries are needed to pick the grid factor for {toc.toc_id}")
        grid = sum(factors.grid_g_per_kwh(c, where=where) for c in countries) / len(countries)
        wtt = activity * toc.kwh_per_unit * grid / 1000.0
        notes.append(f"{toc.kwh_per_unit:g} kWh/{unit} x {grid:.0f} g/kWh ({'/'.join(countries)} grid)")
        kwh = activity * toc.kwh_per_unit
        return Part(
            activity, unit, wtt, 0.0, toc.data_category, toc.toc_id, ("electricity",), tuple(notes), kwh
        )
    wtt_g, ttw_g = toc.wtt_g or 0.0, toc.ttw_g or 0.0
    if facts.reefer_share > 0:
        # the industry-average reefer figure is per TEU-km of a container ship: a fallback for
        # sea lanes only, never for a truck's or a train's tonne-km
        fallback = factors.tocs.get("sea-container-industry-average") if toc.mode == "sea" else None
        reefer_wtt = (
            toc.reefer_wtt_g
            if toc.reefer_wtt_g is not None
            else (fallback.reefer_wtt_g if fallback else None)
        )
        reefer_ttw = (
            toc.reefer_ttw_g
            if toc.reefer_ttw_g is not None
            else (fallback.reefer_ttw_g if fallback else None)
        )
        if reefer_wtt is not None and reefer_ttw is not None:
            r = facts.reefer_share
            wtt_g, ttw_g = (1 - r) * wtt_g + r * reefer_wtt, (1 - r) * ttw_g + r * reefer_ttw
            if toc.reefer_wtt_g is None:
                notes.append("reefer share at the industry-average reefer intensity (no lane value)")
        elif toc.mode != "rail":
            notes.append("no reefer intensity for this category: ambient value used")
    return Part(
        activity,
        unit,
        activity * wtt_g / 1000.0,
        activity * ttw_g / 1000.0,
        toc.data_category,
        toc.toc_id,
        (toc.energy_carrier,),
        tuple(notes),
    )


def segment_parts(
    mode: str, segment: LegSegment, facts: CargoFacts, factors: FactorDataset, where: str
) -> list[Part]:
    """Emissions of one segment by the categories that apply to it."""
    if segment.toc is not None:
        toc = factors.toc(segment.toc, where=where)
        if toc.mode != mode:
            raise ChainInputError(f"{where}: category {toc.toc_id!r} is for {toc.mode}, the leg is {mode}")
        return [_toc_part(toc, facts, segment.distance_km, segment.countries, factors, where)]
    if mode == "rail":
        if segment.electric_share is None:
            raise ChainInputError(f"{where}: a rail leg needs electric_share (0-1) or a toc")
        parts = []
        share = segment.electric_share
        if share > 0:
            electric = factors.toc(RAIL_ELECTRIC, where=where)
            parts.append(
                _toc_part(electric, facts, segment.distance_km, segment.countries, factors, where, share)
            )
        if share < 1:
            diesel = factors.toc(RAIL_DIESEL, where=where)
            parts.append(
                _toc_part(diesel, facts, segment.distance_km, segment.countries, factors, where, 1 - share)
            )
        return parts
    if mode == "road":
        asia = any(c in ASIA_ROAD for c in segment.countries)
        toc_id = "road-artic-40t-container-asia" if asia else "road-artic-40t-container-eu"
    else:
        toc_id = DEFAULT_TOC[mode]
    part = _toc_part(
        factors.toc(toc_id, where=where), facts, segment.distance_km, segment.countries, factors, where
    )
    if mode == "sea":
        part = Part(
            part.activity,
            part.unit,
            part.wtt_kg,
            part.ttw_kg,
            part.category,
            part.toc_id,
            part.carriers,
            (*part.notes, "trade lane not given: GLEC industry average"),
        )
    return [part]


@dataclass(frozen=True, slots=True)
class Energy:
    """Emissions from measured energy, with the energy itself."""

    wtt_kg: float
    ttw_kg: float
    notes: list[str]
    fuels_kg: tuple[tuple[str, float], ...]
    electricity_kwh: float
    electricity_kg: float

    @property
    def carriers(self) -> tuple[str, ...]:
        """The energy carriers used: fuel ids, and ``electricity``."""
        return (*(f for f, _ in self.fuels_kg), *(("electricity",) if self.electricity_kwh else ()))


def _primary_energy(primary: Primary, factors: FactorDataset, where: str) -> Energy:
    """WTT and TTW kg from measured fuel and electricity."""
    wtt = ttw = 0.0
    notes = []
    fuels: list[tuple[str, float]] = []
    kwh = electric_kg = 0.0
    for use in primary.fuels:
        fuel = factors.fuel(use.fuel, where=where)
        kg = use.kg
        if kg is None:
            if fuel.density_kg_per_l is None:
                raise ChainInputError(f"{where}: fuel {use.fuel!r} has no density; give kg instead of litres")
            kg = (use.litres or 0.0) * fuel.density_kg_per_l
        ttw += kg * fuel.ttw_kg_per_kg
        wtt += kg * (fuel.wtw_kg_per_kg - fuel.ttw_kg_per_kg)
        fuels.append((use.fuel, kg))
        notes.append(f"{kg:,.1f} kg {use.fuel}")
    if primary.electricity_kwh is not None:
        grid = primary.grid_g_per_kwh
        if grid is None:
            grid = factors.grid_g_per_kwh(primary.grid_country or "", where=where)
        kwh = primary.electricity_kwh
        electric_kg = kwh * grid / 1000.0
        wtt += electric_kg
        notes.append(f"{primary.electricity_kwh:,.0f} kWh at {grid:.0f} g/kWh")
    return Energy(wtt, ttw, notes, tuple(fuels), kwh, electric_kg)


def _leg_emissions(index: int, leg: Leg, facts: CargoFacts, factors: FactorDataset) -> ElementEmissions:
    where = f"elements[{index}]"
    segments = leg.segments or (
        LegSegment(None, leg.distance_km, leg.countries, leg.electric_share, leg.toc),
    )
    distance = sum(s.distance_km for s in segments)
    if leg.daf is not None:
        daf = leg.daf
        segments = tuple(replace(s, distance_km=s.distance_km * daf) for s in segments)
    daf_note = (f"distance adjustment factor {leg.daf:g} applied to the activity",) if leg.daf else ()
    if leg.intensity is not None or leg.primary is not None:
        if leg.intensity is not None:
            amount = facts.teu if leg.intensity.unit == "TEUkm" else facts.mass_t
            activity = amount * distance * (leg.daf or 1.0)
            ttw = activity * leg.intensity.ttw_g / 1000.0
            wtt = activity * leg.intensity.wtw_g / 1000.0 - ttw
            notes = [f"carrier intensity {leg.intensity.wtw_g:g} g WTW per {leg.intensity.unit}"]
            unit: str = leg.intensity.unit
            energy = Energy(wtt, ttw, notes, (), 0.0, 0.0)
        else:
            assert leg.primary is not None  # one of the two, by the branch condition
            energy = _primary_energy(leg.primary, factors, where)
            wtt, ttw, notes = energy.wtt_kg, energy.ttw_kg, energy.notes
            activity, unit = facts.mass_t * distance * (leg.daf or 1.0), "tkm"
        return ElementEmissions(
            index,
            "leg",
            leg.mode,
            "primary",
            activity,
            unit,
            distance,
            wtt,
            ttw,
            wtt + ttw,
            "primary",
            energy.carriers,
            (*notes, *daf_note),
            electricity_kwh=energy.electricity_kwh,
            electricity_kg=energy.electricity_kg,
            daf=leg.daf or 1.0,
            fuels_kg=energy.fuels_kg,
        )
    parts: list[Part] = []
    for number, segment in enumerate(segments):
        parts.extend(
            segment_parts(
                leg.mode, segment, facts, factors, f"{where}.segments[{number}]" if leg.segments else where
            )
        )
    wtt = sum(p.wtt_kg for p in parts)
    ttw = sum(p.ttw_kg for p in parts)
    units = {p.unit for p in parts}
    unit = units.pop() if len(units) == 1 else "mixed"
    activity = sum(p.activity for p in parts) if unit != "tkm" else facts.mass_t * distance * (leg.daf or 1.0)
    ids = sorted({p.toc_id for p in parts})
    category = "modelled" if any(p.category == "modelled" for p in parts) else "default"
    carriers = tuple(sorted({c for p in parts for c in p.carriers}))
    leg_notes = tuple(dict.fromkeys([*(n for p in parts for n in p.notes), *daf_note]))
    kwh = sum(p.electricity_kwh for p in parts)
    electric_kg = sum(p.wtt_kg for p in parts if p.electricity_kwh)
    return ElementEmissions(
        index,
        "leg",
        leg.mode,
        "+".join(ids),
        activity,
        unit,
        distance,
        wtt,
        ttw,
        wtt + ttw,
        category,
        carriers,
        leg_notes,
        electricity_kwh=kwh,
        electricity_kg=electric_kg,
        daf=leg.daf or 1.0,
    )


def hub_emissions_kg(
    hoc_id: str | None, facts: CargoFacts, factors: FactorDataset, where: str
) -> tuple[float, float, str]:
    """WTW kg, activity and its unit of a hub operation (``None``: no handling, zero)."""
    if hoc_id is None:
        return 0.0, 0.0, "-"
    hoc = factors.hoc(hoc_id, where=where)
    reefer = hoc.reefer_wtw_kg if hoc.reefer_wtw_kg is not None else hoc.wtw_kg
    per_unit = (1 - facts.reefer_share) * hoc.wtw_kg + facts.reefer_share * reefer
    amount = facts.boxes if hoc.activity_unit == "container" else facts.mass_t
    return amount * per_unit, amount, hoc.activity_unit


def _hub_emissions(index: int, hub: Hub, facts: CargoFacts, factors: FactorDataset) -> ElementEmissions:
    where = f"elements[{index}]"
    if hub.primary is not None:
        energy = _primary_energy(hub.primary, factors, where)
        return ElementEmissions(
            index,
            "hub",
            None,
            "primary",
            facts.mass_t,
            "t",
            0.0,
            energy.wtt_kg,
            energy.ttw_kg,
            energy.wtt_kg + energy.ttw_kg,
            "primary",
            energy.carriers,
            tuple(energy.notes),
            hub.node_id,
            electricity_kwh=energy.electricity_kwh,
            electricity_kg=energy.electricity_kg,
            fuels_kg=energy.fuels_kg,
        )
    wtw, activity, unit = hub_emissions_kg(hub.hoc, facts, factors, where)
    if hub.hoc is None:
        return ElementEmissions(
            index,
            "hub",
            None,
            "none",
            0.0,
            "-",
            0.0,
            0.0,
            0.0,
            0.0,
            "not applicable",
            (),
            ("no handling: border formalities or dwell only",),
            hub.node_id,
        )
    return ElementEmissions(
        index,
        "hub",
        None,
        hub.hoc,
        activity,
        unit,
        0.0,
        None,
        None,
        wtw,
        "default",
        (),
        ("GLEC publishes hub defaults as one WTW figure: not split into WTT and TTW",),
        hub.node_id,
    )


def chain_emissions(
    chain: TransportChain | ChainDocument,
    factors: FactorDataset,
    *,
    memo: dict[Element, ElementEmissions] | None = None,
) -> ChainEmissions:
    """Emissions of every element of ``chain`` (typed, or a chain document) and in total.

    ``memo`` lets a caller that computes many chains for one cargo and one
    factor dataset (the options of a route) reuse the figures of elements
    it has already seen: they depend on the element's value alone.

    Raises
    ------
    ChainInputError, FactorLookupError
        The chain misses what a calculation needs, or names a category, fuel
        or country the factors lack; the message names the element.

    Examples
    --------
    >>> from corridor.emissions import bundled_factors, chain_from_dict
    >>> doc = chain_from_dict({"cargo": {"containers": [{"type": "20", "count": 10}]},
    ...     "elements": [{"type": "leg", "mode": "sea", "distance_km": 21000,
    ...                   "toc": "sea-container-asia-north-europe"}]})
    >>> round(chain_emissions(doc, bundled_factors()).wtw_kg)  # GLEC3 p.118: 10.48 t
    10479

    """
    if isinstance(chain, ChainDocument):
        chain = chain_from_document(chain)
    if chain.cargo is None:
        raise ChainInputError("cargo: the chain carries no cargo", field="cargo")
    facts = cargo_facts(chain.cargo, factors)
    elements = []
    for i, e in enumerate(chain.elements):
        known = memo.get(e) if memo is not None else None
        if known is None:
            known = (
                _leg_emissions(i, e, facts, factors)
                if isinstance(e, Leg)
                else _hub_emissions(i, e, facts, factors)
            )
            if memo is not None:
                memo[e] = known
        elements.append(known if known.index == i else replace(known, index=i))
    return ChainEmissions(tuple(elements), facts, factors.provenance())
