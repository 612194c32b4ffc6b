"""Group mentions into actors: one actor per real-world actor in an article.

Names join by their words ("Blinken" joins "Antony Blinken"), by what the knowledge base says
they are ("U.S.", "America" and "the United States" are one country), and by initials ("DPP").
Countries absorb their metonyms and demonyms (Beijing, Chinese → China). Descriptions and
pronouns join the most salient compatible actor nearby: subjects outrank objects, nearer
sentences outrank farther ones, and gender and country must agree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from tidings.actors.clusters import Cluster as Cluster  # re-exported for the actors stage
from tidings.actors.clusters import Clusters, words_of
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
        return f"{mention.kind}:{' '.join(sorted(words_of(mention.text)))}"
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
        said_words = _rolewords_of(said)
        if said_words <= GENERIC_PERSON_WORDS:
            return True
        for role in held:
            role_words = _rolewords_of(role)
            if said_words <= role_words or role_words <= said_words:
                return True
    return False


@lru_cache(maxsize=4096)  # a few dozen role phrases, asked for every description placed
def _rolewords_of(role: str) -> frozenset[str]:
    return frozenset(words_of(role))


def _subject_of_own_clause(doc: Doc, pronoun: Mention, mention: Mention) -> bool:
    token = doc[pronoun.head]
    if token.dep_ != "poss":
        return False
    verb = token.head.head
    candidate = doc[mention.head]
    return candidate.dep_.startswith("nsubj") and candidate.head.i == verb.i


def _best_antecedent(doc: Doc, index: Clusters, mention: Mention, *, want_person: bool,
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


def _appositive_anchor(doc: Doc, index: Clusters, mention: Mention) -> Cluster | None:
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
    (`Clusters`), never by walking every cluster.
    Pure: no I/O.
    """
    index = Clusters()
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


def _description_cluster(index: Clusters, mention: Mention) -> Cluster:
    if mention.plural:  # "Rakhine rebels" twice is one group
        key = f"group:{' '.join(sorted(words_of(mention.text)))}"
        if key in index.by_key:
            return index.by_key[key]
        cluster = index.by_key[key] = index.new(key)
        return cluster
    return index.new()


def doc_first_word(mention: Mention) -> str:
    return mention.text.split(" ", 1)[0].lower()


def _merge_into_named(index: Clusters, lone: Cluster) -> None:
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

