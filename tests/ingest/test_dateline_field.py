"""A dateline the source gives apart from the text (Reuters-21578, Gigaword, the NYT corpus): the
optional "dateline" of a JSON Lines record or a NAME.meta.json, carried on the Document, and made
by `prepare` the first piece `removed` from the article, where the places stage reads it."""

from __future__ import annotations

import json
from pathlib import Path

from tidings import pipeline
from tidings.ingest.sources import iter_documents
from tidings.model import Article, Document, Removed, Skip
from tidings.settings import Settings

TEXT = "Police arrested three men after a protest outside the parliament on Tuesday, the minister said."


def read(path: Path) -> list[Document | Skip]:
    return list(iter_documents([str(path)], Settings()))


def jsonl(tmp_path: Path, *records: dict[str, object]) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_a_jsonl_record_carries_its_dateline(tmp_path: Path) -> None:
    (doc,) = read(jsonl(tmp_path, {"id": "r1", "text": TEXT, "dateline": "TOKYO, April 27 -"}))
    assert isinstance(doc, Document) and doc.dateline == "TOKYO, April 27 -"
    (plain,) = read(jsonl(tmp_path, {"id": "r2", "text": TEXT}))
    assert isinstance(plain, Document) and plain.dateline is None


def test_a_dateline_that_is_not_a_string_skips_the_record(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "r1", "text": TEXT, "dateline": ["TOKYO"]},
                 {"id": "r2", "text": TEXT, "dateline": 27}, {"id": "r3", "text": TEXT})
    results = read(path)
    assert [(r.ref, getattr(r, "reason", "doc")) for r in results] == [
        (f"{path}:1", "bad-record"), (f"{path}:2", "bad-record"), ("r3", "doc")]
    assert isinstance(results[0], Skip) and 'non-string "dateline"' in results[0].detail
    assert '"dateline"' in results[0].detail.split(";")[1]  # the message lists it among the fields


def test_a_blank_dateline_is_no_dateline(tmp_path: Path) -> None:
    (doc,) = read(jsonl(tmp_path, {"id": "r1", "text": TEXT, "dateline": "  \t "}))
    assert isinstance(doc, Document)
    article = pipeline.prepare(doc, Settings())
    assert isinstance(article, Article) and article.removed == ()


def test_a_meta_json_beside_a_page_gives_its_dateline(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps({"dateline": "WASHINGTON, March 11 -"}))
    (doc,) = read(tmp_path / "story.txt")
    assert isinstance(doc, Document) and doc.dateline == "WASHINGTON, March 11 -"


def test_prepare_puts_the_dateline_first_among_the_removed_and_keeps_the_id() -> None:
    body = "World\n\n" + TEXT
    plain = pipeline.prepare(Document(ref="a", body=body, kind="text", origin="jsonl"), Settings())
    dated = pipeline.prepare(Document(ref="a", body=body, kind="text", origin="jsonl",
                                      dateline="  KYIV,  Ukraine, March 3 - "), Settings())
    assert isinstance(plain, Article) and isinstance(dated, Article)
    assert dated.removed == (Removed(text="KYIV, Ukraine, March 3 -", reason="dateline"), *plain.removed)
    assert plain.removed  # "World" was taken out too, after the dateline
    assert dated.id == plain.id and dated.text == plain.text  # the id hashes the text only


def test_a_dateline_the_cleaner_took_out_is_not_added_again() -> None:
    body = "KYIV, Ukraine\n\n" + TEXT
    document = Document(ref="a", body=body, kind="text", origin="jsonl", dateline="KYIV, Ukraine")
    article = pipeline.prepare(document, Settings())
    assert isinstance(article, Article)
    assert [piece for piece in article.removed if piece.reason == "dateline"] == [
        Removed(text="KYIV, Ukraine", reason="dateline")]
