"""Set the bundled tariffs from the published prices in src/corridor/data/validation/prices.csv.

    python scripts/calibrate_prices.py           # print each target's rate and route cost, now and calibrated
    python scripts/calibrate_prices.py --write   # write the links' costs and the table's after-columns
    python scripts/calibrate_prices.py --check   # exit 1 if links.csv is not what the method gives

The method is corridor.validation.prices (docs/data.md, "Prices"). The table's before-columns are
filled once, from the links as they were, and kept on later runs.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from corridor.network.io import bundled_network, bundled_network_path
from corridor.validation.measures import Context
from corridor.validation.prices import (
    COLUMNS,
    bundled_prices_path,
    calibrate,
    crossing_groups,
    group_of,
    link_costs,
    price_rows,
    targets,
)


def _links_path() -> Path:
    return Path(bundled_network_path()) / "links.csv"


def _current_rates() -> dict[str, float]:
    """Each group's rate as the links have it now: US$ per km (distance-weighted) or per crossing."""
    net = bundled_network()
    crossing = crossing_groups()
    money: dict[str, float] = {}
    amount: dict[str, float] = {}
    for link in net.links.values():
        group = group_of(link)
        if group in crossing:
            money[group] = money.get(group, 0.0) + link.cost_usd_40
            amount[group] = amount.get(group, 0.0) + (1.0 if crossing[group] else link.distance_km)
    return {g: money[g] / amount[g] for g in money}


def main(argv: list[str] | None = None) -> int:
    """Print, write or check the calibration."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write links.csv and prices.csv")
    action.add_argument("--check", action="store_true", help="exit 1 if links.csv differs from the method")
    args = parser.parse_args(argv)

    net = bundled_network()
    rows = price_rows()
    result = calibrate(net, rows)
    costs = link_costs(net, result.rates, crossing_groups(rows))
    stale = [
        k
        for k, (c20, c40) in costs.items()
        if (net.links[k].cost_usd_20, net.links[k].cost_usd_40) != (c20, c40)
    ]
    if args.check:
        for link_id in stale:
            print(f"{link_id}: {net.links[link_id].cost_usd_40:.0f}, the method gives {costs[link_id][1]}")
        return 1 if stale else 0

    now = _current_rates()
    ctx = Context(net)
    for row, target in zip(rows, targets(rows), strict=True):
        before = ctx.route(dict(target.args)).chain.cost_usd
        if not row["rate_before"]:
            row["rate_before"] = f"{now[target.method_id]:.4f}"
            row["model_before_usd"] = f"{before:.0f}"
        row["rate_after"] = f"{result.rates[target.method_id]:.4f}"
        row["model_after_usd"] = f"{result.model_usd[target.target_id]:.0f}"
        print(
            f"{target.target_id} {target.method_id}: rate {row['rate_before']} -> {row['rate_after']} "
            f"{row['unit']}; "
            f"route {row['model_before_usd']} -> {row['model_after_usd']} (quote {target.quote_usd_40:.0f})"
        )
    print(f"{len(stale)} link(s) to change")
    if args.write:
        path = _links_path()
        with open(path, encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        head = table[0]
        key, c20, c40 = head.index("link_id"), head.index("cost_usd_20"), head.index("cost_usd_40")
        for line in table[1:]:
            if line[key] in costs:
                line[c20], line[c40] = (str(v) for v in costs[line[key]])
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(table)
        with open(bundled_prices_path(), "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
