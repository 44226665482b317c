"""Transport documents of a shipment: CIM/SMGS rail note, e-CMR road note, ISO 14083 emissions statement.

Builders are pure: a stored shipment (and the network, for station names and
countries) in, a plain dict out; :func:`document_to_pdf` renders any such dict
as a PDF, the consignment notes in the layout of their forms. Neither touches
the database or the network socket.

The fields follow the CIM/SMGS common consignment note (CIT/OSJD, GLV-CIM/SMGS)
and the e-CMR data model (UN/CEFACT) in their essentials; they are a
structured summary for the parties, not a legally signed electronic note.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from corridor import __version__
from corridor.cargo import CONTAINER_TYPES
from corridor.chain.model import Leg, TransportChain
from corridor.emissions import FactorDataset, chain_emissions
from corridor.emissions.results import ChainEmissions
from corridor.errors import DocumentError
from corridor.network.model import Network
from corridor.optional import import_optional
from corridor.shipments import forms_cim, forms_cmr
from corridor.shipments.booked import shipment_chain
from corridor.shipments.models import Shipment

BORDER_KINDS = frozenset({"border", "gauge_change"})
#: The ``document`` field of each consignment note, which also picks its PDF layout.
CIM_SMGS = "CIM/SMGS common consignment note"
ECMR = "e-CMR consignment note"


def _place(network: Network, node_id: str | None) -> dict[str, Any]:
    node = network.nodes.get(node_id) if node_id is not None else None
    if node is None:
        return {"node_id": node_id, "name": node_id, "country": None, "locode": None}
    return {"node_id": node_id, "name": node.name, "country": node.country, "locode": node.locode}


def _legs(chain: TransportChain, modes: frozenset[str]) -> list[tuple[int, Leg]]:
    return [(i, e) for i, e in enumerate(chain.elements) if isinstance(e, Leg) and e.mode in modes]


def _leg_nodes(leg: Leg) -> list[str]:
    nodes: list[str | None] = [*leg.node_ids] or [leg.from_node, leg.to_node]
    return [n for n in nodes if n is not None]


def border_stations(network: Network, leg: Leg) -> list[str]:
    """Stations of a leg that are border or gauge-change points, or where the country changes."""
    nodes = _leg_nodes(leg)
    out: list[str] = []
    for index, node_id in enumerate(nodes):
        node = network.nodes.get(node_id)
        if node is None:
            continue
        neighbours = [network.nodes.get(n) for n in nodes[max(index - 1, 0) : index + 2] if n != node_id]
        crossing = any(other is not None and other.country != node.country for other in neighbours)
        if (node.kind in BORDER_KINDS or crossing) and node_id not in out:
            out.append(node_id)
    return out


def _containers(shipment: Shipment) -> list[dict[str, Any]]:
    return [
        {
            "number": box["number"],
            "type": box["type"],
            "teu": CONTAINER_TYPES[box["type"]].teu,
            "tare_kg": round(CONTAINER_TYPES[box["type"]].tare_t * 1000),
        }
        for box in shipment.containers
    ]


def _mass(shipment: Shipment, chain: TransportChain) -> dict[str, Any]:
    tare = sum(round(CONTAINER_TYPES[box["type"]].tare_t * 1000) for box in shipment.containers)
    cargo_t = chain.cargo.mass_t if chain.cargo is not None else None
    cargo_kg = None if cargo_t is None else round(float(cargo_t) * 1000.0)
    return {
        "tare_kg": tare,
        "cargo_kg": cargo_kg,
        "gross_kg": None if cargo_kg is None else tare + cargo_kg,
        "note": "tare: typical mass per container type" + ("" if cargo_kg else "; cargo mass not declared"),
    }


def _header(shipment: Shipment, document: str) -> dict[str, Any]:
    return {
        "document": document,
        "shipment_id": shipment.id,
        "issued_for": shipment.created_at.isoformat(),
        "sender": {"name": shipment.shipper_name},
        "consignee": {"name": shipment.consignee_name},
    }


def cim_smgs_note(shipment: Shipment, network: Network) -> dict[str, Any]:
    """The CIM/SMGS common consignment note of the shipment's rail legs.

    One railway section per rail leg, with its countries, track gauge and
    border stations; the declared route lists the stations of all rail legs.

    Raises
    ------
    DocumentError
        The chain has no rail leg.

    """
    chain = shipment_chain(shipment)
    legs = _legs(chain, frozenset({"rail"}))
    if not legs:
        raise DocumentError("the shipment's chain has no rail leg: a CIM/SMGS note covers rail carriage only")
    sections = [
        {
            "element_index": index,
            "from": _place(network, leg.from_node),
            "to": _place(network, leg.to_node),
            "countries": list(leg.countries),
            "gauge_mm": leg.gauge_mm,
            "distance_km": leg.distance_km,
            "border_stations": [_place(network, n) for n in border_stations(network, leg)],
        }
        for index, leg in legs
    ]
    route: list[str] = []
    for _, leg in legs:
        route.extend(n for n in _leg_nodes(leg) if not route or route[-1] != n)
    return {
        **_header(shipment, CIM_SMGS),
        "place_of_taking_over": sections[0]["from"],
        "place_of_delivery": sections[-1]["to"],
        "railway_sections": sections,
        "containers": _containers(shipment),
        "mass": _mass(shipment, chain),
        "declared_route": [_place(network, n)["name"] for n in route],
        "generator": f"corridor {__version__}",
    }


def _on_truck(leg: Leg) -> bool:
    """A road leg, or a Ro-Ro ferry carrying the truck (CMR Article 2: the road contract covers it)."""
    return leg.mode == "road" or (leg.road_unit is not None and leg.mode == "ferry")


def _tir_lines(tir: Mapping[str, str] | None) -> dict[str, Any]:
    if not tir:
        return {"documents_attached": [], "customs": []}
    attached = []
    if tir.get("carnet_number"):
        attached.append(f"TIR Carnet No. {tir['carnet_number']}")
    if tir.get("guarantee_reference"):
        attached.append(f"eTIR guarantee reference {tir['guarantee_reference']}")
    holder = " ".join(x for x in (tir.get("holder_id"), tir.get("holder_name")) if x)
    customs = [
        f"TIR holder: {holder}",
        f"Customs office of departure: {tir.get('office_of_departure')}",
        f"Customs office of destination: {tir.get('office_of_destination')}",
    ]
    return {"documents_attached": attached, "customs": customs}


def ecmr_note(shipment: Shipment, network: Network, *, carrier: str | None = None) -> dict[str, Any]:
    """The e-CMR road consignment note of the shipment's road legs.

    Road stages are the chain's road legs and the Ro-Ro ferries that carry its
    trucks (the goods stay on the vehicle: CMR Article 2). The TIR/eTIR
    particulars of the shipment, if any, fill the documents attached and the
    sender's customs instructions.

    Raises
    ------
    DocumentError
        The chain has no road leg.

    """
    chain = shipment_chain(shipment)
    legs = [(i, e) for i, e in enumerate(chain.elements) if isinstance(e, Leg) and _on_truck(e)]
    if not any(leg.mode == "road" for _, leg in legs):
        raise DocumentError("the shipment's chain has no road leg: an e-CMR covers road carriage only")
    stages = [
        {
            "element_index": index,
            "from": _place(network, leg.from_node),
            "to": _place(network, leg.to_node),
            "mode": "road" if leg.mode == "road" else "ro-ro ferry",
            "road_unit": leg.road_unit or "container-on-chassis",
            "countries": list(leg.countries),
            "distance_km": leg.distance_km,
        }
        for index, leg in legs
    ]
    return {
        **_header(shipment, ECMR),
        "carrier": {"name": carrier},
        "place_of_taking_over": stages[0]["from"],
        "place_of_delivery": stages[-1]["to"],
        "road_stages": stages,
        "goods": _containers(shipment),
        "mass": _mass(shipment, chain),
        "tir": dict(shipment.tir) if shipment.tir else None,
        **_tir_lines(shipment.tir),
        "generator": f"corridor {__version__}",
    }


def shipment_emissions(shipment: Shipment, factors: FactorDataset) -> ChainEmissions:
    """ISO 14083 emissions of the shipment's stored chain, carrying exactly the shipment's containers."""
    return chain_emissions(shipment_chain(shipment), factors)


def emissions_statement(shipment: Shipment, factors: FactorDataset) -> dict[str, Any]:
    """The emissions statement of a shipment: its id, route ends and :func:`shipment_emissions` as a dict."""
    return {
        "document": "ISO 14083 emissions statement",
        "shipment_id": shipment.id,
        "origin": shipment.origin,
        "destination": shipment.destination,
        "containers": [box["number"] for box in shipment.containers],
        "emissions": shipment_emissions(shipment, factors).to_dict(),
    }


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, Mapping):
        if "name" in value:
            keys = ("node_id", "country")
            extra = [str(value[k]) for k in keys if value.get(k) and value[k] != value["name"]]
            return str(value["name"]) + (f" ({', '.join(extra)})" if extra else "")
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def document_to_pdf(document: Mapping[str, Any], *, title: str) -> bytes:
    """Render a document dict as a PDF.

    The CIM/SMGS note (:func:`cim_smgs_note`) and the e-CMR (:func:`ecmr_note`) are drawn in
    the layout of their forms, numbered boxes on one A4 page
    (:mod:`corridor.shipments.forms_cim`, :mod:`corridor.shipments.forms_cmr`); any other
    document dict as its fields in a table, each list of records as a table of its own.
    """
    if document.get("document") == CIM_SMGS:
        return forms_cim.cim_smgs_to_pdf(document, title=title)
    if document.get("document") == ECMR:
        return forms_cmr.cmr_to_pdf(document, title=title)
    return _table_pdf(document, title=title)


def _table_pdf(document: Mapping[str, Any], *, title: str) -> bytes:
    import_optional("reportlab", "pdf")  # a clear error if corridor[pdf] is not installed
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
        ]
    )

    def cell(value: Any) -> Paragraph:
        return Paragraph(escape(_text(value)), small)

    story: list[Any] = [Paragraph(escape(title), styles["Title"])]
    fields = [
        [cell(_label(k)), cell(v)]
        for k, v in document.items()
        if not (isinstance(v, list) and v and isinstance(v[0], Mapping))
    ]
    story.append(Table(fields, colWidths=[45 * mm, 125 * mm], style=grid))
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            columns = list(value[0])
            rows = [[cell(_label(c)) for c in columns], *([cell(r.get(c)) for c in columns] for r in value)]
            header = TableStyle([*grid.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)])
            story += [Spacer(1, 4 * mm), Paragraph(escape(_label(key)), styles["Heading3"])]
            story.append(Table(rows, colWidths=[170 * mm / len(columns)] * len(columns), style=header))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="Corridor", invariant=1, pageCompression=0
    ).build(story)
    return buffer.getvalue()
