"""Corridor held against published figures: the validation report (docs/validation.md).

The figures (source, published value, stated band, and where Corridor is known
to be outside, why) are data: ``corridor/data/validation/figures.csv``. Each
names a measure (:mod:`corridor.validation.measures`) that computes Corridor's
value from the network, the planner or the twin's tracking events.
``python -m corridor.validation`` regenerates the report.
"""

from corridor.validation.figures import Figure, bundled_figures, figures_from_csv
from corridor.validation.measures import MEASURES, Context
from corridor.validation.report import (
    Check,
    check_figures,
    failures,
    validation_markdown,
    validation_report,
    write_validation_report,
)

__all__ = [
    "MEASURES",
    "Check",
    "Context",
    "Figure",
    "bundled_figures",
    "check_figures",
    "failures",
    "figures_from_csv",
    "validation_markdown",
    "validation_report",
    "write_validation_report",
]
