"""Costs in another currency than the network's USD, at a dated, sourced official rate.

Corridor's costs are US dollars of the network's currency year. A user may ask
for them in euro, yuan, yen, tenge, lira, lari or manat: each comes from one
bundled table of official rates (``data/rates``), the European Central Bank's
euro reference rates of one day where the ECB publishes the currency, else a
stated central bank's official rates of one day (the National Bank of
Kazakhstan's for KZT, GEL and AZN). Every conversion names its rate, date and
source, and the rates are not updated at run time (Corridor never goes online):
they are the rates of their date, not today's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.errors import ConstraintError, DataFileError, Problem
from corridor.tables import RowReader, Source, check_columns, make_source, read_rows, read_table
from corridor.vocabulary import Currency

#: The currencies a user can choose, the network's own first.
CURRENCIES: tuple[str, ...] = tuple(Currency)
RATE_COLUMNS = ("currency", "name", "source_id", "date", "base", "units", "rate", "direction")
SOURCE_COLUMNS = ("source_id", "kind", "title", "publisher", "url", "date")
DIRECTIONS = ("base_to_currency", "currency_to_base")


@dataclass(frozen=True, slots=True)
class Rate:
    """How many units of ``currency`` one US dollar bought on ``date``, per ``source``."""

    currency: str
    name: str
    per_usd: float
    date: str
    source: Source

    def convert(self, amount_usd: float) -> float:
        """``amount_usd`` in this currency."""
        return amount_usd * self.per_usd

    def describe(self) -> str:
        """One line for a table's notes: the currency, its rate, date and source.

        Examples
        --------
        >>> bundled_rates()["EUR"].describe()
        'EUR at 0.95283 per USD (European Central Bank, euro reference rates of 2024-11-25)'

        """
        if self.currency == "USD":
            return "USD (no conversion)"
        return (
            f"{self.currency} at {self.per_usd:.5g} per USD ({self.source.publisher}, "
            f"{_kind_of(self.source)} of {self.date})"
        )

    def to_dict(self) -> dict[str, Any]:
        """As the API answers it."""
        return {
            "currency": self.currency,
            "name": self.name,
            "per_usd": self.per_usd,
            "date": self.date,
            "source": self.source.title,
            "publisher": self.source.publisher,
            "url": self.source.url,
        }


def _kind_of(source: Source) -> str:
    return "euro reference rates" if source.publisher == "European Central Bank" else "official rates"


def _value_in_base(units: float, rate: float, direction: str) -> float:
    """How much of the set's base currency one unit of the row's currency is worth."""
    return 1.0 / rate if direction == "base_to_currency" else rate / units


def rates_from_csv(folder: str | Path) -> dict[str, Rate]:
    """The rates of a folder with ``rates.csv`` and ``sources.csv``, by currency.

    Rows of one source share its date and base currency and include USD, so
    each currency's rate per USD is a cross rate within one day's table. A
    currency in several sources takes its first source's rate (the file's order).

    Raises
    ------
    DataFileError
        A missing file or column, a bad value, a source without USD: each problem names file, row and field.

    """
    folder = Path(folder)
    problems: list[Problem] = []
    sources_table = read_table(folder / "sources.csv", str(folder / "sources.csv"))
    rates_table = read_table(folder / "rates.csv", str(folder / "rates.csv"))
    sources: dict[str, Source] = {}
    if check_columns(sources_table, SOURCE_COLUMNS, problems):
        sources = {s.source_id: s for _, s in read_rows(sources_table, problems, make_source)}
    rows: list[tuple[int, dict[str, Any]]] = []
    if check_columns(rates_table, RATE_COLUMNS, problems):

        def make(r: RowReader) -> dict[str, Any]:
            source_id = r.text("source_id")
            if source_id and source_id not in sources:
                r.problem("source_id", f"unknown source {source_id!r}")
            return {
                "currency": r.text("currency", choices=CURRENCIES),
                "name": r.text("name"),
                "source_id": source_id,
                "date": r.text("date"),
                "base": r.text("base"),
                "units": r.number("units", positive=True),
                "rate": r.number("rate", positive=True),
                "direction": r.text("direction", choices=DIRECTIONS),
            }

        rows = read_rows(rates_table, problems, make)
    usd: dict[str, float] = {}
    for _, row in rows:
        if row["currency"] == "USD":
            usd[row["source_id"]] = _value_in_base(row["units"], row["rate"], row["direction"])
    rates: dict[str, Rate] = {}
    for line, row in rows:
        if row["source_id"] not in usd:
            problems.append(Problem(rates_table.file, line, "source_id", "its source gives no USD row"))
            continue
        if row["currency"] in rates:
            continue
        value = _value_in_base(row["units"], row["rate"], row["direction"])
        per_usd = usd[row["source_id"]] / value
        rates[row["currency"]] = Rate(
            row["currency"], row["name"], per_usd, row["date"], sources[row["source_id"]]
        )
    missing = [c for c in CURRENCIES if c not in rates]
    if not problems and missing:
        problems.append(Problem(rates_table.file, None, "currency", f"no rate for {', '.join(missing)}"))
    if problems:
        raise DataFileError(problems)
    usd_rate = rates["USD"]
    rates["USD"] = Rate("USD", usd_rate.name, 1.0, usd_rate.date, usd_rate.source)
    return rates


@functools.cache
def bundled_rates() -> dict[str, Rate]:
    """The rates shipped with Corridor (``corridor/data/rates``), by currency code.

    Examples
    --------
    >>> rate = bundled_rates()["KZT"]
    >>> rate.per_usd, rate.date, rate.source.publisher
    (444.32, '2024-04-24', 'National Bank of Kazakhstan')

    """
    with resources.as_file(resources.files("corridor") / "data" / "rates") as folder:
        return rates_from_csv(folder)


def rate_for(currency: str) -> Rate:
    """The bundled rate of ``currency`` (an ISO 4217 code, any case).

    Raises
    ------
    ConstraintError
        Corridor has no rate for it (``field`` is ``currency``).

    Examples
    --------
    >>> round(rate_for("eur").convert(1049.5), 6)
    1000.0

    """
    code = currency.strip().upper()
    rates = bundled_rates()
    if code not in rates:
        raise ConstraintError(
            f"no rate for currency {currency!r}; choose one of {', '.join(CURRENCIES)}", field="currency"
        )
    return rates[code]


def add_currency(answer: dict[str, Any], currency: str) -> dict[str, Any]:
    """A route answer (:func:`corridor.routing.io.result_to_dict`) with its costs also in ``currency``.

    Adds ``currency`` (the rate, its date and source) to the answer and
    ``cost_in_currency`` to each option, rounded to the currency's cent;
    ``cost_usd`` stays as it was.

    Examples
    --------
    >>> answer = add_currency({"options": [{"cost_usd": 2099.0}]}, "EUR")
    >>> answer["options"][0]["cost_in_currency"], answer["currency"]["date"]
    (2000.0, '2024-11-25')

    """
    rate = rate_for(currency)
    answer["currency"] = rate.to_dict()
    for option in answer.get("options", []):
        option["cost_in_currency"] = round(rate.convert(option["cost_usd"]), 2)
    return answer
