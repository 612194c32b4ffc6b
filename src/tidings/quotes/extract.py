"""The quotes stage: who said what, to whom, through whom.

Direct quotes come from the quotation marks (tidings.quotes.marks); their speaker is the subject of
the reporting verb in the sentence that holds the quote ("..., Liu said", "said Liu", "he said"),
else the speaker of the quote just before when this one continues it with no verb of its own.
Indirect quotes are the content clause of a reporting verb ("Liu said Beijing is serious ...");
when that clause contains quoted words it is a mixed quote ("Blinken told Kamikawa that the
alliance is 'truly the cornerstone ...'"). Short quoted words inside a sentence that nobody is said
to have said are scare quotes or titles ("wolf-warrior" diplomacy), not quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import TYPE_CHECKING

from tidings.actors.index import ActorIndex
from tidings.quotes.marks import DOUBLE_MARKS, Quoted, find_quoted
from tidings.quotes.spans import Offsets, Sentences, Stretches, tokens_in
from tidings.quotes.speakers import (
    Attribution,
    SpeakerFinder,
    according_to,
    addressee_of,
    attribute,
    attribution_by,
    content_of,
    fronted_content_of,
    introduced,
    subject_of,
    trailing,
)
from tidings.records import Actor, Event, Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from tidings.quotes.cues import Cues

PARAGRAPH_BREAK = re.compile(r"\n\s*")
NOUNS = frozenset({"NOUN", "PROPN"})
# A quoted stretch this short, inside a sentence, with no verb of saying, is a scare quote.
SCARE_QUOTE_WORDS = 4


def _mention_spans(doc: Doc, actors: Sequence[Actor]) -> dict[tuple[str, int], Offsets]:
    """For each actor and each token start inside one of its mentions, the first such mention's
    offsets (the mention that names the actor at that word)."""
    starts = [token.idx for token in doc]
    spans: dict[tuple[str, int], Offsets] = {}
    for actor in actors:
        for mention in actor.mentions:
            begin, end = mention.start, mention.end
            for i in range(bisect_left(starts, begin), bisect_left(starts, end)):
                spans.setdefault((actor.id, starts[i]), (begin, end))
    return spans


def _phrase_span(token: Token, chunks: Sequence[Span], chunk_starts: Sequence[int]) -> Offsets:
    """Offsets of the noun phrase a token heads (without relative clauses or appositives);
    `chunks` are the doc's noun chunks (in order, not overlapping) and `chunk_starts` their first
    tokens, listed once per doc because each listing walks every token."""
    at = bisect_right(chunk_starts, token.i) - 1
    if at >= 0 and token.i < chunks[at].end:
        return chunks[at].start_char, chunks[at].end_char
    return token.idx, token.idx + len(token.text)


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in DOUBLE_MARKS).strip()


@dataclass(slots=True)
class _Builder:
    doc: Doc
    text: str  # doc.text, kept: spaCy joins every token's text on each access
    actors: Sequence[Actor]
    index: ActorIndex
    cues: Cues
    finder: SpeakerFinder
    sentences: Sentences
    chunks: list[Span] | None = None
    chunk_starts: list[int] = field(default_factory=list)
    mention_spans: dict[tuple[str, int], Offsets] | None = None
    # quotes (by span) whose verb's subject named no actor, with that subject ("it said")
    unresolved: dict[Offsets, Token] = field(default_factory=dict)

    def phrase_span(self, token: Token) -> Offsets:
        if self.chunks is None:
            self.chunks = list(self.doc.noun_chunks)
            self.chunk_starts = [chunk.start for chunk in self.chunks]
        return _phrase_span(token, self.chunks, self.chunk_starts)

    def mention_span(self, actor_id: str, token: Token) -> Offsets | None:
        """Offsets of the actor's mention that holds the token, if one does."""
        if self.mention_spans is None:
            self.mention_spans = _mention_spans(self.doc, self.actors)
        return self.mention_spans.get((actor_id, token.idx))

    def record(self, start: int, end: int, kind: QuoteKind, attribution: Attribution | None,
               speaker: str | None = None, speaker_span: Offsets | None = None) -> Quote:
        """The quote of [start, end); its id is given once all quotes are found, in text order."""
        addressee = None
        cue = via = None
        if attribution is not None:
            cue = attribution.cue.text
            via = attribution.via
            if attribution.speaker is not None:
                speaker = self.finder.actor_of(attribution.speaker)
                if speaker is not None:
                    speaker_span = self.mention_span(speaker, attribution.speaker)
                else:
                    speaker = self.finder.clause_antecedent(attribution.speaker)
                if speaker is None:
                    self.unresolved[(start, end)] = attribution.speaker
                # the words naming the speaker here, even when no actor could be resolved ("she")
                speaker_span = speaker_span or self.phrase_span(attribution.speaker)
            if attribution.addressee is not None:
                # "told Kamikawa", not "assured his audience" (whose possessor is the speaker)
                addressee = self.index.by_token[attribution.addressee.i]
        text = self.text[start:end]
        return Quote(id="", text=_clean(text), span=(start, end), kind=kind, speaker=speaker,
                     speaker_span=speaker_span, cue=cue, addressee=addressee, via=via)


