"""Convert PETRARCH's CAMEO verb dictionary into tidings' default event triggers (run by hand).

The output is committed.

    .venv/bin/python scripts/build_event_lexicon.py [--reference ../shared/data/reference]

Reads CAMEO.2.0.txt (openeventdata/petrarch2, MIT) and writes
src/tidings/data/events/triggers_petrarch.tsv with the columns of triggers.tsv:

- every verb of a synonym block ("--- NAME [code] ---") whose own code or block code is an event
  code: one plain row (lemma, no needs). Two-word forms "+SET_UP" become lemma + particle when
  the second word is an English verb particle; other multi-word forms are left out.
- every pattern with nothing before the verb and exactly one noun (or one &SYNSET) after it,
  "- * SANCTIONS [163] # IMPOSE": a row for the verb named in the pattern's comment, with the
  noun's lemma in `needs`. Rows of one verb and code are merged (needs |-joined).

Plain rows of an object-led block (object_led: its default code is one its own patterns seldom
give, while they give many other roots in either direction: BOOST "increase", OVERSEE_MANAGE
"control") are left out; their "* NOUN" patterns stay. Patterns with pre-verb nouns,
prepositional phrases or noun phrases in {...}, codes that are not in tidings' codebook and
"[---]" (no event) are left out; the summary printed at the end counts them. Where one verb or
one verb + noun gets two codes, the first in the file wins. The curated
triggers.tsv is edited by hand and wins over this file at load time.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "tidings" / "data" / "events" / "triggers_petrarch.tsv"
CODEBOOK = ROOT / "src" / "tidings" / "data" / "events" / "cameo.tsv"
REFERENCE = ROOT.parent / "shared" / "data" / "reference"

_PARTICLES_TEXT = "up down out off in on over back away forward through around along aside"
PARTICLES = frozenset(_PARTICLES_TEXT.split())

# Where the target is usually found for a verb of each root, most likely first.
TARGETS = {
    "01": "prep:to,none",
    "02": "dobj,prep:on,prep:to,none",
    "03": "prep:to,prep:with,iobj,none",
    "04": "dobj,prep:with,none",
    "05": "dobj,prep:for,prep:with,none",
    "06": "prep:with,dobj,prep:to,none",
    "07": "prep:to,iobj,prep:for,none",
    "08": "prep:to,dobj,prep:on,prep:from,none",
    "09": "dobj,prep:into,none",
    "10": "dobj,prep:from,prep:of,none",
    "11": "dobj,prep:for,none",
    "12": "dobj,poss,none",
    "13": "dobj,prep:against,prep:with,none",
    "14": "prep:against,none",
    "15": "prep:against,prep:near,none",
    "16": "prep:with,dobj,prep:on,prep:against,prep:to,prep:from,none",
    "17": "dobj,none",
    "18": "dobj,none",
    "19": "dobj,prep:against,prep:on,prep:with,none",
    "20": "dobj,prep:against,none",
}

HEADER = """\
# triggers_petrarch.tsv: default event triggers converted by scripts/build_event_lexicon.py from
#   PETRARCH's CAMEO verb-pattern dictionary CAMEO.2.0.txt (openeventdata/petrarch2 @
#   676801cd9cb2, derived from the TABARI CAMEO dictionaries and WordNet synonym sets).
# Licence: MIT. Copyright (c) 2015 Open Event Data Alliance. Permission is hereby granted, free of
#   charge, to any person obtaining a copy of this software and associated documentation files
#   (the "Software"), to deal in the Software without restriction, including without limitation
#   the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
#   the Software, and to permit persons to whom the Software is furnished to do so, subject to the
#   following conditions: The above copyright notice and this permission notice shall be included
#   in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS",
#   WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED (full text: petrarch2 LICENSE).
# Verb synonyms -> their block's code (except blocks whose own patterns seldom give that code:
#   those verbs mean what their object says); "- * NOUN [code]" patterns -> needs (noun lemmas,
#   naive singular); targets are defaults by CAMEO root, not from PETRARCH. Do not edit: change
#   triggers.tsv (curated, wins at load time) or the script.
# Columns: as triggers.tsv (lemma, particle, pos, needs, target, light, code, note).
"""
COLUMNS = ("lemma", "particle", "pos", "needs", "target", "light", "code", "note")

# A block is object-led when under a fifth of its patterns keep its own root, they give at least
# five other roots, and under 60% of them keep its direction, cooperation or conflict (object_led).
OBJECT_LED_SHARE = 0.2
OBJECT_LED_ROOTS = 5
OBJECT_LED_DIRECTION = 0.6
CONFLICT = "10"  # roots 10-20 are conflict, 01-09 cooperation
HOSTILE_MATERIAL = "15"

_BLOCK = re.compile(r"^---\s+(.*?)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"^[a-z][a-z-]*$")
# Function words and adverbs that PETRARCH patterns put where a noun would be: never a `needs` lemma.
_NOT_NOUNS_TEXT = "about against at by for from if in inside into of off on out over that the to up with down"
NOT_NOUNS = frozenset(_NOT_NOUNS_TEXT.split())


@dataclass
class Counts:
    verbs: int = 0
    patterns: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def singular(word: str) -> str:
    """A naive English singular ("sanctions" -> "sanction", "talks" -> "talk", "allies" -> "ally")."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "as", "news")):
        return word
    if word.endswith("ies") and len(word) > 4:  # "allies" -> "ally", but "ties" -> "tie"
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def read_codes(path: Path) -> set[str]:
    codes = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            codes.add(line.split("\t", 1)[0])
    codes.discard("code")
    return codes


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """&NAME -> head-word lemmas of its members (the last word of a phrase, singular)."""
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = synsets.setdefault(line.split()[0].upper(), [])
        elif line.startswith("+") and current is not None:
            phrase = line[1:].split("{", 1)[0].strip().strip("_").lower()
            head = phrase.replace("_", " ").split()[-1] if phrase else ""
            if _WORD.match(head) and singular(head) not in current:
                current.append(singular(head))
        elif line.startswith("---"):
            current = None
    return synsets


