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


@pytest.mark.slow
def test_shipment_session(tmp_path: Path) -> None:
    """The shell session of 'Shipments and tracking' runs as written (SQLite, the real server on loopback)."""
    import json
    import os
    import shutil
    import socket
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    session = re.search(r"## Shipments and tracking.*?```sh\n(.*?)```", text, flags=re.S)
    assert session is not None
    if shutil.which("curl") is None:
        pytest.fail("the README session needs curl")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PORT": str(port), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    env.pop("CORRIDOR_DATABASE_URL", None)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", session.group(1)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    eta = json.loads((tmp_path / "eta.json").read_text(encoding="utf-8"))
    assert eta["arrival_p50"] <= eta["arrival_p90"]
    assert (tmp_path / "cim-smgs.pdf").read_bytes().startswith(b"%PDF")
    note = json.loads((tmp_path / "cim-smgs.json").read_text(encoding="utf-8"))
    assert "CSQU3054383" in json.dumps(note)
    assert "kg CO2e" in (tmp_path / "co2e.html").read_text(encoding="utf-8")
