"""Shipment documents: CIM/SMGS and e-CMR notes (JSON, PDF) and the ISO 14083 statement, on each database."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.chain import Leg
from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.errors import DocumentError
from corridor.network import Network
from corridor.shipments.documents import border_stations, cim_smgs_note, document_to_pdf, ecmr_note
from corridor.shipments.models import Shipment

from .conftest import Org
from .test_api import CONTAINERS, booking

MakeOrg = Callable[[], Org]
MakePair = Callable[[], tuple[Org, Org]]


def road_chain(option: dict[str, Any]) -> dict[str, Any]:
    """The planned chain with its first rail leg (Xi'an to Khorgos) replaced by a road leg."""
    chain: dict[str, Any] = copy.deepcopy(option["chain"])
    chain["elements"][0] = {
        "type": "leg",
        "mode": "road",
        "from_node": "CN-XIAN",
        "to_node": "CN-KHORGOS",
        "node_ids": ["CN-XIAN", "CN-KHORGOS"],
        "link_ids": [],
        "distance_km": 3300.0,
        "countries": ["CN"],
    }
    return chain


def stored(chain: dict[str, Any]) -> Shipment:
    return Shipment(
        id="00000000-0000-4000-8000-000000000001",
        origin=chain["origin"],
        destination=chain["destination"],
        shipper_name="Xi'an Electronics Co.",
        consignee_name="Duisburg Logistics GmbH",
        containers=CONTAINERS,
        chain=chain,
        created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )


def test_cim_smgs_note_has_one_section_per_rail_leg(network: Network, planned_option: dict[str, Any]) -> None:
    chain = planned_option["chain"]
    note = cim_smgs_note(stored(chain), network)
    rail = [e for e in chain["elements"] if e["type"] == "leg" and e["mode"] == "rail"]
    assert len(note["railway_sections"]) == len(rail)
    assert [s["gauge_mm"] for s in note["railway_sections"]] == [e["gauge_mm"] for e in rail]
    assert note["place_of_taking_over"]["name"] == "Xi'an"
    assert note["place_of_delivery"]["node_id"] == "DEDUI"
    crossing = next(s for s in note["railway_sections"] if s["from"]["node_id"] == "CN-KHORGOS")
    assert [b["node_id"] for b in crossing["border_stations"]] == ["CN-KHORGOS", "KZ-ALTYNKOL"]
    assert crossing["countries"] == ["CN", "KZ"]
    assert [c["number"] for c in note["containers"]] == ["CSQU3054383", "MSKU9070323"]
    assert note["mass"]["tare_kg"] == 2 * 3940  # FreightUtils tare of a 40' high cube, as in the emissions
    assert note["declared_route"][0] == "Xi'an"
    assert note["declared_route"][-1] == "Duisburg"
    assert len(note["declared_route"]) == len(set(note["declared_route"]))  # each station once


def test_border_stations_of_a_domestic_leg_are_its_border_points(network: Network) -> None:
    leg = Leg(
        mode="rail", distance_km=1.0, node_ids=("CN-XIAN", "CN-LANZHOU", "CNURC", "CN-JINGHE", "CN-KHORGOS")
    )
    assert border_stations(network, leg) == ["CN-KHORGOS"]


def test_ecmr_covers_road_legs_only(network: Network, planned_option: dict[str, Any]) -> None:
    with pytest.raises(DocumentError, match="no road leg"):
        ecmr_note(stored(planned_option["chain"]), network)
    note = ecmr_note(stored(road_chain(planned_option)), network, carrier="Trans Asia Trucking")
    assert [(s["from"]["node_id"], s["to"]["node_id"]) for s in note["road_stages"]] == [
        ("CN-XIAN", "CN-KHORGOS")
    ]
    assert note["carrier"] == {"name": "Trans Asia Trucking"}
    assert note["goods"][0]["type"] == "40HC"


def test_pdf_is_a_readable_document(network: Network, planned_option: dict[str, Any]) -> None:
    shipment = stored(planned_option["chain"])
    pdf = document_to_pdf(cim_smgs_note(shipment, network), title="CIM/SMGS consignment note")
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    for text in (shipment.id, "CSQU 305438 3", "Duisburg Logistics GmbH", "Railway sections"):
        assert text.encode() in pdf  # pages are written uncompressed
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1  # the form fits one page


@pytest.fixture
def booked(
    service_client: TestClient, make_pair: MakePair
) -> Callable[[dict[str, Any]], tuple[str, Org, Org]]:
    def book(body: dict[str, Any]) -> tuple[str, Org, Org]:
        owner, carrier = make_pair()
        response = service_client.post(
            "/v1/shipments", json={**body, "carrier": carrier.name}, headers=owner.shipper
        )
        assert response.status_code == 201, response.text
        return response.json()["id"], owner, carrier

    return book


def test_documents_over_http(
    service_client: TestClient,
    planned_option: dict[str, Any],
    booked: Callable[[dict[str, Any]], tuple[str, Org, Org]],
) -> None:
    shipment_id, owner, carrier = booked(booking(planned_option))
    base = f"/v1/shipments/{shipment_id}/documents"
    note = service_client.get(f"{base}/cim-smgs", headers=owner.shipper)
    assert note.status_code == 200, note.text
    assert note.json()["shipment_id"] == shipment_id
    assert note.json()["sender"] == {"name": "Xi'an Electronics Co."}
    pdf = service_client.get(f"{base}/cim-smgs", params={"format": "pdf"}, headers=carrier.operator)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert shipment_id.encode() in pdf.content
    assert b"(12 Border crossing stations)" in pdf.content  # drawn as the form (test_forms.py)
    ecmr = service_client.get(f"{base}/ecmr", headers=owner.shipper)
    assert ecmr.status_code == 422
    assert "no road leg" in ecmr.json()["detail"]["message"]
    assert (
        service_client.get(f"{base}/cim-smgs", params={"format": "doc"}, headers=owner.shipper).status_code
        == 422
    )


def test_ecmr_over_http(
    service_client: TestClient,
    planned_option: dict[str, Any],
    booked: Callable[[dict[str, Any]], tuple[str, Org, Org]],
) -> None:
    shipment_id, owner, carrier = booked({**booking(planned_option), "chain": road_chain(planned_option)})
    url = f"/v1/shipments/{shipment_id}/documents/ecmr"
    data = service_client.get(url, headers=owner.shipper).json()
    assert data["carrier"] == {"name": carrier.name}
    assert data["place_of_taking_over"]["node_id"] == "CN-XIAN"
    pdf = service_client.get(url, params={"format": "pdf"}, headers=owner.admin)
    assert pdf.content.startswith(b"%PDF-")
    assert shipment_id.encode() in pdf.content
    assert b"(16 Carrier \\(name, address, country\\))" in pdf.content  # drawn as the CMR form
    assert carrier.name.encode() in pdf.content


def test_emissions_statement_is_the_chain_with_the_shipments_containers(
    service_client: TestClient,
    planned_option: dict[str, Any],
    booked: Callable[[dict[str, Any]], tuple[str, Org, Org]],
) -> None:
    one_box = {**booking(planned_option), "containers": CONTAINERS[:1]}
    shipment_id, owner, _ = booked(one_box)
    url = f"/v1/shipments/{shipment_id}/documents/emissions"
    data = service_client.get(url, headers=owner.shipper).json()
    chain = {**planned_option["chain"], "cargo": {"containers": [{"type": "40HC", "count": 1}]}}
    chain = {k: v for k, v in chain.items() if k in ("elements", "cargo")}
    oracle = chain_emissions(chain_from_dict(chain), bundled_factors())
    assert data["emissions"]["totals"]["wtw_kg"] == pytest.approx(oracle.wtw_kg)
    assert data["containers"] == ["CSQU3054383"]
    two = chain_emissions(chain_from_dict(planned_option["chain"]), bundled_factors())
    assert oracle.wtw_kg == pytest.approx(two.wtw_kg / 2)  # the planned chain carried two boxes
    html = service_client.get(url, params={"format": "html"}, headers=owner.shipper)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert shipment_id in html.text
    assert "<table" in html.text


def test_documents_follow_the_shipment_access_rules(
    service_client: TestClient,
    planned_option: dict[str, Any],
    booked: Callable[[dict[str, Any]], tuple[str, Org, Org]],
    make_org: MakeOrg,
) -> None:
    shipment_id, owner, carrier = booked(booking(planned_option))
    stranger = make_org()
    for document in ("cim-smgs", "ecmr", "emissions"):
        url = f"/v1/shipments/{shipment_id}/documents/{document}"
        for key in (stranger.shipper, stranger.operator):
            assert service_client.get(url, headers=key).status_code == 404
        assert service_client.get(url).status_code == 401
        if document != "ecmr":
            for key in (owner.shipper, carrier.operator, stranger.admin):
                assert service_client.get(url, headers=key).status_code == 200
    missing = "/v1/shipments/00000000-0000-4000-8000-000000000000/documents/cim-smgs"
    assert service_client.get(missing, headers=owner.admin).status_code == 404


def test_an_eastbound_consignment_note_lists_countries_in_travel_order(
    service_client: TestClient,
    network: Network,
    planned_option: dict[str, Any],
    booked: Callable[[dict[str, Any]], tuple[str, Org, Org]],
) -> None:
    """Duisburg to Xi'an runs over the westbound route's links against their stored direction: every railway
    section must still start in the country it leaves from and end in the one it arrives in, and the
    route crosses as many borders as the way west (regression: countries were left in stored order)."""
    query = {
        "origin": "Duisburg",
        "destination": "Xi'an",
        "cargo": "2x40HC",
        "avoid_countries": ["RU", "BY", "IR"],
        "require_modes": ["ferry"],
        "criteria": ["time"],
    }
    planned = service_client.post("/v1/routes", json=query, params={"include": "chain"}).json()
    option = {"query": planned["query"], **planned["options"][0]}
    assert option["countries"] == planned_option["countries"][::-1]
    assert option["border_crossings"] == planned_option["border_crossings"] == 9
    shipment_id, owner, _ = booked(booking(option))
    note = service_client.get(f"/v1/shipments/{shipment_id}/documents/cim-smgs", headers=owner.shipper).json()
    assert note["place_of_taking_over"]["node_id"] == "DEDUI"
    for section in note["railway_sections"]:
        assert section["countries"][0] == network.nodes[section["from"]["node_id"]].country, section
        assert section["countries"][-1] == network.nodes[section["to"]["node_id"]].country, section
    crossing = next(s for s in note["railway_sections"] if s["to"]["node_id"] == "CN-KHORGOS")
    assert crossing["countries"] == ["KZ", "CN"]
    west = [
        s["countries"] for s in cim_smgs_note(stored(planned_option["chain"]), network)["railway_sections"]
    ]
    assert [s["countries"] for s in note["railway_sections"]] == [c[::-1] for c in west[::-1]]