def _code(text: str) -> str | None:
    match = _CODE.search(text)
    if not match:
        return None
    code = match.group(1).split(":", 1)[0].strip()
    return None if code.startswith("-") or not code else code


def object_led(code: str, pattern_roots: list[str]) -> bool:
    """Whether a block's default code is one its own patterns seldom give, while they give many
    other event families ("increase", "control" mean whatever their object says): such
    a verb means nothing alone. Hostile material defaults (15-20: "destroy", "force") stand, as
    their members are hostile whatever the object."""
    if not pattern_roots or code[:2] >= HOSTILE_MATERIAL:
        return False
    own = pattern_roots.count(code[:2]) / len(pattern_roots)
    # ... and they go to conflict about as often as to cooperation (or the other way round): the
    # verb has no direction of its own ("provide" stays: its objects are nearly all cooperation)
    cooperative = code[:2] < CONFLICT
    same_direction = sum((root < CONFLICT) == cooperative for root in pattern_roots) / len(pattern_roots)
    return (own < OBJECT_LED_SHARE and len(set(pattern_roots) - {code[:2]}) >= OBJECT_LED_ROOTS
            and same_direction < OBJECT_LED_DIRECTION)


def convert(text: str, codes: set[str], counts: Counts) -> Iterator[tuple[str, ...]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    end = next(i for i, line in enumerate(lines) if line.startswith("######## TRANSFORMATIONS"))
    synsets = read_synsets(lines[:start])
    plain: dict[tuple[str, str], tuple[str, str]] = {}  # (lemma, particle) -> (code, note)
    needs: dict[tuple[str, str, str], list[str]] = {}  # (lemma, particle, code) -> nouns
    seen_need: set[tuple[str, str, str]] = set()  # (lemma, particle, noun)
    block_name, block_code, members = "", None, set()
    roots: dict[str, list[str]] = {}  # block name -> the roots of its patterns' codes
    for raw in lines[start + 1 : end]:
        line = raw.split("#", 1)[0].rstrip()
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        if not line.strip():
            continue
        block = _BLOCK.match(line)
        if block:
            block_name, block_code, members = block.group(1).strip(), _code(line), set()
            continue
        if line.startswith("-"):
            counts.patterns += 1
            pattern = line[1:].split("[", 1)[0]
            code = _code(line)
            if code is not None:
                roots.setdefault(block_name, []).append(code[:2])
            verb = comment.split()[0].lower() if comment else ""
            pre, _, post = pattern.partition("*")
            words = post.split()
            if code is None:
                counts.skip("pattern without event code [---]")
            elif code not in codes:
                counts.skip("pattern code not in codebook")
            elif pre.strip() or len(words) != 1:
                counts.skip("pattern not '* NOUN'")
            elif verb not in members:
                counts.skip("pattern verb not a member of its block")
            else:
                word = words[0]
                nouns = synsets.get(word.upper(), []) if word.startswith("&") else [singular(word.lower())]
                nouns = [n for n in nouns if _WORD.match(n) and n not in NOT_NOUNS and not n.endswith("ly")]
                if not nouns:
                    counts.skip("pattern noun not a plain word")
                for noun in nouns:
                    if (verb, "-", noun) in seen_need:
                        continue
                    seen_need.add((verb, "-", noun))
                    needs.setdefault((verb, "-", code), []).append(noun)
            continue
        counts.verbs += 1
        head = line.split("{", 1)[0].split("[", 1)[0].strip()
        code = _code(line) or block_code
        if head.startswith("+"):
            parts = head[1:].lower().split("_")
            if len(parts) != 2 or parts[1] not in PARTICLES:
                counts.skip("multi-word verb that is not verb + particle")
                continue
            lemma, particle = parts
        else:
            lemma, particle = head.lower(), "-"
        if not _WORD.match(lemma):
            counts.skip("verb not a plain word")
            continue
        if particle == "-":
            members.add(lemma)
        if code is None:
            counts.skip("verb without event code [---]")
        elif code not in codes:
            counts.skip("verb code not in codebook")
        elif (lemma, particle) in plain:
            if plain[lemma, particle][0] != code:
                counts.skip("verb with a second, different code (first kept)")
        else:
            plain[lemma, particle] = (code, f"petrarch {block_name} block")
    for (lemma, particle), (code, note) in sorted(plain.items()):
        block = note.removeprefix("petrarch ").removesuffix(" block")
        if object_led(code, roots.get(block, [])):
            counts.skip("verb of a block whose meaning comes from its object")
            continue
        yield (lemma, particle, "VERB", "-", TARGETS[code[:2]], "0", code, note)
    for (lemma, particle, code), nouns in sorted(needs.items()):
        note = f"petrarch {lemma.upper()} * {nouns[0].upper()}"
        yield (lemma, particle, "VERB", "|".join(nouns), TARGETS[code[:2]], "0", code, note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = Counts()
    text = (args.reference / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
    rows = list(convert(text, read_codes(CODEBOOK), counts))
    body = ["\t".join(COLUMNS), *("\t".join(row) for row in rows)]
    args.out.write_text(HEADER + "\n".join(body) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} rows from {counts.verbs} verb lines and {counts.patterns} patterns")
    for reason, number in sorted(counts.skipped.items(), key=lambda item: -item[1]):
        print(f"  skipped {number:5d}  {reason}")


if __name__ == "__main__":
    main()
