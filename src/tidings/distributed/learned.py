"""Learned knowledge on a worker: a prediction of what the store will answer, checked by the driver.

One process codes each article with what the articles before it taught (`Store.learned`), so an
article's actors depend on every earlier article. A worker cannot ask the store (it may be on
another machine, and the earlier articles may not be stored yet), so it asks `LearnedFacts`: the
facts the driver had stored when it sent the chunk, plus those of the chunk's own earlier
articles. Each answer the worker used is recorded; the driver, storing articles in input order,
asks the store the same questions and analyses an article again when any answer differs
(`tidings.ledger.same_answer`). A wrong prediction therefore costs time, never a different result.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from tidings.actors.names import normalise_name
from tidings.model import ActorFact, Known


class _Fact(NamedTuple):
    name: str
    role: str
    country: str | None
    sector: str | None
    article_id: str
    published: str | None
    order: int  # insertion order: the store's rowid


def _clean(text: str) -> str:
    return " ".join(text.split())


class LearnedFacts:
    """An in-memory copy of the store's learned facts that answers like `Store.learned`.

    It mirrors store.actors.learned (latest article on or before the date, undated facts oldest;
    within an article the fact with most codes, then the first stated). Where it drifts from the
    store, the driver's check catches it. `remember` adds answers the driver got from the store
    for names this copy knows nothing about (facts stored before the run), used as a fallback.
    """

    def __init__(self) -> None:
        self._facts: dict[str, list[_Fact]] = {}
        self._remembered: dict[str, tuple[str | None, Known]] = {}
        self._order = 0

    def __len__(self) -> int:
        return sum(len(facts) for facts in self._facts.values())

    def snapshot(self) -> LearnedFacts:
        """A copy that later `add`s and `remember`s to either side do not change."""
        copy = LearnedFacts()
        copy._facts = {key: list(facts) for key, facts in self._facts.items()}
        copy._remembered = dict(self._remembered)
        copy._order = self._order
        return copy

    def add(self, article_id: str, published: str | None, facts: Iterable[ActorFact]) -> None:
        """Record an article's facts as `Store.record_actor_facts` would (first (name, role) wins)."""
        seen: set[tuple[str, str]] = set()
        for fact in facts:
            name, role = _clean(fact.name), _clean(fact.role)
            key = normalise_name(name)
            if not key or not role or (key, role) in seen:
                continue
            seen.add((key, role))
            self._order += 1
            row = _Fact(name, role, fact.country or None, fact.sector or None, article_id, published,
                        self._order)
            self._facts.setdefault(key, []).append(row)

    def remember(self, name: str, known: Known | None, *, on: str | None) -> None:
        """Keep an answer the store gave for `name` as of `on`, for names no fact here covers
        (facts stored before the run); it stands for lookups as of `on` or later."""
        key = normalise_name(name)
        if key and known is not None:
            self._remembered[key] = (on, known)

    def lookup(self, name: str, *, on: str | None = None) -> Known | None:
        """The predicted `Store.learned(name, on=on)`."""
        key = normalise_name(name)
        facts = [fact for fact in self._facts.get(key, ())
                 if on is None or fact.published is None or fact.published[:len(on)] <= on]
        if not facts:
            since, known = self._remembered.get(key, (None, None))
            return known if on is None or (since is not None and since <= on) else None
        # Sorts are stable: order, then codes, then date (undated last) gives the store's ORDER BY.
        facts.sort(key=lambda fact: fact.order)
        facts.sort(key=lambda fact: (fact.country is not None) + (fact.sector is not None), reverse=True)
        facts.sort(key=lambda fact: fact.published or "", reverse=True)
        best = facts[0]
        codes = (best.country, best.sector)
        same_article = sorted((fact for fact in self._facts[key] if fact.article_id == best.article_id),
                              key=lambda fact: ((fact.country, fact.sector) != codes, fact.order))
        return Known(name=best.name, kind="person", country=best.country, sector=best.sector,
                     roles=tuple(fact.role for fact in same_article), source=f"learned:{best.article_id}")