def extract_quotes(doc: Doc, actors: Sequence[Actor], *, cues: Cues) -> tuple[Quote, ...]:
    """Every attributed statement in `doc`.

    Requires: `doc` parsed from article.text and `actors` from the actors stage on that Doc
    (speakers and addressees are its actor ids; pronouns are resolved there); `cues`, the verbs
    of saying and medium phrases (tidings.quotes.cues.load_cues).
    Returns: direct, mixed and indirect quotes in text order, ids q1, q2, ...
    Never raises on unbalanced quotation marks or apostrophes. Pure: no I/O.
    """
    text = doc.text
    index = ActorIndex.build(doc, actors)
    sentences = Sentences.of(doc)
    builder = _Builder(doc, text, actors, index, cues, SpeakerFinder.build(index, actors, cues), sentences)
    quoted = find_quoted(text)
    found: list[Quote] = []
    previous: Quote | None = None
    used_cues: set[int] = set()
    mixed_by_cue: dict[int, int] = {}  # a verb's token index -> its mixed quote's place in `found`
    for number, q in enumerate(quoted):
        sents = sentences.overlapping(q.start, q.end)
        if not sents:
            continue
        if _embedded(text, q, sents):
            if _label(doc, q):
                continue  # a quoted label: "wolf-warrior" diplomacy, the "Miss Piggy" remark
            cue = _governing_cue(doc, q, cues)
            if cue is not None:
                # "called half of his supporters 'deplorables'": the quoted words are part of a
                # reported statement, coded whole as a mixed quote
                start, end = _complement(cue, cues, include=(q.start, q.end))
                statement = attribution_by(cue, cue.sent, cues)
                at = mixed_by_cue.setdefault(cue.i, len(found))
                if at < len(found):
                    # a second quoted piece of the same statement ("said X was “...” and “...”"):
                    # one statement, one quote, stretched over both
                    first = found[at].span
                    found[at] = builder.record(min(first[0], start), max(first[1], end), "mixed", statement)
                else:
                    found.append(builder.record(start, end, "mixed", statement))
                used_cues.add(cue.i)
                previous = None
                continue
            if len(text[q.start : q.end].split()) < SCARE_QUOTE_WORDS:
                continue  # scare quotes and titles: "wolf-warrior" diplomacy, "The Apprentice"
        continuing = previous is not None and _continues(text, sentences, quoted[number - 1], q)
        attribution: Attribution | None = next(
            (a for s in sents if (a := attribute(s, q, cues)) is not None), None)
        if attribution is None:
            attribution = trailing(sentences, q, cues)
        if attribution is None:
            attribution = next((a for s in sents if (a := according_to(s, q, cues)) is not None), None)
        if attribution is None and not continuing:
            attribution = introduced(sentences, sents[0], cues)
        signed = _signature(doc, text, q) if attribution is None else None
        if attribution is not None:
            record = builder.record(q.start, q.end, "direct", attribution)
            used_cues.add(attribution.cue.i)
        elif signed is not None:  # “...” ― Pamela Padilla
            record = builder.record(q.start, q.end, "direct", None, builder.index.actor_of(signed),
                                    builder.phrase_span(signed))
        elif continuing and previous is not None:
            # "... ," Liu said. "President Xi reiterated ...": no verb of its own, same speaker
            record = builder.record(q.start, q.end, "direct", None, previous.speaker, previous.speaker_span)
        else:
            record = builder.record(q.start, q.end, "direct", None)
        found.append(record)
        previous = record

    covered = Stretches.of([(q.start - 1, q.end + 1) for q in quoted])
    reporting = cues.speech | cues.belief
    for sent in sentences.spans:
        for verb in [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in reporting]:
            content = content_of(verb) or fronted_content_of(verb)
            if content is None or verb.i in used_cues:
                continue
            start, end = content
            if covered.hold(start, end):
                continue  # inside a direct quote: the speaker's own words, not a new attribution
            attribution = attribution_by(verb, sent, cues)
            found.append(builder.record(start, end, "indirect", attribution))

    found.sort(key=lambda quote: quote.span[0])
    carried = _carry_speakers(found, builder)
    return tuple(replace(quote, id=f"q{number}") for number, quote in enumerate(carried, start=1))


