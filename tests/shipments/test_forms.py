"""Consignment notes drawn as their forms: read back box by box from the PDF, and rendered to an image."""

from __future__ import annotations

import copy
import io
from typing import Any

import pdfplumber
import pypdfium2
import pytest

from corridor.network import Network
from corridor.shipments.documents import cim_smgs_note, document_to_pdf, ecmr_note
from corridor.shipments.forms_common import format_container, format_datetime, format_kg, format_place
from corridor.shipments.validation import iso6346_check_digit

from .test_documents import road_chain, stored

A4_PT = (595.2756, 841.8898)


def pdf_boxes(pdf: bytes) -> tuple[dict[str, str], str]:
    """The text inside each rectangle drawn on the page, keyed by its box number, and the page's text.

    The text of a box is what lies wholly inside the rectangle drawn on the page, so a value
    counts only in the box that encloses it. An unnumbered box is keyed by its whole text.
    """
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        boxes: dict[str, str] = {}
        for rect in page.rects:
            inside = page.within_bbox(
                (rect["x0"] - 0.5, rect["top"] - 0.5, rect["x1"] + 0.5, rect["bottom"] + 0.5)
            )
            text = " ".join((inside.extract_text() or "").split())
            number = text.split(" ", 1)[0]
            key = number if number.isdigit() else text
            assert key not in boxes, f"box {key} drawn twice"
            boxes[key] = text
        return boxes, " ".join((page.extract_text() or "").split())


def value_of(boxes: dict[str, str], number: str, title: str) -> str:
    """The value in box ``number``, whose text must begin with the number and title."""
    label = f"{number} {title}"
    assert boxes[number].startswith(label), boxes[number]
    return boxes[number][len(label) :].strip()


def section_box(boxes: dict[str, str], title: str) -> str:
    (text,) = [v for k, v in boxes.items() if k.startswith(title)]
    return text[len(title) :].strip()


def test_cim_smgs_pdf_has_the_numbered_boxes_of_the_form(
    network: Network, planned_option: dict[str, Any]
) -> None:
    note = cim_smgs_note(stored(planned_option["chain"]), network)
    boxes, text = pdf_boxes(document_to_pdf(note, title="CIM/SMGS consignment note"))
    numbered = {k for k in boxes if k.isdigit()}
    assert numbered == {"1", "4", "8", "9", "10", "11", "12", "13", "16", "17", "18", "21", "24", "29"}
    assert value_of(boxes, "1", "Consignor (name, address)") == "Xi'an Electronics Co."
    assert value_of(boxes, "4", "Consignee (name, address)") == "Duisburg Logistics GmbH"
    assert value_of(boxes, "8", "Consignor's reference") == note["shipment_id"]
    assert value_of(boxes, "10", "Destination station") == "Duisburg (DEDUI), DE"
    assert value_of(boxes, "11", "Code for the destination station") == "UN/LOCODE DEDUI"
    assert value_of(boxes, "16", "Station of departure") == "Xi'an (CN-XIAN), CN"
    assert "network id CN-XIAN" in value_of(boxes, "17", "Code for the station of departure")  # no LOCODE
    assert value_of(boxes, "18", "Wagon") == "\u2014"
    goods = value_of(boxes, "21", "Description of the goods")
    assert "CSQU 305438 3 container 40HC, 2 TEU, tare 3,940 kg" in goods
    assert "MSKU 907032 3" in goods
    mass = value_of(boxes, "24", "Mass (kg)")
    assert mass.startswith("Goods: \u2014 Tare: 7,880 kg Gross: \u2014")  # cargo mass not declared
    assert value_of(boxes, "29", "Place and date of conclusion of the contract of carriage") == (
        "Xi'an (CN-XIAN), CN, 2026-03-01 00:00 UTC"
    )
    # Box 12 lists every border station of the JSON form once, in the order of travel.
    borders = value_of(boxes, "12", "Border crossing stations")
    names = list(
        dict.fromkeys(format_place(b) for s in note["railway_sections"] for b in s["border_stations"])
    )
    assert len(names) >= 9
    positions = [borders.index(name) for name in names]
    assert positions == sorted(positions)
    sections = section_box(boxes, "Railway sections of the planned route (not a box of the form)")
    assert sections.startswith("1. Xi'an (CN-XIAN), CN to ")
    assert f"{len(note['railway_sections'])}. " in sections
    assert "gauge 1,520 mm" in sections
    assert "gauge 1,435 mm" in sections
    # Values for people, not raw fields; the footer says what the document is.
    for raw in ("cargo_kg", "T00:00:00", "+00:00", "None", ": -"):
        assert raw not in text
    assert "not a legally signed consignment note" in text
    assert "GLV-CIM/SMGS" in text


def test_a_declared_cargo_mass_fills_the_mass_box(network: Network, planned_option: dict[str, Any]) -> None:
    chain = copy.deepcopy(planned_option["chain"])
    chain["cargo"] = {**chain["cargo"], "mass_t": 36.5}
    boxes, _ = pdf_boxes(document_to_pdf(cim_smgs_note(stored(chain), network), title="CIM/SMGS"))
    assert value_of(boxes, "24", "Mass (kg)").startswith("Goods: 36,500 kg Tare: 7,880 kg Gross: 44,380 kg")
    assert "36,500" not in boxes["21"]


