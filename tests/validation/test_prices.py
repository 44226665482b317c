"""Prices: tariffs from the published quotes by the stated method; held-out figures kept apart."""

from __future__ import annotations

import pytest

from corridor.errors import DataFileError
from corridor.network.io import bundled_network
from corridor.network.model import Network
from corridor.routing import RouteQuery, route_query
from corridor.validation import bundled_figures
from corridor.validation.prices import (
    TARGET_TOLERANCE,
    calibrate,
    crossing_groups,
    link_costs,
    price_rows,
    targets,
)


@pytest.fixture(scope="module")
def net() -> Network:
    return bundled_network()


def _cost(net: Network, origin: str, destination: str, **lists: list[str]) -> float:
    query = RouteQuery.build(origin, destination, cargo="1x40", criteria="time", **lists)  # type: ignore[arg-type]
    return route_query(net, query).options[0].chain.cost_usd


def test_every_calibrated_link_costs_what_the_method_gives(net: Network) -> None:
    """No calibrated link was priced by hand: links.csv is the method's output, 20' at 0.70 of 40'."""
    rows = price_rows()
    costs = link_costs(net, calibrate(net, rows).rates, crossing_groups(rows))
    assert len(costs) >= 150
    for link_id, (twenty, forty) in costs.items():
        link = net.links[link_id]
        assert (link.cost_usd_20, link.cost_usd_40) == (twenty, forty), link_id


@pytest.mark.parametrize(
    ("origin", "destination", "lists", "quote"),
    [
        # ERA index 2024, border to border on the 1520 mm section
        ("KZ-DOSTYK", "BY-BREST", {"avoid_modes": ["sea", "ferry"]}, 3240),
        # Argus, November 2024: 40HQ China-Aktau
        ("CN-XIAN", "KZAAU", {}, 5375),
        # InterRail, April 2020, x US CPI 1.212: via Turkmenbashi, and via Aktau
        (
            "UZTAS",
            "TR-HALKALI",
            {"via": ["TMKRW", "AZ-ALAT", "GE-AKHALKALAKI"], "avoid_modes": ["sea"]},
            3603,
        ),
        (
            "UZTAS",
            "TR-HALKALI",
            {
                "via": ["UZ-KARAKALPAKIYA", "KZAAU", "GE-AKHALKALAKI"],
                "avoid_nodes": ["KZ-KURYK"],
                "avoid_modes": ["sea"],
            },
            5193,
        ),
    ],
)
def test_the_planner_prices_each_quoted_lane_at_its_quote(
    net: Network, origin: str, destination: str, lists: dict[str, list[str]], quote: float
) -> None:
    """The planner's route, hubs and all, costs the quote it was calibrated to (to rounding)."""
    assert _cost(net, origin, destination, **lists) == pytest.approx(quote, rel=TARGET_TOLERANCE)


def test_handling_is_charged_once(net: Network) -> None:
    """Altynkol's gauge change is charged at the hub: Xi'an-Aktau costs the quote with it, not plus it."""
    query = RouteQuery.build("CN-XIAN", "KZAAU", cargo="1x40", criteria="time")
    chain = route_query(net, query).options[0].chain
    hubs = [e for e in chain.elements if getattr(e, "node_id", None) == "KZ-ALTYNKOL"]
    assert hubs
    transfer = net.nodes["KZ-ALTYNKOL"].transfer
    assert transfer is not None
    assert hubs[0].cost_usd == pytest.approx(2 * transfer.cost_usd_per_teu)
    assert chain.cost_usd == pytest.approx(5375, rel=TARGET_TOLERANCE)


def test_a_caspian_crossing_costs_the_same_from_aktau_and_kuryk(net: Network) -> None:
    """Priced per crossing: the shorter Kuryk-Alat crossing costs what Aktau-Alat costs."""
    kuryk = net.links["L-KZ-KURYK-AZ-ALAT-FERRY"]
    aktau = net.links["L-KZAAU-AZ-ALAT-FERRY"]
    assert kuryk.distance_km < aktau.distance_km
    assert kuryk.cost_usd_40 == aktau.cost_usd_40 == net.links["L-KZAAU-AZ-ALAT-SEA"].cost_usd_40


def test_the_two_interrail_routes_differ_by_their_published_difference(net: Network) -> None:
    """InterRail (2020): via Aktau costs US$1,312 (2020 dollars) more than via Turkmenbashi; so here."""
    via_turkmenbashi = _cost(
        net, "UZTAS", "TR-HALKALI", via=["TMKRW", "AZ-ALAT", "GE-AKHALKALAKI"], avoid_modes=["sea"]
    )
    via_aktau = _cost(
        net,
        "UZTAS",
        "TR-HALKALI",
        via=["UZ-KARAKALPAKIYA", "KZAAU", "GE-AKHALKALAKI"],
        avoid_nodes=["KZ-KURYK"],
        avoid_modes=["sea"],
    )
    assert via_aktau - via_turkmenbashi == pytest.approx((4284.32 - 2972.33) * 1.212, rel=0.02)


def test_calibration_targets_and_held_out_figures_are_kept_apart() -> None:
    """Each target is a figure marked not independent, at its quote; no held-out figure is a target."""
    figures = {f.figure_id: f for f in bundled_figures()}
    rows = price_rows()
    assert len(rows) == len(targets(rows)) >= 4
    target_args = set()
    for row, target in zip(rows, targets(rows), strict=True):
        figure = figures[row["figure_id"]]
        assert figure.category == "price"
        assert not figure.independent, figure.figure_id
        assert figure.published_mid == pytest.approx(target.quote_usd_40, abs=0.5)
        target_args.add(target.args)
    held_out = [f for f in figures.values() if f.category == "price" and f.independent]
    assert len(held_out) >= 6
    assert not target_args & {f.args for f in held_out}


def test_a_target_that_cannot_be_solved_in_order_names_its_row(net: Network) -> None:
    rows = [dict(r) for r in price_rows()]
    rows[0], rows[1] = rows[1], rows[0]  # Xi'an-Aktau first: its Chinese section has no rate yet
    with pytest.raises(DataFileError, match=r"prices.csv, row 2, field 'args'.*m-cost-northern"):
        calibrate(net, rows)
    rows = [dict(r) for r in price_rows()]
    rows[2]["unit"] = "USD/tonne"
    with pytest.raises(DataFileError, match=r"row 4, field 'unit'.*USD/km or USD/crossing"):
        calibrate(net, rows)
    rows = [dict(r) for r in price_rows()]
    rows[1]["quote_usd_40"] = "about 5k"
    with pytest.raises(DataFileError, match=r"row 3, field 'quote_usd_40'.*'about 5k' is not a number"):
        calibrate(net, rows)
    rows = [dict(r) for r in price_rows()]
    rows[0]["method_id"] = "m-cost-mc-kz"  # Dostyk-Brest crosses no Middle Corridor link
    with pytest.raises(DataFileError, match=r"row 2, field 'args'|row 2, field 'method_id'"):
        calibrate(net, rows)
