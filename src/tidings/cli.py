"""The command line: parses flags, calls the library, formats the results. Nothing else lives here.

This module holds the `tidings` app, the commands that process inputs (analyze, ingest, watch)
or serve and export the store, and the entry point; the commands that read the store are in
tidings.cli_listings, what every command shares in tidings.cli_common (exit codes there).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from tidings import cli_listings, pipeline
from tidings.cli_common import DbOption, ListFormatOption, err, fail, load, open_db
from tidings.errors import InputError, TidingsError
from tidings.model import Analysis, Failure, Skip
from tidings.render import ListFormat, emit_rows, print_analysis_table

if TYPE_CHECKING:
    from tidings.watch import PassSummary

app = typer.Typer(
    name="tidings",
    help="Turn international news into structured, checkable knowledge.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class AnalysisFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


Inputs = Annotated[
    list[str], typer.Argument(help="Files, directories, URLs, feeds, WARC archives, or - for stdin.")
]
Published = Annotated[
    str | None, typer.Option("--published", help="Publication date (ISO 8601) to use instead of the page's.")
]


def _describe(item: Skip | Failure) -> str:
    where = item.ref or "<stdin>"
    if isinstance(item, Skip):
        return f"skipped {where}: {item.reason}: {item.detail}"
    return f"failed {where} in {item.stage}: {item.message}"


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
    settings = load()
    try:
        when = pipeline.parse_published(published)
    except InputError as exc:
        fail(str(exc))
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
        fail(f"no article could be analysed{hint}")


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

    Exits 1 when no input gave an article (all were skipped or failed), as `analyze` does.

    With --workers N or --scheduler, inputs are processed in chunks on a Dask cluster (rerunning
    passes over finished chunks); the results in the database are the same as in one process.
    """
    from tidings.store import open_store

    settings = load(db)
    try:
        when = pipeline.parse_published(published)
    except InputError as exc:
        fail(str(exc))
    counts = {"stored": 0, "unchanged": 0, "duplicate": 0, "skipped": 0, "failed": 0}
    progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True)
    try:
        with open_store(settings.db_target, create=True) as store, progress:
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
        fail(str(exc))

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
    # Exit 1 as `analyze` does when no input gave an article: stored now, stored before (a rerun),
    # or a duplicate linked to one all count as usable; skips and failures beside them do not fail.
    usable = summary.stored + summary.unchanged + summary.duplicates
    if not usable and (summary.skipped or summary.failed):
        fail(f"nothing was stored: {summary.skipped} skipped and {summary.failed} failed (see above)")


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
        fail(str(exc))
    handler = RichHandler(console=err, show_path=False, markup=False, rich_tracebacks=False)
    logger = logging.getLogger("tidings.watch")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops like Ctrl-C: the open article is rolled back

    previous = signal.signal(signal.SIGTERM, on_term)
    passes = 0

    def on_pass(_summary: PassSummary) -> None:
        nonlocal passes
        passes += 1  # the pass's summary line is already logged by tidings.watch

    try:
        with open_db(db, create=True) as (store, settings):
            run_watch(watch_config, store, settings, once=once, on_pass=on_pass)
    except KeyboardInterrupt:
        err.print(f"stopped after {passes} passes; every article stored so far is kept. "
                  "Run the same command again to continue.")
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        logger.removeHandler(handler)


class ExportWhat(StrEnum):
    articles = "articles"
    actors = "actors"
    events = "events"
    quotes = "quotes"
    mentions = "mentions"
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


def export_command(
    what: Annotated[ExportWhat, typer.Argument(
        help="What to export; mentions is GDELT 2.0's Mentions table (one row per telling of an event: "
             "article, character offsets, confidence); network is the actor network; dataset is a folder "
             "of Parquet files, one per kind, for `tidings query`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced if it exists).")],
    output_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="csv (the default), jsonl, parquet; events also gdelt (GDELT 2.0 "
                     "event table) or plover (PLOVER JSON Lines); mentions only gdelt (its default); "
                     "network gexf or graphml."),
    ] = None,
    db: DbOption = None,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="Events: every telling, not each real-world event once with its counts.")] = False,
) -> None:
    """Write every stored article, actor, event, quote or event mention (or the actor network) to a file."""
    from tidings.export import NETWORK_FORMATS, ExportError, Kind, export

    fmt = output_format.value if output_format else "gdelt" if what is ExportWhat.mentions else "csv"
    # A mistyped folder should say so before any work, not end in a bare errno line.
    if not out.parent.is_dir():
        fail(f"no folder {out.parent} to write {out.name} into: create it first, or give another --out")
    if what is ExportWhat.dataset:  # a folder of Parquet files, one per kind, for `tidings query`
        from tidings.query import write_dataset

        with open_db(db) as (store, settings):
            try:
                counts = write_dataset(store, out)
            except OSError as exc:
                fail(f"cannot write the dataset to {out}: {exc}")
        written = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        err.print(f"{written} from {settings.db_label} written to {out}/ (Parquet)", highlight=False)
        return
    if (what is ExportWhat.network) != (fmt in NETWORK_FORMATS):
        fail("the actor network is written as --format gexf or graphml, and only it is"
              if what is ExportWhat.network else f"--format {fmt} is for `tidings export network`")
    with open_db(db) as (store, settings):
        try:
            kind: Kind = "events" if what is ExportWhat.network else cast(Kind, what.value)
            count = export(store, kind, fmt, out, mentions=mentions)
        except (ExportError, OSError) as exc:
            fail(str(exc))
    unit = "edges" if what is ExportWhat.network else what.value
    err.print(f"{count} {unit} from {settings.db_label} written to {out} ({fmt})", highlight=False)


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

    with open_db(db) as (_, settings):
        pass  # a database that does not exist, or cannot be opened, stops here with its message
    err.print(f"serving {settings.db_label} at http://{host}:{port}/ (API docs at /api/docs); Ctrl+C stops",
              highlight=False)
    run_server(settings.db_target, host=host, port=port, token=token)


def query_command(
    sql: Annotated[str, typer.Argument(help="SQL over the views articles, actors, events, quotes.")],
    data: Annotated[Path, typer.Option("--data", help="Folder of Parquet files (`tidings export dataset`).")],
    output_format: ListFormatOption = ListFormat.table,
) -> None:
    """Run SQL with DuckDB over an exported Parquet dataset."""
    from tidings.query import QueryError, query

    try:
        columns, rows = query(sql, data)
    except QueryError as exc:
        fail(str(exc))
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    emit_rows(records, columns, output_format, f"{len(records)} rows")


# The commands, in the order `tidings --help` lists them.
for _name, _command in (
    ("analyze", analyze), ("ingest", ingest), ("watch", watch), ("articles", cli_listings.articles),
    ("skips", cli_listings.skips), ("actors", cli_listings.actors), ("actor", cli_listings.actor),
    ("events", cli_listings.events), ("event", cli_listings.event), ("stories", cli_listings.stories),
    ("brief", cli_listings.brief), ("alerts", cli_listings.alerts), ("quotes", cli_listings.quotes),
    ("export", export_command), ("serve", serve), ("query", query_command),
):
    app.command(_name)(_command)


def main() -> None:
    """Entry point of the `tidings` script."""
    try:
        app()
    except TidingsError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
