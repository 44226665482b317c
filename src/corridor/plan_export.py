"""A planned route answer as documents to keep: an Excel workbook and a PDF plan.

The answer is :func:`corridor.routing.io.result_to_dict`'s (with the chains, so
each option's elements can be listed), optionally with costs in another
currency (:func:`corridor.money.add_currency`). Both documents carry the
question, the provenance and, where costs are converted, the rate with its
date and source, so a printed plan says what it was computed from.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from corridor.errors import ConstraintError
from corridor.optional import import_optional
from corridor.sheets import Sheet, workbook_bytes

#: The options sheet's columns: field names as the API answers them.
OPTION_FIELDS = (
    "rank",
    "best",
    "path",
    "duration_days_p50",
    "duration_days_p90",
    "cost_usd",
    "co2e_kg",
    "distance_km",
    "countries",
    "transshipments",
    "border_crossings",
    "generalised_cost_usd",
)
#: The elements sheet's columns.
ELEMENT_FIELDS = (
    "option",
    "index",
    "type",
    "mode",
    "from_node",
    "to_node",
    "node_id",
    "distance_km",
    "duration_h_mean",
    "cost_usd",
    "co2e_wtw_kg",
)


def answer_notes(answer: Mapping[str, Any]) -> list[str]:
    """The lines that say what a route answer was computed from.

    Examples
    --------
    >>> answer_notes({"query": {"origin": "CNXIY", "destination": "DEDUI", "cargo": "1x40"},
    ...               "provenance": {"currency_year": 2024, "network": "eurasia", "network_version": "1"}})
    ... # doctest: +NORMALIZE_WHITESPACE
    ['CNXIY → DEDUI, cargo 1x40', 'Costs in USD of 2024; network eurasia 1',
     "CO2e well-to-wheel (ISO 14083, GLEC); P50/P90 from the elements' time distributions convolved"]

    """
    query = answer.get("query", {})
    prov = answer.get("provenance", {})
    lines = [f"{query.get('origin')} → {query.get('destination')}, cargo {query.get('cargo')}"]
    if query.get("constraints"):
        lines.append("Constraints: " + "; ".join(query["constraints"]))
    if query.get("times"):
        lines.append(f"Times: {query['times']}")
    network = f"{prov.get('network')} {prov.get('network_version')}"
    source = f"Costs in USD of {prov.get('currency_year')}; network {network}"
    if prov.get("factor_dataset"):
        source += f"; emission factors {prov['factor_dataset']} {prov.get('factor_dataset_version')}"
    if prov.get("corridor_version"):
        source += f"; corridor {prov['corridor_version']}"
    lines.append(source)
    rate = answer.get("currency")
    if rate:
        lines.append(
            f"{rate['currency']} costs (cost_in_currency) at {rate['per_usd']:.6g} per USD: "
            f"{rate['publisher']}, {rate['source']} ({rate['date']}), {rate['url']}"
        )
    lines.append(
        "CO2e well-to-wheel (ISO 14083, GLEC); P50/P90 from the elements' time distributions convolved"
    )
    return lines


def _option_fields(answer: Mapping[str, Any]) -> list[str]:
    fields = list(OPTION_FIELDS)
    if answer.get("currency"):
        fields.insert(fields.index("cost_usd") + 1, "cost_in_currency")
    return fields


def _element_rows(answer: Mapping[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for option in answer.get("options", []):
        elements = (option.get("chain") or {}).get("elements", [])
        emissions = {
            e.get("index", i): e for i, e in enumerate((option.get("emissions") or {}).get("elements", []))
        }
        for index, element in enumerate(elements):
            co2e = emissions.get(index, {}).get("wtw_kg")
            values = {**element, "option": option["rank"], "index": index, "co2e_wtw_kg": co2e}
            rows.append([values.get(f) for f in ELEMENT_FIELDS])
    return rows


def plan_to_xlsx(answer: Mapping[str, Any]) -> bytes:
    """The options (and, with chains in the answer, every option's legs and hubs) as a workbook.

    Raises
    ------
    MissingDependencyError
        openpyxl is not installed (``corridor[xlsx]``).

    """
    fields = _option_fields(answer)
    options = [[option.get(f) for f in fields] for option in answer.get("options", [])]
    sheets = [Sheet("options", fields, options, answer_notes(answer))]
    elements = _element_rows(answer)
    if elements:
        sheets.append(Sheet("elements", ELEMENT_FIELDS, elements))
    return workbook_bytes(sheets)


def _printable(text: Any) -> str:
    """Text for reportlab's standard fonts, which have no arrow glyph, escaped for its paragraphs."""
    return escape(str(text).replace("→", "->"))


def _figure(value: Any, spec: str, *, per: float = 1.0) -> str:
    return "–" if value is None else format(value / per, spec)


def plan_to_pdf(
    answer: Mapping[str, Any], *, option: int | None = None, node_names: Mapping[str, str]
) -> bytes:
    """A printable plan: the question, the options table and one option's legs and hubs, A4 landscape.

    Parameters
    ----------
    answer
        A route answer; the breakdown needs its chains (``include=chain``).
    option
        Rank of the option to break down (default: the recommended one, else the first).
    node_names
        Node id → name, for the places of the breakdown.

    Raises
    ------
    ConstraintError
        ``option`` is not the rank of one of the answer's options.
    MissingDependencyError
        reportlab is not installed (``corridor[pdf]``).

    """
    import_optional("reportlab", "pdf")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    options: Sequence[Mapping[str, Any]] = answer.get("options", [])
    rate = answer.get("currency")
    cost_key, cost_label = (
        ("cost_in_currency", f"Cost {rate['currency']}") if rate else ("cost_usd", "Cost USD")
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
    )

    def cell(text: Any) -> Paragraph:
        return Paragraph(_printable(text), small)

    query = answer.get("query", {})
    title = f"Route plan: {node_names.get(query.get('origin'), query.get('origin'))} → " + str(
        node_names.get(query.get("destination"), query.get("destination"))
    )
    story: list[Any] = [Paragraph(_printable(title), styles["Title"])]
    story += [Paragraph(_printable(line), small) for line in answer_notes(answer)]
    header = ["#", "Path", "P50 d", "P90 d", cost_label, "CO2e t", "km", "Countries", "Tr.", "Bord."]
    rows = [
        [
            f"{o['rank']}{' (best)' if o.get('best') else ''}",
            cell(o.get("path", "")),
            _figure(o.get("duration_days_p50"), ".1f"),
            _figure(o.get("duration_days_p90"), ".1f"),
            _figure(o.get(cost_key), ",.0f"),
            _figure(o.get("co2e_kg"), ",.2f", per=1000),
            _figure(o.get("distance_km"), ",.0f"),
            cell(" ".join(o.get("countries", []))),
            o.get("transshipments", ""),
            o.get("border_crossings", ""),
        ]
        for o in options
    ]
    widths = [14, 110, 14, 14, 22, 16, 18, 30, 9, 10]
    story += [Spacer(1, 4 * mm), Paragraph("Options", styles["Heading2"])]
    story.append(Table([header, *rows], colWidths=[w * mm for w in widths], style=grid, repeatRows=1))
    if option is None:
        chosen = next((o for o in options if o.get("best")), options[0] if options else None)
    else:
        chosen = next((o for o in options if o["rank"] == option), None)
        if chosen is None:
            raise ConstraintError(f"no option {option}: the answer has {len(options)}", field="option")
    if chosen is not None and chosen.get("chain"):
        story += _breakdown(chosen, node_names, cell, grid, styles, rate)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title,
        author="Corridor",
        invariant=1,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    ).build(story)
    return buffer.getvalue()


