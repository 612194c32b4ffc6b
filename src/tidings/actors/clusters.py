"""The clusters of one article's mentions, and the indexes resolution looks candidates up in.

A `Cluster` is the mentions of one actor with what is known so far about who it is; `Clusters`
keeps every cluster of an article indexed by sentence, name words, initials and heads, so placing
a mention never walks every cluster (tidings.actors.resolve does the placing).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import KeysView
from dataclasses import dataclass, field
from itertools import combinations

from tidings.actors.mention import Mention
from tidings.records import ActorKind

# The kinds a cluster can be, most telling first: a cluster is the first of these that one of its
# names or descriptions says it is ("other" when none does).
KIND_PREFERENCE: tuple[ActorKind, ...] = ("person", "organization", "country", "group", "location")
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_PREFERENCE)}
# Mentions that say what kind of actor they name (a pronoun does not).
KIND_GIVING = frozenset({"name", "metonym", "demonym", "description"})


@dataclass(slots=True)
class Cluster:
    """The mentions of one actor, plus what is known so far about who it is.

    `kind`, `gender`, `country`, the roles held and the first offset are kept up to date as
    mentions are added (`add`), so resolution can ask them for every mention it places without
    walking the cluster's mentions again.
    """

    mentions: list[Mention] = field(default_factory=list)
    name_words: set[str] = field(default_factory=set)
    key: str | None = None  # canonical identity: "country:CHN", "known:NATO", "org:council on ..."
    _rank: int = field(default=len(KIND_PREFERENCE), init=False, repr=False, compare=False)
    _gender: str | None = field(default=None, init=False, repr=False, compare=False)
    _country: str | None = field(default=None, init=False, repr=False, compare=False)
    _roles: dict[str, None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _first_start: int | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._recount()

    @property
    def kind(self) -> ActorKind:
        return KIND_PREFERENCE[self._rank] if self._rank < len(KIND_PREFERENCE) else "other"

    @property
    def gender(self) -> str | None:
        """The gender its first gendered mention (or what is known of it) gives."""
        return self._gender

    @property
    def country(self) -> str | None:
        """The country its first mention with one (or what is known of it) gives."""
        return self._country

    @property
    def roles_held(self) -> KeysView[str]:
        """The roles its mentions state and those the knowledge base gives them, first seen first."""
        return self._roles.keys()

    @property
    def first_start(self) -> int | None:
        """The offset of its earliest mention; None when it has none."""
        return self._first_start

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.how == "name" and mention.kind == "person":
            self.name_words.update(words_of(mention.text))
        self._count(mention)

    def clear(self) -> None:
        """Drop every mention (they went to another cluster)."""
        self.mentions.clear()
        self._recount()

    def sort(self) -> None:
        """Put the mentions in text order (gender and country are then the first in text order)."""
        self.mentions.sort(key=lambda m: m.start)
        self._recount()

    def _count(self, mention: Mention) -> None:
        if mention.how in KIND_GIVING:
            self._rank = min(self._rank, _KIND_RANK.get(mention.kind, len(KIND_PREFERENCE)))
        known = mention.known
        if self._gender is None:
            if mention.gender in ("m", "f"):
                self._gender = mention.gender
            elif known is not None and known.gender in ("m", "f"):
                self._gender = known.gender
        if self._country is None:
            self._country = mention.country or (known.country if known is not None else None) or None
        self._roles.update(dict.fromkeys(mention.roles))
        if known is not None:
            self._roles.update(dict.fromkeys(known.roles))
        if self._first_start is None or mention.start < self._first_start:
            self._first_start = mention.start

    def _recount(self) -> None:
        self._rank, self._gender, self._country, self._first_start = len(KIND_PREFERENCE), None, None, None
        self._roles = {}
        for mention in self.mentions:
            self._count(mention)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def initials_of(text: str) -> str:
    return "".join(word[0] for word in re.findall(r"\w+", text) if word[0].isupper())



# Past this many words, a name's subsets are too many to look up one by one (see Clusters.within).
SUBSET_LOOKUP_WORDS = 10


class Clusters:
    """The clusters of one article, and the indexes that resolution looks candidates up in, kept
    up to date as mentions are added, so that placing a mention never walks every cluster or every
    mention (which made resolution quadratic in the mentions):
    - by sentence: which clusters were mentioned where (antecedents within a window, cataphora);
    - named people by each name word, by their exact set of name words, and by known identity;
    - every cluster by its mentions' initials and acronyms ("DPP", "Democratic Progressive Party");
    - names by their head token (appositives).
    Index entries are cluster positions in creation order, kept sorted, so "the first cluster that
    fits" is the one a walk over all clusters in order would have found.
    """

    def __init__(self) -> None:
        self.all: list[Cluster] = []
        self.by_key: dict[str, Cluster] = {}
        self._position: dict[int, int] = {}  # id(cluster) -> its index in `all`
        self._by_sentence: dict[int, list[tuple[Mention, int]]] = defaultdict(list)
        self._people: set[int] = set()  # clusters of named people: kind person, with name words
        self._people_by_word: dict[str, list[int]] = defaultdict(list)
        self._people_by_words: dict[frozenset[str], list[int]] = defaultdict(list)
        self._people_by_known: dict[str, list[int]] = defaultdict(list)
        self._by_initials: dict[str, list[int]] = defaultdict(list)
        self._by_acronym: dict[str, list[int]] = defaultdict(list)
        self._names_by_head: dict[int, list[int]] = defaultdict(list)

    def new(self, key: str | None = None) -> Cluster:
        cluster = Cluster(key=key)
        self._position[id(cluster)] = len(self.all)
        self.all.append(cluster)
        return cluster

    def add(self, cluster: Cluster, mention: Mention) -> None:
        position = self._position[id(cluster)]
        words_before = frozenset(cluster.name_words) if position in self._people else frozenset()
        cluster.add(mention)
        self._by_sentence[mention.sentence].append((mention, position))
        if mention.how == "name":
            _insort(self._names_by_head[mention.head], position)
        _insort(self._by_initials[initials_of(mention.text)], position)
        short = mention.text.replace(".", "")
        if short.isupper() and len(short) >= 2:
            _insort(self._by_acronym[short], position)
        self._index_person(cluster, position, mention, words_before)

    def _index_person(self, cluster: Cluster, position: int, mention: Mention,
                      words_before: frozenset[str]) -> None:
        # A cluster becomes a named person once and stays one: "person" is the most preferred
        # kind, and name words are only ever added.
        if cluster.kind != "person" or not cluster.name_words:
            return
        if position not in self._people:
            self._people.add(position)
            for word in cluster.name_words:
                _insort(self._people_by_word[word], position)
            _insort(self._people_by_words[frozenset(cluster.name_words)], position)
            for known in (m.known for m in cluster.mentions if m.known is not None):
                _insort(self._people_by_known[known.name], position)
            return
        if mention.known is not None:
            _insort(self._people_by_known[mention.known.name], position)
        if words_before != cluster.name_words:
            for word in cluster.name_words - words_before:
                _insort(self._people_by_word[word], position)
            self._people_by_words[words_before].remove(position)
            _insort(self._people_by_words[frozenset(cluster.name_words)], position)

    def named_person(self, mention: Mention) -> Cluster | None:
        """The first named person the mention names: the same known person, or name words that
        contain the mention's or are contained in them ("Blinken" joins "Antony Blinken";
        "Antony Blinken" joins an earlier lone "Blinken")."""
        known = mention.known
        found: list[int] = []
        if known is not None and known.kind == "person" and self._people_by_known.get(known.name):
            found.append(self._people_by_known[known.name][0])
        words = words_of(mention.text)
        if words:
            shortest = min((self._people_by_word.get(word, []) for word in words), key=len)
            containing = next((p for p in shortest if words <= self.all[p].name_words), None)
            if containing is not None:
                found.append(containing)
            found.extend(self.within(words))
        elif self._people:
            found.append(min(self._people))  # no words: within anyone's
        return self.all[min(found)] if found else None

    def within(self, words: set[str]) -> list[int]:
        """The first named person whose name words are all among `words`, as a list of 0 or 1."""
        if len(words) <= SUBSET_LOOKUP_WORDS:
            firsts = [held[0] for size in range(1, len(words) + 1)
                      for subset in combinations(sorted(words), size)
                      if (held := self._people_by_words.get(frozenset(subset)))]
            return [min(firsts)] if firsts else []
        counts: Counter[int] = Counter(p for word in words for p in self._people_by_word.get(word, []))
        return sorted(p for p, count in counts.items() if count == len(self.all[p].name_words))[:1]

    def acronym_of(self, mention: Mention) -> Cluster | None:
        """The first organisation whose initials the mention is ("DPP"), or one of whose acronyms
        the mention's initials are."""
        text = mention.text.replace(".", "")
        lists = [self._by_acronym.get(initials_of(mention.text), [])]
        if text.isupper() and len(text) >= 2:
            lists.append(self._by_initials.get(text, []))
        firsts = [next((p for p in positions if self.all[p].kind == "organization"), None)
                  for positions in lists]
        found = [p for p in firsts if p is not None]
        return self.all[min(found)] if found else None

    def named_at(self, heads: set[int]) -> Cluster | None:
        """The first cluster with a name headed by one of `heads`."""
        firsts = [positions[0] for head in heads if (positions := self._names_by_head.get(head))]
        return self.all[min(firsts)] if firsts else None

    def mentioned_before(self, mention: Mention, window: int) -> list[tuple[Cluster, list[Mention]]]:
        """Clusters with mentions that start before `mention` at most `window` sentences back, in
        creation order, each with those mentions."""
        nearby: dict[int, list[Mention]] = {}
        # A description's sentence is its head word's, which may follow its first word's.
        for sentence in range(mention.sentence - window, mention.sentence + 2):
            for earlier, position in self._by_sentence.get(sentence, ()):
                if earlier.start < mention.start and mention.sentence - earlier.sentence <= window:
                    nearby.setdefault(position, []).append(earlier)
        return [(self.all[position], nearby[position]) for position in sorted(nearby)]

    def mentioned_in(self, first: int, last: int) -> list[Cluster]:
        """Clusters mentioned in sentences `first` to `last`, in creation order."""
        positions = {position for sentence in range(first, last + 1)
                     for _, position in self._by_sentence.get(sentence, ())}
        return [self.all[position] for position in sorted(positions)]


def _insort(positions: list[int], position: int) -> None:
    """Insert `position` into the sorted list `positions` unless it is there already."""
    at = bisect_left(positions, position)
    if at == len(positions) or positions[at] != position:
        positions.insert(at, position)
