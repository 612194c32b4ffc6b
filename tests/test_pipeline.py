"""The orchestrator: Document → Article or Skip, and ingest into a real SQLite store."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tidings import pipeline
from tidings.errors import BadDate
from tidings.model import Article, Document, Skip
from tidings.records import Actor, Event, Quote
from tidings.settings import Settings
from tidings.store import Store, open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

STORY = (
    "Finance ministers of the Group of Seven agreed on Saturday to tighten sanctions on Russian oil "
    "exports, two years after Moscow launched its full-scale invasion of Ukraine.\n\nThe ministers said "
    "they would target tankers that carry Russian crude above the price cap, and they pledged to keep "
    "Russian central bank assets frozen until Moscow pays for the damage it has caused.\n\nItaly, which "
    "holds the rotating presidency of the group this year, said leaders would discuss the assets again "
    "at their summit in June."
)
PAGE = (
    "<html><head><title>G7 agrees sanctions</title>"
    '<meta property="article:published_time" content="2024-02-24T14:05:00Z"></head>'
    "<body><article><h1>G7 agrees sanctions</h1>"
    + "".join(f"<p>{para}</p>" for para in STORY.split("\n\n"))
    + "</article></body></html>"
)


def text_document(text: str, ref: str = "story.txt", **meta: str) -> Document:
    return Document(ref=ref, body=text, kind="text", origin="file", **meta)


def test_prepare_cleans_text_and_hashes_it() -> None:
    article = pipeline.prepare(text_document("World\n\n" + STORY), Settings())
    assert isinstance(article, Article)
    assert article.text.startswith("Finance ministers")
    assert any(piece.text == "World" for piece in article.removed)
    assert article.language == "en"
    assert article.id == pipeline.article_id(article.text)


def test_too_little_text_is_skipped_with_the_reason() -> None:
    result = pipeline.prepare(text_document("Subscribe to our newsletter."), Settings())
    assert isinstance(result, Skip) and result.reason == "no-text"
    page = Document(ref="p.html", body="<html><body><p>Markets closed early.</p></body></html>", kind="html",
                    origin="file")
    result = pipeline.prepare(page, Settings())
    assert isinstance(result, Skip) and result.reason == "no-text"
    assert "minimum 25" in result.detail and "index page" in result.detail


def test_a_short_text_is_still_analysed() -> None:
    result = pipeline.prepare(text_document("Museveni said on Monday that talks would continue."), Settings())
    assert isinstance(result, Article)


def test_a_list_of_links_is_not_an_article() -> None:
    links = "\n".join(f"{n:08x}-4b1d http://news.example.org/world/2008/01/story-number-{n}.html"
                      for n in range(40))
    result = pipeline.prepare(text_document(links), Settings())
    assert isinstance(result, Skip) and result.reason == "no-text"
    assert "list of links" in result.detail
    with_links = STORY + "\n\nRead the statement at https://example.org/statement.html"
    assert isinstance(pipeline.prepare(text_document(with_links), Settings()), Article)


def test_non_english_is_skipped() -> None:
    text = (SAMPLES / "wire" / "cumbre-es.txt").read_text()
    article = pipeline.prepare(text_document(text), Settings())
    assert isinstance(article, Article) and article.language == "es"
    result = pipeline.check_language(article, Settings())
    assert result is not None and result.reason == "not-english"
    assert "detected es" in result.detail
    assert pipeline.check_language(article, Settings(languages="en,es")) is None


@pytest.mark.parametrize(
    ("flag", "source_knew", "expected"),
    [
        ("2024-03-01", "2024-02-25", "2024-03-01"),  # --published wins
        (None, "2024-02-25", "2024-02-25"),  # then the source's own metadata
        (None, None, "2024-02-24"),  # then the page
    ],
)
def test_publication_date_precedence(flag: str | None, source_knew: str | None, expected: str) -> None:
    document = Document(ref="p.html", body=PAGE, kind="html", origin="file", published=source_knew,
                        fetched_at="2026-11-26T10:00:00+00:00")
    article = pipeline.prepare(document, Settings(), published=flag)
    assert isinstance(article, Article)
    assert article.published is not None and article.published.startswith(expected)


def test_fetch_time_is_never_the_publication_date() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2024-02-24T14:05:00Z">', "")
    document = Document(ref="p.html", body=page, kind="html", origin="url",
                        fetched_at="2026-11-26T10:00:00+00:00")
    article = pipeline.prepare(document, Settings())
    assert isinstance(article, Article)
    assert article.published is None


@pytest.mark.parametrize("value", ["12/01/2024", "yesterday", "2024-13-01"])
def test_bad_published_flag_says_how_to_write_it(value: str) -> None:
    with pytest.raises(BadDate, match="2024-01-12"):
        pipeline.parse_published(value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2022-04-08 21:52:37-04:00", "2022-04-08T21:52:37-04:00"),
        ("Fri, 08 Dec 2023 22:30:00 GMT", "2023-12-08T22:30:00+00:00"),
        ("2024-01-12", "2024-01-12"),
        ("sometime last spring", None),
        ("", None),
    ],
)
def test_dates_from_inputs_are_normalised_or_dropped(given: str, expected: str | None) -> None:
    assert pipeline.normalise_date(given) == expected


def test_published_flag_accepts_dates_and_datetimes() -> None:
    assert pipeline.parse_published("2024-01-12") == "2024-01-12"
    assert pipeline.parse_published("2024-01-12T09:30:00Z") == "2024-01-12T09:30:00+00:00"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "t.db", create=True) as opened:
        yield opened


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_ingest_stores_links_duplicates_and_records_skips(tmp_path: Path, store: Store) -> None:
    first = write(tmp_path / "a.txt", STORY)
    same = write(tmp_path / "b.txt", STORY)
    near = write(tmp_path / "c.txt", STORY + "\n\nThis story has been updated with a new headline.")
    empty = write(tmp_path / "d.txt", "")
    summary = pipeline.ingest([first, same, near, empty], store, Settings(near_duplicate_threshold=0.8))
    assert (summary.stored, summary.duplicates, summary.skipped, summary.failed) == (1, 2, 1, 0)
    assert summary.reasons == {"duplicate": 1, "near-duplicate": 1, "empty": 1}
    reasons = {row.reason: row for row in store.skips()}
    assert reasons["near-duplicate"].duplicate_of == pipeline.article_id(
        pipeline.prepare(text_document(STORY), Settings()).text  # type: ignore[union-attr]
    )


def test_reingesting_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    inputs = [str(SAMPLES)]
    with open_store(db, create=True) as store:
        first = pipeline.ingest(inputs, store, Settings())
    assert first.stored >= 15 and first.failed == 0
    with open_store(db, create=True) as store:
        before = list(store.connection.iterdump())
        again = pipeline.ingest(inputs, store, Settings())
        after = list(store.connection.iterdump())
    assert (again.stored, again.duplicates, again.failed) == (0, 0, 0)
    assert again.unchanged + again.skipped == first.stored + first.duplicates + first.skipped
    assert before == after


def test_one_failing_article_does_not_end_the_batch(tmp_path: Path, store: Store,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    good = write(tmp_path / "good.txt", STORY)
    bad = write(tmp_path / "bad.txt", STORY.replace("Finance", "Trade"))
    real_prepare = pipeline.prepare

    def flaky(document: Document, settings: Settings, *, published: str | None = None) -> Article | Skip:
        if document.ref == bad:
            raise RuntimeError("simulated bug")
        return real_prepare(document, settings, published=published)

    monkeypatch.setattr(pipeline, "prepare", flaky)
    summary = pipeline.ingest([bad, good], store, Settings())
    assert summary.failed == 1 and summary.stored == 1
    assert store.failures()[0].message == "RuntimeError: simulated bug"


def test_an_interrupted_ingest_continues_where_it_stopped(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 2)
    paths = [write(tmp_path / f"{n}.txt", f"Story number {n}. " + STORY.replace("Saturday", f"day {n}"))
             for n in range(5)]
    db = tmp_path / "t.db"
    seen: list[str] = []

    def interrupt_at_third(outcome: pipeline.Outcome) -> None:
        seen.append(outcome.status)
        if len(seen) == 3:
            raise KeyboardInterrupt

    settings = Settings(near_duplicate_threshold=0.99)
    with open_store(db, create=True) as store, pytest.raises(KeyboardInterrupt):
        pipeline.ingest(paths, store, settings, on_outcome=interrupt_at_third)
    with open_store(db, create=True) as store:
        summary = pipeline.ingest(paths, store, settings)
    # the first batch of two was committed; the third input's batch was rolled back and redone
    assert (summary.unchanged, summary.stored) == (2, 3)


def test_batched_analysis_equals_one_at_a_time_and_keeps_the_order(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    texts = ["Antony Blinken met Yoko Kamikawa in Tokyo on Friday to discuss the alliance between the "
             "two countries and the security of the region, the State Department said in a statement.",
             "",
             "China accused the United States of meddling in the Taiwan election, officials said on "
             "Saturday, and warned that it would take every measure needed to defend its interests.",
             "Der Bundestag hat heute lange über den neuen Haushalt der Regierung beraten.",
             "Russia and Ukraine held talks in Istanbul on Tuesday about a prisoner exchange, and the "
             "two delegations agreed to meet again next month, according to the Turkish foreign ministry."]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{n}", "text": text, "published": "2024-01-12"}) + "\n"
                            for n, text in enumerate(texts)), encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARSE_BATCH", 2)
    settings = Settings()
    batched = list(pipeline.analyze_inputs([str(path)], settings))
    assert [getattr(r, "ref", None) or r.article.ref for r in batched] == ["r0", "r1", "r2", "r3", "r4"]
    assert isinstance(batched[1], Skip)
    assert batched[3].skipped is not None and batched[3].skipped.reason == "not-english"
    for result in (batched[0], batched[2], batched[4]):
        assert result.skipped is None and result.actors
        alone = pipeline.analyze(result.article, settings)
        assert (alone.actors, alone.events, alone.quotes) == (result.actors, result.events, result.quotes)


def test_an_earlier_analysis_read_back_from_json_is_reused_when_the_actors_agree() -> None:
    settings = Settings()
    article = pipeline.prepare(text_document(STORY), settings, published="2024-02-24")
    assert isinstance(article, Article)
    fresh = pipeline.analyze(article, settings)
    assert fresh.actors and fresh.events
    record = json.loads(json.dumps(fresh.to_dict()))  # as a Dask worker sends it
    earlier = replace(fresh, actors=tuple(Actor.from_dict(a) for a in record["actors"]),
                      events=tuple(Event.from_dict(e) for e in record["events"]),
                      quotes=tuple(Quote.from_dict(q) for q in record["quotes"]))
    assert earlier == fresh and earlier is not fresh
    assert pipeline.analyze(article, settings, earlier=earlier) is earlier
    other = replace(earlier, actors=earlier.actors[1:])
    redone = pipeline.analyze(article, settings, earlier=other)
    assert redone is not other and redone == fresh
