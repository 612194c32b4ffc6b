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

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import TYPE_CHECKING

from tidings.actors.index import ActorIndex
from tidings.quotes.marks import DOUBLE_MARKS, Quoted, find_quoted
from tidings.records import Actor, Event, Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from tidings.quotes.cues import Cues

# A quoted stretch this short, inside a sentence, with no verb of saying, is a scare quote.
SCARE_QUOTE_WORDS = 4
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


Offsets = tuple[int, int]  # (start, end) characters into the article text


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


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens that begin at a character offset in [start, end), without scanning the doc."""
    span = doc.char_span(start, end, alignment_mode="expand") if start < end else None
    return [t for t in span if start <= t.idx < end] if span is not None else []


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                return verb.head  # "Beijing, which considers ..."
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)  # "..., adding that ...": the main clause's subject
    if verb.dep_ == "pcomp" and verb.head.head != verb.head and verb.head.head.pos_ == "VERB":
        return _subject(verb.head.head)  # "sings to Clinton before asking her"
    return None


def _addressee(verb: Token, cues: Cues) -> Token | None:
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


def _via(sent: Span, verb: Token, cues: Cues) -> str | None:
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


def _speech_verbs(sent: Span, cues: Cues, *, outside: tuple[int, int] | None = None) -> list[Token]:
    found = []
    for token in sent:
        if token.pos_ != "VERB" or token.lemma_.lower() not in cues.speech:
            continue
        if outside and outside[0] <= token.idx < outside[1]:
            continue
        found.append(token)
    return found


def _attribute(sent: Span, quoted: Quoted, cues: Cues) -> Attribution | None:
    """The reporting verb for a direct quote in `sent`, nearest the quote, outside it."""
    verbs = _speech_verbs(sent, cues, outside=(quoted.start - 1, quoted.end + 1))
    if not verbs:
        return None

    def distance(verb: Token) -> int:
        return quoted.start - verb.idx if verb.idx < quoted.start else verb.idx - quoted.end

    verb = min(verbs, key=distance)
    return Attribution(verb, _subject(verb), _addressee(verb, cues), _via(sent, verb, cues))


@dataclass(frozen=True, slots=True)
class _Sentences:
    """The doc's sentences, listed once (each pass over doc.sents walks every token), with their
    offsets, so that finding the sentences around a quote is a binary search, not a scan."""

    spans: list[Span]
    starts: list[int]  # start_char of each, ascending
    ends: list[int]  # end_char of each, ascending

    @classmethod
    def of(cls, doc: Doc) -> _Sentences:
        spans = list(doc.sents)
        return cls(spans, [s.start_char for s in spans], [s.end_char for s in spans])

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The sentences that share a character with [start, end)."""
        found = []
        i = bisect_right(self.ends, start)
        while i < len(self.spans) and self.starts[i] < end:
            found.append(self.spans[i])
            i += 1
        return found

    def first_starting_in(self, first: int, last: int) -> Span | None:
        """The first sentence that starts at an offset from `first` to `last`."""
        i = bisect_left(self.starts, first)
        return self.spans[i] if i < len(self.spans) and self.starts[i] <= last else None

    def last_ending_by(self, offset: int) -> Span | None:
        """The last sentence that ends at or before `offset`."""
        i = bisect_right(self.ends, offset)
        return self.spans[i - 1] if i > 0 else None

    def any_between(self, after: int, before: int) -> bool:
        """Whether a whole sentence starts after `after` and ends before `before`."""
        i = bisect_right(self.starts, after)
        return i < len(self.spans) and self.ends[i] < before


