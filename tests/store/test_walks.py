"""Walks in key order (Store.events_by_key, quotes_by_key, articles_by_id), which exports page by:
every row once, in key order, whatever the page size, on SQLite and PostgreSQL; and each page
read through the primary key, not by sorting the table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.store.test_query_plans import _plans
from tests.store.test_rollup import build
from tidings.export import walked
from tidings.store import Store, open_store


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        build(opened, count=30)
        yield opened


def _walk(fetch: Callable[[Any, int], Sequence[Any]], key: Callable[[Any], Any], page: int) -> list[Any]:
    return [key(row) for row in walked(fetch, key, page)]


@pytest.mark.parametrize("page", [1, 4, 1000])
def test_a_walk_gives_every_row_once_in_key_order(store: Store, page: int) -> None:
    events = sorted((row.article_id, row.id) for row in store.events(limit=None))
    assert len(events) == 60
    assert _walk(lambda after, limit: store.events_by_key(after=after, limit=limit),
                 lambda row: (row.article_id, row.id), page) == events
    articles = sorted(row.id for row in store.articles(limit=None))
    assert _walk(lambda after, limit: store.articles_by_id(after=after, limit=limit),
                 lambda row: row.id, page) == articles
    by_key = {(row.article_id, row.id): row for row in store.events(limit=None)}
    assert store.events_by_key(limit=3) == [by_key[key] for key in events[:3]]  # the listing's rows


def test_a_walks_deep_page_reads_the_primary_key_from_its_cursor(tmp_path: Path) -> None:
    """No sort of the table and no scan from its start: SQLite seeks the key after the cursor."""
    with open_store(tmp_path / "plan.db", create=True) as opened:
        build(opened, count=5)
        conn = opened.connection
        assert isinstance(conn, sqlite3.Connection)
        for read in (lambda: opened.events_by_key(after=("art0002", "e1"), limit=5),
                     lambda: opened.quotes_by_key(after=("art0002", "q1"), limit=5),
                     lambda: opened.articles_by_id(after="art0002", limit=5)):
            lines = _plans(conn, read)
            assert not any("TEMP B-TREE" in line for line in lines), lines
            assert any(line.startswith("SEARCH") and ("PRIMARY KEY" in line or "autoindex" in line)
                       and ">" in line for line in lines), lines
