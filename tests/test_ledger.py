"""The ledger's near-duplicate decisions over the store's band keys (issue 20): what an ingest
reads at its start does not grow with the database, and the answer is the first stored copy."""

from __future__ import annotations

from pathlib import Path

from tests.analyses import analysis_of
from tests.store.test_store import make_article
from tests.test_dedupe import COPY, OTHER, STORY, signature
from tidings.ledger import Ledger
from tidings.model import Article
from tidings.settings import Settings
from tidings.store import Store, open_store

SETTINGS = Settings(near_duplicate_threshold=0.8)


def settle(ledger: Ledger, article: Article, made: bytes | None = None) -> str | None:
    with ledger.store.transaction():
        return ledger.settle(article.ref, f"sha-{article.id}", article, signature=made,
                             analysis_of=lambda a: analysis_of(a))


def test_starting_an_ingest_reads_no_stored_signature(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with open_store(db, create=True) as store:
        settle(Ledger.start(store, SETTINGS), make_article(STORY, ref="story.txt"))
    with open_store(db) as store:
        statements: list[str] = []
        store.connection.set_trace_callback(statements.append)  # type: ignore[attr-defined]
        ledger = Ledger.start(store, SETTINGS)
        store.connection.set_trace_callback(None)  # type: ignore[attr-defined]
        assert [statement for statement in statements if "signature" in statement] == []
        # and a copy is still found: the earlier run's article, by its band keys
        assert settle(ledger, make_article(COPY, ref="copy.txt")) is None
        assert _near_duplicate_of(store) == make_article(STORY).id


def test_of_equally_similar_stored_articles_the_first_stored_is_the_answer(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db", create=True) as store:
        ledger = Ledger.start(store, SETTINGS)
        first, second = make_article(STORY, ref="first.txt"), make_article(OTHER, ref="second.txt")
        assert settle(ledger, first) == first.id
        assert settle(ledger, second, signature(OTHER)) == second.id
        store.save_minhash(second.id, signature(STORY))  # now as like the new one as the first is
        assert settle(ledger, make_article(COPY, ref="copy.txt"), signature(STORY)) is None
        assert _near_duplicate_of(store) == first.id


def _near_duplicate_of(store: Store) -> str | None:
    [skip] = store.skips(reason="near-duplicate")
    return skip.duplicate_of
