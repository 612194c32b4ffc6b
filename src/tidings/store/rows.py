"""How an analysis becomes rows of the actors, mentions, events and quotes tables, and how a
person's search words become search terms and an FTS5 query. Pure: no connection needed."""

from __future__ import annotations

import json
import re
from typing import TypeAlias

from tidings.model import Analysis
from tidings.records import Event, Json, Quote

_QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')


def search_terms(text: str) -> list[tuple[str, bool]]:
    """The terms of what a person typed, as (words, prefix) pairs; Pure.

    A balanced "double-quoted" run is one term (a phrase); otherwise each whitespace-separated
    word is, and a trailing * on a bare word makes it a prefix. Terms with no letter or digit
    (only punctuation) are dropped. Every term is searched as words, never parsed as an operator.
    """
    terms: list[tuple[str, bool]] = []
    for match in _QUERY_TERM.finditer(text):
        phrase, bare = match.group(1), match.group(2)
        prefix = False
        if phrase is None:
            prefix = bare.endswith("*")
            phrase = bare.rstrip("*")
        if not any(ch.isalnum() for ch in phrase):
            continue
        terms.append((phrase, prefix))
    return terms


def fts_query(text: str) -> str | None:
    """Turn what a person typed into an FTS5 query that cannot be a syntax error.

    Every term of `search_terms` is quoted, so FTS5 operators and punctuation (`U.S.-China`,
    `NOT`, `"trade`, `title:`) are searched as words, never parsed. Balanced "double quotes" keep
    a phrase; a trailing * on a bare term keeps prefix search. Terms are ANDed. Returns None when
    nothing searchable is left (only punctuation or whitespace).
    """
    terms = ['"' + phrase.replace('"', '""') + '"' + ("*" if prefix else "")
             for phrase, prefix in search_terms(text)]
    return " ".join(terms) if terms else None


# A value a table row holds: what both drivers bind (store.dialect's Param, without its lists).
Cell: TypeAlias = str | int | float | None
TableRow: TypeAlias = tuple[Cell, ...]


def _event_extra(event: Event) -> str:
    """The event's fields without a column of their own, as the JSON text of extra_json (keys
    sorted, so the same event is always the same text)."""
    extra: dict[str, Json] = {
        "location": event.location,
        "geo": None if event.geo is None else event.geo.to_dict(),
        "tone": event.tone,
        "topics": list(event.topics),
        "quote": event.quote,
        "trigger_span": list(event.evidence.trigger_span),
        "coder": event.coder,
    }
    return json.dumps(extra, ensure_ascii=False, sort_keys=True)


def _event_row(article_id: str, event: Event) -> TableRow:
    evidence = event.evidence
    return (event.id, article_id, event.source, event.target, event.cameo, event.root, event.quad_class,
            event.goldstein, event.plover, event.date, event.date_precision, event.date_text, event.modality,
            evidence.sentence, evidence.span[0], evidence.span[1], evidence.trigger, event.confidence,
            _event_extra(event))


def _quote_row(article_id: str, quote: Quote) -> TableRow:
    speaker_span = None if quote.speaker_span is None else json.dumps(list(quote.speaker_span))
    return (quote.id, article_id, quote.text, quote.span[0], quote.span[1], quote.kind, quote.speaker,
            speaker_span, quote.cue, quote.addressee, quote.via)


def analysis_rows(article_id: str, analysis: Analysis) -> dict[str, list[TableRow]]:
    """The table rows for one analysis, in column order; Pure.

    Events keep their sentence, spans, codes and date in columns and every other field
    (location, geo, tone, topics, quote, trigger_span, coder) in extra_json.
    """
    actors: list[TableRow] = []
    mentions: list[TableRow] = []
    for actor in analysis.actors:
        actors.append((actor.id, article_id, actor.name, actor.kind, actor.country, actor.sector, actor.cameo,
                       json.dumps(list(actor.roles), ensure_ascii=False)))
        mentions += [(article_id, actor.id, position, mention.start, mention.end, mention.text, mention.how)
                     for position, mention in enumerate(actor.mentions)]
    return {"actors": actors, "mentions": mentions,
            "events": [_event_row(article_id, event) for event in analysis.events],
            "quotes": [_quote_row(article_id, quote) for quote in analysis.quotes]}
