"""What the syntax says a pronoun points at, before salience is asked.

- "it", "they", "them", "their" (and a possessive inside a description, "its fighters") are
  mentions too, added to those the mention finder made; an "it" that stands for no one ("it is
  likely that", "make it clear") is not.
- A neuter or plural pronoun is the subject of the clause it sits in, climbing through clause
  complements, conjuncts, relative clauses and noun phrases: "the ministry said it would", "the
  rent that it pays", "Canada would not tolerate killing its citizens". A main-clause subject
  pronoun continues the previous sentence's subject ("The ministry said ... It added").
- Quotations: sentences wholly inside a quotation do not push the narrative's people out of
  reach, and a third-person pronoun inside a quotation is not the one who speaks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.actors.mention import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NEUTER = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "themselves"})
# Forms that stand as objects; as such they cannot be their own clause's subject.
OBJECT_FORMS = frozenset({"it", "them"})
PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# Edges a pronoun's clause is climbed through to the clause whose subject it continues: clause
# complements and conjuncts share or report their governor's subject; relative clauses and noun
# phrases sit inside their governor's clause. Adverbial clauses ("because it was used") are not
# climbed: their subject is as often the main clause's object.
CLIMB_DEPS = frozenset({
    "ccomp", "xcomp", "conj", "relcl", "acl", "pcomp", "pobj", "prep", "dobj", "poss", "compound",
    "amod", "nmod", "attr", "npadvmod", "nsubj", "nsubjpass", "dative", "agent", "oprd", "acomp",
})
# Verbs that take an "it" standing for a clause ("it is likely that", "it seems", "it takes time").
EXTRAPOSING_VERBS = frozenset({"be", "seem", "appear", "remain", "become", "take", "make", "mean",
                               "matter", "happen", "look", "sound", "emerge", "follow", "help"})
OPENING_QUOTES = frozenset({"“", "‘‘", "``"})
CLOSING_QUOTES = frozenset({"”", "’’", "''"})
STRAIGHT_QUOTES = frozenset({'"'})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


@dataclass(frozen=True, slots=True)
class Quotation:
    """Which tokens are inside quotation marks, and which sentences are wholly quoted."""

    inside: tuple[bool, ...]
    quoted_sentence: tuple[bool, ...]

    @classmethod
    def read(cls, doc: Doc) -> Quotation:
        """One pass over the tokens: curly quotes open and close, straight ones toggle; a quote
        left open at a paragraph break is closed there (news runs quotes on by re-opening)."""
        inside = [False] * len(doc)
        open_ = False
        for token in doc:
            text = token.text
            if text in OPENING_QUOTES:
                open_ = True
            elif text in CLOSING_QUOTES:
                open_ = False
            elif text in STRAIGHT_QUOTES:
                open_ = not open_
            elif "\n\n" in text:
                open_ = False
            inside[token.i] = open_ and text not in OPENING_QUOTES | STRAIGHT_QUOTES
        quoted = []
        for sent in doc.sents:
            words = [t for t in sent if t.is_alpha]
            quoted.append(all(inside[t.i] for t in words) if words else True)
        return cls(tuple(inside), tuple(quoted))

    def distance(self, earlier: int, later: int) -> int:
        """Sentences from `earlier` to `later`, not counting the wholly quoted ones in between."""
        return (later - earlier) - sum(self.quoted_sentence[s] for s in range(earlier + 1, later))

    def reach(self, sentence: int, window: int) -> int:
        """How many sentences back `window` narrative sentences reach from `sentence`."""
        back = 0
        narrative = 0
        while sentence - back > 0 and narrative < window:
            back += 1
            if not self.quoted_sentence[sentence - back]:
                narrative += 1
        return back


def is_expletive(token: Token) -> bool:
    """ "It is likely that", "it seems", "make it clear that": an "it" that stands for a clause."""
    if token.dep_ == "expl":
        return True
    verb = token.head
    clause = any(child.dep_ in ("ccomp", "xcomp", "csubj") for child in verb.children)
    if token.dep_ in SUBJECT_DEPS:
        return clause and verb.lemma_ in EXTRAPOSING_VERBS
    return token.dep_ == "dobj" and any(child.dep_ in ("oprd", "ccomp", "xcomp") for child in verb.children)


def more_pronouns(doc: Doc, found: list[Mention], sentences: list[int]) -> list[Mention]:
    """Pronoun mentions the mention finder left out: "it", "they", "them", "their", and any
    possessive pronoun inside a description ("its fighters", "his deputy")."""
    have = {m.head for m in found if m.how == "pronoun"}
    added: list[Mention] = []
    for token in doc:
        word = token.lower_
        if token.i in have or token.pos_ != "PRON":
            continue
        if word in NEUTER:
            if word == "it" and is_expletive(token):
                continue
            gender: str | None = "n"
        elif word in PLURAL:
            gender = None
        elif word in PERSONAL and token.tag_ == "PRP$":
            gender = PERSONAL[word]
        else:
            continue
        added.append(Mention(start=token.idx, end=token.idx + len(token.text), text=token.text, how="pronoun",
                             kind="other", first=token.i, last=token.i, head=token.i,
                             sentence=sentences[token.i], gender=gender, plural=word in PLURAL))
    return added


def _subject_of(verb: Token) -> Token | None:
    subject = next((child for child in verb.children if child.dep_ in SUBJECT_DEPS), None)
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head  # "the rent that it pays": the noun the clause is about
    return subject


def acting_subject(verb: Token) -> Token | None:
    """A verb's subject; for a finite verb the parse left without one, the noun right before it
    ("Tehran, Supreme Leader Ali Khamenei led prayers" parsed as a list of places)."""
    subject = _subject_of(verb)
    if subject is None and verb.tag_ in FINITE_TAGS and verb.i > 0:
        before = verb.doc[verb.i - 1]
        if before.pos_ in ("PROPN", "NOUN"):
            return before
    return subject


def clause_subject(pronoun: Token) -> tuple[Token | None, bool]:
    """The nearest subject before `pronoun` on its way up through its clauses, that is not the
    pronoun nor a phrase containing it; with it, whether the climb reached the sentence's main
    clause (False when it stopped at a loose attachment or an appositive).

    Binding: an object "it" or "them" is not its own clause's subject ("the fighters encircled
    them"), so that subject is passed over. An adverbial clause is climbed only by a possessive or
    from a clause with no subject of its own ("..., expanding its range"): the subject of a finite
    one ("because it was used") is as often the main clause's object.
    """
    node = pronoun
    skipping = pronoun.dep_ not in SUBJECT_DEPS and pronoun.tag_ != "PRP$" and pronoun.lower_ in OBJECT_FORMS
    skipped_own = skipping  # the first subject met is the object's own clause's, even when controlled
    while True:
        if node.pos_ in ("VERB", "AUX") and node.i != pronoun.i:
            subject = _subject_of(node)
            if subject is not None and subject.i < pronoun.i and not subject.is_ancestor(pronoun):
                if not skipped_own:
                    return subject, True
                skipped_own = False
        if node.head.i == node.i:
            return None, not skipping
        if node.dep_ == "appos":
            return None, False  # "X, its main backer": the possessive is not X
        climbable = node.dep_ in CLIMB_DEPS or (node.dep_ == "advcl" and (
            pronoun.tag_ == "PRP$" or _subject_of(node) is None))
        if not climbable:
            return None, False
        node = node.head


def previous_subject(doc: Doc, sentence_starts: list[int], quotation: Quotation,
                     sentence: int) -> Token | None:
    """The subject of the main clause of the last sentence before `sentence` not wholly quoted."""
    earlier = sentence - 1
    while earlier >= 0 and quotation.quoted_sentence[earlier]:
        earlier -= 1
    if earlier < 0:
        return None
    root = doc[sentence_starts[earlier]].sent.root
    return acting_subject(root)


def speaker_of(pronoun: Token, quotation: Quotation) -> Token | None:
    """Who speaks the quotation a pronoun is inside: the subject, outside the quotation, of the
    outermost verb outside it that governs the pronoun ("X said Y was held 'for his work'": X)."""
    if not quotation.inside[pronoun.i]:
        return None
    speaker: Token | None = None
    node = pronoun
    while node.head.i != node.i:
        node = node.head
        if not quotation.inside[node.i] and node.pos_ in ("VERB", "AUX"):
            subject = _subject_of(node)
            if subject is not None and not quotation.inside[subject.i]:
                speaker = subject
    return speaker
