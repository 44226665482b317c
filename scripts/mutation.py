"""Mutation testing of Corridor's core packages with mutmut (issue 16); see docs/mutation.md.

    python scripts/mutation.py full [--open | --survivors] [PACKAGE ...]
                                                       every mutant of the packages (slow), or only
                                                       those not killed yet, or only the survivors
    python scripts/mutation.py sample [-n N] [--seed S] [PACKAGE ...]
                                                       a seeded random sample of N per package
    python scripts/mutation.py report [--fail-under P] the score per package from the last runs
    python scripts/mutation.py recheck PACKAGE TESTS...  the package's survivors against new tests only

mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) mutates the files; this script
groups its mutants into the packages below and runs each package on one worker process
against that package's own tests (so a mutant of the network reader does not rerun the
whole suite), keeping each package's results in mutants/results/. Mutants listed in
docs/mutation-equivalent.md cannot change behaviour and are left out of the score. When a
module moves, update ``only_mutate`` in pyproject.toml and the table here; ``report``
names any package whose patterns match no mutant.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "docs" / "mutation-equivalent.md"


class Package(NamedTuple):
    """A core package: its mutants (fnmatch patterns on mutmut's names) and the tests run on them.

    mutmut names a mutant "<module>.x_<function>__mutmut_<n>" or
    "<module>.xǁ<Class>ǁ<method>__mutmut_<n>". The tests are pytest arguments.
    """

    patterns: tuple[str, ...]
    tests: tuple[str, ...]


_SLOW_API = (
    "--deselect=tests/api/test_app.py::test_cancel",
    "--deselect=tests/api/test_app.py::test_simulation_jobs",
)
_SLOW_WEBHOOKS = (
    "--deselect=tests/shipments/test_webhooks.py::test_delivery_gives_up_after_three_tries",
    "--deselect=tests/shipments/test_webhooks.py::test_a_failing_subscriber_is_retried_and_never_fails_the_post",
)
# The slow tier (tests/README.md) runs subprocesses (which import the unmutated code: the
# reproducibility runs under other hash seeds) or whole scenarios (the planner agreement, a
# minute per mutant that reaches it): each mutant runs the package's fast tests only.
_FAST_ONLY = ("-m", "not slow")
PACKAGES: dict[str, Package] = {
    "distributions": Package(
        ("corridor.distributions.*",),
        (
            "tests/test_distributions.py",
            "tests/test_distribution_definitions.py",
            "tests/test_sum_quantile_ends.py",
            "tests/test_distribution_records.py",
        ),
    ),
    "routing": Package(
        (
            "corridor.routing.search.*",
            "corridor.routing.costs.*",
            "corridor.routing.graph.*",
            "corridor.routing.plan.*",
            "corridor.routing.assemble.*",
            "corridor.routing.explain.*",
            "corridor.routing.query.*",
            "corridor.routing.cargo.*",
            "corridor.cargo.*",
        ),
        (
            "tests/routing",
            *_FAST_ONLY,
            # runs Python in a subprocess, which imports the unmutated code
            "--deselect=tests/routing/test_route_imports.py::test_route_imports_no_document_models_nor_server_modules",
        ),
    ),
    "network": Package(("corridor.network.*",), ("tests/network",)),
    "emissions": Package(
        ("corridor.emissions.calculate.*", "corridor.emissions.results.*"), ("tests/emissions",)
    ),
    "simulation-engine": Package(
        ("corridor.simulation.engine.*",),
        (
            "tests/simulation",
            "--ignore=tests/simulation/test_credibility.py",
            *_FAST_ONLY,
            # writes the run folder's plots with matplotlib (13 s); the output module is not mutated
            "--deselect=tests/simulation/test_output.py::test_a_run_folder_has_tables_plots_and_a_report",
        ),
    ),
    # the shipment store and its access rules (who may read, book and post events)
    "shipments-store": Package(
        ("corridor.shipments.store.*", "corridor.shipments.subscriptions.*"),
        (
            "tests/shipments/test_api.py",
            "tests/shipments/test_validation.py",
            "tests/shipments/test_documents.py",
            "tests/shipments/test_webhooks.py",
            "tests/shipments/test_accounts_and_fields.py",
            "tests/shipments/test_event_order_and_subscribers.py",
            "tests/shipments/test_store_rules.py",
            "tests/shipments/test_poison.py",
            "tests/shipments/test_store_messages.py",
            # booking under TIR, door-to-door booking, timeline pages through the API (fifth pass)
            "tests/shipments/test_tir.py",
            "tests/shipments/test_door_booking.py",
            "tests/shipments/test_timeline_pages.py",
            *_SLOW_WEBHOOKS,
        ),
    ),
    # the one place where library errors become HTTP statuses
    "api-error-mapping": Package(
        ("corridor.api.errors.x_status_of__mutmut_*", "corridor.api.errors.x_error_response__mutmut_*"),
        ("tests/api/test_error_mapping.py", "tests/api/test_app.py", *_SLOW_API),
    ),
}

# A mutant that crashes the test process (segfault, e.g. a bad index into a Numba kernel) is caught too.
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def _status(exit_code: int | None) -> str:
    from mutmut.stats import status_by_exit_code  # the tool's own reading of its exit codes

    return str(status_by_exit_code[exit_code])


def _meta_results() -> dict[str, int | None]:
    """Every generated mutant and the exit code mutmut holds for it (None: not run yet)."""
    results: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.glob("src/**/*.py.meta")):
        results.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return results


def _saved_path(package: str) -> Path:
    return MUTANTS / "results" / (re.sub(r"\W+", "-", package.lower()) + ".json")


def _save(package: str) -> None:
    """Keep the package's results: mutmut forgets them when the next package's tests differ."""
    path = _saved_path(package)
    saved: dict[str, int | None] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for name, code in _meta_results().items():
        if _package_of(name) == package and (code is not None or name not in saved):
            saved[name] = code
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=0, sort_keys=True), encoding="utf-8")


def _results() -> dict[str, int | None]:
    """Every generated mutant and the exit code of its last run (None: not run yet)."""
    results = _meta_results()
    for package in PACKAGES:
        path = _saved_path(package)
        if path.exists():
            saved = json.loads(path.read_text(encoding="utf-8"))
            results.update({k: v for k, v in saved.items() if k in results})
    return results


def _package_of(mutant: str) -> str | None:
    for package, (patterns, _) in PACKAGES.items():
        if any(fnmatch.fnmatchcase(mutant, p) for p in patterns):
            return package
    return None


def equivalent_mutants() -> set[str]:
    """The mutants listed as equivalent: ``- `name`, `_7`, `_9`: why`` (``_7``: same function)."""
    if not EQUIVALENT.exists():
        return set()
    names: set[str] = set()
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        first = re.match(r"- `([^`]+__mutmut_)(\d+)`", line)
        if first is None:
            continue
        prefix, head = first.group(1), line.split("`:", 1)[0] + "`"
        names.add(prefix + first.group(2))
        names.update(prefix + n for n in re.findall(r"`_(\d+)`", head))
    return names


def _selected(packages: Sequence[str]) -> dict[str, Package]:
    unknown = [p for p in packages if p not in PACKAGES]
    if unknown:
        sys.exit(f"unknown package {unknown[0]!r}; one of: {', '.join(PACKAGES)}")
    return {p: PACKAGES[p] for p in packages} if packages else dict(PACKAGES)


def _mutmut_run(package: str, names: Sequence[str]) -> None:
    """``mutmut run`` on ``names`` with the package's tests, then keep the package's results."""
    # mutmut reads its test selection from pyproject.toml; set it for this package instead.
    code = (
        "import json, sys\n"
        "from mutmut import configuration\n"
        "configuration.config().pytest_add_cli_args_test_selection = json.loads(sys.argv[1])\n"
        "from mutmut.__main__ import cli\n"
        "cli(['run', '--max-children', '1', *sys.argv[2:]])\n"
    )
    # mutmut keeps which tests call which function from its last run and maps only tests it has
    # not seen before; a function whose code changed loses its tests and is not mapped again, so
    # its mutants come out "no tests" (Engine.check's 35 did). Map the package's tests afresh.
    (MUTANTS / "mutmut-stats.json").unlink(missing_ok=True)
    # One worker: CI and shared machines have two cores; nice keeps the machine usable.
    tests = json.dumps(list(PACKAGES[package].tests))
    subprocess.run(["nice", "-n", "10", sys.executable, "-c", code, tests, *names], cwd=ROOT, check=False)
    _save(package)


def _generate() -> None:
    """Write every mutant under mutants/ without running any test (mutmut's first step)."""
    code = (
        f"import os; os.chdir({str(ROOT)!r})\n"
        "from mutmut import __main__ as m\n"
        "m.copy_src_dir(); m.copy_also_copy_files(); m.setup_source_paths()\n"
        "m.store_lines_covered_by_tests(); m.create_mutants(1)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def full(packages: Sequence[str], *, open_only: bool = False, survivors_only: bool = False) -> None:
    """Run every mutant of the packages, or only those no run has killed yet, or only the survivors."""
    for package, (patterns, _) in _selected(packages).items():
        if not (open_only or survivors_only):
            _mutmut_run(package, patterns)
            continue
        _generate()
        results = _results()
        equivalent = equivalent_mutants()
        names = [
            m
            for m in results
            if _package_of(m) == package and m not in equivalent and _status(results[m]) not in KILLED
            if not survivors_only or results[m] is not None
        ]
        if names:
            _mutmut_run(package, ["*" + name for name in names])


def sample(packages: Sequence[str], *, per_package: int, seed: int) -> list[str]:
    """Run a seeded random sample of ``per_package`` mutants of each package; their names."""
    _generate()
    equivalent = equivalent_mutants()
    chosen: list[str] = []
    rng = random.Random(seed)
    for package in _selected(packages):
        names = sorted(m for m in _results() if _package_of(m) == package and m not in equivalent)
        picked = rng.sample(names, min(per_package, len(names)))
        # A leading "*" makes mutmut treat the exact name as a pattern, which it accepts for
        # functions that no test calls (those mutants then count as survivors: "no tests").
        _mutmut_run(package, ["*" + name for name in picked])
        chosen += picked
    return chosen


_RECHECK = """
import contextlib, io, os, sys
import pytest
names, tests = sys.argv[1].split(","), sys.argv[2:]
for name in names:
    os.environ["MUTANT_UNDER_TEST"] = name  # mutmut's trampolines read it at each call
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = pytest.main(["-q", "-x", "-p", "no:cacheprovider", *tests])
    print(("killed " if code != 0 else "survived ") + name, flush=True)
"""


def recheck(package: str, tests: Sequence[str]) -> int:
    """Run the package's survivors again, each against ``tests`` only, in one process (no mapping step).

    The quick check of new tests while a long run still holds the mutmut slot: the tests that let a
    mutant survive cannot kill it, so running only the new ones decides. Returns how many survive.
    """
    names = [m for m in survivors() if _package_of(m) == package]
    if not names:
        return 0
    env = {**os.environ, "PYTHONPATH": str(MUTANTS / "src")}
    command = ["nice", "-n", "19", sys.executable, "-c", _RECHECK, ",".join(names), *tests]
    out = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True).stdout
    print(out, end="")
    return sum(line.startswith("survived ") for line in out.splitlines())


def score(names: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    """Per package: mutants tested, killed, surviving, equivalent (left out) and not run yet."""
    equivalent = equivalent_mutants()
    table = {p: {"tested": 0, "killed": 0, "survived": 0, "equivalent": 0, "not run": 0} for p in PACKAGES}
    results = _results()
    for mutant in names if names is not None else results:
        package = _package_of(mutant)
        if package is None:
            continue
        row = table[package]
        status = _status(results.get(mutant))
        if mutant in equivalent:
            row["equivalent"] += 1
        elif status in ("not checked", "skipped"):
            row["not run"] += 1
        else:
            row["tested"] += 1
            row["killed" if status in KILLED else "survived"] += 1
    return table


def survivors(names: Sequence[str] | None = None) -> list[str]:
    """The tested, non-equivalent mutants of the packages that no test killed."""
    equivalent = equivalent_mutants()
    results = _results()
    return sorted(
        m
        for m in (names if names is not None else results)
        if _package_of(m) and m not in equivalent and _status(results.get(m)) not in KILLED
        if _status(results.get(m)) not in ("not checked", "skipped")
    )


def print_report(table: dict[str, dict[str, int]], *, fail_under: float | None) -> int:
    """Print the score table in Markdown; 1 if a tested package scores under ``fail_under``."""
    print("| package | killed / tested | score | equivalent (excluded) | not run |")
    print("|---|---|---|---|---|")
    failing = []
    for package, row in table.items():
        tested = row["tested"]
        percent = 100.0 * row["killed"] / tested if tested else float("nan")
        counts = f"{row['killed']} / {tested} | {percent:.1f}% | {row['equivalent']} | {row['not run']}"
        print(f"| {package} | {counts} |")
        if fail_under is not None and tested and percent < fail_under:
            failing.append(package)
        if not any(row.values()):
            print(f"warning: no mutant matches package {package!r}; update PACKAGES", file=sys.stderr)
    if failing:
        print(f"under {fail_under}%: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("full", "sample"):
        command = sub.add_parser(name)
        command.add_argument("packages", nargs="*", metavar="PACKAGE", help=", ".join(PACKAGES))
        command.add_argument("--fail-under", type=float, default=None, help="exit 1 under this score (%%)")
    sub.choices["full"].add_argument("--open", action="store_true", help="only mutants not killed yet")
    sub.choices["full"].add_argument(
        "--survivors", action="store_true", help="only mutants that survived a run"
    )
    sub.choices["sample"].add_argument("-n", "--per-package", type=int, default=15)
    sub.choices["sample"].add_argument("--seed", type=int, default=16)
    again = sub.add_parser("recheck", help="a package's survivors against some tests, in one process")
    again.add_argument("package", choices=list(PACKAGES))
    again.add_argument("tests", nargs="+", help="pytest arguments: the new test files")
    report = sub.add_parser("report")
    report.add_argument("--fail-under", type=float, default=None, help="exit 1 under this score (%%)")
    report.add_argument("--survivors", action="store_true", help="also list the surviving mutants")
    args = parser.parse_args(argv)

    names: list[str] | None = None
    if args.command == "recheck":
        return 1 if recheck(args.package, args.tests) else 0
    if args.command == "full":
        full(args.packages, open_only=args.open, survivors_only=args.survivors)
    elif args.command == "sample":
        names = sample(args.packages, per_package=args.per_package, seed=args.seed)
    code = print_report(score(names), fail_under=args.fail_under)
    if args.command == "sample" or getattr(args, "survivors", False):
        for mutant in survivors(names):
            print(f"survived: {mutant}")
    return code


if __name__ == "__main__":
    sys.exit(main())
