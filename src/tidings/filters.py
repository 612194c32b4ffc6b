"""The filters of the four listings (events, quotes, actors, articles), declared once.

    EventFilters, QuoteFilters, ActorFilters, ArticleFilters
        frozen records of what a listing keeps (None keeps everything). `parse(...)` reads user
        input; `as_kwargs()` gives the keyword arguments the store's listing method takes
    help_of(filters_type, name)    a field's help: the one text `tidings ... --help` and the API
                                   docs both show (LIMIT_HELP and OFFSET_HELP for the paging)
    FilterError                    a value that cannot be used; the message says what to write
    iso_bound(name, value)         an ISO date or date-time bound, stripped: the one check of a
                                   date a user gives (CLI, Python API, REST API); DATE_FORMS says which
    iso_day(name, value)           a whole day (YYYY-MM-DD) as a date, checked the same way
    read_dyad(value)               two actors written "X,Y"

Each field's help is in its metadata and nowhere else: the CLI's options (tidings.cli_listings)
and the API's query parameters (tidings.web.params) read it, so they cannot drift apart. `parse`
checks every value as the store would and raises FilterError naming the filter, so the command
line (exit code 1) and the API (400) answer a bad value with the same sentence. Nothing here
imports Typer or FastAPI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict, TypeVar, cast, get_args

from tidings.dyads import parse_dyad
from tidings.errors import InputError
from tidings.records import Modality, QuoteKind

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

MODALITIES: tuple[Modality, ...] = get_args(Modality)
_T = TypeVar("_T")
QUOTE_KINDS: tuple[QuoteKind, ...] = get_args(QuoteKind)

# A year, a month or a day, optionally with a time: 2024, 2024-03, 2024-03-01, 2024-03-01T10:00Z.
# The shape only: whether the month, the day and the time exist is checked by `_impossible`.
_ISO_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]([0-9:.+\-Z]*))?)?)?")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD (a time may follow the day: 2024-03-01T10:00Z)"
# CAMEO event codes are two to four digits; the first two are the root.
_CODE = re.compile(r"[0-9]{2,4}")

LIMIT_HELP = "Most rows shown."
OFFSET_HELP = "Rows to skip before the first one shown."


class FilterError(InputError, ValueError):
    """A filter value that cannot be used; the message names the filter and says what to write.

    A ValueError too, as the store's own checks of the same values are."""


def help_of(filters_type: type[DataclassInstance], name: str) -> str:
    """The help declared for the field `name` of `filters_type` (KeyError for a field without)."""
    for declared in fields(filters_type):
        if declared.name == name:
            return str(declared.metadata["help"])
    raise KeyError(f"{filters_type.__name__} has no field {name!r}")


def _described(default: _T, help_text: str) -> _T:
    """A filter field with its help in the metadata (see help_of)."""
    return field(default=default, metadata={"help": help_text})


def _phrase(words: tuple[str, ...]) -> str:
    return f"{', '.join(words[:-1])} or {words[-1]}"


def iso_bound(name: str, value: str) -> str:
    """`value` stripped when it is a date that exists written as DATE_FORMS says (a year, a month,
    a day, a day and a time); else FilterError naming the bound `name`, the forms, and what is
    wrong (2024-13: no month 13; 2024-02-30: February 2024 has no day 30)."""
    value = value.strip()
    found = _ISO_BOUND.fullmatch(value)
    problem = _impossible(found) if found else ""
    if found is None or problem:
        raise FilterError(f"{name} must be an ISO date written {DATE_FORMS}, not {value!r}{problem}")
    return value


def iso_day(name: str, value: str) -> date:
    """The day `value` names, written YYYY-MM-DD (checked by `iso_bound`); else FilterError."""
    bound = iso_bound(name, value)
    if len(bound) != len("2024-03-01"):
        raise FilterError(f"{name} must be a day written YYYY-MM-DD (2024-03-01), not {value!r}")
    return date.fromisoformat(bound)


