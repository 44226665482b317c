"""Emission factor datasets: transport and hub operation categories, grid and fuel factors.

The numbers live in versioned CSV tables (``src/corridor/data/factors/``),
each row citing its sources, never as literals in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.errors import DataFileError, FactorDataError, FactorLookupError, Problem
from corridor.tables import (
    COUNTRY,
    SOURCE_ID,
    RowReader,
    Source,
    Table,
    check_columns,
    check_unique,
    make_source,
    read_folder,
    read_rows,
)
from corridor.vocabulary import MODES

ACTIVITY_UNITS = ("tkm", "TEUkm")
HUB_UNITS = ("t", "container")
DATA_CATEGORIES = ("default", "modelled", "primary")
TABLES = ("tocs", "hocs", "grid", "fuels", "equipment", "sources")


@dataclass(frozen=True, slots=True)
class Toc:
    """A transport operation category: an intensity per tonne-km or TEU-km.

    Either ``wtt_g``/``ttw_g`` are given, or ``kwh_per_unit`` (electric
    traction, multiplied by the grid factor of the country).
    """

    toc_id: str
    mode: str
    description: str
    activity_unit: str
    mass_basis: str
    energy_carrier: str
    wtt_g: float | None
    ttw_g: float | None
    reefer_wtt_g: float | None
    reefer_ttw_g: float | None
    kwh_per_unit: float | None
    data_category: str
    reference: str
    source_ids: tuple[str, ...]
    note: str | None = None
    load_factor: float | None = None
    empty_running: float | None = None


@dataclass(frozen=True, slots=True)
class Hoc:
    """A hub operation category: kg CO2e (WTW) per container or per tonne handled."""

    hoc_id: str
    description: str
    activity_unit: str
    wtw_kg: float
    reefer_wtw_kg: float | None
    hub_type: str
    reference: str
    source_ids: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GridFactor:
    """Lifecycle grid intensity of a country's electricity."""

    country: str
    year: int
    g_co2e_per_kwh: float
    source_ids: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Fuel:
    """Tank-to-wheel and well-to-wheel kg CO2e per kg of a fuel."""

    fuel: str
    ttw_kg_per_kg: float
    wtw_kg_per_kg: float
    density_kg_per_l: float | None
    source_ids: tuple[str, ...]
    lhv_mj_per_kg: float | None = None
    energy_carrier: str | None = None


@dataclass(frozen=True, slots=True)
class Equipment:
    """A container type or wagon: tare, TEU equivalent, boxes per wagon."""

    equipment_id: str
    tare_t: float
    teu_equivalent: float | None
    boxes_per_wagon: int | None
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class FactorDataset:
    """A versioned set of emission factors. Build one with :func:`factors_from_csv`."""

    name: str
    version: str
    title: str
    gwp: str
    tocs: Mapping[str, Toc]
    hocs: Mapping[str, Hoc]
    grid: Mapping[str, GridFactor]
    fuels: Mapping[str, Fuel]
    equipment: Mapping[str, Equipment]
    sources: Mapping[str, Source]

    def toc(self, toc_id: str, *, where: str) -> Toc:
        """The TOC ``toc_id``; ``where`` names the element for the error message."""
        try:
            return self.tocs[toc_id]
        except KeyError:
            raise FactorLookupError(
                f"{where}: unknown transport operation category {toc_id!r}; "
                f"known: {', '.join(sorted(self.tocs))}"
            ) from None

    def hoc(self, hoc_id: str, *, where: str) -> Hoc:
        """The HOC ``hoc_id``."""
        try:
            return self.hocs[hoc_id]
        except KeyError:
            raise FactorLookupError(
                f"{where}: unknown hub operation category {hoc_id!r}; known: {', '.join(sorted(self.hocs))}"
            ) from None

    def grid_g_per_kwh(self, country: str, *, where: str) -> float:
        """Grid intensity of ``country`` (ISO alpha-2)."""
        try:
            return self.grid[country].g_co2e_per_kwh
        except KeyError:
            raise FactorLookupError(
                f"{where}: no grid factor for country {country!r} in {self.name} {self.version}"
            ) from None

    def fuel(self, fuel: str, *, where: str) -> Fuel:
        """Factors of ``fuel``."""
        try:
            return self.fuels[fuel]
        except KeyError:
            raise FactorLookupError(
                f"{where}: unknown fuel {fuel!r}; known: {', '.join(sorted(self.fuels))}"
            ) from None

    def provenance(self) -> dict[str, str]:
        """Which factors and which GWP basis were used."""
        return {"factor_dataset": self.name, "factor_dataset_version": self.version, "gwp": self.gwp}


