"""How an analysis (analysis.schema.json) becomes rows of the actors, mentions, events and quotes
tables, and how a person's search words become search terms and an FTS5 query. Pure: no connection needed."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# Event keys with a column of their own; every other key goes to extra_json.
EVENT_COLUMNS = frozenset({
    "id", "source", "target", "cameo", "root", "quad_class", "goldstein", "plover", "date",
    "date_precision", "date_text", "modality", "sentence", "span", "trigger", "confidence",
})

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


def _span(value: Any) -> tuple[Any, Any]:
    if value is None:
        return None, None
    start, end = value
    return start, end


def analysis_rows(article_id: str, analysis: Mapping[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The table rows for one analysis, in column order; ValueError names what is missing."""
    rows: dict[str, list[tuple[Any, ...]]] = {"actors": [], "mentions": [], "events": [], "quotes": []}
    where = "analysis"
    try:
        for index, actor in enumerate(analysis.get("actors", [])):
            where = f"actors[{index}]"
            rows["actors"].append((
                actor["id"], article_id, actor["name"], actor["kind"], actor.get("country"),
                actor.get("sector"), actor.get("cameo"),
                json.dumps(actor.get("roles", []), ensure_ascii=False),
            ))
            for position, mention in enumerate(actor.get("mentions", [])):
                where = f"actors[{index}].mentions[{position}]"
                rows["mentions"].append((
                    article_id, actor["id"], position, mention["start"], mention["end"], mention["text"],
                    mention.get("how"),
                ))
        for index, event in enumerate(analysis.get("events", [])):
            where = f"events[{index}]"
            extra = {key: value for key, value in event.items() if key not in EVENT_COLUMNS}
            rows["events"].append((
                event["id"], article_id, event.get("source"), event.get("target"), event["cameo"],
                event.get("root"), event.get("quad_class"), event.get("goldstein"), event.get("plover"),
                event.get("date"), event.get("date_precision"), event.get("date_text"), event.get("modality"),
                event.get("sentence"), *_span(event.get("span")), event.get("trigger"),
                event.get("confidence"),
                json.dumps(extra, ensure_ascii=False, sort_keys=True),
            ))
        for index, quote in enumerate(analysis.get("quotes", [])):
            where = f"quotes[{index}]"
            speaker_span = quote.get("speaker_span")
            rows["quotes"].append((
                quote["id"], article_id, quote["text"], *_span(quote.get("span")), quote.get("kind"),
                quote.get("speaker"), None if speaker_span is None else json.dumps(speaker_span),
                quote.get("cue"), quote.get("addressee"), quote.get("via"),
            ))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"analysis of article {article_id} does not follow analysis.schema.json at {where}: "
            f"{type(exc).__name__}: {exc}"
        ) from None
    return rows
