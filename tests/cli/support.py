"""What the CLI tests share: running ``corridor`` in-process and the tiny network."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.cli import main

ROOT = Path(__file__).parents[2]
TINY = str(ROOT / "tests" / "data" / "tiny")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``corridor ARGS``."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
