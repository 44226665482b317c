"""Refrigerant leakage as CO2e: GWP100 of the common refrigerants on the AR5 and the AR6 basis.

GLEC v3 counts refrigerant losses at hubs and on temperature-controlled
vehicles as emissions (GLEC3 pp.40, 76) on IPCC AR6 GWP100; ISO 14083
Annex K is on AR5. A chain states its basis (``"gwp": "AR6"`` by default,
or ``"AR5"``); leaked kg times the gas's GWP100 is an operational (TTW)
emission. Blends are the mass-weighted GWPs of their components (tested
against the bundled pure gases). Sources are in the table's own columns.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.errors import FactorLookupError

if TYPE_CHECKING:
    from corridor.chain.inputs import RefrigerantLeak

GWP_BASES = ("AR5", "AR6")


@dataclass(frozen=True, slots=True)
class Refrigerant:
    """A refrigerant's GWP100 on both bases, with its components (mass fractions) and sources."""

    gas: str
    components: tuple[tuple[str, float], ...]
    gwp100: dict[str, float]
    sources: dict[str, str]


def refrigerants_path() -> Path:
    """The bundled refrigerant table."""
    return Path(str(resources.files("corridor") / "data" / "factors" / "refrigerants.csv"))


def _components(text: str) -> tuple[tuple[str, float], ...]:
    parts = []
    for item in text.split():
        name, _, fraction = item.partition(":")
        parts.append((name, float(fraction) if fraction else 1.0))
    return tuple(parts)


@lru_cache(maxsize=1)
def bundled_refrigerants() -> dict[str, Refrigerant]:
    """The bundled refrigerants by name (read once)."""
    with refrigerants_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["gas"]: Refrigerant(
            row["gas"],
            _components(row["components"]),
            {"AR5": float(row["gwp100_ar5"]), "AR6": float(row["gwp100_ar6"])},
            {"AR5": row["source_ar5"], "AR6": row["source_ar6"]},
        )
        for row in rows
    }


def leak_co2e_kg(leak: RefrigerantLeak, gwp: str, *, where: str) -> tuple[float, str]:
    """Kg CO2e of a leak on the ``gwp`` basis, and a note saying which GWP100 was used.

    Raises
    ------
    FactorLookupError
        The gas is neither bundled nor given with its own ``gwp100``.

    """
    if leak.gwp100 is not None:
        return (
            leak.kg * leak.gwp100,
            f"{leak.kg:g} kg {leak.gas} leaked x GWP100 {leak.gwp100:g} ({leak.gwp_source})",
        )
    known = bundled_refrigerants()
    gas = known.get(leak.gas) or known.get(leak.gas.upper())
    if gas is None:
        raise FactorLookupError(
            f"{where}: unknown refrigerant {leak.gas!r}; known: {', '.join(sorted(known))} "
            "(or give gwp100 with gwp_source)"
        )
    value = gas.gwp100[gwp]
    return leak.kg * value, f"{leak.kg:g} kg {gas.gas} leaked x GWP100 {value:g} ({gwp})"


__all__ = ["GWP_BASES", "Refrigerant", "bundled_refrigerants", "leak_co2e_kg", "refrigerants_path"]
