"""The commands that read the store: the listings (articles, skips, actors, events, stories,
alerts, quotes), one actor's or one event's profile, and the briefing.

Each listing builds its filters (tidings.filters), whose help its options show, asks the store,
and hands the rows to tidings.render. tidings.cli registers these functions as commands.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli_common import DbOption, LimitOption, ListFormatOption, err, fail, filter_option, open_db
from tidings.filters import (
    OFFSET_HELP,
    ActorFilters,
    ArticleFilters,
    EventFilters,
    FilterError,
    QuoteFilters,
    read_dyad,
)
from tidings.render import (
    ListFormat,
    Listing,
    actor_listing,
    alert_listing,
    article_listing,
    cameo_name,
    emit_rows,
    event_listing,
    listing_title,
    print_actor_profile,
    print_event,
    print_mentions,
    quote_listing,
    story_listing,
)
from tidings.rows import EventRow
from tidings.settings import Settings

OffsetOption = Annotated[int, typer.Option(min=0, help=OFFSET_HELP)]


class ProfileFormat(StrEnum):
    table = "table"
    json = "json"


class QuoteKind(StrEnum):  # the values of tidings.filters.QUOTE_KINDS, as Typer's choices
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


def _emit(listing: Listing, output_format: ListFormat, what: str, settings: Settings, *, total: int,
          offset: int) -> None:
    """Write a listing whose rows are those from `offset` of `total`, titled with both."""
    rows = listing[0]
    title = listing_title(what, settings.db_label, shown=len(rows), total=total, offset=offset)
    emit_rows(*listing, output_format, title, cut=offset > 0 or len(rows) < total)


def articles(
    db: DbOption = None,
    source: Annotated[str | None, filter_option(ArticleFilters, "source")] = None,
    since: Annotated[str | None, filter_option(ArticleFilters, "since")] = None,
    until: Annotated[str | None, filter_option(ArticleFilters, "until")] = None,
    language: Annotated[str | None, filter_option(ArticleFilters, "language")] = None,
    search: Annotated[str | None, filter_option(ArticleFilters, "search", "--search", "-s")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """List stored articles, newest first."""
    with open_db(db) as (store, settings):
        filters = ArticleFilters.parse(source=source, since=since, until=until, language=language,
                                       search=search)
        rows = store.articles(**filters.as_kwargs(), limit=limit, offset=offset)
        total = store.count_articles(**filters.as_kwargs())
    _emit(article_listing(rows, output_format), output_format, "articles", settings, total=total,
          offset=offset)


def skips(
    db: DbOption = None,
    reason: Annotated[
        str | None, typer.Option(help="Only this reason (empty, binary, not-english, ...).")
    ] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """List inputs that were skipped or failed, with the reason, newest first."""
    with open_db(db) as (store, settings):
        # Skips and failures are two tables: the page is cut from the newest `offset + limit` of each.
        rows = [{**row.to_dict(), "kind": "skip"} for row in store.skips(reason=reason, limit=offset + limit)]
        total = store.count_skips(reason=reason)
        if reason is None:
            rows += [{**row.to_dict(), "kind": "failure", "reason": f"failed in {row.stage}",
                      "detail": row.message} for row in store.failures(limit=offset + limit)]
            total += store.count_failures()
    rows.sort(key=lambda row: str(row["first_seen_at"]), reverse=True)  # stable: skips first on a tie
    columns = ["kind", "reason", "ref", "detail", "duplicate_of"]
    _emit((rows[offset:offset + limit], columns), output_format, "skipped or failed inputs", settings,
          total=total, offset=offset)


def actors(
    db: DbOption = None,
    country: Annotated[str | None, filter_option(ActorFilters, "country")] = None,
    sector: Annotated[str | None, filter_option(ActorFilters, "sector")] = None,
    search: Annotated[str | None, filter_option(ActorFilters, "search", "--search", "-s")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """List the actors of stored articles with their codes, most articles first."""
    with open_db(db) as (store, settings):
        filters = ActorFilters.parse(country=country, sector=sector, search=search)
        rows = store.actors(**filters.as_kwargs(), limit=limit, offset=offset)
        total = store.count_actors(**filters.as_kwargs())
    _emit(actor_listing(rows, output_format), output_format, "actors", settings, total=total, offset=offset)


def actor(
    name: Annotated[str, typer.Argument(help="The actor's name, or a surname when only one actor has it.")],
    db: DbOption = None,
    output_format: Annotated[ProfileFormat, typer.Option("--format", "-f")] = ProfileFormat.table,
) -> None:
    """Show one actor: codes seen, roles over time, the articles naming it."""
    with open_db(db) as (store, settings):
        profile = store.actor(name)
    if profile is None:
        fail(f"no actor named {name!r} in {settings.db_label}; "
             f"find the stored spelling with: tidings actors --search {_shell_word(name)}")
    if output_format is ProfileFormat.json:
        sys.stdout.write(json.dumps(profile.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    print_actor_profile(profile)


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text.split()[-1] if text.split() else text)


def events(
    db: DbOption = None,
    source: Annotated[str | None, filter_option(EventFilters, "source")] = None,
    target: Annotated[str | None, filter_option(EventFilters, "target")] = None,
    dyad: Annotated[str | None, filter_option(EventFilters, "dyad")] = None,
    root: Annotated[str | None, filter_option(EventFilters, "root")] = None,
    cameo: Annotated[str | None, filter_option(EventFilters, "cameo")] = None,
    plover: Annotated[str | None, filter_option(EventFilters, "plover")] = None,
    modality: Annotated[str | None, filter_option(EventFilters, "modality")] = None,
    since: Annotated[str | None, filter_option(EventFilters, "since")] = None,
    until: Annotated[str | None, filter_option(EventFilters, "until")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    output_format: ListFormatOption = ListFormat.table,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="Every telling of every event, instead of each real-world event once.")] = False,
) -> None:
    """List coded events (who did what to whom), latest event date first.

    Each real-world event is listed once, however many sentences and articles tell it, with
    how many mentions, articles and outlets it has; --mentions lists the tellings themselves.
    """
    with open_db(db) as (store, settings):
        filters = EventFilters.parse(source=source, target=target, dyad=dyad, root=root, cameo=cameo,
                                     plover=plover, modality=modality, since=since, until=until)
        rows: Sequence[EventRow]
        if mentions:
            rows = store.events(**filters.as_kwargs(), limit=limit, offset=offset)
            total = store.count_events(**filters.as_kwargs())
        else:
            rows = store.merged_events(**filters.as_kwargs(), limit=limit, offset=offset)
            total = store.count_merged_events(**filters.as_kwargs())
    _emit(event_listing(rows, output_format, merged=not mentions), output_format,
          "event mentions" if mentions else "events", settings, total=total, offset=offset)


def event(
    key: Annotated[
        str, typer.Argument(help="The event's key <article_id>:<event_id> from `tidings events`, or a bare "
                                 "id (e2) when only one article has it.")
    ],
    db: DbOption = None,
    output_format: Annotated[ProfileFormat, typer.Option("--format", "-f")] = ProfileFormat.table,
) -> None:
    """Show one event with its evidence: the sentence with trigger, source and target marked, and
    every other telling of the same real-world event with why it was merged."""
    with open_db(db) as (store, settings):
        found = store.event(key)
        tellings = store.event_mentions(found.canonical) if found is not None else []
    if found is None:
        fail(f"no event {key!r} in {settings.db_label}; list the keys with: tidings events")
    if output_format is ProfileFormat.json:
        shown = {**found.to_dict(), "cameo_name": cameo_name(found.cameo),
                 "mentions": [telling.to_dict() for telling in tellings]}
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        return
    print_event(found)
    print_mentions(found.canonical, tellings)


def stories(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Articles published on or after this ISO date.")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published on or before this ISO date.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most stories shown.")] = 50,
    offset: OffsetOption = 0,
    min_size: Annotated[int, typer.Option(min=1, help="Only stories of at least this many articles.")] = 1,
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """Group articles that report the same happening into stories, latest first: title, articles,
    outlets, first and last seen, and the merged events their ledes share."""
    from tidings.stories import stories_between

    with open_db(db) as (store, settings):
        found = [story for story in stories_between(store, since=since, until=until)
                 if len(story.articles) >= min_size]
    _emit(story_listing(found[offset:offset + limit], output_format), output_format, "stories", settings,
          total=len(found), offset=offset)


def brief(
    db: DbOption = None,
    since: Annotated[str, typer.Option(
        help="Start: a duration back from --until (24h, 7d, 2w) or an ISO date.")] = "24h",
    until: Annotated[str | None, typer.Option(help="Last day, an ISO date (default: today).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events and quotes involving this actor.")] = None,
    dyad: Annotated[list[str] | None, typer.Option(
        help="X,Y: a pair whose events and trend to follow; give it more than once for several.")] = None,
    output_format: Annotated[BriefFormat, typer.Option("--format", "-f")] = BriefFormat.md,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file, not stdout.")] = None,
    audio: Annotated[Path | None, typer.Option(
        help="Also read it aloud into this WAV file (espeak-ng).")] = None,
) -> None:
    """A readable digest of a period: top stories, events by dyad with evidence, quotes, trends."""
    from tidings.brief import BriefError, make_briefing, speak, to_html, to_markdown, to_speech, window

    try:
        pairs = [read_dyad(text) for text in dyad or []]
        first_day, last_day = window(since, until)
        with open_db(db) as (store, settings):
            briefing = make_briefing(store, first_day, last_day, actor=actor, dyads=pairs or None)
        if briefing.articles == 0:
            err.print(f"no article published from {first_day} to {last_day} in {settings.db_label}; "
                      "try a longer --since (7d, 30d) or an earlier date", highlight=False)
        text = to_html(briefing) if output_format is BriefFormat.html else to_markdown(briefing)
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
            err.print(f"briefing written to {out}", highlight=False)
        if audio is not None:
            speak(to_speech(briefing), audio)
            err.print(f"spoken briefing written to {audio}", highlight=False)
    except (FilterError, BriefError, OSError) as exc:
        fail(str(exc))


def alerts(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Fired on or after this ISO date or time (UTC).")] = None,
    rule: Annotated[str | None, typer.Option(help="Only alerts of the rule with this name.")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """List the alerts `tidings watch` fired, latest first: rule, what happened, and the link."""
    with open_db(db) as (store, settings):
        rows = store.fired_alerts(since=since, rule=rule, limit=limit, offset=offset)
        total = store.count_fired_alerts(since=since, rule=rule)
    _emit(alert_listing(rows, output_format), output_format, "alerts", settings, total=total, offset=offset)


def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, filter_option(QuoteFilters, "speaker")] = None,
    about: Annotated[str | None, filter_option(QuoteFilters, "about")] = None,
    country: Annotated[str | None, filter_option(QuoteFilters, "country")] = None,
    kind: Annotated[QuoteKind | None, filter_option(QuoteFilters, "kind")] = None,
    since: Annotated[str | None, filter_option(QuoteFilters, "since")] = None,
    until: Annotated[str | None, filter_option(QuoteFilters, "until")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """List who said what: quotes and reported speech with their speakers, newest article first."""
    with open_db(db) as (store, settings):
        filters = QuoteFilters.parse(speaker=speaker, about=about, country=country, since=since, until=until,
                                     kind=None if kind is None else kind.value)
        rows = store.quotes(**filters.as_kwargs(), limit=limit, offset=offset)
        total = store.count_quotes(**filters.as_kwargs())
    _emit(quote_listing(rows, output_format), output_format, "quotes", settings, total=total, offset=offset)
