from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy
import pytest
from datasketch import MinHash

from tests.analyses import analysis_of
from tidings.dedupe import NUM_PERM, SCHEME, Banding, serialize
from tidings.errors import StoreError
from tidings.model import Analysis, Article, Failure, Removed, Skip
from tidings.store import Store, fts_query, open_store
from tidings.store.intake import RecordedInput

TRADE = ("Washington and Beijing resumed talks on Friday after months of U.S.-China trade tension, "
         "officials said, and both sides promised a fuller statement next week.")


def make_article(text: str = TRADE, **fields) -> Article:
    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text, **fields)


def dump(store: Store) -> list[str]:
    return list(store.connection.iterdump())


def analysis(article: Article, *, actors=2, events=1, quotes=2) -> Analysis:
    people = [
        {"id": f"a{i}", "name": f"Person {i}", "kind": "person", "country": "USA", "sector": "GOV",
         "cameo": "USAGOV", "roles": ["envoy"],
         "mentions": [{"start": 0, "end": 8, "text": f"Person {i}", "how": "name"},
                      {"start": 20, "end": 22, "text": "he", "how": "pronoun"}]}
        for i in range(actors)
    ]
    happenings = [
        {"id": f"e{i}", "source": "a0", "target": None, "cameo": "036", "root": "03", "quad_class": 1,
         "goldstein": 4.0, "plover": "CONSULT", "date": "2024-01-12", "date_precision": "day",
         "date_text": "on Friday", "modality": "asserted", "sentence": "They met.", "span": [0, 9],
         "trigger": "met", "confidence": 0.8, "location": "Geneva", "topics": ["trade"]}
        for i in range(events)
    ]
    sayings = [
        {"id": f"q{i}", "text": f"tariffs will fall in round {i}", "span": [30, 60], "kind": "direct",
         "speaker": "a0", "speaker_span": [0, 8], "cue": "said", "addressee": None, "via": None}
        for i in range(quotes)
    ]
    return analysis_of(article, actors=people, events=happenings, quotes=sayings)


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        yield opened


# -- opening --------------------------------------------------------------------------------


def test_open_creates_missing_parent_directories(tmp_path):
    path = tmp_path / "a" / "b" / "tidings.db"
    with open_store(path, create=True) as store:
        assert store.counts()["articles"] == 0
    assert path.is_file()


def test_open_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a") as caught:
        open_store(path, create=True)
    assert "--db" in str(caught.value)
    assert path.read_bytes().startswith(b"these are my notes")


