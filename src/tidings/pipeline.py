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
from tidings.dedupe import NearDuplicateIndex, article_id, serialize
from tidings.errors import BadDate
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.ingest.clean import clean_text
from tidings.ingest.extract import extract_html
from tidings.ingest.sources import iter_documents
from tidings.language import detect_language
from tidings.model import Analysis, Article, BatchSummary, Document, Failure, Known, Skip
from tidings.nlp import parse_texts
from tidings.quotes.extract import extract_quotes, link_events
from tidings.tone import article_tone

if TYPE_CHECKING:
    from datasketch import MinHash
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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ingest did with one input, for progress display."""

    ref: str | None
    status: str  # stored | unchanged | duplicate | skipped | failed
    detail: str = ""


def body_digest(document: Document) -> str:
    """SHA-256 of the input's raw bytes: with its ref, what `Store.input_done` remembers."""
    body = document.body.encode("utf-8") if isinstance(document.body, str) else document.body
    return hashlib.sha256(body).hexdigest()


def ingest(inputs: Iterable[str], store: Store, settings: Settings, *, published: str | None = None,
           stdin: BinaryIO | None = None,
           on_outcome: Callable[[Outcome], None] | None = None) -> BatchSummary:
    """Read, clean and store every input; link duplicates; record skips and failures.

    Idempotent: an input already ingested with the same bytes is passed over, and storing the
    same article twice changes nothing. Writes are committed every COMMIT_EVERY inputs, so an
    interrupted run loses at most the last batch and a rerun continues from there.
    """
    ledger = Ledger.start(store, settings, on_outcome)
    documents = iter_documents(inputs, settings, stdin=stdin)
    while True:
        with store.transaction():
            for _ in range(COMMIT_EVERY):
                item = next(documents, None)
                if item is None:
                    return ledger.summary
                if isinstance(item, Skip):
                    ledger.skip(item)
                    continue
                ingest_document(item, settings, ledger, published=published)


@dataclass
class Ledger:
    """The store side of ingest, shared by the one-process and the Dask paths (tidings.distributed):
    it decides, in input order, what each prepared input becomes (stored, duplicate, skipped,
    failed), writes it and counts it. Dedupe lives here so both paths link a copy to the same
    first article.
    """

    store: Store
    index: NearDuplicateIndex
    summary: BatchSummary
    merge_threshold: float  # the event_merge_threshold setting
    on_outcome: Callable[[Outcome], None] | None = None

    @classmethod
    def start(cls, store: Store, settings: Settings,
              on_outcome: Callable[[Outcome], None] | None = None) -> Ledger:
        """A ledger whose near-duplicate index holds every signature already in `store`."""
        index = NearDuplicateIndex(settings.near_duplicate_threshold, settings.shingle_size)
        for key, signature in store.iter_minhashes():
            index.add_serialized(key, signature)
        return cls(store, index, BatchSummary(), settings.event_merge_threshold, on_outcome)

    def report(self, outcome: Outcome) -> None:
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def skip(self, item: Skip, status: str = "skipped") -> None:
        self.store.record_skip(item)
        if status == "duplicate":
            self.summary.duplicates += 1
        else:
            self.summary.skipped += 1
        self.summary.count_reason(item.reason)
        self.report(Outcome(item.ref, status, f"{item.reason}: {item.detail}"))

    def fail(self, failure: Failure) -> None:
        self.store.record_failure(failure)
        self.summary.failed += 1
        self.summary.count_reason(f"failed in {failure.stage}")
        self.report(Outcome(failure.ref, "failed", failure.message))

    def passed_over(self, ref: str | None, digest: str) -> bool:
        """True (and counted as unchanged) when this input with these bytes was ingested before."""
        if not self.store.input_done(ref, digest):
            return False
        self.summary.unchanged += 1
        self.report(Outcome(ref, "unchanged", "already ingested"))
        return True

    def settle(self, ref: str | None, digest: str, prepared: Article | Skip, *,
               analysis_of: Callable[[Article], Analysis], signature: MinHash | None = None) -> None:
        """Store what one input became, in input order.

        Requires: `prepared` already language-checked (`check_language`); `analysis_of` returns
        the article's analysis made with the store's learned knowledge as it is now (called only
        when the article is stored, after its upsert); `signature` its MinHash if already made.
        """
        store = self.store
        if isinstance(prepared, Skip):
            self.skip(prepared)
            store.record_input(ref, digest, article_id=None, outcome=prepared.reason)
            return

        article = prepared
        if store.has_article(article.id):
            stored = store.get_article(article.id)
            if stored is not None and stored.ref == article.ref:
                self.summary.unchanged += 1
                self.report(Outcome(article.ref, "unchanged", "already stored"))
            else:
                store.upsert_article(article)  # fills metadata the first copy lacked, never overwrites
                self.skip(Skip(article.ref, "duplicate", f"same text as article {article.id}",
                               stage="dedupe", duplicate_of=article.id, article_id=article.id), "duplicate")
            store.record_input(ref, digest, article_id=article.id, outcome="duplicate")
            return

        signature = signature if signature is not None else self.index.signature(article.text)
        # Another process may have stored articles since the index was filled (several ingests
        # into one PostgreSQL database): add their signatures. Inside the store's transaction the
        # write lock keeps anyone else from storing one before this decision is committed.
        for key, stored_signature in store.new_minhashes():
            self.index.add_serialized(key, stored_signature)
        near = self.index.find(signature)
        if near is not None:
            first, similarity = near
            store.record_duplicate(article.id, first, kind="near", similarity=similarity, ref=article.ref)
            self.skip(Skip(article.ref, "near-duplicate",
                           f"{similarity:.0%} similar to article {first}; linked to it, not processed again",
                           stage="dedupe", duplicate_of=first, article_id=article.id), "duplicate")
            store.record_input(ref, digest, article_id=article.id, outcome="near-duplicate")
            return

        store.upsert_article(article)
        analysis = analysis_of(article)
        store.save_analysis(article.id, analysis.to_dict())
        store.link_events(article.id, threshold=self.merge_threshold)
        store.record_actor_facts(article.id, article.published, analysis.facts)
        store.save_minhash(article.id, serialize(signature))
        self.index.add(article.id, signature)
        store.record_input(ref, digest, article_id=article.id, outcome="stored")
        self.summary.stored += 1
        self.report(Outcome(article.ref, "stored", article.title or ""))


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
    try:
        prepared = prepare(document, settings, published=published)
    except Exception as exc:  # one article's bug must not end the batch
        ledger.fail(Failure(document.ref, "prepare", f"{type(exc).__name__}: {exc}"))
        return None
    if not isinstance(prepared, Skip):
        prepared = check_language(prepared, settings) or prepared
    store = ledger.store

    def analysis_of(article: Article) -> Analysis:
        on = learned_date(article)
        return analyze(article, settings, learned=lambda name: store.learned(name, on=on))

    stored_before = ledger.summary.stored
    ledger.settle(document.ref, digest, prepared, analysis_of=analysis_of)
    if isinstance(prepared, Article) and ledger.summary.stored > stored_before:
        return prepared.id
    return None
