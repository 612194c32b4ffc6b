"""Articles in the store: storing one without ever overwriting it, reading it back, and the listing
behind `tidings articles`.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods and owns the
transactions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Unpack

from tidings.filters import ArticleKwargs, iso_bound
from tidings.model import Article, Removed
from tidings.rows import ArticleRow
from tidings.store import actor_rollup
from tidings.store.dialect import Connection, Param, dialect_of, one_row, optional_text, text, whole
from tidings.store.migrations import utc_now
from tidings.store.rollup import refresh, saved_canonicals
from tidings.store.tallies import tallied

# Article fields a later copy may fill when the stored copy lacks them (never overwrite).
FILLABLE = ("ref", "title", "url", "source", "published", "language", "origin", "fetched_at")

ARTICLE_SUMMARY = "id, ref, title, source, published, language, url, words, ingested_at"


def upsert_article(conn: Connection, article: Article) -> bool:
    """Store `article`; return True if it is new (see Store.upsert_article)."""
    fields = {name: getattr(article, name) for name in FILLABLE}
    cursor = conn.execute(
        f"INSERT INTO articles (id, text, words, ingested_at, {', '.join(FILLABLE)}) "
        f"VALUES (:id, :text, :words, :ingested_at, {', '.join(':' + n for n in FILLABLE)}) "
        "ON CONFLICT (id) DO NOTHING",
        {"id": article.id, "text": article.text, "words": len(article.text.split()),
         "ingested_at": utc_now(), **fields},
    )
    if cursor.rowcount == 1:
        conn.executemany(
            "INSERT INTO removed (article_id, position, text, reason) VALUES (?, ?, ?, ?)",
            [(article.id, position, piece.text, piece.reason)
             for position, piece in enumerate(article.removed)],
        )
        return True
    # The WHERE keeps an update that would fill nothing from touching the row at all. The
    # CAST gives PostgreSQL a type for a parameter that may be NULL.
    fills = " OR ".join(f"({n} IS NULL AND CAST(:{n} AS TEXT) IS NOT NULL)" for n in FILLABLE)
    undated = article.published is not None and conn.execute(
        "SELECT 1 FROM articles WHERE id = ? AND published IS NULL", (article.id,)).fetchone() is not None
    conn.execute(
        f"UPDATE articles SET {', '.join(f'{n} = coalesce({n}, :{n})' for n in FILLABLE)} "
        f"WHERE id = :id AND ({fills})",
        {"id": article.id, **fields},
    )
    if undated:  # the rollups read the publication date: what they hold of this article widens
        actor_rollup.dated(conn, article.id)
        refresh(conn, saved_canonicals(conn, article.id))
    return False


def has_article(conn: Connection, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def get_article(conn: Connection, article_id: str) -> Article | None:
    """The stored article with its removed pieces in their original order, or None."""
    row = conn.execute(f"SELECT id, text, {', '.join(FILLABLE)} FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    if row is None:
        return None
    removed = tuple(
        Removed(text=text(piece), reason=text(reason))
        for piece, reason in conn.execute(
            "SELECT text, reason FROM removed WHERE article_id = ? ORDER BY position", (article_id,)
        )
    )
    # FILLABLE's order
    ref, title, url, source, published, language, origin, fetched_at = (optional_text(value)
                                                                        for value in row[2:])
    return Article(id=text(row[0]), text=text(row[1]), removed=removed, ref=ref, title=title, url=url,
                   source=source, published=published, language=language, origin=origin,
                   fetched_at=fetched_at)


def save_analysis(conn: Connection, article_id: str, document: str,
                  rows: Mapping[str, Sequence[Sequence[Param]]]) -> bool:
    """Make `document` (the analysis as JSON) and its table `rows` (store.rows.analysis_rows) the
    article's, replacing its actors, mentions, events and quotes; the same document again changes
    nothing. False when the article is not stored."""
    stored = conn.execute("SELECT analysis_json FROM articles WHERE id = ?", (article_id,)).fetchone()
    if stored is None:
        return False
    if stored[0] == document:
        return True
    conn.execute("UPDATE articles SET analysis_json = ? WHERE id = ?", (document, article_id))
    before = saved_canonicals(conn, article_id)  # the events its old mentions told
    actors_before = actor_rollup.article_actors(conn, article_id)
    for table in ("mentions", "events", "quotes", "actors"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    for table, table_rows in rows.items():
        if table_rows:
            marks = ", ".join("?" * len(table_rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
    refresh(conn, before | saved_canonicals(conn, article_id))
    actor_rollup.apply(conn, actors_before, actor_rollup.article_actors(conn, article_id))
    return True


def analysis_document(conn: Connection, article_id: str) -> str | None:
    """The analysis saved for the article as JSON, or None when there is none yet."""
    row = conn.execute("SELECT analysis_json FROM articles WHERE id = ?", (article_id,)).fetchone()
    return None if row is None else optional_text(row[0])


def articles(conn: Connection, *, limit: int, offset: int,
             **filters: Unpack[ArticleKwargs]) -> list[ArticleRow]:
    """Stored articles' summaries, newest published first (see Store.articles)."""
    found = _article_filter(conn, **filters)
    if found is None:
        return []
    where, params = found
    cursor = conn.execute(
        f"SELECT {ARTICLE_SUMMARY} FROM articles {where} "
        "ORDER BY published DESC NULLS LAST, ingested_at DESC, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [_summary(row) for row in cursor.fetchall()]


def _summary(row: Sequence[object]) -> ArticleRow:
    """An ArticleRow of the ARTICLE_SUMMARY columns."""
    article_id, ref, title, source, published, language, url, words, ingested_at = row
    return ArticleRow(id=text(article_id), ref=optional_text(ref), title=optional_text(title),
                      source=optional_text(source), published=optional_text(published),
                      language=optional_text(language), url=optional_text(url), words=whole(words),
                      ingested_at=text(ingested_at))


def articles_by_id(conn: Connection, *, after: str | None, limit: int) -> list[ArticleRow]:
    """Every stored article's summary in id order, the `limit` after the id `after` (see
    store.events.events_by_key)."""
    where, params = ("WHERE id > ?", [after]) if after is not None else ("", [])
    cursor = conn.execute(f"SELECT {ARTICLE_SUMMARY} FROM articles {where} ORDER BY id LIMIT ?",
                          [*params, limit])
    return [_summary(row) for row in cursor.fetchall()]


def count_articles(conn: Connection, **filters: Unpack[ArticleKwargs]) -> int:
    """How many stored articles `articles(conn, **filters)` would list without a limit."""
    if not any(value is not None for value in filters.values()):
        return tallied(conn, "articles")
    found = _article_filter(conn, **filters)
    if found is None:
        return 0
    where, params = found
    (count,) = one_row(conn.execute(f"SELECT count(*) FROM articles {where}", params))
    return whole(count)


def _article_filter(conn: Connection, *, source: str | None = None, since: str | None = None,
                    until: str | None = None, language: str | None = None,
                    search: str | None = None) -> tuple[str, list[Param]] | None:
    """The WHERE clause and its parameters; None when `search` can match nothing."""
    clauses: list[str] = []
    params: list[Param] = []
    if source is not None:
        clauses.append("source = ?")
        params.append(source)
    if language is not None:
        clauses.append("language = ?")
        params.append(language)
    if since is not None:
        clauses.append("published >= ?")
        params.append(iso_bound("since", since))  # as events' and quotes' dates
    if until is not None:
        # Compare the prefix of the same length, so a date bound covers that whole day.
        until = iso_bound("until", until)
        clauses.append("substr(published, 1, length(?)) <= ?")
        params.extend([until, until])
    if search is not None:
        dialect = dialect_of(conn)
        query = dialect.search_param(search)
        if query is None:
            return None
        clauses.append(dialect.article_search())
        params.append(query)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


COUNTED = ("articles", "analysed", "duplicates", "skips", "failures")


def counts(conn: Connection) -> dict[str, int]:
    """Row counts of the tables whose listings show each row once, named as in COUNTED (Store.counts
    adds the listings that group rows: actors, events), as the tallies keep them."""
    return {name: tallied(conn, name) for name in COUNTED}