def test_ecmr_pdf_has_the_24_boxes_of_the_cmr(network: Network, planned_option: dict[str, Any]) -> None:
    note = ecmr_note(stored(road_chain(planned_option)), network, carrier="Trans Asia Trucking")
    boxes, text = pdf_boxes(document_to_pdf(note, title="e-CMR consignment note"))
    assert {k for k in boxes if k.isdigit()} == {str(n) for n in range(1, 25)}
    assert value_of(boxes, "1", "Sender (name, address, country)") == "Xi'an Electronics Co."
    assert value_of(boxes, "2", "Consignee (name, address, country)") == "Duisburg Logistics GmbH"
    assert (
        value_of(boxes, "3", "Place of delivery of the goods (place, country)") == "Khorgos (CN-KHORGOS), CN"
    )
    taking_over = value_of(boxes, "4", "Place and date of taking over the goods (place, country, date)")
    assert taking_over == "Xi'an (CN-XIAN), CN Date: \u2014"
    assert value_of(boxes, "6", "Marks and numbers") == "CSQU 305438 3 MSKU 907032 3"
    assert value_of(boxes, "7", "Number of packages") == "1 1"
    assert (
        value_of(boxes, "8", "Method of packing")
        == "container 40HC (2 TEU) on a chassis container 40HC (2 TEU) on a chassis"
    )
    assert value_of(boxes, "11", "Gross weight (kg)").startswith("Goods: \u2014 Tare: 7,880 kg")
    assert value_of(boxes, "16", "Carrier (name, address, country)") == "Trans Asia Trucking"
    assert value_of(boxes, "17", "Successive carriers (name, address, country)") == "\u2014"
    assert value_of(boxes, "21", "Established in / on") == "Xi'an (CN-XIAN), CN on 2026-03-01 00:00 UTC"
    assert value_of(boxes, "22", "Signature and stamp of the sender") == "\u2014"
    stages = section_box(boxes, "Road stages of the planned route (not a box of the form)")
    assert stages == "1. Xi'an (CN-XIAN), CN to Khorgos (CN-KHORGOS), CN: CN, 3,300 km"
    assert "not a legally signed consignment note" in text
    assert "CMR Convention" in text


@pytest.mark.parametrize("kind", ["cim-smgs", "ecmr"])
def test_forms_render_to_a_non_blank_a4_page(
    kind: str, network: Network, planned_option: dict[str, Any]
) -> None:
    if kind == "ecmr":
        note = ecmr_note(stored(road_chain(planned_option)), network)
    else:
        note = cim_smgs_note(stored(planned_option["chain"]), network)
    document = pypdfium2.PdfDocument(document_to_pdf(note, title=kind))
    assert len(document) == 1
    page = document[0]
    assert page.get_size() == pytest.approx(A4_PT, abs=0.5)
    pixels = page.render(scale=1, grayscale=True).to_numpy()
    ink = pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[..., 0] < 128
    assert 0.005 < ink.mean() < 0.3  # drawn, not blank and not a black page
    height = ink.shape[0]
    assert ink[: height // 2].mean() > 0.002  # both halves of the page are drawn on
    assert ink[height // 2 :].mean() > 0.002
    grid_left = round(10 / 25.4 * 72)  # the grid's left edge at the 10 mm margin
    assert ink[height // 4 : 3 * height // 4, grid_left - 1 : grid_left + 2].any(axis=1).mean() > 0.9
    document.close()


def test_many_containers_stay_inside_their_box(network: Network, planned_option: dict[str, Any]) -> None:
    shipment = stored(planned_option["chain"])
    numbers = [f"ABCU{n:06d}" for n in range(1, 61)]
    shipment.containers = [{"number": n + str(iso6346_check_digit(n)), "type": "20"} for n in numbers]
    boxes, _ = pdf_boxes(document_to_pdf(cim_smgs_note(shipment, network), title="CIM/SMGS"))
    goods = value_of(boxes, "21", "Description of the goods")
    assert goods.startswith("ABCU 000001 ")
    assert "more lines in the JSON form" in goods
    assert "ABCU" not in boxes["24"]
    assert "Tare: 138,000 kg" in boxes["24"]  # 60 x 2,300 kg


def test_names_outside_the_standard_fonts_do_not_break_the_pdf(
    network: Network, planned_option: dict[str, Any]
) -> None:
    shipment = stored(planned_option["chain"])
    shipment.shipper_name = "Ürümqi Trading 乌鲁木齐"
    boxes, _ = pdf_boxes(document_to_pdf(cim_smgs_note(shipment, network), title="CIM/SMGS"))
    assert value_of(boxes, "1", "Consignor (name, address)") == "Ürümqi Trading ????"


def test_values_are_formatted_for_people() -> None:
    assert format_datetime("2026-03-01T08:15:42.123456+03:00") == "2026-03-01 05:15 UTC"
    assert format_datetime("2026-03-01T08:15:42") == "2026-03-01 08:15 UTC"
    assert format_kg(1234567.4) == "1,234,567 kg"
    assert format_kg(None) == "\u2014"
    assert format_container("msku9070323") == "MSKU 907032 3"
    assert format_place({"name": "Aktau", "node_id": "KZ-AKTAU", "locode": "KZAAU", "country": "KZ"}) == (
        "Aktau (KZAAU), KZ"
    )
    assert format_place(None) == "\u2014"
