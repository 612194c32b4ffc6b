"""JSON Lines input: one article per line, `{"id", "text" | "html", "title", "url", "published", "source",
"dateline"}`.

Read a block at a time, so memory stays flat whatever the file's length, and a line over
`max_bytes` is skipped without being held whole.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator

from tidings.model import Document, DocumentKind, Skip
from tidings.settings import Settings

__all__ = ["META_FIELDS", "iter_jsonl"]

# The metadata a record (or a NAME.meta.json beside a page) may give, all strings. "dateline" is
# where the story was filed from when the corpus keeps it out of the text (Reuters-21578, Gigaword,
# the NYT corpus: "TOKYO, April 27 -").
META_FIELDS = ("url", "title", "published", "source", "dateline")

# JSON Lines are read a block at a time; runs of blank lines are skipped inside a block without a
# Python step per line (a file of a hundred million blank lines costs only its reading).
_JSONL_BLOCK = 1 << 20
_BLANK_RUN = re.compile(rb"[ \t\r\n\f\v]+")
# What `_nonblank_lines` yields in place of a line's bytes when it stops reading a line, or the file.
LONG_LINE = "long-line"  # a line over the cap: skipped a block at a time, never held whole
BLANK_GAP = "blank-gap"  # more blank bytes in a row than the cap: reading stops (see below)


def _nonblank_lines(stream: io.BufferedIOBase, cap: int) -> Iterator[tuple[int, bytes | str]]:
    """(line number, line without its newline) for every line of `stream` that is not blank, or
    (number, LONG_LINE) for a line over `cap` bytes.

    A run of blank lines longer than `cap` bytes ends the stream with (its first line, BLANK_GAP): no
    writer puts more blank bytes between two records than one record may hold, while a compressed
    file of nothing but newlines (1,000 times smaller than what it expands to) would otherwise cost
    minutes of decompression to yield nothing.
    """
    buffer, pos, number, eof, blank_run, gap_start = b"", 0, 1, False, 0, 1
    while True:
        blank = _BLANK_RUN.match(buffer, pos)
        if blank:
            gap_start = number if blank_run == 0 else gap_start
            number += buffer.count(b"\n", pos, blank.end())
            blank_run += blank.end() - pos
            pos = blank.end()
        if blank_run > cap:
            yield gap_start, BLANK_GAP
            return
        if pos == len(buffer):
            if eof:
                return
            buffer, pos = stream.read(_JSONL_BLOCK), 0
            eof = not buffer
            continue
        blank_run = 0
        end = buffer.find(b"\n", pos)
        while end < 0 and not eof and len(buffer) - pos <= cap:
            more = stream.read(_JSONL_BLOCK)
            if not more:
                eof = True
                break
            searched = len(buffer) - pos
            buffer, pos = buffer[pos:] + more, 0
            end = buffer.find(b"\n", searched)
        line_end = end if end >= 0 else len(buffer)
        if line_end - pos > cap:
            yield number, LONG_LINE
            while end < 0 and not eof:  # skip the rest of the oversized line
                buffer, pos = stream.read(_JSONL_BLOCK), 0
                eof = not buffer
                end = buffer.find(b"\n")
            if end < 0:
                return
            line_end = end
        else:
            yield number, buffer[pos:line_end]
        number += 1
        pos = min(line_end + 1, len(buffer))  # past the newline, or at the end of the last line


def iter_jsonl(stream: io.BufferedIOBase, ref: str, settings: Settings) -> Iterator[Document | Skip]:
    """A Document or a Skip (bad-json, bad-record, empty, too-large) for each record of a JSON Lines
    stream, read lazily; one "empty" Skip for the whole stream when it holds no record at all."""
    cap = settings.max_bytes
    found = False
    for number, line in _nonblank_lines(stream, cap):
        found = True
        where = f"{ref} line {number}"
        line_ref = f"{ref}:{number}"
        if isinstance(line, str) and line == LONG_LINE:
            yield Skip(ref=line_ref, reason="too-large",
                       detail=f"{where} is over the {cap:,}-byte cap; raise max_bytes (TIDINGS_MAX_BYTES)")
            continue
        if isinstance(line, str):  # BLANK_GAP
            yield Skip(ref=line_ref, reason="too-large",
                       detail=f"{ref} has over {cap:,} bytes of blank lines in a row from line {number} on; "
                              "the rest of it was not read (a decompression bomb?). Remove the blank "
                              "lines or raise max_bytes (TIDINGS_MAX_BYTES)")
            return
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        yield _jsonl_record(line, where=where, line_ref=line_ref)
    if not found:
        # A file (or a decompressed archive) that yields nothing is said, not passed over in silence.
        yield Skip(ref=ref, reason="empty", detail=f"{ref} holds no JSON Lines records (it is empty or only "
                                                   "blank lines); give one JSON object per line")


def _jsonl_record(line: bytes, *, where: str, line_ref: str) -> Document | Skip:
    try:
        record: object = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Skip(ref=line_ref, reason="bad-json",
                    detail=f"{where} is not UTF-8 ({exc}); JSON Lines files must be UTF-8")
    except json.JSONDecodeError as exc:
        return Skip(ref=line_ref, reason="bad-json",
                    detail=f"{where} is not valid JSON ({exc}); fix or remove the line")

    def bad(problem: str) -> Skip:
        return Skip(ref=line_ref, reason="bad-record",
                    detail=f"{where} {problem}; each line needs an \"id\" and a \"text\" or \"html\" "
                           "string, with optional \"title\", \"url\", \"published\", \"source\", "
                           "\"dateline\" strings")

    if not isinstance(record, dict):
        return bad(f"is a JSON {type(record).__name__}, not an object")
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int) or str(record_id).strip() == "":
        return bad("has no usable \"id\"")
    for key in META_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            return bad(f"has a non-string \"{key}\"")
    # "text" wins when both are given: it is what the producer chose as the article.
    kind: DocumentKind
    if isinstance(record.get("text"), str):
        kind, body = "text", record["text"]
    elif isinstance(record.get("html"), str):
        kind, body = "html", record["html"]
    else:
        return bad("has neither a \"text\" nor an \"html\" string")
    item_ref = str(record_id)
    if not body.strip():
        return Skip(ref=item_ref, reason="empty", detail=f"{where} (id {item_ref}) has an empty {kind}")
    return Document(ref=item_ref, body=body, kind=kind, origin="jsonl", url=record.get("url"),
                    title=record.get("title"), published=record.get("published"),
                    source=record.get("source"), dateline=record.get("dateline"))
