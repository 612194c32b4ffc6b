"""Descriptions that name no one but point at an actor the article has named: "the island" for
Taiwan, "the country" for the country in view, "the council" for the council named before.
Which descriptions count, and what they point at, is data (data/actors/descriptions.toml), which
the knowledge base serves (`KnowledgeBase.place_description`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal, get_args

from tidings.actors.mention import Choice, KnowledgeBase, Mention, PlaceDescription

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from spacy.tokens import Doc, Span

__all__ = ["KindDescription", "kind_description_mentions", "load_kind_descriptions",
           "load_place_descriptions", "organization_descriptions", "place_description_mentions"]


def _descriptions_text() -> str:
    return resources.files("tidings.data.actors").joinpath("descriptions.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_place_descriptions() -> Mapping[str, PlaceDescription]:
    """descriptions.toml: "the island", "the mainland"... keyed by their lower-cased words.

    Raises ValueError for an entry whose `choose` is not one the file's header lists.
    """
    found: dict[str, PlaceDescription] = {}
    for entry in tomllib.loads(_descriptions_text())["description"]:
        choose = entry["choose"]
        if choose not in get_args(Choice):
            raise ValueError(f"descriptions.toml: {entry['words']!r} has an unknown choose {choose!r}")
        found[entry["words"]] = PlaceDescription(
            words=entry["words"], choose=choose, candidates=frozenset(entry.get("candidates", ())),
            country=entry.get("country"), when=frozenset(entry.get("when", ())))
    return found


def _mentioned_country(mention: Mention) -> str | None:
    if mention.kind in ("country", "location") or mention.how in ("metonym", "demonym"):
        return mention.country or (mention.known.country if mention.known else None)
    return None


class _NamesBefore:
    """What the names starting before an offset say, for offsets asked in ascending order (the
    noun chunks, in text order): the countries they mention, and the latest name, in `names`
    order, for each country and for each known organisation's last word. Each name is read once,
    so a text's descriptions cost a pass over its names, not a pass each."""

    def __init__(self, names: list[Mention]) -> None:
        self._names = names
        self._by_start = sorted(range(len(names)), key=lambda i: names[i].start)
        self._read = 0
        self.countries: set[str] = set()
        self._latest_country: dict[str, int] = {}
        self._latest_named = -1
        self._latest_organization: dict[str, int] = {}

    def advance(self, offset: int) -> None:
        """Read the names that start before `offset`."""
        while self._read < len(self._by_start) and self._names[self._by_start[self._read]].start < offset:
            i = self._by_start[self._read]
            self._read += 1
            mention = self._names[i]
            country = _mentioned_country(mention)
            if country:
                self.countries.add(country)
                self._latest_country[country] = max(self._latest_country.get(country, -1), i)
                self._latest_named = max(self._latest_named, i)
            if mention.kind == "organization" and mention.known is not None:
                word = (mention.text.split() or [""])[-1].lower()
                self._latest_organization[word] = max(self._latest_organization.get(word, -1), i)

    def latest_country(self, candidates: frozenset[str]) -> str | None:
        """The country of the latest name read that mentions one of `candidates` ("*": any)."""
        if "*" in candidates:
            return _mentioned_country(self._names[self._latest_named]) if self._latest_named >= 0 else None
        latest = max(((self._latest_country[c], c) for c in candidates if c in self._latest_country),
                     default=None)
        return latest[1] if latest else None

    def latest_organization(self, last_word: str) -> Mention | None:
        """The latest known organisation read whose name ends in `last_word`."""
        i = self._latest_organization.get(last_word)
        return self._names[i] if i is not None else None


# Sectors of a body that speaks for its state: "the Russian Foreign Ministry said ... the government".
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def _state_country(mention: Mention) -> str | None:
    """A name's country as a state: a country, its capital or people, or one of its state bodies."""
    country = _mentioned_country(mention)
    if country is None and mention.kind == "organization" and mention.known is not None:
        known = mention.known
        sector = mention.sector or known.sector
        country = known.country if sector in STATE_SECTORS else None
    return country


def _salient_country(doc: Doc, names_by_sentence: dict[int, list[tuple[int, Mention]]], at: int,
                     sentences: list[int]) -> str | None:
    """The country that is the subject of this sentence or the last one, else the latest named:
    in "Finland said ... accusing Moscow ... to put pressure on the country", Finland. A state
    body counts for its state ("the Russian Foreign Ministry said the government would ..."
    is Russia's). `names_by_sentence` holds each sentence's names with their positions in the
    names list."""
    here = sentences[at]
    candidates = sorted(names_by_sentence.get(here - 1, []) + names_by_sentence.get(here, []),
                        key=lambda entry: entry[0])
    nearby = [m for _, m in candidates if m.first < at and _state_country(m)]
    subjects = [m for m in nearby if doc[m.head].dep_.startswith("nsubj")]
    chosen = (subjects or nearby)[-1:]
    return _state_country(chosen[0]) if chosen else None


def _country_of_phrase(doc: Doc, head: int, names_by_head: dict[int, Mention]) -> str | None:
    """The country an "of" phrase names: "the government of Syria" is Syria's, whatever came before."""
    for prep in doc[head].children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                named = names_by_head.get(pobj.i)
                if pobj.dep_ == "pobj" and named is not None:
                    return _mentioned_country(named)
    return None


