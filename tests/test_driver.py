"""The one driver (`pipeline.process_documents`) and what its callers get from it: passing over
inputs done before, the learned answers an analysis used, analysing each input as it is taken, the
article id in every ingest Outcome, and the Python API's named error for a stage that raised."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import tidings
from tidings import pipeline
from tidings.errors import AnalysisFailed
from tidings.model import Analysis, Article, Document, Failure, Known, Skip
from tidings.settings import Settings
from tidings.store import open_store

STORY = ("Kenya's foreign minister met his Ethiopian counterpart in Nairobi on Tuesday to discuss the "
         "border, and both governments agreed to reopen two crossings next month, officials said.")
OTHER = ("Chile and Peru signed a fisheries agreement in Lima on Monday after three years of talks, "
         "the two foreign ministries said in a joint statement.")


def document(text: str, ref: str) -> Document:
    return Document(ref=ref, body=text, kind="text", origin="file")


def test_an_input_done_before_is_passed_over_without_being_prepared(prepared_refs: list[str | None]) -> None:
    done_refs = {"old.txt"}
    results = list(pipeline.process_documents(
        [document(STORY, "old.txt"), document(OTHER, "new.txt")], Settings(),
        done=lambda doc, _digest: doc.ref in done_refs))
    assert prepared_refs == ["new.txt"]
    assert results[0].result is None and results[0].analysis is None and len(results[0].digest) == 64
    assert isinstance(results[1].result, Article) and isinstance(results[1].analysis, Analysis)


def test_each_input_is_analysed_when_taken_with_the_answers_it_used_recorded() -> None:
    log: list[str] = []

    def learned_for(article: Article) -> Callable[[str], Known | None]:
        log.append(f"analyse {article.ref}")

        def lookup(name: str) -> Known | None:
            return Known(name, "person", "KEN", "GOV") if name.startswith("Kenya") else None

        return lookup

    for processed in pipeline.process_documents([document(STORY, "a"), document(OTHER, "b")], Settings(),
                                                learned_for=learned_for):
        log.append(f"took {processed.item.ref if isinstance(processed.item, Document) else None}")
        names = [name for name, _ in processed.lookups]
        assert len(names) == len(set(names))  # each name asked once per article
        assert all(answer is None or answer.country == "KEN" for _, answer in processed.lookups)
    # A caller may learn from one article before the next is analysed (the Dask worker does).
    assert log == ["analyse a", "took a", "analyse b", "took b"]


def test_a_failure_and_a_skip_keep_their_stage_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.prepare

    def broken(doc: Document, settings: Settings, *, published: str | None = None) -> Article | Skip:
        if doc.ref == "bad":
            raise RuntimeError("simulated bug")
        return real(doc, settings, published=published)

    monkeypatch.setattr(pipeline, "prepare", broken)
    german = "Der Bundestag hat heute lange über den Haushalt beraten."
    items: list[Document | Skip] = [Skip("gone", "empty", "the file is empty"), document(STORY, "bad"),
                                    document(german, "de"), document(OTHER, "good")]
    answers = [processed.answer for processed in pipeline.process_documents(items, Settings())]
    assert isinstance(answers[0], Skip) and answers[0].ref == "gone"
    assert isinstance(answers[1], Failure) and answers[1].stage == "prepare"
    assert isinstance(answers[2], Analysis) and answers[2].skipped is not None
    assert answers[2].skipped.reason == "not-english" and answers[2].events == ()
    assert isinstance(answers[3], Analysis) and answers[3].skipped is None


def test_every_ingest_outcome_names_its_article(tmp_path: Path) -> None:
    first, copy = tmp_path / "first.txt", tmp_path / "copy.txt"
    first.write_text(STORY, encoding="utf-8")
    copy.write_text(STORY, encoding="utf-8")
    outcomes: list[pipeline.Outcome] = []
    with open_store(tmp_path / "t.db", create=True) as store:
        pipeline.ingest([str(first)], store, Settings(), on_outcome=outcomes.append)
        pipeline.ingest([str(first), str(copy)], store, Settings(), on_outcome=outcomes.append)
    stored, unchanged, duplicate = outcomes
    assert stored.status == "stored" and stored.article_id is not None
    assert (unchanged.status, unchanged.article_id) == ("unchanged", stored.article_id)
    assert (duplicate.status, duplicate.article_id) == ("duplicate", stored.article_id)


def test_the_python_api_names_a_stage_that_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> Analysis:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline, "analyze", broken)
    with pytest.raises(AnalysisFailed, match="analyze: RuntimeError: simulated bug"):
        tidings.analyze(STORY, published="2024-05-07")
