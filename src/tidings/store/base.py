"""The store interface, shared by the SQLite and the PostgreSQL backends.

`open_store(target)` (tidings.store) opens a SQLite file for a path and a PostgreSQL database for
a `postgresql://` (or `postgres://`) URL; both are a `Store`, with the same methods and results.
A backend (store/sqlite.py, store/postgres.py) supplies the connection, how a write transaction
starts (`_begin`), which driver errors become StoreError and with what hint; the SQL, here and in
the query modules beside it (articles, intake, actors, events, merged, quotes, alerts, watch), is
written once and asks the connection's dialect (store/dialect.py) for the few differences. The
store reads and writes rows and decides nothing: merging (tidings.events.linking) and stories
(tidings.stories) are decided in their own modules.

Each write method runs in its own transaction, or in a savepoint when called inside
`Store.transaction()`, so a batch can commit every N articles and a crash loses at most the open
batch; a rerun then passes over the inputs already recorded in `inputs`. Only one write
transaction runs at a time per database (SQLite's write lock, an advisory lock in PostgreSQL),
so several processes can ingest into one database without deadlocks or double work.

Re-ingesting the same input changes nothing: identical articles, skips, failures, inputs,
duplicates, minhashes and analyses are detected and left alone (the tests compare dumps).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Unpack

from tidings.errors import StoreError
from tidings.events.merge import EventLink, SideCondition, StoredMention
from tidings.filters import ActorKwargs, ArticleKwargs, EventKwargs, QuoteKwargs, iso_bound
from tidings.model import ActorFact, Analysis, Article, Failure, Known, Skip
from tidings.records import Json
from tidings.rows import (
    ActorProfile,
    ActorRow,
    ArticleRow,
    DuplicateRow,
    EventEvidence,
    EventRow,
    FailureRow,
    FiredAlert,
    MergedEventRow,
    QuoteMatch,
    QuoteRow,
    SkipRow,
    TellingRow,
)
from tidings.store import actors as actor_queries
from tidings.store import alerts as alert_queries
from tidings.store import articles as article_queries
from tidings.store import events as event_queries
from tidings.store import intake as intake_queries
from tidings.store import merged as merged_queries
from tidings.store import quotes as quote_queries
from tidings.store import signatures as signature_queries
from tidings.store import tallies as tally_queries
from tidings.store import watch as watch_queries
from tidings.store.dialect import Connection
from tidings.store.rollup import EventSummary
from tidings.store.rows import analysis_rows
from tidings.store.timeline import DayCount
from tidings.stories import StoryArticle

if TYPE_CHECKING:
    from tidings.alerts.evaluate import Alert
    from tidings.dedupe import Banding

# The largest LIMIT or OFFSET a query takes: SQLite's integers and PostgreSQL's bigint hold 64 bits.
MAX_ROWS = 2**63 - 1


def check_rows(**counts: int) -> None:
    """Raise ValueError naming the first of `counts` (limit=..., offset=...) that is not a whole
    number from 0 to MAX_ROWS; past it the driver would fail inside the query with OverflowError."""
    for name, value in counts.items():
        if not isinstance(value, int) or not 0 <= value <= MAX_ROWS:
            raise ValueError(f"{name} must be a whole number from 0 to {MAX_ROWS}, not {value!r}")


def page_limit(limit: int | None, offset: int = 0) -> int:
    """`limit` checked with `offset` as check_rows does; None (no limit) as MAX_ROWS, which every
    listing's SQL takes as "all the rows"."""
    limit = MAX_ROWS if limit is None else limit
    check_rows(limit=limit, offset=offset)
    return limit


def _check_dates(**bounds: str | None) -> None:
    """ValueError for a bound that is given and is not an ISO date (store.events' rule)."""
    for name, value in bounds.items():
        if value is not None:
            iso_bound(name, value)


