"""Typed analyses for store tests, from the partial dicts the tests write.

A test names the fields it is about in the contract's shape (analysis.schema.json); every other
field gets a placeholder value, so `Store.save_analysis` receives a whole `Analysis`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tidings.model import Analysis, Article
from tidings.records import Actor, Event, Evidence, Geo, Mention, Quote
from tidings.store import Store

Entry = Mapping[str, Any]


def _pair(value: Iterable[int]) -> tuple[int, int]:
    start, end = value
    return start, end


def actor_of(data: Entry) -> Actor:
    mentions = tuple(Mention(m["start"], m["end"], m["text"], m.get("how", "name"))
                     for m in data.get("mentions", ()))
    return Actor(id=data["id"], name=data["name"], kind=data.get("kind", "person"),
                 country=data.get("country"), sector=data.get("sector"), roles=tuple(data.get("roles", ())),
                 mentions=mentions)


def event_of(data: Entry) -> Event:
    date = data.get("date")
    evidence = Evidence(sentence=data.get("sentence", ""), span=_pair(data.get("span", (0, 0))),
                        trigger=data.get("trigger", ""), trigger_span=_pair(data.get("trigger_span", (0, 0))))
    geo = data.get("geo")
    return Event(id=data["id"], source=data.get("source"), target=data.get("target"), cameo=data["cameo"],
                 root=data.get("root", data["cameo"][:2]), quad_class=data.get("quad_class", 1),
                 goldstein=data.get("goldstein", 0.0), plover=data.get("plover", "OTHER"), date=date,
                 date_precision=data.get("date_precision", "day" if date else "unknown"),
                 date_text=data.get("date_text"), location=data.get("location"),
                 geo=None if geo is None else Geo.from_dict(geo), tone=data.get("tone", 0.0),
                 modality=data.get("modality", "asserted"), topics=tuple(data.get("topics", ())),
                 quote=data.get("quote"), evidence=evidence, confidence=data.get("confidence", 0.8),
                 coder=data.get("coder", "tidings-events test"))


def quote_of(data: Entry) -> Quote:
    spoken = data.get("speaker_span")
    return Quote(id=data["id"], text=data["text"], span=_pair(data["span"]), kind=data.get("kind", "direct"),
                 speaker=data.get("speaker"), speaker_span=None if spoken is None else _pair(spoken),
                 cue=data.get("cue"), addressee=data.get("addressee"), via=data.get("via"))


def analysis_of(article: Article, *, actors: Iterable[Entry] = (), events: Iterable[Entry] = (),
                quotes: Iterable[Entry] = ()) -> Analysis:
    """The analysis of `article` with these actors, events and quotes (partial dicts)."""
    return Analysis(article=article, actors=tuple(map(actor_of, actors)), events=tuple(map(event_of, events)),
                    quotes=tuple(map(quote_of, quotes)))


def stored_analysis(store: Store, article_id: str) -> Analysis:
    """The analysis saved for a stored article, read back into records."""
    article, saved = store.get_article(article_id), store.get_analysis(article_id)
    assert article is not None and saved is not None
    return Analysis(article=article, actors=tuple(Actor.from_dict(actor) for actor in saved["actors"]),
                    events=tuple(Event.from_dict(event) for event in saved["events"]),
                    quotes=tuple(Quote.from_dict(quote) for quote in saved["quotes"]))
