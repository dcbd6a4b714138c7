"""Which time zone a venue is in: the gazetteer that ships with the platform (``data/gazetteer-*.csv``).

A concept note gives its venue (“Marrakech, Morocco”), never its time zone; taking the wrong zone moves
every export by hours. The gazetteer answers from what ships with the project, offline: every capital
and every city of 100,000 inhabitants or more, with their other spellings (Marrakesh, Genève, Bogota,
Addis-Abeba), each with its country and IANA zone; and each country with all its zones. Built by
``scripts/build_gazetteer.py`` from GeoNames (CC BY 4.0); see ``data/README.md``.

``zones_for(city, country)`` never picks among several zones: it returns the candidates, and the caller
asks the person when there is not exactly one. No Django here, so the generator can use ``normalise``.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CITIES_FILE = DATA / "gazetteer-cities.csv"
COUNTRIES_FILE = DATA / "gazetteer-countries.csv"
SEPARATOR = "|"  # between the other spellings, and between a country's zones


def normalise(name: str) -> str:
    """“Genève ”, “GENEVE”, “Addis-Abeba”, “Addis Abeba” → one key: no accents, case, dashes or dots."""
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\s\-‐‑–—.'’`_]+", " ", text)
    return re.sub(r"^the ", "", text.strip())


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-2
    zone: str
    population: int


@dataclass
class Gazetteer:
    cities: dict[str, list[City]] = field(default_factory=dict)  # by normalised name or spelling
    countries: dict[str, str] = field(default_factory=dict)  # normalised name → ISO code
    country_names: dict[str, str] = field(default_factory=dict)  # ISO code → English name
    country_zones: dict[str, list[str]] = field(default_factory=dict)  # ISO code → its IANA zones


@cache
def gazetteer() -> Gazetteer:
    """Read once per process (about 0.1 s); the files change only with a release."""
    found = Gazetteer()
    with COUNTRIES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            found.country_names[code] = row["name"]
            found.country_zones[code] = row["zones"].split(SEPARATOR) if row["zones"] else []
            for name in [row["name"], *row["other_names"].split(SEPARATOR)]:
                if name:
                    found.countries.setdefault(normalise(name), code)
            found.countries.setdefault(code.casefold(), code)
    with CITIES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            city = City(row["name"], row["country"], row["zone"], int(row["population"]))
            for name in {normalise(n) for n in [row["name"], *row["other_names"].split(SEPARATOR)] if n}:
                found.cities.setdefault(name, []).append(city)
    return found


@dataclass
class Place:
    """What the gazetteer knows of a venue: the city and country it recognised, and the candidate zones."""

    city: City | None
    country: str  # ISO code, "" when not recognised
    zones: list[str]
    city_text: str = ""  # the city as the venue writes it
    country_text: str = ""

    @property
    def zone(self) -> str | None:
        """The zone when there is exactly one candidate; None when the person must choose."""
        return self.zones[0] if len(self.zones) == 1 else None


def country_code(name: str) -> str:
    """The ISO code of a country named in any of its spellings, else ""."""
    return gazetteer().countries.get(normalise(name), "")


def find_city(name: str, country: str = "") -> list[City]:
    """The gazetteer's cities called ``name`` (in any spelling), in ``country`` when given."""
    cities = gazetteer().cities.get(normalise(name), [])
    return [city for city in cities if city.country == country] if country else list(cities)


def zones_for(city: str, country: str) -> Place:
    """The candidate zones of a venue: the city's when it is known (in that country), else the country's."""
    book = gazetteer()
    code = country_code(country) if country else ""
    matches = find_city(city, code) if city else []
    if matches:
        zones = sorted({match.zone for match in matches})
        best = max(matches, key=lambda match: match.population)
        one_country = len({match.country for match in matches}) == 1
        return Place(
            best if one_country and len(zones) == 1 else None, code or (best.country if one_country else ""), zones
        )
    return Place(None, code, sorted(book.country_zones.get(code, [])))


PART_SPLIT = re.compile(r"\s*(?:,|;|\(|\)|\||\s[-–—]\s)\s*")


def locate(venue: str) -> Place:
    """The place a venue line names, e.g. “at the 6th Global Conference …, Marrakech, Morocco”.

    Read from its end, part by part (commas, brackets, dashes): the last part that names a country, and
    the city just before it; without a country, the last part that names a city. Unknown: no zones.
    """
    parts = [part for part in PART_SPLIT.split(venue.strip().rstrip(".")) if part]
    for index in range(len(parts) - 1, -1, -1):
        if code := country_code(parts[index]):
            for city_index in range(index - 1, max(index - 3, -1), -1):
                if find_city(parts[city_index], code):
                    place = zones_for(parts[city_index], parts[index])
                    place.city_text, place.country_text = parts[city_index], parts[index]
                    return place
            place = zones_for("", parts[index])
            place.country_text = parts[index]
            return place
    for index in range(len(parts) - 1, -1, -1):
        if find_city(parts[index]):
            place = zones_for(parts[index], "")
            place.city_text = parts[index]
            return place
    return Place(None, "", [])
