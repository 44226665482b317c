"""Reading networks from files and writing them as GeoJSON."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.errors import DataFileError, NetworkDataError, Problem
from corridor.network.build import build_network
from corridor.network.geometry import with_geometries
from corridor.network.model import Network
from corridor.tables import read_folder

TABLES = ("nodes", "links", "services", "sources")


def network_from_csv(folder: str | Path) -> Network:
    """Read a network folder (``network.toml`` and its CSV tables).

    Parameters
    ----------
    folder
        A folder holding ``network.toml``, or the path of that file.

    Returns
    -------
    Network
        The validated network.

    Raises
    ------
    NetworkDataError
        A file is missing or malformed, or the data is inconsistent. The
        error lists every problem with file, row and field.

    Examples
    --------
    >>> from corridor.network.io import network_from_csv, bundled_network_path
    >>> network_from_csv(bundled_network_path()).name
    'eurasia'

    """
    try:
        manifest, tables, label = read_folder(
            folder,
            manifest_name="network.toml",
            keys=TABLES,
            optional=("disruptions", "dg_rules", "bulk", "bulk_transfers"),
            stream=True,
        )
    except DataFileError as err:
        raise NetworkDataError(err.problems) from err
    network = build_network(manifest, manifest_file=label, **tables)
    geometry = manifest.get("geometry")
    if geometry is None:
        return network
    if not isinstance(geometry, str):
        raise NetworkDataError([Problem(label, None, "geometry", f"expected a file name, got {geometry!r}")])
    return with_geometries(network, Path(label).parent / geometry)


def bundled_network_path() -> Path:
    """Folder of the bundled Eurasian network."""
    return Path(str(resources.files("corridor") / "data" / "eurasia"))


@lru_cache(maxsize=1)
def bundled_network() -> Network:
    """The bundled Eurasian corridor network (read once, then cached).

    Examples
    --------
    >>> from corridor import bundled_network
    >>> bundled_network().find_node("DEDUI").name
    'Duisburg'

    """
    from corridor.network.snapshot import cached_network

    return cached_network(lambda: network_from_csv(bundled_network_path()))


def load_network(source: str | Path | None = None) -> Network:
    """The network a user names: ``None`` or ``"bundled"`` for the bundled one, else a folder or network.toml.

    The one way every surface (CLI ``--network``, the server's ``CORRIDOR_NETWORK``,
    a scenario's ``network``) turns a name into a network.

    Raises
    ------
    NetworkDataError
        The folder's files are malformed; every problem is listed.

    """
    if source is None or str(source) == "bundled":
        return bundled_network()
    return network_from_csv(source)


def network_to_geojson(network: Network) -> dict[str, Any]:
    """The network as a GeoJSON FeatureCollection: nodes as points, links as lines.

    Every attribute is a property, so the result opens in QGIS as two layers.
    """
    features: list[dict[str, Any]] = []
    for node in network.nodes.values():
        properties: dict[str, Any] = {
            "feature": "node",
            "node_id": node.node_id,
            "name": node.name,
            "alt_names": list(node.alt_names),
            "locode": node.locode,
            "country": node.country,
            "kind": node.kind,
            "gauges_mm": network.gauges_at(node.node_id),
            "pass_cost_usd_per_teu": node.pass_cost_usd_per_teu,
            "source_ids": list(node.source_ids),
            "note": node.note,
        }
        if node.transfer is not None:
            properties["transfer_dwell_h"] = node.transfer.dwell_h.to_dict()
            properties["transfer_cost_usd_per_teu"] = node.transfer.cost_usd_per_teu
            properties["transfer_capacity_teu_per_day"] = node.transfer.capacity_teu_per_day
        if node.pass_dwell_h is not None:
            properties["pass_dwell_h"] = node.pass_dwell_h.to_dict()
        if node.rail_departures_per_week is not None:
            properties["rail_departures_per_week"] = node.rail_departures_per_week
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
                "properties": properties,
            }
        )
    for link in network.links.values():
        services = network.services_on(link.link_id)
        stored = network.geometries.get(link.link_id)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": network.link_coordinates(link.link_id)},
                "properties": {
                    "feature": "link",
                    "link_id": link.link_id,
                    "from_node": link.from_node,
                    "to_node": link.to_node,
                    "mode": link.mode,
                    "gauge_mm": link.gauge_mm,
                    "bidirectional": link.bidirectional,
                    "distance_km": link.distance_km,
                    "duration_h": link.duration_h.to_dict(),
                    "cost_usd_20": link.cost_usd_20,
                    "cost_usd_40": link.cost_usd_40,
                    "capacity_teu_per_day": link.capacity_teu_per_day,
                    "countries": list(link.countries),
                    "electric_share": link.electric_share,
                    "toc_id": link.toc_id,
                    "reefer": link.reefer,
                    "dg_refused": sorted(link.dg_refused),
                    "services": [s.service_id for s in services],
                    "source_ids": list(link.source_ids),
                    "note": link.note,
                    "geometry_method": stored.method if stored else "straight line between the nodes",
                    "geometry_source_ids": list(stored.source_ids) if stored else [],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "properties": {
            "name": network.name,
            "version": network.version,
            "currency_year": network.currency_year,
            "licence": network.licence,
        },
        "features": features,
    }
