"""The command line: parses flags, calls the library, formats the results. Nothing else lives here.

Exit codes: 0 success, 1 bad input (nothing usable, or a bad value), 2 usage error,
130 interrupted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from tidings import pipeline
from tidings.errors import InputError, TidingsError
from tidings.model import Analysis, Failure, Skip
from tidings.render import (
    EVENT_COLUMNS,
    MERGED_COLUMNS,
    QUOTE_COLUMNS,
    ListFormat,
    actor_label,
    cameo_name,
    emit_rows,
    print_actor_profile,
    print_analysis_table,
    print_event,
    print_mentions,
    quote_table_rows,
    shorten,
)
from tidings.settings import Settings, load_settings

if TYPE_CHECKING:
    from tidings.store import Store

app = typer.Typer(
    name="tidings",
    help="Turn international news into structured, checkable knowledge.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # soft wrap: one message, one greppable line


class AnalysisFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite database file, or a PostgreSQL URL postgresql://user@host/dbname "
                 "(default: TIDINGS_DB or per-user path)."),
]
Inputs = Annotated[
    list[str], typer.Argument(help="Files, directories, URLs, feeds, WARC archives, or - for stdin.")
]
Published = Annotated[
    str | None, typer.Option("--published", help="Publication date (ISO 8601) to use instead of the page's.")
]


def _settings(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except TidingsError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def _open_store(db: str | None) -> Iterator[tuple[Store, Settings]]:
    """The store the settings name, and the settings; any tidings error (or a bad filter value)
    becomes a message and exit code 1."""
    from tidings.store import Store

    settings = _settings(db=db)
    try:
        with Store.open(settings.db_target) as store:
            yield store, settings
    except (TidingsError, ValueError) as exc:
        _fail(str(exc))


def _dyad(text: str) -> tuple[str, str]:
    from tidings.store.events import parse_dyad

    try:
        return parse_dyad(text)
    except ValueError:
        _fail(f"--dyad takes two actors separated by a comma, e.g. --dyad USA,CHN; not {text!r}")


def _describe(item: Skip | Failure) -> str:
    where = item.ref or "<stdin>"
    if isinstance(item, Skip):
        return f"skipped {where}: {item.reason}: {item.detail}"
    return f"failed {where} in {item.stage}: {item.message}"


@app.command()
def analyze(
    inputs: Inputs,
    published: Published = None,
    output_format: Annotated[AnalysisFormat, typer.Option("--format", "-f", help="Output format.")] = (
        AnalysisFormat.json
    ),
) -> None:
    """Print the analysis of each article (analysis.schema.json); skips and failures go to stderr.

    With --format json, one article prints as one object and several as a JSON array.
    """
    settings = _settings()
    try:
        when = pipeline.parse_published(published)
    except InputError as exc:
        _fail(str(exc))
    analyses: list[dict[str, Any]] = []
    problems = 0
    for result in pipeline.analyze_inputs(inputs, settings, published=when, stdin=sys.stdin.buffer):
        if isinstance(result, Analysis):
            if result.skipped is not None:
                err.print(f"not analysed past extraction: {_describe(result.skipped)}", highlight=False,
                          markup=False)
            record = result.to_dict()
            if output_format is AnalysisFormat.jsonl:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            elif output_format is AnalysisFormat.table:
                print_analysis_table(record)
            analyses.append(record)
        else:
            problems += 1
            err.print(_describe(result), highlight=False, markup=False)
    if output_format is AnalysisFormat.json and analyses:
        payload: Any = analyses[0] if len(analyses) == 1 else analyses
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if not analyses:
        hint = f" ({problems} skipped or failed, see above)" if problems else ""
        _fail(f"no article could be analysed{hint}")


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = None,
    published: Published = None,
    workers: Annotated[int, typer.Option(
        min=0, help="Process on a local Dask cluster of this many worker processes (0: here).")] = 0,
    scheduler: Annotated[str | None, typer.Option(
        help="Use the running Dask scheduler at this address (tcp://host:port) instead; its workers "
             "need this tidings version installed.")] = None,
    parts: Annotated[Path | None, typer.Option(
        help="Where --workers writes its results as Parquet (default: <database>.parts beside it; "
             "for PostgreSQL, a folder in the per-user data directory).")] = None,
    chunk_size: Annotated[int, typer.Option(min=1, help="Inputs per Dask task.")] = 8,
) -> None:
    """Read, clean and store articles; duplicates are linked, skips and failures recorded.

    With --workers N or --scheduler, inputs are processed in chunks on a Dask cluster (rerunning
    passes over finished chunks); the results in the database are the same as in one process.
    """
    from tidings.store import Store

    settings = _settings(db=db)
    try:
        when = pipeline.parse_published(published)
    except InputError as exc:
        _fail(str(exc))
    counts = {"stored": 0, "unchanged": 0, "duplicate": 0, "skipped": 0, "failed": 0}
    progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True)
    try:
        with Store.open(settings.db_target) as store, progress:
            task = progress.add_task("", total=None)

            def on_outcome(outcome: pipeline.Outcome) -> None:
                counts[outcome.status] += 1
                progress.update(task, advance=1,
                                description=" ".join(f"{k} {v}" for k, v in counts.items() if v))

            if workers or scheduler:
                from tidings.distributed import describe, ingest_distributed

                output = parts or settings.parts_path
                report = ingest_distributed(inputs, store, settings, parts=output, workers=workers or 2,
                                            scheduler=scheduler, published=when, stdin=sys.stdin.buffer,
                                            on_outcome=on_outcome, chunk_size=chunk_size)
                summary, cluster = report.summary, describe(report)
            else:
                summary, cluster = pipeline.ingest(inputs, store, settings, published=when,
                                                   stdin=sys.stdin.buffer, on_outcome=on_outcome), None
    except KeyboardInterrupt:
        err.print(f"interrupted after {sum(counts.values())} inputs; what was committed is kept. "
                  "Run the same command again to continue.")
        raise typer.Exit(130) from None
    except TidingsError as exc:
        _fail(str(exc))

    table = Table(title=f"ingested into {settings.db_label}")
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for label, value in (("stored", summary.stored), ("already stored", summary.unchanged),
                         ("duplicates", summary.duplicates), ("skipped", summary.skipped),
                         ("failed", summary.failed)):
        table.add_row(label, str(value))
    for reason, value in sorted(summary.reasons.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  {reason}", str(value))
    err.print(table)
    if cluster is not None:
        memory = ", ".join(f"{mb} MB" for mb in cluster["worker_peak_memory_mb"].values())
        err.print(f"Dask: {cluster['chunks']} chunks ({cluster['computed']} computed, "
                  f"{cluster['from_parts']} read from {output}, {cluster['finished']} already stored, "
                  f"{cluster['failed_chunks']} failed); {cluster['reanalysed']} articles analysed again "
                  f"for learned knowledge; worker peak memory {memory}")
    if summary.skipped or summary.failed:
        err.print("See why with: tidings skips" + (f" --db {settings.db_label}" if db else ""))


@app.command()
def watch(
    config: Annotated[Path, typer.Argument(help="The watch configuration (TOML): [watch], [[feeds]], "
                                           "[[pages]], [[alerts]], [outputs].")],
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="One pass over the sources due, then exit.")] = False,
) -> None:
    """Poll feeds and pages politely and process each new article once; runs until interrupted.

    Conditional requests, robots.txt, a per-host rate limit and backoff on errors; its state is in
    the database, so after a stop (Ctrl-C, kill) a restart loses and repeats nothing.
    """
    import logging
    import signal

    from rich.logging import RichHandler

    from tidings.watch import load_config
    from tidings.watch import watch as run_watch

    try:
        watch_config = load_config(config)
    except TidingsError as exc:
        _fail(str(exc))
    handler = RichHandler(console=err, show_path=False, markup=False, rich_tracebacks=False)
    logger = logging.getLogger("tidings.watch")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops like Ctrl-C: the open article is rolled back

    previous = signal.signal(signal.SIGTERM, on_term)
    passes = 0

    def on_pass(_summary: Any) -> None:
        nonlocal passes
        passes += 1  # the pass's summary line is already logged by tidings.watch

    try:
        with _open_store(db) as (store, settings):
            run_watch(watch_config, store, settings, once=once, on_pass=on_pass)
    except KeyboardInterrupt:
        err.print(f"stopped after {passes} passes; every article stored so far is kept. "
                  "Run the same command again to continue.")
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        logger.removeHandler(handler)


@app.command()
def articles(
    db: DbOption = None,
    source: Annotated[str | None, typer.Option(help="Only this publisher or site name.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this ISO date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before this ISO date.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Full-text search in title and text.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 50,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List stored articles, newest first."""

    with _open_store(db) as (store, settings):
        rows = store.articles(source=source, since=since, until=until, language=language,
                              search=search, limit=limit)
        counts = store.counts()
    columns = ["id", "published", "source", "title", "words", "ref"]
    if output_format is ListFormat.table:  # a terminal is narrow: dates without times, no refs
        columns = columns[:-1]
        rows = [{**row, "published": (row.get("published") or "")[:10]} for row in rows]
    emit_rows(rows, columns, output_format,
               f"{len(rows)} of {counts.get('articles', 0)} articles in {settings.db_label}")


