"""The bundled network ships inside the package, where `corridor` and the docs say it is."""

from __future__ import annotations

from corridor.network import network_from_csv
from corridor.network.io import bundled_network_path


def test_the_bundled_network_folder_is_in_the_package_and_reads() -> None:
    # read it here: `bundled_network()` is cached, so it would not call the path again
    folder = bundled_network_path()
    assert folder.parts[-2:] == ("data", "eurasia")
    assert (folder / "network.toml").is_file()
    assert network_from_csv(folder).find_node("DEDUI").name == "Duisburg"
