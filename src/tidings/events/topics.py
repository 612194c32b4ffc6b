"""What an event's sentence is about: topics from its words, and the places it names."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

    from tidings.actors.index import ActorIndex


@lru_cache(maxsize=1)
def load_topics() -> dict[str, tuple[str, ...]]:
    """topics.toml: topic → the words that signal it."""
    text = resources.files("tidings.data.events").joinpath("topics.toml").read_text(encoding="utf-8")
    return {topic: tuple(words) for topic, words in tomllib.loads(text)["topics"].items()}


def topics_of(sent: Span, index: ActorIndex, names: dict[str, str], kinds: dict[str, str],
              exclude: set[str | None]) -> list[str]:
    """What a sentence is about: topics its words signal, and places or countries it names
    besides the event's own actors ("Taiwan", "Ukraine")."""
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    text = sent.text.lower()
    found = [topic for topic, signals in load_topics().items()
             if any((signal in text) if " " in signal else (signal in words) for signal in signals)]
    for token in sent:
        actor = index.by_token[token.i]
        if actor and actor not in exclude and kinds.get(actor) in ("country", "location"):
            found.append(names[actor])
    return sorted(dict.fromkeys(found), key=found.index)
