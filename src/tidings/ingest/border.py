"""Make strings from outside valid Unicode before anything else sees them.

Two kinds of invalid string reach Python from outside, and both crash the first `.encode("utf-8")`
far downstream (a hash, a database driver, the JSON printed to a terminal):
- a JSON string may spell a lone surrogate (`"\\ud800"`): `json.loads` keeps it as a code point
  that no UTF-8 encoder accepts;
- a file name that is not valid UTF-8 arrives from the operating system with each bad byte
  smuggled in as a surrogate (PEP 383, `surrogateescape`).

`valid_text` replaces every surrogate with U+FFFD (the Unicode replacement character), as any
decoder does for bytes it cannot read. `shown_name` writes the bytes of a file name that are not
UTF-8 as `\\xNN` escapes, so the user can still tell which file it was. `valid_item` applies them
to every string field of a Document or Skip: the sources layer calls it on everything it yields.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import overload

from tidings.model import Document, Skip

__all__ = ["shown_name", "valid_item", "valid_text"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# What `surrogateescape` makes of the bytes 0x80-0xFF of an undecodable name.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")

def valid_text(text: str) -> str:
    """`text` with every surrogate code point replaced by U+FFFD; `text` itself when it has none. Pure."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def shown_name(name: str) -> str:
    """A file name (or ref) as valid Unicode: bytes `surrogateescape` smuggled in become `\\xNN`
    escapes (the name stays recognisable), any other surrogate U+FFFD. Pure."""
    if not _SURROGATE.search(name):
        return name
    escaped = _ESCAPED_BYTE.sub(lambda found: f"\\x{ord(found.group()) - 0xDC00:02x}", name)
    return valid_text(escaped)


@overload
def valid_item(item: Document) -> Document: ...
@overload
def valid_item(item: Skip) -> Skip: ...
def valid_item(item: Document | Skip) -> Document | Skip:
    """`item` with its ref shown as a name and every other string field made valid text. Pure."""
    changes: dict[str, str] = {}
    for field in fields(item):
        value = getattr(item, field.name)
        if not isinstance(value, str):
            continue
        fixed = shown_name(value) if field.name == "ref" else valid_text(value)
        if fixed is not value:
            changes[field.name] = fixed
    return replace(item, **changes) if changes else item  # type: ignore[arg-type]  # mypy: union
