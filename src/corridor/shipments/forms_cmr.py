"""The CMR consignment note drawn as the form: its 24 numbered boxes on one A4 page.

The particulars are those of Article 6 of the Convention on the Contract for the
International Carriage of Goods by Road (CMR), Geneva, 19 May 1956 (United Nations,
Treaty Series vol. 399, https://unece.org/DAM/trans/conventn/cmr_e.pdf); the numbering
and titles of the boxes are those of the IRU model CMR consignment note (International
Road Transport Union, 2007 model), which most printed and electronic notes (e-CMR, under
the 2008 Additional Protocol) follow. Road stages of the planned route are added under
the grid, marked as not a box of the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from corridor.shipments.forms_cim import mass_lines
from corridor.shipments.forms_common import (
    CONTENT_WIDTH_MM,
    DISCLAIMER,
    UNKNOWN,
    Box,
    form_to_pdf,
    format_container,
    format_datetime,
    format_km,
    format_place,
)

_SPECIMEN = (
    "Box numbers and titles after the IRU model CMR consignment note (2007); particulars of "
    "Article 6 of the CMR Convention (Geneva, 1956) and its Additional Protocol on the electronic "
    "consignment note (2008)."
)


def _goods_boxes(
    goods: list[Mapping[str, Any]], mass: Mapping[str, Any], y: float, height: float
) -> list[Box]:
    columns = (
        ("6", "Marks and numbers", 38, [format_container(g["number"]) for g in goods]),
        ("7", "Number of packages", 20, ["1" for _ in goods]),
        (
            "8",
            "Method of packing",
            34,
            [f"container {g['type']} ({g['teu']} TEU) on a chassis" for g in goods],
        ),
        ("9", "Nature of the goods", 34, [UNKNOWN for _ in goods]),
        ("10", "Statistical number", 18, [UNKNOWN]),
        ("11", "Gross weight (kg)", 28, mass_lines(mass)),
        ("12", "Volume (m3)", 18, [UNKNOWN]),
    )
    boxes: list[Box] = []
    x = 0.0
    for number, title, width, lines in columns:
        boxes.append(Box(number, title, x, y, width, height, tuple(lines) or (UNKNOWN,)))
        x += width
    return boxes


def _stage_lines(stages: list[Mapping[str, Any]]) -> list[str]:
    return [
        f"{index}. {format_place(s['from'])} to {format_place(s['to'])}"
        f"{' (Ro-Ro ferry, goods on the vehicle: CMR art. 2)' if s.get('mode') == 'ro-ro ferry' else ''}: "
        f"{'-'.join(s['countries']) or UNKNOWN}, {format_km(s.get('distance_km'))}"
        for index, s in enumerate(stages, start=1)
    ]


def cmr_boxes(note: Mapping[str, Any]) -> list[Box]:
    """The boxes of the CMR note for a document of :func:`~corridor.shipments.documents.ecmr_note`."""
    half = CONTENT_WIDTH_MM / 2
    third = CONTENT_WIDTH_MM / 3
    taking_over, delivery = note["place_of_taking_over"], note["place_of_delivery"]
    carrier = (note.get("carrier") or {}).get("name") or UNKNOWN
    return [
        Box("1", "Sender (name, address, country)", 0, 14, half, 20, (note["sender"]["name"] or UNKNOWN,)),
        Box(
            "2",
            "Consignee (name, address, country)",
            0,
            34,
            half,
            20,
            (note["consignee"]["name"] or UNKNOWN,),
        ),
        Box("16", "Carrier (name, address, country)", half, 14, half, 40, (carrier,)),
        Box(
            "3", "Place of delivery of the goods (place, country)", 0, 54, half, 16, (format_place(delivery),)
        ),
        Box("17", "Successive carriers (name, address, country)", half, 54, half, 16),
        Box(
            "4",
            "Place and date of taking over the goods (place, country, date)",
            0,
            70,
            half,
            16,
            (format_place(taking_over), f"Date: {UNKNOWN}"),
        ),
        Box("18", "Carrier's reservations and observations", half, 70, half, 30),
        Box(
            "5",
            "Documents attached",
            0,
            86,
            half,
            14,
            tuple(note.get("documents_attached") or ()) or (UNKNOWN,),
        ),
        *_goods_boxes(note["goods"], note["mass"], 100, 46),
        Box(
            "13",
            "Sender's instructions (customs)",
            0,
            146,
            half,
            20,
            tuple(note.get("customs") or ()) or (UNKNOWN,),
        ),
        Box("19", "Special agreements", half, 146, half, 20),
        Box("14", "Instructions as to payment for carriage", 0, 166, half, 12),
        Box("20", "To be paid by", half, 166, half, 12),
        Box("15", "Cash on delivery", 0, 178, half, 10),
        Box(
            None,
            "Road stages of the planned route (not a box of the form)",
            half,
            178,
            half,
            34,
            tuple(_stage_lines(note["road_stages"])),
        ),
        Box(
            "21",
            "Established in / on",
            0,
            188,
            half,
            24,
            (f"{format_place(taking_over)}", f"on {format_datetime(note.get('issued_for'))}"),
        ),
        Box("22", "Signature and stamp of the sender", 0, 212, third, 26),
        Box("23", "Signature and stamp of the carrier", third, 212, third, 26),
        Box("24", "Goods received (signature and stamp of the consignee)", 2 * third, 212, third, 26),
    ]


def cmr_to_pdf(note: Mapping[str, Any], *, title: str) -> bytes:
    """The e-CMR note as a one-page A4 PDF in the layout of the CMR form."""
    heading = ["CMR international consignment note (e-CMR data)", f"Consignment {note['shipment_id']}"]
    footer = [DISCLAIMER.format(generator=note.get("generator", "corridor")), _SPECIMEN]
    return form_to_pdf(cmr_boxes(note), title=title, heading=heading, footer=footer)