def place_description_mentions(doc: Doc, chunks: Sequence[Span], names: list[Mention], sentences: list[int],
                                taken: set[int], kb: KnowledgeBase) -> list[Mention]:
    """ "the island", "the mainland": a country the text has already set up, or nothing."""
    found: list[Mention] = []
    before = _NamesBefore(names)
    names_by_sentence: dict[int, list[tuple[int, Mention]]] = {}
    for position, name in enumerate(names):
        names_by_sentence.setdefault(name.sentence, []).append((position, name))
    names_by_head = {name.head: name for name in names}
    for chunk in chunks:
        rule = kb.place_description(chunk.text.lower())
        if rule is None or chunk.root.i in taken:
            continue
        before.advance(chunk.start_char)
        country = _country_of_phrase(doc, chunk.root.i, names_by_head)
        if country is not None:
            pass
        elif rule.choose == "present":
            country = rule.country if rule.when & before.countries else None
        elif rule.choose == "subject":
            country = _salient_country(doc, names_by_sentence, chunk.root.i, sentences)
        else:
            country = before.latest_country(rule.candidates)
        if country is None:
            continue
        found.append(Mention(start=chunk.start_char, end=chunk.end_char, text=chunk.text, how="description",
                             kind="country", first=chunk.start, last=chunk.end - 1, head=chunk.root.i,
                             sentence=sentences[chunk.root.i], country=country))
    return found


def organization_descriptions(doc: Doc, chunks: Sequence[Span], names: list[Mention], sentences: list[int],
                               taken: set[int]) -> list[Mention]:
    """ "the council" after "the United Nations Security Council" is that body: a definite noun
    phrase whose noun is the last word of a known organisation named earlier."""
    found: list[Mention] = []
    before = _NamesBefore(names)
    for chunk in chunks:
        root = chunk.root
        if (root.i in taken or chunk[0].lower_ != "the" or len(chunk) != 2 or root.pos_ != "NOUN"
                or not root.text.islower()):
            continue
        before.advance(chunk.start_char)
        org = before.latest_organization(root.lower_)
        if org is None:
            continue
        found.append(Mention(start=chunk.start_char, end=chunk.end_char, text=chunk.text, how="description",
                             kind="organization", first=chunk.start, last=chunk.end - 1, head=root.i,
                             sentence=sentences[root.i], known=org.known))
    return found


PointsAt = Literal["body", "person"]


@dataclass(frozen=True, slots=True)
class KindDescription:
    """A head noun that names a kind of actor ("group", "militants", "leader"): a body whose
    sector is one of `sectors` ("" for one nothing codes), or a person, within `window` sentences;
    `definite` ones only with "the"."""

    points_at: PointsAt
    sectors: frozenset[str]
    window: int
    definite: bool = False  # only with "the": "a group", "groups" introduce new ones


@lru_cache(maxsize=1)
def load_kind_descriptions() -> Mapping[str, KindDescription]:
    """descriptions.toml's [[kind]] entries, keyed by each head word as written (lower-cased).

    Raises ValueError for an entry whose `points_at` is neither "body" nor "person".
    """
    found: dict[str, KindDescription] = {}
    for entry in tomllib.loads(_descriptions_text()).get("kind", []):
        points_at = entry["points_at"]
        if points_at != "body" and points_at != "person":
            raise ValueError(f"descriptions.toml: {entry['words']!r} points at unknown {points_at!r}")
        window = entry["window"]
        rule = KindDescription(points_at=points_at, sectors=frozenset(_strings(entry.get("sectors"))),
                               window=window if isinstance(window, int) else 0,
                               definite=entry.get("definite", False) is True)
        for word in _strings(entry["words"]):
            found[word] = rule
    return found


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def kind_description_mentions(doc: Doc, found: Sequence[Mention], sentences: list[int]) -> list[Mention]:
    """ "the group", "the militant leader": definite phrases headed by a kind word that no
    mention covers yet (no role or name names them), as descriptions of a body or a person.
    A phrase with its own possessor or "of" phrase ("its leader", "the leader of the party"), or
    one followed by a name ("the movement Bring Back Our Girls"), introduces someone new, and is
    left out."""
    kinds = load_kind_descriptions()
    covered = {i for m in found for i in range(m.first, m.last + 1)}
    made: list[Mention] = []
    for token in doc:
        rule = kinds.get(token.lower_)
        if rule is None or token.pos_ != "NOUN" or token.i in covered:
            continue
        children = list(token.children)
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in children):
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # "the movement Bring Back Our Girls" goes on to name a new one
        article = next((c for c in children if c.dep_ == "det" and c.i < token.i), None)
        if article is None or article.lower_ != "the" or any(i in covered for i in range(article.i, token.i)):
            continue
        person = rule.points_at == "person"
        phrase = doc[article.i : token.i + 1]
        made.append(Mention(start=article.idx, end=token.idx + len(token.text), text=phrase.text,
                            how="description", kind="person" if person else "group", first=article.i,
                            last=token.i, head=token.i, sentence=sentences[token.i],
                            roles=(phrase[1:].text.lower(),) if person else (),
                            plural=token.tag_ in ("NNS", "NNPS")))
    return made
