"""Who said a quote: the reporting verb near it and that verb's subject, addressee and medium.

A quote's speaker is the subject of the verb of saying in its sentence ("..., Liu said", "said
Liu"), or of a short sentence split off after it ("Graham asked."), or of the sentence that
introduces it ("Warren grilled Stumpf:"). `content_of` finds what a verb reports, for indirect
quotes ("Liu said Beijing is serious ...").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.quotes.marks import DOUBLE_MARKS, Quoted
from tidings.quotes.spans import Sentences

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from tidings.actors.index import ActorIndex
    from tidings.quotes.cues import Cues
    from tidings.records import Actor

# A sentence this short right after a quote may be its split-off attribution ("Graham asked.").
TRAILING_ATTRIBUTION_TOKENS = 12
# A medium longer than this is a clause, not a name.
VIA_MAX_WORDS = 8
# Verbs that report a statement through their object: "stressed the importance of peace",
# "reiterated its support for", "urged restraint".
OBJECT_STATEMENT_VERBS = frozenset({"stress", "emphasize", "emphasise", "underline", "underscore",
                                    "reiterate", "reaffirm", "urge", "express", "voice"})
# Verbs whose object is who was spoken to ("told Kamikawa", "assured his audience").
ADDRESSING_VERBS = frozenset({"tell", "assure", "inform", "brief", "warn", "urge", "remind", "ask"})


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: Token
    speaker: Token | None
    addressee: Token | None
    via: str | None

def attribution_by(verb: Token, sent: Span, cues: Cues) -> Attribution:
    """The attribution a verb of saying in `sent` makes: its subject, addressee and medium."""
    return Attribution(verb, subject_of(verb), addressee_of(verb, cues), via_of(sent, verb, cues))


def subject_of(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        # two subjects are the parser's split of "Special Assistant ... Jane Roe said": the one
        # nearest the verb is the name
        child = min(subjects, key=lambda subject: abs(subject.i - verb.i))
        if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
            return verb.head  # "Beijing, which considers ..."
        return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)  # "..., adding that ...": the main clause's subject
    if verb.dep_ == "pcomp" and verb.head.head != verb.head and verb.head.head.pos_ == "VERB":
        return subject_of(verb.head.head)  # "sings to Clinton before asking her"
    return None


def addressee_of(verb: Token, cues: Cues) -> Token | None:
    if verb.lemma_.lower() in ADDRESSING_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.lower_ not in cues.audience:
                return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_.lower() in ("say", "speak", "write"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def via_of(sent: Span, verb: Token, cues: Cues) -> str | None:
    """The medium named in the sentence: "as reported by Japan Today", "according to a State
    Department transcript", "told reporters": the words after the phrase, up to a comma or the
    end of the sentence."""
    lowered = sent.text.lower()
    for phrase in cues.via:
        at = lowered.find(phrase)
        if at < 0:
            continue
        if phrase.startswith(("told ", "in a statement", "in a transcript")):
            return phrase.split(" ", 1)[1] if phrase.startswith("told ") else phrase.removeprefix("in ")
        rest = sent.text[at + len(phrase) :]
        named = rest.split(",")[0].split(";")[0].strip().rstrip(".\u201d\"' ")
        words = named.split()
        if words and len(words) <= VIA_MAX_WORDS:
            return named
    for child in verb.children:  # "told reporters"
        if child.dep_ in ("dobj", "dative") and child.lower_ in cues.audience:
            return child.text
    return None


def speech_verbs(sent: Span, cues: Cues, *, outside: tuple[int, int] | None = None) -> list[Token]:
    found = []
    for token in sent:
        if token.pos_ != "VERB" or token.lemma_.lower() not in cues.speech:
            continue
        if outside and outside[0] <= token.idx < outside[1]:
            continue
        found.append(token)
    return found


def attribute(sent: Span, quoted: Quoted, cues: Cues) -> Attribution | None:
    """The reporting verb for a direct quote in `sent`, nearest the quote, outside it."""
    verbs = speech_verbs(sent, cues, outside=(quoted.start - 1, quoted.end + 1))
    if not verbs:
        return None

    def distance(verb: Token) -> int:
        return quoted.start - verb.idx if verb.idx < quoted.start else verb.idx - quoted.end

    verb = min(verbs, key=distance)
    return attribution_by(verb, sent, cues)


def according_to(sent: Span, quoted: Quoted, cues: Cues) -> Attribution | None:
    """A quote in a sentence that names its source with "according to X" and no verb of saying
    ("..., according to the ministry."): X is the speaker, "according" the cue."""
    for token in sent:
        if token.lower_ == "according" and not quoted.start <= token.idx < quoted.end:
            for prep in token.children:
                if prep.lower_ == "to":
                    source = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if source is not None:
                        return Attribution(token, source, None, via_of(sent, token, cues))
    return None


def trailing(sentences: Sentences, quoted: Quoted, cues: Cues) -> Attribution | None:
    """An attribution the parser split off into a sentence of its own right after the quote:
    “Does anybody know ...?” | Graham asked."""
    after = sentences.first_starting_in(quoted.end, quoted.end + 3)
    if after is None or len(after) > TRAILING_ATTRIBUTION_TOKENS:
        return None
    verbs = speech_verbs(after, cues)
    if not verbs:
        return None
    verb = verbs[0]
    return attribution_by(verb, after, cues)


def introduced(sentences: Sentences, first: Span, cues: Cues) -> Attribution | None:
    """A quote introduced by the sentence before it ("Warren grilled Stumpf:", "Obama said.",
    "Ruiz told reporters on Monday."): that sentence's reporting verb, when it has a subject and
    reports nothing of its own; without a colon or a closing "said", only a main verb counts."""
    sent = sentences.last_ending_by(first.start_char)
    if sent is None:
        return None
    if sent.text.rstrip().endswith((":", "said.", "says.")):
        verbs = speech_verbs(sent, cues)
    elif sent.root.pos_ == "VERB" and sent.root.lemma_.lower() in cues.speech:
        verbs = [sent.root]
    else:
        return None
    for verb in reversed(verbs):
        if content_of(verb) is None and fronted_content_of(verb) is None and subject_of(verb) is not None:
            return attribution_by(verb, sent, cues)
    return None


def content_of(verb: Token) -> tuple[int, int] | None:
    """Character span of what the verb reports: its content clause, without "that"; for verbs
    that report through their object ("stressed the importance of peace"), the object."""
    if verb.lemma_.lower() in OBJECT_STATEMENT_VERBS and not any(c.dep_ == "ccomp" for c in verb.children):
        for child in verb.children:
            if child.dep_ == "dobj" and len(list(child.subtree)) >= 3:
                tokens = list(child.subtree)
                return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    for child in verb.children:
        if child.dep_ in ("ccomp",) and child.i > verb.i:
            return _clause_span(child)
    return None


def fronted_content_of(verb: Token) -> tuple[int, int] | None:
    """Character span of a reported clause set before its verb and subject, the wire style of
    attribution: "Troops repelled the attack, the army said." (the clause, then a comma)."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i < verb.i:
            last = max(t.i for t in child.subtree if not t.is_punct)
            between = verb.doc[last + 1 : verb.i]  # the comma may hang off the clause or the verb
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.i > last for c in verb.children)
            if has_subject and any(t.text == "," for t in between[:2]):
                return _clause_span(child)
    return None


