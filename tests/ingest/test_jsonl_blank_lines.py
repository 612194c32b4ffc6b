"""JSON Lines read a block at a time: blank lines cost only their reading, an input that yields no
record says so, and line numbers stay right (tidings.ingest.jsonl)."""

from __future__ import annotations

import gzip
import io
import time
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.ingest import jsonl
from tidings.ingest.sources import iter_documents
from tidings.model import Document, Skip
from tidings.settings import Settings


def test_a_gzip_of_blank_lines_is_one_empty_skip_in_moments(tmp_path: Path) -> None:
    # Eight million blank lines: read a line at a time this took about 4 s; a block at a time it
    # takes a fraction of one.
    path = tmp_path / "blank.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(8):
            out.write(b"\n" * 500_000 + b"  \t\r\n" * 100_000)
    started = time.perf_counter()
    items = list(iter_documents([str(path)], Settings()))
    elapsed = time.perf_counter() - started
    assert items == [Skip(ref=str(path), reason="empty", detail=items[0].detail)]
    assert "no JSON Lines records" in items[0].detail
    assert elapsed < 3.0, f"{elapsed:.1f} s for blank lines"


def test_more_blank_bytes_in_a_row_than_a_record_may_hold_end_the_file(tmp_path: Path) -> None:
    # Scaled down (a 1 MB cap): the 23 MB .jsonl.gz of newlines expands to 23 GB, minutes of
    # decompression for nothing; it now stops after max_bytes of them, saying why.
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b'{"id": "first", "text": "Troops left the town."}\n')
        for _ in range(50):
            out.write(b"\n" * 1_000_000)
        out.write(b'{"id": "late", "text": "Never read."}\n')
    items = list(iter_documents([str(path)], Settings(max_bytes=1_000_000)))
    assert [item.ref for item in items] == ["first", f"{path}:2"]
    assert isinstance(items[1], Skip) and items[1].reason == "too-large"
    assert "blank lines in a row" in items[1].detail and "not read" in items[1].detail


def test_records_between_blank_lines_keep_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'\n\n  \n{"id": "a", "text": "Talks resumed in Doha."}\n\n\n{"id": 1, "text": 5}\r\n'
                     b'not json\n   {"id": "b", "text": "Aid reached Gaza."}')
    items = list(iter_documents([str(path)], Settings()))
    assert [item.ref for item in items] == ["a", f"{path}:7", f"{path}:8", "b"]
    assert isinstance(items[0], Document) and isinstance(items[3], Document)
    assert items[3].body == "Aid reached Gaza."
    assert [item.reason for item in items if isinstance(item, Skip)] == ["bad-record", "bad-json"]


def test_a_line_over_the_cap_is_skipped_and_the_next_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_text = "word " * 700_000  # 3.5 MB: several read blocks
    path.write_text(f'{{"id": "big", "text": "{long_text}"}}\n{{"id": "ok", "text": "Ceasefire holds."}}\n')
    items = list(iter_documents([str(path)], Settings(max_bytes=1_000_000)))
    assert [(item.ref, type(item).__name__) for item in items] == [(f"{path}:1", "Skip"), ("ok", "Document")]
    assert isinstance(items[0], Skip) and items[0].reason == "too-large"
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    (skip,) = iter_documents([str(empty)], Settings())
    assert isinstance(skip, Skip) and skip.reason == "empty"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"", b" ", b"\t", b"{}", b"abc", b"x y", b"\r", b"\xef\xbb\xbf"]),
                max_size=30),
       st.integers(min_value=1, max_value=9))
def test_reading_by_blocks_finds_the_lines_a_line_reader_finds(lines: list[bytes], block: int) -> None:
    data = b"\n".join(lines)
    expected = [(number, line) for number, line in enumerate(data.split(b"\n"), start=1) if line.strip()]
    with patch.object(jsonl, "_JSONL_BLOCK", block):
        found = list(jsonl._nonblank_lines(io.BytesIO(data), cap=10_000))
    # A line's leading blanks are skipped with the blank run before it; JSON ignores them anyway.
    assert found == [(number, line.lstrip(b" \t\r\x0b\x0c")) for number, line in expected]