def _make_toc(r: RowReader) -> Toc:
    kwh = r.number("kwh_per_unit", required=False)
    wtt = r.number("wtt_g", required=kwh is None)
    ttw = r.number("ttw_g", required=kwh is None)
    if kwh is not None and (wtt is not None or ttw is not None):
        r.problem("kwh_per_unit", "give either kwh_per_unit (grid-based) or wtt_g and ttw_g, not both")
    return Toc(
        toc_id=r.text("toc_id", pattern=SOURCE_ID),
        mode=r.text("mode", choices=MODES),
        description=r.text("description"),
        activity_unit=r.text("activity_unit", choices=ACTIVITY_UNITS),
        mass_basis=r.text("mass_basis", choices=("net", "gross")),
        energy_carrier=r.text("energy_carrier"),
        wtt_g=wtt,
        ttw_g=ttw,
        reefer_wtt_g=r.number("reefer_wtt_g", required=False),
        reefer_ttw_g=r.number("reefer_ttw_g", required=False),
        kwh_per_unit=kwh,
        data_category=r.text("data_category", choices=DATA_CATEGORIES),
        reference=r.text("reference"),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
        load_factor=r.number("load_factor", required=False, maximum=1.0),
        empty_running=r.number("empty_running", required=False, maximum=1.0),
    )