# A speaker carries on to a later quote this close (characters) and at most one paragraph on.
CARRY_CHARS = 800


def _carry_speakers(quotes: list[Quote], builder: _Builder) -> list[Quote]:
    """Quotes in text order, the speakerless ones given the speaker of the attributed quote just
    before them: a quote with no attribution of its own in the paragraph after the one that
    named the speaker ("Mood said ... . | “Whoever started ...”"), and a quote whose subject is
    a pronoun or a definite description that names no actor ("It added", "The statement said")
    when that speaker is of a kind the word can stand for. An actor merely mentioned in between
    is never taken: only a speaker. With no speaker near, a quote with no attribution is the
    words of the person the sentence just before it is about ("Jane Roe, 62, lost her house.
    “We have nothing left.”")."""
    carried: list[Quote] = []
    last: Quote | None = None
    for quote in quotes:
        if quote.speaker is None and last is not None and _near(builder.text, last.span[1], quote.span[0]):
            subject = builder.unresolved.get(quote.span)
            if subject is None and quote.cue is None:
                quote = replace(quote, speaker=last.speaker, speaker_span=last.speaker_span)
            elif subject is not None:
                kinds = builder.finder.may_carry(subject)
                if kinds is not None and builder.finder.kinds.get(last.speaker or "") in kinds:
                    quote = replace(quote, speaker=last.speaker)
        if quote.speaker is None and quote.cue is None and quote.kind == "direct":
            quote = _introduced_person(quote, builder) or quote
        carried.append(quote)
        if quote.speaker is not None:
            last = quote
    return carried


def _introduced_person(quote: Quote, builder: _Builder) -> Quote | None:
    """The quote given the person who is the subject of the sentence just before it, when that
    sentence is in its paragraph or the one before; None when that subject is no person."""
    before = builder.sentences.last_ending_by(quote.span[0])
    if before is None or not _near(builder.text, before.end_char, quote.span[0]):
        return None
    subject = subject_of(before.root)
    person = builder.finder.actor_of(subject) if subject is not None else None
    if subject is None or person is None or builder.finder.kinds.get(person) != "person":
        return None
    return replace(quote, speaker=person, speaker_span=builder.phrase_span(subject))


def _near(text: str, end: int, start: int) -> bool:
    """Whether `start` is within reach of `end`: close, and at most one paragraph break between."""
    return start - end <= CARRY_CHARS and len(PARAGRAPH_BREAK.findall(text, end, start)) <= 1


SIGNATURE_DASHES = ("\u2015", "\u2014", "\u2013", "-")


def _signature(doc: Doc, text: str, quoted: Quoted) -> Token | None:
    """A name signed after the quote with a dash: “...” ― Pamela Padilla."""
    after = text[quoted.end : quoted.end + 6]
    stripped = after.lstrip("\"\u201d \u00a0")
    if not stripped.startswith(SIGNATURE_DASHES):
        return None
    start = quoted.end + after.index(stripped[0]) + 1
    following = [t for t in tokens_in(doc, start, min(start + 60, len(text))) if not t.is_space]
    for token in following[:3]:
        if token.pos_ == "PROPN" or token.ent_type_ == "PERSON":
            return token
    return None

