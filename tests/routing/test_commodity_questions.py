"""A question about a named commodity: its dangerous-goods class, the warning where the class is
unknown, and the same answer as the plain search it stands for.

Oracles: the bundled commodity table (crude oil UN 1267 class 3; rare-earth concentrate without a
sourced class) and :func:`corridor.routing.route` called with the question's own fields.
"""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.errors import ConstraintError, UnknownNodeError
from corridor.network.io import bundled_network
from corridor.routing import RouteQuery, route, route_query

NETWORK = bundled_network()
UNKNOWN_CLASS = (
    "the dangerous-goods class of Rare-earth concentrate is unknown (no source; it depends on the cargo): "
    "no dangerous-goods rule was applied; give the class (--dg-class) if it has one"
)


def test_a_commodity_sets_its_class_and_refuses_another_naming_dg_class() -> None:
    assert RouteQuery.build("Tengiz", "Trieste", commodity="crude-oil", mass_t=1000).cargo.dg_class == 3
    assert (
        RouteQuery.build("Tengiz", "Trieste", commodity="crude-oil", mass_t=1000, dg_class=3).cargo.dg_class
        == 3
    )
    with pytest.raises(ConstraintError) as err:
        RouteQuery.build("Tengiz", "Trieste", commodity="crude-oil", mass_t=1000, dg_class=2)
    assert (str(err.value), err.value.field) == (
        "Crude oil, UN 1267 class 3 is class 3, not class 2",
        "dg_class",
    )
    # goods without a class of their own take the one given, or none
    assert (
        RouteQuery.build("Xi'an", "Almaty", commodity="copper-cathodes", cargo="1x20").cargo.dg_class is None
    )
    given = RouteQuery.build("Xi'an", "Almaty", commodity="copper-cathodes", cargo="1x20", dg_class=8)
    assert given.cargo.dg_class == 8


def test_goods_of_unknown_class_are_routed_with_a_warning_until_the_class_is_given() -> None:
    plain = route(NETWORK, "Xi'an", "Almaty", cargo=RouteQuery.build("Xi'an", "Almaty").cargo)
    query = RouteQuery.build("Xi'an", "Almaty", commodity="rare-earth-concentrate", cargo="1x20")
    result = route_query(NETWORK, query)
    assert result.commodity == "rare-earth-concentrate"
    assert result.warnings == (*plain.warnings, UNKNOWN_CLASS)
    classed = RouteQuery.build(
        "Xi'an", "Almaty", commodity="rare-earth-concentrate", cargo="1x20", dg_class=8
    )
    assert UNKNOWN_CLASS not in route_query(NETWORK, classed).warnings
    known = RouteQuery.build("Xi'an", "Almaty", commodity="copper-cathodes", cargo="1x20")
    assert UNKNOWN_CLASS not in route_query(NETWORK, known).warnings


def test_a_question_is_answered_as_the_search_with_its_fields() -> None:
    query = RouteQuery.build("Xi'an", "Duisburg", cargo="1x40", depart="2026-01-15")
    assert query.depart == dt.date(2026, 1, 15)
    dated = route_query(NETWORK, query)
    assert dated == route(NETWORK, "Xi'an", "Duisburg", cargo=query.cargo, depart=dt.date(2026, 1, 15))
    assert dated != route(NETWORK, "Xi'an", "Duisburg", cargo=query.cargo)  # the departure counts
    # by default the endpoints may be places off the network (a door's road legs reach them) ...
    assert route_query(NETWORK, RouteQuery.build("Xi'an", "Lyon, FR")).options
    # ... and places=False reads them as nodes only: a town off the network is then unknown
    with pytest.raises(UnknownNodeError, match="unknown node 'Lyon, FR'"):
        route_query(NETWORK, RouteQuery.build("Xi'an", "Lyon, FR"), places=False)
