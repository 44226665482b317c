"""A one-shot route builds no pydantic model: the chain document is imported where documents are read."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from corridor import bundled_network, route
result = route(bundled_network(), "Xi'an", "Duisburg")
assert result.options and result.options[0].emissions is not None
heavy = [m for m in ("corridor.chain.document", "corridor.chain.inputs", "numba", "fastapi", "sqlalchemy")
         if m in sys.modules]
print(",".join(heavy))
"""


def test_route_imports_no_document_models_nor_server_modules() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""


def test_the_document_names_still_import_from_their_packages() -> None:
    from corridor.chain import ChainDocument, chain_from_document
    from corridor.emissions import chain_from_dict

    doc = chain_from_dict(
        {
            "cargo": {"containers": [{"type": "40", "count": 1}]},
            "elements": [
                {"type": "leg", "mode": "sea", "distance_km": 100, "toc": "sea-container-asia-north-europe"}
            ],
        }
    )
    assert isinstance(doc, ChainDocument)
    assert chain_from_document(doc).distance_km == 100