class Store:
    """A tidings database. Use `open_store(path_or_url)` (tidings.store), preferably as a context
    manager."""

    # The driver's exception classes that become StoreError in write methods.
    _errors: ClassVar[tuple[type[Exception], ...]] = ()

    def __init__(self, conn: Connection, location: str) -> None:
        self._conn = conn
        self.location = location  # for messages: a path, or a URL without its password
        self._savepoints = itertools.count(1)

    # -- the connection -------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        """The underlying connection, for tests and inspection; write through the methods."""
        return self._conn

    def close(self) -> None:
        """Close the connection; an open transaction is rolled back."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- what a backend supplies ------------------------------------------------------------

    def _begin(self) -> None:
        """Start a write transaction holding the database's write lock (one writer at a time)."""
        raise NotImplementedError

    def _hint(self, exc: Exception) -> str:
        """What the user can do about a driver error."""
        return "see the message above"

    def rebuild_search(self) -> None:
        """Reindex full-text search from the tables (SQLite needs it after VACUUM)."""
        raise NotImplementedError

    # -- transactions ---------------------------------------------------------------------

    def _error(self, exc: Exception) -> StoreError:
        return StoreError(f"cannot write to {self.location} ({str(exc).strip()}); {self._hint(exc)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them are committed at the end, or none if an exception escapes.

        Nests: an inner transaction is a savepoint inside the outer one. The outermost one waits
        for, then holds, the database's write lock, so what it reads is not changed by another
        writer before it commits.
        """
        conn = self._conn
        if conn.in_transaction:
            name = f"tidings_{next(self._savepoints)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        try:
            self._begin()
        except self._errors as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise self._error(exc) from None
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except self._errors as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise self._error(exc) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write method's transaction, turning driver errors into StoreError."""
        with self.transaction():
            try:
                yield self._conn
            except self._errors as exc:
                raise self._error(exc) from None

    # -- articles -------------------------------------------------------------------------

    def upsert_article(self, article: Article) -> bool:
        """Store `article`; return True if it is new.

        A stored article is never overwritten: a later copy only fills fields the stored one
        lacks (a title, a date), and an identical copy changes nothing, not even ingested_at.
        """
        with self._write() as conn:
            return article_queries.upsert_article(conn, article)

    def has_article(self, article_id: str) -> bool:
        return article_queries.has_article(self._conn, article_id)

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with its removed pieces in their original order, or None."""
        return article_queries.get_article(self._conn, article_id)

    def articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                 language: str | None = None, search: str | None = None, limit: int | None = 50,
                 offset: int = 0) -> list[ArticleRow]:
        """Stored articles, newest published first (undated last), as summaries without the text.

        `since` and `until` are ISO dates or datetimes compared with `published`, both inclusive:
        until="2024-03-31" includes "2024-03-31T23:00". Articles without a date are left out
        when either is given. `search` is full-text over title and text: every word must occur,
        a "quoted phrase" keeps its order, `word*` is a prefix; no string is a syntax error. Raises
        ValueError for a date that is not an ISO date and a limit or offset out of check_rows' range.
        """
        limit = page_limit(limit, offset)
        return article_queries.articles(self._conn, source=source, since=since, until=until,
                                        language=language, search=search, limit=limit, offset=offset)

    def count_articles(self, **filters: Unpack[ArticleKwargs]) -> int:
        """How many stored articles `articles(**filters)` would list without a limit."""
        return article_queries.count_articles(self._conn, **filters)

    # -- analysis -------------------------------------------------------------------------

    def save_analysis(self, article_id: str, analysis: Analysis) -> None:
        """Store `analysis` for a stored article: its `to_dict()` (analysis.schema.json's shape) as
        the analysis document, its records as rows (store.rows.analysis_rows).

        Replaces the article's actors, mentions, events and quotes in one transaction. Saving
        the same analysis again changes nothing. Raises StoreError when the article is not stored.
        """
        document = json.dumps(analysis.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        rows = analysis_rows(article_id, analysis)
        with self._write() as conn:
            if not article_queries.save_analysis(conn, article_id, document, rows):
                raise StoreError(f"no article {article_id} in {self.location}; upsert_article it first")

    def get_analysis(self, article_id: str) -> dict[str, Json] | None:
        """The analysis saved for the article (analysis.schema.json's shape, keys sorted), or None
        when there is none yet."""
        document = article_queries.analysis_document(self._conn, article_id)
        if document is None:
            return None
        result: dict[str, Json] = json.loads(document)
        return result

    def search_quotes(self, query: str, limit: int = 20) -> list[QuoteMatch]:
        """Quotes whose text matches `query`, best match first (see store.quotes.search_quotes)."""
        check_rows(limit=limit)
        return quote_queries.search_quotes(self._conn, query, limit)

    def quotes(self, *, speaker: str | None = None, about: str | None = None, country: str | None = None,
               since: str | None = None, until: str | None = None, kind: str | None = None,
               limit: int | None = 50, offset: int = 0) -> list[QuoteRow]:
        """Stored quotes with speaker and article, newest first (see store.quotes.quotes)."""
        limit = page_limit(limit, offset)
        _check_dates(since=since, until=until)  # store.quotes stops at an unknown speaker before them
        return quote_queries.quotes(self._conn, speaker=speaker, about=about, country=country, since=since,
                                    until=until, kind=kind, limit=limit, offset=offset)

    def count_quotes(self, **filters: Unpack[QuoteKwargs]) -> int:
        """How many quotes `quotes(**filters)` would list without a limit."""
        _check_dates(since=filters.get("since"), until=filters.get("until"))
        return quote_queries.count_quotes(self._conn, **filters)

    # -- actors (the SQL lives in store/actors.py) --------------------------------------------

    def record_actor_facts(self, article_id: str, published: str | None, facts: Iterable[ActorFact]) -> None:
        """Make `facts` the roles learned from a stored article (dated `published`).

        Recording the same facts again changes nothing; other facts replace the article's old
        ones. Raises StoreError when the article is not stored.
        """
        facts = list(facts)
        with self._write() as conn:
            if not facts and conn.execute(
                "SELECT 1 FROM actor_facts WHERE article_id = ? LIMIT 1", (article_id,)
            ).fetchone() is None:
                return
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise StoreError(f"no article {article_id} in {self.location}; upsert_article it first")
            actor_queries.record_actor_facts(conn, article_id, published, facts)

    def learned(self, name: str, *, on: str | None = None) -> Known | None:
        """The latest learned role for `name` published on or before `on` (see store.actors.learned)."""
        return actor_queries.learned(self._conn, name, on=on)

    def actors(self, *, country: str | None = None, sector: str | None = None, search: str | None = None,
               limit: int | None = 50, offset: int = 0) -> list[ActorRow]:
        """Actors across stored analyses by (name, country, sector) (see store.actors.actors)."""
        limit = page_limit(limit, offset)
        return actor_queries.actors(self._conn, country=country, sector=sector, search=search, limit=limit,
                                    offset=offset)

    def count_actors(self, **filters: Unpack[ActorKwargs]) -> int:
        """How many rows `actors(**filters)` would list without a limit."""
        return actor_queries.count_actors(self._conn, **filters)

    def actor(self, name: str) -> ActorProfile | None:
        """The profile of one actor, or None when the name is unknown (see store.actors.actor)."""
        return actor_queries.actor(self._conn, name)

    # -- events (the SQL lives in store/events.py) --------------------------------------------

    def events(self, *, limit: int | None = 100, offset: int = 0,
               **filters: Unpack[EventKwargs]) -> list[EventRow]:
        """Stored events with their actors and article, latest first; the filters (source, target,
        dyad, root, cameo, plover, modality, since, until, article_id) as store.events.events says."""
        limit = page_limit(limit, offset)
        return event_queries.events(self._conn, limit=limit, offset=offset, **filters)

    # -- walks over every row in key order, for exports: a deep page costs what the first does --

    def events_by_key(self, *, after: tuple[str, str] | None = None, limit: int = 1000) -> list[EventRow]:
        """Every event in key order, the `limit` after (article id, event id) `after`."""
        return event_queries.events_by_key(self._conn, after=after, limit=page_limit(limit))

    def quotes_by_key(self, *, after: tuple[str, str] | None = None, limit: int = 1000) -> list[QuoteRow]:
        """Every quote in key order, the `limit` after (article id, quote id) `after`."""
        return quote_queries.quotes_by_key(self._conn, after=after, limit=page_limit(limit))

    def articles_by_id(self, *, after: str | None = None, limit: int = 1000) -> list[ArticleRow]:
        """Every article's summary in id order, the `limit` after the id `after`."""
        return article_queries.articles_by_id(self._conn, after=after, limit=page_limit(limit))

    def count_events(self, **filters: Unpack[EventKwargs]) -> int:
        """How many events `events(**filters)` would list without a limit."""
        return event_queries.count_events(self._conn, **filters)

    # -- merged events (tidings.events.linking decides the links; the SQL is in store/merged.py) --

    def has_event_links(self, article_id: str) -> bool:
        """True when the article's event mentions are linked to real-world events already."""
        return merged_queries.has_links(self._conn, article_id)

    def mentions_to_link(self, article_id: str) -> list[StoredMention]:
        """The article's saved event mentions in text order, as merging reads them."""
        return merged_queries.article_mentions(self._conn, article_id)

    def linked_canonicals(self, root_group: str, first_day: date, last_day: date, *,
                          sources: Sequence[SideCondition] | None = None,
                          targets: Sequence[SideCondition] | None = None) -> set[str]:
        """The real-world events with a mention linked under `root_group` whose days overlap
        [first_day, last_day] and whose source and target meet one of `sources` and of
        `targets` when given (tidings.events.merge.agreeing_stored_sides)."""
        return merged_queries.linked_canonicals(self._conn, root_group, first_day, last_day,
                                                sources=sources, targets=targets)

    def linked_mentions(self, canonicals: Sequence[str]) -> list[StoredMention]:
        """Every mention linked to these real-world events (canonical keys)."""
        return merged_queries.canonical_mentions(self._conn, canonicals)

    def save_event_links(self, article_id: str, links: Iterable[EventLink]) -> None:
        """Save the links decided for the article's mentions; a mention linked before keeps its link."""
        with self._write() as conn:
            merged_queries.save_links(conn, article_id, links)

    def merged_events(self, *, limit: int | None = 100, offset: int = 0,
                      **filters: Unpack[EventKwargs]) -> list[MergedEventRow]:
        """Real-world events, each once with its counts; `events`' filters (store.merged)."""
        limit = page_limit(limit, offset)
        return merged_queries.merged_events(self._conn, limit=limit, offset=offset, **filters)

    def merged_page(self, *, limit: int = 100, offset: int = 0, after: str | None = None,
                    **filters: Unpack[EventKwargs]) -> list[tuple[MergedEventRow, str]]:
        """merged_events' page, each row with the cursor (`after`) that continues after it (store.merged)."""
        return merged_queries.merged_page(self._conn, limit=page_limit(limit, offset), offset=offset,
                                          after=after, **filters)

    def estimate_merged_events(self, **filters: Unpack[EventKwargs]) -> tuple[int, bool]:
        """count_merged_events, estimated where counting would cost more than a deep page, and
        whether it is exact (store.merged)."""
        return merged_queries.estimate_merged_events(self._conn, **filters)

    def articles_by_day(self) -> dict[str, int]:
        """How many stored articles were published on each day ('' for the undated ones)."""
        return tally_queries.articles_by_day(self._conn)

    def timeline_counts(self, *, limit: int, **filters: Unpack[EventKwargs]
                        ) -> tuple[list[DayCount] | list[EventSummary], bool]:
        """What a timeline counts of these events, and whether it is all of them (store.merged)."""
        return merged_queries.timeline_counts(self._conn, limit=limit, **filters)

    def event_summaries(self, *, limit: int, **filters: Unpack[EventKwargs]) -> list[EventSummary]:
        """What a timeline counts of the latest `limit` real-world events (store.merged)."""
        return merged_queries.event_summaries(self._conn, limit=limit, **filters)

    def count_merged_events(self, **filters: Unpack[EventKwargs]) -> int:
        """How many real-world events `merged_events(**filters)` would list without a limit."""
        return merged_queries.count_merged_events(self._conn, **filters)

    def event_mentions(self, canonical: str) -> list[TellingRow]:
        """Every mention of a real-world event, with why each was merged (store.merged)."""
        return merged_queries.mentions_of(self._conn, canonical)

    def story_articles(self, *, since: str | None = None, until: str | None = None,
                       lede_chars: int) -> list[StoryArticle]:
        """The analysed articles published in [since, until] (ISO dates, inclusive; an empty one is
        no bound), each with the real-world events its first `lede_chars` characters tell, for
        tidings.stories. Raises ValueError for a date that is not an ISO date."""
        return merged_queries.story_articles(self._conn, since=since, until=until, lede_chars=lede_chars)

    def event(self, key: str) -> EventEvidence | None:
        """One event and its evidence by key `<article_id>:<event_id>` or an unambiguous bare id,
        or None (see store.events.event)."""
        return event_queries.event(self._conn, key)

    # -- fired alerts (the SQL lives in store/alerts.py) ----------------------------------------

    def record_alert(self, alert: Alert, *, webhook_pending: bool = False) -> bool:
        """Log a fired alert; True when no alert of the same rule and key was logged before, False
        (and nothing changes) when one was."""
        with self._write() as conn:
            return alert_queries.record_alert(conn, alert, webhook_pending=webhook_pending)

    def mark_alert_delivered(self, rule: str, key: str) -> None:
        """The webhook took the alert (rule, key); it is no longer pending."""
        with self._write() as conn:
            alert_queries.mark_delivered(conn, rule, key)

    def fired_alerts(self, *, since: str | None = None, rule: str | None = None, kind: str | None = None,
                     pending: bool = False, limit: int | None = 100, offset: int = 0) -> list[FiredAlert]:
        """Logged alerts, latest first, or oldest first when pending (see store.alerts.fired_alerts)."""
        limit = page_limit(limit, offset)
        return alert_queries.fired_alerts(self._conn, since=since, rule=rule, kind=kind, pending=pending,
                                          limit=limit, offset=offset)

    def count_fired_alerts(self, *, since: str | None = None, rule: str | None = None,
                           kind: str | None = None, pending: bool = False) -> int:
        """How many alerts `fired_alerts(...)` would list with these filters and no limit."""
        return alert_queries.count_fired_alerts(self._conn, since=since, rule=rule, kind=kind,
                                                pending=pending)

    def article_quotes(self, article_ids: list[str], *, speaker: str | None = None) -> list[QuoteRow]:
        """The quotes of these articles, optionally by `speaker` (see store.alerts.article_quotes)."""
        return alert_queries.article_quotes(self._conn, article_ids, speaker=speaker)

    # -- inputs, skips, failures, duplicates -------------------------------------------------

    def record_input(self, ref: str | None, body_sha256: str, *, article_id: str | None,
                     outcome: str) -> None:
        """Remember what the input (`ref`, hash of its raw bytes) became, for `recorded_input`."""
        with self._write() as conn:
            intake_queries.record_input(conn, ref, body_sha256, article_id=article_id, outcome=outcome)

    def recorded_input(self, ref: str | None, body_sha256: str) -> intake_queries.RecordedInput | None:
        """What this input, with these exact bytes, became when recorded; None when never recorded."""
        return intake_queries.recorded_input(self._conn, ref, body_sha256)

    def record_skip(self, skip: Skip) -> None:
        """Record a skipped input; the same (ref, reason) again is ignored."""
        with self._write() as conn:
            intake_queries.record_skip(conn, skip)

    def record_failure(self, failure: Failure) -> None:
        """Record a failed input; the same (ref, stage, message) again is ignored."""
        with self._write() as conn:
            intake_queries.record_failure(conn, failure)

    def record_duplicate(self, article_id: str, duplicate_of: str, *, kind: str, similarity: float,
                         ref: str | None) -> None:
        """Link a later copy (`article_id`, from input `ref`) to the stored first copy.

        `kind` is "exact" (same text, so article_id == duplicate_of) or "near". The same
        (article_id, ref) again is ignored.
        """
        with self._write() as conn:
            intake_queries.record_duplicate(conn, article_id, duplicate_of, kind=kind, similarity=similarity,
                                            ref=ref)

    def skips(self, *, reason: str | None = None, limit: int | None = 100, offset: int = 0) -> list[SkipRow]:
        """Recorded skips, newest first (see store.intake.skips)."""
        limit = page_limit(limit, offset)
        return intake_queries.skips(self._conn, reason=reason, limit=limit, offset=offset)

    def count_skips(self, *, reason: str | None = None) -> int:
        """How many skips `skips(reason=reason)` would list without a limit."""
        return intake_queries.count_skips(self._conn, reason=reason)

    def failures(self, *, stage: str | None = None, limit: int | None = 100,
                 offset: int = 0) -> list[FailureRow]:
        """Recorded failures, newest first: ref, stage, message, first_seen_at."""
        limit = page_limit(limit, offset)
        return intake_queries.failures(self._conn, stage=stage, limit=limit, offset=offset)

    def count_failures(self, *, stage: str | None = None) -> int:
        """How many failures `failures(stage=stage)` would list without a limit."""
        return intake_queries.count_failures(self._conn, stage=stage)

    def duplicates(self, *, limit: int = 100) -> list[DuplicateRow]:
        """Linked copies, newest first: article_id, duplicate_of, kind, similarity, ref, linked_at."""
        check_rows(limit=limit)
        return intake_queries.duplicates(self._conn, limit=limit)

    # -- near-duplicate signatures ---------------------------------------------------------------

    def save_minhash(self, article_id: str, signature: bytes) -> None:
        """Store the MinHash signature (tidings.dedupe.serialize) of a stored article, with its
        band keys under the recorded banding (store.signatures)."""
        with self._write() as conn:
            signature_queries.save_minhash(conn, article_id, signature)

    def use_banding(self, banding: Banding) -> None:
        """Keep band keys under `banding` (the ingest's threshold's); when another banding was
        recorded, or none, band every stored signature now (once per change)."""
        with self._write() as conn:
            signature_queries.use_banding(conn, banding)

    def near_duplicate_candidates(self, signature: bytes) -> list[tuple[str, bytes]]:
        """The stored (article_id, signature) pairs sharing an LSH band with `signature`, first
        stored first, by any process: inside `transaction()` the write lock makes sure that every
        signature a writer stored before us is among them (needs `use_banding` first)."""
        return signature_queries.candidates(self._conn, signature)

    # -- tidings watch (the SQL lives in store/watch.py) -------------------------------------------

    def watch_source(self, url: str) -> watch_queries.SourceState | None:
        """What `tidings watch` remembers of source `url` (validators, backoff), or None."""
        return watch_queries.source_state(self._conn, url)

    def record_poll(self, url: str, *, kind: str, polled_at: str, next_poll_at: str, error: str | None,
                    etag: str | None = None, last_modified: str | None = None,
                    keep_validators: bool = False) -> int:
        """Record one poll of a watched source; return its consecutive failures (store.watch)."""
        with self._write() as conn:
            return watch_queries.record_poll(conn, url, kind=kind, polled_at=polled_at,
                                             next_poll_at=next_poll_at, error=error, etag=etag,
                                             last_modified=last_modified, keep_validators=keep_validators)

    def link_done(self, link: str) -> bool:
        """True when a watched link was stored, skipped or given up on before (store.watch)."""
        return watch_queries.link_done(self._conn, link)

    def watch_articles_since(self, since: str) -> list[str]:
        """Ids of the articles `tidings watch` stored at or after `since` (ISO time), oldest first."""
        return watch_queries.articles_stored_since(self._conn, since)

    def mark_link_done(self, link: str, *, source_url: str, outcome: str, article_id: str | None,
                       now: str) -> None:
        """Mark a watched link dealt with; call it in the transaction that stored its outcome."""
        with self._write() as conn:
            watch_queries.mark_link_done(conn, link, source_url=source_url, outcome=outcome,
                                         article_id=article_id, now=now)

    def note_link_failure(self, link: str, *, source_url: str, error: str, now: str) -> int:
        """Count a failed fetch of a watched link; return its attempts so far (store.watch)."""
        with self._write() as conn:
            return watch_queries.note_link_failure(conn, link, source_url=source_url, error=error, now=now)

    # -- summary ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """The database's totals, each counted as its listing counts it, so an overview and the
        lists agree: articles (count_articles), analysed, duplicates, skips (count_skips),
        failures (count_failures), actors (count_actors: one per name, country and sector),
        events (count_merged_events: real-world events), event_mentions (count_events: every
        telling), quotes (count_quotes), alerts (count_fired_alerts)."""
        return {**article_queries.counts(self._conn),
                "actors": self.count_actors(country=None, sector=None, search=None),
                "events": self.count_merged_events(), "event_mentions": self.count_events(),
                "quotes": self.count_quotes(speaker=None, about=None, country=None, kind=None, since=None,
                                            until=None),
                "alerts": self.count_fired_alerts()}