def _impossible(found: re.Match[str]) -> str:
    """Why the date `found` matched cannot be (" (there is no month 13)"), or "" when it can."""
    year, month, day, time = found.groups()
    if int(year) == 0:
        return " (there is no year 0)"
    if month is not None and not 1 <= int(month) <= 12:
        return f" (there is no month {month})"
    if day is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            return f" ({year}-{month} has no day {day})"
    if time is not None:
        try:
            datetime.fromisoformat(found.group().replace("Z", "+00:00"))
        except ValueError:
            return f" ({time!r} is not a time such as 10:00, 10:00:30 or 10:00Z)"
    return ""


def read_dyad(value: str) -> tuple[str, str]:
    """Two actors written "X,Y" (spaces around them ignored); FilterError saying how otherwise."""
    try:
        return parse_dyad(value)
    except ValueError as exc:
        raise FilterError(str(exc)) from None


def code_prefix(name: str, value: str, sizes: tuple[int, ...]) -> str:
    value = value.strip()
    if not _CODE.fullmatch(value) or len(value) not in sizes:
        wanted = " or ".join(str(size) for size in sizes)
        raise FilterError(f"{name} must be a CAMEO code of {wanted} digits, not {value!r}")
    return value


def read_modality(value: str) -> Modality:
    if value.strip().lower() not in MODALITIES:
        raise FilterError(f"modality must be one of {', '.join(MODALITIES)}, not {value!r}")
    return cast(Modality, value.strip().lower())


def read_quote_kind(value: str) -> QuoteKind:
    if value.strip().lower() not in QUOTE_KINDS:
        raise FilterError(f"kind must be one of {', '.join(QUOTE_KINDS)}, not {value!r}")
    return cast(QuoteKind, value.strip().lower())


def _dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return (None if since is None else iso_bound("since", since),
            None if until is None else iso_bound("until", until))


# The keyword arguments of the store's listing methods, until they take the records themselves;
# tests/test_filters.py checks each has exactly its record's fields and types.

class EventKwargs(TypedDict, total=False):  # each optional: store.events(source="USA") names one
    source: str | None
    target: str | None
    dyad: tuple[str, str] | None
    root: str | None
    cameo: str | None
    plover: str | None
    modality: Modality | None
    since: str | None
    until: str | None
    article_id: str | None


class QuoteKwargs(TypedDict):
    speaker: str | None
    about: str | None
    country: str | None
    kind: QuoteKind | None
    since: str | None
    until: str | None


class ActorKwargs(TypedDict):
    country: str | None
    sector: str | None
    search: str | None


class ArticleKwargs(TypedDict):
    source: str | None
    since: str | None
    until: str | None
    language: str | None
    search: str | None


def _kwargs(filters: DataclassInstance) -> dict[str, object]:
    return {declared.name: getattr(filters, declared.name) for declared in fields(filters)}


@dataclass(frozen=True, slots=True)
class EventFilters:
    """What `tidings events`, GET /api/events and Store.events keep (store.events says how each
    matches): codes stripped, plover upper case, modality lower case, dates stripped ISO."""

    source: str | None = _described(
        None, "Source actor: CAMEO code prefix (USA, CHNGOV), country code, or a name or any word of one.")
    target: str | None = _described(None, "Target actor, matched like the source.")
    dyad: tuple[str, str] | None = _described(
        None, "Two actors X,Y: events between them in either direction.")
    root: str | None = _described(None, "CAMEO root code, 2 digits (11 = disapprove).")
    cameo: str | None = _described(None, "CAMEO event code or its prefix (111).")
    plover: str | None = _described(None, "PLOVER event type (ACCUSE, CONSULT, ...).")
    modality: Modality | None = _described(None, f"{_phrase(MODALITIES)}.")
    since: str | None = _described(None, "Event date on or after this ISO date (2024-03-01, 2024-03).")
    until: str | None = _described(None, "Event date on or before this ISO date.")
    article_id: str | None = _described(None, "Only the events of the article with this id.")

    @classmethod
    def parse(cls, *, source: str | None = None, target: str | None = None, dyad: str | None = None,
              root: str | None = None, cameo: str | None = None, plover: str | None = None,
              modality: str | None = None, since: str | None = None, until: str | None = None,
              article_id: str | None = None) -> EventFilters:
        """The filters as a user wrote them; FilterError for the first value that cannot be used."""
        pair = None if dyad is None else read_dyad(dyad)
        root = None if root is None else code_prefix("root", root, (2,))
        cameo = None if cameo is None else code_prefix("cameo", cameo, (2, 3, 4))
        chosen = None if modality is None else read_modality(modality)
        since, until = _dates(since, until)
        return cls(source=source, target=target, dyad=pair, root=root, cameo=cameo,
                   plover=None if plover is None else plover.strip().upper(), modality=chosen,
                   since=since, until=until, article_id=article_id)

    def as_kwargs(self) -> EventKwargs:
        return cast(EventKwargs, _kwargs(self))


