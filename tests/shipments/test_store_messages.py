"""Booking and account errors name what to fix, in the words of the store's documented rules.

Each case changes one thing in a valid booking (the planned Middle Corridor option) and expects the
store's refusal with its exact message and field; the limits are checked at and just past their
documented values.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from corridor.emissions import bundled_factors
from corridor.errors import (
    AccessDeniedError,
    AccountError,
    AuthenticationError,
    FactorLookupError,
    ShipmentInputError,
)
from corridor.network import Network
from corridor.shipments.store import (
    MAX_CHAIN_ELEMENTS,
    add_events,
    authenticate,
    create_api_key,
    create_organisation,
    create_shipment,
)

CONTAINERS = [("CSQU3054383", "40HC"), ("MSKU9070323", "40HC")]


def _book(session: Session, network: Network, option: dict[str, Any], role: str, **changes: Any) -> Any:
    name = f"org-{uuid.uuid4().hex[:10]}"
    create_organisation(session, name)
    principal = authenticate(session, create_api_key(session, name, role))
    booking: dict[str, Any] = {
        "origin": option["query"]["origin"],
        "destination": option["query"]["destination"],
        "shipper": "Xi'an Electronics Co.",
        "consignee": "Duisburg Logistics GmbH",
        "containers": CONTAINERS,
        "chain": copy.deepcopy(option["chain"]),
        **changes,
    }
    return create_shipment(session, principal, network, **booking)


def test_an_admin_books_a_shipment_and_an_operator_does_not(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    assert (
        _book(session, network, planned_option, "admin").destination == planned_option["query"]["destination"]
    )
    with pytest.raises(AccessDeniedError) as err:
        _book(session, network, planned_option, "operator")
    assert str(err.value) == "role 'operator' cannot create shipments"


def _refusal(session: Session, network: Network, option: dict[str, Any], **changes: Any) -> tuple[str, str]:
    with pytest.raises(ShipmentInputError) as err:
        _book(session, network, option, "shipper", **changes)
    return str(err.value), str(err.value.field)


def test_a_booking_without_containers_or_with_an_unlinked_carrier_names_the_field(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    assert _refusal(session, network, planned_option, containers=[]) == (
        "containers: at least one container",
        "containers",
    )
    assert _refusal(session, network, planned_option, carrier="Nobody Rail") == (
        "carrier: not an organisation linked to yours as a carrier (an admin links carriers)",
        "carrier",
    )


def test_a_broken_chain_is_refused_naming_the_element(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    chain = planned_option["chain"]
    leg = next(i for i, e in enumerate(chain["elements"]) if e["type"] == "leg")
    broken = copy.deepcopy(chain)
    broken["elements"][leg]["to_node"] = None
    assert _refusal(session, network, planned_option, chain=broken) == (
        f"chain.elements[{leg}]: a leg needs from_node and to_node",
        "chain",
    )
    # a chain document that is not a chain: the chain reader's own message, labelled "chain"
    message, field = _refusal(session, network, planned_option, chain={**chain, "elements": "none"})
    assert field == "chain"
    assert message.startswith("chain: elements")


def test_organisation_names_are_1_to_200_characters_and_unique(session: Session) -> None:
    longest = "o" * 199 + uuid.uuid4().hex[:1]
    assert create_organisation(session, longest).name == longest
    with pytest.raises(AccountError) as err:
        create_organisation(session, longest + "x")
    assert str(err.value) == "organisation name must be 1-200 characters"
    with pytest.raises(AccountError) as err:
        create_organisation(session, "   ")
    assert str(err.value) == "organisation name must be 1-200 characters"
    with pytest.raises(AccountError) as err:
        create_organisation(session, f" {longest} ")
    assert str(err.value) == f"organisation {longest!r} exists already"


def test_a_booking_is_checked_against_the_deployments_own_factors(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    # a deployment whose factor set lacks the Caspian ferry's category cannot state this shipment's
    # emissions, so it refuses the booking instead of storing one whose statement always fails
    bundled = bundled_factors()
    ferry = "ferry-ropax-10-20k-gt-mdo"
    assert any(e.get("toc") == ferry or e.get("mode") == "ferry" for e in planned_option["chain"]["elements"])
    factors = replace(bundled, tocs={k: v for k, v in bundled.tocs.items() if k != ferry})
    with pytest.raises(FactorLookupError) as err:
        _book(session, network, planned_option, "shipper", factors=factors)
    assert ferry in str(err.value)
    assert _book(session, network, planned_option, "shipper", factors=bundled).origin


def test_a_chain_whose_emissions_overflow_is_refused_before_it_is_stored(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    # a carrier intensity near the largest float makes the emissions infinite: every later read of
    # the shipment would fail, so the booking is refused naming the chain
    chain = copy.deepcopy(planned_option["chain"])
    leg = next(e for e in chain["elements"] if e["type"] == "leg")
    leg["intensity"] = {"wtw_g": 1e308, "ttw_g": 1e308, "unit": "tkm"}
    assert _refusal(session, network, planned_option, chain=chain) == (
        "chain: holds values its ETA or documents cannot be computed from (ValueError)",
        "chain",
    )


def test_a_shipper_may_name_its_own_organisation_as_carrier(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    name = f"org-{uuid.uuid4().hex[:10]}"
    create_organisation(session, name)
    principal = authenticate(session, create_api_key(session, name, "shipper"))
    assert principal.organisation == name
    shipment = create_shipment(
        session,
        principal,
        network,
        origin=planned_option["query"]["origin"],
        destination=planned_option["query"]["destination"],
        shipper="Xi'an Electronics Co.",
        consignee="Duisburg Logistics GmbH",
        containers=CONTAINERS,
        chain=copy.deepcopy(planned_option["chain"]),
        carrier=name,
    )
    assert shipment.carrier_id == principal.organisation_id == shipment.owner_id


def test_a_container_booked_twice_is_refused(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    twice = [CONTAINERS[0], CONTAINERS[0]]
    assert _refusal(session, network, planned_option, containers=twice) == (
        "containers: a container number appears twice",
        "containers",
    )


def test_a_chain_over_the_element_limit_is_refused_naming_the_chain(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    chain = copy.deepcopy(planned_option["chain"])
    hub = next(e for e in chain["elements"] if e["type"] == "hub")
    chain["elements"] += [hub] * (MAX_CHAIN_ELEMENTS + 1 - len(chain["elements"]))
    assert _refusal(session, network, planned_option, chain=chain) == (
        f"chain.elements: at most {MAX_CHAIN_ELEMENTS} elements, got {MAX_CHAIN_ELEMENTS + 1}",
        "chain",
    )


def test_only_the_carriers_operator_or_an_admin_posts_events(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    shipment = _book(session, network, planned_option, "shipper")
    owner = authenticate(session, create_api_key(session, shipment.owner.name, "shipper"))
    with pytest.raises(AccessDeniedError) as err:
        add_events(session, owner, network, shipment.id, [])
    assert str(err.value) == "only the shipment's carrier (an operator key) or an admin posts events"


def test_a_missing_or_unknown_key_is_refused_saying_which_and_where_keys_go(session: Session) -> None:
    for missing in (None, ""):
        with pytest.raises(AuthenticationError) as err:
            authenticate(session, missing)
        assert str(err.value) == "missing API key: send it in the X-API-Key header"
    name = f"org-{uuid.uuid4().hex[:10]}"
    create_organisation(session, name)
    key = create_api_key(session, name, "operator")
    with pytest.raises(AuthenticationError) as err:
        authenticate(session, key + "x")
    assert str(err.value) == "invalid API key"
    principal = authenticate(session, key)
    assert (principal.organisation, principal.role) == (name, "operator")


def _leg_and_hub(chain: dict[str, Any]) -> tuple[int, int]:
    elements = chain["elements"]
    leg = next(i for i, e in enumerate(elements) if e["type"] == "leg" and e.get("link_ids"))
    return leg, next(i for i, e in enumerate(elements) if e["type"] == "hub")


def test_a_chain_naming_a_link_or_node_the_network_lacks_is_refused_naming_where(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    chain = planned_option["chain"]
    leg, hub = _leg_and_hub(chain)
    unknown = copy.deepcopy(chain)
    unknown["elements"][leg]["link_ids"] = ["NO-SUCH-LINK", *unknown["elements"][leg]["link_ids"][1:]]
    assert _refusal(session, network, planned_option, chain=unknown) == (
        f"chain.elements[{leg}].link_ids[0]: unknown link 'NO-SUCH-LINK'",
        "chain",
    )
    # a door's road link that the booked places do not rebuild says so
    door = copy.deepcopy(chain)
    door["elements"][leg]["link_ids"] = ["XX-DOOR-NOWHERE", *door["elements"][leg]["link_ids"][1:]]
    assert _refusal(session, network, planned_option, chain=door) == (
        f"chain.elements[{leg}].link_ids[0]: unknown link 'XX-DOOR-NOWHERE'"
        " (not a road leg of the booked places' doors)",
        "chain",
    )
    nowhere = copy.deepcopy(chain)
    nowhere["elements"][hub]["node_id"] = "XX-NOWHERE"
    assert _refusal(session, network, planned_option, chain=nowhere) == (
        f"chain.elements[{hub}]: unknown node id 'XX-NOWHERE'",
        f"chain.elements[{hub}]",
    )
    anonymous = copy.deepcopy(chain)
    anonymous["elements"][hub]["node_id"] = None
    assert _refusal(session, network, planned_option, chain=anonymous) == (
        f"chain.elements[{hub}]: a hub needs its node_id",
        "chain",
    )


def test_a_chain_between_other_ends_is_refused_naming_both(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    chain = planned_option["chain"]
    origin = planned_option["query"]["origin"]
    moved = {**copy.deepcopy(chain), "origin": "XX-ELSEWHERE"}
    assert _refusal(session, network, planned_option, chain=moved) == (
        f"chain.origin is 'XX-ELSEWHERE', the shipment's origin {origin!r}",
        "chain",
    )


def test_an_unknown_container_type_is_refused_listing_the_types(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    from corridor.cargo import CONTAINER_TYPES

    assert _refusal(session, network, planned_option, containers=[("CSQU3054383", "50FT")]) == (
        f"containers[0].type: expected one of {', '.join(CONTAINER_TYPES)}, got '50FT'",
        "containers",
    )


def test_a_chain_of_exactly_the_element_limit_is_booked(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    chain = copy.deepcopy(planned_option["chain"])
    hub = next(e for e in chain["elements"] if e["type"] == "hub")
    chain["elements"] += [hub] * (MAX_CHAIN_ELEMENTS - len(chain["elements"]))
    assert len(_book(session, network, planned_option, "shipper", chain=chain).chain["elements"]) == 500


def test_a_leg_timed_from_the_network_needs_a_service_that_takes_the_whole_booking(
    session: Session, network: Network, planned_option: dict[str, Any]
) -> None:
    """A chain without the ferry leg's times takes them from the network's sailings, for this cargo.

    The Caspian ferry's service takes 66.24 TEU a departure (bundled network): 33 forty-foot boxes
    (66 TEU) board it, 34 (68 TEU) do not, and the booking says so instead of failing on a division
    by zero (the bug this test was written for).
    """
    chain = copy.deepcopy(planned_option["chain"])
    ferry = next(i for i, e in enumerate(chain["elements"]) if e.get("mode") == "ferry")
    del chain["elements"][ferry]["duration_h"]
    link = chain["elements"][ferry]["link_ids"][0]
    [service] = network.services_on(link)
    assert 66 <= service.usable_teu_per_departure < 68

    def boxes(n: int) -> list[tuple[str, str]]:
        return [(_container_number(i), "40HC") for i in range(n)]

    assert (
        len(_book(session, network, planned_option, "shipper", chain=chain, containers=boxes(33)).containers)
        == 33
    )
    assert _refusal(session, network, planned_option, chain=chain, containers=boxes(34)) == (
        f"chain.elements[{ferry}].link_ids[0]: no service on link {link!r} takes this cargo (68 TEU)",
        "chain",
    )


def _container_number(serial: int) -> str:
    """An ISO 6346 number of owner CSQ, equipment U, with its check digit."""
    body = f"CSQU{serial:06d}"
    values = {
        c: v
        for v, c in zip(
            [
                10,
                12,
                13,
                14,
                15,
                16,
                17,
                18,
                19,
                20,
                21,
                23,
                24,
                25,
                26,
                27,
                28,
                29,
                30,
                31,
                32,
                34,
                35,
                36,
                37,
                38,
            ],
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            strict=True,
        )
    }
    total = sum((values[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(body))
    return body + str(total % 11 % 10)
