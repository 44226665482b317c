"""``python -m corridor.validation [OUT]``: regenerate the validation report (docs/validation.md by default).

Exits 1 when a figure is outside its band with no stated reason.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corridor.validation.report import OUTSIDE, failures, write_validation_report


def main(argv: list[str] | None = None) -> int:
    """Write the report; print one line per outcome; 1 if a figure failed."""
    parser = argparse.ArgumentParser(prog="python -m corridor.validation", description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/validation.md"))
    parser.add_argument("--replications", type=int, default=4, help="of each scenario run (default 4)")
    parser.add_argument("--seed", type=int, default=2026, help="of the scenario runs (default 2026)")
    options = parser.parse_args(argv)
    checks = write_validation_report(options.out, replications=options.replications, seed=options.seed)
    failed = failures(checks)
    known = sum(c.outcome == "known outside" for c in checks)
    print(
        f"{options.out}: {len(checks)} figures, {len(checks) - known - len(failed)} in band, "
        f"{known} known outside, {len(failed)} outside"
    )
    for check in failed:
        print(f"  {OUTSIDE}: {check.figure.figure_id} {check.figure.what}: {check.value} {check.error or ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
