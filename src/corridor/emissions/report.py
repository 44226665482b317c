"""An ISO 14083-style emissions report as one self-contained HTML page.

It discloses what ISO 14083 clause 13 and the GLEC Framework ask of a
transport-chain report: the chain elements, total emissions, intensity with
its distance basis, split by mode and hubs, operational (TTW) versus energy
provision (WTT), data quality, the factors and their sources, and deviations.
"""

from __future__ import annotations

from html import escape
from typing import Any

from corridor import __version__
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import ChainEmissions
from corridor.tables import Source

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:70rem;color:#1d2a35}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e3e6ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.kpi{display:inline-block;margin:0 2rem 1rem 0}.kpi b{display:block;font-size:1.4rem}
.small{color:#5a6775;font-size:.85rem}
"""


def _n(value: float | None, places: int = 1) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    head = "".join(
        f'<th class="{"n" if i in numeric else ""}">{escape(h)}</th>' for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"n" if i in numeric else ""}">{cell}</td>' for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _sources(result: ChainEmissions, factors: FactorDataset) -> list[str]:
    ids: list[str] = []
    for element in result.elements:
        for category in element.category_id.split("+"):
            item: Any = factors.tocs.get(category) or factors.hocs.get(category)
            if item is not None:
                ids.extend(i for i in item.source_ids if i not in ids)
    if any(e.electricity_kwh for e in result.elements):
        ids.extend(i for g in factors.grid.values() for i in g.source_ids if i not in ids)
    return ids


def _source_item(source: Source) -> str:
    text = f"<li><b>{escape(source.title)}</b>, {escape(source.publisher)}"
    if source.date:
        text += f", {escape(source.date)}"
    if source.url:
        text += f" — {escape(source.url)}"
    if source.note:
        text += f'<br><span class="small">{escape(source.note)}</span>'
    return text + "</li>"


def report_html(result: ChainEmissions, factors: FactorDataset, *, title: str, chain_label: str) -> str:
    """The report as an HTML document."""
    totals = result.to_dict()["totals"]
    kpis = "".join(
        f'<div class="kpi"><b>{value}</b>{escape(label)}</div>'
        for label, value in (
            ("kg CO2e well-to-wheel (WTW)", _n(result.wtw_kg)),
            ("kg CO2e operational (TTW)", _n(result.ttw_kg)),
            ("kg CO2e energy provision (WTT)", _n(result.wtt_kg)),
            ("kg CO2e not split into TTW and WTT", _n(result.unsplit_kg)),
            ("g CO2e per tonne-km (WTW)", _n(totals["intensity_wtw_g_per_tkm"], 2)),
            ("MJ per tonne-km (elements of known energy)", _n(totals["energy_mj_per_tkm"], 3)),
        )
    )
    elements = _table(
        [
            "#",
            "element",
            "category",
            "activity",
            "unit",
            "km",
            "g WTW/unit",
            "WTT kg",
            "TTW kg",
            "WTW kg",
            "data",
            "notes",
        ],
        [
            [
                str(e.index + 1),
                escape(f"{e.element_type} {e.mode or e.node_id or ''}".strip()),
                escape(e.category_id),
                _n(e.activity),
                escape(e.activity_unit),
                _n(e.distance_km, 0),
                _n(e.intensity_wtw_g, 2),
                _n(e.wtt_kg),
                _n(e.ttw_kg),
                _n(e.wtw_kg),
                escape(e.data_category),
                escape("; ".join(e.notes)),
            ]
            for e in result.elements
        ],
        {3, 5, 6, 7, 8, 9},
    )
    by_mode = _table(
        ["mode / hubs", "kg CO2e WTW", "share"],
        [
            [escape(k), _n(v), f"{100 * v / result.wtw_kg:.1f} %" if result.wtw_kg else "—"]
            for k, v in result.by_mode().items()
        ],
        {1, 2},
    )
    quality = _table(
        ["data category", "kg CO2e WTW", "share"],
        [
            [escape(k), _n(v), f"{100 * v / result.wtw_kg:.1f} %" if result.wtw_kg else "—"]
            for k, v in result.by_data_category().items()
        ],
        {1, 2},
    )
    deviations = list(result.cargo.notes) + list(dict.fromkeys(n for e in result.elements for n in e.notes))
    deviation_items = "".join(f"<li>{escape(d)}</li>" for d in deviations) or "<li>None.</li>"
    source_items = "".join(
        _source_item(factors.sources[i]) for i in _sources(result, factors) if i in factors.sources
    )
    prov = result.provenance
    refrigerants = (
        f" (refrigerant leakage: IPCC {escape(str(prov['gwp_refrigerants']))} GWP100)"
        if "gwp_refrigerants" in prov
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{escape(title)}</h1>
<p>Greenhouse-gas emissions of the transport chain <b>{escape(chain_label)}</b>, quantified in accordance with
ISO 14083:2023 and the GLEC Framework v3.0. Factor dataset <b>{escape(str(prov.get("factor_dataset")))}
{escape(str(prov.get("factor_dataset_version")))}</b>; global warming potentials
IPCC {escape(str(prov.get("gwp")))} GWP100{refrigerants}; Corridor {escape(__version__)}.</p>
<h2>Results</h2>{kpis}
<p class="small">Cargo {_n(result.cargo.mass_t)} t in {_n(result.cargo.boxes, 0)} container(s),
{_n(result.cargo.teu, 2)} TEU (GLEC equivalents: a 40ft high cube counts 2.25);
transport activity {_n(result.tkm, 0)} tkm over {_n(result.distance_km, 0)} km.
Distance basis: {escape(totals["distance_basis"])}.</p>
<h2>By mode and hubs</h2>{by_mode}
<h2>Transport chain elements</h2>{elements}
<h2>Data quality</h2>{quality}
<p class="small">default = published default intensity (GLEC); modelled = energy use times the national grid
factor, or an estimate the chain labels so; primary = data measured by the operator. Energy of the elements
whose energy is not known (carrier intensities, GLEC hub defaults): {_n(totals["energy_unknown_wtw_kg"])} kg
CO2e WTW.</p>
<h2>Deviations, assumptions and exclusions</h2><ul>{deviation_items}</ul>
<h2>Sources of the factors used</h2><ul>{source_items}</ul>
</body></html>
"""
