"""What one article teaches finds the person in the next: two short articles written for this test,
ingested through the real pipeline into a temporary SQLite store."""

from __future__ import annotations

from pathlib import Path

from tidings import pipeline
from tidings.settings import Settings
from tidings.store import open_store

FIRST = ("Kenyan Interior Minister Ruth Kerubo said on Monday that the curfew in Nairobi would stay in "
         "place for another week.\n\nThe minister spoke after two nights of protests over the price of "
         "maize flour.")
# The surname alone, first in the sentence, where the small model labels nothing.
SECOND = ("Kerubo ordered the police to clear the roads around parliament on Tuesday.\n\nProtesters had "
          "blocked the main highway into the capital for two days, witnesses said.")


def test_a_person_named_by_surname_alone_is_found_from_an_earlier_article(tmp_path: Path) -> None:
    inputs = []
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        inputs.append(str(tmp_path / name))
    with open_store(tmp_path / "t.db") as store:
        summary = pipeline.ingest(inputs, store, Settings(), published="2024-06-04")
        assert summary.stored == 2
        second = store.get_analysis(pipeline.article_id(SECOND))
    assert second is not None
    people = [actor for actor in second["actors"] if actor["kind"] == "person"]  # type: ignore[union-attr,index]
    assert [(p["name"], p["country"], p["sector"]) for p in people] == [("Ruth Kerubo", "KEN", "GOV")]
    assert [m["text"] for m in people[0]["mentions"]] == ["Kerubo"]
    ordered = [e for e in second["events"] if e["trigger"] == "ordered"]  # type: ignore[union-attr]
    assert ordered and ordered[0]["source"] == people[0]["id"]
