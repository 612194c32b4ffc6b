"""Group mentions into actors: one actor per real-world actor in an article.

Names join by their words ("Blinken" joins "Antony Blinken"), by what the knowledge base says
they are ("U.S.", "America" and "the United States" are one country), and by initials ("DPP").
Countries absorb their metonyms and demonyms (Beijing, Chinese → China). Descriptions and
pronouns join the most salient compatible actor nearby: subjects outrank objects, nearer
sentences outrank farther ones, and gender and country must agree.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import KeysView
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from tidings.actors.mentions import Mention
from tidings.records import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# How far back (in sentences) a pronoun or a definite description looks for its actor.
PRONOUN_WINDOW = 2
DESCRIPTION_WINDOW = 6
# Salience of a mention by its grammatical role: the subject of a sentence is what the next
# sentence most likely talks about (centering); possessors of subjects come next.
ROLE_WEIGHT = {"nsubj": 3.0, "nsubjpass": 3.0, "poss": 2.0, "appos": 1.5, "dobj": 1.5, "attr": 1.5}
# "Liu's meeting with Blinken was ..." puts Liu in focus.
SUBJECT_POSSESSOR_WEIGHT = 2.5
RECENCY = (1.0, 0.55, 0.3)
# Words that describe any public figure, so they never contradict a stated office.
GENERIC_PERSON_WORDS = frozenset(
    [
        "diplomat", "diplomats", "official", "officials", "leader", "leaders", "politician", "envoy",
        "statesman", "negotiator", "spokesman", "spokeswoman", "spokesperson", "veteran", "figure",
        "chief", "head", "top", "senior"
    ]
)


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
            self.name_words.update(_words(mention.text))
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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", _fold(text)))


def _initials(text: str) -> str:
    return "".join(word[0] for word in re.findall(r"\w+", text) if word[0].isupper())


def _identity(mention: Mention) -> str | None:
    """The key under which mentions of the same named actor meet, or None for people."""
    known = mention.known
    if mention.kind in ("country",) or mention.how in ("metonym", "demonym"):
        country = mention.country or (known.country if known else None)
        if country:
            return f"country:{country}"
    if known is not None and mention.kind != "person":
        return f"known:{known.name}"
    if mention.kind in ("organization", "location", "group"):
        return f"{mention.kind}:{' '.join(sorted(_words(mention.text)))}"
    return None


def _salience(doc: Doc, mention: Mention, sentence: int) -> float:
    distance = sentence - mention.sentence
    if distance < 0 or distance >= len(RECENCY):
        return 0.0
    head: Token = doc[mention.head]
    dep = head.dep_
    if dep == "poss" and head.head.dep_ in ("nsubj", "nsubjpass"):
        return SUBJECT_POSSESSOR_WEIGHT * RECENCY[distance]
    return ROLE_WEIGHT.get(dep, 1.0) * RECENCY[distance]


def _same_clause_subject(doc: Doc, pronoun: Mention, mention: Mention) -> bool:
    """Binding: "Blinken told him" — an object pronoun cannot be its own clause's subject."""
    token = doc[pronoun.head]
    if token.dep_ not in ("dobj", "pobj", "iobj", "dative"):
        return False
    verb = token.head if token.dep_ != "pobj" else token.head.head
    return doc[mention.head].head.i == verb.i and doc[mention.head].dep_.startswith("nsubj")


def _roles_agree(description: Mention, cluster: Cluster) -> bool:
    """ "the minister" can be the foreign minister; "Japan's prime minister" cannot. A description's
    role agrees with an actor's when one role's words contain the other's, or the description
    is a generic word for a public figure."""
    held = cluster.roles_held
    if not held or not description.roles:
        return True
    for said in description.roles:
        said_words = _role_words(said)
        if said_words <= GENERIC_PERSON_WORDS:
            return True
        for role in held:
            role_words = _role_words(role)
            if said_words <= role_words or role_words <= said_words:
                return True
    return False


@lru_cache(maxsize=4096)  # a few dozen role phrases, asked for every description placed
def _role_words(role: str) -> frozenset[str]:
    return frozenset(_words(role))


def _subject_of_own_clause(doc: Doc, pronoun: Mention, mention: Mention) -> bool:
    token = doc[pronoun.head]
    if token.dep_ != "poss":
        return False
    verb = token.head.head
    candidate = doc[mention.head]
    return candidate.dep_.startswith("nsubj") and candidate.head.i == verb.i


