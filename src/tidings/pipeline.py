"""The only orchestrator: it alone knows the order of the stages.

    Document ─► extract (HTML only) ─► clean ─► length and language checks ─► Article   (prepare)
    Article ─► parse ─► actors ─► events, quotes ─► link events to quotes ─► Analysis   (analyze)
    inputs ─► process_documents ─► Processed ─► settle (Ledger) ─► store

`process_documents` is the one driver: `tidings analyze` (analyze_inputs), `ingest`, the single
document paths (`ingest_document`: watch, the web API's POST), the Python API and the Dask worker
all run their inputs through it. A batch never dies of one bad input: every input ends as an
article, a skip or a failure, each with its reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, BinaryIO

from tidings.actors.extract import Lookup, extract_actors
from tidings.actors.knowledge import load_knowledge
from tidings.actors.overrides import load_overrides
from tidings.dedupe import article_id
from tidings.errors import BadDate
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.events.places import place_events
from tidings.ingest.border import valid_item
from tidings.ingest.clean import clean_text
from tidings.ingest.extract import extract_html
from tidings.ingest.sources import iter_documents
from tidings.language import detect_language
from tidings.ledger import Ledger as Ledger  # re-exported: watch, the web app and Dask use it from here
from tidings.ledger import Outcome as Outcome
from tidings.ledger import same_answer
from tidings.model import Analysis, Article, BatchSummary, Document, Failure, Known, Removed, Skip
from tidings.nlp import parse_texts
from tidings.quotes.cues import load_cues
from tidings.quotes.extract import extract_quotes, link_events
from tidings.tone import article_tone

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from tidings.settings import Settings
    from tidings.store import Store

_WORD = re.compile(r"\w+")
_URL = re.compile(r"\b(?:https?|ftp)://\S+")
# How many inputs are committed together: a crash loses at most this many, and a rerun redoes them.
COMMIT_EVERY = 50


def _from_iso(text: str) -> str | None:
    """`text` as a normalised ISO 8601 date or datetime, or None if it is not ISO 8601."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def parse_published(value: str | None, *, name: str = "--published") -> str | None:
    """Check a user-given publication date (ISO 8601 date or datetime) and return it normalised;
    BadDate, naming the option or argument `name`, for one that is not a date that exists."""
    if value is None or not value.strip():
        return None
    iso = _from_iso(value.strip())
    if iso is None:
        raise BadDate(
            f"{name} {value!r} is not an ISO 8601 date that exists; "
            "write it as 2024-01-12 or 2024-01-12T09:30:00Z"
        )
    return iso


def normalise_date(value: str | None) -> str | None:
    """An ISO 8601 form of a date the input or page gave (ISO, ISO with a space, RFC 2822), else None.

    A value we cannot read is dropped rather than passed on: downstream, dates are compared as
    ISO strings, and a wrong date is worse than none.
    """
    if not value or not value.strip():
        return None
    iso = _from_iso(value.strip())
    if iso is not None:
        return iso
    try:
        return parsedate_to_datetime(value.strip()).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _as_text(body: bytes | str) -> str:
    return body if isinstance(body, str) else body.decode("utf-8", errors="replace")


