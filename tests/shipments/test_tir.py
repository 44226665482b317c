"""Road shipments under TIR: a planned truck chain, its eTIR particulars through the API, and its e-CMR."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.errors import ShipmentInputError
from corridor.network import Network
from corridor.routing import Cargo, Constraints, route
from corridor.routing.io import result_to_dict
from corridor.shipments.documents import document_to_pdf, ecmr_note
from corridor.shipments.models import Shipment
from corridor.shipments.tir import validate_tir

from .conftest import Org
from .test_api import CONTAINERS
from .test_forms import pdf_boxes, section_box, value_of

MakePair = Callable[[], tuple[Org, Org]]
TIR = {
    "carnet_number": "xz81234567",
    "holder_id": "KAZ/045/1234",
    "holder_name": "Almaty Trans TIR LLP",
    "office_of_departure": "KZ51810",
    "office_of_destination": "GE10101",
}


@pytest.fixture(scope="module")
def truck_option(network: Network) -> dict[str, Any]:
    """The fastest all-truck option Almaty-Tbilisi: road to Kuryk, Ro-Ro to Alat, road to Tbilisi."""
    result = route(
        network,
        "Almaty",
        "Tbilisi",
        cargo=Cargo.parse("2x40HC"),
        constraints=Constraints(avoid_modes=frozenset({"rail", "sea"})),
        criteria=("time",),
    )
    data = result_to_dict(network, result)
    return {"query": data["query"], **data["options"][0]}


def _stored(option: dict[str, Any], tir: dict[str, str] | None) -> Shipment:
    chain = option["chain"]
    return Shipment(
        id="00000000-0000-4000-8000-000000000002",
        origin=chain["origin"],
        destination=chain["destination"],
        shipper_name="Almaty Fruit Export LLP",
        consignee_name="Tbilisi Fresh Ltd",
        containers=CONTAINERS,
        chain=chain,
        tir=tir,
        created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )


def test_a_planned_truck_chain_has_an_ecmr_with_its_ro_ro_stage_and_tir(
    network: Network, truck_option: dict[str, Any]
) -> None:
    note = ecmr_note(_stored(truck_option, validate_tir(TIR)), network, carrier="Almaty Trans TIR LLP")
    stages = [(s["from"]["node_id"], s["to"]["node_id"], s["mode"]) for s in note["road_stages"]]
    assert stages[0] == ("KZALA", "KZ-KURYK", "road")
    assert ("KZ-KURYK", "AZ-ALAT", "ro-ro ferry") in stages  # the truck stays loaded: CMR art. 2
    assert stages[-1][1] == "GETBS"
    assert {s["road_unit"] for s in note["road_stages"]} == {"container-on-chassis"}
    assert note["tir"]["carnet_number"] == "XZ81234567"
    boxes, _ = pdf_boxes(document_to_pdf(note, title="e-CMR consignment note"))
    assert value_of(boxes, "5", "Documents attached") == "TIR Carnet No. XZ81234567"
    assert value_of(boxes, "13", "Sender's instructions (customs)") == (
        "TIR holder: KAZ/045/1234 Almaty Trans TIR LLP Customs office of departure: KZ51810 "
        "Customs office of destination: GE10101"
    )
    road = section_box(boxes, "Road stages of the planned route (not a box of the form)")
    assert (
        "Kuryk (KZ-KURYK), KZ to Alat (AZ-ALAT), AZ (Ro-Ro ferry, goods on the vehicle: CMR art. 2)" in road
    )
    assert value_of(boxes, "3", "Place of delivery of the goods (place, country)") == "Tbilisi (GETBS), GE"


def test_an_ecmr_without_tir_leaves_the_customs_boxes_empty(
    network: Network, truck_option: dict[str, Any]
) -> None:
    note = ecmr_note(_stored(truck_option, None), network)
    assert note["tir"] is None
    boxes, _ = pdf_boxes(document_to_pdf(note, title="e-CMR consignment note"))
    assert value_of(boxes, "5", "Documents attached") == "\u2014"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holder_id": "KZ/45/1234"}, "tir.holder_id: expected AAA/BBB/digits"),
        ({"carnet_number": "XZ-812"}, "tir.carnet_number: expected 10 or 11 letters and digits"),
        ({"office_of_destination": "7"}, "tir.office_of_destination: expected country code"),
        ({"carnet_number": None}, "give the TIR Carnet number or the eTIR guarantee reference"),
        ({"office_of_departure": None}, "tir.office_of_departure: required"),
        ({"seal": "123"}, "tir.seal: not a TIR field"),
    ],
)
def test_bad_tir_particulars_name_the_field(change: dict[str, Any], message: str) -> None:
    data = {k: v for k, v in {**TIR, **change}.items() if v is not None}
    with pytest.raises(ShipmentInputError, match=message.replace("(", r"\(")) as caught:
        validate_tir(data)
    assert caught.value.field == "tir"


def test_an_etir_guarantee_reference_stands_for_the_carnet() -> None:
    data = {k: v for k, v in TIR.items() if k != "carnet_number"} | {"guarantee_reference": "xc/2026-000123"}
    assert validate_tir(data)["guarantee_reference"] == "XC/2026-000123"


def test_tir_particulars_round_trip_through_the_api(
    service_client: TestClient, make_pair: MakePair, truck_option: dict[str, Any]
) -> None:
    owner, carrier = make_pair()
    body = {
        "origin": "KZALA",
        "destination": "GETBS",
        "shipper": "Almaty Fruit Export LLP",
        "consignee": "Tbilisi Fresh Ltd",
        "containers": CONTAINERS,
        "chain": truck_option["chain"],
        "carrier": carrier.name,
        "tir": TIR,
    }
    created = service_client.post("/v1/shipments", json=body, headers=owner.shipper)
    assert created.status_code == 201, created.text
    expected = {**TIR, "carnet_number": "XZ81234567"}
    assert created.json()["tir"] == expected
    shipment_id = created.json()["id"]
    got = service_client.get(f"/v1/shipments/{shipment_id}", headers=carrier.operator)
    assert got.json()["tir"] == expected
    listed = service_client.get("/v1/shipments", headers=owner.shipper).json()["shipments"]
    assert [s["tir"] for s in listed if s["id"] == shipment_id] == [expected]
    note = service_client.get(f"/v1/shipments/{shipment_id}/documents/ecmr", headers=owner.shipper)
    assert note.status_code == 200, note.text
    assert note.json()["tir"] == expected
    assert note.json()["documents_attached"] == ["TIR Carnet No. XZ81234567"]
    pdf = service_client.get(
        f"/v1/shipments/{shipment_id}/documents/ecmr", params={"format": "pdf"}, headers=owner.shipper
    )
    boxes, _ = pdf_boxes(pdf.content)
    assert "Customs office of destination: GE10101" in boxes["13"]


def test_bad_tir_particulars_are_a_422_naming_the_field(
    service_client: TestClient, make_pair: MakePair, truck_option: dict[str, Any]
) -> None:
    owner, _ = make_pair()
    body = {
        "origin": "KZALA",
        "destination": "GETBS",
        "shipper": "Almaty Fruit Export LLP",
        "consignee": "Tbilisi Fresh Ltd",
        "containers": CONTAINERS,
        "chain": truck_option["chain"],
        "tir": {**TIR, "holder_id": "KAZ-045-1234"},
    }
    response = service_client.post("/v1/shipments", json=body, headers=owner.shipper)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["field"] == "tir"
    assert "tir.holder_id: expected AAA/BBB/digits" in detail["message"]
