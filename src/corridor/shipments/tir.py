"""TIR and eTIR transit particulars of a road shipment: guarantee, carnet, holder, customs offices.

A road consignment crossing several customs territories under the TIR procedure
(TIR Convention, 1975) carries a guarantee (the TIR Carnet, or under eTIR,
Annex 11 in force since 25 May 2021, the guarantee reference issued by the
guarantee chain), the holder's identification number and the customs offices
of departure and destination. The formats checked here are the published ones:

- TIR Carnet number: 10 or 11 letters and digits (the "an10 or an11" of rule
  R0990 in the UK/EU NCTS technical rules for the TIR carnet number).
- Holder identification number: ``AAA/BBB/XX...X``, a three-letter country
  code, the three-digit code of the national association and up to ten
  digits (TIR Administrative Committee recommendation of 20 October 2000, as
  printed in the Spanish Tax Agency's TIR manual, box 3 of the carnet).
- Customs office reference: the country's two-letter ISO 3166 code followed by
  2 to 15 letters or digits (the EU's are 8 characters, e.g. DE004901;
  others follow the International TIR Data Bank's national lists).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from corridor.errors import ShipmentInputError

CARNET = re.compile(r"^[A-Z0-9]{10,11}$")
HOLDER_ID = re.compile(r"^[A-Z]{3}/[0-9]{3}/[0-9]{1,10}$")
CUSTOMS_OFFICE = re.compile(r"^[A-Z]{2}[A-Z0-9]{2,15}$")
GUARANTEE = re.compile(r"^[A-Z0-9/-]{1,35}$")
#: The TIR fields, their format and an example (for messages).
FIELDS: dict[str, tuple[re.Pattern[str] | None, str]] = {
    "carnet_number": (CARNET, "10 or 11 letters and digits, e.g. XZ81234567"),
    "guarantee_reference": (GUARANTEE, "up to 35 letters, digits, '/' or '-'"),
    "holder_id": (HOLDER_ID, "AAA/BBB/digits, e.g. KAZ/045/1234"),
    "holder_name": (None, "the holder's name, 1-200 characters"),
    "office_of_departure": (CUSTOMS_OFFICE, "country code and 2-15 letters or digits, e.g. KZ51810"),
    "office_of_destination": (CUSTOMS_OFFICE, "country code and 2-15 letters or digits, e.g. DE004901"),
}
REQUIRED = ("holder_id", "office_of_departure", "office_of_destination")


def validate_tir(data: Mapping[str, Any]) -> dict[str, str]:
    """The checked TIR particulars (upper-cased codes), or a :class:`ShipmentInputError` naming the field.

    A carnet number or an eTIR guarantee reference must be given (one of them is the guarantee).

    Examples
    --------
    >>> validate_tir({"carnet_number": "xz81234567", "holder_id": "KAZ/045/1234",
    ...               "office_of_departure": "KZ51810", "office_of_destination": "DE004901"})["carnet_number"]
    'XZ81234567'

    """
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ShipmentInputError(f"tir.{unknown[0]}: not a TIR field (known: {', '.join(FIELDS)})", "tir")
    out: dict[str, str] = {}
    for name, (pattern, expected) in FIELDS.items():
        value = data.get(name)
        if value is None:
            if name in REQUIRED:
                raise ShipmentInputError(f"tir.{name}: required ({expected})", "tir")
            continue
        if not isinstance(value, str):
            raise ShipmentInputError(f"tir.{name}: expected text, got {type(value).__name__}", "tir")
        text = value.strip() if pattern is None else value.strip().upper()
        valid = 1 <= len(text) <= 200 if pattern is None else bool(pattern.match(text))
        if not valid:
            raise ShipmentInputError(f"tir.{name}: expected {expected}, got {value!r}", "tir")
        out[name] = text
    if "carnet_number" not in out and "guarantee_reference" not in out:
        raise ShipmentInputError(
            "tir: give the TIR Carnet number or the eTIR guarantee reference (the guarantee)", "tir"
        )
    return out


__all__ = ["FIELDS", "REQUIRED", "validate_tir"]
