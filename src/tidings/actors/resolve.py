"""Group mentions into actors: one actor per real-world actor in an article.

Names join by their words ("Blinken" joins "Antony Blinken"), by what the knowledge base says
they are ("U.S.", "America" and "the United States" are one country), and by initials ("DPP").
Countries absorb their metonyms and demonyms (Beijing, Chinese → China). Descriptions and
pronouns join the most salient compatible actor nearby: subjects outrank objects, nearer
sentences outrank farther ones, and gender and country must agree. "it", "its", "they" follow the
clause they sit in first (tidings.actors.pronouns); descriptions by kind ("the group", "the
militants") join the latest named body of that kind (data/actors/descriptions.toml).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from tidings.actors.clusters import Cluster as Cluster  # re-exported for the actors stage
from tidings.actors.clusters import Clusters, words_of
from tidings.actors.descriptions import KindDescription, kind_description_mentions, load_kind_descriptions
from tidings.actors.mentions import Mention
from tidings.actors.pronouns import (
    NEUTER,
    PLURAL,
    Quotation,
    acting_subject,
    clause_subject,
    more_pronouns,
    previous_subject,
    speaker_of,
)

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
# A kind description ("the group") reaches further back, its candidates fading at this rate a
# sentence, so a subject three sentences back yields to an object in the last one.
KIND_DECAY = 0.55
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


def _salience(doc: Doc, mention: Mention, distance: int) -> float:
    """How likely `mention`, `distance` narrative sentences back, is what a pronoun continues."""
    if distance < 0 or distance >= len(RECENCY):
        return 0.0
    head: Token = doc[mention.head]
    dep = head.dep_
    if dep == "poss" and head.head.dep_ in ("nsubj", "nsubjpass"):
        return SUBJECT_POSSESSOR_WEIGHT * RECENCY[distance]
    acting = acting_subject(doc[head.i + 1]) if head.i + 1 < len(doc) and mention.last == head.i else None
    if acting is not None and acting.i == head.i:
        dep = "nsubj"  # a name right before a subjectless verb is its subject, whatever the parse said
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
        # "the militant leader" is the "leader of Boko Haram": a generic head word the office shares
        said_head = said.split()[-1].lower() if said.split() else ""
        for role in held:
            role_words = _role_words(role)
            if said_words <= role_words or role_words <= said_words:
                return True
            if said_head in GENERIC_PERSON_WORDS and said_head in role_words:
                return True
    return False


@lru_cache(maxsize=4096)  # a few dozen role phrases, asked for every description placed
def _role_words(role: str) -> frozenset[str]:
    return frozenset(words_of(role))


def _subject_of_own_clause(doc: Doc, pronoun: Mention, mention: Mention) -> bool:
    token = doc[pronoun.head]
    if token.dep_ != "poss":
        return False
    verb = token.head.head
    candidate = doc[mention.head]
    return candidate.dep_.startswith("nsubj") and candidate.head.i == verb.i


@dataclass(frozen=True, slots=True)
class _Scene:
    """What placing a pronoun or description reads besides the mention: the parse, the clusters
    so far, the quotations, and which cluster each placed mention's words belong to."""

    doc: Doc
    index: Clusters
    quotation: Quotation
    sentence_starts: list[int]
    by_token: dict[int, Cluster]

    def place(self, cluster: Cluster, mention: Mention) -> None:
        self.index.add(cluster, mention)
        for i in range(mention.first, mention.last + 1):
            self.by_token.setdefault(i, cluster)


