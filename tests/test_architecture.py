"""The package's import structure: no cycles, and no layer importing a layer above it.

The graph is built statically from the source, function-level imports included,
so an import hidden inside a function cannot smuggle a cycle or an upward
dependency past this test.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).parents[1] / "src"
PACKAGE = SRC / "corridor"

#: Each package (or module) of corridor, and the packages it must never import, with the reason.
FORBIDDEN: dict[str, tuple[set[str], str]] = {
    "corridor.vocabulary": ({"*"}, "the closed vocabularies are the bottom layer"),
    "corridor.errors": ({"*"}, "errors are the bottom layer"),
    "corridor.distributions": ({"*"}, "distributions are plain maths"),
    "corridor.convolution": (
        {
            "corridor.chain",
            "corridor.network",
            "corridor.routing",
            "corridor.emissions",
            "corridor.simulation",
        },
        "the convolution is maths over distributions",
    ),
    "corridor.tables": (
        {
            "corridor.network",
            "corridor.routing",
            "corridor.emissions",
            "corridor.simulation",
            "corridor.assignment",
            "corridor.shipments",
        },
        "the CSV reader knows no domain",
    ),
    "corridor.network": (
        {
            "corridor.routing",
            "corridor.emissions",
            "corridor.simulation",
            "corridor.assignment",
            "corridor.shipments",
        },
        "data imports no computation",
    ),
    "corridor.emissions": (
        {"corridor.routing", "corridor.simulation", "corridor.assignment", "corridor.shipments"},
        "emissions take chains and know no search graph",
    ),
    "corridor.routing": (
        {"corridor.simulation", "corridor.assignment", "corridor.shipments"},
        "routing is below its users",
    ),
    "corridor.assignment": ({"corridor.shipments"}, "the core never imports the shipment service"),
    "corridor.simulation": ({"corridor.shipments"}, "the core never imports the shipment service"),
    "corridor.shipments": ({"corridor.api", "corridor.cli"}, "the shipment service never imports a surface"),
}
CORE = (
    "corridor.network",
    "corridor.routing",
    "corridor.emissions",
    "corridor.simulation",
    "corridor.assignment",
    "corridor.chain",
)
SURFACES = ("corridor.api", "corridor.cli")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """Every corridor module ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in found if m == "corridor" or m.startswith("corridor.")}


@functools.cache
def import_graph() -> nx.DiGraph:
    """Modules of corridor and the corridor modules each imports (names resolved to modules)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in _imports(path, name):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]  # `from corridor.x import name` imports module corridor.x
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    # A package's __init__ re-exporting its own modules is not a cycle of meaning; leave those edges out.
    edges = [(a, b) for a, b in graph.edges if a != b.rsplit(".", 1)[0]]
    cycles = list(nx.simple_cycles(nx.DiGraph(edges), length_bound=6))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles[:5])


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_layer_imports_upward(package: str) -> None:
    forbidden, reason = FORBIDDEN[package]
    graph = import_graph()
    bad = []
    for module in graph.nodes:
        if not _within(module, package):
            continue
        for target in graph.successors(module):
            if _within(target, package):
                continue
            if "*" in forbidden or any(_within(target, f) for f in forbidden):
                bad.append(f"{module} imports {target}")
    assert not bad, f"{package}: {reason}: " + "; ".join(bad)


def test_the_core_never_imports_a_surface() -> None:
    graph = import_graph()
    bad = [
        f"{module} imports {target}"
        for module in graph.nodes
        if any(_within(module, c) for c in CORE)
        for target in graph.successors(module)
        if any(_within(target, s) for s in SURFACES)
    ]
    assert not bad, "; ".join(bad)


def test_the_checker_sees_function_level_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "def f():\n    from corridor.api import app\n    import corridor.cli\n", encoding="utf-8"
    )
    assert _imports(source, "corridor.m") >= {"corridor.api", "corridor.api.app", "corridor.cli"}
