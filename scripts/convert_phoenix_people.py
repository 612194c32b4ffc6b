#!/usr/bin/env python3
"""Convert the office-holders of PETRARCH's Phoenix.Countries.actors.txt into people_phoenix.tsv.

Usage (after build_actor_knowledge.py, whose institutions_phoenix.tsv lists the bodies to leave out):
       python3 scripts/convert_phoenix_people.py ../shared/data/reference/Phoenix.Countries.actors.txt \
           > src/tidings/data/actors/people_phoenix.tsv

An entry is a block of names (the first, then `+` synonyms) followed by tab-indented
`[CODE date-range]` lines. Only blocks with at least one dated non-ELI code are people here.
Each dated code becomes one row: country = the code's first three letters (dropped unless
tidings knows the ISO3), sector = the next three (GOVBUS → GOV). `>YYMMDD` (open: in office when
the file was compiled) is closed at the compile date, 2014-01-30. Two-digit years: 00-14 →
20xx, else 19xx. ELI ranges are left out (the loader makes a person out of office ELI).
Multi-word synonyms become aliases; one-word synonyms become the surname; otherwise the
surname is "-" (not guessed, so old names do not capture later namesakes).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

COMPILED = "2014-01-30"
TITLES = {
    "PRESIDENT", "MINISTER", "PRIME", "SECRETARY", "ACTING", "FORMER", "EX", "GENERAL", "KING",
    "QUEEN", "PREMIER", "LEADER", "SHEIKH_", "CHAIRMAN", "DEPUTY", "FOREIGN", "DEFENSE", "DEFENCE",
    "GOVERNOR", "SENATOR", "AMBASSADOR", "SPEAKER", "VICE", "MR", "MRS", "DR", "COL", "GEN",
    "COLONEL", "ADMIRAL", "PRINCE", "CROWN", "EMIR", "SULTAN_", "RUSSIAN", "SOVIET", "COMMUNIST",
    "ADMINISTRATION", "GOVERNMENT", "REGIME", "PARTY", "MINISTRY", "PRESIDENTIAL", "CABINET",
}
ROLES = {
    "GOV": "government official", "MIL": "military officer", "SPY": "intelligence official",
    "LEG": "legislator", "JUD": "judge", "COP": "police official", "PTY": "party official",
    "OPP": "opposition figure", "REB": "rebel leader", "IGO": "official",
}
CODE = re.compile(r"^\s+\[([A-Z]{3})([A-Z]{3})?[A-Z]*\s*([^\]]*)\]")

# A person's name as the dictionary writes it: words of letters, apostrophes, dots, hyphens.
PLAIN_NAME = re.compile(r"[A-Za-z][\w'.-]*( [A-Za-z][\w'.-]*)*")


def parse_date(text: str) -> str:
    digits = text.strip()
    if len(digits) == 8:
        year, rest = digits[:4], digits[4:]
    elif len(digits) == 6:
        yy = int(digits[:2])
        year, rest = str(2000 + yy if yy <= 14 else 1900 + yy), digits[2:]
    else:
        raise ValueError(text)
    month, day = rest[:2], rest[2:]
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def pretty(raw: str) -> str:
    words = raw.strip("_ ").replace("_", " ").split()
    out = []
    for word in words:
        parts = word.split("-")
        out.append("-".join(part[:1] + part[1:].lower() if part else part for part in parts))
    return " ".join(out)


def blocks(lines: list[str]):
    names: list[str] = []
    codes: list[str] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        if line[0] in " \t":
            if line.strip().startswith("["):
                codes.append(line)
            continue
        synonym = line.startswith("+")
        if codes and not synonym:
            yield names, codes
            names, codes = [], []
        text = line.split("#", 1)[0].strip().lstrip("+").strip()
        if "[" in text:  # an inline code ("AFGHANISTAN_  [AFG]") is this entry's code
            text, _, code = text.partition("[")
            codes.append("\t[" + code)
        names.append(text.strip())
    if codes:
        yield names, codes


def main() -> None:
    source = Path(sys.argv[1])
    countries_file = Path(__file__).resolve().parent.parent / "src/tidings/data/actors/countries.tsv"
    iso3 = {line.split("\t")[0] for line in countries_file.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}
    country_names = set()
    for line in countries_file.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            country_names.update(part.strip().lower() for part in "|".join(cells[1:3]).split("|"))
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    # The file's national bodies (converted into institutions_phoenix.tsv by
    # build_actor_knowledge.py, run first) are not people, though some carry dated codes.
    bodies_file = countries_file.with_name("institutions_phoenix.tsv")
    bodies: set[str] = set()
    for line in bodies_file.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, aliases = line.split("\t")[:2]
            bodies.update(body.strip().lower() for body in [name, *aliases.split("|")])
    print("# people_phoenix.tsv: office-holders converted by scripts/convert_phoenix_people.py "
          "from PETRARCH's")
    print("#   Phoenix.Countries.actors.txt (CountryInfo.140130; openeventdata/petrarch2 @ 676801cd9cb2).")
    print("# Source: MIT licence, Copyright (c) 2014 Open Event Data Alliance (petrarch2 LICENSE).")
    print("# Loaded after people.tsv: a person named there is skipped here, and surnames here only fill")
    print("#   names people.tsv does not use. Dates as coded in the source; an office still held when it")
    print(f"#   was compiled is closed at {COMPILED}. role is generic (from the CAMEO sector). gender empty.")
    print("# Columns: name, aliases (|), country (ISO3), sector, role, start, end, gender, surname")
    print("#   (as in people.tsv; surname '-' = none known: only the source's one-word synonyms are used).")
    print("name\taliases\tcountry\tsector\trole\tstart\tend\tgender\tsurname")
    seen: set[str] = set()
    for names, codes in blocks(lines):
        rows = []
        for code in codes:
            match = CODE.match(code)
            if not match:
                continue
            country, sector, dates = match.group(1), match.group(2) or "", match.group(3).strip()
            if not dates or sector in ("", "ELI") or sector not in ROLES or country not in iso3:
                continue
            try:
                if dates.startswith(">"):
                    start, end = parse_date(dates[1:]), COMPILED
                elif dates.startswith("<"):
                    continue
                else:
                    first, _, last = dates.partition("-")
                    start, end = parse_date(first), parse_date(last)
            except (ValueError, IndexError):
                continue
            if end < start:
                continue
            if (country, sector, ROLES[sector], start, end) not in rows:
                rows.append((country, sector, ROLES[sector], start, end))
        if not rows:
            continue
        full, single = [], []
        for raw in names:
            words = raw.strip("_ ").replace(" ", "_").split("_")
            if any(word.rstrip(".") in TITLES for word in words) or any(ch in raw for ch in "{}&!$%"):
                continue
            name = pretty(raw.replace(" ", "_"))
            if not name or name.lower() in country_names or not PLAIN_NAME.fullmatch(name):
                continue
            if len(words) > 1:
                full.append(name)
            elif len(name) > 3 and name != "Spla":  # not acronyms (LBJ, SPLA)
                single.append(name)
        if not full:
            continue
        name, aliases = full[0], [alias for alias in dict.fromkeys(full[1:]) if alias != full[0]]
        if name.lower() in bodies:
            continue
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        surname = "|".join(dict.fromkeys(single)) or "-"
        for number, (country, sector, role, start, end) in enumerate(rows):
            alias_cell = "|".join(aliases) if number == 0 else ""
            print(f"{name}\t{alias_cell}\t{country}\t{sector}\t{role}\t{start}\t{end}\t\t{surname}")


if __name__ == "__main__":
    main()
