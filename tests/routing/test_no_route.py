"""When no route exists, the message names what to relax: the user's next step."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import NoRouteError
from corridor.network import Network, network_from_csv
from corridor.routing import Cargo, Constraints, route

NO_RU = frozenset({"RU"})


def _without_links(folder: Path, *link_ids: str) -> Network:
    links = folder / "links.csv"
    rows = links.read_text(encoding="utf-8").splitlines(keepends=True)
    links.write_text("".join(r for r in rows if r.split(",")[0] not in link_ids), encoding="utf-8")
    return network_from_csv(folder)


@pytest.mark.parametrize(
    ("cargo", "constraints", "message"),
    [
        (
            Cargo.parse("40RF"),
            Constraints(avoid_countries=NO_RU),
            "it is the countries to avoid or reefer containers that removes the last route "
            "(avoid countries RU)",
        ),
        (
            # the feeder refuses both the reefer and class 1: dropping either alone does not help
            Cargo.parse("40RF", dg_class=1),
            Constraints(avoid_countries=NO_RU),
            "it is the countries to avoid that removes the last route (avoid countries RU)",
        ),
        (
            Cargo.parse("40", dg_class=1),
            Constraints(avoid_countries=NO_RU),
            "it is the countries to avoid or the dangerous-goods class that removes the last route"
            " (avoid countries RU)",
        ),
        (
            Cargo.parse("40"),
            Constraints(avoid_nodes=("Northton",), avoid_modes=frozenset({"sea"})),
            "it is the modes to avoid or the nodes to avoid that removes the last route"
            " (avoid modes sea; avoid nodes RU-NORTH)",
        ),
        (
            # the only sailing calls at Harbour: requiring the sea and avoiding it cannot both hold
            Cargo.parse("40"),
            Constraints(require_modes=("sea",), avoid_nodes=("Harbour",)),
            "it is the required modes or the nodes to avoid that removes the last route"
            " (require modes sea; avoid nodes AZ-PORT)",
        ),
        (
            Cargo.parse("40"),
            Constraints(
                avoid_countries=NO_RU, avoid_modes=frozenset({"sea"}), avoid_nodes=("Northton", "Harbour")
            ),
            " under these constraints together"
            " (avoid countries RU; avoid modes sea; avoid nodes RU-NORTH,AZ-PORT); each alone leaves a route",
        ),
    ],
)
def test_no_route_names_the_constraints_that_alone_remove_it(
    tiny: Network, cargo: Cargo, constraints: Constraints, message: str
) -> None:
    with pytest.raises(NoRouteError) as err:
        route(tiny, "Alpha", "Omega", cargo=cargo, constraints=constraints)
    separator = "" if message.startswith(" ") else ": "
    assert str(err.value) == "no route from Alpha to Omega" + separator + message


def test_no_route_blames_the_cargo_when_no_constraint_is_set(tiny_copy: Path) -> None:
    sea_only = _without_links(tiny_copy, "L7")
    with pytest.raises(NoRouteError) as err:
        route(sea_only, "Alpha", "Omega", cargo=Cargo.parse("40RF"))
    assert str(err.value) == (
        "no route from Alpha to Omega: it is reefer containers that removes the last route (cargo)"
    )


def test_no_route_between_unconnected_nodes_says_so(tiny_copy: Path) -> None:
    cut = _without_links(tiny_copy, "L3", "L7")
    with pytest.raises(NoRouteError) as err:
        route(cut, "Alpha", "Omega", constraints=Constraints(avoid_modes=frozenset({"road"})))
    assert str(err.value) == "no route from Alpha to Omega: the two nodes are not connected in this network"