def prepare(document: Document, settings: Settings, *, published: str | None = None) -> Article | Skip:
    """Turn one source document into a cleaned Article, or a Skip saying why it is not one.

    Requires: a Document from `tidings.ingest.sources`.
    Returns: an Article whose `id` is the hash of its cleaned text and whose `language` is the
    detected one, or a Skip with reason "no-text" (too few words after extraction and cleaning).
    Whether the language is one we analyse is `check_language`'s call.
    Publication date precedence: `published` (the --published flag), then what the source knew
    (feed entry, JSONL field), then the page's own metadata; never the fetch or crawl time.
    """
    document = valid_item(document)  # callers other than the sources layer (the API, watch) too
    url, title, source = document.url, document.title, document.source
    page_published: str | None = None
    page_language: str | None = None
    if document.kind == "html":
        extracted = extract_html(document.body, url=document.url)
        text = extracted.text
        url = url or extracted.url
        title = title or extracted.title
        source = source or extracted.source
        page_published, page_language = extracted.published, extracted.language
    else:
        text = _as_text(document.body)

    cleaned = clean_text(text, title=title)
    words = len(_WORD.findall(cleaned.text))
    # A web page with a handful of words is an index page, a paywall or an error page; a text
    # the user gave us is analysed however short it is (a single sentence is a fine input).
    minimum = settings.min_words if document.kind == "html" else 1
    if words < minimum:
        hint = "is this an index page or a paywall?" if document.kind == "html" else "the text is empty"
        return Skip(document.ref, "no-text",
                    f"only {words} words of article text after extraction and cleaning "
                    f"(minimum {minimum}); {hint}", stage="extract")

    if _is_link_list(cleaned.text):
        return Skip(document.ref, "no-text",
                    "most lines are web addresses: a list of links, not an article", stage="extract")

    detected = detect_language(cleaned.text)
    return Article(
        id=article_id(cleaned.text),
        text=cleaned.text,
        ref=document.ref,
        title=cleaned.title,
        url=url,
        source=source,
        published=published or normalise_date(document.published) or normalise_date(page_published),
        language=detected.code or page_language,
        language_confidence=detected.confidence,
        removed=_with_dateline(document.dateline, cleaned.removed),
        origin=document.origin,
        fetched_at=document.fetched_at,
    )


def _with_dateline(dateline: str | None, removed: tuple[Removed, ...]) -> tuple[Removed, ...]:
    """`removed` with the dateline the source gave apart from the text in front (a piece of the
    input that is not in the text, read by the places stage), unless it is blank or the cleaner
    took the same line out of the text."""
    line = " ".join((dateline or "").split())
    taken = {" ".join(piece.text.split()) for piece in removed if piece.reason == "dateline"}
    if not line or line in taken:
        return removed
    return (Removed(text=line, reason="dateline"), *removed)


def _is_link_list(text: str) -> bool:
    """True when at least half the lines are mostly a URL (a urls.txt, a link dump)."""
    lines = [line for line in text.splitlines() if line.strip()]
    linky = sum(1 for line in lines if sum(len(url) for url in _URL.findall(line)) * 2 > len(line.strip()))
    return bool(lines) and linky * 2 >= len(lines)


def check_language(article: Article, settings: Settings) -> Skip | None:
    """A "not-english" Skip when the article is not in one of the languages we analyse, else None."""
    if article.language in settings.language_codes:
        return None
    found = (f"{article.language} (confidence {article.language_confidence:.2f})" if article.language
             else "no recognisable language")
    return Skip(article.ref, "not-english",
                f"detected {found}; tidings analyses {settings.languages} only (the `languages` setting)",
                stage="language", article_id=article.id)