def test_open_refuses_an_unwritable_location(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file where a directory should be")
    # A regular file as the parent directory cannot be written under, even by root.
    with pytest.raises(StoreError, match="writable location"):
        open_store(blocker / "sub" / "tidings.db", create=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write read-only files")
def test_open_refuses_a_read_only_database(tmp_path):
    path = tmp_path / "tidings.db"
    open_store(path, create=True).close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="not writable"):
            open_store(path, create=True)
    finally:
        tmp_path.chmod(0o755)


def test_open_refuses_a_directory(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path, create=True)


def test_open_refuses_another_applications_sqlite_database(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="not a tidings one"):
        open_store(path, create=True)


# -- articles -------------------------------------------------------------------------------


def test_upsert_returns_true_only_for_a_new_article(store):
    article = make_article(title="Talks resume", source="Wire")
    assert store.upsert_article(article) is True
    assert store.upsert_article(article) is False
    assert store.counts()["articles"] == 1


def test_reingesting_an_identical_article_changes_nothing(store):
    article = make_article(title="Talks resume", source="Wire", published="2024-01-12",
                           removed=(Removed("Share this", "share-line"),))
    store.upsert_article(article)
    before, changes = dump(store), store.connection.total_changes
    store.upsert_article(article)
    assert store.connection.total_changes == changes
    assert dump(store) == before


def test_a_later_copy_fills_missing_fields_and_never_overwrites(store):
    store.upsert_article(make_article(ref="first.html", source="Wire", published="2024-01-12"))
    (ingested_at,) = store.connection.execute("SELECT ingested_at FROM articles").fetchone()
    later = make_article(ref="second.html", title="Talks resume", source="Other", published="2024-02-01",
                         url="https://example.com/talks")
    assert store.upsert_article(later) is False
    stored = store.get_article(later.id)
    assert stored is not None
    assert (stored.ref, stored.title, stored.source, stored.published, stored.url) == (
        "first.html", "Talks resume", "Wire", "2024-01-12", "https://example.com/talks")
    assert store.connection.execute("SELECT ingested_at FROM articles").fetchone() == (ingested_at,)
    # The title it gained is searchable: the FTS update trigger ran.
    assert [row.id for row in store.articles(search="resume")] == [later.id]


def test_get_article_round_trips_with_removed_pieces_in_order(store):
    removed = tuple(Removed(f"piece {i}", "nav") for i in range(12))
    article = make_article(ref="x.html", title="T", url="https://e.com/x", source="Wire",
                           published="2024-01-12T10:00:00Z", language="en", removed=removed,
                           origin="file", fetched_at="2024-01-12T11:00:00Z")
    store.upsert_article(article)
    assert store.get_article(article.id) == article
    assert store.has_article(article.id)
    assert store.get_article("missing") is None
    assert not store.has_article("missing")


def seed_listing(store: Store) -> dict[str, Article]:
    articles = {
        "old": make_article("old text about grain exports", source="Wire", published="2024-01-02",
                            language="en", title="Grain"),
        "late": make_article("late text about trade talks", source="Wire", published="2024-03-31T23:00:00Z",
                             language="en", title="Talks"),
        "mid": make_article("middle text about naval drills", source="Daily", published="2024-02-15",
                            language="fr", title="Drills"),
        "undated": make_article("undated text about trade", source="Daily", title="Undated"),
    }
    for article in articles.values():
        store.upsert_article(article)
    return articles


def test_articles_are_listed_newest_published_first_with_undated_last(store):
    articles = seed_listing(store)
    listed = store.articles()
    assert [row.id for row in listed] == [articles[k].id for k in ("late", "mid", "old", "undated")]
    assert set(listed[0].to_dict()) == {"id", "ref", "title", "source", "published", "language", "url",
                                        "words", "ingested_at"}
    assert listed[0].words == 5
    page = store.articles(limit=2, offset=1)
    assert [row.id for row in page] == [articles["mid"].id, articles["old"].id]


def test_articles_filters(store):
    a = seed_listing(store)

    def ids(**filters) -> list[str]:
        return [row.id for row in store.articles(**filters)]

    assert ids(source="Daily") == [a["mid"].id, a["undated"].id]
    assert ids(language="fr") == [a["mid"].id]
    assert ids(since="2024-02-01") == [a["late"].id, a["mid"].id]
    # A date as the upper bound includes that whole day.
    assert ids(until="2024-03-31") == [a["late"].id, a["mid"].id, a["old"].id]
    assert ids(until="2024-03-30") == [a["mid"].id, a["old"].id]
    assert ids(since="2024-01-01", until="2024-02") == [a["mid"].id, a["old"].id]
    assert ids(search="trade") == [a["late"].id, a["undated"].id]
    assert ids(search="trade", source="Wire") == [a["late"].id]
    assert ids(search="drills") == [a["mid"].id]
    with pytest.raises(ValueError):
        store.articles(limit=-1)


@pytest.mark.parametrize("query", [
    'U.S.-China "trade', '"', '""', "NOT", "AND OR", "title:", "*", "(", ")", "NEAR(", "'", "-",
    "^talks", "trade AND", "a:b:c", "\\", "", "   ", "{x}", "trade*", '"trade tension"',
])
def test_search_never_raises_on_hostile_queries(store, query):
    seed_listing(store)
    store.upsert_article(make_article())
    assert isinstance(store.articles(search=query), list)
    assert isinstance(store.search_quotes(query), list)


def test_search_with_punctuation_still_finds_the_words(store):
    article = make_article()
    store.upsert_article(article)
    assert [row.id for row in store.articles(search='U.S.-China "trade')] == [article.id]
    assert [row.id for row in store.articles(search='"trade tension"')] == [article.id]
    assert [row.id for row in store.articles(search="tens*")] == [article.id]
    assert store.articles(search='"tension trade"') == []
    assert store.articles(search="NOT") == []
    assert store.articles(search="...") == []


def test_fts_query_quotes_every_term():
    assert fts_query('U.S.-China "trade') == '"U.S.-China" """trade"'
    assert fts_query('"trade war" NOT tariffs') == '"trade war" "NOT" "tariffs"'
    assert fts_query("tariff*") == '"tariff"*'
    assert fts_query(' " * - ') is None


# -- analysis -------------------------------------------------------------------------------


def table_count(store: Store, table: str) -> int:
    return store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_save_analysis_stores_rows_following_the_contract(store):
    article = make_article()
    store.upsert_article(article)
    store.save_analysis(article.id, analysis(article))
    assert store.counts()["actors"] == 2
    assert table_count(store, "mentions") == 4
    row = store.connection.execute(
        "SELECT cameo, quad_class, goldstein, span_start, span_end, extra_json FROM events"
    ).fetchone()
    assert row[:5] == ("036", 1, 4.0, 0, 9)
    assert json.loads(row[5]) == {"location": "Geneva", "topics": ["trade"], "geo": None, "tone": 0.0,
                                  "quote": None, "trigger_span": [0, 0], "coder": "tidings-events test"}
    quote = store.connection.execute(
        "SELECT speaker, speaker_span_json, span_start FROM quotes WHERE id = 'q1'")
    assert quote.fetchone() == ("a0", "[0, 8]", 30)
    assert store.get_analysis(article.id) == analysis(article).to_dict()


def test_save_analysis_replaces_the_previous_rows(store):
    article = make_article()
    store.upsert_article(article)
    store.save_analysis(article.id, analysis(article, actors=3, events=2, quotes=2))
    fewer = analysis(article, actors=1, events=0, quotes=1)
    replacement = replace(fewer, quotes=(replace(fewer.quotes[0], text="sanctions will stay"),))
    store.save_analysis(article.id, replacement)
    counts = store.counts()
    assert (counts["actors"], counts["events"], counts["quotes"]) == (1, 0, 1)
    assert table_count(store, "mentions") == 2
    assert store.search_quotes("tariffs") == []
    assert [q.text for q in store.search_quotes("sanctions")] == ["sanctions will stay"]
    assert store.get_analysis(article.id) == replacement.to_dict()


def test_saving_the_same_analysis_again_changes_nothing(store):
    article = make_article()
    store.upsert_article(article)
    store.save_analysis(article.id, analysis(article))
    before, changes = dump(store), store.connection.total_changes
    store.save_analysis(article.id, analysis(article))
    assert store.connection.total_changes == changes
    assert dump(store) == before


def test_save_analysis_needs_a_stored_article(store):
    with pytest.raises(StoreError, match="upsert_article"):
        store.save_analysis("missing", analysis(make_article("Not stored.")))


def test_search_quotes_names_the_speaker(store):
    article = make_article(title="Talks resume")
    store.upsert_article(article)
    store.save_analysis(article.id, analysis(article))
    found = store.search_quotes("round 1")
    assert found[0].speaker_name == "Person 0"
    assert found[0].title == "Talks resume"
    assert {q.id for q in store.search_quotes("tariffs")} == {"q0", "q1"}
    assert len(store.search_quotes("tariffs", limit=1)) == 1


# -- inputs, skips, failures, duplicates, minhashes ----------------------------------------------


def test_inputs_remember_what_is_done(store):
    assert store.recorded_input("a.html", "abc") is None
    store.record_input("a.html", "abc", article_id=None, outcome="empty")
    assert store.recorded_input("a.html", "abc") == RecordedInput(None, "empty")
    assert store.recorded_input("a.html", "changed-bytes") is None
    assert store.recorded_input("b.html", "abc") is None
    assert store.recorded_input(None, "abc") is None
    store.record_input(None, "abc", article_id=None, outcome="empty")
    assert store.recorded_input(None, "abc") == RecordedInput(None, "empty")
    before, changes = dump(store), store.connection.total_changes
    store.record_input(None, "abc", article_id=None, outcome="empty")
    assert (dump(store), store.connection.total_changes) == (before, changes)
    store.record_input(None, "abc", article_id="x", outcome="stored")
    assert table_count(store, "inputs") == 2
    assert store.recorded_input(None, "abc") == RecordedInput("x", "stored")


def test_recording_the_same_skip_again_changes_nothing(store):
    skip = Skip("bad.html", "empty", "the file is empty; nothing to analyse")
    store.record_skip(skip)
    before = dump(store)
    store.record_skip(skip)
    store.record_skip(Skip("bad.html", "empty", "worded differently this time"))
    assert dump(store) == before
    store.record_skip(Skip(None, "binary", "from stdin"))
    store.record_skip(Skip(None, "binary", "from stdin"))
    store.record_skip(Skip("bad.html", "not-english", "French"))
    assert [s.reason for s in store.skips()] == ["not-english", "binary", "empty"]
    assert [s.ref for s in store.skips(reason="empty")] == ["bad.html"]
    assert len(store.skips(limit=1)) == 1
    assert store.counts()["skips"] == 3


def test_recording_the_same_failure_again_changes_nothing(store):
    failure = Failure("x.html", "prepare", "ValueError: boom")
    store.record_failure(failure)
    before = dump(store)
    store.record_failure(failure)
    assert dump(store) == before
    store.record_failure(Failure(None, "analyze", "KeyError: 'x'"))
    store.record_failure(Failure(None, "analyze", "KeyError: 'x'"))
    assert store.counts()["failures"] == 2
    assert [f.ref for f in store.failures(stage="prepare")] == ["x.html"]
    assert set(store.failures()[0].to_dict()) == {"ref", "stage", "message", "first_seen_at"}


def test_duplicates_are_linked_once(store):
    first = make_article()
    store.upsert_article(first)
    store.record_duplicate("later", first.id, kind="near", similarity=0.93, ref="copy.html")
    before = dump(store)
    store.record_duplicate("later", first.id, kind="near", similarity=0.93, ref="copy.html")
    assert dump(store) == before
    store.record_duplicate(first.id, first.id, kind="exact", similarity=1.0, ref=None)
    store.record_duplicate(first.id, first.id, kind="exact", similarity=1.0, ref=None)
    assert store.counts()["duplicates"] == 2
    assert {d.kind for d in store.duplicates()} == {"near", "exact"}
    with pytest.raises(ValueError, match="exact"):
        store.record_duplicate("x", first.id, kind="same", similarity=1.0, ref=None)


def test_minhash_signatures_round_trip(store):
    article = make_article()
    store.upsert_article(article)
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    for word in article.text.split():
        signature.update(word.encode())
    store.use_banding(Banding.for_threshold(0.9))
    store.save_minhash(article.id, serialize(signature))
    before = dump(store)
    store.save_minhash(article.id, serialize(signature))
    assert dump(store) == before
    [(article_id, blob)] = store.near_duplicate_candidates(serialize(signature))
    assert article_id == article.id
    assert numpy.array_equal(numpy.frombuffer(blob, dtype=numpy.uint32), signature.hashvalues)
    with pytest.raises(StoreError, match="(?i)foreign key"):
        store.save_minhash("not-stored", serialize(signature))


def test_reingesting_a_whole_batch_leaves_the_database_byte_identical(store):
    def ingest_once() -> None:
        with store.transaction():
            for i in range(3):
                article = make_article(f"{TRADE} Paragraph {i}.", ref=f"{i}.html", title=f"T{i}")
                store.upsert_article(article)
                store.save_analysis(article.id, analysis(article))
                store.save_minhash(article.id, bytes([i]) * 16)
                store.record_input(article.ref, f"sha{i}", article_id=article.id, outcome="stored")
            store.record_skip(Skip("empty.html", "empty", "nothing there"))
            store.record_failure(Failure("odd.html", "prepare", "ValueError: odd"))
            store.record_duplicate("near", make_article(f"{TRADE} Paragraph 0.").id, kind="near",
                                   similarity=0.95, ref="near.html")

    ingest_once()
    before = dump(store)
    ingest_once()
    assert dump(store) == before


# -- transactions and counts ----------------------------------------------------------------------


def test_a_failed_transaction_writes_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_article(make_article())
        store.record_skip(Skip("a", "empty", "empty"))
        raise RuntimeError("crash mid-batch")
    assert store.counts()["articles"] == 0
    assert store.counts()["skips"] == 0
    assert not store.connection.in_transaction


def test_a_failing_write_inside_a_batch_keeps_the_rest(store):
    article = make_article()
    with store.transaction():
        store.upsert_article(article)
        with pytest.raises(StoreError):
            store.save_minhash("not-stored", b"x")
        with pytest.raises(RuntimeError), store.transaction():
            store.record_skip(Skip("a", "empty", "empty"))
            raise RuntimeError("inner")
    assert store.has_article(article.id)
    assert store.counts()["skips"] == 0


def test_committed_batches_are_visible_to_other_readers_and_open_ones_are_not(store, store_target):
    with open_store(store_target, create=True) as reader:
        with store.transaction():
            store.upsert_article(make_article())
            assert reader.count_articles() == 0
        assert reader.count_articles() == 1


def test_counts(store):
    article = make_article()
    store.upsert_article(article)
    store.save_analysis(article.id, analysis(article, actors=2, events=3, quotes=1))
    store.record_skip(Skip("e", "empty", "empty"))
    store.record_failure(Failure("f", "prepare", "boom"))
    assert store.counts() == {"articles": 1, "analysed": 1, "duplicates": 0, "skips": 1, "failures": 1,
                              "actors": 2, "events": 3, "event_mentions": 3, "quotes": 1, "alerts": 0}


def test_rebuild_search_keeps_results(store):
    article = make_article()
    store.upsert_article(article)
    store.save_analysis(article.id, analysis(article))
    store.rebuild_search()
    assert [row.id for row in store.articles(search="tension")] == [article.id]
    assert len(store.search_quotes("tariffs")) == 2
