"""Records kept as columns: the nodes and links of a large user network.

A network of a million nodes held as one Python object per node and link
(each with its own floats and distributions) needs several gigabytes. The
reader keeps a large network's records here instead: one typed array per
numeric field, shared values for repeated lists, plain lists for text. Looking
a record up builds it (``network.links["L1"]`` is an ordinary :class:`Link`),
and the routing graph reads whole columns (:meth:`RecordColumns.numbers`)
without building any record.

The columns follow the record's dataclass fields and their type hints, so a
field added to :class:`Link` or :class:`Node` is kept without changes here.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

R = TypeVar("R")
FloatArray = npt.NDArray[np.float64]

#: Networks with more links than this are read into columns (smaller ones keep plain dicts).
COLUMNAR_LINKS = 50_000
_NO_INT = -(2**63)
#: How many records built from the columns are kept for the next look-up.
RECENT_RECORDS = 8192


class _Column(Protocol):
    def append(self, value: Any) -> None: ...

    def __getitem__(self, i: int) -> Any: ...


class _Floats:
    """``float`` or ``float | None`` (NaN stands for None: stored figures are finite)."""

    def __init__(self) -> None:
        self.data = array("d")

    def append(self, value: float | None) -> None:
        self.data.append(math.nan if value is None else value)

    def __getitem__(self, i: int) -> float | None:
        value = self.data[i]
        return None if math.isnan(value) else value

    def numbers(self) -> FloatArray:
        return np.frombuffer(self.data, dtype=np.float64) if self.data else np.zeros(0)


class _Ints:
    """``int`` or ``int | None``."""

    def __init__(self) -> None:
        self.data = array("q")

    def append(self, value: int | None) -> None:
        self.data.append(_NO_INT if value is None else value)

    def __getitem__(self, i: int) -> int | None:
        value = self.data[i]
        return None if value == _NO_INT else value


class _Bools:
    def __init__(self) -> None:
        self.data = bytearray()

    def append(self, value: bool) -> None:
        self.data.append(1 if value else 0)

    def __getitem__(self, i: int) -> bool:
        return bool(self.data[i])


class _Shared:
    """Values that repeat (lists of countries or sources, class sets): each distinct one kept once."""

    def __init__(self) -> None:
        self.data = array("i")
        self.distinct: list[Any] = []
        self._position: dict[Any, int] = {}

    def append(self, value: Any) -> None:
        position = self._position.get(value)
        if position is None:
            position = self._position[value] = len(self.distinct)
            self.distinct.append(value)
        self.data.append(position)

    def __getitem__(self, i: int) -> Any:
        return self.distinct[self.data[i]]


class _Objects:
    """Anything else (text): one reference per record."""

    def __init__(self) -> None:
        self.data: list[Any] = []

    def append(self, value: Any) -> None:
        self.data.append(value)

    def __getitem__(self, i: int) -> Any:
        return self.data[i]


class _Nested:
    """A dataclass-valued field (a distribution, a transfer), possibly ``None``, as its own columns."""

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls
        self.present = _Bools()
        self.columns = _columns_for(cls)

    def append(self, value: Any) -> None:
        self.present.append(value is not None)
        for name, column in self.columns.items():
            column.append(getattr(value, name) if value is not None else _EMPTY.get(type(column)))

    def __getitem__(self, i: int) -> Any:
        if not self.present[i]:
            return None
        return self.cls(*(column[i] for column in self.columns.values()))


_EMPTY: dict[type[Any], Any] = {_Floats: None, _Ints: None, _Bools: False, _Objects: None, _Nested: None}


def _column(hint: Any) -> _Column:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return _column(args[0]) if len(args) == 1 else _Objects()
    if hint is float:
        return _Floats()
    if hint is bool:
        return _Bools()
    if hint is int:
        return _Ints()
    if typing.get_origin(hint) in (tuple, frozenset):
        return _Shared()
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _Nested(hint)
    return _Objects()


def _columns_for(cls: type[Any]) -> dict[str, _Column]:
    hints = typing.get_type_hints(cls)
    return {f.name: _column(hints[f.name]) for f in dataclasses.fields(cls) if f.init}


class RecordColumns(Mapping[str, R], Generic[R]):
    """A read-only mapping of id to record whose records are kept as columns."""

    def __init__(self, cls: type[R], key: str) -> None:
        self._cls: Callable[..., R] = cls
        self._key = key
        self._columns = _columns_for(cls)
        keys = self._columns[key]
        if not isinstance(keys, _Objects):
            raise TypeError(f"the key {key!r} must be a text field")
        self._keys: list[str] = keys.data
        self._index: dict[str, int] = {}
        # records are frozen: the ones last built are kept (a route looks each node and link up several times)
        self._recent: dict[str, R] = {}

    def add(self, record: R) -> None:
        """Append ``record`` (its id must be new)."""
        self._index[getattr(record, self._key)] = len(self._keys)
        for name, column in self._columns.items():
            column.append(getattr(record, name))

    def __getitem__(self, key: str) -> R:
        record = self._recent.get(key)
        if record is None:
            i = self._index[key]
            record = self._cls(*(column[i] for column in self._columns.values()))
            if len(self._recent) >= RECENT_RECORDS:
                self._recent.clear()
            self._recent[key] = record
        return record

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def positions(self) -> Mapping[str, int]:
        """Where each id's record is in the columns."""
        return self._index

    def numbers(self, field: str, *parts: str) -> FloatArray:
        """A numeric field (or a part of a record-valued one) for every record, NaN where missing.

        ``numbers("transfer", "dwell_h", "min")`` reads ``node.transfer.dwell_h.min``.

        Raises
        ------
        TypeError
            The field is not numeric.

        """
        column = self._columns[field]
        for part in parts:
            if not isinstance(column, _Nested):
                raise TypeError(f"{field} has no part {part!r}")
            column = column.columns[part]
        if isinstance(column, _Floats):
            return column.numbers()
        if isinstance(column, _Ints):
            values = np.frombuffer(column.data, dtype=np.int64).astype(np.float64)
            values[np.frombuffer(column.data, dtype=np.int64) == _NO_INT] = np.nan
            return values
        if isinstance(column, _Bools):
            return np.frombuffer(bytes(column.data), dtype=np.uint8).astype(np.float64)
        raise TypeError(f"{field} is not numeric")

    def field_values(self, field: str) -> list[Any]:
        """One field of every record, in order, without building the records."""
        column = self._columns[field]
        if isinstance(column, _Shared):
            return [column.distinct[i] for i in column.data]
        if isinstance(column, _Objects):
            return list(column.data)
        return [column[i] for i in range(len(self._keys))]
