"""PNG map and chart of a flows run (matplotlib, from ``corridor[plots]``), beside its tables.

The map draws every loaded link along its stored line (sea lanes along water), its width growing
with the TEU a year it carries in both directions; the chart gives the TEU a year by corridor and
direction. Drawn with the simulation's plotting helpers, on the same Natural Earth outlines.
"""

from __future__ import annotations

from pathlib import Path

from corridor.assignment.results import FlowsResult
from corridor.network.model import Network
from corridor.simulation import plots as common

#: Line width (points) of the busiest link on the map; the others in proportion, at least 0.4.
MAX_WIDTH = 6.0


def flows_map_plot(result: FlowsResult, network: Network, path: Path) -> Path:
    """Link flows on the map: line width proportional to TEU a year (both directions)."""
    fig, ax = common._pyplot().subplots(figsize=(10, 5.2))
    common._outline(ax)
    loaded = [f for f in result.links if f.teu_per_year > 0 and f.link_id in network.links]
    top = max((f.teu_per_year for f in loaded), default=0.0)
    for flow in sorted(loaded, key=lambda f: f.teu_per_year):
        line = network.link_coordinates(flow.link_id)
        width = max(0.4, MAX_WIDTH * flow.teu_per_year / top)
        colour = "#c0392b" if flow.mode in ("ferry", "sea") else "#1f6f8b"
        ax.plot([p[0] for p in line], [p[1] for p in line], color=colour, linewidth=width, alpha=0.8)
    ax.set_xlim(-5, 125)
    ax.set_ylim(20, 62)
    ax.set_aspect(1.3)
    ax.set_title(f"TEU a year on each link (widest: {top:,.0f}); red: sea and ferry", fontsize=9)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    return common._save(fig, path)


def corridor_chart(result: FlowsResult, path: Path) -> Path:
    """TEU a year by corridor and direction, on a log scale (deep sea carries ~100x the rail)."""
    fig, ax = common._pyplot().subplots(figsize=common.FIGSIZE)
    directions = sorted(d for d in result.corridor_teu if d != "both") or sorted(result.corridor_teu)
    corridors = sorted({c for teu in result.corridor_teu.values() for c in teu})
    width = 0.8 / max(len(directions), 1)
    for i, direction in enumerate(directions):
        # under 1 TEU a year is nothing on a log scale (the solver leaves crumbs of unserved demand)
        values = [v if (v := result.corridor_teu[direction].get(c, 0.0)) >= 1 else 0.0 for c in corridors]
        bars = ax.bar([k + i * width for k in range(len(corridors))], values, width=width, label=direction)
        ax.bar_label(bars, labels=[f"{v:,.0f}" if v > 0 else "" for v in values], fontsize=6)
    ax.set_xticks([k + width * (len(directions) - 1) / 2 for k in range(len(corridors))], corridors)
    ax.set_yscale("log")
    ax.set_ylim(bottom=1)
    ax.set_ylabel("TEU a year (log scale)")
    ax.legend(fontsize=8)
    return common._save(fig, path)