def _clause_span(clause: Token) -> tuple[int, int] | None:
    """Character span of a reported clause without its "that" and outer punctuation; None for a
    clause too short to be a statement."""
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
    tokens = [t for t in tokens if not t.is_punct or t.text in DOUBLE_MARKS]
    if len(tokens) < 3:
        return None
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)



# Subject pronouns and the kinds of actor each can stand for: "he said" is a person, "it said" a
# ministry, a government or an army, never a person.
PERSON_KINDS = frozenset({"person"})
BODY_KINDS = frozenset({"organization", "country", "group", "other"})
PRONOUN_KINDS = {"he": PERSON_KINDS, "she": PERSON_KINDS, "it": BODY_KINDS, "they": BODY_KINDS}
# Words that introduce the issuer of a carrier: "a statement from the ministry", "a statement
# issued by the army", "a channel associated with the group", "an account linked to it".
ISSUER_PREPOSITIONS = frozenset({"from", "by", "of", "with", "to"})
# Words that tie a nameless speaker to the body it speaks for: "a spokesman for the ministry".
SPOKEN_FOR_PREPOSITIONS = frozenset({"for", "of", "at", "from", "with"})


@dataclass(frozen=True, slots=True)
class SpeakerFinder:
    """Which actor the subject of a verb of saying names, beyond the actor index's own answer:
    the name in apposition, the name a title leads up to, a surname, the issuer of a statement."""

    index: ActorIndex
    kinds: dict[str, str]  # actor id -> its kind
    surnames: dict[str, str]  # last word of a person's name -> that person, when only one has it
    carriers: frozenset[str]

    @classmethod
    def build(cls, index: ActorIndex, actors: Sequence[Actor], cues: Cues) -> SpeakerFinder:
        last_words: dict[str, set[str]] = {}
        for actor in actors:
            if actor.kind == "person" and " " in actor.name:
                last_words.setdefault(actor.name.split()[-1], set()).add(actor.id)
        surnames = {word: next(iter(ids)) for word, ids in last_words.items() if len(ids) == 1}
        return cls(index, {a.id: a.kind for a in actors}, surnames, cues.carriers)

    def actor_of(self, token: Token) -> str | None:
        """The actor the speaker phrase headed by `token` names, or None."""
        own = self.index.by_token[token.i]
        if own is not None:
            return own
        if token.lemma_.lower() in self.carriers:
            return self._issuer(token)
        for child in token.children:  # "the group Syrian Observatory ...": the name, not "UK-based"
            if child.dep_ == "appos" and self.index.by_token[child.i] is not None:
                return self.index.by_token[child.i]
        found = self.index.actor_of(token) or self._body_spoken_for(token)
        if found is not None:
            return found
        if token.pos_ == "PROPN" or token.is_title:
            # "Special Assistant to the Prime Minister Dr Jane Roe": the title leads up to the name
            last = max((t for t in token.subtree if not t.is_punct), key=lambda t: t.i)
            named = self.index.by_token[last.i]
            if last.i > token.i and named is not None and self.kinds.get(named) == "person":
                return named
        if token.pos_ == "PROPN":
            return self.surnames.get(token.text)  # "Yusov added", after "Andriy Yusov ... said"
        return None

    def _body_spoken_for(self, speaker: Token) -> str | None:
        """The body a nameless speaker speaks for: "a spokesman for the ministry", "officials at
        the embassy" are the ministry and the embassy speaking (CAMEO codes a spokesperson as
        the body). A place is no body: "a resident of Gaza" is not Gaza speaking."""
        if speaker.pos_ != "NOUN":
            return None
        for prep in speaker.children:
            if prep.dep_ == "prep" and prep.lower_ in SPOKEN_FOR_PREPOSITIONS:
                for obj in prep.children:
                    found = self.index.actor_of(obj) if obj.dep_ == "pobj" else None
                    if found is not None and self.kinds.get(found) != "location":
                        return found
        return None

    def _issuer(self, carrier: Token) -> str | None:
        """Who issued a statement, a channel or a post: its possessor ("the ministry's
        statement"), or the object of from/by/of, directly or through a participle ("a statement
        issued by the army", "channels associated with the group")."""
        for child in carrier.children:
            if child.dep_ == "poss":
                return self.index.actor_of(child)
            heads = [child] if child.dep_ in ("acl", "amod") else []
            preps = [child] if child.dep_ in ("prep", "agent") else []
            for head in heads:  # "issued by", "associated with", "Wagner-linked"
                preps += [c for c in head.children if c.dep_ in ("prep", "agent")]
                linked = [c for c in head.children if c.dep_ in ("npadvmod", "compound")]
                if linked and self.index.by_token[linked[0].i] is not None:
                    return self.index.by_token[linked[0].i]
            for prep in preps:
                if prep.dep_ == "agent" or prep.lower_ in ISSUER_PREPOSITIONS:
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and (found := self.index.actor_of(obj)) is not None:
                            return found
        return None

    def may_carry(self, subject: Token) -> frozenset[str] | None:
        """The kinds of actor an unresolved subject may stand for when it takes up the speaker
        before it ("It added", "The media wing said", "The statement said"); None when it names
        someone new ("a witness said") and must not."""
        pronoun = PRONOUN_KINDS.get(subject.lower_)
        if pronoun is not None:
            return pronoun
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subject.children)
        if subject.pos_ == "NOUN" and (definite or subject.lemma_.lower() in self.carriers):
            return PERSON_KINDS | BODY_KINDS
        return None

    def clause_antecedent(self, subject: Token) -> str | None:
        """For "he" or "she" in a subordinate clause, the person who is the subject of a clause
        above it: "Khamenei gave a speech in which he said ..." is Khamenei speaking."""
        kinds = PRONOUN_KINDS.get(subject.lower_)
        if kinds is None:
            return None
        verb = subject.head
        while verb.head.i != verb.i:
            verb = verb.head
            above = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
            if above is not None and above.i != subject.i:
                found = self.index.actor_of(above)
                if found is not None and self.kinds.get(found) in kinds:
                    return found
        return None
