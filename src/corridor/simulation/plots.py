"""Plots of a run (PNG, matplotlib without a display; matplotlib comes with ``corridor[plots]``)."""

from __future__ import annotations

import functools
import json
import statistics
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.network.model import Network
from corridor.optional import import_optional
from corridor.simulation.engine import ReplicationResult

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FIGSIZE = (9.0, 4.8)


@functools.cache
def _pyplot() -> Any:
    """``matplotlib.pyplot`` drawing without a display (imported on first use)."""
    import_optional("matplotlib", "plots").use("Agg")
    return import_optional("matplotlib.pyplot", "plots")


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    _pyplot().close(fig)
    return path


def transit_plot(
    summary: dict[str, Any],
    results: list[ReplicationResult],
    path: Path,
    *,
    other: list[ReplicationResult] | None = None,
    labels: tuple[str, str] = ("", ""),
) -> Path:
    """Transit-time distributions (TEU-weighted histograms) of the reported flows."""
    names = [n for n, f in summary["flows"].items() if not f["background"]] or list(summary["flows"])
    fig, axes = _pyplot().subplots(len(names), 1, figsize=(FIGSIZE[0], 1.0 + 2.0 * len(names)), squeeze=False)
    for ax, name in zip(axes[:, 0], names, strict=True):
        for runs, label, colour in ((results, labels[0], "#1f6f8b"), (other or [], labels[1], "#e07a1f")):
            samples = [s for r in runs for s in r.flows.get(name, {}).get("transit_samples_days", [])]
            weights = [w for r in runs for w in r.flows.get(name, {}).get("transit_weights_teu", [])]
            if samples:
                ax.hist(samples, bins=40, weights=weights, alpha=0.6, color=colour, label=label or None)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("door-to-door transit, days")
        ax.set_ylabel("TEU")
        if other:
            ax.legend(fontsize=8)
    return _save(fig, path)


def queue_plot(summary: dict[str, Any], results: list[ReplicationResult], path: Path) -> Path:
    """TEU waiting for a sailing per service, and for handling at capacity-limited hubs, day by day."""
    fig, ax = _pyplot().subplots(figsize=FIGSIZE)
    for link in summary["services"]:
        series = [r.services[link]["queue_teu_daily"] for r in results]
        days = min((len(s) for s in series), default=0)
        if days:
            mean = [statistics.fmean(s[d] for s in series) for d in range(days)]
            s = summary["services"][link]
            ax.plot(range(days), mean, label=f"{s['from_node']} → {s['to_node']}")
    for node in summary["hubs"]:
        series = [r.hubs[node]["backlog_teu_daily"] for r in results if node in r.hubs]
        days = min((len(s) for s in series), default=0)
        if days and any(any(s) for s in series):
            mean = [statistics.fmean(s[d] for s in series) for d in range(days)]
            ax.plot(range(days), mean, linestyle="--", label=f"{node} handling backlog")
    ax.set_xlabel("day of the run")
    ax.set_ylabel("TEU waiting (sailing or handling)")
    ax.legend(fontsize=7)
    return _save(fig, path)


def utilisation_plot(summary: dict[str, Any], path: Path) -> Path:
    """Utilisation of services and capacity-limited hubs."""
    labels, values = [], []
    for s in summary["services"].values():
        labels.append(f"{s['from_node']}→{s['to_node']}")
        values.append(s["utilisation"]["mean"] or 0.0)
    for node, h in summary["hubs"].items():
        if h["utilisation"]["mean"] is not None:
            labels.append(node)
            values.append(h["utilisation"]["mean"])
    fig, ax = _pyplot().subplots(figsize=FIGSIZE)
    ax.barh(labels, values, color="#1f6f8b")
    ax.axvline(1.0, color="#b00", linewidth=1)
    ax.set_xlabel("utilisation (carried / offered capacity)")
    return _save(fig, path)


def throughput_plot(summary: dict[str, Any], path: Path) -> Path:
    """Delivered TEU per flow, with 95% confidence intervals."""
    names = list(summary["flows"])
    means = [summary["flows"][n]["delivered_teu"]["mean"] or 0.0 for n in names]
    errors = [summary["flows"][n]["delivered_teu"]["ci95"] or 0.0 for n in names]
    fig, ax = _pyplot().subplots(figsize=FIGSIZE)
    ax.barh(names, means, xerr=errors, color="#3a8f5c")
    ax.set_xlabel("TEU delivered after the warm-up")
    return _save(fig, path)


def _outline(ax: Axes) -> None:
    data = json.loads((resources.files("corridor") / "data" / "geo" / "countries_110m.geojson").read_text())
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            xs, ys = zip(*polygon[0], strict=False)
            ax.fill(xs, ys, color="#eef0f2", edgecolor="#b8bec6", linewidth=0.4)


def map_plot(network: Network, summary: dict[str, Any], path: Path) -> Path:
    """The network on Natural Earth outlines, with the simulated flows' paths."""
    fig, ax = _pyplot().subplots(figsize=(10, 5.2))
    _outline(ax)
    for link in network.links.values():
        if link.mode in ("rail", "ferry", "road"):
            colour = "#c0392b" if link.mode == "ferry" else "#7f8c8d"
            line = network.link_coordinates(link.link_id)  # the stored geometry, else straight
            ax.plot([p[0] for p in line], [p[1] for p in line], color=colour, linewidth=0.6, alpha=0.8)
    lons = [n.lon for n in network.nodes.values()]
    lats = [n.lat for n in network.nodes.values()]
    ax.scatter(lons, lats, s=4, color="#2c3e50", zorder=3)
    for name, flow in summary["flows"].items():
        origin = network.nodes.get(flow["origin"])
        if origin is not None and not flow["background"]:
            ax.annotate(name, (origin.lon, origin.lat), fontsize=6, color="#1f6f8b")
    ax.set_xlim(-5, 125)
    ax.set_ylim(20, 62)
    ax.set_aspect(1.3)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    return _save(fig, path)