def _embedded(text: str, quoted: Quoted, sents: list[Span]) -> bool:
    """The quote sits inside a sentence of the narrator's: words of the sentence come before its
    opening mark (not just an attribution after it)."""
    lead = text[sents[0].start_char : max(sents[0].start_char, quoted.start - 1)]
    return any(ch.isalnum() for ch in lead) and quoted.closed


def _label(doc: Doc, quoted: Quoted) -> bool:
    """Quoted words that only modify a noun outside the quote: a label or a scare quote, not
    something anyone is reported to have said."""
    inside = [t for t in tokens_in(doc, quoted.start, quoted.end) if not t.is_punct]
    if not inside or len(inside) >= SCARE_QUOTE_WORDS:
        return False
    outside_heads = [t for t in inside if not (quoted.start <= t.head.idx < quoted.end)]
    # "dismissed the charges as “absurd”" modifies no noun: the word is the dismissal's content
    return bool(outside_heads) and all(t.dep_ in ("amod", "compound", "nmod") and t.head.pos_ in NOUNS
                                       for t in outside_heads)


def _governing_cue(doc: Doc, quoted: Quoted, cues: Cues) -> Token | None:
    """The verb of saying or thinking whose clause holds the quoted words, nearest first."""
    inside = tokens_in(doc, quoted.start, quoted.end)
    if not inside:
        return None
    token = inside[0]
    for _ in range(8):
        if token.head == token:
            return None
        token = token.head
        if token.pos_ == "VERB" and token.lemma_.lower() in cues.speech | cues.belief \
                and not (quoted.start <= token.idx < quoted.end):
            return token
    return None


def _complement(verb: Token, cues: Cues, *, include: tuple[int, int]) -> tuple[int, int]:
    """Character span of what the verb reports (its clause, object and complements, not its
    subject or addressee), stretched to cover the quoted words `include`; a reported clause set
    before the verb when the quoted words are in it ("... “fled at dawn”, she said")."""
    fronted = fronted_content_of(verb)
    if fronted is not None and fronted[0] <= include[0] < fronted[1]:
        return fronted[0], max(fronted[1], include[1])
    addressee = addressee_of(verb, cues)
    skip = {t.i for child in verb.children if child.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "punct",
                                                               "advmod", "npadvmod", "mark", "cc")
            for t in child.subtree}
    if addressee is not None:
        skip |= {t.i for t in addressee.subtree}
    tokens = [t for t in verb.subtree if t.i > verb.i and t.i not in skip and not t.is_punct]
    start = min([t.idx for t in tokens] + [include[0]])
    end = max([t.idx + len(t.text) for t in tokens] + [include[1]])
    return start, end


def _continues(text: str, sentences: Sentences, before: Quoted, after: Quoted) -> bool:
    """The next quote carries on the speaker of the one before: nothing but spaces, a line break
    or the attribution sentence lies between them."""
    gap = text[before.end : after.start]
    return len(gap) < 400 and not sentences.any_between(before.end, after.start)


def link_events(events: Sequence[Event], quotes: Sequence[Quote]) -> tuple[Event, ...]:
    """Events stated inside a quote carry the quote's id ("we hope the U.S. side will honor this
    commitment" is Liu's appeal, coded from his quote): the first quote, in text order, whose span
    holds the event's trigger; an event in no quote keeps the quote it had. Pure: returns new
    event records."""
    ordered = sorted(quotes, key=lambda q: q.span[0])  # extract_quotes's order already
    starts = [q.span[0] for q in ordered]
    # The first quote (in order) whose span ends after an offset is the first whose furthest end
    # so far does: one binary search per event instead of a pass over the quotes.
    reach = list(accumulate((q.span[1] for q in ordered), max))
    linked = []
    for event in events:
        at = event.evidence.trigger_span[0]
        i = bisect_right(reach, at)
        holder = ordered[i] if i < len(ordered) and starts[i] <= at else None
        linked.append(event if holder is None else replace(event, quote=holder.id))
    return tuple(linked)
