"""The chain document (JSON, :mod:`corridor.chain.document`) to the typed chain and back.

``chain_to_dict`` writes exactly what ``corridor route --format json`` has
always written for a chain, so planned chains can be fed back unchanged.
"""

from __future__ import annotations

from typing import Any

from corridor.cargo import Cargo
from corridor.chain import document as doc
from corridor.chain.model import Element, Hub, Leg, LegSegment, TransportChain
from corridor.distributions import Distribution, distribution_from_dict
from corridor.errors import ChainInputError


def cargo_from_document(cargo: doc.Cargo) -> Cargo:
    """The typed cargo of a chain document's ``cargo``."""
    containers = tuple((c.type, c.count) for c in cargo.containers)
    return Cargo(
        containers=containers,
        mass_t=cargo.mass_t,
        declared_teu=None if containers else cargo.teu,
    )


def cargo_to_dict(cargo: Cargo) -> dict[str, Any]:
    """The cargo in the chain document's form (what is not known is left out)."""
    data: dict[str, Any] = {"containers": [{"type": k, "count": n} for k, n in cargo.containers]}
    if cargo.mass_t is not None:
        data["mass_t"] = cargo.mass_t
    if not cargo.containers and cargo.declared_teu is not None:
        data["teu"] = cargo.declared_teu
    return data


def _durations(items: list[dict[str, Any]] | None, where: str) -> tuple[Distribution, ...]:
    out = []
    for i, item in enumerate(items or []):
        try:
            out.append(distribution_from_dict(item))
        except ValueError as err:
            raise ChainInputError(f"{where}.duration_h[{i}]: {err}", field=f"{where}.duration_h") from err
    return tuple(out)


def _leg(leg: doc.Leg, where: str) -> Leg:
    segments = tuple(
        LegSegment(s.link_id, s.distance_km, tuple(s.countries), s.electric_share, s.toc)
        for s in leg.segments or []
    )
    distance = leg.distance_km if leg.distance_km is not None else sum(s.distance_km for s in segments)
    return Leg(
        mode=leg.mode,
        distance_km=distance,
        from_node=leg.from_node,
        to_node=leg.to_node,
        link_ids=tuple(leg.link_ids or ()),
        node_ids=tuple(leg.node_ids or ()),
        cost_usd=leg.cost_usd or 0.0,
        duration_h=_durations(leg.duration_h, where),
        countries=tuple(leg.countries),
        gauge_mm=leg.gauge_mm,
        electric_share=leg.electric_share,
        service_ids=tuple(leg.service_ids or ()),
        segments=segments,
        toc=leg.toc,
        intensity=leg.intensity,
        primary=leg.primary,
        daf=leg.daf,
        operation=leg.operation,
        ferry_load=leg.ferry_load,
        road_unit=leg.road_unit,
    )


def _hub(hub: doc.Hub, where: str) -> Hub:
    return Hub(
        node_id=hub.node_id,
        kind=hub.kind,
        activities=tuple(hub.activities or ()),
        cost_usd=hub.cost_usd or 0.0,
        duration_h=_durations(hub.duration_h, where),
        country=hub.country,
        hoc=hub.hoc,
        primary=hub.primary,
        operation=hub.operation,
        intensity=hub.intensity,
        ancillary=tuple(hub.ancillary),
    )


def chain_from_document(document: doc.ChainDocument) -> TransportChain:
    """The typed chain of a validated chain document.

    Raises
    ------
    ChainInputError
        A duration distribution is malformed; the message names the element.

    """
    elements: list[Element] = []
    for index, element in enumerate(document.elements):
        where = f"elements[{index}]"
        elements.append(_leg(element, where) if isinstance(element, doc.Leg) else _hub(element, where))
    return TransportChain(
        document.origin,
        document.destination,
        tuple(elements),
        cargo=cargo_from_document(document.cargo),
        operations=tuple(document.operations),
        fuels=tuple(document.fuels),
        gwp=document.gwp,
    )


def chain_from_json_data(data: Any, *, source: str = "chain") -> TransportChain:
    """The typed chain of chain-document data (validated first; errors name element and field)."""
    return chain_from_document(doc.chain_from_dict(data, source=source))


def chain_to_dict(chain: TransportChain, cargo: Cargo | None = None) -> dict[str, Any]:
    """The chain as plain data in the chain document's form (``cargo`` overrides the chain's)."""
    carried = cargo or chain.cargo
    if carried is None:
        raise ChainInputError("the chain carries no cargo: give one", field="cargo")
    data: dict[str, Any] = {
        "origin": chain.origin,
        "destination": chain.destination,
        "cargo": cargo_to_dict(carried),
        "elements": [e.to_dict() for e in chain.elements],
    }
    if chain.operations:
        data["operations"] = [op.model_dump(mode="json", exclude_none=True) for op in chain.operations]
    if chain.fuels:
        data["fuels"] = [fuel.model_dump(mode="json", exclude_none=True) for fuel in chain.fuels]
    if chain.gwp is not None:
        data["gwp"] = chain.gwp
    return data


def chain_to_document(chain: TransportChain, cargo: Cargo | None = None) -> doc.ChainDocument:
    """The chain as a validated chain document."""
    return doc.chain_from_dict(chain_to_dict(chain, cargo), source="chain")


__all__ = [
    "cargo_from_document",
    "cargo_to_dict",
    "chain_from_document",
    "chain_from_json_data",
    "chain_to_dict",
    "chain_to_document",
]
