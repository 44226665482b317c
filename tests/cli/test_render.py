"""The one table renderer: width from COLUMNS or the terminal, CSV that keeps the plain values."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest

from corridor.cli.render import PIPE_WIDTH, Column, TableData, table_to_csv, table_to_text, table_width

from .support import TINY, run

TABLE = TableData(
    [
        Column("name", "name"),
        Column("km", "distance_km", show=lambda row: f"{row['distance_km']:,.0f}", justify="right"),
        Column("hidden", "secret", screen=False),
    ],
    [
        {"name": "Alpha", "distance_km": 1234.5, "secret": ["a", "b"]},
        {"name": "Ω", "distance_km": 7.0, "secret": None},
    ],
    title="Two places",
    notes=["a note"],
)


def _no_terminal(fd: int = 0) -> os.terminal_size:
    raise OSError("not a terminal")


@pytest.mark.parametrize("term", ["xterm-256color", "dumb"])
def test_columns_sets_the_width(monkeypatch: pytest.MonkeyPatch, term: str) -> None:
    monkeypatch.setenv("COLUMNS", "77")
    monkeypatch.setenv("TERM", term)
    assert table_width() == 77


def test_the_terminal_sets_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=0: os.terminal_size((93, 30)))
    assert table_width() == 93


def test_pipes_get_a_wide_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", _no_terminal)
    assert table_width() == PIPE_WIDTH


def test_text_has_title_rows_and_notes_without_trailing_spaces() -> None:
    text = table_to_text(TABLE, width=40)
    lines = text.splitlines()
    assert lines[0] == "Two places"
    assert "hidden" not in text
    assert ["Alpha", "1,234"] in [line.split() for line in lines]
    assert lines[-1] == "a note"
    assert all(line == line.rstrip() for line in lines)
    assert max(map(len, lines)) <= 40


def test_csv_keeps_plain_values() -> None:
    rows = list(csv.reader(io.StringIO(table_to_csv(TABLE))))
    assert rows == [["name", "distance_km", "secret"], ["Alpha", "1234.5", "a b"], ["Ω", "7.0", ""]]


def test_route_csv_has_the_json_figures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "json")
    assert code == 0
    options = json.loads(out)["options"]
    code, out, _ = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(options)
    for row, option in zip(rows, options, strict=True):
        assert row["path"] == option["path"]
        assert float(row["cost_usd"]) == pytest.approx(option["cost_usd"])
        assert float(row["co2e_kg"]) == pytest.approx(option["co2e_kg"])
        assert row["countries"].split() == option["countries"]


@pytest.mark.parametrize("width", [80, 100])
def test_route_figures_are_never_cut_at_narrow_widths(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Issue 15: at 80 columns the km, transshipments and border columns were cropped."""
    code, out, _ = run(capsys, "route", "Xi'an", "Duisburg", "--format", "json")
    assert code == 0
    options = json.loads(out)["options"]
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(capsys, "route", "Xi'an", "Duisburg")
    assert code == 0
    lines = out.splitlines()
    assert max(map(len, lines)) <= width
    rows = [line.split() for line in lines if re.match(r"^\s+\d+( \*)?\s", line)]
    assert len(rows) == len(options)
    for cells, option in zip(rows, options, strict=True):
        tail = cells[-8:] if width < 100 else None
        figures = [f"{option['duration_days_p50']:.1f}", f"{option['duration_days_p90']:.1f}"]
        figures += [f"{option['cost_usd']:,.0f}", f"{option['distance_km']:,.0f}"]
        figures += [str(option["transshipments"]), str(option["border_crossings"])]
        for figure in figures:
            assert figure in cells, (figure, cells)
        if tail is not None:
            assert tail[-2:] == [str(option["transshipments"]), str(option["border_crossings"])]
    if width < 100:
        assert f"Not shown at {width} columns: countries" in out
