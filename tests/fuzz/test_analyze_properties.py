"""Property tests through the whole pipeline: `analyze_inputs` on generated news-like texts with odd
Unicode, and on every input kind; the store keeps what it was given.

Every input yields an Analysis, a Skip or a Failure; none may be a Failure (that is a caught
crash); every offset lies inside the article text; every analysis is valid against the schema.
The spaCy parse makes these slow, so they draw few, short examples (conftest.PARSED).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import PARSED
from tests.fuzz.strategies import article_text, html_page, jsonl_lines, rss_feed, warc_file
from tidings import pipeline
from tidings.model import Analysis, Failure, Skip
from tidings.settings import Settings
from tidings.store import open_store

pytestmark = pytest.mark.e2e

SCHEMA = json.loads((Path(pipeline.__file__).parent / "schema" / "analysis.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def spans(record: dict[str, Any]) -> Iterator[tuple[str, list[int]]]:
    """Every (what, [start, end]) offset pair in an analysis dict."""
    for actor in record["actors"]:
        for mention in actor["mentions"]:
            yield "mention", [mention["start"], mention["end"]]
    for event in record["events"]:
        yield "event span", event["span"]
        if event.get("trigger_span") is not None:
            yield "trigger span", event["trigger_span"]
    for quote in record["quotes"]:
        yield "quote span", quote["span"]
        if quote.get("speaker_span") is not None:
            yield "speaker span", quote["speaker_span"]


def check_analysis(record: dict[str, Any]) -> None:
    """The output contract: valid against the schema, every offset inside the text."""
    errors = sorted(VALIDATOR.iter_errors(record), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    text = record["article"]["text"]
    for what, (start, end) in spans(record):
        assert 0 <= start <= end <= len(text), f"{what} [{start}, {end}] outside a text of {len(text)}"
    for actor in record["actors"]:
        for mention in actor["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"], mention


def run(paths: list[str], settings_: Settings) -> list[Analysis | Skip | Failure]:
    results = list(pipeline.analyze_inputs(paths, settings_))
    failures = [result for result in results if isinstance(result, Failure)]
    assert not failures, failures
    for result in results:
        assert isinstance(result, Analysis | Skip)
        if isinstance(result, Analysis):
            check_analysis(result.to_dict())
        else:
            assert "This is a bug in tidings" not in result.detail, result.detail
    return results


@settings(max_examples=PARSED)
@given(st.lists(article_text, min_size=1, max_size=3))
def test_analyze_texts(tmp_path_factory, texts: list[str]) -> None:
    folder = tmp_path_factory.mktemp("texts")
    paths = []
    for number, text in enumerate(texts):
        path = folder / f"{number}.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        paths.append(str(path))
    results = run(paths, Settings())
    assert len(results) == len(paths)


_kinds = st.sampled_from([".html", ".jsonl", ".rss", ".warc", ".warc.gz"]).flatmap(
    lambda suffix: st.tuples(st.just(suffix), {".html": html_page(), ".jsonl": jsonl_lines(),
                                               ".rss": rss_feed(), ".warc": warc_file(),
                                               ".warc.gz": warc_file()}[suffix]))


@settings(max_examples=PARSED)
@given(_kinds)
def test_analyze_any_input_kind(tmp_path_factory, kind_and_body: tuple[str, bytes]) -> None:
    suffix, body = kind_and_body
    path = tmp_path_factory.mktemp("kinds") / f"input{suffix}"
    path.write_bytes(body)
    # min_words=1: let short generated pages through to the analysis instead of skipping them.
    run([str(path)], Settings(min_words=1))


@settings(max_examples=PARSED // 2)
@given(article_text)
def test_store_round_trip_keeps_offsets(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("store") / "a.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    analyses = [r for r in run([str(path)], Settings()) if isinstance(r, Analysis)]
    if not analyses:
        return
    analysis = analyses[0]
    with open_store(path.parent / "t.db", create=True) as store:
        store.upsert_article(analysis.article)
        store.save_analysis(analysis.article.id, analysis)
        back = store.get_analysis(analysis.article.id)
        stored = store.get_article(analysis.article.id)
    assert back is not None and stored is not None
    assert stored.text == analysis.article.text
    assert list(spans(back)) == list(spans(json.loads(json.dumps(analysis.to_dict()))))
    check_analysis(back)
