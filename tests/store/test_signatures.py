"""Near-duplicate signatures and their LSH band keys in the store (both backends): the candidates
of a new article are found by band, without loading every signature (issue 20)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.test_query_plans import _plans
from tests.store.test_store import dump, make_article
from tests.test_dedupe import COPY, OTHER, STORY, signature
from tidings.dedupe import Banding
from tidings.store import Store, open_store

DEFAULT = Banding.for_threshold(0.9)


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        yield opened


def stored(store: Store, text: str) -> str:
    """Store an article of `text` with its signature; its id."""
    article = make_article(text)
    store.upsert_article(article)
    store.save_minhash(article.id, signature(text))
    return article.id


def band_rows(store: Store) -> int:
    (count,) = store.connection.execute("SELECT count(*) FROM minhash_bands").fetchone()
    return int(count)


def test_without_a_banding_there_are_no_band_rows_and_no_candidates(store):
    stored(store, STORY)
    assert band_rows(store) == 0
    assert store.near_duplicate_candidates(signature(COPY)) == []


def test_a_banding_bands_what_is_stored_and_what_is_stored_later(store):
    first = stored(store, STORY)
    store.use_banding(DEFAULT)
    assert band_rows(store) == DEFAULT.bands
    other = stored(store, OTHER)
    assert band_rows(store) == 2 * DEFAULT.bands
    assert store.near_duplicate_candidates(signature(STORY)) == [(first, signature(STORY))]
    assert store.near_duplicate_candidates(signature(OTHER)) == [(other, signature(OTHER))]


def test_candidates_are_listed_first_stored_first(store):
    store.use_banding(DEFAULT)
    texts = [f"{STORY} Update {n}." for n in range(4)]
    ids = [stored(store, text) for text in reversed(texts)]
    found = store.near_duplicate_candidates(signature(STORY))
    assert [key for key, _ in found] == [key for key in ids if key in dict(found)]
    assert len(found) >= 2


def test_another_banding_bands_everything_again_once(store):
    store.use_banding(DEFAULT)
    first = stored(store, STORY)
    looser = Banding.for_threshold(0.5)
    store.use_banding(looser)
    assert band_rows(store) == looser.bands
    assert [key for key, _ in store.near_duplicate_candidates(signature(COPY))] == [first]
    before = dump(store)
    store.use_banding(looser)
    assert dump(store) == before


def test_saving_the_same_signature_again_changes_nothing(store):
    store.use_banding(DEFAULT)
    first = stored(store, STORY)
    before = dump(store)
    store.save_minhash(first, signature(STORY))
    assert dump(store) == before


def test_a_replaced_signature_is_checked_as_it_is_now(store):
    store.use_banding(DEFAULT)
    first = stored(store, STORY)
    store.save_minhash(first, signature(OTHER))
    # The old band rows still propose the article; the signature it now has is what is returned.
    assert store.near_duplicate_candidates(signature(STORY)) == [(first, signature(OTHER))]


def test_the_candidates_are_read_by_band_key_not_by_a_scan(tmp_path):
    with open_store(tmp_path / "plans.db", create=True) as store:
        store.use_banding(DEFAULT)
        for n in range(20):
            stored(store, f"{OTHER} Number {n}.")
        conn = store.connection
        assert isinstance(conn, sqlite3.Connection)
        lines = _plans(conn, lambda: store.near_duplicate_candidates(signature(STORY)))
    assert any("minhash_bands" in line and "PRIMARY KEY" in line for line in lines), lines
    assert [line for line in lines if line.startswith("SCAN")] == ["SCAN minhash_banding"], lines  # one row


def test_the_migration_bands_the_signatures_of_an_older_database(store_target):
    with open_store(store_target, create=True) as opened:
        first = stored(opened, STORY)
        stored(opened, OTHER)
        for statement in ("DROP TABLE minhash_bands", "DROP TABLE minhash_banding",
                          "DELETE FROM _migrations WHERE name = 'm010_minhash_bands'"):
            opened.connection.execute(statement)
    with open_store(store_target) as reopened:
        assert band_rows(reopened) == 2 * DEFAULT.bands
        assert [key for key, _ in reopened.near_duplicate_candidates(signature(STORY))] == [first]
