"""The README never lies: its console examples and Python session run here."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from corridor.cli import main

README = Path(__file__).parents[1] / "README.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def _examples() -> list[tuple[str, str]]:
    examples = []
    for block in _blocks("console"):
        for chunk in block.split("$ corridor ")[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def test_readme_has_examples() -> None:
    assert len(_examples()) >= 4
    assert _blocks("pycon")


@pytest.mark.parametrize(("command", "expected"), _examples(), ids=lambda v: v[:40])
def test_console_example(
    command: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    main(shlex.split(command))
    out, err = capsys.readouterr()
    assert (out + err).rstrip() == expected.rstrip()


def test_python_session() -> None:
    parser = doctest.DocTestParser()
    for number, block in enumerate(_blocks("pycon")):
        test = parser.get_doctest(block, {}, f"README-pycon-{number}", str(README), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.failures == 0, f"README Python session {number} failed"
