"""Boundary validation: ISO 6346 check digits, node ids, time zones."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.errors import ShipmentInputError
from corridor.network import Network
from corridor.shipments.validation import (
    iso6346_check_digit,
    validate_aware,
    validate_container_number,
    validate_node,
)


@pytest.mark.parametrize(
    "number",
    [
        "CSQU3054383",  # the worked example of ISO 6346 (Wikipedia, BIC): sum 6185, 6185 mod 11 = 3
        "MSKU9070323",
        "TGHU1234567",
    ],
)
def test_valid_container_numbers(number: str) -> None:
    assert validate_container_number(number.lower()) == number


def test_check_digit_by_hand() -> None:
    # C=13 S=30 Q=28 U=32 then 3 0 5 4 3 8, weights 1 2 4 ... 512
    values = [13, 30, 28, 32, 3, 0, 5, 4, 3, 8]
    total = sum(v * 2**i for i, v in enumerate(values))
    assert total == 6185
    assert total % 11 % 10 == 3 == iso6346_check_digit("CSQU305438")
    # letters skip multiples of 11: K (after J=20) is 21, then L jumps over 22 to 23, V over 33 to 34
    assert iso6346_check_digit("AAAU000000") == (10 + 20 + 40 + 32 * 8) % 11 % 10


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("CSQU3054384", "check digit is 4, expected 3"),
        ("CSQU3054833", "check digit"),  # two digits swapped
        ("CSQX3054383", "must be U, J or Z"),
        ("CSQU305438", "4 letters and 7 digits"),
        ("C5QU3054383", "4 letters and 6 digits"),
        ("ÇSQU3054383", "4 letters and 6 digits"),
    ],
)
def test_invalid_container_numbers(number: str, message: str) -> None:
    with pytest.raises(ShipmentInputError, match=message):
        validate_container_number(number)


def test_nodes_must_be_known_ids(network: Network) -> None:
    assert validate_node(network, "DEDUI", field="destination") == "DEDUI"
    with pytest.raises(ShipmentInputError, match="destination: unknown node id 'Duisburg'") as info:
        validate_node(network, "Duisburg", field="destination")
    assert info.value.field == "destination"


def test_timestamps_need_a_time_zone() -> None:
    with pytest.raises(ShipmentInputError, match="has no time zone"):
        validate_aware(dt.datetime(2026, 3, 1, 12), field="event_time")
    local = dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=4)))
    assert validate_aware(local, field="event_time") == dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
