"""Dangerous-goods rules: each sourced, each obeyed, each explained, and silence warned about."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import bundled_network
from corridor.errors import NoRouteError
from corridor.network.records import DgRule
from corridor.routing import Cargo, Constraints, route

NETWORK = bundled_network()
RULES = sorted(NETWORK.dg_rules.values(), key=lambda r: r.rule_id)
#: Places a class 7 consignment might start or end at (terminals, ports) across the network.
PLACES = sorted(
    n.node_id for n in NETWORK.nodes.values() if n.kind in ("rail_terminal", "seaport", "ferry_port")
)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.rule_id)
def test_every_refusal_and_acceptance_cites_a_published_source(rule: DgRule) -> None:
    cited = [NETWORK.sources[s] for s in rule.source_ids]
    if rule.verdict != "unknown":
        assert any(s.kind != "method" and s.url for s in cited), rule.rule_id
    assert rule.note, "every rule says in words what its source states"


def test_the_black_sea_liners_refuse_class_7() -> None:
    # World Nuclear News, 20 Dec 2022: the TITR requires chartered vessels for class 7 on the
    # Black Sea rather than commercial shipping companies.
    for link_id in ("L-GEPTI-ROCND-SEA", "L-GEBUS-ROCND-SEA", "L-GEPTI-BGVAR-SEA", "L-GEBUS-BGBOJ-SEA"):
        for service in NETWORK.services_on(link_id):
            rule = NETWORK.dg_rule("service", service.service_id, 7)
            assert rule is not None
            assert rule.verdict == "refused"
            assert "wnn-2022-12-kazatomprom-titr" in rule.source_ids


def test_a_refusal_is_for_its_class_only() -> None:
    """The same feeder takes class 3: a source about class 7 says nothing about other classes."""
    options = route(
        NETWORK,
        "Batumi",
        "Burgas",
        cargo=Cargo.parse("1x20", dg_class=3),
        constraints=Constraints(avoid_modes=frozenset({"rail"})),
        criteria=("time",),
    )
    assert options.options
    with pytest.raises(NoRouteError):
        route(
            NETWORK,
            "Batumi",
            "Burgas",
            cargo=Cargo.parse("1x20", dg_class=7),
            constraints=Constraints(avoid_modes=frozenset({"rail"})),
            criteria=("time",),
        )


def test_the_no_route_message_names_the_rule_and_its_source() -> None:
    with pytest.raises(NoRouteError) as info:
        route(
            NETWORK,
            "Batumi",
            "Burgas",
            cargo=Cargo.parse("1x20", dg_class=7),
            constraints=Constraints(avoid_modes=frozenset({"rail"})),
            criteria=("time",),
        )
    message = str(info.value)
    assert "DG-S-GEBUS-BGBOJ-SEA-1-7" in message
    assert "World Nuclear News" in message
    assert "dg_class" in info.value.culprits


def test_a_rule_that_removed_a_cheaper_route_is_named_when_others_remain() -> None:
    result = route(NETWORK, "Poti", "Constanta", cargo=Cargo.parse("1x20", dg_class=7))
    assert any("DG-S-GEPTI-ROCND-SEA-1-7" in w for w in result.warnings)
    for option in result.options:
        assert "S-GEPTI-ROCND-SEA-1" not in {s for leg in option.chain.legs for s in leg.service_ids}


def test_uranium_avoiding_russia_leaves_poti_on_the_charter() -> None:
    """Kazatomprom's 2022 route: rail to the Caspian, ferry, Georgia, a chartered vessel from Poti."""
    result = route(
        NETWORK,
        "Kyzylorda",
        "Port of Baltimore",
        cargo=Cargo.parse("10x20", dg_class=7),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})),
    )
    assert result.options
    for option in result.options:
        services = {s for leg in option.chain.legs for s in leg.service_ids}
        assert "S-GEPTI-USBAL-CHARTER-1" in services
        assert "RU" not in option.chain.countries


def test_silence_is_warned_about_not_assumed() -> None:
    result = route(
        NETWORK,
        "Kyzylorda",
        "Poti",
        cargo=Cargo.parse("10x20", dg_class=7),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})),
        criteria=("time",),
    )
    (warning,) = result.warnings
    assert "no source says" in warning
    assert "Gardabani" in warning
    assert "Aktau (KZAAU)" not in warning  # sourced: Kazatomprom loads its class 7 ferries there


def test_no_warning_without_a_class() -> None:
    assert route(NETWORK, "Kyzylorda", "Poti", criteria=("time",)).warnings == ()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(origin=st.sampled_from(PLACES), destination=st.sampled_from(PLACES))
def test_class_7_never_uses_what_a_rule_refuses(origin: str, destination: str) -> None:
    if origin == destination:
        return
    try:
        result = route(
            NETWORK, origin, destination, cargo=Cargo.parse("1x20", dg_class=7), criteria=("time", "cost")
        )
    except NoRouteError:
        return
    refused_nodes = NETWORK.dg_refused("node", 7)
    refused_services = NETWORK.dg_refused("service", 7)
    refused_links = NETWORK.dg_refused("link", 7)
    for option in result.options:
        for leg in option.chain.legs:
            assert not refused_nodes & set(leg.node_ids)
            assert not refused_links & set(leg.link_ids)
            assert not refused_services & set(leg.service_ids)
            for link_id in leg.link_ids:
                if NETWORK.services_on(link_id):  # a ship: some service on it takes class 7
                    assert any(s.service_id not in refused_services for s in NETWORK.services_on(link_id))
