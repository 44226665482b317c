"""Run a random sample of tests one by one and check each has the outcome it had in the whole suite.

A test that passes in the suite only because another test left data behind
(or fails only because of it) shows up here. Usage, after a suite run that
wrote a JUnit report::

    python -m pytest --junitxml=test-output/junit.xml
    python scripts/isolation_check.py test-output/junit.xml --sample 12

The seed is printed, so a failing sample can be run again with ``--seed``.
Browser, crash, concurrency, packaging and benchmark tests are left out of
the sample: they start servers and browsers of their own and take minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = (
    "tests/web/",
    "test_crash",
    "test_concurrency",
    "test_packaging",
    "test_benchmarks_smoke",
    "test_fuzz",
)


def suite_outcomes(junit: Path) -> dict[str, str]:
    """Outcome (passed, failed, skipped) of every test in a JUnit report, by pytest node id."""
    outcomes: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        parts = classname.split(".")
        # classname is the module path (and class, if any): tests.shipments.test_api[.TestX]
        for split in range(len(parts), 0, -1):
            path = ROOT / Path(*parts[:split]).with_suffix(".py")
            if path.is_file():
                node = "::".join([path.relative_to(ROOT).as_posix(), *parts[split:], name])
                break
        else:
            continue
        if case.find("failure") is not None or case.find("error") is not None:
            outcomes[node] = "failed"
        elif case.find("skipped") is not None:
            outcomes[node] = "skipped"
        else:
            outcomes[node] = "passed"
    return outcomes


def outcome_alone(node: str) -> str:
    """The outcome of running ``node`` on its own in a fresh pytest process."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", node],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode == 0:
        return "skipped" if " skipped" in tail and " passed" not in tail else "passed"
    return "failed"


def main() -> int:
    """Check a sample; exit 1 if any test's outcome alone differs from its outcome in the suite."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit", type=Path, help="JUnit XML report of the whole suite")
    parser.add_argument("--sample", type=int, default=12, help="how many tests to run alone")
    parser.add_argument("--seed", type=int, default=None, help="seed of the sample (default: from the clock)")
    args = parser.parse_args()
    outcomes = suite_outcomes(args.junit)
    candidates = sorted(n for n in outcomes if n.startswith("tests/") and not any(s in n for s in LEFT_OUT))
    if not candidates:
        print(f"isolation check: no tests found in {args.junit}", file=sys.stderr)
        return 1
    seed = args.seed if args.seed is not None else int(time.time())
    sample = random.Random(seed).sample(candidates, min(args.sample, len(candidates)))
    print(f"isolation check: {len(sample)} of {len(candidates)} tests alone (seed {seed})")
    differ = []
    for node in sample:
        alone = outcome_alone(node)
        mark = "ok" if alone == outcomes[node] else "DIFFERS"
        print(f"  {mark:7} {outcomes[node]:7} in the suite, {alone:7} alone: {node}")
        if alone != outcomes[node]:
            differ.append(node)
    if differ:
        print(f"isolation check: {len(differ)} test(s) differ alone (seed {seed})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
