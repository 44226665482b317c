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
from typing import TYPE_CHECKING, Any

from corridor.cargo import CONTAINER_TYPES, FLAT_CAR_TARE_T, TANK_CAR_PAYLOAD_T, TANK_CAR_TARE_T, Cargo
from corridor.chain.model import Leg, LegSegment, TransportChain
from corridor.emissions.energy import Energy, energy_mj, primary_energy, with_user_fuels
from corridor.emissions.factors import FactorDataset, Toc
from corridor.emissions.hub_elements import hub_element_emissions
from corridor.emissions.hub_elements import hub_emissions_kg as hub_emissions_kg
from corridor.emissions.results import CargoFacts, ChainEmissions, ElementEmissions
from corridor.emissions.shared import operation_totals, shared_element_emissions
from corridor.errors import ChainInputError

if TYPE_CHECKING:
    from corridor.chain.document import ChainDocument

#: GLEC3 p.21/p.153 and ISO 14083: average cargo mass per TEU when only TEU are known.
DEFAULT_T_PER_TEU = 10.0
RAIL_DIESEL = "rail-container-diesel"
RAIL_ELECTRIC = "rail-container-electric"
#: Rail categories by cargo form (electric, diesel): tank cars and hoppers take GLEC's rows for their
#: load (m-rail-bulk-factor); a factor set without them falls back to the container train's.
RAIL_BY_FORM = {
    "container": (RAIL_ELECTRIC, RAIL_DIESEL),
    "liquid_bulk": ("rail-liquid-bulk-electric", "rail-liquid-bulk-diesel"),
    "dry_bulk": ("rail-dry-bulk-electric", "rail-dry-bulk-diesel"),
}
DEFAULT_TOC = {
    "sea": "sea-container-industry-average",
    "ferry": "ferry-ropax-10-20k-gt-mdo",
    "iww": "iww-container-110m",
    # bulk modes (issue 13): a leg without its own category takes the one the bundled bulk links use
    "tanker": "tanker-liquids-gt1k-vlsfo",
    "pipeline": "pipeline-crude-electric",
    "bulk_carrier": "bulk-carrier-35-60k-dwt-hfo",
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
    vehicle_tare: float | None = None
    if cargo.form == "liquid_bulk":  # in tank cars where a ferry carries it (per gross tonne-km)
        vehicle_tare = mass / TANK_CAR_PAYLOAD_T * TANK_CAR_TARE_T
    return CargoFacts(
        mass,
        teu,
        boxes,
        reefer_boxes / boxes if boxes else 0.0,
        gross,
        tuple(notes),
        container_tare_t=tare,
        vehicle_tare_t=vehicle_tare,
        form=cargo.form,
    )


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
    load_factor: float | None = None
    empty_running: float | None = None


def _per_unit(toc: Toc, facts: CargoFacts, distance_km: float, where: str) -> tuple[float, str, list[str]]:
    notes: list[str] = []
    if toc.activity_unit == "TEUkm":
        return facts.teu * distance_km, "TEUkm", notes
    if toc.mass_basis == "gross":
        if facts.vehicle_tare_t is not None:
            gross = facts.mass_t + facts.container_tare_t + facts.vehicle_tare_t
            notes.append(
                f"reallocated from {gross:.1f} t gross (cargo + containers + the vehicles' "
                f"{facts.vehicle_tare_t:g} t tare as given), GLEC3 p.95"
            )
            return gross * distance_km, "gross tkm", notes
        if facts.gross_t_per_box_mix is None:
            raise ChainInputError(
                f"{where}: {toc.toc_id} is per gross tonne-km; give container types so the gross mass "
                "(cargo + container + wagon) can be reallocated to the cargo, or ferry_load.vehicle_tare_t"
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
            activity,
            unit,
            wtt,
            0.0,
            toc.data_category,
            toc.toc_id,
            ("electricity",),
            tuple(notes),
            kwh,
            toc.load_factor,
            toc.empty_running,
        )
    wtt_g, ttw_g = toc.wtt_g or 0.0, toc.ttw_g or 0.0
    if facts.reefer_share > 0:
        # only container ships (per TEU-km) fall back on GLEC's industry-average reefer row
        per_teu = toc.activity_unit == "TEUkm"
        fallback = factors.tocs.get("sea-container-industry-average") if per_teu else None
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
        load_factor=toc.load_factor,
        empty_running=toc.empty_running,
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
        electric_id, diesel_id = RAIL_BY_FORM.get(facts.form, RAIL_BY_FORM["container"])
        if electric_id not in factors.tocs or diesel_id not in factors.tocs:
            electric_id, diesel_id = RAIL_ELECTRIC, RAIL_DIESEL
        if share > 0:
            electric = factors.toc(electric_id, where=where)
            parts.append(
                _toc_part(electric, facts, segment.distance_km, segment.countries, factors, where, share)
            )
        if share < 1:
            diesel = factors.toc(diesel_id, where=where)
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
            load_factor=part.load_factor,
            empty_running=part.empty_running,
        )
    return [part]


