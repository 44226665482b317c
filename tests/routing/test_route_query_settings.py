"""A question answered through :func:`route_query` honours the caller's factors, limits and
timetable; the answer says how its times treat disruptions; a chain document carries the cargo asked for.

Oracles: :func:`route` called with the same settings; the documented wording of ``RouteResult.times``;
the cargo given to :func:`chain_document` (2 x 40HC, 30 t) rather than the one the chain was planned for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from corridor.emissions import bundled_factors
from corridor.errors import LimitExceededError
from corridor.network import Network
from corridor.network.io import network_from_csv
from corridor.network.model import Departure
from corridor.network.schedules import with_departures
from corridor.routing import Cargo, RouteQuery, route, route_query
from corridor.routing.limits import RouteLimits
from corridor.routing.plan import chain_document

TINY = Path(__file__).parents[1] / "data" / "tiny"
DEPART = dt.date(2026, 12, 3)
ANNUAL = "annual mix: disruptions (storms, congestion) averaged over the months of the year"


def _by_sea(**fields: object) -> RouteQuery:
    return RouteQuery.build("Alpha", "Omega", avoid_countries="RU", **fields)  # type: ignore[arg-type]


def test_the_caller_s_emission_factors_give_the_co2e(tiny: Network) -> None:
    original = bundled_factors()
    tocs = {k: replace(t, ttw_g=2 * t.ttw_g) if t.ttw_g is not None else t for k, t in original.tocs.items()}
    doubled = replace(original, tocs=tocs)
    query = _by_sea(criteria="co2e")
    plain = route_query(tiny, query).options[0]
    revised = route_query(tiny, query, factors=doubled).options[0]
    assert revised.emissions is not None
    assert plain.emissions is not None
    assert revised.emissions.wtw_kg > plain.emissions.wtw_kg
    expected = route(
        tiny, "Alpha", "Omega", constraints=query.constraints, criteria=("co2e",), factors=doubled
    )
    assert revised.values["co2e"] == pytest.approx(expected.options[0].values["co2e"])


def test_the_caller_s_limits_bound_the_question(tiny: Network) -> None:
    query = RouteQuery.build("Alpha", "Omega", via=["Porto", "Harbour"])
    assert route_query(tiny, query).options  # the default allows 8 via nodes
    with pytest.raises(LimitExceededError) as err:
        route_query(tiny, query, limits=RouteLimits(max_via=1))
    assert (str(err.value), err.value.field) == ("at most 1 via nodes per question, got 2", "via")


def test_a_timetable_sent_with_the_question_is_waited_for() -> None:
    network = network_from_csv(TINY)
    start = dt.datetime(DEPART.year, DEPART.month, DEPART.day)
    sailing = Departure("S1", "KZ-PORT", "AZ-PORT", start + dt.timedelta(hours=300), voyage="V300")
    query = _by_sea(criteria="time", depart=DEPART.isoformat())
    option = route_query(network, query, departures=[sailing]).options[0]
    (boarding,) = option.departures
    assert boarding.departure is not None
    assert (boarding.link_id, boarding.departure.voyage, boarding.departure.departs) == (
        "L4",
        "V300",
        sailing.departs,
    )
    # the same as the network carrying that timetable itself
    loaded = route_query(with_departures(network, [sailing]), query).options[0]
    assert option.duration_h_p50 == loaded.duration_h_p50
    assert route_query(network, query).options[0].departures == ()  # no timetable: average waits


def test_the_answer_says_how_its_times_treat_disruptions(tiny: Network) -> None:
    assert route_query(tiny, _by_sea()).times == ANNUAL
    dated = route_query(tiny, _by_sea(depart="2026-12-03"))
    assert dated.times == (
        "departure on 2026-12-03: disruptions (storms, congestion) of the months"
        " in which the cargo reaches them"
    )


def test_a_chain_document_carries_the_cargo_asked_for(tiny: Network) -> None:
    option = route(tiny, "Alpha", "Omega").options[0]  # planned for one 40' box
    document = chain_document(option.chain, Cargo.parse("2x40HC", mass_t=30))
    assert [(c.type, c.count) for c in document.cargo.containers] == [("40HC", 2)]
    assert document.cargo.mass_t == 30
    assert (document.origin, len(document.elements)) == ("CN-ALPHA", len(option.chain.elements))
