"""What the command line prints: rich tables and marked sentences, from plain dicts.

Rendering only: it reads records the library returns and writes to the terminal; nothing here
parses flags (tidings.cli and its cli_* modules) or touches the store. A listing's `*_listing`
function gives its rows and columns as a format shows them (a terminal is narrow: dates without
times, short sentences, names with their codes), for `emit_rows`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tidings.export import csv_cell
from tidings.rows import UNNAMED_SOURCE, EventRow, MergedEventRow
from tidings.tables import is_narrow, make_table, short_key

if TYPE_CHECKING:
    from tidings.records import Json, Mention
    from tidings.rows import (
        ActorProfile,
        ActorRow,
        ArticleRow,
        EventEvidence,
        EventRole,
        FiredAlert,
        QuoteRow,
        TellingRow,
    )
    from tidings.stories import Story


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def cell(value: object) -> str:
    """A table cell: markup-escaped text, empty for None."""
    return escape("" if value is None else str(value))


def print_analysis_table(record: dict[str, Any]) -> None:
    """One analysis (Analysis.to_dict()) as tables: the article, then its actors (name, codes,
    role), events (who to whom, code, date, trigger) and quotes (speaker, cue, short quote)."""
    out = Console()
    article = record["article"]
    table = Table(title=article.get("title") or article.get("ref") or article["id"], show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key in ("id", "ref", "url", "source", "published", "language"):
        table.add_row(key, str(article.get(key)))
    words = len(article["text"].split())
    table.add_row("text", f"{words} words: {article['text'][:240]}…")
    for piece in article.get("removed", []):
        table.add_row(f"removed: {escape(piece['reason'])}", escape(piece["text"][:120]))
    table.add_row("actors / events / quotes",
                  f"{len(record['actors'])} / {len(record['events'])} / {len(record['quotes'])}")
    out.print(table)
    for title, (rows, columns) in analysis_listings(record).items():
        if rows:
            out.print(make_table(title, columns, rows))


def analysis_listings(record: Mapping[str, Any]) -> dict[str, Listing]:
    """The actors, events and quotes of one analysis (Analysis.to_dict()) as table rows, by title."""
    actors = {actor["id"]: actor for actor in record["actors"]}

    def named(actor_id: str | None) -> str:
        actor = actors.get(actor_id or "")
        return "-" if actor is None else named_actor(actor["name"], actor.get("cameo"), actor_id)

    actor_rows = [{"id": actor["id"], "name": actor["name"], "kind": actor["kind"],
                   "codes": actor.get("cameo") or "/".join(filter(None, (actor.get("country"),
                                                                         actor.get("sector")))),
                   "role": ", ".join(actor.get("roles") or [])} for actor in record["actors"]]
    event_rows = [{"id": event["id"],
                   "who → whom": f"{named(event.get('source'))} → {named(event.get('target'))}",
                   "code": code_cell(event["cameo"], event.get("plover"), event.get("modality")),
                   "date": event.get("date") or "", "trigger": event.get("trigger") or "",
                   "sentence": shorten(event.get("sentence"), 70)} for event in record["events"]]
    quote_rows = [{"id": quote["id"], "speaker": named(quote.get("speaker")),
                   "cue": cue_cell(quote.get("cue"), quote["kind"], quote.get("via")),
                   "quote": shorten(quote["text"], 70)} for quote in record["quotes"]]
    return {f"{len(actor_rows)} actors": (actor_rows, ["id", "name", "kind", "codes", "role"]),
            f"{len(event_rows)} events": (event_rows, ["id", "who → whom", "code", "date", "trigger",
                                                       "sentence"]),
            f"{len(quote_rows)} quotes": (quote_rows, ["id", "speaker", "cue", "quote"])}


def code_cell(cameo: str, plover: str | None, modality: str | None) -> str:
    """An event's codes as a narrow table shows them: "040/CONSULT", the modality under them
    when the event is not plainly asserted."""
    shown = f"{cameo}/{plover or '-'}"
    return shown if modality in (None, "asserted") else f"{shown}\n{modality}"


def cue_cell(cue: str | None, kind: str | None, via: str | None) -> str:
    """A quote's cue as a narrow table shows it: "said (indirect) via Reuters"."""
    return " ".join(part for part in (cue or "-", f"({kind})" if kind else "", f"via {via}" if via else "")
                    if part)