def _leg_emissions(
    index: int, leg: Leg, facts: CargoFacts, factors: FactorDataset, gwp: str
) -> ElementEmissions:
    where = f"elements[{index}]"
    segments = leg.segments or (
        LegSegment(None, leg.distance_km, leg.countries, leg.electric_share, leg.toc),
    )
    distance = sum(s.distance_km for s in segments)
    if leg.daf is not None:
        daf = leg.daf
        segments = tuple(replace(s, distance_km=s.distance_km * daf) for s in segments)
    daf_note = (f"distance adjustment factor {leg.daf:g} applied to the activity",) if leg.daf else ()
    if leg.ferry_load is not None and leg.ferry_load.vehicle_tare_t is not None:
        facts = replace(facts, vehicle_tare_t=leg.ferry_load.vehicle_tare_t)
    if leg.intensity is not None or leg.primary is not None:
        if leg.intensity is not None:
            amount = facts.teu if leg.intensity.unit == "TEUkm" else facts.mass_t
            activity = amount * distance * (leg.daf or 1.0)
            given = leg.intensity
            wtw_kg = activity * given.wtw_g / 1000.0
            split = given.ttw_g is not None
            ttw = activity * (given.ttw_g or 0.0) / 1000.0
            wtt = wtw_kg - ttw
            category = given.data_category or "primary"
            notes = [f"carrier intensity {given.wtw_g:g} g WTW per {given.unit}, {category} data"]
            if given.data_category is None:
                notes.append("data category not stated: taken as primary (the carrier's own figure)")
            if not split:
                notes.append("WTW-only intensity: not split into WTT and TTW")
            unit: str = leg.intensity.unit
            energy = Energy(wtt, ttw, notes, (), 0.0, 0.0)
            if given.fuel is not None:
                factors.fuel(given.fuel, where=f"{where}.intensity.fuel")  # a known fuel, or a clear error
        else:
            assert leg.primary is not None  # one of the two, by the branch condition
            energy = primary_energy(leg.primary, factors, where, gwp)
            wtt, ttw, notes = energy.wtt_kg, energy.ttw_kg, energy.notes
            activity, unit = facts.mass_t * distance * (leg.daf or 1.0), "tkm"
        unsplit = leg.intensity is not None and leg.intensity.ttw_g is None
        return ElementEmissions(
            index,
            "leg",
            leg.mode,
            "primary",
            activity,
            unit,
            distance,
            None if unsplit else wtt,
            None if unsplit else ttw,
            wtt + ttw,
            (leg.intensity.data_category or "primary") if leg.intensity is not None else "primary",
            (leg.intensity.fuel,) if leg.intensity is not None and leg.intensity.fuel else energy.carriers,
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
    fuel_kg: dict[str, float] = {}
    for p in parts:  # fuel modelled back from the TTW: TTW / the fuel's TTW factor (GLEC3 p.92 method)
        fuel = factors.fuels.get(p.carriers[0]) if not p.electricity_kwh and p.carriers else None
        if fuel is not None and fuel.ttw_kg_per_kg > 0 and p.ttw_kg > 0:
            fuel_kg[fuel.fuel] = fuel_kg.get(fuel.fuel, 0.0) + p.ttw_kg / fuel.ttw_kg_per_kg
    factors_lf = {(p.load_factor, p.empty_running) for p in parts}
    load_factor, empty_running = factors_lf.pop() if len(factors_lf) == 1 else (None, None)
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
        fuels_kg=tuple(sorted(fuel_kg.items())),
        load_factor=load_factor,
        empty_running=empty_running,
    )


def chain_emissions(
    chain: TransportChain | ChainDocument,
    factors: FactorDataset,
    *,
    memo: dict[Any, Any] | None = None,
) -> ChainEmissions:
    """Emissions of every element of ``chain`` (typed, or a chain document) and in total.

    ``memo`` lets a caller that computes many chains for one cargo and one
    factor dataset (the options of a route) reuse the figures of elements
    it has already seen: they depend on the element's value alone (keys are
    elements, and ``(index, element)`` and ``(index, id(element))`` for an
    element at its place).

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
    if not isinstance(chain, TransportChain):  # a chain document (pydantic: imported by whoever made it)
        from corridor.chain.convert import chain_from_document

        chain = chain_from_document(chain)
    if chain.cargo is None:
        raise ChainInputError("cargo: the chain carries no cargo", field="cargo")
    if chain.fuels:
        factors = with_user_fuels(factors, chain.fuels)
        memo = None  # the chain's own fuels: its elements' figures are its own
    gwp = chain.gwp or factors.gwp
    facts = cargo_facts(chain.cargo, factors)
    # always: it also refuses an element naming an operation the chain does not have
    totals = operation_totals(chain, facts)
    operations = {op.id: op for op in chain.operations}
    energies: dict[str, Energy] = {}
    elements = []
    for i, e in enumerate(chain.elements):
        if e.operation is not None:
            shared = shared_element_emissions(i, e, facts, factors, operations, totals, energies, gwp)
            elements.append(replace(shared, energy_mj=energy_mj(shared, factors)))
            continue
        # A leg with a ferry load (its vehicles, a list) cannot key the memo: computed each time.
        keyed = memo is not None and not (isinstance(e, Leg) and e.ferry_load is not None)
        if memo is not None and keyed:
            # by identity first (a route's options share element objects: no deep hash), then by value
            seen = memo.get((i, id(e)))
            if seen is not None and seen[0] is e:  # the entry holds e: its id is not reused meanwhile
                elements.append(seen[1])
                continue
            placed = memo.get((i, e))
            if placed is not None:
                memo[(i, id(e))] = (e, placed)
                elements.append(placed)
                continue
        known = memo.get(e) if memo is not None and keyed else None
        if known is None:
            known = (
                _leg_emissions(i, e, facts, factors, gwp)
                if isinstance(e, Leg)
                else hub_element_emissions(i, e, facts, factors, gwp)
            )
            known = replace(known, energy_mj=energy_mj(known, factors))
            if memo is not None and keyed:
                memo[e] = known
        placed = known if known.index == i else replace(known, index=i)
        if memo is not None and keyed:
            memo[(i, e)] = placed
            memo[(i, id(e))] = (e, placed)
        elements.append(placed)
    provenance = factors.provenance()
    if chain.gwp is not None or any("leaked x GWP100" in n for e in elements for n in e.notes):
        provenance["gwp_refrigerants"] = gwp
    return ChainEmissions(tuple(elements), facts, provenance)
