"""Finding a node by what a user types: the search box's ranking, ambiguous and unknown names, folding."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import AmbiguousNodeError, UnknownNodeError
from corridor.network import network_from_csv
from corridor.network.io import bundled_network_path
from corridor.network.model import Node, Service, combined_headway_h, normalise_name

TINY = Path(__file__).parents[1] / "data" / "tiny"


def _ids(nodes: list[Node]) -> list[str]:
    return [n.node_id for n in nodes]


def test_a_prefix_match_ranks_before_a_match_inside_a_name() -> None:
    tiny = network_from_csv(TINY)
    # "por" starts Porto's name but only appears inside Harbour's id AZ-PORT: Porto first, though
    # Harbour comes first by name
    assert _ids(tiny.search_nodes("por")) == ["KZ-PORT", "AZ-PORT"]
    # matches inside names or ids only: ordered by name (Bordertown, Harbour, Northton, Porto)
    assert _ids(tiny.search_nodes("rt")) == ["CN-BORDER", "AZ-PORT", "RU-NORTH", "KZ-PORT"]
    # an alternative name counts like the name
    assert _ids(tiny.search_nodes("alf")) == ["CN-ALPHA"]
    assert tiny.search_nodes("xxxx") == []
    assert tiny.search_nodes("zzz") == []


def test_an_empty_query_lists_nodes_by_name_up_to_the_limit() -> None:
    tiny = network_from_csv(TINY)
    by_name = sorted(tiny.nodes.values(), key=lambda n: (n.name, n.node_id))
    assert tiny.search_nodes("") == by_name
    assert tiny.search_nodes("", limit=3) == by_name[:3]
    bundled = network_from_csv(bundled_network_path())
    assert len(bundled.nodes) > 10
    # ten results unless asked otherwise
    assert bundled.search_nodes("") == sorted(bundled.nodes.values(), key=lambda n: (n.name, n.node_id))[:10]


def test_a_search_finds_a_node_by_its_un_locode(tiny_copy: Path) -> None:
    nodes = tiny_copy / "nodes.csv"
    nodes.write_text(
        nodes.read_text(encoding="utf-8").replace("KZ-PORT,Porto,,,", "KZ-PORT,Porto,,KZAAU,"),
        encoding="utf-8",
    )
    network = network_from_csv(tiny_copy)
    assert _ids(network.search_nodes("kzaa")) == ["KZ-PORT"]
    assert network.find_node("kzaau").node_id == "KZ-PORT"


def _with_names(folder: Path, names: dict[str, str]) -> None:
    nodes = folder / "nodes.csv"
    lines = nodes.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        node_id, _name, rest = line.split(",", 2)
        if node_id in names:
            lines[i] = f"{node_id},{names[node_id]},{rest}"
    nodes.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_name_of_two_nodes_is_ambiguous_and_lists_both(tiny_copy: Path) -> None:
    _with_names(tiny_copy, {"KZ-PORT": "Port", "AZ-PORT": "Port"})
    network = network_from_csv(tiny_copy)
    with pytest.raises(AmbiguousNodeError) as err:
        network.find_node("port")
    assert str(err.value) == "'port' matches several nodes: Port (AZ-PORT), Port (KZ-PORT); use an id"


def test_an_unknown_name_suggests_at_most_three_close_names(tiny_copy: Path) -> None:
    # four nodes called Port: "Portt" is close to all of them, but a message names three at most
    _with_names(tiny_copy, {"KZ-PORT": "Port", "AZ-PORT": "Port", "GE-MID": "Port", "RU-NORTH": "Port"})
    network = network_from_csv(tiny_copy)
    with pytest.raises(UnknownNodeError) as err:
        network.find_node("Portt")
    ports = {"Port (KZ-PORT)", "Port (AZ-PORT)", "Port (GE-MID)", "Port (RU-NORTH)"}
    suggested = err.value.suggestions
    assert len(suggested) == len(set(suggested)) == 3
    assert set(suggested) < ports
    assert str(err.value) == "unknown node 'Portt': did you mean " + " or ".join(suggested) + "?"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kızılorda", "kizilorda"),  # Turkish/Kazakh dotless i
        ("Łódź", "lodz"),  # Polish barred L, upper and lower case
        ("Białystok", "bialystok"),
        ("Xi'an", "xian"),
        ("Frankfurt (Oder)", "frankfurtoder"),
    ],
)
def test_names_fold_to_plain_letters(text: str, folded: str) -> None:
    assert normalise_name(text) == folded


def test_services_on_one_link_combine_their_departures() -> None:
    # 2 + 5 departures a week: one every 168 / 7 = 24 hours
    services = [Service("A", "L4", "a", 2, 100), Service("B", "L4", "b", 5, 100)]
    assert combined_headway_h(services) == 24.0


def test_suggestions_come_from_the_three_closest_names_only(tiny_copy: Path) -> None:
    # "alpa" is closest to Alpha's three names (alpha, alfa, cnalpha); Alpine, fourth closest, is
    # not suggested though its node differs
    _with_names(tiny_copy, {"GE-MID": "Alpine"})
    with pytest.raises(UnknownNodeError) as err:
        network_from_csv(tiny_copy).find_node("alpa")
    assert err.value.suggestions == ["Alpha (CN-ALPHA)"]
