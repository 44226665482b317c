"""Tariffs from published end-to-end prices: the stated method, and what was tuned to what (issue 18).

The market is one market at one date: westbound, one 40' box, all-in forwarder or
index prices of late 2024 (``MARKET``). The bundled tariffs are two-part: every
transfer at a hub (a gauge change, a port, a relay) costs the node's published-input
handling charge (``transfer_cost_usd_per_teu``, not tuned here), and every link a rate
of its tariff group, per km or per crossing. Each calibration target in
``corridor/data/validation/prices.csv`` fixes one group, in the table's order:

    rate = (quote - hubs on the route - links of the groups fixed before) / (the group's km or crossings)

so a quote's own handling is not counted twice (once in the per-km rate, once at the
hub), and each group's rate carries the quote it was set from. ``calibrate`` computes
the rates from the bundled network; ``scripts/calibrate_prices.py`` writes them into
``links.csv`` and the table's after-columns. The figures the rates were set from are
marked as not independent in ``figures.csv``; the other price figures are held out.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from corridor.errors import DataFileError, Problem
from corridor.network.model import Link, Network
from corridor.validation.figures import parse_args
from corridor.validation.measures import Context

MARKET = "westbound, one 40' box, all-in forwarder or index prices of late 2024 (US$ of 2024)"
TWENTY_FOOT_SHARE = 0.70  # a 20' pays 0.70 x the 40' rate (method m-cost-20ft)
# how close a target's route must come to its quote once calibrated: the rounding of link costs to dollars
TARGET_TOLERANCE = 0.01
COLUMNS = (
    "target_id",
    "tariff",
    "method_id",
    "unit",
    "lane",
    "args",
    "quote",
    "quote_usd_40",
    "market_date",
    "source_title",
    "source_url",
    "source_date",
    "figure_id",
    "rate_before",
    "rate_after",
    "model_before_usd",
    "model_after_usd",
    "note",
)


@dataclass(frozen=True, slots=True)
class Target:
    """One published price a tariff group is set from."""

    target_id: str
    method_id: str
    per_crossing: bool
    args: tuple[tuple[str, str], ...]
    quote_usd_40: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """The rates found (US$ per 40' per km, or per crossing) and each target's route after them."""

    rates: dict[str, float]
    model_usd: dict[str, float]


def bundled_prices_path() -> Path:
    """The calibration targets bundled with Corridor."""
    return Path(str(resources.files("corridor") / "data" / "validation" / "prices.csv"))


def price_rows(path: Path | None = None) -> list[dict[str, str]]:
    """The calibration table as written (every column, in order)."""
    with open(path or bundled_prices_path(), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def targets(rows: Sequence[Mapping[str, str]]) -> list[Target]:
    """The calibration targets of the table, in the order they are solved."""
    found = []
    for number, row in enumerate(rows, start=2):
        try:
            quote = float(row["quote_usd_40"])
        except ValueError:
            raise DataFileError(
                [Problem("prices.csv", number, "quote_usd_40", f"{row['quote_usd_40']!r} is not a number")],
            ) from None
        if row["unit"] not in ("USD/km", "USD/crossing"):
            problem = Problem("prices.csv", number, "unit", f"{row['unit']!r}: USD/km or USD/crossing")
            raise DataFileError([problem])
        found.append(
            Target(
                row["target_id"],
                row["method_id"],
                row["unit"] == "USD/crossing",
                parse_args(row["args"]),
                quote,
            )
        )
    return found


def group_of(link: Link) -> str | None:
    """The tariff method a link's price follows (its ``m-cost-*`` source, not the 20' rule or the Cape's)."""
    for source in link.source_ids:
        if source.startswith("m-cost-") and source not in ("m-cost-20ft", "m-cost-cape"):
            return source
    return None


def _route_parts(ctx: Context, args: Mapping[str, str]) -> tuple[float, dict[str, float], dict[str, int]]:
    """The route's hub costs, and its km and link count per tariff group (one 40' box)."""
    chain = ctx.route(args).chain
    hubs = 0.0
    km: dict[str, float] = {}
    count: dict[str, int] = {}
    for element in chain.elements:
        segments = getattr(element, "segments", None)
        if segments is None:
            hubs += element.cost_usd
            continue
        for segment in segments:
            group = group_of(ctx.network.links[segment.link_id]) or "none"
            km[group] = km.get(group, 0.0) + segment.distance_km
            count[group] = count.get(group, 0) + 1
    return hubs, km, count


def calibrate(network: Network, rows: Sequence[Mapping[str, str]] | None = None) -> Calibration:
    """Solve each target for its group's rate, in order, given the hubs and the groups fixed before it.

    Raises
    ------
    DataFileError
        When a target's route crosses a group no earlier target has fixed (the order cannot solve it),
        or does not cross its own group at all.

    """
    ctx = Context(network)
    table = list(rows) if rows is not None else price_rows()
    rates: dict[str, float] = {}
    per_crossing: dict[str, bool] = {}
    for number, target in enumerate(targets(table), start=2):
        hubs, km, count = _route_parts(ctx, dict(target.args))
        fixed = 0.0
        for group in km:
            if group == target.method_id:
                continue
            if group not in rates:
                message = f"its route crosses links of {group}, which no earlier target fixes"
                raise DataFileError([Problem("prices.csv", number, "args", message)])
            fixed += rates[group] * (count[group] if per_crossing[group] else km[group])
        amount = count if target.per_crossing else km
        if not amount.get(target.method_id):
            message = f"its route crosses no link of {target.method_id}"
            raise DataFileError([Problem("prices.csv", number, "method_id", message)])
        rates[target.method_id] = (target.quote_usd_40 - hubs - fixed) / amount[target.method_id]
        per_crossing[target.method_id] = target.per_crossing
    return Calibration(rates, _model_usd(network, rates, per_crossing, table))


def _model_usd(
    network: Network,
    rates: Mapping[str, float],
    per_crossing: Mapping[str, bool],
    rows: Sequence[Mapping[str, str]],
) -> dict[str, float]:
    """Each target's route cost with the links priced at ``rates`` (rounded to dollars, as written)."""
    costs = link_costs(network, rates, per_crossing)
    ctx = Context(network)
    model = {}
    for target in targets(rows):
        hubs, _, _ = _route_parts(ctx, dict(target.args))
        chain = ctx.route(dict(target.args)).chain
        links = [s.link_id for e in chain.elements for s in (getattr(e, "segments", None) or ())]
        model[target.target_id] = hubs + sum(
            costs[k][1] if k in costs else network.links[k].cost_usd_40 for k in links
        )
    return model


def link_costs(
    network: Network, rates: Mapping[str, float], per_crossing: Mapping[str, bool] | None = None
) -> dict[str, tuple[int, int]]:
    """The 20' and 40' cost of every link of a calibrated group, in whole dollars."""
    crossing = per_crossing or {}
    costs = {}
    for link in network.links.values():
        group = group_of(link)
        if group is None or group not in rates:
            continue
        forty = round(rates[group] * (1.0 if crossing.get(group) else link.distance_km))
        costs[link.link_id] = (round(TWENTY_FOOT_SHARE * forty), forty)
    return costs


def crossing_groups(rows: Sequence[Mapping[str, str]] | None = None) -> dict[str, bool]:
    """Which calibrated groups are priced per crossing (else per km)."""
    return {t.method_id: t.per_crossing for t in targets(rows if rows is not None else price_rows())}
