"""Alert rules and outputs: the [[alerts]] and [outputs] tables of the watch configuration, validated.

Each kind's fields are declared once in FIELDS, with a check whose message says what value fits;
`parse_rules` turns every problem into an AlertRuleError that names the rule and the fix. The
tables come in as TOML gives them (`Mapping[str, object]`) and leave as frozen `Rule` and
`AlertOutputs` records; nothing past these two functions sees the raw tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.errors import SettingsError

KINDS = ("event", "goldstein", "quote", "story")
# Negated ("did not attack") and hypothetical ("could attack") events did not happen: an event rule
# leaves them out unless it lists modalities itself.
DEFAULT_MODALITIES = ("asserted", "reported", "intended")
WEBHOOK_TIMEOUT = 10.0


class AlertRuleError(SettingsError):
    """An [[alerts]] rule or the [outputs] table cannot be used; the message names it and the fix."""


# -- rules ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Rule:
    """One validated alert rule; the fields its kind does not use keep their defaults."""

    name: str
    kind: str
    quad_class: int | None = None
    root: str | None = None
    cameo: str | None = None
    plover: str | None = None
    actors: tuple[str, ...] = ()
    modality: tuple[str, ...] = DEFAULT_MODALITIES
    dyad: tuple[str, str] | None = None
    days: int = 7
    below: float = 0.0
    speakers: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    min_outlets: int = 2


def _int(low: int, high: int | None = None) -> Callable[[object], int]:
    def check(value: object) -> int:
        # bool is an int in Python, but `quad_class = true` is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high and value > high):
            raise TypeError(f"a whole number from {low}" + (f" to {high}" if high else " up"))
        return value
    return check


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("a number such as -2.0")
    return float(value)


def _code(sizes: tuple[int, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        # A string only: root = 4 would have lost the leading zero of "04".
        text = value.strip() if isinstance(value, str) else ""
        if not text.isdigit() or len(text) not in sizes:
            raise TypeError(f"a CAMEO code of {' or '.join(map(str, sizes))} digits in quotes, such as "
                            + ('"19"' if sizes == (2,) else '"190"'))
        return text
    return check


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a non-empty string")
    return value.strip()


def _texts(value: object) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values \
            or not all(isinstance(v, str) and v.strip() for v in values):
        raise TypeError('a list of non-empty strings, such as ["CHN", "TWN"]')
    return tuple(v.strip() for v in values)


def _dyad(value: object) -> tuple[str, str]:
    pair = _texts(value)
    if len(pair) != 2:
        raise TypeError('two actors, such as ["USA", "CHN"]')
    return pair[0], pair[1]


def _modality(value: object) -> tuple[str, ...]:
    values = tuple(v.lower() for v in _texts(value))
    known = ("asserted", "negated", "intended", "hypothetical", "reported")
    if any(v not in known for v in values):
        raise TypeError(f"a list of modalities from {', '.join(known)}")
    return values


# Each kind's fields: name -> (check, required). Declared once; the checks' messages say what fits.
FIELDS: dict[str, dict[str, tuple[Callable[[object], object], bool]]] = {
    "event": {"quad_class": (_int(1, 4), False), "root": (_code((2,)), False),
              "cameo": (_code((2, 3, 4)), False), "plover": (_text, False), "actors": (_texts, False),
              "modality": (_modality, False)},
    "goldstein": {"dyad": (_dyad, True), "below": (_number, True), "days": (_int(1, 365), False)},
    "quote": {"speakers": (_texts, False), "words": (_texts, False)},
    "story": {"min_outlets": (_int(1), True)},
}


def parse_rules(rules: Iterable[Mapping[str, object]]) -> list[Rule]:
    """Validate the [[alerts]] tables (dicts) into Rules, in order.

    Raises AlertRuleError naming the rule (its number and name) and saying how to fix it: a
    missing or repeated name, an unknown kind or field, a missing field, a value of the wrong type;
    an event rule with no filter, a quote rule with neither speakers nor words.
    """
    parsed: list[Rule] = []
    for number, table in enumerate(rules, start=1):
        label = f"[[alerts]] #{number}"
        if not isinstance(table, Mapping):
            raise AlertRuleError(f"{label} is not a table; write [[alerts]] with name = ... and kind = ...")
        name = table.get("name")
        if not isinstance(name, str) or not name.strip():
            raise AlertRuleError(f'{label} has no name; add name = "..." (it names the alerts it fires)')
        label = f"alert rule {name!r} ({label})"
        if any(rule.name == name.strip() for rule in parsed):
            raise AlertRuleError(f"{label}: another rule has the same name; give each rule its own name")
        kind = table.get("kind")
        if not isinstance(kind, str) or kind not in FIELDS:
            raise AlertRuleError(f"{label}: kind {kind!r} is not one of {', '.join(KINDS)}; set kind = "
                                 '"event", "goldstein", "quote" or "story"')
        spec = FIELDS[kind]
        unknown = sorted(set(table) - {"name", "kind", *spec})
        if unknown:
            raise AlertRuleError(f"{label}: unknown field {unknown[0]!r} for kind {kind!r}; "
                                 f"the fields are {', '.join(spec)}")
        # Each check returns its field's type (FIELDS pairs them); Rule(**values) cannot be told so.
        values: dict[str, Any] = {}
        for key, (check, required) in spec.items():
            if key not in table:
                if required:
                    raise AlertRuleError(f"{label}: missing {key!r}; a {kind} rule needs "
                                         f"{', '.join(k for k, (_, r) in spec.items() if r)}")
                continue
            try:
                values[key] = check(table[key])
            except TypeError as exc:
                raise AlertRuleError(f"{label}: {key} = {table[key]!r} will not do; give {exc}") from None
        if kind == "event" and not set(values) - {"modality"}:
            raise AlertRuleError(f"{label}: an event rule needs a filter (quad_class, root, cameo, plover "
                                 "or actors), or it would fire on every event")
        if kind == "quote" and not values:
            raise AlertRuleError(f"{label}: a quote rule needs speakers, words or both")
        parsed.append(Rule(name=name.strip(), kind=kind, **values))
    return parsed


@dataclass(frozen=True, slots=True)
class AlertOutputs:
    """Where alerts go: the validated [outputs] table."""

    console: bool = True
    jsonl: Path | None = None
    webhook: str | None = None
    webhook_timeout: float = WEBHOOK_TIMEOUT


def parse_outputs(outputs: Mapping[str, object]) -> AlertOutputs:
    """Validate the [outputs] table: console (bool, default true), jsonl (a path), webhook (an
    http(s) URL), webhook_timeout (seconds). Raises AlertRuleError saying what to fix."""
    known = ("console", "jsonl", "webhook", "webhook_timeout")
    unknown = sorted(set(outputs) - set(known))
    if unknown:
        raise AlertRuleError(f"[outputs]: unknown field {unknown[0]!r}; the fields are {', '.join(known)}")
    console = outputs.get("console", True)
    if not isinstance(console, bool):
        raise AlertRuleError(f"[outputs]: console = {console!r} will not do; give true or false")
    jsonl = outputs.get("jsonl")
    if jsonl is not None and (not isinstance(jsonl, str) or not jsonl.strip()):
        raise AlertRuleError(f'[outputs]: jsonl = {jsonl!r} will not do; give a file path, "alerts.jsonl"')
    webhook = outputs.get("webhook")
    if webhook is not None and (not isinstance(webhook, str) or not re.match(r"https?://\S+$", webhook)):
        raise AlertRuleError(f"[outputs]: webhook = {webhook!r} will not do; give an http:// or https:// URL")
    timeout = outputs.get("webhook_timeout", WEBHOOK_TIMEOUT)
    try:
        timeout = _number(timeout)
    except TypeError:
        raise AlertRuleError(f"[outputs]: webhook_timeout = {timeout!r} will not do; give seconds") from None
    return AlertOutputs(console=console, jsonl=Path(jsonl) if jsonl else None, webhook=webhook,
                        webhook_timeout=timeout)
