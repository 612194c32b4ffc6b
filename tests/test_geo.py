from __future__ import annotations

import pytest

from tidings.geo import Geo, country_place, locate, normalise_place, seat


def near(geo: Geo | None, lat: float, lon: float, tolerance: float = 0.5) -> bool:
    return geo is not None and abs(geo.lat - lat) <= tolerance and abs(geo.lon - lon) <= tolerance


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("San Francisco", "USA", 37.77, -122.42),  # not San Francisco, Argentina: most populous wins
        ("New York", "USA", 40.71, -74.01),  # the city, not the state
        ("Taipei", "TWN", 25.05, 121.53),
        ("Beijing", "CHN", 39.91, 116.40),
        ("Tokyo", "JPN", 35.69, 139.69),
        ("Washington", "USA", 38.90, -77.04),  # the capital, not the state
        ("Washington, D.C.", "USA", 38.90, -77.04),
        ("Paris", "FRA", 48.85, 2.35),
        ("St. Petersburg", "RUS", 59.94, 30.31),
        ("Saint Petersburg", "RUS", 59.94, 30.31),
        ("Kiev", "UKR", 50.45, 30.52),  # alternate name
        ("Peking", "CHN", 39.91, 116.40),
        ("Bogota", "COL", 4.61, -74.08),  # accents ignored
        ("São Paulo", "BRA", -23.55, -46.64),
    ],
)
def test_cities(name: str, country: str, lat: float, lon: float) -> None:
    geo = locate(name)
    assert geo is not None and geo.country == country
    assert near(geo, lat, lon), geo


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Japan", "JPN", 35.69, 139.69),  # countries sit at their capital
        ("China", "CHN", 39.91, 116.40),
        ("Taiwan", "TWN", 25.05, 121.53),
        ("the United States", "USA", 38.90, -77.04),
        ("U.S.", "USA", 38.90, -77.04),
        ("Britain", "GBR", 51.51, -0.13),
        ("Brazil", "BRA", -15.78, -47.93),  # capital spelt "Brasilia" in countries, "Brasília" in cities
        ("Kazakhstan", "KAZ", 51.18, 71.45),  # capital listed under a former name
        ("Georgia", "GEO", 41.69, 44.83),  # the country before the US state
        ("Burma", "MMR", 19.75, 96.13),
    ],
)
def test_countries(name: str, country: str, lat: float, lon: float) -> None:
    geo = locate(name)
    assert geo is not None and geo.country == country
    assert near(geo, lat, lon, tolerance=1.0), geo


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("California", 37.2, -119.5), ("Texas", 31.5, -99.3), ("Florida", 28.6, -82.4),
     ("New York state", 42.9, -75.5), ("Washington state", 47.4, -120.5)],
)
def test_us_states(name: str, lat: float, lon: float) -> None:
    geo = locate(name)
    assert geo is not None and geo.country == "USA" and near(geo, lat, lon), geo


def test_case_insensitive() -> None:
    assert locate("BEIJING") == locate("beijing") == locate("Beijing")


@pytest.mark.parametrize("name", ["", "   ", "Narnia", "Middle East", "Indo-Pacific", "Reuters", "Blinken"])
def test_unknown_is_none(name: str) -> None:
    assert locate(name) is None


def test_normalise_place() -> None:
    assert normalise_place("the St. Petersburg") == "saint petersburg"
    assert normalise_place("Washington, D.C.") == "washington d c"
    assert normalise_place("Guinea-Bissau") == "guinea bissau"
    assert normalise_place("Bogotá") == "bogota"


def test_continents_are_not_the_towns_that_share_their_names() -> None:
    assert locate("Asia") is None and locate("the Middle East") is None


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("White House", "Washington", "USA"),  # geonames gives Casablanca this alternate name
        ("the Kremlin", "Moscow", "RUS"),
        ("Downing Street", "London", "GBR"),
        ("Elysee", "Paris", "FRA"),
        ("Élysée Palace", "Paris", "FRA"),
        ("Pentagon", "Washington", "USA"),
        ("Foggy Bottom", "Washington", "USA"),
        ("Zhongnanhai", "Beijing", "CHN"),
        ("Blue House", "Seoul", "KOR"),
        ("Westminster", "London", "GBR"),  # not Westminster, Colorado
        ("Whitehall", "London", "GBR"),  # not Whitehall, Ohio
    ],
)
def test_institutions_named_after_places_are_in_their_capital(name: str, city: str, country: str) -> None:
    geo = locate(name)
    assert geo is not None and (geo.name, geo.country) == (city, country)
    assert seat(name) == geo


def test_seat_answers_for_institutions_only() -> None:
    assert seat("Paris") is None and seat("Reuters") is None


@pytest.mark.parametrize("name", ["Mill City", "Eva Peron", "Phoenix City", "Paris of the North"])
def test_a_translation_or_nickname_of_a_city_is_no_place(name: str) -> None:
    # geonames alternates of several words sharing no word with the city's name: Phoenix, La
    # Plata, Warsaw, Warsaw
    assert locate(name) is None


@pytest.mark.parametrize(
    ("name", "country"),
    [("Panama City", "PAN"), ("Port Elizabeth", "ZAF"), ("Nur-Sultan", "KAZ"), ("Gaza Strip", "PSE"),
     ("Crimea", "UKR"), ("Saigon", "VNM")],
)
def test_spellings_of_a_name_are_still_found(name: str, country: str) -> None:
    geo = locate(name)
    assert geo is not None and geo.country == country, geo


def test_a_country_by_its_code() -> None:
    assert country_place("USA") == locate("United States")
    assert country_place("XXX") is None


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Xinjiang", "CHN", 43.80, 87.60),  # at Urumqi, its centre
        ("Tigray", "ETH", 13.50, 39.48),
        ("Punjab", "PAK", 31.56, 74.35),
        ("Ontario", "CAN", 43.71, -79.40),  # the province, not Ontario, California
        ("Donetsk region", "UKR", 48.02, 37.80),  # "X region" of a city X, with no row of its own
        ("Kandahar province", "AFG", 31.61, 65.71),
        ("Kharkiv Oblast", "UKR", 49.98, 36.25),
    ],
)
def test_regions_and_provinces(name: str, country: str, lat: float, lon: float) -> None:
    geo = locate(name)
    assert geo is not None and geo.country == country and near(geo, lat, lon), geo


def test_a_region_word_after_no_known_place_is_no_place() -> None:
    assert locate("Asia region") is None and locate("Nowhereland province") is None
