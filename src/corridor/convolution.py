"""Quantiles of a chain's door-to-door time: the convolution of every element's durations, memoised.

:func:`corridor.distributions.sum_quantiles` convolves a list of
distributions; a route's options share most of their legs and hubs, and the
questions on one network meet the same elements again, so here each
element's product of spectra is computed once per transform size and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from corridor.distributions import (
    Distribution,
    _fixed_value,
    _range,
    _spectrum,
    _support,
    fft_size,
    resolved,
    spectrum_quantiles,
)


@dataclass(frozen=True, slots=True, eq=False)
class _Group:
    """An element's distributions: the fixed ones' sum; the others, their bins and ends summed.

    Compared and hashed by identity (``_group`` makes one per distinct group), so the memo of
    its spectra hashes no distribution.
    """

    fixed_h: float
    spread: tuple[Distribution, ...]
    first: int
    bins: int
    low_h: float
    high_h: float


@lru_cache(maxsize=8192)
def _group(components: tuple[Distribution, ...], step_h: float) -> _Group:
    components = tuple(resolved(c) for c in components)
    spread = tuple(c for c in components if _fixed_value(c) is None)
    supports = [_support(c, step_h) for c in spread]
    ends = [_range(c) for c in spread]
    return _Group(
        sum(_fixed_value(c) or 0.0 for c in components),
        spread,
        sum(first for first, _ in supports),
        sum(n for _, n in supports),
        sum(end[0] for end in ends),
        sum(end[1] for end in ends),
    )


#: Groups already seen, by the identity of their tuple (a chain's elements are shared objects).
_BY_ID: dict[int, tuple[Sequence[Distribution], float, _Group]] = {}


def _group_of(group: Sequence[Distribution], step_h: float) -> _Group:
    seen = _BY_ID.get(id(group))
    if seen is not None and seen[0] is group and seen[1] == step_h:  # the entry holds it: id not reused
        return seen[2]
    part = _group(tuple(group), step_h)
    if isinstance(group, tuple):
        if len(_BY_ID) >= 8192:
            _BY_ID.clear()
        _BY_ID[id(group)] = (group, step_h, part)
    return part


@lru_cache(maxsize=2048)
def _group_spectrum(group: _Group, step_h: float, size: int) -> npt.NDArray[np.complex128]:
    """The product of the spectra of the group's spread (read-only), memoised: chains share elements."""
    spread = group.spread
    if len(spread) == 1:
        return _spectrum(spread[0], step_h, size)
    product = _spectrum(spread[0], step_h, size) * _spectrum(spread[1], step_h, size)
    for c in spread[2:]:
        product *= _spectrum(c, step_h, size)
    product.flags.writeable = False
    return product


def grouped_sum_quantiles(
    groups: Sequence[Sequence[Distribution]], quantiles: tuple[float, ...], *, step_h: float = 0.25
) -> tuple[float, ...]:
    """:func:`~corridor.distributions.sum_quantiles` of all the distributions of ``groups``.

    The same sum as ``sum_quantiles`` of the groups laid end to end (to
    round-off, about 1e-13 h); each group's spectra are multiplied once and
    the product memoised, so a group that recurs (an element several chains
    share) costs one multiplication.

    Examples
    --------
    >>> from corridor.distributions import Uniform, sum_quantiles
    >>> legs = [(Uniform(0, 10),), (Uniform(0, 10), Uniform(5, 5))]
    >>> round(grouped_sum_quantiles(legs, (0.5,))[0], 3)
    15.0

    """
    return many_grouped_sum_quantiles([groups], quantiles, step_h=step_h)[0]


@dataclass(frozen=True, slots=True)
class _Sum:
    """One sum to convolve: its groups with a spread, their prefixes' ids, the grid and exact parts."""

    spread: list[_Group]
    path: list[int]
    size: int
    length: int
    shift: float
    bounds: tuple[float, float]
    fixed_h: float


def many_grouped_sum_quantiles(
    sums: Sequence[Sequence[Sequence[Distribution]]], quantiles: tuple[float, ...], *, step_h: float = 0.25
) -> list[tuple[float, ...]]:
    """:func:`grouped_sum_quantiles` of each of ``sums``; leading groups they share multiplied once.

    The options of a route share their first elements (the same first legs
    and hubs): the product of a shared run of leading groups is kept while
    the sums that begin with it are convolved. Each result is the one
    ``grouped_sum_quantiles`` gives alone, to the bit (the products are
    taken in the same order).
    """
    prefix_ids: dict[tuple[int, int, _Group], int] = {}
    uses: dict[int, int] = {}
    todo: list[_Sum | float] = []
    for groups in sums:
        parts = [_group_of(g, step_h) for g in groups]
        fixed_h = sum(p.fixed_h for p in parts)
        spread = [p for p in parts if p.spread]
        if not spread:  # fixed durations add exactly, off the grid
            todo.append(fixed_h)
            continue
        count = sum(len(p.spread) for p in spread)
        length = sum(p.bins for p in spread) - count + 1
        size = fft_size(length)
        path, node = [], 0
        for p in spread:
            node = prefix_ids.setdefault((size, node, p), len(prefix_ids) + 1)
            uses[node] = uses.get(node, 0) + 1
            path.append(node)
        shift = 0.5 * count + sum(p.first for p in spread)
        bounds = sum(p.low_h for p in spread), sum(p.high_h for p in spread)
        todo.append(_Sum(spread, path, size, length, shift, bounds, fixed_h))
    kept: dict[int, npt.NDArray[np.complex128]] = {}
    out = []
    for item in todo:
        if not isinstance(item, _Sum):
            out.append(tuple(item for _ in quantiles))
            continue
        start = next((k + 1 for k in range(len(item.path) - 1, -1, -1) if item.path[k] in kept), 0)
        spectrum = kept[item.path[start - 1]] if start else None
        owned = False  # a product no other sum holds is multiplied in place
        for k in range(start, len(item.spread)):
            factor = _group_spectrum(item.spread[k], step_h, item.size)
            if spectrum is None:
                spectrum, owned = factor, False
            elif owned:
                spectrum *= factor
            else:
                spectrum, owned = spectrum * factor, True
            if uses[item.path[k]] > 1:
                kept[item.path[k]], owned = spectrum, False
        assert spectrum is not None  # a sum with a spread has a group
        out.append(
            spectrum_quantiles(
                spectrum,
                item.size,
                item.length,
                quantiles,
                step_h=step_h,
                shift=item.shift,
                bounds=item.bounds,
                fixed_h=item.fixed_h,
            )
        )
    return out