def _breakdown(
    option: Mapping[str, Any],
    names: Mapping[str, str],
    cell: Any,
    grid: Any,
    styles: Any,
    rate: Mapping[str, Any] | None,
) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    emissions = {
        e.get("index", i): e for i, e in enumerate((option.get("emissions") or {}).get("elements", []))
    }
    per = rate["per_usd"] if rate else 1.0
    label = rate["currency"] if rate else "USD"
    rows: list[list[Any]] = [
        ["#", "Type", "Place / route", "km", "Time h (mean)", f"Cost {label}", "CO2e kg"]
    ]
    for index, e in enumerate(option["chain"].get("elements", [])):
        if e.get("type") == "leg":
            ends = (e.get("from_node"), e.get("to_node"))
            place = " → ".join(str(names.get(n, n)) for n in ends if n is not None)
            kind = e.get("mode", "leg")
        else:
            place = f"{names.get(e.get('node_id'), e.get('node_id'))} ({e.get('kind', 'hub')})"
            kind = "hub"
        cost = e.get("cost_usd")
        rows.append(
            [
                index + 1,
                kind,
                cell(place),
                _figure(e.get("distance_km"), ",.0f") if e.get("type") == "leg" else "",
                _figure(e.get("duration_h_mean"), ",.1f"),
                _figure(None if cost is None else cost * per, ",.0f"),
                _figure(emissions.get(index, {}).get("wtw_kg"), ",.1f"),
            ]
        )
    widths = [10, 18, 140, 22, 26, 26, 24]
    return [
        Spacer(1, 4 * mm),
        Paragraph(escape(f"Option {option['rank']}: legs and hubs"), styles["Heading2"]),
        Table(rows, colWidths=[w * mm for w in widths], style=grid, repeatRows=1),
    ]
