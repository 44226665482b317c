"""Cargo and constraints as a shipper writes them: parsing, limits, and how they read back."""

from __future__ import annotations

import pytest

from corridor.chain import cargo_to_dict
from corridor.errors import ConstraintError
from corridor.routing import Cargo, Constraints

Containers = tuple[tuple[str, int], ...]


@pytest.mark.parametrize(
    ("text", "containers"),
    [
        ("40", (("40", 1),)),
        ("2x40HC", (("40HC", 2),)),
        (" 3 X 20 ", (("20", 3),)),
        ("1×20gp, 2x40hq", (("20", 1), ("40HC", 2))),
        ("1x20DV,1x40DV,1x40GP,1x45HC", (("20", 1), ("40", 1), ("40", 1), ("40HC", 1))),
        ("reefer,1x20REEFER,40REEFER", (("40RF", 1), ("20RF", 1), ("40RF", 1))),
    ],
)
def test_cargo_reads_counts_types_and_trade_aliases(
    text: str, containers: tuple[tuple[str, int], ...]
) -> None:
    assert Cargo.parse(text).containers == containers


def test_parsed_cargo_keeps_dangerous_goods_class_and_mass() -> None:
    cargo = Cargo.parse("2x40", dg_class=3, mass_t=40)
    assert (cargo.dg_class, cargo.mass_t) == (3, 40)
    assert str(cargo) == "2x40 (40 t) (DG class 3)"


def test_teu_boxes_and_tariffs_of_a_mixed_cargo() -> None:
    cargo = Cargo.parse("3x20,2x40HC,1x40RF")
    assert cargo.teu == 3 + 4 + 2
    assert cargo.n_containers == 6
    assert (cargo.n_billed_20, cargo.n_billed_40) == (3, 3)
    assert cargo.reefer
    assert not Cargo.parse("1x20").reefer


def test_cargo_reads_back_as_it_was_written() -> None:
    assert str(Cargo.parse("1x20,3x40RF")) == "1x20,3x40RF"
    assert str(Cargo.parse("1x20", mass_t=12.5)) == "1x20 (12.5 t)"


def test_cargo_converts_to_the_chain_documents_containers_and_mass() -> None:
    chain_cargo = cargo_to_dict(Cargo.parse("1x20,2x40HC", mass_t=30))
    assert chain_cargo == {
        "containers": [{"type": "20", "count": 1}, {"type": "40HC", "count": 2}],
        "mass_t": 30,
    }


@pytest.mark.parametrize("text", ["", "2-40", "-1x40", "2x40,", "two x 40", "2x40 HC"])
def test_unreadable_cargo_is_refused_with_the_text_and_an_example(text: str) -> None:
    with pytest.raises(ConstraintError, match=r"cannot read cargo .* expected e\.g\. 2x40HC"):
        Cargo.parse(text)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"containers": ()}, "cargo needs containers, a mass or TEU"),
        (
            {"containers": (("30", 1),)},
            "unknown container type '30'; expected one of 20, 40, 40HC, 20RF, 40RF",
        ),
        ({"containers": (("40", 0),)}, "container count must be 1-100000, got 0 x 40"),
        ({"containers": (("40", 100_001),)}, "container count must be 1-100000, got 100001 x 40"),
        ({"dg_class": 0}, "dangerous-goods class must be 1-9, got 0"),
        ({"dg_class": 10}, "dangerous-goods class must be 1-9, got 10"),
        ({"mass_t": 0}, "cargo mass must be > 0 and at most 10000000 t, got 0"),
        ({"mass_t": 1e7 + 0.5}, "cargo mass must be > 0 and at most 10000000 t, got 10000000.5"),
    ],
)
def test_cargo_out_of_range_is_refused_naming_the_value(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConstraintError) as err:
        Cargo(**kwargs)  # type: ignore[arg-type]
    assert str(err.value) == message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"containers": (("40", 1),)},
        {"containers": (("20", 100_000),)},
        {"dg_class": 1},
        {"dg_class": 9},
        {"mass_t": 0.1},
        {"mass_t": 1e7},
    ],
)
def test_cargo_at_the_limits_is_accepted(kwargs: dict[str, object]) -> None:
    Cargo(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"avoid_modes": frozenset({"air"})},
            "unknown mode 'air' in the modes to avoid: did you mean rail or tanker?",
        ),
        (
            {"require_modes": ("zz",)},
            "unknown mode 'zz' in the required modes: "
            "did you mean rail or road or sea or ferry or iww or pipeline or tanker or bulk_carrier?",
        ),
        (
            {"avoid_modes": frozenset({"sea"}), "require_modes": ("sea",)},
            "mode 'sea' is both avoided and required",
        ),
        (
            {"avoid_countries": frozenset({"ru"})},
            "country must be an ISO 3166 alpha-2 code like RU, got 'ru'",
        ),
        (
            {"avoid_countries": frozenset({"RUS"})},
            "country must be an ISO 3166 alpha-2 code like RU, got 'RUS'",
        ),
        ({"max_transshipments": -1}, "max transshipments must be >= 0, got -1"),
        ({"require_modes": ("rail",) * 5}, "at most 4 required modes and 8 via nodes"),
        ({"via_nodes": tuple("ABCDEFGHI")}, "at most 4 required modes and 8 via nodes"),
    ],
)
def test_impossible_constraints_are_refused_naming_the_value(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConstraintError) as err:
        Constraints(**kwargs)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_constraints_at_the_limits_are_accepted() -> None:
    Constraints(require_modes=("rail",) * 4, via_nodes=tuple("ABCDEFGH"), max_transshipments=0)


def test_constraints_describe_themselves_in_words() -> None:
    constraints = Constraints(
        avoid_countries=frozenset({"RU", "IR"}),
        avoid_modes=frozenset({"road", "iww"}),
        require_modes=("sea", "rail"),
        avoid_nodes=("Northton", "Aktau"),
        via_nodes=("Harbour", "Baku"),
        max_transshipments=0,
    )
    assert constraints.describe() == [
        "avoid countries IR,RU",
        "avoid modes iww,road",
        "require modes sea,rail",
        "avoid nodes Northton,Aktau",
        "via Harbour,Baku",
        "at most 0 transshipments",
    ]
    assert Constraints().describe() == []


def test_cargo_on_trucks_is_one_box_a_chassis_or_loose_in_semi_trailers() -> None:
    """One box per truck; loose cargo fills 28 t semi-trailers (40 t EU limit less 12 t of vehicle)."""
    boxes = Cargo.parse("2x40HC,1x20")
    assert (boxes.road_unit, boxes.trucks) == ("container-on-chassis", 3)
    assert boxes.truck_tare_t == pytest.approx(3 * (7.5 + 3.4))
    loose = Cargo((), mass_t=60.0)
    assert (loose.road_unit, loose.trucks) == ("semi-trailer", 3)
    assert loose.truck_tare_t == pytest.approx(3 * 12.0)
    assert Cargo((), mass_t=28.0).trucks == 1
