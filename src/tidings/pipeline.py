"""The only orchestrator: it alone knows the order of the stages.

    Document ─► extract (HTML only) ─► clean ─► length and language checks ─► Article
    Article ─► analyze ─► Analysis                       (actors, events, quotes: later stages)
    inputs ─► ingest ─► store (exact and near-duplicates linked, skips and failures recorded)

A batch never dies of one bad input: every input ends as an article, a skip or a failure, each
with its reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from tidings.actors.extract import Lookup, extract_actors
from tidings.actors.knowledge import load_knowledge
from tidings.actors.overrides import load_overrides
from tidings.dedupe import article_id
from tidings.errors import BadDate
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.ingest.border import valid_item
from tidings.ingest.clean import clean_text
from tidings.ingest.extract import extract_html
from tidings.ingest.sources import iter_documents
from tidings.language import detect_language
from tidings.ledger import Ledger as Ledger  # re-exported: watch, the web app and Dask use it from here
from tidings.ledger import Outcome as Outcome
from tidings.ledger import same_answer
from tidings.model import Analysis, Article, BatchSummary, Document, Failure, Known, Skip
from tidings.nlp import parse_texts
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


def parse_published(value: str | None) -> str | None:
    """Check a user-given publication date (ISO 8601 date or datetime) and return it normalised."""
    if value is None or not value.strip():
        return None
    iso = _from_iso(value.strip())
    if iso is None:
        raise BadDate(
            f"--published {value!r} is not an ISO 8601 date; "
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
        removed=cleaned.removed,
        origin=document.origin,
        fetched_at=document.fetched_at,
    )


def prepare_checked(document: Document, settings: Settings, *,
                    published: str | None = None) -> Article | Skip | Failure:
    """`prepare`, then `check_language`: the Article, the Skip that replaced it, or the Failure of
    stage "prepare" when preparing raised. Never raises for a bad document."""
    try:
        prepared = prepare(document, settings, published=published)
    except Exception as exc:  # one article's bug must not end the batch
        return Failure(document.ref, "prepare", f"{type(exc).__name__}: {exc}")
    if isinstance(prepared, Skip):
        return prepared
    return check_language(prepared, settings) or prepared


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
    if earlier is not None and found.facts == earlier.facts and _as_json(found.actors) == _as_json(
            earlier.actors):
        return earlier
    events = extract_events(doc, found.actors, published=published, codebook=load_codebook(),
                            lexicon=load_lexicon())
    quotes = extract_quotes(doc, found.actors)
    toned = replace(article, tone=article_tone([sent.text for sent in doc.sents]))
    return Analysis(article=toned, actors=found.actors, events=link_events(events, quotes), quotes=quotes,
                    facts=found.facts)


def _nothing_learned(_name: str) -> Known | None:
    return None


def _as_json(records: tuple[dict[str, Any], ...]) -> str:
    # An analysis read back from JSON has lists where a fresh one has tuples.
    return json.dumps(records, sort_keys=True)


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


def analyze_inputs(inputs: Iterable[str], settings: Settings, *, published: str | None = None,
                   stdin: BinaryIO | None = None) -> Iterator[AnalyzeResult]:
    """Analyse each input in order; yield an Analysis, or the Skip or Failure that replaced it."""
    window: list[AnalyzeResult | Article] = []

    def flush() -> Iterator[AnalyzeResult]:
        articles = [entry for entry in window if isinstance(entry, Article)]
        docs = iter(_parse_batch([article.text for article in articles]))
        for entry in window:
            if not isinstance(entry, Article):
                yield entry
                continue
            try:
                yield analyze(entry, settings, doc=next(docs))
            except Exception as exc:  # one article's bug must not end the batch
                yield Failure(entry.ref, "analyze", f"{type(exc).__name__}: {exc}")
        window.clear()

    for item in iter_documents(inputs, settings, stdin=stdin):
        if isinstance(item, Skip):
            window.append(item)
            continue
        try:
            prepared = prepare(item, settings, published=published)
            if isinstance(prepared, Skip):
                window.append(prepared)
                continue
            # The article part does not depend on the language, so it is still reported; the
            # English-only stages are left out, and the analysis says why.
            not_ours = check_language(prepared, settings)
            window.append(Analysis(article=prepared, skipped=not_ours) if not_ours else prepared)
        except Exception as exc:  # one article's bug must not end the batch
            window.append(Failure(item.ref, "analyze", f"{type(exc).__name__}: {exc}"))
        if sum(isinstance(entry, Article) for entry in window) >= PARSE_BATCH:
            yield from flush()
    yield from flush()


def body_digest(document: Document) -> str:
    """SHA-256 of the input's raw bytes: with its ref, what `Store.input_done` remembers."""
    # surrogatepass: a body that skipped the sources layer may still hold a lone surrogate.
    body = document.body.encode("utf-8", "surrogatepass") if isinstance(document.body, str) else document.body
    return hashlib.sha256(body).hexdigest()


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
        ahead = _analyse_ahead(batch, store, settings, published=published)
        with store.transaction():
            for item in ahead:
                _settle_ahead(item, ledger, settings)
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