def _make_hoc(r: RowReader) -> Hoc:
    return Hoc(
        hoc_id=r.text("hoc_id", pattern=SOURCE_ID),
        description=r.text("description"),
        activity_unit=r.text("activity_unit", choices=HUB_UNITS),
        wtw_kg=r.number("wtw_kg") or 0.0,
        reefer_wtw_kg=r.number("reefer_wtw_kg", required=False),
        hub_type=r.text("hub_type"),
        reference=r.text("reference"),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


def _make_grid(r: RowReader) -> GridFactor:
    return GridFactor(
        country=r.text("country", pattern=COUNTRY),
        year=int(r.number("year", minimum=1990, maximum=2100) or 0),
        g_co2e_per_kwh=r.number("g_co2e_per_kwh") or 0.0,
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


def _make_fuel(r: RowReader) -> Fuel:
    return Fuel(
        fuel=r.text("fuel", pattern=SOURCE_ID),
        ttw_kg_per_kg=r.number("ttw_kg_per_kg") or 0.0,
        wtw_kg_per_kg=r.number("wtw_kg_per_kg", positive=True) or 0.0,
        density_kg_per_l=r.number("density_kg_per_l", required=False, positive=True),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        lhv_mj_per_kg=r.number("lhv_mj_per_kg", required=False, positive=True),
    )


def _make_equipment(r: RowReader) -> Equipment:
    per_wagon = r.number("boxes_per_wagon", required=False, positive=True)
    return Equipment(
        equipment_id=r.text("equipment_id"),
        tare_t=r.number("tare_t", positive=True) or 0.0,
        teu_equivalent=r.number("teu_equivalent", required=False, positive=True),
        boxes_per_wagon=int(per_wagon) if per_wagon is not None else None,
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
    )


REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "tocs": (
        "toc_id",
        "mode",
        "description",
        "activity_unit",
        "mass_basis",
        "energy_carrier",
        "data_category",
        "reference",
        "source_ids",
    ),
    "hocs": ("hoc_id", "description", "activity_unit", "wtw_kg", "hub_type", "reference", "source_ids"),
    "grid": ("country", "year", "g_co2e_per_kwh", "source_ids"),
    "fuels": ("fuel", "ttw_kg_per_kg", "wtw_kg_per_kg", "source_ids"),
    "equipment": ("equipment_id", "tare_t", "source_ids"),
    "sources": ("source_id", "kind", "title", "publisher", "url"),
}
KEYS = {
    "tocs": "toc_id",
    "hocs": "hoc_id",
    "grid": "country",
    "fuels": "fuel",
    "equipment": "equipment_id",
    "sources": "source_id",
}


def build_factors(
    manifest: Mapping[str, Any], tables: Mapping[str, Table], *, manifest_file: str
) -> FactorDataset:
    """Validate factor tables and build a :class:`FactorDataset` (every problem reported)."""
    problems: list[Problem] = []
    meta: dict[str, str] = {}
    for key in ("name", "version", "title", "gwp"):
        value = manifest.get(key)
        if not isinstance(value, str) or not value:
            problems.append(Problem(manifest_file, None, key, f"expected a text value, got {value!r}"))
        meta[key] = str(value)
    if meta.get("gwp") not in ("AR5", "AR6"):
        problems.append(Problem(manifest_file, None, "gwp", f"expected AR5 or AR6, got {meta.get('gwp')!r}"))
    if not all(check_columns(tables[k], REQUIRED_COLUMNS[k], problems) for k in TABLES):
        raise FactorDataError(problems)
    for key, column in KEYS.items():
        check_unique(tables[key], column, problems)
    tocs = read_rows(tables["tocs"], problems, _make_toc)
    hocs = read_rows(tables["hocs"], problems, _make_hoc)
    grid = read_rows(tables["grid"], problems, _make_grid)
    fuels = read_rows(tables["fuels"], problems, _make_fuel)
    equipment = read_rows(tables["equipment"], problems, _make_equipment)
    sources = {s.source_id: s for _, s in read_rows(tables["sources"], problems, make_source)}
    cited: list[tuple[str, list[tuple[int, tuple[str, ...]]]]] = [
        ("tocs", [(row, t.source_ids) for row, t in tocs]),
        ("hocs", [(row, h.source_ids) for row, h in hocs]),
        ("grid", [(row, g.source_ids) for row, g in grid]),
        ("fuels", [(row, f.source_ids) for row, f in fuels]),
        ("equipment", [(row, e.source_ids) for row, e in equipment]),
    ]
    for key, rows in cited:
        for row, ids in rows:
            for source_id in ids:
                if source_id not in sources:
                    problems.append(
                        Problem(tables[key].file, row, "source_ids", f"unknown source id {source_id!r}")
                    )
    if problems:
        raise FactorDataError(problems)
    return FactorDataset(
        name=meta["name"],
        version=meta["version"],
        title=meta["title"],
        gwp=meta["gwp"],
        tocs={t.toc_id: t for _, t in tocs},
        hocs={h.hoc_id: h for _, h in hocs},
        grid={g.country: g for _, g in grid},
        fuels={f.fuel: f for _, f in fuels},
        equipment={e.equipment_id: e for _, e in equipment},
        sources=sources,
    )


def factors_from_csv(folder: str | Path) -> FactorDataset:
    """Read a factor dataset folder (``factors.toml`` and its CSV tables).

    Raises
    ------
    FactorDataError
        With every problem found, each naming file, row and field.

    Examples
    --------
    >>> from corridor.emissions import bundled_factors
    >>> bundled_factors().tocs["sea-container-asia-north-europe"].ttw_g
    43.1

    """
    try:
        manifest, tables, label = read_folder(folder, manifest_name="factors.toml", keys=TABLES)
    except DataFileError as err:
        raise FactorDataError(err.problems) from err
    return build_factors(manifest, tables, manifest_file=label)


def bundled_factors_path() -> Path:
    """Folder of the bundled GLEC v3 factor dataset."""
    return Path(str(resources.files("corridor") / "data" / "factors" / "glec-v3"))


@lru_cache(maxsize=1)
def bundled_factors() -> FactorDataset:
    """The bundled factor dataset (read once, then cached)."""
    return factors_from_csv(bundled_factors_path())
