"""Each refused cargo names the field the API reports it under and the value refused; TEU bounds.

Oracles: the documented limits of a cargo (1 to 100,000 boxes of a known ISO type, a
dangerous-goods class 1 to 9, a mass above 0 and at most 10,000,000 t, a TEU count above 0 and at
most 1,000,000) and the fields of the routing question the API names in its error body
(``cargo``, ``dg_class``, ``mass_t``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corridor.errors import ConstraintError
from corridor.routing import Cargo


def _refusal(make: Callable[[], Cargo]) -> tuple[str, str | None]:
    with pytest.raises(ConstraintError) as err:
        make()
    return str(err.value), err.value.field


def test_an_unknown_container_type_is_refused_under_cargo() -> None:
    assert _refusal(lambda: Cargo.parse("2x45FR")) == (
        "unknown container type '45FR'; expected one of 20, 40, 40HC, 20RF, 40RF",
        "cargo",
    )


@pytest.mark.parametrize(("text", "shown"), [("0x40", "0 x 40"), ("100001x20", "100001 x 20")])
def test_a_container_count_out_of_range_is_refused_under_cargo(text: str, shown: str) -> None:
    assert _refusal(lambda: Cargo.parse(text)) == (f"container count must be 1-100000, got {shown}", "cargo")


@pytest.mark.parametrize("dg_class", [0, 10])
def test_a_dangerous_goods_class_out_of_range_is_refused_under_dg_class(dg_class: int) -> None:
    assert _refusal(lambda: Cargo.parse("1x40", dg_class=dg_class)) == (
        f"dangerous-goods class must be 1-9, got {dg_class}",
        "dg_class",
    )


@pytest.mark.parametrize("mass_t", [0.0, -5.0, 10_000_001.0])
def test_a_cargo_mass_out_of_range_is_refused_under_mass_t(mass_t: float) -> None:
    assert _refusal(lambda: Cargo.parse("1x40", mass_t=mass_t)) == (
        f"cargo mass must be > 0 and at most 10000000 t, got {mass_t}",
        "mass_t",
    )
    assert _refusal(lambda: Cargo.bulk(mass_t, "dry_bulk"))[1] == "mass_t"


@pytest.mark.parametrize("teu", [0.0, -1.0, 1_000_000.5, 2_000_000.0])
def test_a_teu_count_out_of_range_is_refused_under_cargo(teu: float) -> None:
    assert _refusal(lambda: Cargo((), None, None, teu)) == (
        f"TEU must be > 0 and at most 1000000, got {teu}",
        "cargo",
    )


@pytest.mark.parametrize("teu", [0.5, 1.0, 4.0, 999_999.5, 1_000_000.0])
def test_a_teu_count_within_range_is_taken_as_given(teu: float) -> None:
    cargo = Cargo((), None, None, teu)
    assert cargo.teu == teu
    assert cargo.teu_glec == teu