@dataclass(frozen=True, slots=True)
class _Ahead:
    """One input of a batch, analysed before the write lock is taken.

    `prepared` is None for an input already done when the batch was read. `lookups` are the
    learned answers the analysis used, checked again when the article is stored.
    """

    item: Document | Skip
    digest: str = ""
    prepared: Article | Skip | Failure | None = None
    analysis: Analysis | None = None
    lookups: tuple[tuple[str, Known | None], ...] = ()
    doc: SpacyDoc | None = None


def _analyse_ahead(batch: list[Document | Skip], store: Store, settings: Settings, *,
                   published: str | None) -> list[_Ahead]:
    """Prepare, language-check, parse (together) and analyse the batch's inputs, in order.

    Reads the store (what is done, what was learned) but writes nothing. Never raises for a bad
    input: a failure becomes the input's `prepared`.
    """
    prepared: list[_Ahead] = []
    for item in batch:
        if isinstance(item, Skip):
            prepared.append(_Ahead(item))
            continue
        digest = body_digest(item)
        if store.input_done(item.ref, digest):
            prepared.append(_Ahead(item, digest))
            continue
        prepared.append(_Ahead(item, digest, prepare_checked(item, settings, published=published)))

    articles = [entry.prepared for entry in prepared if isinstance(entry.prepared, Article)]
    docs = iter(_parse_batch([article.text for article in articles]))
    analysed: list[_Ahead] = []
    for entry in prepared:
        if not isinstance(entry.prepared, Article):
            analysed.append(entry)
            continue
        article, doc = entry.prepared, next(docs)
        on = learned_date(article)
        lookups: dict[str, Known | None] = {}

        def learned(name: str, on: str | None = on,
                    lookups: dict[str, Known | None] = lookups) -> Known | None:
            if name not in lookups:
                lookups[name] = store.learned(name, on=on)
            return lookups[name]

        try:
            analysis = analyze(article, settings, learned=learned, doc=doc)
        except Exception as exc:  # one article's bug must not end the batch
            failure = Failure(article.ref, "analyze", f"{type(exc).__name__}: {exc}")
            analysed.append(replace(entry, prepared=failure))
            continue
        analysed.append(replace(entry, analysis=analysis, lookups=tuple(lookups.items()), doc=doc))
    return analysed


def _settle_ahead(entry: _Ahead, ledger: Ledger, settings: Settings) -> None:
    """Store one input of a batch (inside the batch's transaction), in input order."""
    item = entry.item
    if isinstance(item, Skip):
        ledger.skip(item)
        return
    if ledger.passed_over(item.ref, entry.digest) or entry.prepared is None:
        return
    if isinstance(entry.prepared, Failure):
        ledger.fail(entry.prepared, digest=entry.digest)
        return
    store = ledger.store

    def analysis_of(article: Article) -> Analysis:
        # The analysis made ahead stands when every learned answer it used is still the store's
        # (an earlier article of this batch, or another writer, may have taught something since).
        on = learned_date(article)
        if entry.analysis is not None and all(same_answer(seen, store.learned(name, on=on))
                                              for name, seen in entry.lookups):
            return entry.analysis
        return analyze(article, settings, learned=lambda name: store.learned(name, on=on), doc=entry.doc,
                       earlier=entry.analysis)

    ledger.settle(item.ref, entry.digest, entry.prepared, analysis_of=analysis_of)


def learned_date(article: Article) -> str | None:
    """The `on` of the article's learned-knowledge lookups: its publication day, None if undated."""
    return article.published[:10] if article.published else None


def ingest_document(document: Document, settings: Settings, ledger: Ledger, *,
                    published: str | None = None) -> str | None:
    """Prepare, analyse and settle one document through `ledger` (what `ingest` does per input).

    Requires: the caller's open `store.transaction()` if it wants the writes grouped.
    Returns the article id when the document was stored as a new article, else None (unchanged,
    duplicate, skipped or failed: the ledger recorded which). Never raises for a bad document.
    """
    digest = body_digest(document)
    if ledger.passed_over(document.ref, digest):
        return None
    prepared = prepare_checked(document, settings, published=published)
    if isinstance(prepared, Failure):
        ledger.fail(prepared, digest=digest)
        return None
    store = ledger.store

    def analysis_of(article: Article) -> Analysis:
        on = learned_date(article)
        return analyze(article, settings, learned=lambda name: store.learned(name, on=on))

    stored_before = ledger.summary.stored
    ledger.settle(document.ref, digest, prepared, analysis_of=analysis_of)
    if isinstance(prepared, Article) and ledger.summary.stored > stored_before:
        return prepared.id
    return None
