"""A generated multimodal Corridor network whose criteria conflict: rail slow and cheap, road fast and
dear, sea slowest and cheapest over long hops. Built through :func:`build_network`, so it is validated
like any real dataset.
"""

from __future__ import annotations

import math

import numpy as np

from corridor.network import Network, build_network
from corridor.network.build import REQUIRED_COLUMNS
from corridor.tables import Table

NODE_COLS = (
    "node_id",
    "name",
    "country",
    "lat",
    "lon",
    "kind",
    "transfer_h_min",
    "transfer_h_mode",
    "transfer_h_max",
    "transfer_cost_usd_per_teu",
    "pass_h_min",
    "pass_h_mode",
    "pass_h_max",
    "pass_cost_usd_per_teu",
    "source_ids",
)
LINK_COLS = (*REQUIRED_COLUMNS["links"], "gauge_mm", "electric_share")
SERVICE_COLS = REQUIRED_COLUMNS["services"]
SOURCE_COLS = (*REQUIRED_COLUMNS["sources"], "note")
COUNTRIES = ("CN", "KZ", "AZ", "GE", "TR", "BG")
SOURCE = "bench-generated"
#: Share of inland locations that are intermodal terminals, and the transfer dwell (h, low end) and
#: handling (USD/TEU) ranges at terminals and elsewhere.
TERMINAL_SHARE = 1 / 6
TERMINAL_DWELL = (8.0, 16.0)
TERMINAL_HANDLING = (60.0, 120.0)
OTHER_DWELL = (36.0, 72.0)
OTHER_HANDLING = (300.0, 600.0)
#: max / mode of the triangular link durations (min is 0.9 x mode).
SPREAD = {"rail": 1.6, "road": 1.3, "sea": 1.4}


def node_id(r: int, c: int) -> str:
    """Id of the location in grid row ``r``, column ``c``."""
    return f"XX-G{r:02d}{c:02d}"


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _perimeter(rows: int, cols: int) -> list[tuple[int, int]]:
    """Grid cells on the outer ring, in order around it."""
    ring = [(0, c) for c in range(cols)] + [(r, cols - 1) for r in range(1, rows)]
    ring += [(rows - 1, c) for c in range(cols - 2, -1, -1)] + [(r, 0) for r in range(rows - 2, 0, -1)]
    return ring


