"""Issue 16's inputs as a property: JSON Lines lines whose every field may hold lone surrogates, in a
file whose name may not be UTF-8, ingested into a temporary store with the real pipeline.

Nothing raises; every line ends as an article, a duplicate or a skip, never a failure; everything
stored (articles, skips) encodes to UTF-8, alone and as JSON; a rerun passes over every input. The
atheris target "border" (benchmarks/fuzz_targets.py) hunts the same ground with mutated bytes.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import PARSED
from tests.fuzz.strategies import sentence
from tidings import pipeline
from tidings.settings import Settings
from tidings.store import open_store

pytestmark = pytest.mark.e2e

# Lone surrogates: what `json.loads` makes of "\ud800", and what `surrogateescape` makes of a byte.
surrogate = st.characters(categories=["Cs"])


@st.composite
def spliced(draw: st.DrawFn, text: str) -> str:
    """`text` with up to three lone surrogates put in at drawn places."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(surrogate) + text[at:]
    return text


def field(plain: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return plain.flatmap(lambda text: spliced(text))


@st.composite
def record(draw: st.DrawFn, number: int) -> dict[str, Any]:
    """A record whose strings may all hold lone surrogates; "text" or "html" carries a sentence."""
    body = draw(field(sentence()))
    fields: dict[str, Any] = {"id": draw(field(st.just(f"line-{number}")))}
    if draw(st.booleans()):
        fields["text"] = body
    else:
        fields["html"] = f"<html><body><article><p>{body}</p></article></body></html>"
    optional = {"title": st.sampled_from(["Talks in Geneva", ""]), "url": st.just("https://news.example/a"),
                "source": st.just("Example News"), "published": st.just("2024-01-09")}
    for key, plain in optional.items():
        if draw(st.booleans()):
            fields[key] = draw(field(plain))
    return fields


@st.composite
def jsonl_file(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """(file name, content): one to three records, under a name of any bytes a file name may hold,
    maybe with a broken line, whose skip names the file (its ref is "path:line")."""
    count = draw(st.integers(1, 3))
    # json.dumps writes a lone surrogate as JSON spells it ("\ud800"), which json.loads gives back.
    lines = [json.dumps(draw(record(number))).encode("ascii") for number in range(count)]
    broken = draw(st.sampled_from([b"", b"{not json", b"\xff\xfe not UTF-8", b'{"id": "no text"}']))
    if broken:
        lines.insert(draw(st.integers(0, len(lines))), broken)
    name = draw(st.binary(min_size=1, max_size=24).filter(lambda raw: b"/" not in raw and b"\0" not in raw))
    return b"n-" + name + b".jsonl", b"\n".join(lines) + b"\n"


def _encodes(row: dict[str, Any]) -> None:
    for value in row.values():
        if isinstance(value, str):
            value.encode("utf-8")
    json.dumps(row, ensure_ascii=False).encode("utf-8")


@settings(max_examples=PARSED)
@given(jsonl_file())
def test_surrogates_in_any_field_and_bad_file_names_ingest_without_a_failure(
        tmp_path_factory: pytest.TempPathFactory, named: tuple[bytes, bytes]) -> None:
    name, content = named
    folder = tmp_path_factory.mktemp("border")
    (folder / "in").mkdir()
    (folder / "in" / os.fsdecode(name)).write_bytes(content)  # the name's bytes as Linux keeps them
    lines = content.count(b"\n")
    with open_store(folder / "t.db", create=True) as store:
        summary = pipeline.ingest([str(folder / "in")], store, Settings())
        assert summary.failed == 0, store.failures()
        assert summary.stored + summary.duplicates + summary.skipped == lines, summary
        for row in [*store.articles(limit=10), *store.skips(limit=10)]:
            _encodes(row.to_dict())
        again = pipeline.ingest([str(folder / "in")], store, Settings())
        assert again.stored == 0 and again.failed == 0, again
