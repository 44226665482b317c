"""One routing question, normalised once.

The CLI (options), the API (a JSON body) and the simulation (a scenario flow's
route rule) all build a :class:`RouteQuery` with :meth:`RouteQuery.build`, so
they read lists, case and duplicates the same way, and errors name the
query's field (``avoid_countries``, ``cargo``, ...), which each surface then
phrases for its users.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corridor.commodities import Commodity, bundled_commodities
from corridor.errors import ConstraintError, UnknownConstraintValueError
from corridor.routing.cargo import Cargo, Constraints
from corridor.vocabulary import CRITERIA, DEFAULT_CRITERIA, MODES

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def split_items(values: Iterable[str] | str | None) -> list[str]:
    """Items of a list whose entries may themselves be comma-separated, stripped, empty ones dropped.

    Examples
    --------
    >>> split_items(["RU,BY", " KZ ", ""])
    ['RU', 'BY', 'KZ']

    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _words(values: Iterable[str] | str | None, choices: tuple[str, ...], field_name: str) -> tuple[str, ...]:
    words = _unique(v.lower() for v in split_items(values))
    for word in words:
        if word not in choices:
            if field_name in ("avoid_modes", "require_modes"):
                known = [str(c) for c in choices]
                close = difflib.get_close_matches(word, known, n=3, cutoff=0.4)
                raise UnknownConstraintValueError(field_name, word, "mode", close or known)
            what = field_name.replace("_", " ").rstrip("s")
            raise ConstraintError(
                f"unknown {what} {word!r}; expected one of {', '.join(choices)}", field=field_name
            )
    return words


@dataclass(frozen=True)
class RouteQuery:
    """Where from and to, what, under which rules, minimising what."""

    origin: str
    destination: str
    cargo: Cargo = field(default_factory=Cargo)
    constraints: Constraints = field(default_factory=Constraints)
    criteria: tuple[str, ...] = DEFAULT_CRITERIA
    value_of_time_usd_per_container_day: float | None = None
    depart: dt.date | None = None
    commodity: str | None = None

    @classmethod
    def build(
        cls,
        origin: str,
        destination: str,
        *,
        cargo: str | Cargo | None = None,
        dg_class: int | None = None,
        mass_t: float | None = None,
        avoid_countries: Iterable[str] | str | None = None,
        avoid_modes: Iterable[str] | str | None = None,
        require_modes: Iterable[str] | str | None = None,
        avoid_nodes: Iterable[str] | str | None = None,
        via: Iterable[str] | str | None = None,
        max_transshipments: int | None = None,
        criteria: Iterable[str] | str | None = None,
        value_of_time_usd_per_container_day: float | None = None,
        depart: str | dt.date | None = None,
        commodity: str | None = None,
    ) -> RouteQuery:
        """A query from loose inputs, normalised in the one way every surface shares.

        List inputs may hold comma-separated items (``["RU,BY"]``); whitespace
        is stripped; country codes are upper-cased, modes and criteria
        lower-cased; repeated items are dropped, order kept (via nodes are
        passed in the given order).

        Raises
        ------
        ConstraintError
            An item is malformed or unknown; ``field`` names the query field.
            A ``commodity`` (from the bundled commodity table) sets the
            dangerous-goods class; a different ``dg_class`` is refused.

        Examples
        --------
        >>> q = RouteQuery.build("Xi'an", "Duisburg", avoid_countries=["ru, by", "RU"], criteria="time,cost")
        >>> sorted(q.constraints.avoid_countries), q.criteria
        (['BY', 'RU'], ('time', 'cost'))

        """
        goods = bundled_commodities().find(commodity) if commodity is not None else None
        if goods is not None:
            dg_class = _commodity_class(goods, dg_class)
            if goods.bulk:
                cargo = _bulk_cargo(goods, cargo, mass_t, dg_class)
        if cargo is None:
            cargo = "1x40"
        if isinstance(cargo, str):
            try:
                cargo = Cargo.parse(cargo, dg_class=dg_class, mass_t=mass_t)
            except ConstraintError as err:
                raise err.about("cargo") from None
        countries = _unique(c.upper() for c in split_items(avoid_countries))
        for code in countries:
            if not _COUNTRY.match(code):
                raise ConstraintError(
                    f"country must be an ISO 3166 alpha-2 code like RU, got {code!r}", field="avoid_countries"
                )
        chosen = _words(criteria, CRITERIA, "criteria") if criteria is not None else DEFAULT_CRITERIA
        if not chosen:
            raise ConstraintError("give at least one criterion", field="criteria")
        if max_transshipments is not None and max_transshipments < 0:
            raise ConstraintError(
                f"max transshipments must be >= 0, got {max_transshipments}", field="max_transshipments"
            )
        value_of_time = value_of_time_usd_per_container_day
        if value_of_time is not None and not value_of_time >= 0:
            raise ConstraintError(
                f"value of time must be >= 0 USD per container-day, got {value_of_time}",
                field="value_of_time_usd_per_container_day",
            )
        try:
            constraints = Constraints(
                avoid_countries=frozenset(countries),
                avoid_modes=frozenset(_words(avoid_modes, MODES, "avoid_modes")),
                require_modes=_words(require_modes, MODES, "require_modes"),
                avoid_nodes=_unique(split_items(avoid_nodes)),
                via_nodes=_unique(split_items(via)),
                max_transshipments=max_transshipments,
            )
        except ConstraintError as err:
            raise err.about("constraints") from None
        return cls(
            origin,
            destination,
            cargo,
            constraints,
            chosen,
            value_of_time,
            parse_depart(depart),
            goods.commodity_id if goods is not None else None,
        )


def _bulk_cargo(
    goods: Commodity, cargo: str | Cargo | None, mass_t: float | None, dg_class: int | None
) -> Cargo:
    """A bulk commodity's cargo: its mass in its form, never containers."""
    form = goods.cargo_form.replace("_", " ")
    if cargo is not None:
        raise ConstraintError(
            f"{goods.name} travels as {form} ({goods.packaging}): give its mass, not containers",
            field="cargo",
        )
    if mass_t is None:
        raise ConstraintError(f"{goods.name} travels as {form}: give its mass in tonnes", field="mass_t")
    try:
        return Cargo.bulk(mass_t, goods.cargo_form, dg_class=dg_class)
    except ConstraintError as err:
        raise err.about("mass_t") from None


def _commodity_class(goods: Commodity, dg_class: int | None) -> int | None:
    """The dangerous-goods class of a cargo of ``goods``: the table's, or the one given where it has none."""
    if goods.dg_class is not None and dg_class is not None and dg_class != goods.dg_class:
        raise ConstraintError(
            f"{goods.describe()} is class {goods.dg_class}, not class {dg_class}", field="dg_class"
        )
    return goods.dg_class if goods.dg_class is not None else dg_class


def parse_depart(value: str | dt.date | None) -> dt.date | None:
    """A departure date from ``YYYY-MM-DD`` (or a date; ``None`` for the annual mix).

    Raises
    ------
    ConstraintError
        Not a date in that form; ``field`` is ``depart``.

    Examples
    --------
    >>> parse_depart("2025-01-15")
    datetime.date(2025, 1, 15)

    """
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConstraintError(
            f"departure date must be YYYY-MM-DD, like 2025-01-15, got {value!r}", field="depart"
        ) from None


__all__ = ["RouteQuery", "parse_depart", "split_items"]
