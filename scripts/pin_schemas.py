"""Regenerate the pinned schemas in docs/: the OpenAPI document, the chain and the scenario JSON Schemas.

Run after an intended change to the API or the chain document; the tests compare both with the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from corridor.api import Settings, create_app
from corridor.emissions.chain_input import chain_schema_json
from corridor.simulation.scenario import scenario_schema_json

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    """Write docs/openapi.json, docs/chain-schema.json and docs/scenario-schema.json from the code."""
    app = create_app(Settings(workers=1, max_jobs=1))
    (DOCS / "openapi.json").write_text(json.dumps(app.openapi(), indent=2) + "\n", encoding="utf-8")
    (DOCS / "chain-schema.json").write_text(chain_schema_json(), encoding="utf-8")
    (DOCS / "scenario-schema.json").write_text(scenario_schema_json(), encoding="utf-8")


if __name__ == "__main__":
    main()
