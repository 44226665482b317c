"""The demo behind `make demo`: a short tour of Corridor on the bundled network.

Runs the CLI exactly as a user would and writes files to demo-output/.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from corridor.cli import main

OUT = Path("demo-output")

STEPS = [
    ("The bundled network", "network info"),
    (
        "Xi'an to Duisburg without Russia and Belarus, two 40' high cubes (time and cost)",
        'route "Xi\'an" Duisburg --avoid-country RU,BY --cargo 2x40HC --criteria time,cost '
        "--value-of-time 40",
    ),
    (
        "A Japanese shipper: Tokyo to Duisburg, sea to China then rail, at most 3 transshipments",
        "route Tokyo Duisburg --avoid-country RU,BY --require-mode sea,rail --max-transshipments 3 "
        "--criteria time,cost",
    ),
    (
        "Shanghai to Hamburg as GeoJSON (open it in QGIS or geojson.io)",
        f"route CNSHA DEHAM --format geojson --out {OUT / 'shanghai-hamburg.geojson'}",
    ),
    ("The whole network as GeoJSON", f"network export --format geojson --out {OUT / 'network.geojson'}"),
    (
        "Plan Xi'an to Duisburg for the lowest CO2e, keep the chain as JSON",
        f'route "Xi\'an" Duisburg --avoid-country RU,BY --cargo 2x40HC --criteria co2e,time '
        f"--format json --out {OUT / 'xian-duisburg.json'}",
    ),
    (
        "Its ISO 14083 emissions, element by element, with an HTML report",
        f"emissions {OUT / 'xian-duisburg.json'} --option 1 --report {OUT / 'emissions-report.html'}",
    ),
    (
        "Simulate 2024 on the Middle Corridor (8 replications in parallel)",
        f"simulate baseline-2024 --replications 8 --seed 7 --out {OUT / 'baseline-2024'}",
    ),
    ("A typo gets a suggestion, not a traceback", "route Xian Duisberg"),
]


def run() -> int:
    """Run every step; return non-zero if a step that should succeed failed."""
    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("COLUMNS", "120")
    failures = 0
    for title, command in STEPS:
        print(f"\n### {title}\n$ corridor {command}", flush=True)
        code = main(shlex.split(command))
        sys.stderr.flush()
        expected_failure = "Duisberg" in command
        if (code != 0) != expected_failure:
            failures += 1
    print(f"\nFiles written to {OUT.resolve()}: " + ", ".join(sorted(p.name for p in OUT.iterdir())))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run())
