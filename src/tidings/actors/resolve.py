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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.actors.mentions import Mention

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


@dataclass(slots=True)
class Cluster:
    """The mentions of one actor, plus what is known so far about who it is."""

    mentions: list[Mention] = field(default_factory=list)
    name_words: set[str] = field(default_factory=set)
    key: str | None = None  # canonical identity: "country:CHN", "known:NATO", "org:council on ..."

    @property
    def kind(self) -> str:
        kinds = [m.kind for m in self.mentions if m.how in ("name", "metonym", "demonym", "description")]
        for preferred in ("person", "organization", "country", "group", "location"):
            if preferred in kinds:
                return preferred
        return "other"

    @property
    def gender(self) -> str | None:
        for mention in self.mentions:
            if mention.gender in ("m", "f"):
                return mention.gender
            if mention.known is not None and mention.known.gender in ("m", "f"):
                return mention.known.gender
        return None

    @property
    def country(self) -> str | None:
        for mention in self.mentions:
            if mention.country:
                return mention.country
            if mention.known is not None and mention.known.country:
                return mention.known.country
        return None

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.how == "name" and mention.kind == "person":
            self.name_words.update(_words(mention.text))


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


def _person_cluster(clusters: list[Cluster], mention: Mention) -> Cluster | None:
    words = _words(mention.text)
    known_name = mention.known.name if mention.known is not None and mention.known.kind == "person" else None
    for cluster in clusters:
        if cluster.kind != "person" or not cluster.name_words:
            continue
        if known_name and any(m.known is not None and m.known.name == known_name for m in cluster.mentions):
            return cluster
        # "Blinken" joins "Antony Blinken"; "Antony Blinken" joins an earlier lone "Blinken".
        if words <= cluster.name_words or cluster.name_words <= words:
            return cluster
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
    held = [role for m in cluster.mentions for role in m.roles]
    held += [role for m in cluster.mentions if m.known is not None for role in m.known.roles]
    if not held or not description.roles:
        return True
    for said in description.roles:
        said_words = _words(said)
        if said_words <= GENERIC_PERSON_WORDS:
            return True
        for role in held:
            role_words = _words(role)
            if said_words <= role_words or role_words <= said_words:
                return True
    return False


def _subject_of_own_clause(doc: Doc, pronoun: Mention, mention: Mention) -> bool:
    token = doc[pronoun.head]
    if token.dep_ != "poss":
        return False
    verb = token.head.head
    candidate = doc[mention.head]
    return candidate.dep_.startswith("nsubj") and candidate.head.i == verb.i


def _best_antecedent(doc: Doc, clusters: list[Cluster], mention: Mention, *, want_person: bool,
                     window: int) -> Cluster | None:
    best: tuple[float, Cluster] | None = None
    for cluster in clusters:
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
        for earlier in cluster.mentions:
            if earlier.start >= mention.start or mention.sentence - earlier.sentence > window:
                continue
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


def _appositive_anchor(doc: Doc, clusters: list[Cluster], mention: Mention) -> Cluster | None:
    """A description in apposition to a name is that name's actor, whichever comes first."""
    root = doc[mention.head]
    linked = {root.head.i} if root.dep_ == "appos" else set()
    linked |= {child.i for child in root.children if child.dep_ == "appos"}
    for cluster in clusters:
        if any(m.head in linked and m.how == "name" for m in cluster.mentions):
            return cluster
    return None


def group_mentions(doc: Doc, mentions: list[Mention]) -> list[Cluster]:
    """Group `mentions` (from find_mentions, in text order) into one cluster per actor.

    Requires: the Doc the mentions were found in (for the dependency parse).
    Returns: clusters in order of first mention. Pronouns with no compatible antecedent, and
    definite descriptions with none, are left out rather than guessed.
    Pure: no I/O.
    """
    clusters: list[Cluster] = []
    by_key: dict[str, Cluster] = {}
    pending_indefinite: list[Cluster] = []

    # descriptions that already know their actor ("the island", "the council") group like names
    settled = [m for m in mentions if m.how == "description"
               and (m.kind == "country" or (m.kind == "organization" and m.known is not None))]
    names = [m for m in mentions if m.how in ("name", "metonym", "demonym") or m in settled]
    for mention in names:
        if mention.kind == "person":
            cluster = _person_cluster(clusters, mention)
        else:
            key = _identity(mention)
            cluster = by_key.get(key) if key else None
            if cluster is None and mention.kind == "organization":
                cluster = _acronym_match(clusters, mention)
            if cluster is None and key:
                cluster = by_key[key] = Cluster(key=key)
                clusters.append(cluster)
        if cluster is None:
            cluster = Cluster()
            clusters.append(cluster)
        cluster.add(mention)

    later = [m for m in mentions if m.how == "pronoun" or (m.how == "description" and m not in settled)]
    for mention in later:
        if mention.how == "description":
            cluster = _appositive_anchor(doc, clusters, mention)
            if cluster is None and mention.definite and not mention.plural:
                cluster = _best_antecedent(doc, clusters, mention, want_person=True,
                                           window=DESCRIPTION_WINDOW)
            if cluster is None:
                cluster = _description_cluster(clusters, by_key, mention)
                if not mention.definite and not mention.plural:
                    pending_indefinite.append(cluster)
        else:
            cluster = _best_antecedent(doc, clusters, mention, want_person=mention.gender in ("m", "f"),
                                       window=PRONOUN_WINDOW)
            if cluster is None:
                continue
        cluster.add(mention)

    for lone in pending_indefinite:
        _merge_into_named(clusters, lone)
    for cluster in clusters:
        cluster.mentions.sort(key=lambda m: m.start)
    return sorted((c for c in clusters if c.mentions), key=lambda c: c.mentions[0].start)


def _description_cluster(clusters: list[Cluster], by_key: dict[str, Cluster], mention: Mention) -> Cluster:
    if mention.plural:  # "Rakhine rebels" twice is one group
        key = f"group:{' '.join(sorted(_words(mention.text)))}"
        if key in by_key:
            return by_key[key]
        cluster = by_key[key] = Cluster(key=key)
    else:
        cluster = Cluster()
    clusters.append(cluster)
    return cluster


def _acronym_match(clusters: list[Cluster], mention: Mention) -> Cluster | None:
    """ "DPP" and "Democratic Progressive Party" are one organisation."""
    text = mention.text.replace(".", "")
    for cluster in clusters:
        if cluster.kind != "organization":
            continue
        for other in cluster.mentions:
            if text.isupper() and len(text) >= 2 and _initials(other.text) == text:
                return cluster
            short = other.text.replace(".", "")
            if short.isupper() and len(short) >= 2 and _initials(mention.text) == short:
                return cluster
    return None


def doc_first_word(mention: Mention) -> str:
    return mention.text.split(" ", 1)[0].lower()


def _merge_into_named(clusters: list[Cluster], lone: Cluster) -> None:
    """Cataphora: "a senior Chinese diplomat" introduced before being named in the next sentences
    ("Blinken sat down with Liu Jianchao, ...") is that named person, if exactly one fits."""
    description = lone.mentions[0]
    if doc_first_word(description) not in ("a", "an"):
        return
    fits = [
        cluster for cluster in clusters
        if cluster is not lone and cluster.kind == "person" and cluster.name_words
        and description.country is not None and cluster.country == description.country
        and any(0 <= m.sentence - description.sentence <= 2 for m in cluster.mentions)
        and not any(m.start < description.start for m in cluster.mentions)
    ]
    if len(fits) == 1:
        for mention in lone.mentions:
            fits[0].add(mention)
        lone.mentions.clear()
