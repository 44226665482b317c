"""`corridor route` and the root: tables, JSON, GeoJSON, CSV; one clear line for user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.cli import main

from .support import TINY, run


def test_route_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(
        capsys, "route", "Alpha", "Omega", "--network", TINY, "--cargo", "2x40HC", "--avoid-country", "RU"
    )
    assert code == 0, err
    assert "Alpha → Omega, 2x40HC; avoid countries RU" in out
    assert "Porto (transshipment)" in out
    assert "9,900" in out  # the hand-calculated cost of test_plan


def test_route_json_round_trips_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    option = data["options"][0]
    assert option["cost_usd"] == sum(e["cost_usd"] for e in option["chain"]["elements"])
    assert data["provenance"]["network"] == "tiny"
    assert data["provenance"]["quantiles"].startswith("numerical convolution")


def test_route_geojson_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "route.geojson"
    code, out, _ = run(
        capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "geojson", "--out", str(target)
    )
    assert code == 0
    assert out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    kinds = {f["geometry"]["type"] for f in data["features"]}
    assert kinds == {"LineString", "Point"}
    legs = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert all("distance_km" in f["properties"] and "cost_usd" in f["properties"] for f in legs)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("route", "Alpha", "Omegga"),
            "error: unknown place 'Omegga': did you mean Omega (DE-OMEGA)?",
        ),
        (("route", "Alpha", "Omega", "--cargo", "3 boxes"), "error: cannot read cargo '3 boxes'"),
        (
            ("route", "Alpha", "Omega", "--avoid-country", "RU", "--avoid-mode", "sea"),
            "error: no route from Alpha to Omega: "
            "it is --avoid-country or --avoid-mode that removes the last route",
        ),
        (("route", "Alpha", "Omega", "--avoid-country", "CN"), "error: the origin Alpha (CN-ALPHA) is in CN"),
        (
            ("route", "Alpha", "Omega", "--avoid-country", "RX"),
            "error: unknown country code 'RX' in the countries to avoid: did you mean",
        ),
        (
            ("route", "Alpha", "Omega", "--avoid-node", "Kz-Prot"),
            "error: unknown node 'Kz-Prot' in the nodes to avoid: did you mean",
        ),
        (("route", "Alpha", "Omega", "--via", "Nowhere"), "error: unknown node 'Nowhere' in the via nodes"),
        (
            ("route", "Alpha", "Omega", "--avoid-mode", "rial"),
            "error: unknown mode 'rial' in the modes to avoid: did you mean rail",
        ),
    ],
)
def test_user_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args, "--network", TINY)
    assert code == 1
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    from corridor.errors import UnknownNodeError

    with pytest.raises(UnknownNodeError):
        main(["--debug", "route", "Alpha", "Omegga", "--network", TINY])


def test_failed_run_leaves_no_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "route.json"
    code, _, _ = run(
        capsys, "route", "Alpha", "Nowhere", "--network", TINY, "--format", "json", "--out", str(target)
    )
    assert code == 1
    assert list(tmp_path.iterdir()) == []


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "xml")
    assert code == 2
    assert (
        "Invalid value for '--format': Value error, 'xml' is not one of 'table', 'json', 'geojson', 'csv'"
        in err
    )