def _article_date(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def analyze(article: Article, settings: Settings, *, learned: Lookup | None = None,
            doc: SpacyDoc | None = None, earlier: Analysis | None = None) -> Analysis:
    """The analysis of one article in the shape of analysis.schema.json.

    Parses the text with the English pipeline (loaded once per process) unless `doc`, its parse
    made in a batch, is given; then runs the stages. `learned` looks a name up in what earlier
    articles stated (the store's learned knowledge). `earlier` is an analysis of the same
    article and parse made with other learned knowledge: when the actors come out the same, it
    is returned as it is, since the later stages depend only on the parse and the actors.
    """
    doc = doc if doc is not None else next(parse_texts([article.text]))
    published = _article_date(article)
    overrides = load_overrides(settings.actor_overrides_path)
    found = extract_actors(doc, load_knowledge(), published=published,
                           override=overrides.lookup, learned=learned or _nothing_learned)
    if earlier is not None and found.facts == earlier.facts and found.actors == earlier.actors:
        return earlier
    cues = load_cues()
    events = extract_events(doc, found.actors, published=published, codebook=load_codebook(),
                            lexicon=load_lexicon(), cues=cues)
    events = place_events(doc, events, found.actors,
                          datelines=[piece.text for piece in article.removed if piece.reason == "dateline"])
    quotes = extract_quotes(doc, found.actors, cues=cues)
    toned = replace(article, tone=article_tone([sent.text for sent in doc.sents]))
    return Analysis(article=toned, actors=found.actors, events=link_events(events, quotes), quotes=quotes,
                    facts=found.facts)


def _nothing_learned(_name: str) -> Known | None:
    return None


AnalyzeResult = Analysis | Skip | Failure


# Articles read ahead and parsed together (`parse_texts` batches them by characters): batching the
# parser's matrix work is what makes the parse cheap; results still come out in input order.
PARSE_BATCH = 16


def _parse_batch(texts: list[str]) -> list[SpacyDoc | None]:
    """The parses of `texts`; when parsing fails, None for each (each article is then parsed,
    and fails, on its own)."""
    try:
        return list(parse_texts(texts))
    except Exception:
        return [None] * len(texts)


def body_digest(document: Document) -> str:
    """SHA-256 of the input's raw bytes: with its ref, what `Store.recorded_input` remembers."""
    # surrogatepass: a body that skipped the sources layer may still hold a lone surrogate.
    body = document.body.encode("utf-8", "surrogatepass") if isinstance(document.body, str) else document.body
    return hashlib.sha256(body).hexdigest()


LearnedFor = Callable[[Article], Lookup]


@dataclass(frozen=True, slots=True)
class Processed:
    """One input taken through the stages, before anything of it is stored.

    `item` is the Document (or the Skip a source yielded instead of one) and `digest` its body's
    SHA-256. `result` is what the input became: an Article (analysed: `analysis` is set), a Skip
    (no text, not English: then `analysis` holds the article part with `skipped` said, for those
    who report it), a Failure, or None when the caller's `done` said it was processed before.
    `lookups` are the learned answers the analysis used, to be checked again when it is stored;
    `doc` the parse, kept so the stages can be rerun without parsing again.
    """

    item: Document | Skip
    digest: str = ""
    result: Article | Skip | Failure | None = None
    analysis: Analysis | None = None
    lookups: tuple[tuple[str, Known | None], ...] = ()
    doc: SpacyDoc | None = None

    @property
    def answer(self) -> AnalyzeResult:
        """What `tidings analyze` reports for the input: the analysis, else the Skip or Failure."""
        if self.analysis is not None:
            return self.analysis
        if isinstance(self.result, Skip | Failure):
            return self.result
        if isinstance(self.item, Skip):
            return self.item
        raise ValueError(f"{self.item.ref}: an input passed over has no answer")


def process_documents(items: Iterable[Document | Skip], settings: Settings, *, published: str | None = None,
                      learned_for: LearnedFor | None = None,
                      done: Callable[[Document, str], bool] | None = None,
                      prepared: Callable[[Document], Article | None] | None = None,
                      window: int | None = PARSE_BATCH) -> Iterator[Processed]:
    """The one driver: prepare, language-check, parse (in windows) and analyse each input, in order.

    Every path that analyses runs through here: `tidings analyze` (analyze_inputs), `ingest` (a
    batch at a time), `ingest_document` (watch, the web API's POST), the Python API and the Dask
    worker. Requires: `items` from the sources layer (or Documents a caller built). `learned_for`
    gives, for an article, its lookup of learned knowledge (none when absent); each answer used is
    recorded in `lookups`. `done(document, digest)` True passes an input over (`result` None).
    `prepared(document)` may hand back an Article the caller already prepared from it (watch
    prepares a page to tell an article from an index page). `window` inputs with an article are
    parsed together (None: all of `items` at once). The analysis of an input is made when it is
    yielded, so a caller may learn from one before the next is analysed. Never raises for a bad
    input: its failure is its `result`.
    """
    pending: list[Processed] = []
    articles_pending = 0

    def flush() -> Iterator[Processed]:
        articles = [entry.result for entry in pending if isinstance(entry.result, Article)]
        docs = iter(_parse_batch([article.text for article in articles]))
        for entry in pending:
            if isinstance(entry.result, Article):
                yield _analysed(entry, next(docs), settings, learned_for)
            else:
                yield entry
        pending.clear()

    for item in items:
        if isinstance(item, Skip):
            pending.append(Processed(item))
        else:
            digest = body_digest(item)
            if done is not None and done(item, digest):
                pending.append(Processed(item, digest))
            else:
                pending.append(_prepared(item, digest, settings, published,
                                         prepared(item) if prepared is not None else None))
                articles_pending += isinstance(pending[-1].result, Article)
        if window is not None and articles_pending >= window:
            yield from flush()
            articles_pending = 0
    yield from flush()


def _prepared(document: Document, digest: str, settings: Settings, published: str | None,
              ready: Article | None) -> Processed:
    """The input prepared and language-checked (an article not in our languages keeps its article
    part, reported with the reason the later stages were left out)."""
    try:
        article = ready if ready is not None else prepare(document, settings, published=published)
    except Exception as exc:  # one article's bug must not end the batch
        return Processed(document, digest, Failure(document.ref, "prepare", f"{type(exc).__name__}: {exc}"))
    if isinstance(article, Skip):
        return Processed(document, digest, article)
    not_ours = check_language(article, settings)
    if not_ours is not None:
        return Processed(document, digest, not_ours, Analysis(article=article, skipped=not_ours))
    return Processed(document, digest, article)


def _analysed(entry: Processed, doc: SpacyDoc | None, settings: Settings,
              learned_for: LearnedFor | None) -> Processed:
    article = entry.result
    assert isinstance(article, Article)
    lookups: dict[str, Known | None] = {}
    lookup = learned_for(article) if learned_for is not None else _nothing_learned

    def learned(name: str) -> Known | None:
        if name not in lookups:
            lookups[name] = lookup(name)
        return lookups[name]

    try:
        analysis = analyze(article, settings, learned=learned, doc=doc)
    except Exception as exc:  # one article's bug must not end the batch
        failure = Failure(article.ref, "analyze", f"{type(exc).__name__}: {exc}")
        return replace(entry, result=failure, doc=doc)
    return replace(entry, analysis=analysis, lookups=tuple(lookups.items()), doc=doc)


def analyze_inputs(inputs: Iterable[str], settings: Settings, *, published: str | None = None,
                   stdin: BinaryIO | None = None) -> Iterator[AnalyzeResult]:
    """Analyse each input in order; yield an Analysis, or the Skip or Failure that replaced it."""
    for processed in process_documents(iter_documents(inputs, settings, stdin=stdin), settings,
                                       published=published):
        yield processed.answer


def process_document(document: Document, settings: Settings, *, published: str | None = None,
                     learned_for: LearnedFor | None = None) -> Processed:
    """One document through the stages (`process_documents` for a single input)."""
    return next(process_documents([document], settings, published=published, learned_for=learned_for))


# An ingest batch also ends when its texts reach this many characters: the parses of a batch are
# kept until it is stored (to re-run the stages should what the store learned have changed), and
# a parse takes memory in proportion to its text.
BATCH_TEXT_CHARS = 1_000_000


def ingest(inputs: Iterable[str], store: Store, settings: Settings, *, published: str | None = None,
           stdin: BinaryIO | None = None,
           on_outcome: Callable[[Outcome], None] | None = None) -> BatchSummary:
    """Read, clean and store every input; link duplicates; record skips and failures.

    Idempotent: an input already ingested with the same bytes is passed over, and storing the
    same article twice changes nothing. Inputs go in batches of up to COMMIT_EVERY: each batch is
    prepared, parsed and analysed first, with no lock held, then stored in one short transaction
    (so an interrupted run loses at most the last batch, and several ingests into one database
    take turns batch by batch instead of one holding the write lock through its analysis).
    """
    ledger = Ledger.start(store, settings, on_outcome)
    documents = iter_documents(inputs, settings, stdin=stdin)
    while batch := _next_batch(documents):
        # Reads the store (what is done, what was learned) but writes nothing.
        ahead = list(process_documents(batch, settings, published=published, learned_for=_store_lookup(store),
                                       done=_done_in(store), window=None))
        with store.transaction():
            for processed in ahead:
                settle(processed, ledger, settings)
    return ledger.summary


def _next_batch(documents: Iterator[Document | Skip]) -> list[Document | Skip]:
    batch: list[Document | Skip] = []
    chars = 0
    while len(batch) < COMMIT_EVERY and chars < BATCH_TEXT_CHARS:
        item = next(documents, None)
        if item is None:
            break
        batch.append(item)
        chars += len(item.body) if isinstance(item, Document) else 0
    return batch


def _done_in(store: Store) -> Callable[[Document, str], bool]:
    """Whether the store recorded an input (its ref and these bytes) as done before."""
    return lambda document, digest: store.recorded_input(document.ref, digest) is not None


def _store_lookup(store: Store) -> LearnedFor:
    """For an article, its lookup in what the store learned up to the article's date."""
    def learned_for(article: Article) -> Lookup:
        on = learned_date(article)
        return lambda name: store.learned(name, on=on)

    return learned_for


def settle(processed: Processed, ledger: Ledger, settings: Settings) -> str | None:
    """Store one processed input through `ledger` (inside the caller's transaction), in input order.

    The analysis made ahead stands when every learned answer it used is still the store's (an
    earlier article of the batch, or another writer, may have taught something since); else the
    stages are rerun on the kept parse. Returns the article id when a new article was stored.
    """
    item = processed.item
    if isinstance(item, Skip):
        ledger.skip(item)
        return None
    if ledger.passed_over(item.ref, processed.digest) or processed.result is None:
        return None
    if isinstance(processed.result, Failure):
        ledger.fail(processed.result, digest=processed.digest)
        return None
    def analysis_of(article: Article) -> Analysis:
        analysis, _redone = current_analysis(article, processed.analysis, processed.lookups, ledger.store,
                                             settings, parse=lambda: processed.doc)
        return analysis

    return ledger.settle(item.ref, processed.digest, processed.result, analysis_of=analysis_of)


def current_analysis(article: Article, made: Analysis | None, lookups: Iterable[tuple[str, Known | None]],
                     store: Store, settings: Settings, *, parse: Callable[[], SpacyDoc | None],
                     on_answer: Callable[[str, Known | None], None] | None = None) -> tuple[Analysis, bool]:
    """The analysis made ahead (`made`, with the learned answers `lookups` it used) when every one
    of those answers is still the store's, else the article analysed again with the store's
    knowledge on the kept parse (`parse()`; None parses again); and whether it was made again.

    The one-process ingest and the Dask driver both check a made analysis this way before it is
    stored; `on_answer` sees the store's current answer to each name (Dask passes it on to the
    workers).
    """
    on = learned_date(article)
    moved = False
    for name, seen in lookups:
        now = store.learned(name, on=on)
        if on_answer is not None:
            on_answer(name, now)
        moved = moved or not same_answer(seen, now)
    if made is not None and not moved:
        return made, False
    return analyze(article, settings, learned=lambda name: store.learned(name, on=on), doc=parse(),
                   earlier=made), True


def learned_date(article: Article) -> str | None:
    """The `on` of the article's learned-knowledge lookups: its publication day, None if undated."""
    return article.published[:10] if article.published else None


def ingest_document(document: Document, settings: Settings, ledger: Ledger, *, published: str | None = None,
                    prepared: Article | None = None) -> str | None:
    """Process and settle one document through `ledger` (what `ingest` does per input).

    Requires: the caller's open `store.transaction()` if it wants the writes grouped. `prepared` is
    the document's Article when the caller prepared it already (watch, to tell an article page from
    an index page), so it is not prepared twice.
    Returns the article id when the document was stored as a new article, else None (unchanged,
    duplicate, skipped or failed: the ledger recorded which). Never raises for a bad document.
    """
    store = ledger.store
    processed = next(process_documents(
        [document], settings, published=published, learned_for=_store_lookup(store),
        done=_done_in(store),
        prepared=(lambda _document: prepared) if prepared is not None else None))
    return settle(processed, ledger, settings)
