"""The CIM/SMGS common consignment note drawn as the form: its numbered boxes on one A4 page.

Box numbers and titles follow the common CIM/SMGS consignment note specimen and its
explanatory notes in the CIM/SMGS Consignment Note Manual (GLV-CIM/SMGS), published by
the International Rail Transport Committee (CIT, https://www.cit-rail.org) and the
Organisation for Co-operation between Railways (OSJD, https://www.osjd.org), edition of
1 July 2018. The boxes drawn are those the shipment's data can fill or that a reader looks
for (consignor, consignee, stations, border crossing stations, wagon, goods, mass, place
and date of conclusion of the contract); the others of the specimen (customer codes,
charges, customs and the carriers' own entries) are left out rather than drawn empty. The
railway sections of the planned route are added under the grid, marked as not a box of
the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from corridor.shipments.forms_common import (
    CONTENT_WIDTH_MM,
    DISCLAIMER,
    UNKNOWN,
    Box,
    form_to_pdf,
    format_container,
    format_datetime,
    format_kg,
    format_km,
    format_place,
    format_place_code,
)

_SPECIMEN = (
    "Box numbers and titles after the common CIM/SMGS consignment note specimen, "
    "CIM/SMGS Consignment Note Manual (GLV-CIM/SMGS), CIT and OSJD, edition 1 July 2018."
)


def container_lines(containers: list[Mapping[str, Any]]) -> list[str]:
    """One line per container: its ISO 6346 number, type, TEU and typical tare."""
    return [
        f"{format_container(c['number'])}  container {c['type']}, {c['teu']} TEU, "
        f"tare {format_kg(c['tare_kg'])}"
        for c in containers
    ] or [UNKNOWN]


def mass_lines(mass: Mapping[str, Any]) -> list[str]:
    """Goods, tare and gross mass, each formatted, and the note on where they come from."""
    return [
        f"Goods: {format_kg(mass.get('cargo_kg'))}",
        f"Tare: {format_kg(mass.get('tare_kg'))}",
        f"Gross: {format_kg(mass.get('gross_kg'))}",
        f"({mass['note']})" if mass.get("note") else "",
    ]


def _border_lines(sections: list[Mapping[str, Any]]) -> list[str]:
    """The border stations of all sections once each, in the order of travel, as one run of text."""
    places = {p["node_id"]: format_place(p) for s in sections for p in s["border_stations"]}
    return ["; ".join(places.values()) or UNKNOWN]


def _gauge(gauge_mm: int | None) -> str:
    return UNKNOWN if gauge_mm is None else f"{gauge_mm:,} mm"


def _section_lines(sections: list[Mapping[str, Any]]) -> list[str]:
    return [
        f"{index}. {format_place(s['from'])} to {format_place(s['to'])}: "
        f"{'-'.join(s['countries']) or UNKNOWN}, gauge {_gauge(s.get('gauge_mm'))}, "
        f"{format_km(s.get('distance_km'))}"
        for index, s in enumerate(sections, start=1)
    ]


def cim_smgs_boxes(note: Mapping[str, Any]) -> list[Box]:
    """The boxes of the CIM/SMGS note of a :func:`~corridor.shipments.documents.cim_smgs_note` dict."""
    left, right = 110.0, CONTENT_WIDTH_MM - 110.0
    departure, destination = note["place_of_taking_over"], note["place_of_delivery"]
    sections = note["railway_sections"]
    return [
        Box("1", "Consignor (name, address)", 0, 14, left, 20, (note["sender"]["name"] or UNKNOWN,)),
        Box("8", "Consignor's reference", left, 14, right, 20, (note["shipment_id"],)),
        Box("4", "Consignee (name, address)", 0, 34, left, 20, (note["consignee"]["name"] or UNKNOWN,)),
        Box("9", "Documents attached", left, 34, right, 20),
        Box("10", "Destination station", 0, 54, left, 14, (format_place(destination),)),
        Box("11", "Code for the destination station", left, 54, right, 14, (format_place_code(destination),)),
        Box("12", "Border crossing stations", 0, 68, left, 30, tuple(_border_lines(sections))),
        Box("13", "Commercial specifications", left, 68, right, 30),
        Box("16", "Station of departure", 0, 98, left, 14, (format_place(departure),)),
        Box("17", "Code for the station of departure", left, 98, right, 14, (format_place_code(departure),)),
        Box("18", "Wagon", 0, 112, CONTENT_WIDTH_MM, 11),
        Box("21", "Description of the goods", 0, 123, 140, 48, tuple(container_lines(note["containers"]))),
        Box("24", "Mass (kg)", 140, 123, CONTENT_WIDTH_MM - 140, 48, tuple(mass_lines(note["mass"]))),
        Box(
            None,
            "Railway sections of the planned route (not a box of the form)",
            0,
            171,
            CONTENT_WIDTH_MM,
            60,
            tuple(_section_lines(sections)),
        ),
        Box(
            "29",
            "Place and date of conclusion of the contract of carriage",
            0,
            231,
            left,
            16,
            (f"{format_place(departure)}, {format_datetime(note.get('issued_for'))}",),
        ),
    ]


def cim_smgs_to_pdf(note: Mapping[str, Any], *, title: str) -> bytes:
    """The CIM/SMGS note as a one-page A4 PDF in the layout of the form."""
    heading = [
        "CIM/SMGS consignment note",
        f"Consignment {note['shipment_id']}",
    ]
    footer = [DISCLAIMER.format(generator=note.get("generator", "corridor")), _SPECIMEN]
    return form_to_pdf(cim_smgs_boxes(note), title=title, heading=heading, footer=footer)
