"""`corridor validate`: the validation report written where asked, and a summary line of its outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import run


@pytest.mark.slow
def test_validate_writes_the_report_and_summarises_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "validation.md"
    code, stdout, _ = run(capsys, "validate", str(out))
    assert code == 0, stdout  # every figure outside its band has a stated reason
    assert " 0 outside" in stdout
    report = out.read_text(encoding="utf-8")
    assert "Kuryk" in report
    assert "known outside" in report


@pytest.mark.parametrize(("folders", "expected"), [((), "validation.md"), (("docs",), "docs/validation.md")])
def test_without_out_the_report_goes_where_the_folder_has_room_for_it(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    folders: tuple[str, ...],
    expected: str,
) -> None:
    """From an installed wheel in any folder, the report is written there; in the repository, into docs/."""
    import corridor.validation.report as report

    written: list[Path] = []

    def fake(out: Path, **_: object) -> list[object]:
        written.append(out)
        return []

    monkeypatch.setattr(report, "write_validation_report", fake)
    for folder in folders:
        (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run(capsys, "validate")
    assert code == 0, stdout
    assert written == [Path(expected)]
    assert stdout.startswith(f"{expected}: 0 figures")
