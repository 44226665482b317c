"""Random small networks for the routing oracles (Hypothesis): nodes in a few countries, rail, road and
sea links in both or one direction, sea links with services, transfer and pass dwell and cost."""

from __future__ import annotations

from hypothesis import strategies as st

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
LINK_COLS = REQUIRED_COLUMNS["links"] + ("gauge_mm", "electric_share")
SERVICE_COLS = REQUIRED_COLUMNS["services"]
META = {"name": "random", "version": "1", "title": "random", "licence": "CC0-1.0", "currency_year": 2024}
COUNTRIES = ("CN", "KZ", "RU", "AZ")
MAX_PATHS = 20_000


@st.composite
def networks(draw: st.DrawFn) -> Network:
    n = draw(st.integers(4, 6))
    num = st.integers(0, 40)
    nodes = []
    for i in range(n):
        t = sorted(draw(st.lists(num, min_size=3, max_size=3)))
        p = sorted(draw(st.lists(num, min_size=3, max_size=3)))
        nodes.append(
            (
                i + 2,
                dict(
                    zip(
                        NODE_COLS,
                        (
                            f"XX-N{i}",
                            f"N{i}",
                            draw(st.sampled_from(COUNTRIES)),
                            "40",
                            str(50 + i),
                            "rail_terminal",
                            *map(str, t),
                            str(draw(num)),
                            *map(str, p),
                            str(draw(st.integers(0, 5))),
                            "s",
                        ),
                        strict=True,
                    )
                ),
            )
        )
    links: list[tuple[int, dict[str, str]]] = []
    services: list[tuple[int, dict[str, str]]] = []
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=n, max_size=2 * n)
    )
    for j, (a, b) in enumerate(pairs):
        if a == b:
            continue
        mode = draw(st.sampled_from(("rail", "rail", "sea", "road")))
        d = sorted(draw(st.lists(st.integers(1, 100), min_size=3, max_size=3)))
        gauge = draw(st.sampled_from(("1435", "1520"))) if mode == "rail" else ""
        links.append(
            (
                j + 2,
                dict(
                    zip(
                        LINK_COLS,
                        (
                            f"L{j}",
                            f"XX-N{a}",
                            f"XX-N{b}",
                            mode,
                            draw(st.sampled_from(("true", "false"))),
                            str(draw(st.integers(1, 900))),
                            *map(str, d),
                            str(draw(num)),
                            str(draw(num)),
                            "|".join(
                                draw(
                                    st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True)
                                )
                            ),
                            draw(st.sampled_from(("true", "false"))),
                            "s",
                            gauge,
                            "1" if mode == "rail" else "",
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
                            (f"S{j}", f"L{j}", f"svc {j}", str(draw(st.integers(1, 7))), "100", "s"),
                            strict=True,
                        )
                    ),
                )
            )
    sources = Table(
        "sources.csv",
        [
            (
                2,
                {
                    "source_id": "s",
                    "kind": "method",
                    "title": "t",
                    "publisher": "p",
                    "url": "",
                    "note": "random",
                },
            )
        ],
        REQUIRED_COLUMNS["sources"] + ("note",),
    )
    return build_network(
        META,
        nodes=Table("nodes.csv", nodes, NODE_COLS),
        links=Table("links.csv", links, LINK_COLS),
        services=Table("services.csv", services, SERVICE_COLS),
        sources=sources,
    )
