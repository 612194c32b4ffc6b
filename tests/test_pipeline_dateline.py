"""End to end: a wire record whose dateline is a field of its own, not in the text, has its events
placed at the dateline (geo.how "dateline"), and the analysis still meets analysis.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tidings import pipeline
from tidings.model import Analysis
from tidings.settings import Settings
from tidings.store import open_store

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src" / "tidings" / "schema"
                     / "analysis.schema.json").read_text(encoding="utf-8"))
# No place in the text: only the dateline field can place what it tells.
TEXT = ("Police arrested three men after a protest outside the parliament on Tuesday, the interior "
        "minister said.")
DATELINE = "KYIV, Ukraine, March 3 -"


def test_a_jsonl_dateline_places_the_events(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "dated", "text": TEXT, "dateline": DATELINE}) + "\n"
                    + json.dumps({"id": "undated", "text": TEXT}) + "\n", encoding="utf-8")
    dated, undated = pipeline.analyze_inputs([str(path)], Settings())
    assert isinstance(dated, Analysis) and isinstance(undated, Analysis)
    assert dated.events and len(dated.events) == len(undated.events)
    assert all(event.geo is None for event in undated.events)  # without the field, nowhere
    for event in dated.events:
        assert event.geo is not None and event.geo.country == "UKR" and event.geo.how == "dateline"
    assert dated.article.id == undated.article.id  # the id hashes the text alone
    record = dated.to_dict()
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
    assert record["article"]["removed"][0] == {"text": DATELINE, "reason": "dateline"}


def test_the_stored_article_keeps_the_dateline(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "dated", "text": TEXT, "dateline": DATELINE}) + "\n", encoding="utf-8")
    with open_store(tmp_path / "t.db", create=True) as store:
        summary = pipeline.ingest([str(path)], store, Settings())
        assert summary.stored == 1
        stored = store.get_article(pipeline.article_id(TEXT))
    assert stored is not None
    assert [(piece.text, piece.reason) for piece in stored.removed] == [(DATELINE, "dateline")]
