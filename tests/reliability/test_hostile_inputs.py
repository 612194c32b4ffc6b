"""Ordinary inputs that crashed a whole batch (issue 16): lone surrogates in JSON fields, file
names that are not UTF-8, texts longer than spaCy's limit, an article whose analysis fails.
Each ends as an analysis, a skip or a failure row; the others in the batch are kept; a rerun
passes over the failure instead of crashing on it again. End to end: the real English pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tidings import nlp, pipeline
from tidings.distributed import work
from tidings.distributed.learned import LearnedFacts
from tidings.model import Analysis, Document
from tidings.settings import Settings
from tidings.store import open_store

GOOD = [
    "Kenyan police arrested twelve protesters outside parliament in Nairobi on Tuesday.",
    "The foreign minister of Peru met his Chilean counterpart on Monday and said that the two "
    "countries would work together on migration.",
    "Rebels attacked an army post near the border, killing three soldiers, officials said.",
]
SURROGATE = "\\ud800"  # as JSON spells it: json.loads makes it a lone surrogate


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record).replace("SURROGATE", SURROGATE)


def _jsonl(path: Path, field: str) -> Path:
    lines = [_line({"id": f"good-{n}", "text": text}) for n, text in enumerate(GOOD)]
    bad = {"id": "bad",
           "text": "Thousands of protesters marched through the streets of Dakar on Friday against the new "
                   "fuel tax, and police said that the march was peaceful.",
           "title": "A title", "url": "https://example.org/a", "source": "Example"}
    bad[field] = bad[field] + "SURROGATE" if field in bad else "SURROGATE"
    lines.insert(1, _line(bad))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("field", ["text", "id", "title", "url", "source"])
def test_a_lone_surrogate_in_any_jsonl_field_costs_nothing_else(tmp_path: Path, field: str) -> None:
    source = _jsonl(tmp_path / "news.jsonl", field)
    with open_store(tmp_path / "t.db", create=True) as store:
        summary = pipeline.ingest([str(source)], store, Settings())
        assert summary.stored == 4 and summary.failed == 0
        refs = {row.ref for row in store.articles(limit=10)}
        assert {"good-0", "good-1", "good-2"} <= refs
        # What was stored can be read back and encoded: the surrogate became U+FFFD.
        for row in store.articles(limit=10):
            json.dumps(row.to_dict(), ensure_ascii=False).encode("utf-8")
        again = pipeline.ingest([str(source)], store, Settings())
        assert again.stored == 0 and again.unchanged == 4


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tidings", *args], capture_output=True, cwd=cwd,
                          env={**os.environ, "TIDINGS_DB": str(cwd / "cli.db")}, timeout=300, check=False)


def test_analyze_prints_valid_utf8_json_for_surrogates_and_bad_file_names(tmp_path: Path) -> None:
    _jsonl(tmp_path / "news.jsonl", "title")
    folder = tmp_path / "pages"
    folder.mkdir()
    # A name that is not UTF-8 (Latin-1 "é"), as a file copied from an old system would have.
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD[0], encoding="utf-8")
    proc = _cli("analyze", "news.jsonl", "pages", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    records = json.loads(proc.stdout.decode("utf-8"))  # strict: invalid UTF-8 raises
    assert len(records) == 5
    refs = {record["article"]["ref"] for record in records}
    assert any(ref.endswith("caf\\xe9.txt") for ref in refs)  # the bad byte shown, escaped
    assert any("\ufffd" in (record["article"]["title"] or "") for record in records)


def test_a_file_name_that_is_not_utf8_is_ingested_under_an_escaped_ref(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / os.fsdecode(b"r\xe9sum\xe9.txt")).write_text(GOOD[1], encoding="utf-8")
    (folder / "plain.txt").write_text(GOOD[2], encoding="utf-8")
    with open_store(tmp_path / "t.db", create=True) as store:
        summary = pipeline.ingest([str(folder)], store, Settings())
        assert summary.stored == 2
        refs = {row.ref for row in store.articles(limit=10)}
        assert str(folder / "r\\xe9sum\\xe9.txt") in refs
        assert pipeline.ingest([str(folder)], store, Settings()).unchanged == 2


def test_a_text_longer_than_spacys_limit_is_parsed_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    # Scaled down: spaCy refuses texts over nlp.max_length (1,000,000 characters); with the limit
    # at 40,000 a 60,000-character paragraph is as long, relatively, as a 1.5 MB one.
    english = nlp.load_english()
    monkeypatch.setattr(english, "max_length", 40_000)
    monkeypatch.setattr(nlp, "MAX_PIECE_CHARS", 15_000)
    sentences = [f"Officials in district {n} said {GOOD[n % 3][0].lower()}{GOOD[n % 3][1:]}"
                 for n in range(700)]
    text = " ".join(sentences)  # one paragraph: no break to cut at
    assert len(text) > 60_000
    (doc,) = nlp.parse_texts([text])
    assert doc.text == text
    article = pipeline.prepare(Document(ref="long.txt", body=text, kind="text", origin="file"), Settings())
    assert not isinstance(article, pipeline.Skip)
    analysis = pipeline.analyze(article, Settings())
    assert isinstance(analysis, Analysis) and analysis.events


def _failing_on_chile(real: Callable[..., Analysis]) -> Callable[..., Analysis]:
    """`analyze` that fails, as spaCy does on a text over its limit, for the article about Chile."""

    def fragile(article: Any, settings: Settings, **kwargs: Any) -> Analysis:
        if "Chilean" in article.text:
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000")
        return real(article, settings, **kwargs)

    return fragile


def test_a_failed_analysis_is_recorded_and_passed_over_on_rerun(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "analyze", _failing_on_chile(pipeline.analyze))
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(_line({"id": f"n{n}", "text": text}) for n, text in enumerate(GOOD)) + "\n")
    with open_store(tmp_path / "t.db", create=True) as store:
        summary = pipeline.ingest([str(source)], store, Settings())
        assert (summary.stored, summary.failed) == (2, 1)
        (failure,) = store.failures()
        assert failure.ref == "n1" and failure.stage == "analyze" and "E088" in failure.message
        again = pipeline.ingest([str(source)], store, Settings())
        assert (again.stored, again.failed, again.unchanged) == (0, 0, 3)


def test_a_dask_chunk_keeps_its_good_articles_when_one_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker runs the same driver as one process (pipeline.process_documents).
    monkeypatch.setattr(pipeline, "analyze", _failing_on_chile(pipeline.analyze))
    documents = tuple((n, Document(ref=f"n{n}", body=text, kind="text", origin="jsonl"), f"digest{n}")
                      for n, text in enumerate(GOOD))
    records = work.process_chunk(work.ChunkTask("c1", documents, Settings(), None, LearnedFacts()))
    assert [record["outcome"] for record in records] == ["article", "failure", "article"]
    assert "E088" in json.loads(records[1]["record"])["failure"]["message"]
