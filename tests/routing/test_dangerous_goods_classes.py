"""Dangerous-goods rules beyond classes 3 and 7, each tested against what its source says."""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.routing import Cargo, route

NETWORK = bundled_network()
MARMARAY = "L-TR-ANKARA-TR-HALKALI-RAIL"
RO_PAX = (
    "S-KZ-KURYK-AZ-ALAT-FERRY-1",
    "S-KZ-KURYK-AZ-ALAT-RORO-1",
    "S-GEBUS-BGVAR-RORO-1",
    "S-BGVAR-GEBUS-RORO-1",
)


@pytest.mark.parametrize("dg_class", range(1, 10))
def test_the_marmaray_tube_refuses_every_class(dg_class: int) -> None:
    # RailTurkey (9 Jan 2019): "Dangerous goods will not be allowed in Marmaray route";
    # Rail Cargo Group (2024): chemicals banned in the tunnel, even empty cleaned wagons.
    rule = NETWORK.dg_rule("link", MARMARAY, dg_class)
    assert rule is not None
    assert rule.verdict == "refused"
    assert {"railturkey-2019-marmaray-dg", "railcargo-2024-marmaray"} <= set(rule.source_ids)


def test_a_dangerous_container_does_not_cross_the_bosphorus_by_marmaray() -> None:
    plain = route(NETWORK, "Ankara", "Halkali", cargo=Cargo.parse("1x20"), criteria=("time",))
    assert any(MARMARAY in leg.link_ids for o in plain.options for leg in o.chain.legs)
    dangerous = route(NETWORK, "Ankara", "Halkali", cargo=Cargo.parse("1x20", dg_class=3), criteria=("time",))
    assert all(MARMARAY not in leg.link_ids for o in dangerous.options for leg in o.chain.legs)
    assert any("DG-L-TR-ANKARA-TR-HALKALI-RAIL-ALL" in w for w in dangerous.warnings)


@pytest.mark.parametrize("service_id", RO_PAX)
@pytest.mark.parametrize("dg_class", [1, 2])
def test_ro_pax_explosives_and_gases_are_unknown_not_assumed(service_id: str, dg_class: int) -> None:
    # The IMDG Code limits them on passenger ships entry by entry (stowage categories), not by class:
    # the data says "unknown" so the planner warns rather than allowing silently or refusing.
    rule = NETWORK.dg_rule("service", service_id, dg_class)
    assert rule is not None
    assert rule.verdict == "unknown"
    assert "imdg-passenger-ships" in rule.source_ids
