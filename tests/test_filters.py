"""The listing filters are declared once (tidings.filters): the command line and the API read the
same help, refuse a bad value with the same sentence, and hand the store the same arguments."""

from __future__ import annotations

import typing
import warnings
from collections.abc import Iterator
from dataclasses import FrozenInstanceError, fields
from pathlib import Path
from typing import get_args

import pytest
import typer
from typer.testing import CliRunner

from tidings.cli import app
from tidings.cli_listings import QuoteKind
from tidings.errors import InputError
from tidings.filters import (
    MODALITIES,
    QUOTE_KINDS,
    ActorFilters,
    ActorKwargs,
    ArticleFilters,
    ArticleKwargs,
    EventFilters,
    EventKwargs,
    FilterError,
    QuoteFilters,
    QuoteKwargs,
    help_of,
    iso_bound,
    read_dyad,
)
from tidings.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # see tests/web/test_api.py: Starlette's httpx2 deprecation warning
    from fastapi.testclient import TestClient

# Each filter record, the listing command and API route that take it, and the store's arguments.
LISTINGS = [
    (EventFilters, "events", "/api/events", EventKwargs),
    (QuoteFilters, "quotes", "/api/quotes", QuoteKwargs),
    (ActorFilters, "actors", "/api/actors", ActorKwargs),
    (ArticleFilters, "articles", "/api/articles", ArticleKwargs),
]
# Fields only the API offers (the command line lists events of every article).
API_ONLY = {"article_id"}


@pytest.fixture(scope="module")
def client(events_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(events_db)) as opened:
        yield opened


def cli_error(events_db: Path, *args: str) -> tuple[int, str]:
    """The exit code and the message of `tidings ARGS` run in this process."""
    result = CliRunner().invoke(app, [*args, "--db", str(events_db)])
    return result.exit_code, result.output.strip().removeprefix("error: ")


# -- one message for one mistake ---------------------------------------------------------------

@pytest.mark.parametrize(("command", "route", "name", "value"), [
    ("events", "/api/events", "since", "March"),
    ("events", "/api/events", "until", "2024/03/01"),
    ("quotes", "/api/quotes", "since", "yesterday"),
    ("articles", "/api/articles", "until", "March 2024"),
    ("events", "/api/events", "dyad", "USA"),
    ("events", "/api/events", "root", "1"),
    ("events", "/api/events", "modality", "maybe"),
])
def test_a_bad_value_gets_the_same_message_from_the_cli_and_the_api(
        events_db: Path, client: TestClient, command: str, route: str, name: str, value: str) -> None:
    code, said = cli_error(events_db, command, f"--{name}", value)
    answer = client.get(route, params={name: value})
    assert code == 1 and answer.status_code == 400
    assert said == answer.json()["detail"]
    assert repr(value) in said and name in said


def test_a_bad_date_says_what_to_write() -> None:
    with pytest.raises(FilterError, match=r"^since must be an ISO date written YYYY, YYYY-MM or YYYY-MM-DD "
                                          r"\(a time may follow the day: 2024-03-01T10:00Z\), not 'March'$"):
        EventFilters.parse(since="March")
    assert issubclass(FilterError, ValueError) and issubclass(FilterError, InputError)


@pytest.mark.parametrize("value", ["2024", "2024-03", "2024-03-05", "2024-03-05T10:00:00Z", " 2024-03 "])
def test_iso_dates_are_kept_stripped(value: str) -> None:
    assert iso_bound("since", value) == value.strip()
    assert ArticleFilters.parse(until=value).until == value.strip()


@pytest.mark.parametrize("value", ["", "24-03", "2024-3", "2024-03-01x", "today"])
def test_other_dates_are_refused(value: str) -> None:
    with pytest.raises(FilterError, match="until must be an ISO date"):
        QuoteFilters.parse(until=value)


# Dates that have the shape but do not exist, each with what is wrong with it.
IMPOSSIBLE = [("2024-13", "there is no month 13"), ("2024-99", "there is no month 99"),
              ("2024-00-10", "there is no month 00"), ("2024-02-30", "2024-02 has no day 30"),
              ("2023-02-29", "2023-02 has no day 29"), ("2024-04-31", "2024-04 has no day 31"),
              ("0000", "there is no year 0"), ("2024-03-01T25:00", "'25:00' is not a time"),
              ("2024-1-5", "")]


@pytest.mark.parametrize(("value", "why"), IMPOSSIBLE)
@pytest.mark.parametrize("filters_type", [EventFilters, QuoteFilters, ArticleFilters])
def test_a_date_that_does_not_exist_is_refused_naming_the_forms(
        filters_type: type[EventFilters | QuoteFilters | ArticleFilters], value: str, why: str) -> None:
    with pytest.raises(FilterError) as raised:
        filters_type.parse(since=value)
    assert str(raised.value).startswith("since must be an ISO date written YYYY, YYYY-MM or YYYY-MM-DD")
    assert repr(value) in str(raised.value) and why in str(raised.value)


@pytest.mark.parametrize("value", ["2024-02-29", "2024-12", "2024-12-31T23:59:59Z", "2024-03-01 10:00+05:00"])
def test_a_date_that_exists_is_kept(value: str) -> None:
    assert iso_bound("until", value) == value


