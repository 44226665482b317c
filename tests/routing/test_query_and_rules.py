"""A routing question read the one way every surface shares, and two constraints that must hold together.

Oracles: ``RouteQuery.build``'s documented normalisation (lists may hold comma-separated items,
whitespace stripped, countries upper-cased, modes and criteria lower-cased, repeats dropped in order)
and, for routes, the tiny network's CSV rows (the feeder S1 is the only crossing of the Caspian
outside Russia; Bordertown is reached from Alpha only by L1, the network's first link).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import (
    ConstraintError,
    NoRouteError,
    SearchLimitError,
    UnknownConstraintNodeError,
    UnknownConstraintValueError,
)
from corridor.network import Network, network_from_csv
from corridor.routing import Cargo, Constraints, route
from corridor.routing import graph as graph_module
from corridor.routing.graph import routing_graph
from corridor.routing.limits import RouteLimits
from corridor.routing.plan import route_query
from corridor.routing.query import RouteQuery

TINY = Path(__file__).parents[1] / "data" / "tiny"


def test_a_query_is_normalised_as_documented() -> None:
    query = RouteQuery.build(
        "Xi'an",
        "Duisburg",
        cargo="2x40HC",
        dg_class=3,
        mass_t=40,
        avoid_countries=["ru, by", "RU", " ir "],
        avoid_modes="ROAD, sea",
        require_modes=["Ferry", "ferry"],
        avoid_nodes="KZDOS, KZDOS",
        via=["KZAKX", "AZBAK"],
        max_transshipments=0,
        criteria="Time,COST,time",
        value_of_time_usd_per_container_day=50,
    )
    assert (query.origin, query.destination) == ("Xi'an", "Duisburg")
    assert query.cargo == Cargo.parse("2x40HC", dg_class=3, mass_t=40)
    assert query.cargo.dg_class == 3
    c = query.constraints
    assert c.avoid_countries == frozenset({"RU", "BY", "IR"})
    assert c.avoid_modes == frozenset({"road", "sea"})
    assert c.require_modes == ("ferry",)
    assert (c.avoid_nodes, c.via_nodes, c.max_transshipments) == (("KZDOS",), ("KZAKX", "AZBAK"), 0)
    assert query.criteria == ("time", "cost")
    assert query.value_of_time_usd_per_container_day == 50
    assert RouteQuery.build("a", "b", avoid_countries="ru").constraints.avoid_countries == frozenset({"RU"})


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"avoid_countries": "RUS"},
            "avoid_countries",
            "country must be an ISO 3166 alpha-2 code like RU, got 'RUS'",
        ),
        ({"criteria": " , "}, "criteria", "give at least one criterion"),
        (
            {"criteria": "speed"},
            "criteria",
            "unknown criteria 'speed'; expected one of time, cost, distance, co2e",
        ),
        ({"max_transshipments": -1}, "max_transshipments", "max transshipments must be >= 0, got -1"),
        (
            {"value_of_time_usd_per_container_day": -5},
            "value_of_time_usd_per_container_day",
            "value of time must be >= 0 USD per container-day, got -5",
        ),
        (
            {"value_of_time_usd_per_container_day": float("nan")},
            "value_of_time_usd_per_container_day",
            "value of time must be >= 0 USD per container-day, got nan",
        ),
    ],
)
def test_a_bad_query_item_is_refused_naming_its_field(
    change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ConstraintError) as err:
        RouteQuery.build("a", "b", **change)  # type: ignore[arg-type]
    assert (str(err.value), err.value.field) == (message, field)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("avoid_modes", "rial", "unknown mode 'rial' in the modes to avoid: did you mean rail or road?"),
        ("require_modes", "ferri", "unknown mode 'ferri' in the required modes: did you mean ferry or rail?"),
    ],
)
def test_a_misspelt_mode_is_refused_with_close_modes(field: str, value: str, message: str) -> None:
    with pytest.raises(UnknownConstraintValueError) as err:
        RouteQuery.build("a", "b", **{field: value})  # type: ignore[arg-type]
    assert (str(err.value), err.value.field) == (message, field)


def test_avoiding_a_mode_keeps_a_sailing_that_refuses_the_cargo_closed(tiny_copy: Path) -> None:
    # the feeder refuses class 3: with Russia avoided there is no route, also when road is avoided too
    services = tiny_copy / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace("2,350,,fixture", "2,350,3,fixture"), encoding="utf-8"
    )
    network = network_from_csv(tiny_copy)
    cargo = Cargo.parse("40", dg_class=3)
    with pytest.raises(NoRouteError):
        route(
            network, "Alpha", "Omega", cargo=cargo, constraints=Constraints(avoid_countries=frozenset({"RU"}))
        )
    with pytest.raises(NoRouteError):
        route(
            network,
            "Alpha",
            "Omega",
            cargo=cargo,
            constraints=Constraints(avoid_countries=frozenset({"RU"}), avoid_modes=frozenset({"road"})),
        )


def test_a_via_node_reached_by_the_networks_first_link_counts() -> None:
    tiny = network_from_csv(TINY)
    assert next(iter(tiny.links)) == "L1"  # CN-ALPHA to CN-BORDER, the only way out of Alpha
    free = route(tiny, "Alpha", "Omega", criteria=("time",))
    via = route(tiny, "Alpha", "Omega", criteria=("time",), constraints=Constraints(via_nodes=("CN-BORDER",)))
    assert [o.chain.legs[0].link_ids for o in via.options] == [o.chain.legs[0].link_ids for o in free.options]
    assert via.options[0].duration_days_p50 == free.options[0].duration_days_p50


def test_an_unknown_country_to_avoid_is_named_with_close_codes() -> None:
    tiny = network_from_csv(TINY)
    with pytest.raises(UnknownConstraintValueError) as err:
        route(tiny, "Alpha", "Omega", constraints=Constraints(avoid_countries=frozenset({"BL"})))
    assert err.value.value == "BL"
    assert str(err.value).startswith("unknown country code 'BL' in the countries to avoid: did you mean")
    assert "BY" in err.value.suggestions


def test_a_graph_cached_for_another_network_at_the_same_id_is_not_reused(tiny_copy: Path) -> None:
    # the cache is keyed by id(network); ids are reused once a network is freed, so the entry is
    # checked to belong to the very network asked about
    links = tiny_copy / "links.csv"
    links.write_text(
        links.read_text(encoding="utf-8").replace("L8,RU-NORTH,DE-OMEGA", "L9,RU-NORTH,DE-OMEGA")
    )
    changed = network_from_csv(tiny_copy)
    stale = routing_graph(network_from_csv(TINY))
    graph_module._CACHE[id(changed)] = stale
    graph = routing_graph(changed)
    assert graph.network is changed
    assert "L9" in graph.link_ids
    assert "L8" not in graph.link_ids


def test_a_result_names_the_network_and_version_it_was_computed_on() -> None:
    tiny = network_from_csv(TINY)
    provenance = route(tiny, "Alpha", "Omega", criteria=("time",)).provenance
    # the values of tests/data/tiny/network.toml
    assert (provenance["network"], provenance["network_version"], provenance["currency_year"]) == (
        "tiny",
        "1",
        2024,
    )


def test_an_unknown_via_node_is_named_as_a_node_with_close_names() -> None:
    tiny = network_from_csv(TINY)
    with pytest.raises(UnknownConstraintNodeError) as err:
        route(tiny, "Alpha", "Omega", constraints=Constraints(via_nodes=("Portto",)))
    assert err.value.field == "via"
    assert str(err.value).startswith("unknown node 'Portto' in ")
    assert "Porto (KZ-PORT)" in err.value.suggestions


def _ladder(folder: Path, stages: int) -> Network:
    """Two parallel links per stage, fast and dear or slow and cheap, weighted 2^k: every path is
    Pareto-optimal on (time, cost) (as tests/api/test_limits.py builds it)."""
    folder.mkdir()
    for name in ("network.toml", "sources.csv"):
        (folder / name).write_text((TINY / name).read_text(encoding="utf-8"), encoding="utf-8")
    nodes = ["node_id,name,country,lat,lon,kind,source_ids"]
    nodes += [f"XX-S{k},S{k},KZ,45,{50 + k},rail_terminal,fixture" for k in range(stages + 1)]
    links = [
        "link_id,from_node,to_node,mode,gauge_mm,bidirectional,distance_km,duration_h_min,duration_h_mode,"
        "duration_h_max,cost_usd_20,cost_usd_40,countries,electric_share,reefer,source_ids"
    ]
    for k in range(stages):
        for kind, h, usd in (("F", 2**k, 0), ("C", 0, 2**k)):
            links.append(
                f"{kind}{k},XX-S{k},XX-S{k + 1},rail,1435,true,100,{h},{h},{h},{usd},{usd},KZ,1,true,fixture"
            )
    services = ["service_id,link_id,name,departures_per_week,capacity_teu_per_departure,source_ids"]
    for name, rows in (("nodes.csv", nodes), ("links.csv", links), ("services.csv", services)):
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return network_from_csv(folder)


def test_a_search_over_its_label_limit_says_how_to_narrow_it(tmp_path: Path) -> None:
    # 2^11 = 2,048 paths of equal time + cost, every one Pareto-optimal: more labels than 1,024
    network = _ladder(tmp_path / "ladder", 11)
    with pytest.raises(SearchLimitError) as err:
        route(network, "XX-S0", "XX-S11", criteria=("time", "cost"), limits=RouteLimits(max_labels=1024))
    assert str(err.value) == (
        "the search created more than 1024 labels; use fewer criteria, fewer via nodes or more constraints"
    )


def test_a_query_is_answered_with_everything_it_asks() -> None:
    tiny = network_from_csv(TINY)
    query = RouteQuery.build(
        "Alpha",
        "Omega",
        cargo="3x40HC",
        avoid_countries="ru",
        criteria="time,cost",
        value_of_time_usd_per_container_day=40,
    )
    asked = route_query(tiny, query)
    direct = route(
        tiny,
        "Alpha",
        "Omega",
        cargo=Cargo.parse("3x40HC"),
        constraints=Constraints(avoid_countries=frozenset({"RU"})),
        criteria=("time", "cost"),
        value_of_time_usd_per_container_day=40,
    )
    assert asked.cargo == Cargo.parse("3x40HC")
    assert asked.constraints.avoid_countries == frozenset({"RU"})
    assert asked.criteria == ("time", "cost")
    assert [o.chain.cost_usd for o in asked.options] == [o.chain.cost_usd for o in direct.options]
    assert [o.generalised_cost_usd for o in asked.options] == [o.generalised_cost_usd for o in direct.options]
