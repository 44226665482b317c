"""Booking a door-to-door option: the doors rebuilt from the booked places, and its e-CMR."""

from __future__ import annotations

import copy
from typing import Any

import pypdfium2
import pytest
from fastapi.testclient import TestClient

from corridor.cargo import Cargo
from corridor.network import Network
from corridor.routing import route
from corridor.routing.io import result_to_dict

from .conftest import Org
from .test_api import CONTAINERS
from .test_documents import MakePair

ORIGIN, DESTINATION = "Suzhou, CN", "Lyon, FR"


@pytest.fixture(scope="module")
def door_option(network: Network) -> dict[str, Any]:
    """The first option from a factory town to a warehouse town, as /v1/routes gives it."""
    result = route(network, ORIGIN, DESTINATION, cargo=Cargo.parse("2x40HC"), criteria=("time",))
    data = result_to_dict(network, result)
    return {"query": data["query"], **data["options"][0]}


def door_booking(option: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The body booking.js sends: the places as asked where the chain starts or ends at a door."""
    places = option["query"]["places"]
    return {
        "origin": places[0]["query"],
        "destination": places[1]["query"],
        "shipper": "Suzhou Precision Parts Co.",
        "consignee": "Lyon Distribution SAS",
        "containers": CONTAINERS,
        "chain": option["chain"],
        **changes,
    }


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_planned_option_runs_door_to_door(door_option: dict[str, Any]) -> None:
    chain = door_option["chain"]
    assert (chain["origin"], chain["destination"]) == ("DOOR-ORIGIN", "DOOR-DESTINATION")
    legs = [e for e in chain["elements"] if e["type"] == "leg"]
    assert legs[0]["mode"] == "road"
    assert legs[0]["from_node"] == "DOOR-ORIGIN"
    assert legs[-1]["mode"] == "road"
    assert legs[-1]["to_node"] == "DOOR-DESTINATION"


def test_a_door_to_door_option_is_booked_and_gets_its_ecmr(
    service_client: TestClient, door_option: dict[str, Any], make_pair: MakePair
) -> None:
    owner, carrier = make_pair()
    body = door_booking(door_option, carrier=carrier.name)
    response = service_client.post("/v1/shipments", json=body, headers=owner.shipper)
    assert response.status_code == 201, response.text
    shipment = response.json()
    assert (shipment["origin"], shipment["destination"]) == (ORIGIN, DESTINATION)
    url = f"/v1/shipments/{shipment['id']}/documents/ecmr"
    note = service_client.get(url, headers=owner.shipper)
    assert note.status_code == 200, note.text
    data = note.json()
    assert data["place_of_taking_over"]["node_id"] == "DOOR-ORIGIN"
    assert data["place_of_taking_over"]["name"] == "Suzhou"
    assert data["place_of_delivery"]["name"] == "Lyon"
    stages = data["road_stages"]
    assert stages[0]["from"]["name"] == "Suzhou"
    assert stages[-1]["to"]["name"] == "Lyon"
    pdf = service_client.get(url, params={"format": "pdf"}, headers=carrier.operator)
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Place and date of taking over the goods" in text
    assert "Suzhou, CN" in text  # box 4: the origin town (CMR art. 6.1(d))
    assert "Lyon, FR" in text  # box 3: the place of delivery
    # the shipment's ETA and an event at the door read the same rebuilt network
    eta = service_client.get(f"/v1/shipments/{shipment['id']}/eta", headers=owner.shipper)
    assert eta.status_code == 200, eta.text
    event = {
        "event_id": "door-gate-out",
        "event_type": "gate-out",
        "classifier": "ACT",
        "event_time": "2026-03-01T08:00:00+00:00",
        "node_id": "DOOR-ORIGIN",
        "element_index": 0,
    }
    posted = service_client.post(
        f"/v1/shipments/{shipment['id']}/events", json=event, headers=carrier.operator
    )
    assert posted.status_code == 200, posted.text


def _refused(service_client: TestClient, owner: Org, body: dict[str, Any]) -> str:
    response = service_client.post("/v1/shipments", json=body, headers=owner.shipper)
    assert response.status_code == 422, response.text
    message: str = response.json()["detail"]["message"]
    return message


def test_a_made_up_door_is_refused(
    service_client: TestClient, door_option: dict[str, Any], make_pair: MakePair
) -> None:
    owner, _ = make_pair()
    chain = copy.deepcopy(door_option["chain"])
    chain["elements"][0]["from_node"] = "DOOR-FACTORY"
    chain["elements"][0]["node_ids"][0] = "DOOR-FACTORY"
    message = _refused(service_client, owner, door_booking(door_option, chain=chain))
    assert "DOOR-FACTORY" in message


def test_an_inconsistent_door_leg_is_refused(
    service_client: TestClient, door_option: dict[str, Any], make_pair: MakePair
) -> None:
    owner, _ = make_pair()
    chain = copy.deepcopy(door_option["chain"])
    leg = chain["elements"][0]
    leg["distance_km"] = round(leg["distance_km"] / 3, 1)  # the truck leg, and its one segment, shortened
    (segment,) = leg["segments"]
    segment["distance_km"] = leg["distance_km"]
    message = _refused(service_client, owner, door_booking(door_option, chain=chain))
    assert "chain.elements[0].distance_km" in message
    assert "rebuilt from the booked places" in message
    # the chain planned from Suzhou, booked as if from another town: its road leg is not that town's
    moved = door_booking(door_option, origin="Almaty, KZ")
    message = _refused(service_client, owner, moved)
    assert "unknown link 'ROAD-DOOR-ORIGIN-" in message
    assert "not a road leg of the booked places' doors" in message


def test_a_door_chain_booked_from_a_network_node_is_refused(
    service_client: TestClient, door_option: dict[str, Any], make_pair: MakePair
) -> None:
    owner, _ = make_pair()
    message = _refused(service_client, owner, door_booking(door_option, origin="CNSHA"))
    assert "DOOR-ORIGIN" in message
    assert "origin" in message


def test_coordinates_to_a_network_node_are_booked_with_one_door(
    service_client: TestClient, network: Network, make_pair: MakePair
) -> None:
    result = route(network, "43.238,76.945", "Duisburg", cargo=Cargo.parse("2x40HC"), criteria=("time",))
    data = result_to_dict(network, result)
    option = {"query": data["query"], **data["options"][0]}
    assert option["chain"]["destination"] == data["query"]["destination"] != "DOOR-DESTINATION"
    owner, _ = make_pair()
    body = door_booking(option, destination=data["query"]["destination"])
    assert body["origin"] == "43.238,76.945"
    response = service_client.post("/v1/shipments", json=body, headers=owner.shipper)
    assert response.status_code == 201, response.text
    note = service_client.get(f"/v1/shipments/{response.json()['id']}/documents/ecmr", headers=owner.shipper)
    assert note.status_code == 200, note.text
    taking_over = note.json()["place_of_taking_over"]
    assert taking_over["node_id"] == "DOOR-ORIGIN"
    assert taking_over["country"] == "KZ"