def listing_title(what: str, where: str, *, shown: int, total: int, offset: int = 0) -> str:
    """A listing's title: how many rows it shows of how many there are in all, and, when it does
    not show them all, how to see the others ("50 of 308 events in DB (--limit/--offset to see
    more)"; "51-100 of 308 ..." from an offset)."""
    if offset == 0 and shown >= total:
        return f"{total} {what} in {where}"
    if shown == 0:
        return f"none of {total} {what} in {where} after the first {offset} (--offset skips them)"
    shown_part = f"{shown}" if offset == 0 else f"{offset + 1}-{offset + shown}"
    return f"{shown_part} of {total} {what} in {where} (--limit/--offset to see more)"


def emit_rows(rows: Sequence[Mapping[str, object]], columns: list[str], output_format: ListFormat,
              title: str, *, cut: bool = False) -> None:
    """Write a listing in `output_format`: a table under `title`, or JSON or CSV on stdout. When
    `cut` (the rows are a page of more), JSON and CSV have the title said on stderr, so a pipe
    gets the rows alone and the reader still learns that there are more."""
    if cut and output_format is not ListFormat.table:
        sys.stderr.write(title + "\n")
    if output_format is ListFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif output_format is ListFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        # The same cells as `tidings export`: a stored title like =HYPERLINK(...) is made inert.
        writer.writerows({key: csv_cell(row.get(key)) for key in columns} for row in rows)
        sys.stdout.write(buffer.getvalue())
    else:
        Console().print(make_table(title, columns, rows))


def print_actor_profile(profile: ActorProfile) -> None:
    out = Console()


    summary = Table(title=f"{profile.name} ({profile.kind})", show_header=False)
    summary.add_column("field", style="bold")
    summary.add_column("value", overflow="fold")
    if len(profile.names) > 1:
        summary.add_row("also written", cell(", ".join(n for n in profile.names if n != profile.name)))
    summary.add_row("articles", cell(profile.articles_total))
    summary.add_row("mentions", cell(profile.mentions))
    summary.add_row("published", cell(f"{(profile.first_published or '?')[:10]} to "
                                      f"{(profile.last_published or '?')[:10]}"))
    for code in profile.codes:
        summary.add_row("code", cell(f"{code.cameo or '-'} (country {code.country or '-'}, sector "
                                     f"{code.sector or '-'}) in {code.articles} articles"))
    out.print(summary)

    if profile.roles or profile.stated_roles:
        entries = [(r.published, r.role, r.country, r.sector, "learned", r.article_id) for r in profile.roles]
        learned = {(r.article_id, r.role.casefold()) for r in profile.roles}
        entries += [(r.published, r.role, None, None, "analysis", r.article_id)
                    for r in profile.stated_roles
                    if (r.article_id, r.role.casefold()) not in learned]
        entries.sort(key=lambda e: (e[0] is not None, e[0] or "", e[4] != "learned"))
        columns = ["published", "role", "country", "sector", "from", "article"]
        out.print(make_table("roles over time", columns,
                             [dict(zip(columns, ((entry[0] or "")[:10], *entry[1:]), strict=True))
                              for entry in entries], evidence=["role"]))
    cut = len(profile.articles) < profile.articles_total  # a listing says when it is cut
    title = f"articles: the latest {len(profile.articles)} of {profile.articles_total}" if cut else "articles"
    out.print(make_table(title, ["published", "id", "title", "mentions"],
                         [{"published": (article.published or "")[:10], "id": article.id,
                           "title": article.title, "mentions": article.mentions}
                          for article in profile.articles]))


