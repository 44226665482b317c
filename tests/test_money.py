"""Currencies: official rates of a stated day and source, cross rates within one day's table."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from corridor.errors import ConstraintError, DataFileError
from corridor.money import CURRENCIES, add_currency, bundled_rates, rate_for, rates_from_csv

RATES = Path(str(resources.files("corridor") / "data" / "rates"))


def test_every_currency_has_a_dated_official_source() -> None:
    rates = bundled_rates()
    assert set(rates) == set(CURRENCIES) == {"USD", "EUR", "CNY", "JPY", "KZT", "TRY", "GEL", "AZN"}
    for rate in rates.values():
        assert rate.source.kind == "official"
        assert str(rate.source.url).startswith("https://")
        assert rate.date == rate.source.date
        assert rate.per_usd > 0


def test_the_published_numbers_come_back() -> None:
    # ECB, 25 November 2024: 1 EUR = 1.0495 USD = 161.64 JPY = 7.6018 CNY = 36.3020 TRY
    assert rate_for("EUR").per_usd == pytest.approx(1 / 1.0495)
    assert rate_for("JPY").per_usd == pytest.approx(161.64 / 1.0495)
    assert rate_for("CNY").per_usd == pytest.approx(7.6018 / 1.0495)
    assert rate_for("TRY").per_usd == pytest.approx(36.3020 / 1.0495)
    # National Bank of Kazakhstan, 24 April 2024: USD 444.32, GEL 167.35, AZN 262.14 KZT
    assert rate_for("KZT").per_usd == pytest.approx(444.32)
    assert rate_for("GEL").per_usd == pytest.approx(444.32 / 167.35)
    assert rate_for("USD").per_usd == 1.0


def test_the_manat_cross_rate_is_near_its_official_peg() -> None:
    # The Central Bank of Azerbaijan held 1.7000 AZN per USD; the tenge table's two decimals give 1.695.
    assert rate_for("AZN").per_usd == pytest.approx(1.70, rel=0.005)


def test_unknown_currency_names_the_choices() -> None:
    with pytest.raises(ConstraintError, match="no rate for currency 'RUB'; choose one of USD, EUR") as info:
        rate_for("RUB")
    assert info.value.field == "currency"


def test_add_currency_keeps_usd_and_names_the_rate() -> None:
    answer = add_currency({"options": [{"cost_usd": 1000.0}]}, "kzt")
    assert answer["options"][0] == {"cost_usd": 1000.0, "cost_in_currency": 444320.0}
    assert answer["currency"]["date"] == "2024-04-24"
    assert answer["currency"]["publisher"] == "National Bank of Kazakhstan"


def test_a_bad_rates_file_names_file_row_and_field(tmp_path: Path) -> None:
    shutil.copytree(RATES, tmp_path / "rates")
    path = tmp_path / "rates" / "rates.csv"
    text = path.read_text(encoding="utf-8").replace("161.64", "-1", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"rates\.csv, row 5, field 'rate': must be > 0, got '-1'"):
        rates_from_csv(tmp_path / "rates")