def _best_antecedent(doc: Doc, index: _Clusters, mention: Mention, *, want_person: bool,
                     window: int) -> Cluster | None:
    """The most salient compatible cluster mentioned within `window` sentences before `mention`
    (ties go to the cluster formed first)."""
    best: tuple[float, Cluster] | None = None
    for cluster, nearby in index.mentioned_before(mention, window):
        if want_person and cluster.kind != "person":
            continue
        if not want_person and cluster.kind not in ("organization", "country", "group"):
            continue
        if mention.gender in ("m", "f") and cluster.gender not in (None, mention.gender):
            continue
        if (mention.how == "description" and mention.country
                and cluster.country not in (None, mention.country)):
            continue
        if mention.how == "description" and not _roles_agree(mention, cluster):
            continue
        score = 0.0
        for earlier in nearby:
            if mention.how == "pronoun" and _same_clause_subject(doc, mention, earlier):
                score = 0.0
                break
            distance = mention.sentence - earlier.sentence
            if mention.how == "pronoun":
                # Ties go to the nearer mention; a possessive's own clause subject comes first
                # ("the island holds its presidential election").
                bonus = 2.0 if _subject_of_own_clause(doc, mention, earlier) else 0.0
                score = max(score, _salience(doc, earlier, mention.sentence) + bonus + earlier.start / 1e7)
            else:
                score = max(score, 1.0 / (1 + distance) + earlier.start / 1e7)
        if score > 0 and (best is None or score > best[0]):
            best = (score, cluster)
    return best[1] if best else None


def _appositive_anchor(doc: Doc, index: _Clusters, mention: Mention) -> Cluster | None:
    """A description in apposition to a name is that name's actor, whichever comes first."""
    root = doc[mention.head]
    linked = {root.head.i} if root.dep_ == "appos" else set()
    linked |= {child.i for child in root.children if child.dep_ == "appos"}
    return index.named_at(linked)


def _settled(mention: Mention) -> bool:
    """A description that already knows its actor ("the island", "the council"): it groups like a name."""
    return mention.how == "description" and (
        mention.kind == "country" or (mention.kind == "organization" and mention.known is not None))


def group_mentions(doc: Doc, mentions: list[Mention]) -> list[Cluster]:
    """Group `mentions` (from find_mentions, in text order) into one cluster per actor.

    Requires: the Doc the mentions were found in (for the dependency parse).
    Returns: clusters in order of first mention. Pronouns with no compatible antecedent, and
    definite descriptions with none, are left out rather than guessed.
    Cost: about linear in the mentions: each is placed by looking candidates up in indexes
    (`_Clusters`), never by walking every cluster.
    Pure: no I/O.
    """
    index = _Clusters()
    pending_indefinite: list[Cluster] = []

    names = [m for m in mentions if m.how in ("name", "metonym", "demonym") or _settled(m)]
    for mention in names:
        cluster: Cluster | None
        if mention.kind == "person":
            cluster = index.named_person(mention)
        else:
            key = _identity(mention)
            cluster = index.by_key.get(key) if key else None
            if cluster is None and mention.kind == "organization":
                cluster = index.acronym_of(mention)
            if cluster is None and key:
                cluster = index.by_key[key] = index.new(key)
        if cluster is None:
            cluster = index.new()
        index.add(cluster, mention)

    later = [m for m in mentions if m.how == "pronoun" or (m.how == "description" and not _settled(m))]
    for mention in later:
        if mention.how == "description":
            cluster = _appositive_anchor(doc, index, mention)
            if cluster is None and mention.definite and not mention.plural:
                cluster = _best_antecedent(doc, index, mention, want_person=True,
                                           window=DESCRIPTION_WINDOW)
            if cluster is None:
                cluster = _description_cluster(index, mention)
                if not mention.definite and not mention.plural:
                    pending_indefinite.append(cluster)
        else:
            cluster = _best_antecedent(doc, index, mention, want_person=mention.gender in ("m", "f"),
                                       window=PRONOUN_WINDOW)
            if cluster is None:
                continue
        index.add(cluster, mention)

    for lone in pending_indefinite:
        _merge_into_named(index, lone)
    for cluster in index.all:
        cluster.sort()
    return sorted((c for c in index.all if c.mentions), key=lambda c: c.mentions[0].start)


def _description_cluster(index: _Clusters, mention: Mention) -> Cluster:
    if mention.plural:  # "Rakhine rebels" twice is one group
        key = f"group:{' '.join(sorted(_words(mention.text)))}"
        if key in index.by_key:
            return index.by_key[key]
        cluster = index.by_key[key] = index.new(key)
        return cluster
    return index.new()


def doc_first_word(mention: Mention) -> str:
    return mention.text.split(" ", 1)[0].lower()


def _merge_into_named(index: _Clusters, lone: Cluster) -> None:
    """Cataphora: "a senior Chinese diplomat" introduced before being named in the next sentences
    ("Blinken sat down with Liu Jianchao, ...") is that named person, if exactly one fits."""
    description = lone.mentions[0]
    if doc_first_word(description) not in ("a", "an") or description.country is None:
        return
    fits = [
        cluster for cluster in index.mentioned_in(description.sentence, description.sentence + 2)
        if cluster is not lone and cluster.kind == "person" and cluster.name_words
        and cluster.country == description.country
        and cluster.first_start is not None and cluster.first_start >= description.start
    ]
    if len(fits) == 1:
        for mention in lone.mentions:
            index.add(fits[0], mention)
        lone.clear()


# Past this many words, a name's subsets are too many to look up one by one (see _Clusters.within).
SUBSET_LOOKUP_WORDS = 10


class _Clusters:
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
        _insort(self._by_initials[_initials(mention.text)], position)
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
        words = _words(mention.text)
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
        lists = [self._by_acronym.get(_initials(mention.text), [])]
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
