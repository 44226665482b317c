"""Validation at the boundary: container numbers (ISO 6346), node ids, time-zone-aware timestamps."""

from __future__ import annotations

import datetime as dt
import string

from corridor.errors import (
    ShipmentInputError,
)
from corridor.network.model import Network

# Letter values: A=10 upwards, skipping multiples of 11 (11, 22, 33).
_LETTER_VALUES: dict[str, int] = {}
_value = 10
for _letter in string.ascii_uppercase:
    if _value % 11 == 0:
        _value += 1
    _LETTER_VALUES[_letter] = _value
    _value += 1


def iso6346_check_digit(prefix: str) -> int:
    """The check digit of the first ten characters of a container number (ISO 6346).

    Each character's value (digits as themselves, letters 10-38 skipping the
    multiples of 11) is weighted by 2 to the power of its position; the sum
    modulo 11, then modulo 10, is the check digit.

    Parameters
    ----------
    prefix
        Owner code (3 letters), category identifier (U, J or Z) and serial number (6 digits).

    Returns
    -------
    int
        The check digit, 0-9.

    Raises
    ------
    ShipmentInputError
        ``prefix`` is not 4 letters followed by 6 digits.

    Examples
    --------
    >>> iso6346_check_digit("CSQU305438")
    3

    """
    if len(prefix) != 10 or not prefix.isascii() or not prefix[:4].isalpha() or not prefix[4:].isdigit():
        raise ShipmentInputError(f"container number {prefix!r}: expected 4 letters and 6 digits")
    total = 0
    for position, char in enumerate(prefix.upper()):
        value = int(char) if char.isdigit() else _LETTER_VALUES[char]
        total += value * 2**position
    return total % 11 % 10


def validate_container_number(number: str) -> str:
    """The container number in upper case, if its form and check digit are valid (ISO 6346).

    Raises
    ------
    ShipmentInputError
        The number is not 4 letters (the fourth U, J or Z) and 7 digits, or its check digit is wrong.

    Examples
    --------
    >>> validate_container_number("csqu3054383")
    'CSQU3054383'

    """
    text = number.strip().upper()
    if len(text) != 11 or not text[10].isascii() or not text[10].isdigit():
        raise ShipmentInputError(f"container number {number!r}: expected 4 letters and 7 digits")
    expected = iso6346_check_digit(text[:10])
    if text[3] not in "UJZ":
        raise ShipmentInputError(
            f"container number {number!r}: the category identifier (4th letter) must be U, J or Z"
        )
    if int(text[10]) != expected:
        raise ShipmentInputError(
            f"container number {number!r}: check digit is {text[10]}, expected {expected}"
        )
    return text


def validate_node(network: Network, node_id: str, *, field: str) -> str:
    """``node_id`` if the network has a node with this id (a UN/LOCODE where one exists).

    Raises
    ------
    ShipmentInputError
        No node has this id.

    """
    if node_id not in network.nodes:
        raise ShipmentInputError(f"{field}: unknown node id {node_id!r}", field)
    return node_id


#: Event times are accepted in [EARLIEST_EVENT, LATEST_EVENT): every later computation on them (an ETA adds
#: up to thousands of years of planned time at most) stays representable.
EARLIEST_EVENT = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST_EVENT = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def validate_aware(moment: dt.datetime, *, field: str) -> dt.datetime:
    """``moment`` in UTC, if it carries a time zone and falls in [1970, 2200).

    Raises
    ------
    ShipmentInputError
        ``moment`` is naive, its offset takes it beyond the dates Python represents, or it is out of range.

    Examples
    --------
    >>> validate_aware(dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=5))), field="t")
    datetime.datetime(2026, 3, 1, 7, 0, tzinfo=datetime.timezone.utc)

    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ShipmentInputError(f"{field}: timestamp {moment.isoformat()} has no time zone", field)
    try:
        utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError) as err:
        raise ShipmentInputError(
            f"{field}: timestamp {moment.isoformat()} is out of range in UTC", field
        ) from err
    if not EARLIEST_EVENT <= utc < LATEST_EVENT:
        years = f"{EARLIEST_EVENT.year}-{LATEST_EVENT.year - 1}"
        raise ShipmentInputError(f"{field}: timestamp {moment.isoformat()} is outside {years}", field)
    return utc
