"""Event triggers: which verb or noun, with which object, means which CAMEO event, and where its target is.

The data lives in `tidings/data/events/`: `triggers.tsv` (curated) and `triggers_petrarch.tsv`
(converted from PETRARCH's CAMEO verb dictionary by scripts/build_event_lexicon.py). Each file's
header describes the columns. `load_lexicon()` reads both once and checks every row: the code must
be in the codebook, the part of speech VERB or NOUN, the target places known. A bad row raises
LexiconError naming the file and line.

Curated rows win: a converted plain row is dropped when the curated file has a plain row for the
same lemma, particle and part of speech, and so is a converted row with `needs` whose CAMEO root
differs from that curated plain row's ("slam" is 111: PETRARCH's "slam * border" 191 goes); a
converted row's `needs` also lose the lemmas a curated row of that verb already claims.

A curated row coded `---` (PETRARCH's mark for a pattern that is no event) says the word, or the
word with that object, is no event: "force one's way in" is no coercion, "dominate a region" no
attack. Such a row wins like any other and then matches nothing.

    LexiconError(ValueError)    a malformed or inconsistent data row

Requires: nothing beyond the standard library and the codebook. Pure after loading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tidings.events.codebook import Codebook, load_codebook
from tidings.tsv import table_rows

__all__ = ["NO_EVENT", "POS", "Lexicon", "LexiconError", "Trigger", "check_conflicts", "load_lexicon",
           "parse_triggers"]

POS = frozenset({"VERB", "NOUN"})
CURATED = "triggers.tsv"
CONVERTED = "triggers_petrarch.tsv"
_COLUMNS = ("lemma", "particle", "pos", "needs", "target", "light", "code", "note")
_PLACE = re.compile(r"^(dobj|iobj|poss|none|clause|prep:[a-z]+)$")
_LEMMA = re.compile(r"^[a-z][a-z-]*$")
# The code of a curated row that says a word is no event (PETRARCH writes [---] for such patterns).
NO_EVENT = "---"


class LexiconError(ValueError):
    """A trigger data row that is malformed or contradicts another row."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """One way of saying an event.

    `particle` is None for a verb without one. `needs` (empty for none): one of these lemmas must be
    in the trigger's object or complement (for a noun, among its dependents). `target`: places to
    look for the target, in order; "none" last means the event may have no target. `light`: the
    verb means nothing alone and the event is its object noun ("hold talks").
    """

    lemma: str
    particle: str | None
    pos: str
    needs: tuple[str, ...]
    target: tuple[str, ...]
    light: bool
    code: str
    note: str = ""

    @property
    def is_event(self) -> bool:
        """False for a curated `---` row: this word, in this use, is no event."""
        return self.code != NO_EVENT

    @property
    def low_priority(self) -> bool:
        """Public statements (CAMEO 01): code one only when the clause has no other event."""
        return self.code.startswith("01")

    @property
    def needs_target(self) -> bool:
        """True when the event is coded only with a target found ("none" is not among the places)."""
        return "none" not in self.target

    def accepts(self, lemmas: Iterable[str]) -> bool:
        """Whether the lemmas of the object/complement satisfy `needs` (always, when it is empty)."""
        return not self.needs or not set(self.needs).isdisjoint(lemmas)


class Lexicon:
    """Triggers by (lemma, pos). Build with `load_lexicon()`."""

    __slots__ = ("_by_key", "_count")

    def __init__(self, triggers: Iterable[Trigger]) -> None:
        by_key: dict[tuple[str, str], list[Trigger]] = {}
        count = 0
        for trigger in triggers:
            by_key.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
            count += 1
        # most specific first: particle, then needs; stable sort keeps curated before converted
        self._by_key = {
            key: tuple(sorted(rows, key=lambda t: (t.particle is None, not t.needs)))
            for key, rows in by_key.items()
        }
        self._count = count

    def candidates(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        """Every trigger of `lemma` as `pos` ("VERB"/"NOUN"), most specific first, () if none.

        Order: rows with a particle before rows without; within each, rows with `needs` before
        plain ones; curated before converted; then file order.
        """
        return self._by_key.get((lemma.lower(), pos), ())

    def match(
        self, lemma: str, pos: str, *, particles: Iterable[str] = (), context: Iterable[str] = ()
    ) -> Trigger | None:
        """The first candidate whose particle is among `particles` (or that has none) and whose
        `needs` are met by the `context` lemmas (the object's or complement's); None if none is.
        """
        present = {particle.lower() for particle in particles}
        lemmas = {word.lower() for word in context}
        for trigger in self.candidates(lemma, pos):
            if (trigger.particle is None or trigger.particle in present) and trigger.accepts(lemmas):
                return trigger if trigger.is_event else None
        return None

    def nouns_of_light(self, lemma: str) -> tuple[Trigger, ...]:
        """The light-verb triggers of verb `lemma` ("hold" -> hold talks 040, hold a protest 141,
        ...): each one's `needs` are the event nouns it takes."""
        rows = self.candidates(lemma, "VERB")
        return tuple(trigger for trigger in rows if trigger.light and trigger.is_event)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: object) -> bool:
        return key in self._by_key


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read both trigger files once, curated first. Raises LexiconError for a bad row."""
    codebook = load_codebook()
    curated = read_triggers(CURATED, codebook)
    check_conflicts(CURATED, curated)
    converted = read_triggers(CONVERTED, codebook)
    check_conflicts(CONVERTED, converted)
    return Lexicon([trigger for _, trigger in curated] + _not_overridden(curated, converted))


def read_triggers(filename: str, codebook: Codebook) -> list[tuple[int, Trigger]]:
    """The rows of one trigger file with their line numbers, each checked against `codebook`."""
    text = resources.files("tidings.data").joinpath("events", filename).read_text(encoding="utf-8")
    return parse_triggers(text, filename, codebook)


def parse_triggers(text: str, filename: str, codebook: Codebook) -> list[tuple[int, Trigger]]:
    """Parse the text of a trigger file (`filename` is only for messages)."""
    return [(number, _parse(cells, f"{filename}:{number}", codebook))
            for number, cells in table_rows(text, source=filename, columns=_COLUMNS, error=LexiconError)]


def _parse(cells: list[str], where: str, codebook: Codebook) -> Trigger:
    if len(cells) != len(_COLUMNS):
        raise LexiconError(f"{where}: {len(cells)} columns, expected {len(_COLUMNS)} (tab-separated)")
    lemma, particle, pos, needs, target, light, code, note = cells
    if not _LEMMA.match(lemma):
        raise LexiconError(f"{where}: lemma {lemma!r} is not a lower-case word")
    if particle != "-" and not _LEMMA.match(particle):
        raise LexiconError(f"{where}: particle {particle!r} is not a lower-case word or '-'")
    if pos not in POS:
        raise LexiconError(f"{where}: pos {pos!r} is not VERB or NOUN")
    if code not in codebook and code != NO_EVENT:
        raise LexiconError(f"{where}: code {code!r} is not a CAMEO code in cameo.tsv")
    if light not in ("0", "1"):
        raise LexiconError(f"{where}: light {light!r} is not 0 or 1")
    places = tuple(place.strip() for place in target.split(","))
    bad = [place for place in places if not _PLACE.match(place)]
    if bad or "none" in places[:-1]:
        raise LexiconError(
            f"{where}: target {target!r}: places are dobj, iobj, poss, clause, prep:WORD, "
            "with 'none' only last"
        )
    words = () if needs == "-" else tuple(word.strip() for word in needs.split("|"))
    if any(not _LEMMA.match(word) for word in words):
        raise LexiconError(f"{where}: needs {needs!r} must be |-separated lower-case lemmas or '-'")
    return Trigger(lemma, None if particle == "-" else particle, pos, words, places, light == "1", code, note)


def check_conflicts(filename: str, rows: list[tuple[int, Trigger]]) -> None:
    """Raise LexiconError when two rows of one file give one trigger (lemma, particle, pos and
    one of its needs, or no needs) two different codes."""
    seen: dict[tuple[str, str | None, str, str], tuple[int, str]] = {}
    for number, trigger in rows:
        for word in trigger.needs or ("",):
            key = (trigger.lemma, trigger.particle, trigger.pos, word)
            if key in seen and seen[key][1] != trigger.code:
                first, code = seen[key]
                what = f"needs {word!r}" if word else "no needs"
                raise LexiconError(
                    f"{filename}:{number}: {trigger.lemma!r} ({trigger.pos}, {what}) is coded {trigger.code}"
                    f" here but {code} on line {first}: keep one"
                )
            seen.setdefault(key, (number, trigger.code))


def _not_overridden(
    curated: list[tuple[int, Trigger]], converted: list[tuple[int, Trigger]]
) -> list[Trigger]:
    """Converted triggers minus what curated rows already decide."""
    plain = {(t.lemma, t.particle, t.pos): t.code[:2] for _, t in curated if not t.needs}
    claimed: dict[tuple[str, str | None, str], set[str]] = {}
    for _, trigger in curated:
        claimed.setdefault((trigger.lemma, trigger.particle, trigger.pos), set()).update(trigger.needs)
    kept: list[Trigger] = []
    for _, trigger in converted:
        key = (trigger.lemma, trigger.particle, trigger.pos)
        if not trigger.needs:
            if key not in plain:
                kept.append(trigger)
            continue
        if key in plain and trigger.code[:2] != plain[key]:
            continue  # a curated plain row says what this verb means; PETRARCH's other senses go
        needs = tuple(word for word in trigger.needs if word not in claimed.get(key, set()))
        if needs == trigger.needs:
            kept.append(trigger)
        elif needs:
            kept.append(
                Trigger(
                    trigger.lemma,
                    trigger.particle,
                    trigger.pos,
                    needs,
                    trigger.target,
                    trigger.light,
                    trigger.code,
                    trigger.note,
                )
            )
    return kept
