"""Build tidings' CAMEO codebook data file from the shared codebook table (run by hand, output committed).

    .venv/bin/python scripts/build_codebook.py [--source ../shared/data/events/cameo_codes.tsv]

Writes src/tidings/data/events/cameo.tsv: every CAMEO event code with its name, root, Goldstein
score and QuadClass (as GDELT publishes them) and its PLOVER event type and mode (as the PLOVER
project's CAMEO2PLOVER-2021 table maps them). The corrections below are applied and documented in
the output's header; everything else is copied as given.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "tidings" / "data" / "events" / "cameo.tsv"
SOURCE = ROOT.parent / "shared" / "data" / "events" / "cameo_codes.tsv"

_PLOVER_TYPES_TEXT = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT"
)
PLOVER_TYPES = frozenset(_PLOVER_TYPES_TEXT.split())
# Older PLOVER type names → the names current in the PLOVER manual.
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}

# GDELT's lookup copy carries the names of an older CAMEO draft for these five codes. The CAMEO
# 1.1b3 manual, PETRARCH's CAMEO.2.0.txt patterns (DEMAND * MEETING/TALKS → 106, DEMAND *
# WITHDRAWAL → 105/1056) and CAMEO2PLOVER-2021 agree on these, parallel to 021/025/026/027/028.
NAMES = {
    "101": "Demand material cooperation, not specified below",
    "105": "Demand that target yields, not specified below",
    "106": "Demand meeting, negotiation",
    "107": "Demand settling of dispute",
    "108": "Demand mediation",
    # typos in the lookup copy
    "033": "Express intent to provide material aid, not specified below",
    "2041": "Use chemical, biological, or radiological weapons",
}
# PLOVER modes that differ from CAMEO2PLOVER-2021: 105's children are all 'yield' and REQUEST's
# 'yield' mode is defined as release, easing sanctions, ceasefires; 175's table entry puts a
# context (pro_autocracy) in the mode slot.
MODES = {"105": "yield", "175": ""}
# PLOVER types that differ from CAMEO2PLOVER-2021: none. (163, imposing sanctions, stays COERCE
# 'restrict' as the table maps it and as coders of real news code it; the manual's prose puts
# ending existing exchanges, 16x, under SANCTION.)
TYPES: dict[str, str] = {}

HEADER = """\
# cameo.tsv: the CAMEO event codebook, one row per code (2 digits = root, 3 = base, 4 = detail).
# Source: built by scripts/build_codebook.py from the project's reference table of CAMEO codes:
#   names, Goldstein scores and QuadClass from GDELT's CAMEO lookup tables (the GDELT Project,
#   CAMEO.eventcodes.txt / CAMEO.goldsteinscale.txt, free to use with attribution), checked
#   against the CAMEO 1.1b3 manual (Schrodt, Event Data Project, 2012); PLOVER type and mode from
#   openeventdata/PLOVER CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, Philip Schrodt, PLOVER draft 0.8).
# Decisions:
#   101, 105-108: GDELT's copy names them after an older CAMEO draft ("Demand information,
#     investigation", "Demand mediation", "Demand withdrawal", "Demand ceasefire", "Demand meeting,
#     negotiation"). CAMEO 1.1b3, PETRARCH's CAMEO.2.0.txt (DEMAND * TALKS -> 106) and
#     CAMEO2PLOVER-2021 all use: 101 Demand material cooperation (parent of 1011-1014), 105 Demand
#     that target yields (parent of 1051-1056), 106 Demand meeting, negotiation, 107 Demand
#     settling of dispute, 108 Demand mediation; these names are used here (the same structure
#     as 021-028 and 121-127). Goldstein (-5.0) and QuadClass are the same for all 10x codes.
#   105's PLOVER mode is 'yield' (the table says 'change'; its children 1051-1056 are 'yield');
#     175's mode is left empty (the table puts the context pro_autocracy there).
#   Typos fixed in names of 033 and 2041.
#   QuadClass follows GDELT, by root: 01-05 -> 1 verbal cooperation, 06-09 -> 2 material
#     cooperation, 10-14 -> 3 verbal conflict, 15-20 -> 4 material conflict. (Phoenix and the
#     PLOVER manual group INVESTIGATE with verbal conflict and PROTEST with material conflict;
#     the PLOVER type column is the place to look for that view.)
#   plover: the PLOVER event type under today's names (DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE
#     -> ACCUSE, FIGHT -> ASSAULT); OTHER for 01 and 02, which PLOVER drops. 163 (impose embargo,
#     boycott, or sanctions) is COERCE, mode restrict, as CAMEO2PLOVER-2021 maps it: imposing a
#     new restriction coerces; SANCTION is for reducing or ending existing exchanges (160-166).
#     191/192 map to COERCE, 0813/0814 and 084-087 to RETREAT, as the table says.
# Columns (tab-separated):
#   code         CAMEO code, a string of 2-4 digits (leading zero kept)
#   name         CAMEO name
#   root         the 2-digit root (cue category)
#   goldstein    Goldstein conflict-cooperation score, -10..10
#   quad_class   1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
#   plover       PLOVER event type, or OTHER
#   plover_mode  PLOVER mode from CAMEO2PLOVER-2021, empty when none
"""

COLUMNS = ("code", "name", "root", "goldstein", "quad_class", "plover", "plover_mode")


def build(source: Path) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    with source.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            code = record["code"].strip()
            plover = record["plover_event"].strip()
            plover = "OTHER" if plover.startswith("(") else OLD_PLOVER.get(plover, plover)
            plover = TYPES.get(code, plover)
            if plover != "OTHER" and plover not in PLOVER_TYPES:
                raise ValueError(f"{source}: code {code}: unknown PLOVER type {plover!r}")
            mode = MODES.get(code, record["plover_mode"].strip())
            name = NAMES.get(code, record["description"].strip())
            goldstein = f"{float(record['goldstein']):.1f}"
            rows.append(
                (
                    code,
                    name,
                    record["root_code"].strip(),
                    goldstein,
                    record["quad_class"].strip(),
                    plover,
                    mode,
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.source)
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS), *("\t".join(row) for row in rows)]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} codes")


if __name__ == "__main__":
    main()