@dataclass(frozen=True, slots=True)
class _Stretches:
    """Character stretches, asked whether one of them holds a span, by binary search."""

    starts: list[int]  # ascending
    reach: list[int]  # the furthest end among the stretches up to each

    @classmethod
    def of(cls, stretches: list[tuple[int, int]]) -> _Stretches:
        ordered = sorted(stretches)
        return cls([start for start, _ in ordered], list(accumulate((end for _, end in ordered), max)))

    def hold(self, start: int, end: int) -> bool:
        """Whether one stretch (a, b) has a <= start and end <= b."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in DOUBLE_MARKS).strip()


@dataclass(slots=True)
class _Builder:
    doc: Doc
    text: str  # doc.text, kept: spaCy joins every token's text on each access
    actors: Sequence[Actor]
    index: ActorIndex
    cues: Cues
    chunks: list[Span] | None = None
    chunk_starts: list[int] = field(default_factory=list)
    mention_spans: dict[tuple[str, int], Offsets] | None = None

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
                speaker = self.index.actor_of(attribution.speaker)
                if speaker is not None:
                    speaker_span = self.mention_span(speaker, attribution.speaker)
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
    builder = _Builder(doc, text, actors, ActorIndex.build(doc, actors), cues)
    quoted = find_quoted(text)
    sentences = _Sentences.of(doc)
    found: list[Quote] = []
    previous: Quote | None = None
    used_cues: set[int] = set()
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
                found.append(builder.record(start, end, "mixed", Attribution(
                    cue, _subject(cue), _addressee(cue, cues), _via(cue.sent, cue, cues))))
                used_cues.add(cue.i)
                previous = None
                continue
            if len(text[q.start : q.end].split()) < SCARE_QUOTE_WORDS:
                continue  # scare quotes and titles: "wolf-warrior" diplomacy, "The Apprentice"
        continuing = previous is not None and _continues(text, sentences, quoted[number - 1], q)
        attribution: Attribution | None = next(
            (a for s in sents if (a := _attribute(s, q, cues)) is not None), None)
        if attribution is None:
            attribution = _trailing(sentences, q, cues)
        if attribution is None and not continuing:
            attribution = _introduced(sentences, sents[0], cues)
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

    covered = _Stretches.of([(q.start - 1, q.end + 1) for q in quoted])
    reporting = cues.speech | cues.belief
    for sent in sentences.spans:
        for verb in [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in reporting]:
            content = _content(verb)
            if content is None or verb.i in used_cues:
                continue
            start, end = content
            if covered.hold(start, end):
                continue  # inside a direct quote: the speaker's own words, not a new attribution
            attribution = Attribution(verb, _subject(verb), _addressee(verb, cues), _via(sent, verb, cues))
            found.append(builder.record(start, end, "indirect", attribution))

    found.sort(key=lambda quote: quote.span[0])
    return tuple(replace(quote, id=f"q{number}") for number, quote in enumerate(found, start=1))


SIGNATURE_DASHES = ("\u2015", "\u2014", "\u2013", "-")


def _signature(doc: Doc, text: str, quoted: Quoted) -> Token | None:
    """A name signed after the quote with a dash: “...” ― Pamela Padilla."""
    after = text[quoted.end : quoted.end + 6]
    stripped = after.lstrip("\"\u201d \u00a0")
    if not stripped.startswith(SIGNATURE_DASHES):
        return None
    start = quoted.end + after.index(stripped[0]) + 1
    following = [t for t in _tokens_in(doc, start, min(start + 60, len(text))) if not t.is_space]
    for token in following[:3]:
        if token.pos_ == "PROPN" or token.ent_type_ == "PERSON":
            return token
    return None


def _trailing(sentences: _Sentences, quoted: Quoted, cues: Cues) -> Attribution | None:
    """An attribution the parser split off into a sentence of its own right after the quote:
    “Does anybody know ...?” | Graham asked."""
    after = sentences.first_starting_in(quoted.end, quoted.end + 3)
    if after is None or len(after) > TRAILING_ATTRIBUTION_TOKENS:
        return None
    verbs = _speech_verbs(after, cues)
    if not verbs:
        return None
    verb = verbs[0]
    return Attribution(verb, _subject(verb), _addressee(verb, cues), _via(after, verb, cues))


def _introduced(sentences: _Sentences, first: Span, cues: Cues) -> Attribution | None:
    """A quote introduced by the sentence before it ("Warren grilled Stumpf:", "Obama said."):
    that sentence's reporting verb, when it has a subject and reports nothing of its own."""
    sent = sentences.last_ending_by(first.start_char)
    if sent is None:
        return None
    if not sent.text.rstrip().endswith((":", "said.", "says.")):
        return None
    verbs = _speech_verbs(sent, cues)
    for verb in reversed(verbs):
        if _content(verb) is None and _subject(verb) is not None:
            return Attribution(verb, _subject(verb), _addressee(verb, cues), _via(sent, verb, cues))
    return None


def _embedded(text: str, quoted: Quoted, sents: list[Span]) -> bool:
    """The quote sits inside a sentence of the narrator's: words of the sentence come before its
    opening mark (not just an attribution after it)."""
    lead = text[sents[0].start_char : max(sents[0].start_char, quoted.start - 1)]
    return any(ch.isalnum() for ch in lead) and quoted.closed


def _label(doc: Doc, quoted: Quoted) -> bool:
    """Quoted words that only modify a noun outside the quote: a label or a scare quote, not
    something anyone is reported to have said."""
    inside = [t for t in _tokens_in(doc, quoted.start, quoted.end) if not t.is_punct]
    if not inside or len(inside) >= SCARE_QUOTE_WORDS:
        return False
    outside_heads = [t for t in inside if not (quoted.start <= t.head.idx < quoted.end)]
    return bool(outside_heads) and all(t.dep_ in ("amod", "compound", "nmod") for t in outside_heads)


def _governing_cue(doc: Doc, quoted: Quoted, cues: Cues) -> Token | None:
    """The verb of saying or thinking whose clause holds the quoted words, nearest first."""
    inside = _tokens_in(doc, quoted.start, quoted.end)
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
    subject or addressee), stretched to cover the quoted words `include`."""
    addressee = _addressee(verb, cues)
    skip = {t.i for child in verb.children if child.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "punct",
                                                               "advmod", "npadvmod", "mark", "cc")
            for t in child.subtree}
    if addressee is not None:
        skip |= {t.i for t in addressee.subtree}
    tokens = [t for t in verb.subtree if t.i > verb.i and t.i not in skip and not t.is_punct]
    start = min([t.idx for t in tokens] + [include[0]])
    end = max([t.idx + len(t.text) for t in tokens] + [include[1]])
    return start, end


def _content(verb: Token) -> tuple[int, int] | None:
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


def _continues(text: str, sentences: _Sentences, before: Quoted, after: Quoted) -> bool:
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