EVENT_COLUMNS = ["key", "article_id", "id", "date", "date_precision", "date_text", "cameo", "root",
                 "quad_class", "goldstein", "plover", "modality", "source", "source_name", "source_cameo",
                 "source_country", "target", "target_name", "target_cameo", "target_country", "trigger",
                 "sentence", "location", "tone", "confidence", "coder", "title", "published", "url"]


def shorten(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def actor_label(row: EventRow, role: EventRole) -> str:
    """The event's actor at `role` as a table shows it (named_actor); UNNAMED_SOURCE for an
    event whose text names no doer."""
    side = row.side(role)
    if role == "source" and side.id is None:
        return UNNAMED_SOURCE
    return named_actor(side.name, side.cameo, side.id)


def named_actor(name: str | None, code: str | None, actor_id: str | None) -> str:
    """An actor as a table shows it: its name with its CAMEO code, else its id, else "-"."""
    if name is None:
        return actor_id or "-"
    return f"{name} ({code})" if code else name


def cameo_name(code: str | None) -> str | None:
    """The CAMEO code's name from tidings.events.codebook, or None when it (or the code) is unknown."""
    if not code:
        return None
    try:
        from tidings.events.codebook import load_codebook
    except ImportError:
        return None
    try:
        return str(load_codebook().get(code).name)
    except (KeyError, ValueError, OSError):  # UnknownCode is a KeyError; a broken codebook file
        return None


def print_event(found: EventEvidence) -> None:
    from rich.text import Text

    out = Console()
    if out.is_terminal:
        styles = {"trigger": "bold underline", "source": "bold cyan", "target": "bold magenta"}
        sentence = Text(found.sentence or "")
        for mark in found.marks:
            sentence.stylize(styles[mark.kind], mark.start, mark.end)
        out.print(Text.assemble(("source", styles["source"]), " · ", ("trigger", styles["trigger"]), " · ",
                                ("target", styles["target"])))
    else:  # piped: the styles would be lost, so show the plain-text marks
        sentence = Text(found.marked)
    out.print(sentence)


    table = Table(title=f"event {found.key}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    named = cameo_name(found.cameo)
    code = found.cameo + (f" {named}" if named else "")
    table.add_row("cameo", cell(f"{code} (root {found.root}, quad class {found.quad_class}, "
                                f"Goldstein {found.goldstein})"))
    table.add_row("plover", cell(found.plover))
    sides: list[tuple[EventRole, tuple[Mention, ...]]] = [("source", found.source_mentions),
                                                           ("target", found.target_mentions)]
    for role, mentions in sides:
        label = actor_label(found, role)
        said = ", ".join(repr(m.text) for m in mentions)
        table.add_row(role, cell(label + (f" as {said}" if said else "")))
    table.add_row("trigger", cell(found.trigger))
    date = found.date or "unknown"
    if found.date_precision:
        date += f" ({found.date_precision})"
    if found.date_text:
        date += f" from {found.date_text!r}"
    table.add_row("date", cell(date))
    table.add_row("modality", cell(found.modality))
    for field, value in (("location", found.location), ("tone", found.tone), ("confidence", found.confidence),
                         ("coder", found.coder)):
        if value is not None:
            table.add_row(field, cell(value))
    geo = found.geo
    if geo is not None:
        table.add_row("geo", cell(f"{geo.name} ({geo.country or '-'}) {geo.lat}, {geo.lon}"))
    if found.topics:
        table.add_row("topics", cell(", ".join(found.topics)))
    published = (found.published or "?")[:10]
    table.add_row("article", cell(f"{found.title or found.article_id} ({published})"))
    if found.url:
        table.add_row("url", cell(found.url))
    out.print(table)


def print_mentions(canonical: str, tellings: Sequence[TellingRow]) -> None:
    """The tellings of the real-world event `canonical`, each with why it was merged."""
    out = Console()
    if len(tellings) <= 1:
        out.print("Told once: no other sentence or article tells this event.")
        return
    outlets = {row.outlet for row in tellings if row.outlet}
    articles = {row.article_id for row in tellings}
    rows = []
    for row in tellings:
        why = row.reason or ""
        if row.score is not None:
            why = f"{row.score:.2f} with {row.anchor}: {why}"
        rows.append({"mention": short_key(row.key) if is_narrow() else row.key, "outlet": row.outlet,
                     "published": (row.published or "")[:10], "sentence": shorten(row.sentence, 70),
                     "merged because": why})
    title = (f"event {canonical}: told {len(tellings)} times in {len(articles)} articles by "
             f"{len(outlets)} outlets")
    out.print(make_table(title, ["mention", "outlet", "published", "sentence", "merged because"], rows,
                         evidence=["merged because"]))


# Counts a merged event carries beside its first mention's fields (Store.merged_events).
MERGED_COLUMNS = ["mentions", "articles", "outlets", "first_report", "last_report"]


QUOTE_COLUMNS = ["key", "article_id", "id", "kind", "text", "span_start", "span_end", "cue", "via", "speaker",
                 "speaker_name", "speaker_cameo", "speaker_country", "speaker_sector", "addressee",
                 "addressee_name", "title", "published", "url"]


def quote_table_rows(rows: Sequence[QuoteRow], width: int = 90) -> list[dict[str, Json]]:
    """Rows of `Store.quotes` narrowed for a terminal: date without time, speaker with code, short text."""
    return [{"key": row.key, "published": (row.published or "")[:10],
             "speaker": named_actor(row.speaker_name, row.speaker_cameo, row.speaker), "kind": row.kind,
             "quote": shorten(row.text, width), "cue": row.cue, "via": row.via}
            for row in rows]


# A listing as emit_rows writes it: the rows, and the columns shown, in order.
Listing = tuple[Sequence[Mapping[str, object]], list[str]]

ARTICLE_COLUMNS = ["id", "published", "source", "title", "words", "ref"]
ACTOR_COLUMNS = ["name", "kind", "country", "sector", "cameo", "articles", "mentions", "first_published",
                 "last_published"]
STORY_COLUMNS = ["id", "title", "size", "articles", "outlets", "first_seen", "last_seen", "events"]
ALERT_COLUMNS = ["fired_at", "rule", "kind", "key", "message", "url", "sentence", "title", "published"]


def article_listing(rows: Sequence[ArticleRow], output_format: ListFormat) -> Listing:
    """Rows of `Store.articles`; the table without refs."""
    if output_format is not ListFormat.table:
        return [row.to_dict() for row in rows], ARTICLE_COLUMNS
    return ([{**row.to_dict(), "published": (row.published or "")[:10]} for row in rows],
            ARTICLE_COLUMNS[:-1])


def actor_listing(rows: Sequence[ActorRow], output_format: ListFormat) -> Listing:
    """Rows of `Store.actors`; the table with the CAMEO code only, and first and last days."""
    if output_format is not ListFormat.table:
        return [row.to_dict() for row in rows], ACTOR_COLUMNS
    if is_narrow():  # first and last day in one column, one day a line
        return ([{**row.to_dict(), "seen": f"{(row.first_published or '?')[:10]} to "
                                           f"{(row.last_published or '?')[:10]}"} for row in rows],
                ["name", "kind", "cameo", "articles", "mentions", "seen"])
    return ([{**row.to_dict(), "first": (row.first_published or "")[:10],
              "last": (row.last_published or "")[:10]} for row in rows],
            ["name", "kind", "cameo", "articles", "mentions", "first", "last"])


def event_listing(rows: Sequence[EventRow], output_format: ListFormat, *, merged: bool) -> Listing:
    """Rows of `Store.events`, or of `Store.merged_events` when `merged` (with how often each was told)."""
    if output_format is not ListFormat.table:
        return [row.to_dict() for row in rows], EVENT_COLUMNS + (MERGED_COLUMNS if merged else [])
    told = ["told"] if merged else []
    if is_narrow():  # who did what to whom in one column; the modality under the code when not plain
        return ([{"key": short_key(row.key), "date": row.date or "",
                  "who → whom": f"{actor_label(row, 'source')} → {actor_label(row, 'target')}",
                  "code": code_cell(row.cameo, row.plover, row.modality),
                  "told": f"{row.mentions}×" if isinstance(row, MergedEventRow) else None,
                  "sentence": shorten(row.sentence, 70)} for row in rows],
                ["key", "date", "who → whom", "code", *told, "sentence"])
    return ([{"key": row.key, "date": row.date or "", "source": actor_label(row, "source"),
              "cameo/plover": f"{row.cameo}/{row.plover or '-'}",
              "target": actor_label(row, "target"), "modality": row.modality,
              "told": f"{row.mentions} in {row.articles} art." if isinstance(row, MergedEventRow) else None,
              "sentence": shorten(row.sentence, 70 if told else 90)} for row in rows],
            ["key", "date", "source", "cameo/plover", "target", "modality", *told, "sentence"])


def story_listing(stories: list[Story], output_format: ListFormat) -> Listing:
    """Stories (tidings.stories); the table with counts, CSV with lists joined by |."""
    if output_format is ListFormat.table and is_narrow():  # days without times, one a line
        return ([{"id": story.id, "title": shorten(story.title, 60), "size": len(story.articles),
                  "outlets": ", ".join(story.outlets),
                  "seen": f"{(story.first_seen or '?')[:10]} to {(story.last_seen or '?')[:10]}",
                  "events": len(story.events)} for story in stories],
                ["id", "title", "size", "outlets", "seen", "events"])
    if output_format is ListFormat.table:
        return ([{"id": story.id, "title": shorten(story.title, 60), "size": len(story.articles),
                  "outlets": ", ".join(story.outlets), "first_seen": (story.first_seen or "")[:16],
                  "last_seen": (story.last_seen or "")[:16], "events": len(story.events)}
                 for story in stories],
                ["id", "title", "size", "outlets", "first_seen", "last_seen", "events"])
    rows = [story.to_dict() for story in stories]
    if output_format is ListFormat.csv:  # one cell per field: lists joined with |
        rows = [{key: "|".join(map(str, value)) if isinstance(value, list) else value
                 for key, value in row.items()} for row in rows]
    return rows, STORY_COLUMNS


def alert_listing(rows: Sequence[FiredAlert], output_format: ListFormat) -> Listing:
    """Rows of `Store.fired_alerts`; in the table, the message says what happened."""
    if output_format is not ListFormat.table:
        return [row.to_dict() for row in rows], ALERT_COLUMNS
    shown = [{**row.to_dict(), "message": shorten(row.alert.message, 100)} for row in rows]
    if is_narrow():  # fired to the minute; the link is in --format json
        return ([{**row, "fired_at": str(row["fired_at"])[:16]} for row in shown],
                ["fired_at", "rule", "kind", "message"])
    return shown, ALERT_COLUMNS[:6]


def quote_listing(rows: Sequence[QuoteRow], output_format: ListFormat) -> Listing:
    """Rows of `Store.quotes`; the table as quote_table_rows narrows them."""
    if output_format is not ListFormat.table:
        return [row.to_dict() for row in rows], QUOTE_COLUMNS
    if is_narrow():  # the cue with the kind and the relay under it, and the short key
        return ([{"key": short_key(row.key), "published": (row.published or "")[:10],
                  "speaker": named_actor(row.speaker_name, row.speaker_cameo, row.speaker),
                  "cue": cue_cell(row.cue, row.kind, row.via), "quote": shorten(row.text, 70)}
                 for row in rows],
                ["key", "published", "speaker", "cue", "quote"])
    return quote_table_rows(rows), ["key", "published", "speaker", "kind", "quote", "cue", "via"]
