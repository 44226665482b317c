"""The isolation check reads the suite's JUnit report correctly (its own oracle: a hand-written report)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).parents[1]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("isolation_check", ROOT / "scripts" / "isolation_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outcomes_are_read_by_node_id(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(
        """<testsuites><testsuite>
        <testcase classname="tests.routing.test_plan" name="test_a[x-1]"/>
        <testcase classname="tests.routing.test_plan" name="test_b"><failure message="boom"/></testcase>
        <testcase classname="tests.routing.test_plan" name="test_c"><skipped message="no"/></testcase>
        <testcase classname="tests.no_such_module" name="test_d"/>
        </testsuite></testsuites>""",
        encoding="utf-8",
    )
    assert _checker().suite_outcomes(report) == {
        "tests/routing/test_plan.py::test_a[x-1]": "passed",
        "tests/routing/test_plan.py::test_b": "failed",
        "tests/routing/test_plan.py::test_c": "skipped",
    }
