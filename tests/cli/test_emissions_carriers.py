"""`corridor emissions` on a chain with carriers' and hub operators' data: the refrigerant GWP basis
and the energy intensity are stated in the table, the JSON and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .support import run

CHAIN = {
    "cargo": {"containers": [{"type": "40RF", "count": 1}], "mass_t": 20},
    "gwp": "AR5",
    "elements": [
        {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0},
        {
            "type": "hub",
            "primary": {
                "electricity_kwh": 50,
                "grid_g_per_kwh": 300,
                "refrigerants": [{"gas": "R-452A", "kg": 0.1}],
            },
        },
    ],
}


@pytest.fixture
def chain_file(tmp_path: Path) -> Path:
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(CHAIN), encoding="utf-8")
    return path


def test_the_refrigerant_basis_and_energy_are_stated(
    capsys: pytest.CaptureFixture[str], chain_file: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "emissions", str(chain_file))
    assert code == 0
    assert "refrigerants GWP AR5" in out
    code, out, _ = run(capsys, "emissions", str(chain_file), "--format", "json")
    data = json.loads(out)
    hub = data["elements"][1]
    assert hub["ttw_kg"] == pytest.approx(0.1 * 1945)  # R-452A, AR5: mass-weighted IPCC AR5 components
    assert data["provenance"]["gwp_refrigerants"] == "AR5"
    assert data["totals"]["energy_mj_per_tkm"] == pytest.approx(
        (20_000 * 21.2 / 3170 * 42.8 + 50 * 3.6) / 20_000
    )
    report = tmp_path / "report.html"
    code, _, _ = run(capsys, "emissions", str(chain_file), "--report", str(report))
    assert code == 0
    html = report.read_text(encoding="utf-8")
    assert "refrigerant leakage: IPCC AR5 GWP100" in html
    assert "MJ per tonne-km" in html
