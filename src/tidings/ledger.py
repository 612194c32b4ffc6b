"""The store side of ingest: what each prepared input becomes, decided and written in input order.

`Ledger` is shared by the one-process ingest (tidings.pipeline) and the Dask path
(tidings.distributed): whether an input was seen before, whether its article is a copy of a
stored one (exact or near), and, for a new article, its analysis, events, facts and signature.
Every decision is written with the input's row in `inputs`, so a rerun passes over what was done,
a failure included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tidings.dedupe import Banding, closest, signature_of
from tidings.events.linking import link_article_events
from tidings.model import Analysis, Article, BatchSummary, Failure, Known, Skip

if TYPE_CHECKING:
    from tidings.settings import Settings
    from tidings.store import Store

__all__ = ["Ledger", "Outcome", "same_answer"]

@dataclass(frozen=True, slots=True)
class Outcome:
    """What ingest did with one input, for progress display."""

    ref: str | None
    status: str  # stored | unchanged | duplicate | skipped | failed
    detail: str = ""
    article_id: str | None = None  # the article the input is (or is a copy of), when it is one




@dataclass
class Ledger:
    """The store side of ingest, shared by the one-process and the Dask paths (tidings.distributed):
    it decides, in input order, what each prepared input becomes (stored, duplicate, skipped,
    failed), writes it and counts it. Dedupe lives here so both paths link a copy to the same
    first article.
    """

    store: Store
    settings: Settings
    summary: BatchSummary
    on_outcome: Callable[[Outcome], None] | None = None

    @classmethod
    def start(cls, store: Store, settings: Settings,
              on_outcome: Callable[[Outcome], None] | None = None) -> Ledger:
        """A ledger over `store`, whose signatures are banded for the settings' near-duplicate
        threshold (at once when they are; else banded now, a cost in proportion to the database
        paid once per threshold)."""
        store.use_banding(Banding.for_threshold(settings.near_duplicate_threshold))
        return cls(store, settings, BatchSummary(), on_outcome)

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
        self.report(Outcome(item.ref, status, f"{item.reason}: {item.detail}", item.article_id))

    def fail(self, failure: Failure, *, digest: str | None = None) -> None:
        """Record `failure`; with the input's `digest`, also as the input's outcome, so a rerun
        passes over it instead of failing on it again (a failure of a whole Dask chunk, which may
        be the cluster's fault, is recorded without one and retried)."""
        self.store.record_failure(failure)
        if digest is not None:
            self.store.record_input(failure.ref, digest, article_id=None, outcome="failed")
        self.summary.failed += 1
        self.summary.count_reason(f"failed in {failure.stage}")
        self.report(Outcome(failure.ref, "failed", failure.message))

    def passed_over(self, ref: str | None, digest: str) -> bool:
        """True (and counted as unchanged) when this input with these bytes was ingested before."""
        recorded = self.store.recorded_input(ref, digest)
        if recorded is None:
            return False
        self.summary.unchanged += 1
        self.report(Outcome(ref, "unchanged", "already ingested", recorded.article_id))
        return True

    def settle(self, ref: str | None, digest: str, prepared: Article | Skip, *,
               analysis_of: Callable[[Article], Analysis], signature: bytes | None = None) -> str | None:
        """Store what one input became, in input order; return the article id when it was stored as
        a new article.

        Requires: `prepared` already language-checked (`check_language`); `analysis_of` returns
        the article's analysis made with the store's learned knowledge as it is now (called only
        for a new article, before anything of it is written); `signature` its MinHash as stored
        (tidings.dedupe.signature_of) if already made. Never raises for a bad article: when
        `analysis_of` raises, the input is recorded as a failure of stage "analyze" and nothing of
        the article is stored.
        """
        store = self.store
        if isinstance(prepared, Skip):
            self.skip(prepared)
            store.record_input(ref, digest, article_id=None, outcome=prepared.reason)
            return None

        article = prepared
        if store.has_article(article.id):
            stored = store.get_article(article.id)
            if stored is not None and stored.ref == article.ref:
                self.summary.unchanged += 1
                self.report(Outcome(article.ref, "unchanged", "already stored", article.id))
            else:
                store.upsert_article(article)  # fills metadata the first copy lacked, never overwrites
                self.skip(Skip(article.ref, "duplicate", f"same text as article {article.id}",
                               stage="dedupe", duplicate_of=article.id, article_id=article.id), "duplicate")
            store.record_input(ref, digest, article_id=article.id, outcome="duplicate")
            return None

        if signature is None:
            signature = signature_of(article.text, shingle_size=self.settings.shingle_size)
        # Read inside the store's transaction: the write lock keeps anyone else (several ingests
        # into one PostgreSQL database) from storing a copy before this decision is committed, and
        # every signature stored before it is among the candidates.
        candidates = store.near_duplicate_candidates(signature)
        near = closest(signature, candidates, self.settings.near_duplicate_threshold)
        if near is not None:
            first, similarity = near
            store.record_duplicate(article.id, first, kind="near", similarity=similarity, ref=article.ref)
            self.skip(Skip(article.ref, "near-duplicate",
                           f"{similarity:.0%} similar to article {first}; linked to it, not processed again",
                           stage="dedupe", duplicate_of=first, article_id=article.id), "duplicate")
            store.record_input(ref, digest, article_id=article.id, outcome="near-duplicate")
            return None

        try:
            analysis = analysis_of(article)
        except Exception as exc:  # one article's bug must not end the batch
            self.fail(Failure(article.ref, "analyze", f"{type(exc).__name__}: {exc}"), digest=digest)
            return None
        store.upsert_article(article)
        store.save_analysis(article.id, analysis)
        link_article_events(store, article.id, threshold=self.settings.event_merge_threshold)
        store.record_actor_facts(article.id, article.published, analysis.facts)
        store.save_minhash(article.id, signature)
        store.record_input(ref, digest, article_id=article.id, outcome="stored")
        self.summary.stored += 1
        self.report(Outcome(article.ref, "stored", article.title or "", article.id))
        return article.id


def same_answer(seen: Known | None, now: Known | None) -> bool:
    """True when two learned answers code an actor alike.

    `source` (which article taught it) is left out: it changes with every new article about a
    person, and the actors stage uses only what the answer says, not where it came from. Should
    a stage ever report the source, the same-results test (tests/test_distributed.py) fails.
    """
    if seen is None or now is None:
        return seen is now
    return replace(seen, source="") == replace(now, source="")
