"""What the cargo is: a sourced table of commodities (form, packaging, dangerous-goods class, value).

A commodity says how the cargo travels (``container``, ``liquid_bulk`` or
``dry_bulk``), its dangerous-goods class and UN number (UN Model Regulations,
as in ADR, RID and the IMDG Code), its density and its value per tonne. Facts
no source gives are ``None``: unknown, never zero. The bundled table is
``corridor/data/commodities``; every row names its sources there.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from corridor.errors import ConstraintError, DataFileError, Problem
from corridor.network.model import normalise_name
from corridor.tables import (
    SOURCE_ID,
    RowReader,
    Source,
    check_columns,
    keyed_rows,
    make_source,
    read_folder,
    read_manifest,
)
from corridor.vocabulary import CARGO_FORMS

COLUMNS = ("commodity_id", "name", "cargo_form", "packaging", "source_ids")


@dataclass(frozen=True, slots=True)
class Commodity:
    """One commodity: how it travels, its dangerous-goods class and what a tonne is worth."""

    commodity_id: str
    name: str
    cargo_form: str
    packaging: str
    dg_class: int | None = None
    un_number: str | None = None
    density_t_per_m3: float | None = None
    value_usd_per_t: float | None = None
    value_year: int | None = None
    alt_names: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    note: str | None = None
    dg_class_unknown: bool = False

    @property
    def bulk(self) -> bool:
        """True if it travels in bulk (pipeline, tanker, tank car), not in containers."""
        return self.cargo_form != "container"

    def describe(self) -> str:
        """``Uranium ore concentrate (UOC), UN 2912 class 7``."""
        text = self.name
        if self.un_number:
            text += f", UN {self.un_number}"
        if self.dg_class is not None:
            text += f" class {self.dg_class}"
        return text


@dataclass(frozen=True)
class CommodityTable:
    """The commodities of a table, by id, with the sources behind them."""

    name: str
    version: str
    commodities: dict[str, Commodity]
    sources: dict[str, Source]

    def find(self, query: str) -> Commodity:
        """The commodity whose id, name or other name is ``query`` (case and punctuation ignored).

        Raises
        ------
        ConstraintError
            Nothing matches; the message lists close names (field ``commodity``).

        Examples
        --------
        >>> bundled_commodities().find("yellowcake").un_number
        '2912'

        """
        key = normalise_name(query)
        index: dict[str, str] = {}
        for c in self.commodities.values():
            for name in (c.commodity_id, c.name, *c.alt_names):
                index.setdefault(normalise_name(name), c.commodity_id)
        if key in index:
            return self.commodities[index[key]]
        close = difflib.get_close_matches(key, list(index), n=3, cutoff=0.5)
        known = sorted({index[k] for k in close}) or sorted(self.commodities)
        raise ConstraintError(f"unknown commodity {query!r}; known: {', '.join(known)}", field="commodity")


def _make_commodity(r: RowReader) -> Commodity:
    unknown = r.raw("dg_class").lower() == "unknown"
    dg = r.dg_classes("dg_class") if "dg_class" in r.table.columns and not unknown else frozenset()
    if len(dg) > 1:
        r.problem("dg_class", "give one class (the primary hazard)")
    un_number = r.optional_text("un_number")
    if un_number and not (un_number.isdigit() and len(un_number) == 4):
        r.problem("un_number", f"a UN number has four digits, got {un_number!r}")
    if un_number and not dg:
        r.problem("dg_class", f"UN {un_number} is dangerous goods: give its class")
    year = r.number("value_year", required=False, minimum=1900)
    return Commodity(
        commodity_id=r.text("commodity_id"),
        name=r.text("name"),
        cargo_form=r.text("cargo_form", choices=CARGO_FORMS),
        packaging=r.text("packaging"),
        dg_class=min(dg) if dg else None,
        un_number=un_number,
        density_t_per_m3=r.number("density_t_per_m3", required=False, positive=True, maximum=25.0),
        value_usd_per_t=r.number("value_usd_per_t", required=False, positive=True),
        value_year=int(year) if year is not None else None,
        alt_names=r.items("alt_names"),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
        dg_class_unknown=unknown,
    )


def commodities_from_csv(folder: str | Path) -> CommodityTable:
    """Read a commodity folder (``commodities.toml``, ``commodities.csv``, ``sources.csv``).

    Raises
    ------
    DataFileError
        Every problem found, each naming file, row and field.

    """
    manifest, tables, label = read_folder(
        folder, manifest_name="commodities.toml", keys=("commodities", "sources")
    )
    problems: list[Problem] = []
    meta = read_manifest(manifest, label, problems)
    table, source_table = tables["commodities"], tables["sources"]
    if not check_columns(table, COLUMNS, problems):
        raise DataFileError(problems)
    sources = {s.source_id: s for _, s in keyed_rows(source_table, "source_id", problems, make_source, {})}
    commodities: dict[str, Commodity] = {}
    for row, commodity in keyed_rows(table, "commodity_id", problems, _make_commodity, {}):
        for source_id in commodity.source_ids:
            if source_id not in sources:
                problems.append(Problem(table.file, row, "source_ids", f"unknown source id {source_id!r}"))
        commodities[commodity.commodity_id] = commodity
    if problems:
        raise DataFileError(problems)
    return CommodityTable(meta["name"], meta["version"], commodities, sources)


def bundled_commodities_path() -> Path:
    """Folder of the bundled commodity table."""
    return Path(str(resources.files("corridor") / "data" / "commodities"))


@lru_cache(maxsize=1)
def bundled_commodities() -> CommodityTable:
    """The bundled commodity table (read once).

    Examples
    --------
    >>> bundled_commodities().find("crude oil").dg_class
    3

    """
    return commodities_from_csv(bundled_commodities_path())


__all__ = [
    "CARGO_FORMS",
    "Commodity",
    "CommodityTable",
    "bundled_commodities",
    "bundled_commodities_path",
    "commodities_from_csv",
]
