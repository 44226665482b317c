"""The commodity table: sourced facts, lookups, and what a commodity does to a routing query."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.commodities import bundled_commodities, bundled_commodities_path, commodities_from_csv
from corridor.errors import ConstraintError, DataFileError
from corridor.routing import RouteQuery


def test_uranium_ore_concentrate_is_un_2912_class_7() -> None:
    # UN Model Regulations / ADR Table A: UN 2912 RADIOACTIVE MATERIAL, LSA-I, class 7.
    uoc = bundled_commodities().find("uranium-ore-concentrate")
    assert (uoc.un_number, uoc.dg_class, uoc.cargo_form) == ("2912", 7, "container")
    assert "unece-adr-2023" in uoc.source_ids


def test_crude_oil_is_un_1267_class_3_and_bulk() -> None:
    oil = bundled_commodities().find("Crude oil")
    assert (oil.un_number, oil.dg_class, oil.bulk) == ("1267", 3, True)


def test_crude_value_and_density_follow_from_the_cited_conversions() -> None:
    # EIA: Brent averaged 80 USD/bbl in 2024; Energy Institute: 7.33 bbl per tonne; 1 bbl = 0.158987 m3.
    oil = bundled_commodities().find("crude-oil")
    assert oil.value_usd_per_t == pytest.approx(80 * 7.33, abs=1)
    assert oil.density_t_per_m3 == pytest.approx(1 / (7.33 * 0.158987), abs=0.001)


def test_uoc_value_follows_from_the_end_2024_spot_price() -> None:
    # ANS/Cameco: 72.63 USD per lb U3O8 at the end of 2024; 2,204.62 lb per tonne.
    assert bundled_commodities().find("UOC").value_usd_per_t == pytest.approx(72.63 * 2204.62, abs=1)


def test_unknown_facts_stay_unknown() -> None:
    ree = bundled_commodities().find("rare earths")
    assert ree.dg_class_unknown
    assert not bundled_commodities().find("general-cargo").dg_class_unknown
    assert ree.dg_class is None
    assert ree.value_usd_per_t is None


def test_every_cited_source_has_a_url_or_says_its_method() -> None:
    table = bundled_commodities()
    for commodity in table.commodities.values():
        for source_id in commodity.source_ids:
            source = table.sources[source_id]
            assert source.url or (source.kind == "method" and source.note)


def test_unknown_commodity_suggests_close_names() -> None:
    with pytest.raises(ConstraintError, match="unknown commodity 'uranium-ore'") as info:
        bundled_commodities().find("uranium-ore")
    assert "uranium-ore-concentrate" in str(info.value)
    assert info.value.field == "commodity"


def test_commodity_sets_the_query_class() -> None:
    query = RouteQuery.build("Kyzylorda", "Poti", cargo="10x20", commodity="yellowcake")
    assert (query.cargo.dg_class, query.commodity) == (7, "uranium-ore-concentrate")


def test_a_different_class_for_the_commodity_is_refused() -> None:
    with pytest.raises(ConstraintError, match="class 7, not class 3") as info:
        RouteQuery.build("Kyzylorda", "Poti", commodity="uranium-ore-concentrate", dg_class=3)
    assert info.value.field == "dg_class"


def test_a_class_may_be_given_where_the_table_has_none() -> None:
    query = RouteQuery.build("Kyzylorda", "Poti", commodity="rare-earth-concentrate", dg_class=7)
    assert query.cargo.dg_class == 7


def test_bad_row_names_file_row_and_field(tmp_path: Path) -> None:
    for file in bundled_commodities_path().iterdir():
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "commodities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",7,2912,", ",,2912,"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 3, field 'dg_class': UN 2912 is dangerous goods"):
        commodities_from_csv(tmp_path)


def test_a_commodity_of_unknown_class_is_routed_with_a_warning() -> None:
    from corridor import bundled_network
    from corridor.routing import route_query

    query = RouteQuery.build("Kyzylorda", "Poti", commodity="rare-earth-concentrate", criteria="time")
    (warning,) = route_query(bundled_network(), query).warnings
    assert "dangerous-goods class of Rare-earth concentrate is unknown" in warning
    given = RouteQuery.build(
        "Kyzylorda", "Poti", commodity="rare-earth-concentrate", dg_class=7, criteria="time"
    )
    assert not any("is unknown" in w for w in route_query(bundled_network(), given).warnings)


def test_ammonium_nitrate_is_un_1942_class_5() -> None:
    # ADR Table A: UN 1942 AMMONIUM NITRATE, class 5.1 (kept as its whole-number class, 5).
    fertiliser = bundled_commodities().find("ammonium nitrate")
    assert (fertiliser.un_number, fertiliser.dg_class) == ("1942", 5)
