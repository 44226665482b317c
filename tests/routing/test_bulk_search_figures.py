"""Bulk is searched on the figures its chain reports: tariffs per tonne for its form, bulk transfers
per tonne, and no gauge change without a bulk-transfer row for its form.

Oracles: the bundled bulk table (a dry-bulk tariff where the railway quotes one, e.g. Dostyk-Aktogay
US$1.74/t against US$9.12/t for liquids) and bulk-transfer table (Dostyk transloads liquids and dry
bulk, Altynkol dry bulk only), recomputed link by link and hub by hub.
"""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.routing import Cargo, Constraints, RouteOption, route

NETWORK = bundled_network()
MASS_T = 1000.0


def _gauge_changes(option: RouteOption) -> list[str]:
    return [h.node_id or "" for h in option.chain.hubs if h.kind == "gauge_change"]


def _cost_from_tables(option: RouteOption, form: str) -> float:
    """Mass times each link's tariff for ``form``, plus each bulk transfer's tariff per tonne."""
    links = sum(NETWORK.bulk[i].tariff_for(form) for leg in option.chain.legs for i in leg.link_ids)
    hubs = 0.0
    for hub in option.chain.hubs:
        row = NETWORK.bulk_transfers.get(hub.node_id or "")
        if row is not None and "->" in " ".join(hub.activities):  # a transfer there, not only a stop
            hubs += row.cost_usd_per_t
    return MASS_T * (links + hubs)


def test_liquid_bulk_crosses_only_where_a_bulk_transfer_takes_liquids() -> None:
    # by time, dry bulk crosses at Altynkol; Altynkol has no row for liquids, so crude goes by Dostyk
    dry = route(NETWORK, "CNURC", "KZ-ZHETYGEN", cargo=Cargo.bulk(MASS_T, "dry_bulk"), criteria=("time",))
    assert _gauge_changes(dry.options[0]) == ["KZ-ALTYNKOL"]
    liquid = route(
        NETWORK, "CNURC", "KZ-ZHETYGEN", cargo=Cargo.bulk(MASS_T, "liquid_bulk"), criteria=("time",)
    )
    assert [_gauge_changes(o) for o in liquid.options] == [["KZ-DOSTYK"]]


@pytest.mark.parametrize("form", ["liquid_bulk", "dry_bulk"])
def test_the_search_s_cost_and_time_are_the_chain_s(form: str) -> None:
    result = route(NETWORK, "CNURC", "KZ-ZHETYGEN", cargo=Cargo.bulk(MASS_T, form), criteria=("time", "cost"))
    assert result.options
    for option in result.options:
        assert option.chain.cost_usd == pytest.approx(_cost_from_tables(option, form))
        assert option.values["cost"] == pytest.approx(option.chain.cost_usd)
        assert option.values["time"] == pytest.approx(option.chain.duration_h_mean)


def test_dry_bulk_pays_the_dry_bulk_tariff() -> None:
    result = route(NETWORK, "CNURC", "KZ-AKTOGAY", cargo=Cargo.bulk(MASS_T, "dry_bulk"), criteria=("cost",))
    (option,) = result.options
    assert "L-KZ-DOSTYK-KZ-AKTOGAY-RAIL" in [i for leg in option.chain.legs for i in leg.link_ids]
    assert NETWORK.bulk["L-KZ-DOSTYK-KZ-AKTOGAY-RAIL"].tariff_for("dry_bulk") == 1.74
    assert option.chain.cost_usd == pytest.approx(_cost_from_tables(option, "dry_bulk"))
    assert option.values["cost"] == pytest.approx(option.chain.cost_usd)


def test_crude_avoiding_pipelines_takes_none() -> None:
    crude = Cargo.bulk(100_000, "liquid_bulk", dg_class=3)
    result = route(
        NETWORK,
        "Tengiz",
        "Trieste",
        cargo=crude,
        constraints=Constraints(avoid_modes=frozenset({"pipeline"})),
    )
    assert result.options
    for option in result.options:
        assert "pipeline" not in [leg.mode for leg in option.chain.legs]
