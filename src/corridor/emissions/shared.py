"""Chain elements that take a share of an operation carrying several consignments.

A leg may be one consignment's part of a vehicle trip, tour, voyage or
charter; a hub one consignment's part of a hub's operation over a period.
The chain document then names the operation (``elements[i].operation``) and
describes it once in ``operations``: its emissions (measured energy, empty
and ballast running included, or reported totals) and its whole activity.
The element's emissions are the operation's times the element's share of
the allocation key (ISO 14083 clause 5.4, GLEC Framework v3 p.30):

    share = this consignment's activity / the operation's activity

with activity in tonne-km over each consignment's own shortest feasible
distance by default (TEU-km where the chain says so), outbound tonnes,
containers or TEU at hubs (GLEC3 p.41). The chain's legs use their planned
distance times their DAF, as every other leg; the operation's other
consignments their ``sfd_km``. When a chain passes one operation more than
once, its shares add up; they never exceed the whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from corridor.chain.model import Element, Hub, Leg, TransportChain
from corridor.emissions.energy import Energy, primary_energy
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import CargoFacts, ElementEmissions
from corridor.errors import ChainInputError

if TYPE_CHECKING:
    from corridor.chain.document import Operation

#: Relative slack when comparing this chain's activity with an operation's stated total.
_TOLERANCE = 1e-9


def element_activity(element: Element, op: Operation, facts: CargoFacts) -> float:
    """The chain's activity on ``element`` in the operation's allocation key."""
    key = op.key
    if isinstance(element, Leg):
        if key in ("peq", "lane_m"):
            load = element.ferry_load
            amount = 0.0 if load is None else load.peq if key == "peq" else load.lane_m or 0.0
        else:
            amount = facts.teu if key == "TEUkm" else facts.mass_t
        return amount * element.distance_km * (element.daf or 1.0)
    return {"t": facts.mass_t, "container": facts.boxes, "TEU": facts.teu}[key]


def operation_totals(chain: TransportChain, facts: CargoFacts) -> dict[str, float]:
    """Each referenced operation's whole activity in its key.

    Raises
    ------
    ChainInputError
        An element names an unknown operation, or the chain's activity
        exceeds an operation's ``total_activity``.

    """
    known = {op.id: op for op in chain.operations}
    ours: dict[str, float] = {}
    for index, element in enumerate(chain.elements):
        if element.operation is None:
            continue
        op = known.get(element.operation)
        if op is None:
            raise ChainInputError(
                f"elements[{index}].operation: no operation with id {element.operation!r}",
                field=f"elements[{index}].operation",
            )
        ours[op.id] = ours.get(op.id, 0.0) + element_activity(element, op, facts)
    totals: dict[str, float] = {}
    for number, op in enumerate(chain.operations):
        mine = ours.get(op.id, 0.0)
        if op.total_activity is not None:
            if mine > op.total_activity * (1 + _TOLERANCE):
                raise ChainInputError(
                    f"operations[{number}] ({op.id}): total_activity {op.total_activity:g} {op.key} is less "
                    f"than this chain's own {mine:g} {op.key}",
                    field=f"operations[{number}].total_activity",
                )
            totals[op.id] = op.total_activity
        else:
            totals[op.id] = mine + op.others_activity()
        if op.id in ours and totals[op.id] <= 0:
            raise ChainInputError(
                f"operations[{number}] ({op.id}): no {op.key} to allocate by",
                field=f"operations[{number}]",
            )
    return totals


def _operation_energy(op: Operation, factors: FactorDataset, gwp: str) -> Energy:
    where = f"operation {op.id!r}"
    if op.primary is not None:
        return primary_energy(op.primary, factors, where, gwp)
    assert op.totals is not None  # one of the two, by the document's validation
    ttw = op.totals.ttw_kg
    wtt = op.totals.wtw_kg - ttw if ttw is not None else op.totals.wtw_kg
    return Energy(wtt, ttw or 0.0, [f"{op.totals.wtw_kg:,.1f} kg CO2e WTW reported"], (), 0.0, 0.0)


def shared_element_emissions(
    index: int,
    element: Element,
    facts: CargoFacts,
    factors: FactorDataset,
    operations: Mapping[str, Operation],
    totals: Mapping[str, float],
    energies: dict[str, Energy],
    gwp: str = "AR6",
) -> ElementEmissions:
    """The element's share of its operation's emissions (``energies`` caches each operation's)."""
    assert element.operation is not None
    op = operations[element.operation]
    energy = energies.get(op.id)
    if energy is None:
        energy = energies[op.id] = _operation_energy(op, factors, gwp)
    activity = element_activity(element, op, facts)
    total = totals[op.id]
    share = activity / total
    unsplit = op.totals is not None and op.totals.ttw_kg is None
    wtw = (energy.wtt_kg + energy.ttw_kg) * share
    ttw = None if unsplit else energy.ttw_kg * share
    wtt = None if ttw is None else wtw - ttw
    category = "primary" if op.totals is None else op.totals.data_category
    notes = (
        f"{share:.4%} of operation {op.id}: {activity:,.1f} of {total:,.1f} {op.key} "
        "(allocated by the operation's key, ISO 14083 5.4 / GLEC3 p.30)",
        *energy.notes,
    )
    if isinstance(element, Leg) and element.daf:
        notes = (*notes, f"distance adjustment factor {element.daf:g} applied to the activity")
    return ElementEmissions(
        index,
        "leg" if isinstance(element, Leg) else "hub",
        element.mode if isinstance(element, Leg) else None,
        f"operation-{op.id}",
        activity,
        {"peq": "peq km", "lane_m": "lane-metre km"}.get(op.key, op.key),
        element.distance_km if isinstance(element, Leg) else 0.0,
        wtt,
        ttw,
        wtw,
        category,
        energy.carriers,
        notes,
        element.node_id if isinstance(element, Hub) else None,
        electricity_kwh=energy.electricity_kwh * share,
        electricity_kg=energy.electricity_kg * share,
        daf=(element.daf or 1.0) if isinstance(element, Leg) else 1.0,
        fuels_kg=tuple((name, kg * share) for name, kg in energy.fuels_kg),
        operation_id=op.id,
        allocation_share=share,
    )


__all__ = ["element_activity", "operation_totals", "shared_element_emissions"]
