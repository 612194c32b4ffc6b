"""The user's override file: actor codes that win over learned and built-in knowledge.

The file (setting `actor_overrides`, default `tidings-actors.toml` in the working directory) is
TOML with one `[[actor]]` table per actor:

    [[actor]]
    name = "Yoko Kamikawa"          # required: the canonical name
    aliases = ["Kamikawa"]          # optional: other names that mean this actor
    kind = "person"                 # required: person, organization, country, group, location, other
    country = "JPN"                 # optional: ISO 3166-1 alpha-3, upper case; "" for none
    sector = "GOV"                  # optional: CAMEO agent code, 3 upper-case letters; "" for none
    roles = ["foreign minister"]    # optional: titles
    gender = "f"                    # optional: "m" or "f", to agree pronouns

Names and aliases match case- and diacritics-insensitively (`normalise_name`), so "Erdogan" in
the file matches "Erdoğan" in the text. A name or alias may appear in one entry only. Any
mistake (an unknown key, a lower-case code, a missing name) raises SettingsError naming the file,
the entry and what to fix, rather than being ignored.

Precedence is the caller's job: ask `Overrides.lookup` first, then learned facts, then the
built-in knowledge.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import get_args

from tidings.actors.names import normalise_name
from tidings.errors import SettingsError
from tidings.model import Known
from tidings.records import ActorKind

KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
ENTRY_KEYS = frozenset({"name", "aliases", "kind", "country", "sector", "roles", "gender"})
_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class Overrides:
    """The actors of an override file, by normalised name and alias. Empty when there is no file."""

    by_key: Mapping[str, Known] = field(default_factory=lambda: MappingProxyType({}))
    path: Path | None = None

    def lookup(self, name: str) -> Known | None:
        """What the file says `name` is, or None when the file does not mention it."""
        return self.by_key.get(normalise_name(name))

    def __len__(self) -> int:
        """The number of actors (entries) in the file."""
        return len({id(known) for known in self.by_key.values()})


def load_overrides(path: Path | None) -> Overrides:
    """Read and check the override file at `path`; None gives an empty Overrides.

    Raises SettingsError when the file is named but missing, is not TOML, or has a bad entry.
    Cached per path, modification time and size, so calling it per article is cheap and an
    edited file is read again.
    """
    if path is None:
        return Overrides()
    resolved = Path(path).expanduser().resolve()
    try:
        stat = resolved.stat()
    except FileNotFoundError:
        raise SettingsError(
            f"the actor override file {path} does not exist; create it, or unset actor_overrides "
            "(TIDINGS_ACTOR_OVERRIDES or tidings.toml)"
        ) from None
    except OSError as exc:
        raise SettingsError(f"cannot read the actor override file {path}: {exc.strerror or exc}") from None
    return _load(resolved, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Overrides:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}; fix the file") from None
    except OSError as exc:
        raise SettingsError(f"cannot read the actor override file {path}: {exc.strerror or exc}") from None
    unknown = sorted(set(table) - {"actor"})
    if unknown:
        raise SettingsError(
            f"{path}: unknown top-level key {unknown[0]!r}; the file holds only [[actor]] tables"
        )
    entries = table.get("actor", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise SettingsError(f"{path}: write each actor as an [[actor]] table with a name and a kind, "
                            'e.g. [[actor]] name = "Yoko Kamikawa" kind = "person"')
    by_key: dict[str, Known] = {}
    owner: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        known = _parse_entry(path, number, entry)
        keys = [normalise_name(known.name)] + [normalise_name(alias) for alias in entry.get("aliases", [])]
        for key in dict.fromkeys(keys):
            if key in owner:
                raise SettingsError(
                    f"{path}: actor entry {number} ({known.name!r}): the name or alias {key!r} is already "
                    f"used by entry {owner[key]}; keep it in one entry"
                )
            owner[key] = number
            by_key[key] = known
    return Overrides(by_key=MappingProxyType(by_key), path=path)


def _parse_entry(path: Path, number: int, entry: Mapping[str, object]) -> Known:
    name = entry.get("name")
    label = f"actor entry {number}" + (f" ({name!r})" if isinstance(name, str) and name.strip() else "")

    def bad(what: str) -> SettingsError:
        return SettingsError(f"{path}: {label}: {what}")

    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        raise bad(f"unknown key {unknown[0]!r}; known keys: {', '.join(sorted(ENTRY_KEYS))}")
    if not isinstance(name, str) or not normalise_name(name):
        raise bad('needs a name, e.g. name = "Yoko Kamikawa"')
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and normalise_name(a) for a in aliases):
        raise bad('aliases must be a list of names, e.g. aliases = ["Kamikawa"]')
    kind = next((known_kind for known_kind in KINDS if known_kind == entry.get("kind")), None)
    if kind is None:
        raise bad(f"kind must be one of {', '.join(KINDS)}; got {entry.get('kind')!r}")
    country = _code(entry, "country", bad, example="JPN", what="an ISO 3166-1 alpha-3 code")
    sector = _code(entry, "sector", bad, example="GOV", what="a CAMEO agent code")
    roles = entry.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(role, str) and role.strip() for role in roles):
        raise bad('roles must be a list of titles, e.g. roles = ["foreign minister"]')
    gender = entry.get("gender")
    if gender not in (None, "m", "f"):
        raise bad(f'gender must be "m" or "f"; got {gender!r}')
    return Known(name=" ".join(name.split()), kind=kind, country=country, sector=sector,
                 roles=tuple(" ".join(role.split()) for role in roles),
                 gender=None if gender is None else str(gender), source=f"overrides:{path}")


def _code(entry: Mapping[str, object], key: str, bad: Callable[[str], SettingsError], *, example: str,
          what: str) -> str | None:
    value = entry.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value
    hint = ""
    if isinstance(value, str) and _CODE.fullmatch(value.strip().upper()):
        hint = f' (did you mean "{value.strip().upper()}"?)'
    raise bad(f'{key} must be {what} of 3 upper-case letters like "{example}", or "" for none; '
              f"got {value!r}{hint}")