@app.command()
def skips(
    db: DbOption = None,
    reason: Annotated[
        str | None, typer.Option(help="Only this reason (empty, binary, not-english, ...).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 100,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List inputs that were skipped or failed, with the reason."""
    with _open_store(db) as (store, settings):
        rows = [{**row, "kind": "skip"} for row in store.skips(reason=reason, limit=limit)]
        if reason is None:
            rows += [{**row, "kind": "failure", "reason": f"failed in {row.get('stage')}",
                      "detail": row.get("message")} for row in store.failures(limit=limit)]
    columns = ["kind", "reason", "ref", "detail", "duplicate_of"]
    emit_rows(rows, columns, output_format, f"{len(rows)} skipped or failed inputs in {settings.db_label}")


@app.command("actors")
def actors_command(
    db: DbOption = None,
    country: Annotated[
        str | None, typer.Option(help="Only this ISO 3166-1 alpha-3 country code (JPN); '' for none.")
    ] = None,
    sector: Annotated[
        str | None, typer.Option(help="Only this CAMEO sector code (GOV, MIL, ...); '' for none.")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Names containing this (case and accents ignored).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 50,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List the actors of stored articles with their codes, most articles first."""
    with _open_store(db) as (store, settings):
        rows = store.actors(country=country, sector=sector, search=search, limit=limit)
    columns = ["name", "kind", "country", "sector", "cameo", "articles", "mentions", "first_published",
               "last_published"]
    if output_format is ListFormat.table:  # dates without times
        columns = ["name", "kind", "cameo", "articles", "mentions", "first", "last"]
        rows = [{**row, "first": (row.get("first_published") or "")[:10],
                 "last": (row.get("last_published") or "")[:10]} for row in rows]
    emit_rows(rows, columns, output_format, f"{len(rows)} actors in {settings.db_label}")


class ProfileFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("actor")
def actor_command(
    name: Annotated[str, typer.Argument(help="The actor's name, or a surname when only one actor has it.")],
    db: DbOption = None,
    output_format: Annotated[ProfileFormat, typer.Option("--format", "-f")] = ProfileFormat.table,
) -> None:
    """Show one actor: codes seen, roles over time, the articles naming it."""
    with _open_store(db) as (store, settings):
        profile = store.actor(name)
    if profile is None:
        _fail(f"no actor named {name!r} in {settings.db_label}; "
              f"find the stored spelling with: tidings actors --search {_shell_word(name)}")
    if output_format is ProfileFormat.json:
        sys.stdout.write(json.dumps(profile, ensure_ascii=False, indent=2) + "\n")
        return
    print_actor_profile(profile)


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text.split()[-1] if text.split() else text)


# -- events ----------------------------------------------------------------------------------

@app.command("events")
def events_command(
    db: DbOption = None,
    source: Annotated[
        str | None, typer.Option(help="Source actor: CAMEO code prefix (USA, CHNGOV), country code or name.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Target actor, matched like --source.")] = None,
    dyad: Annotated[
        str | None, typer.Option(help="Two actors X,Y: events between them in either direction.")
    ] = None,
    root: Annotated[str | None, typer.Option(help="CAMEO root code, 2 digits (11 = disapprove).")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO event code or its prefix (111).")] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER event type (ACCUSE, CONSULT, ...).")] = None,
    modality: Annotated[
        str | None, typer.Option(help="asserted, negated, intended, hypothetical or reported.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Event date on or after this ISO date (2024-03-01, 2024-03).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Event date on or before this ISO date.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 100,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="Every telling of every event, instead of each real-world event once.")] = False,
) -> None:
    """List coded events (who did what to whom), latest event date first.

    Each real-world event is listed once, however many sentences and articles tell it, with
    how many mentions, articles and outlets it has; --mentions lists the tellings themselves.
    """
    pair = _dyad(dyad) if dyad is not None else None
    with _open_store(db) as (store, settings):
        listing = store.events if mentions else store.merged_events
        rows = listing(source=source, target=target, dyad=pair, root=root, cameo=cameo,
                       plover=plover, modality=modality, since=since, until=until, limit=limit)
    if output_format is ListFormat.table:  # a terminal is narrow: names with codes, a short sentence
        told = [] if mentions else ["told"]
        columns = ["key", "date", "source", "cameo/plover", "target", "modality", *told, "sentence"]
        rows = [{"key": row["key"], "date": row["date"] or "", "source": actor_label(row, "source"),
                 "cameo/plover": f"{row['cameo']}/{row['plover'] or '-'}",
                 "target": actor_label(row, "target"), "modality": row["modality"],
                 "told": f"{row.get('mentions')} in {row.get('articles')} art.",
                 "sentence": shorten(row["sentence"], 70 if told else 90)} for row in rows]
    else:
        columns = EVENT_COLUMNS + ([] if mentions else MERGED_COLUMNS)
    what = "event mentions" if mentions else "events"
    emit_rows(rows, columns, output_format, f"{len(rows)} {what} in {settings.db_label}")


@app.command("event")
def event_command(
    key: Annotated[
        str, typer.Argument(help="The event's key <article_id>:<event_id> from `tidings events`, or a bare "
                                 "id (e2) when only one article has it.")
    ],
    db: DbOption = None,
    output_format: Annotated[ProfileFormat, typer.Option("--format", "-f")] = ProfileFormat.table,
) -> None:
    """Show one event with its evidence: the sentence with trigger, source and target marked, and
    every other telling of the same real-world event with why it was merged."""
    with _open_store(db) as (store, settings):
        found = store.event(key)
        tellings = store.event_mentions(found["canonical"]) if found is not None else []
    if found is None:
        _fail(f"no event {key!r} in {settings.db_label}; list the keys with: tidings events")
    found = {**found, "cameo_name": cameo_name(found["cameo"]), "mentions": tellings}
    if output_format is ProfileFormat.json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    print_event(found)
    print_mentions(found)


@app.command("stories")
def stories_command(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Articles published on or after this ISO date.")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published on or before this ISO date.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most stories shown.")] = 50,
    min_size: Annotated[int, typer.Option(min=1, help="Only stories of at least this many articles.")] = 1,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Group articles that report the same happening into stories, latest first: title, articles,
    outlets, first and last seen, and the merged events their ledes share."""
    with _open_store(db) as (store, settings):
        stories = [story for story in store.stories(since=since, until=until)
                   if len(story.articles) >= min_size][:limit]
    rows: list[dict[str, Any]]
    if output_format is ListFormat.table:
        rows = [{"id": story.id, "title": shorten(story.title, 60), "size": len(story.articles),
                 "outlets": ", ".join(story.outlets), "first_seen": (story.first_seen or "")[:16],
                 "last_seen": (story.last_seen or "")[:16], "events": len(story.events)} for story in stories]
        columns = ["id", "title", "size", "outlets", "first_seen", "last_seen", "events"]
    else:
        rows = [story.to_dict() for story in stories]
        if output_format is ListFormat.csv:  # one cell per field: lists joined with |
            rows = [{k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows]
        columns = ["id", "title", "size", "articles", "outlets", "first_seen", "last_seen", "events"]
    emit_rows(rows, columns, output_format, f"{len(rows)} stories in {settings.db_label}")


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


@app.command("brief")
def brief_command(
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

    pairs = [_dyad(text) for text in dyad or []]
    try:
        first_day, last_day = window(since, until)
        with _open_store(db) as (store, settings):
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
    except (BriefError, OSError) as exc:
        _fail(str(exc))


@app.command("alerts")
def alerts_command(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Fired on or after this ISO date or time (UTC).")] = None,
    rule: Annotated[str | None, typer.Option(help="Only alerts of the rule with this name.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 50,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List the alerts `tidings watch` fired, latest first: rule, what happened, and the link."""
    with _open_store(db) as (store, settings):
        rows = store.fired_alerts(since=since, rule=rule, limit=limit)
    columns = ["fired_at", "rule", "kind", "key", "message", "url", "sentence", "title", "published"]
    if output_format is ListFormat.table:  # a terminal is narrow: the message says what happened
        rows = [{**row, "message": shorten(row.get("message"), 100)} for row in rows]
        columns = columns[:6]
    emit_rows(rows, columns, output_format, f"{len(rows)} alerts in {settings.db_label}")


# -- quotes ----------------------------------------------------------------------------------

class QuoteKind(StrEnum):
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


@app.command("quotes")
def quotes_command(
    db: DbOption = None,
    speaker: Annotated[
        str | None, typer.Option(help="Who said it: a name, or a surname when only one actor has it.")
    ] = None,
    about: Annotated[
        str | None, typer.Option(help="Words the quote contains (full-text search; \"a phrase\" in quotes).")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="The speaker's ISO 3166-1 alpha-3 country code (CHN).")
    ] = None,
    kind: Annotated[QuoteKind | None, typer.Option(help="direct, indirect or mixed speech.")] = None,
    since: Annotated[str | None, typer.Option(help="Article published on or after this ISO date.")] = None,
    until: Annotated[str | None, typer.Option(help="Article published on or before this ISO date.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 50,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List who said what: quotes and reported speech with their speakers, newest article first."""
    with _open_store(db) as (store, settings):
        rows = store.quotes(speaker=speaker, about=about, country=country, since=since, until=until,
                            kind=None if kind is None else kind.value, limit=limit)
    if output_format is ListFormat.table:  # a terminal is narrow: speaker with code, a short quote
        emit_rows(quote_table_rows(rows), ["key", "published", "speaker", "kind", "quote", "cue", "via"],
                  output_format, f"{len(rows)} quotes in {settings.db_label}")
    else:
        emit_rows(rows, QUOTE_COLUMNS, output_format, f"{len(rows)} quotes in {settings.db_label}")


class ExportWhat(StrEnum):
    articles = "articles"
    actors = "actors"
    events = "events"
    quotes = "quotes"
    network = "network"
    dataset = "dataset"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    gdelt = "gdelt"
    plover = "plover"
    gexf = "gexf"
    graphml = "graphml"


@app.command("export")
def export_command(
    what: Annotated[ExportWhat, typer.Argument(
        help="What to export; network is the actor network; dataset is a folder of Parquet files, one "
             "per kind, for `tidings query`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced if it exists).")],
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv, jsonl, parquet; events also gdelt (GDELT 2.0 table) or "
                     "plover (PLOVER JSON Lines); network gexf or graphml."),
    ] = ExportFormat.csv,
    db: DbOption = None,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="Events: every telling, not each real-world event once with its counts.")] = False,
) -> None:
    """Write every stored article, actor, event or quote (or the actor network) to a file."""
    from tidings.export import NETWORK_FORMATS, ExportError, Kind, export

    fmt = output_format.value
    if what is ExportWhat.dataset:  # a folder of Parquet files, one per kind, for `tidings query`
        from tidings.query import write_dataset

        with _open_store(db) as (store, settings):
            try:
                counts = write_dataset(store, out)
            except OSError as exc:
                _fail(f"cannot write the dataset to {out}: {exc}")
        written = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        err.print(f"{written} from {settings.db_label} written to {out}/ (Parquet)", highlight=False)
        return
    if (what is ExportWhat.network) != (fmt in NETWORK_FORMATS):
        _fail("the actor network is written as --format gexf or graphml, and only it is"
              if what is ExportWhat.network else f"--format {fmt} is for `tidings export network`")
    with _open_store(db) as (store, settings):
        try:
            kind: Kind = "events" if what is ExportWhat.network else cast(Kind, what.value)
            count = export(store, kind, fmt, out, mentions=mentions)
        except (ExportError, OSError) as exc:
            _fail(str(exc))
    unit = "edges" if what is ExportWhat.network else what.value
    err.print(f"{count} {unit} from {settings.db_label} written to {out} ({fmt})", highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="TIDINGS_TOKEN", help="Allow POST /api/articles to requests bearing this token."),
    ] = None,
) -> None:
    """Serve the web page and the JSON API (read-only unless a token is given)."""
    from tidings.web.app import serve as run_server

    settings = _settings(db=db)
    err.print(f"serving {settings.db_label} at http://{host}:{port}/ (API docs at /api/docs); Ctrl+C stops",
              highlight=False)
    run_server(settings.db_target, host=host, port=port, token=token)


@app.command("query")
def query_command(
    sql: Annotated[str, typer.Argument(help="SQL over the views articles, actors, events, quotes.")],
    data: Annotated[Path, typer.Option("--data", help="Folder of Parquet files (`tidings export dataset`).")],
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Run SQL with DuckDB over an exported Parquet dataset."""
    from tidings.query import QueryError, query

    try:
        columns, rows = query(sql, data)
    except QueryError as exc:
        _fail(str(exc))
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    emit_rows(records, columns, output_format, f"{len(records)} rows")


def main() -> None:
    """Entry point of the `tidings` script."""
    try:
        app()
    except TidingsError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