@pytest.mark.parametrize(("command", "route"), [("events", "/api/events"), ("quotes", "/api/quotes"),
                                                ("articles", "/api/articles")])
@pytest.mark.parametrize(("value", "why"), IMPOSSIBLE[:4])
def test_the_cli_and_the_api_refuse_a_date_that_does_not_exist(
        events_db: Path, client: TestClient, command: str, route: str, value: str, why: str) -> None:
    code, said = cli_error(events_db, command, "--since", value)
    answer = client.get(route, params={"since": value})
    assert code == 1 and answer.status_code == 400
    assert said == answer.json()["detail"] and why in said


# -- the dyad --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "pair"), [("USA,CHN", ("USA", "CHN")), (" CHN , USA ", ("CHN", "USA")),
                                            ("Joe Biden,Xi Jinping", ("Joe Biden", "Xi Jinping"))])
def test_a_dyad_is_two_actors_separated_by_a_comma(text: str, pair: tuple[str, str]) -> None:
    assert read_dyad(text) == pair
    assert EventFilters.parse(dyad=text).dyad == pair


@pytest.mark.parametrize("text", ["USA", "USA,", ",CHN", "USA,CHN,JPN", ""])
def test_anything_else_is_not_a_dyad(text: str) -> None:
    with pytest.raises(FilterError, match=r"two actors separated by a comma, e\.g\. USA,CHN"):
        EventFilters.parse(dyad=text)


# -- what parse keeps -----------------------------------------------------------------------------

def test_parse_normalises_as_the_store_compares() -> None:
    filters = EventFilters.parse(root=" 11 ", cameo="111", plover=" consult", modality=" Negated ",
                                 since="2024-03 ", source="USA")
    assert (filters.root, filters.cameo, filters.plover, filters.modality, filters.since) == (
        "11", "111", "CONSULT", "negated", "2024-03")
    assert filters.source == "USA" and filters.target is None and filters.dyad is None
    assert QuoteFilters.parse(kind="Direct ").kind == "direct"
    assert ActorFilters.parse(country="") == ActorFilters(country="")  # '' is "no country", kept


@pytest.mark.parametrize(("given", "message"), [
    ({"root": "111"}, "root must be a CAMEO code of 2 digits, not '111'"),
    ({"cameo": "1"}, "cameo must be a CAMEO code of 2 or 3 or 4 digits, not '1'"),
    ({"modality": "maybe"}, f"modality must be one of {', '.join(MODALITIES)}, not 'maybe'"),
])
def test_parse_refuses_codes_and_modalities_the_store_would(given: dict[str, str], message: str) -> None:
    with pytest.raises(FilterError) as caught:
        EventFilters.parse(**given)
    assert str(caught.value) == message


def test_a_bad_kind_is_refused() -> None:
    with pytest.raises(FilterError, match="kind must be one of direct, indirect, mixed, not 'said'"):
        QuoteFilters.parse(kind="said")


def test_filters_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        EventFilters().source = "USA"


# -- the store's arguments ------------------------------------------------------------------------

@pytest.mark.parametrize(("filters_type", "kwargs_type"), [(row[0], row[3]) for row in LISTINGS])
def test_as_kwargs_has_each_field_with_its_type(filters_type: type, kwargs_type: type) -> None:
    assert typing.get_type_hints(kwargs_type) == typing.get_type_hints(filters_type)


def test_as_kwargs_carries_the_values() -> None:
    filters = EventFilters.parse(dyad="USA,CHN", since="2024-03", modality="reported")
    assert filters.as_kwargs() == {"source": None, "target": None, "dyad": ("USA", "CHN"), "root": None,
                                   "cameo": None, "plover": None, "modality": "reported",
                                   "since": "2024-03", "until": None, "article_id": None}


def test_the_literals_match_the_records_and_the_clis_choices() -> None:
    from tidings.records import Modality as RecordModality
    from tidings.records import QuoteKind as RecordQuoteKind

    assert get_args(RecordModality) == MODALITIES and get_args(RecordQuoteKind) == QUOTE_KINDS
    assert tuple(kind.value for kind in QuoteKind) == QUOTE_KINDS


# -- one help for each filter ---------------------------------------------------------------------

@pytest.mark.parametrize(("filters_type", "command", "route"), [row[:3] for row in LISTINGS])
def test_the_cli_and_the_api_show_the_declared_help(client: TestClient, filters_type: type, command: str,
                                                    route: str) -> None:
    group = typer.main.get_command(app)  # a click group, Typer's own copy of click
    options = {param.name: param.help for param in group.commands[command].params}  # type: ignore[attr-defined]
    described = {param["name"]: param.get("description")
                 for param in client.get("/api/openapi.json").json()["paths"][route]["get"]["parameters"]}
    for declared in fields(filters_type):
        wanted = help_of(filters_type, declared.name)
        assert described[declared.name] == wanted, declared.name
        if declared.name not in API_ONLY:
            assert options[declared.name] == wanted, declared.name


def test_help_of_an_unknown_field_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="EventFilters has no field 'speaker'"):
        help_of(EventFilters, "speaker")
