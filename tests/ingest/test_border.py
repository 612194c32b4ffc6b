"""Strings from outside made valid Unicode (tidings.ingest.border). Pure, no model."""

from __future__ import annotations

import os

from tidings.ingest.border import shown_name, valid_item, valid_text
from tidings.model import Document, Skip


def test_lone_surrogates_become_the_replacement_character() -> None:
    assert valid_text("Kyiv\ud800 said") == "Kyiv\ufffd said"
    assert valid_text("\udfff") == "\ufffd"
    clean = "Ministers met in Geneva \U0001f600"
    assert valid_text(clean) is clean  # nothing to do, nothing copied


def test_a_non_utf8_file_name_is_shown_with_escapes() -> None:
    name = os.fsdecode(b"reports/caf\xe9-\xff.txt")  # how Linux hands Python such a name
    assert shown_name(name) == "reports/caf\\xe9-\\xff.txt"
    shown_name(name).encode("utf-8")
    assert shown_name("\ud800x") == "\ufffdx"  # a surrogate no byte could have made


def test_every_string_field_of_a_document_or_skip_is_made_valid() -> None:
    document = Document(ref=os.fsdecode(b"a\xe9.txt"), body="text\ud800", kind="text", origin="file",
                        title="t\udc00", url=None, source="s")
    fixed = valid_item(document)
    assert (fixed.ref, fixed.body, fixed.title, fixed.source) == ("a\\xe9.txt", "text\ufffd", "t\ufffd", "s")
    skip = Skip(ref="x\ud800", reason="empty", detail="x\ud800 is empty")
    assert valid_item(skip) == Skip(ref="x\ufffd", reason="empty", detail="x\ufffd is empty")
    body = b"<p>bytes stay bytes</p>"
    assert valid_item(Document(ref="p.html", body=body, kind="html", origin="file")).body is body
