"""Names coordinated before a shared plural noun: "UK and EU negotiators", "the Syrian and Iranian
foreign ministers", "US, British and French officials".

English distributes such a noun over its coordinated modifiers: UK negotiators and EU negotiators,
a Syrian foreign minister and an Iranian one. The actors stage makes one mention per conjunct
(tidings.actors.mentions), and the event coder reads each as a coordinated argument
(tidings.events.arguments.resolve); both find the conjuncts here, so they agree on them.
Pure functions over a parsed Doc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.actors.context import Stated, country_words
from tidings.actors.mention import KnowledgeBase, Mention, RoleLike

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc, Span, Token

# Entity labels of the words that say whose people a noun names: countries, demonyms, bodies.
CONJUNCT_LABELS = frozenset({"GPE", "NORP", "ORG"})
# Words that may open the phrase before its first conjunct ("the", "some 20", "senior").
LEADING_POS = frozenset({"DET", "NUM", "ADJ"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})


def _entity_at(head: Token, i: int) -> Span | None:
    """The name (an entity of CONJUNCT_LABELS) that starts at token `i`, cut before `head`."""
    doc = head.doc
    token = doc[i]
    if token.ent_iob_ != "B" or token.ent_type_ not in CONJUNCT_LABELS:
        return None
    end = i + 1
    while end < head.i and doc[end].ent_iob_ == "I":
        end += 1
    return doc[i:end]


def shared_head_conjuncts(head: Token) -> list[Span]:
    """The names coordinated before the plural noun `head` that each take it, in order: [UK, EU]
    for "UK and EU negotiators", [Syrian, Iranian] for "the Syrian and Iranian foreign ministers".

    Requires: a parsed Doc with entities. The conjuncts are whole entities joined by commas and
    one "and" ("or" offers a choice, not two parties), with only words that are not names between
    the last one and the noun ("foreign"). Returns [] for a singular noun, for a single name, and
    for "the US and UK-led coalition" (a hyphen word is not a shared modifier).
    """
    if head.tag_ not in PLURAL_TAGS:
        return []
    doc = head.doc
    i = head.left_edge.i
    while i < head.i and (doc[i].pos_ in LEADING_POS or doc[i].lower_ == "both") and not doc[i].ent_type_:
        i += 1
    conjuncts: list[Span] = []
    closed = False
    while i < head.i:
        name = _entity_at(head, i)
        if name is None:
            return []
        conjuncts.append(name)
        i = name.end
        if closed:
            break
        comma = i < head.i and doc[i].text == ","
        i += comma
        if i < head.i and doc[i].lower_ == "and":
            closed, i = True, i + 1
        elif not comma:
            return []
    shared = doc[i:head.i]
    if not closed or any(t.is_punct or t.ent_type_ in CONJUNCT_LABELS or t.pos_ == "CCONJ" for t in shared):
        return []
    return conjuncts


def _who(text: str, kb: KnowledgeBase, on: date | None) -> str | None:
    """Whose people a conjunct names: its country, or the body it names; None when unknown."""
    known = kb.lookup(text, on=on) or kb.demonym(text) or kb.metonym(text)
    if known is None:
        return None
    return known.country if known.kind == "country" and known.country else known.name


def conjunct_mentions(doc: Doc, chunk: Span, role: RoleLike, kb: KnowledgeBase, sentences: list[int],
                      on: date | None, *, definite: bool, former: bool) -> list[Mention]:
    """One description per name coordinated before `chunk`'s plural role noun, in order: "UK and
    EU negotiators" is "UK" (the UK's negotiators) and "EU negotiators", each with the role's
    sector read with its own name ("EU" makes negotiators IGO) and its own country. The last
    conjunct's mention runs to the noun; the others cover their own words and carry the phrase
    they stand for as `name`. [] unless every conjunct names a known, different country or body.
    """
    root = chunk.root
    conjuncts = shared_head_conjuncts(root)
    who = [_who(c.text, kb, on) for c in conjuncts]
    if not conjuncts or None in who or len(set(who)) < len(who):
        return []
    shared = doc[conjuncts[-1].end : root.i + 1]
    after = doc.text[conjuncts[-1].end_char : shared.end_char]  # " foreign ministers", "'s officials"
    pieces = []
    for conjunct in conjuncts:
        last = root if conjunct is conjuncts[-1] else conjunct[-1]
        stated = Stated(roles=[role.phrase], sector="ELI" if former else role.sector)
        # the shared words after the names ("foreign ministers") are every conjunct's
        country_words(doc, [*conjunct, *shared], kb, stated, on)
        words = doc[conjunct.start : last.i + 1]
        pieces.append(Mention(
            start=words.start_char, end=words.end_char, text=words.text, how="description", kind="group",
            first=conjunct.start, last=last.i, head=root.i, sentence=sentences[root.i],
            country=stated.country, sector=stated.sector, roles=tuple(stated.roles), definite=definite,
            plural=True, absorbed=tuple(t.i for t in words if t.i != root.i),
            name=None if last is root else conjunct.text + after))
    return pieces