def _best_antecedent(scene: _Scene, mention: Mention, *, want_person: bool, window: int) -> Cluster | None:
    """The most salient compatible cluster mentioned within `window` narrative sentences before
    `mention` (ties go to the cluster formed first). Sentences wholly inside a quotation do not
    count, and a pronoun inside a quotation is not its speaker."""
    doc, quotation = scene.doc, scene.quotation
    speaker_token = speaker_of(doc[mention.head], quotation) if mention.how == "pronoun" else None
    speaker = scene.by_token.get(speaker_token.i) if speaker_token is not None else None
    best: tuple[float, Cluster] | None = None
    for cluster, nearby in scene.index.mentioned_before(mention, quotation.reach(mention.sentence, window)):
        if cluster is speaker:
            continue
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
            distance = quotation.distance(earlier.sentence, mention.sentence)
            if mention.how == "pronoun":
                # Ties go to the nearer mention; a possessive's own clause subject comes first
                # ("the island holds its presidential election").
                bonus = 2.0 if _subject_of_own_clause(doc, mention, earlier) else 0.0
                score = max(score, _salience(doc, earlier, distance) + bonus + earlier.start / 1e7)
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
    Returns: clusters in order of first mention, with the neuter and plural pronouns and the
    kind descriptions ("the group") the mention finder left out added where they find an actor.
    Pronouns with no compatible antecedent, and definite descriptions with none, are left out
    rather than guessed.
    Cost: about linear in the mentions: each is placed by looking candidates up in indexes
    (`Clusters`), never by walking every cluster.
    Pure: no I/O.
    """
    index = Clusters()
    scene = _Scene(doc, index, Quotation.read(doc), [sent.start for sent in doc.sents], {})
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
        scene.place(cluster, mention)

    later = [m for m in mentions if m.how == "pronoun" or (m.how == "description" and not _settled(m))]
    sentence_numbers = _sentence_numbers(doc)
    made = kind_description_mentions(doc, mentions, sentence_numbers)
    made_at = {m.start for m in made}  # "the group", "the leader": kept only when they find their actor
    later += made + more_pronouns(doc, mentions, sentence_numbers)
    later.sort(key=lambda m: (m.start, -m.end))
    for mention in later:
        if mention.how == "description":
            cluster = _appositive_anchor(doc, index, mention)
            if cluster is None:
                cluster = _body_of_kind(scene, mention, made=mention.start in made_at)
                if cluster is not None:
                    # "militants" says what kind of actor, not which: the named body's own code stands
                    mention = replace(mention, sector=None)
            if cluster is None and mention.definite and not mention.plural and mention.kind == "person":
                cluster = _best_antecedent(scene, mention, want_person=True, window=DESCRIPTION_WINDOW)
            if cluster is None and mention.start in made_at:
                continue
            if cluster is None:
                cluster = _description_cluster(index, mention)
                if not mention.definite and not mention.plural:
                    pending_indefinite.append(cluster)
        elif mention.gender in ("m", "f"):
            cluster = _best_antecedent(scene, mention, want_person=True, window=PRONOUN_WINDOW)
        else:
            cluster = _neuter_or_plural_antecedent(scene, mention)
        if cluster is not None:
            scene.place(cluster, mention)

    for lone in pending_indefinite:
        _merge_into_named(index, lone)
    for cluster in index.all:
        cluster.sort()
    return sorted((c for c in index.all if c.mentions), key=lambda c: c.mentions[0].start)


def _body_of_kind(scene: _Scene, mention: Mention, *, made: bool) -> Cluster | None:
    """ "the group", "the militants", "gunmen": the most salient named body before, within the
    kind's window, whose sector the kind allows (descriptions.toml) and whose country does not
    contradict the description's. A description with its own possessor ("its fighters") names
    its possessor's people, and is left to the possessive."""
    head = scene.doc[mention.head]
    rule = load_kind_descriptions().get(head.lower_)
    if rule is None or rule.points_at != "body" or any(c.dep_ == "poss" for c in head.children):
        return None
    if rule.definite and not (made or (mention.definite and not mention.plural)):
        return None
    best: tuple[float, Cluster] | None = None
    for cluster, nearby in scene.index.mentioned_before(mention, rule.window):
        if not _of_kind(cluster, mention, rule):
            continue
        # subjects outrank objects, nearer outranks farther; ties go to the later mention
        score = max(ROLE_WEIGHT.get(scene.doc[m.head].dep_, 1.0)
                    * KIND_DECAY ** scene.quotation.distance(m.sentence, mention.sentence) + m.start / 1e9
                    for m in nearby)
        if best is None or score > best[0]:
            best = (score, cluster)
    return best[1] if best else None


def _of_kind(cluster: Cluster, description: Mention, rule: KindDescription) -> bool:
    """A named body whose sector the kind allows and whose country the description does not contradict."""
    if cluster.kind not in ("organization", "group") or (
            description.country and cluster.country != description.country):
        return False  # "Russian fighters" are not a group of no stated country
    named = [m for m in cluster.mentions if m.how == "name"]
    sectors = {m.sector or (m.known.sector if m.known else None) or "" for m in named}
    if cluster.kind != "organization":
        sectors.discard("")  # an uncoded "group" is a people ("Tuareg"), not a body
    return bool(sectors & rule.sectors)


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        numbers[sent.start : sent.end] = [number] * (sent.end - sent.start)
    return numbers


def _agrees(pronoun: Token, cluster: Cluster, said_by: Token) -> bool:
    """ "it" is a body, a country or a group named in the singular; "they" a group or a body
    named in the plural ("the police", "officials"), not a country (its people)."""
    if cluster.kind not in ("organization", "country", "group"):
        return False
    plural_word = said_by.tag_ in ("NNS", "NNPS") or said_by.lower_ in PLURAL
    if pronoun.lower_ in PLURAL:  # "Syrians ... their homes": people, not the state
        return cluster.kind != "country" and plural_word
    return not plural_word


def _neuter_or_plural_antecedent(scene: _Scene, mention: Mention) -> Cluster | None:
    """ "it", "its", "they", "their": the subject the pronoun's clauses continue, when that is an
    actor that agrees; else, for a main-clause pronoun, the previous sentence's subject. A
    subject that is no actor ("the deal said it") means the pronoun is not about an actor."""
    doc, quotation = scene.doc, scene.quotation
    pronoun = doc[mention.head]
    quoted = quotation.inside[pronoun.i]
    subject, main_clause = clause_subject(pronoun)
    if subject is None and main_clause and not quoted:
        subject = previous_subject(doc, scene.sentence_starts, quotation, mention.sentence)
    if subject is None:
        # only a possessive, never standing for a clause, may fall back on salience
        if pronoun.lower_ == "its":
            return _best_antecedent(scene, mention, want_person=False, window=PRONOUN_WINDOW)
        return None
    if quoted and not quotation.inside[subject.i]:
        return None
    cluster = scene.by_token.get(subject.i)
    if cluster is not None:
        return cluster if _agrees(pronoun, cluster, subject) else None
    if pronoun.lower_ in NEUTER and subject.tag_ in ("NNS", "NNPS"):
        # "Channels close to the group said its fighters": not the plural head, an actor inside
        for token in subject.subtree:
            inner = scene.by_token.get(token.i)
            if inner is not None and token.i < pronoun.i and _agrees(pronoun, inner, token):
                return inner
    return None


def _description_cluster(index: Clusters, mention: Mention) -> Cluster:
    if mention.plural:  # "Rakhine rebels" twice is one group
        key = f"group:{' '.join(sorted(words_of(mention.name or mention.text)))}"
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

