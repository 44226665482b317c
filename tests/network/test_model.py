from __future__ import annotations

import pytest

from corridor.errors import AmbiguousNodeError, UnknownNodeError
from corridor.network import Network
from corridor.network.model import normalise_name


def test_find_node_by_id_name_alias_and_case(tiny: Network) -> None:
    assert tiny.find_node("DE-OMEGA").name == "Omega"
    assert tiny.find_node("omega").node_id == "DE-OMEGA"
    assert tiny.find_node("Alfa").node_id == "CN-ALPHA"


def test_unknown_node_suggests(tiny: Network) -> None:
    with pytest.raises(UnknownNodeError) as info:
        tiny.find_node("Omegga")
    assert str(info.value) == "unknown node 'Omegga': did you mean Omega (DE-OMEGA)?"


def test_unknown_node_without_suggestion(tiny: Network) -> None:
    with pytest.raises(UnknownNodeError, match=r"^unknown node 'Zzyzx'$"):
        tiny.find_node("Zzyzx")


def test_normalise_name() -> None:
    assert normalise_name("Xi'an") == normalise_name("XIAN") == "xian"
    assert normalise_name("Constanța") == "constanta"
    assert normalise_name("Łódź") == "lodz"
    assert normalise_name("Małaszewicze") == "malaszewicze"


def test_ambiguous_name() -> None:
    from corridor.network import build_network
    from corridor.tables import Table

    header = ("node_id", "name", "country", "lat", "lon", "kind", "source_ids")
    nodes = Table(
        "nodes.csv",
        [
            (
                2,
                dict(
                    zip(header, ("CN-KHORGOS", "Khorgos", "CN", "44.2", "80.4", "border", "s"), strict=True)
                ),
            ),
            (
                3,
                dict(
                    zip(header, ("KZ-KHORGOS", "Khorgos", "KZ", "44.2", "80.3", "border", "s"), strict=True)
                ),
            ),
        ],
        header,
    )
    sources = Table(
        "sources.csv",
        [(2, {"source_id": "s", "kind": "method", "title": "t", "publisher": "p", "url": "", "note": "n"})],
        ("source_id", "kind", "title", "publisher", "url", "note"),
    )
    from corridor.network.build import REQUIRED_COLUMNS

    network = build_network(
        {"name": "x", "version": "1", "title": "x", "licence": "x", "currency_year": 2024},
        nodes=nodes,
        sources=sources,
        links=Table("links.csv", [], REQUIRED_COLUMNS["links"]),
        services=Table("services.csv", [], REQUIRED_COLUMNS["services"]),
    )
    with pytest.raises(AmbiguousNodeError, match=r"CN-KHORGOS.*KZ-KHORGOS"):
        network.find_node("khorgos")
    assert isinstance(network, Network)
