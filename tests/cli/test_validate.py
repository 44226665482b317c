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
