"""How a cargo reads back to its user, and which field each cargo error names.

Oracles: the documented forms of a cargo (containers by ISO type, TEU with an optional mass, bulk as
a mass in tonnes of liquid or dry bulk, with an optional dangerous-goods class) and the fields the API
reports an error under (``cargo``, ``mass_t``).
"""

from __future__ import annotations

import pytest

from corridor.errors import ConstraintError
from corridor.routing import Cargo


@pytest.mark.parametrize(
    ("cargo", "text"),
    [
        (Cargo.parse("2x40HC"), "2x40HC"),
        (Cargo.parse("1x20,1x40"), "1x20,1x40"),
        (Cargo((), None, None, 4.0), "4 TEU"),
        (Cargo((), None, 12.5, 4.0), "4 TEU (12.5 t)"),
        (Cargo.bulk(2000, "dry_bulk"), "2000 t dry bulk"),
        (Cargo.bulk(2000, "liquid_bulk", dg_class=3), "2000 t liquid bulk (DG class 3)"),
    ],
)
def test_a_cargo_reads_back_in_the_words_it_was_given(cargo: Cargo, text: str) -> None:
    assert str(cargo) == text


def test_bulk_cargo_keeps_its_dangerous_goods_class() -> None:
    assert Cargo.bulk(5000, "liquid_bulk", dg_class=3).dg_class == 3
    assert Cargo.bulk(5000, "liquid_bulk").dg_class is None


def _refusal(make: object) -> tuple[str, str | None]:
    assert callable(make)
    with pytest.raises(ConstraintError) as err:
        make()
    return str(err.value), err.value.field


def test_each_cargo_error_names_its_field() -> None:
    assert _refusal(lambda: Cargo((), None, 10.0, None, "gas")) == (
        "cargo form must be one of container, liquid_bulk, dry_bulk, got 'gas'",
        "cargo",
    )
    assert _refusal(lambda: Cargo((("40", 1),), None, 10.0, None, "dry_bulk")) == (
        "dry bulk cargo is a mass in tonnes without containers",
        "mass_t",
    )
    assert _refusal(lambda: Cargo((), None, None, None, "liquid_bulk")) == (
        "liquid bulk cargo is a mass in tonnes without containers",
        "mass_t",
    )
    assert _refusal(lambda: Cargo(())) == ("cargo needs containers, a mass or TEU", "cargo")
    assert _refusal(lambda: Cargo.parse("2 boxes")) == (
        "cannot read cargo '2 boxes': expected e.g. 2x40HC or 1x20,1x40",
        "cargo",
    )