def make_network(rows: int, cols: int, seed: int) -> Network:
    """A ``rows`` x ``cols`` jittered grid of locations joined by rail, road and sea links.

    Rail (1435 mm, electric) joins grid neighbours; road joins neighbours and
    diagonals. The outer ring of the grid is the coast: every third location
    on it is a port, linked by sea to the next two ports along the coast and
    across the sea to the port opposite, each sea link with a service. Every
    location gives a transfer dwell and cost; about one in six is an
    intermodal terminal where transfers are quick and cheap, elsewhere they
    are slow and dear. The first column of each country band has a border
    dwell and fee. All figures come from ``seed``.
    """
    rng = np.random.default_rng(seed)
    cells = [(r, c) for r in range(rows) for c in range(cols)]
    lat = {k: 35.0 + 0.5 * k[0] + rng.uniform(-0.15, 0.15) for k in cells}
    lon = {k: 40.0 + 0.7 * k[1] + rng.uniform(-0.2, 0.2) for k in cells}
    band = {c: COUNTRIES[c * len(COUNTRIES) // cols] for c in range(cols)}
    # Border formalities are the same all along a border, so they shift every route alike.
    crossing = {
        c: (sorted(rng.uniform(2, 18, 3)), rng.uniform(20, 60))
        for c in range(1, cols)
        if band[c] != band[c - 1]
    }
    ports = _perimeter(rows, cols)[::3]
    is_port = set(ports)

    def km(a: tuple[int, int], b: tuple[int, int]) -> float:
        mid = math.radians((lat[a] + lat[b]) / 2)
        return 111.2 * math.hypot(lat[a] - lat[b], (lon[a] - lon[b]) * math.cos(mid))

    nodes: list[tuple[int, dict[str, str]]] = []
    for r, c in cells:
        terminal = (r, c) in is_port or rng.random() < TERMINAL_SHARE
        dwell, handling = (TERMINAL_DWELL, TERMINAL_HANDLING) if terminal else (OTHER_DWELL, OTHER_HANDLING)
        low = rng.uniform(*dwell)
        mode = low * rng.uniform(1.1, 1.4)
        high = mode * rng.uniform(1.3, 2.0)
        p, fee = crossing.get(c, (None, None))
        kind = "seaport" if (r, c) in is_port else "dry_port" if terminal else "rail_terminal"
        nodes.append(
            (
                len(nodes) + 2,
                dict(
                    zip(
                        NODE_COLS,
                        (
                            node_id(r, c),
                            f"Gen {r:02d}-{c:02d}",
                            band[c],
                            _fmt(lat[r, c]),
                            _fmt(lon[r, c]),
                            kind,
                            _fmt(low),
                            _fmt(mode),
                            _fmt(high),
                            _fmt(rng.uniform(*handling)),
                            *(map(_fmt, p) if p else ("", "", "")),
                            _fmt(fee) if fee else "",
                            SOURCE,
                        ),
                        strict=True,
                    )
                ),
            )
        )

    links: list[tuple[int, dict[str, str]]] = []
    services: list[tuple[int, dict[str, str]]] = []

    def add(
        a: tuple[int, int],
        b: tuple[int, int],
        mode: str,
        circuity: tuple[float, float],
        speed: float,
        usd_per_km: float,
        fixed: float = 0.0,
    ) -> None:
        dist = km(a, b) * rng.uniform(*circuity)
        typical = dist / speed
        cost40 = fixed + dist * usd_per_km
        link_id = f"L-{mode.upper()}-{len(links)}"
        countries = "|".join(dict.fromkeys((band[a[1]], band[b[1]])))
        rail = mode == "rail"
        links.append(
            (
                len(links) + 2,
                dict(
                    zip(
                        LINK_COLS,
                        (
                            link_id,
                            node_id(*a),
                            node_id(*b),
                            mode,
                            "true",
                            _fmt(dist),
                            _fmt(0.9 * typical),
                            _fmt(typical),
                            _fmt(SPREAD[mode] * typical),
                            _fmt(0.6 * cost40),
                            _fmt(cost40),
                            countries,
                            "true",
                            SOURCE,
                            "1435" if rail else "",
                            "1" if rail else "",
                        ),
                        strict=True,
                    )
                ),
            )
        )
        if mode == "sea":
            services.append(
                (
                    len(services) + 2,
                    dict(
                        zip(
                            SERVICE_COLS,
                            (
                                f"S-{link_id}",
                                link_id,
                                f"Generated service {link_id}",
                                str(int(rng.integers(2, 6))),
                                "1000",
                                SOURCE,
                            ),
                            strict=True,
                        )
                    ),
                )
            )

    for r, c in cells:
        for dr, dc in ((0, 1), (1, 0)):
            if r + dr < rows and c + dc < cols:
                add((r, c), (r + dr, c + dc), "rail", (1.15, 1.35), 35.0, 0.7)
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if r + dr < rows and 0 <= c + dc < cols:
                add((r, c), (r + dr, c + dc), "road", (1.05, 1.25), 62.0, 1.8)
    pairs: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    m = len(ports)
    for i, a in enumerate(ports):
        for j in (i + 1, i + 2, i + m // 2):
            b = ports[j % m]
            if b != a:
                pairs.add((min(a, b), max(a, b)))
    for a, b in sorted(pairs):
        add(a, b, "sea", (1.3, 1.6), 21.0, 0.22, fixed=60.0)

    sources = Table(
        "sources.csv",
        [
            (
                2,
                {
                    "source_id": SOURCE,
                    "kind": "method",
                    "title": "Generated benchmark network",
                    "publisher": "Corridor",
                    "url": "",
                    "note": f"generated for benchmarking (seed {seed}); not real data",
                },
            )
        ],
        SOURCE_COLS,
    )
    meta = {
        "name": "generated",
        "version": f"seed-{seed}",
        "title": "Generated multimodal benchmark network",
        "licence": "CC0-1.0",
        "currency_year": 2024,
    }
    return build_network(
        meta,
        nodes=Table("nodes.csv", nodes, NODE_COLS),
        links=Table("links.csv", links, LINK_COLS),
        services=Table("services.csv", services, SERVICE_COLS),
        sources=sources,
    )
