"""Who said a quote: the reporting verb near it and that verb's subject, addressee and medium.

A quote's speaker is the subject of the verb of saying in its sentence ("..., Liu said", "said
Liu"), or of a short sentence split off after it ("Graham asked."), or of the sentence that
introduces it ("Warren grilled Stumpf:"). `content_of` finds what a verb reports, for indirect
quotes ("Liu said Beijing is serious ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.quotes.marks import DOUBLE_MARKS, Quoted
from tidings.quotes.spans import Sentences

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from tidings.quotes.cues import Cues

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
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
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
    """A quote introduced by the sentence before it ("Warren grilled Stumpf:", "Obama said."):
    that sentence's reporting verb, when it has a subject and reports nothing of its own."""
    sent = sentences.last_ending_by(first.start_char)
    if sent is None:
        return None
    if not sent.text.rstrip().endswith((":", "said.", "says.")):
        return None
    verbs = speech_verbs(sent, cues)
    for verb in reversed(verbs):
        if content_of(verb) is None and subject_of(verb) is not None:
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
            tokens = [t for t in child.subtree if not (t.dep_ == "mark" and t.head == child)]
            tokens = [t for t in tokens if not t.is_punct or t.text in DOUBLE_MARKS]
            if len(tokens) < 3:
                return None
            first, last = tokens[0], tokens[-1]
            return first.idx, last.idx + len(last.text)
    return None

