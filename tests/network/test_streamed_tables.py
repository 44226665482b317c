"""Large tables are read from disk on each pass instead of held in memory, with the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import DataFileError
from corridor.tables import CsvRows, read_table


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_streamed_rows_equal_the_eager_rows_on_every_pass(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", " a , b\n1,x\n\n,\n2,y\n")
    eager = read_table(path, "t.csv")
    streamed = read_table(path, "t.csv", stream=True)
    assert isinstance(streamed.rows, CsvRows)
    assert streamed.columns == eager.columns == ("a", "b")
    expected = [(2, {"a": "1", "b": "x"}), (5, {"a": "2", "b": "y"})]  # blank rows skipped, header is row 1
    assert list(eager.rows) == expected
    assert list(streamed.rows) == expected
    assert list(streamed.rows) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2\n3,4,5\n", "row 3: more cells than header columns"),
        ("a,b\n1,2\n3," + "x" * 200_000 + "\n", "malformed CSV"),  # past the field size limit
    ],
)
def test_a_bad_row_late_in_a_streamed_file_is_reported_when_the_table_is_opened(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path / "t.csv", text)
    with pytest.raises(DataFileError) as caught:
        read_table(path, "t.csv", stream=True)
    assert message in str(caught.value)


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,\xff\n")
    with pytest.raises(DataFileError, match=r"t\.csv.*not UTF-8"):
        read_table(path, "t.csv", stream=True)
