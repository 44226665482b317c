"""Emissions of a hub element: a hub operator's measured energy or intensity, or a GLEC hub category.

A hub's activity is its outbound throughput: tonnes, or containers for a
maritime container terminal (GLEC3 pp.23, 41, Table 3 p.87). Ancillary
activities performed for this consignment alone (tank cleaning, extra
reefer monitoring, fumigation) are added to the hub element's emissions
from their own energy or figure.
"""

from __future__ import annotations

from dataclasses import replace

from corridor.chain.model import Hub
from corridor.emissions.energy import primary_energy
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import CargoFacts, ElementEmissions


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


def _intensity_element(index: int, hub: Hub, facts: CargoFacts) -> ElementEmissions:
    """A hub operator's own intensity, mixed by the cargo's reefer share."""
    given = hub.intensity
    assert given is not None
    amount = {"t": facts.mass_t, "container": facts.boxes, "TEU": facts.teu}[given.unit]
    r = facts.reefer_share
    notes = [f"operator's intensity {given.wtw_kg:g} kg WTW per {given.unit}"]
    if given.data_category is None:
        notes.append("data category not stated: taken as primary (the operator's own figure)")
    reefer_wtw = given.reefer_wtw_kg
    if r > 0 and reefer_wtw is None:
        notes.append("no temperature-controlled intensity given: ambient value used for reefers")
    wtw = amount * ((1 - r) * given.wtw_kg + r * (given.wtw_kg if reefer_wtw is None else reefer_wtw))
    ttw: float | None = None
    if given.ttw_kg is not None:
        reefer_ttw = given.reefer_ttw_kg if given.reefer_ttw_kg is not None else given.ttw_kg
        ttw = amount * ((1 - r) * given.ttw_kg + r * reefer_ttw)
    return ElementEmissions(
        index,
        "hub",
        None,
        given.hoc_id or "operator-intensity",
        amount,
        given.unit,
        0.0,
        None if ttw is None else wtw - ttw,
        ttw,
        wtw,
        given.data_category or "primary",
        (),
        tuple(notes),
        hub.node_id,
    )


def _base_element(
    index: int, hub: Hub, facts: CargoFacts, factors: FactorDataset, gwp: str
) -> ElementEmissions:
    where = f"elements[{index}]"
    if hub.primary is not None:
        energy = primary_energy(hub.primary, factors, where, gwp)
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
    if hub.intensity is not None:
        return _intensity_element(index, hub, facts)
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


def hub_element_emissions(
    index: int, hub: Hub, facts: CargoFacts, factors: FactorDataset, gwp: str = "AR6"
) -> ElementEmissions:
    """Emissions of a hub element, its ancillary activities for this consignment included."""
    base = _base_element(index, hub, facts, factors, gwp)
    if not hub.ancillary:
        return base
    wtw, wtt, ttw = base.wtw_kg, base.wtt_kg, base.ttw_kg
    notes = list(base.notes)
    carriers = list(base.energy_carriers)
    fuels = list(base.fuels_kg)
    kwh, electric_kg = base.electricity_kwh, base.electricity_kg
    for number, extra in enumerate(hub.ancillary):
        where = f"elements[{index}].ancillary[{number}]"
        add_wtt: float | None
        add_ttw: float | None
        if extra.primary is not None:
            energy = primary_energy(extra.primary, factors, where, gwp)
            add_wtt, add_ttw = energy.wtt_kg, energy.ttw_kg
            add_wtw = energy.wtt_kg + energy.ttw_kg
            carriers.extend(c for c in energy.carriers if c not in carriers)
            fuels.extend(energy.fuels_kg)
            kwh += energy.electricity_kwh
            electric_kg += energy.electricity_kg
        else:
            add_wtw = extra.wtw_kg or 0.0
            add_ttw = extra.ttw_kg
            add_wtt = None if add_ttw is None else add_wtw - add_ttw
        wtw += add_wtw
        if ttw is not None and wtt is not None and add_ttw is not None and add_wtt is not None:
            wtt, ttw = wtt + add_wtt, ttw + add_ttw
        else:
            wtt = ttw = None
        notes.append(f"ancillary {extra.activity}: {add_wtw:,.1f} kg CO2e WTW, this consignment's alone")
    return replace(
        base,
        wtw_kg=wtw,
        wtt_kg=wtt,
        ttw_kg=ttw,
        notes=tuple(notes),
        energy_carriers=tuple(carriers),
        fuels_kg=tuple(fuels),
        electricity_kwh=kwh,
        electricity_kg=electric_kg,
    )


__all__ = ["hub_element_emissions", "hub_emissions_kg"]
