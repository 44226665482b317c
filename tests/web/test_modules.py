"""The page's script is native ES modules with no build step: one per view over shared modules."""

from __future__ import annotations

import re
from pathlib import Path

from .support import ROOT

STATIC = ROOT / "src" / "corridor" / "web" / "static"
JS = STATIC / "js"
IMPORT = re.compile(r'^import\s+(?:\{[^}]*\}\s+from\s+)?"(\./[\w-]+\.js)";', re.M)


def imports(path: Path) -> set[str]:
    return set(IMPORT.findall(path.read_text(encoding="utf-8")))


def test_the_page_loads_one_entry_module_and_no_bundle() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert '<script type="module" src="/static/js/main.js">' in scripts
    # Leaflet is the only classic script; no bundle, no app.js
    assert [s for s in scripts if "module" not in s] == ['<script src="/static/vendor/leaflet/leaflet.js">']
    assert not (STATIC / "app.js").exists()


def test_one_module_per_view_over_shared_modules() -> None:
    views = {"plan.js", "simulate.js", "flows.js", "shipments.js"}
    shared = {"api.js", "map.js", "dom.js", "format.js", "forms.js", "state.js", "styles.js"}
    present = {p.name for p in JS.glob("*.js")}
    assert views | shared | {"main.js"} <= present
    assert imports(JS / "main.js") >= {f"./{v}" for v in views}
    for view in views:  # views do not import each other: they meet in main.js
        assert not {i for i in imports(JS / view) if i[2:] in views}, view


def test_every_import_resolves_and_the_graph_has_no_cycle() -> None:
    graph = {p.name: {i[2:] for i in imports(p)} for p in JS.glob("*.js")}
    for name, targets in graph.items():
        for target in targets:
            assert (JS / target).is_file(), f"{name} imports missing {target}"
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"import cycle: {' -> '.join((*path, node))}"
        if node in done:
            return
        for nxt in graph[node]:
            visit(nxt, (*path, node))
        done.add(node)

    for name in graph:
        visit(name, ())


def test_modules_stay_small() -> None:
    for path in JS.glob("*.js"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 500, f"{path.name} has {lines} lines"


def test_no_remote_resource_in_the_page() -> None:
    """Nothing is loaded from the internet: the only URLs are the SVG namespace, attribution links
    and the OpenStreetMap tiles, an overlay that is off until the user turns it on (the browser tests
    fail on any request leaving the server)."""
    allowed = {
        "http://www.w3.org/2000/svg",  # a namespace name, never fetched
        "https://leafletjs.com",  # attribution link
        "https://www.openstreetmap.org/copyright",  # attribution link of the opt-in tiles
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",  # opt-in overlay, off by default
    }
    files = [STATIC / "index.html", STATIC / "style.css", *sorted(JS.glob("*.js"))]
    found = {
        url for f in files for url in re.findall(r"https?://[^\"'\s)`<]+", f.read_text(encoding="utf-8"))
    }
    assert found <= allowed, found - allowed
    osm = (JS / "map.js").read_text(encoding="utf-8")
    assert '"OpenStreetMap tiles (online)": osm' in osm
    assert "osm.addTo" not in osm  # never added to the map by the page itself