@dataclass(frozen=True, slots=True)
class QuoteFilters:
    """What `tidings quotes`, GET /api/quotes and Store.quotes keep (store.quotes says how each
    matches): kind lower case, dates stripped ISO."""

    speaker: str | None = _described(
        None, "Who said it: a name, or any word of one (Liu finds Liu Jianchao).")
    about: str | None = _described(
        None, "Words the quote contains (full-text search; \"a phrase\" in quotes).")
    country: str | None = _described(None, "The speaker's ISO 3166-1 alpha-3 country code (CHN).")
    kind: QuoteKind | None = _described(None, f"{_phrase(QUOTE_KINDS)} speech.")
    since: str | None = _described(None, "Article published on or after this ISO date.")
    until: str | None = _described(None, "Article published on or before this ISO date.")

    @classmethod
    def parse(cls, *, speaker: str | None = None, about: str | None = None, country: str | None = None,
              kind: str | None = None, since: str | None = None,
              until: str | None = None) -> QuoteFilters:
        """The filters as a user wrote them; FilterError for the first value that cannot be used."""
        chosen = None if kind is None else read_quote_kind(kind)
        since, until = _dates(since, until)
        return cls(speaker=speaker, about=about, country=country, kind=chosen, since=since, until=until)

    def as_kwargs(self) -> QuoteKwargs:
        return cast(QuoteKwargs, _kwargs(self))


@dataclass(frozen=True, slots=True)
class ActorFilters:
    """What `tidings actors`, GET /api/actors and Store.actors keep (store.actors says how each
    matches). Every text is a valid filter, so `parse` is the constructor."""

    country: str | None = _described(None, "Only this ISO 3166-1 alpha-3 country code (JPN); '' for none.")
    sector: str | None = _described(None, "Only this CAMEO sector code (GOV, MIL, ...); '' for none.")
    search: str | None = _described(None, "Names containing this (case and accents ignored).")

    @classmethod
    def parse(cls, *, country: str | None = None, sector: str | None = None,
              search: str | None = None) -> ActorFilters:
        return cls(country=country, sector=sector, search=search)

    def as_kwargs(self) -> ActorKwargs:
        return cast(ActorKwargs, _kwargs(self))


@dataclass(frozen=True, slots=True)
class ArticleFilters:
    """What `tidings articles`, GET /api/articles and Store.articles keep (Store.articles says how
    each matches): dates stripped ISO."""

    source: str | None = _described(None, "Only this publisher or site name.")
    since: str | None = _described(None, "Published on or after this ISO date.")
    until: str | None = _described(None, "Published on or before this ISO date.")
    language: str | None = _described(None, "ISO 639-1 code.")
    search: str | None = _described(None, "Full-text search in title and text.")

    @classmethod
    def parse(cls, *, source: str | None = None, since: str | None = None, until: str | None = None,
              language: str | None = None, search: str | None = None) -> ArticleFilters:
        """The filters as a user wrote them; FilterError for a date that is not one."""
        since, until = _dates(since, until)
        return cls(source=source, since=since, until=until, language=language, search=search)

    def as_kwargs(self) -> ArticleKwargs:
        return cast(ArticleKwargs, _kwargs(self))
