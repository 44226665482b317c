"""Result files are written whole, with ordinary permissions, through links, and errors name the file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from corridor.errors import CorridorError, OutputFileError
from corridor.files import write_text_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_gets_0644_under_umask_022(tmp_path: Path) -> None:
    out = write_text_atomic(tmp_path / "route.json", "{}\n")
    assert out == tmp_path / "route.json"
    assert out.read_text() == "{}\n"
    assert _mode(out) == 0o644


def test_a_new_file_respects_a_stricter_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        out = write_text_atomic(tmp_path / "route.json", "{}\n")
    finally:
        os.umask(old)
    assert _mode(out) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_secret_gets_0600(tmp_path: Path) -> None:
    assert _mode(write_text_atomic(tmp_path / "key", "k\n", secret=True)) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("old")
    path.chmod(0o640)
    write_text_atomic(path, "new")
    assert (path.read_text(), _mode(path)) == ("new", 0o640)


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.json"
    target.write_text("old")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    assert write_text_atomic(link, "new") == target
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert _leftovers(tmp_path) == _leftovers(tmp_path / "real") == []


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "made.json")
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text() == "new"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_device_is_not_replaced() -> None:
    with pytest.raises(OutputFileError, match=r"^cannot write /dev/full: not a regular file"):
        write_text_atomic("/dev/full", "x")
    assert Path("/dev/full").is_char_device()


def test_a_folder_is_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(OutputFileError, match="not a regular file"):
        write_text_atomic(tmp_path, "x")


def test_an_unwritable_target_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "out.json"
    with pytest.raises(OutputFileError) as info:
        write_text_atomic(path, "x")
    assert str(info.value) == f"cannot write {path}: No such file or directory"
    assert info.value.filename == str(path)
    assert isinstance(info.value, CorridorError)
    assert isinstance(info.value, FileNotFoundError | OSError)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "\ud800")
    assert path.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_newlines_are_kept_as_given_on_request(tmp_path: Path) -> None:
    path = write_text_atomic(tmp_path / "t.csv", "a,b\r\n1,2\r\n", newline="")
    assert path.read_bytes() == b"a,b\r\n1,2\r\n"
