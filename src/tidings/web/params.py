"""The query parameters of the API's listings, read into the filters of tidings.filters.

    article_filters, actor_filters, event_filters, quote_filters
                                   FastAPI dependencies: the listing's parameters -> its filters
    described(filters_type, name)  a query parameter documented with the filter's help
    Limit, Offset                  the paging parameters, bounded (bounds.bad_parameters: 400)

Each parameter's description is the help tidings.filters declares, the text `tidings <listing>
--help` shows for the same filter. A value the filters refuse raises FilterError, which the app
answers with 400 and the same message the command line prints (web/app.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Query

from tidings.filters import (
    LIMIT_HELP,
    OFFSET_HELP,
    ActorFilters,
    ArticleFilters,
    EventFilters,
    QuoteFilters,
    help_of,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from fastapi import params

MAX_LIMIT = 500
# Far past any real table, and offset + limit still fits the 64-bit integers SQL's OFFSET takes.
MAX_OFFSET = 10**18

Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=LIMIT_HELP)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=OFFSET_HELP)]


def described(filters_type: type[DataclassInstance], name: str) -> params.Query:
    """The query parameter for the filter `name` of `filters_type`, with the help declared there."""
    parameter: params.Query = Query(description=help_of(filters_type, name))
    return parameter


def article_filters(
    source: Annotated[str | None, described(ArticleFilters, "source")] = None,
    since: Annotated[str | None, described(ArticleFilters, "since")] = None,
    until: Annotated[str | None, described(ArticleFilters, "until")] = None,
    language: Annotated[str | None, described(ArticleFilters, "language")] = None,
    search: Annotated[str | None, described(ArticleFilters, "search")] = None,
) -> ArticleFilters:
    return ArticleFilters.parse(source=source, since=since, until=until, language=language, search=search)


def actor_filters(
    country: Annotated[str | None, described(ActorFilters, "country")] = None,
    sector: Annotated[str | None, described(ActorFilters, "sector")] = None,
    search: Annotated[str | None, described(ActorFilters, "search")] = None,
) -> ActorFilters:
    return ActorFilters.parse(country=country, sector=sector, search=search)


def event_filters(
    source: Annotated[str | None, described(EventFilters, "source")] = None,
    target: Annotated[str | None, described(EventFilters, "target")] = None,
    dyad: Annotated[str | None, described(EventFilters, "dyad")] = None,
    root: Annotated[str | None, described(EventFilters, "root")] = None,
    cameo: Annotated[str | None, described(EventFilters, "cameo")] = None,
    plover: Annotated[str | None, described(EventFilters, "plover")] = None,
    modality: Annotated[str | None, described(EventFilters, "modality")] = None,
    since: Annotated[str | None, described(EventFilters, "since")] = None,
    until: Annotated[str | None, described(EventFilters, "until")] = None,
    article_id: Annotated[str | None, described(EventFilters, "article_id")] = None,
) -> EventFilters:
    return EventFilters.parse(source=source, target=target, dyad=dyad, root=root, cameo=cameo, plover=plover,
                              modality=modality, since=since, until=until, article_id=article_id)


def quote_filters(
    speaker: Annotated[str | None, described(QuoteFilters, "speaker")] = None,
    about: Annotated[str | None, described(QuoteFilters, "about")] = None,
    country: Annotated[str | None, described(QuoteFilters, "country")] = None,
    kind: Annotated[str | None, described(QuoteFilters, "kind")] = None,
    since: Annotated[str | None, described(QuoteFilters, "since")] = None,
    until: Annotated[str | None, described(QuoteFilters, "until")] = None,
) -> QuoteFilters:
    return QuoteFilters.parse(speaker=speaker, about=about, country=country, kind=kind, since=since,
                              until=until)
