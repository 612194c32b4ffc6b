"""Convert reference dictionaries into tidings' actor data files (run by hand, output committed).

    .venv/bin/pip install pycountry==24.6.1      # only this script needs it, not tidings
    .venv/bin/python scripts/build_actor_knowledge.py [--reference ../shared/data/reference]

Writes, under src/tidings/data/actors/:

- roles_phoenix.tsv   from Phoenix.agents.txt (PETRARCH, MIT): role and group nouns → sector.
- groups_phoenix.tsv  from Phoenix.MilNonState.actors.txt (PETRARCH, MIT): armed non-state groups.
- institutions_phoenix.tsv  from Phoenix.Countries.actors.txt (PETRARCH, MIT): national bodies.
- subdivisions.tsv    from pycountry's ISO 3166-2 data: first-level subdivisions → ISO3.

The curated files (countries, seats, organizations, people, roles, places) are edited by hand and
win over these at load time; this script never touches them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "tidings" / "data" / "actors"

_SECTORS_TEXT = (
    "COP GOV INS JUD MIL OPP PTY REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG "
    "MED MOD RAD REF REL IGO NGO NGM IMG MNC PRM"
)
SECTORS = frozenset(_SECTORS_TEXT.split())
# CAMEO religion codes: an agent coded with one alone is a religious actor (REL).
_RELIGIONS_TEXT = "BUD CHR CTH ORT PRO CPT JEW MUS SHI SUN SFI ALE DRZ HIN JAN SIK ZRO BAH CON"
RELIGIONS = frozenset(_RELIGIONS_TEXT.split())
OTHER_SECTORS = {"PPL": "CVL", "MNC": "BUS"}
# Old or regional codes in the Phoenix files → ISO3 (regions and "INT" have no country).
OLD_CODES = {"ROM": "ROU", "ZAR": "COD", "KSV": "XKX", "TMP": "TLS", "YUG": "SRB", "SUD": "SDN"}

# Head words of group and body nouns: a role ending in one is not one person.
_BODY_HEADS_TEXT = """
police army ministry ministries force forces troops troop military government administration party
company corporation court council parliament assembly congress senate committee commission agency
department office bureau service union organization organisation media press newspaper industry
business bank university school college institute militia guard navy junta cabinet regime authority
authorities board firm group movement front network cartel gang mafia clergy church mosque temple
academy association federation coalition alliance opposition people public population community
family tribe clan staff personnel crew fleet unit battalion brigade regiment division corps squad
command headquarters airline airway directorate secretariat judiciary legislature chamber house
monastery seminary order brotherhood society industry conglomerate enterprise cooperative
syndicate underworld rabble mob crowd youth poor elite establishment
"""
BODY_HEADS = frozenset(_BODY_HEADS_TEXT.split())


def clean_phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).lower()


def sector_of(code: str) -> str | None:
    """The sector of a Phoenix agent code ("~GOVFRM" → GOV, "NGO~" → NGO, "~BUDUAF" → UAF)."""
    code = code.replace("~", "").strip()
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks:
        return None
    first = OTHER_SECTORS.get(chunks[0], chunks[0])
    if first in RELIGIONS:
        later = [chunk for chunk in chunks[1:] if chunk in SECTORS]
        return later[0] if later else "REL"
    return first if first in SECTORS else None


_PREPOSITIONS_TEXT = "of for to at in on from with"
PREPOSITIONS = frozenset(_PREPOSITIONS_TEXT.split())


def is_person(phrase: str, plural: str | None) -> bool:
    """Whether a Phoenix agent phrase names one person (see knowledge.Role.person)."""
    words = phrase.split()
    for number, word in enumerate(words[1:], start=1):
        if word in PREPOSITIONS:  # "minister of foreign affairs": the head is "minister"
            words = words[:number]
            break
    last = words[-1]
    if last in BODY_HEADS or last.endswith(("men", "people")):
        return False
    if plural == "" and not last.endswith(("man", "woman", "person")):
        return False  # Phoenix gives no plural for mass and collective nouns ("police {}")
    return not last.endswith("s") or last.endswith(("ss", "us"))


def read_agents(path: Path) -> Iterator[tuple[str, str, bool]]:
    """(phrase, sector, person) for each entry of a PETRARCH agents dictionary."""
    substitutions: dict[str, list[str]] = {}
    entry = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]+)\]")
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip().replace("AD!MINIST!RATI", "ADMINISTRATI")  # a typo in the source
        if not line or not line.isascii():
            continue
        if line.startswith("!") and "=" in line:
            marker, _, items = line.partition("=")
            substitutions[marker.strip()] = [item.strip() for item in items.split(",") if item.strip()]
            continue
        match = entry.match(line)
        if match is None:
            continue
        sector = sector_of(match["code"])
        if sector is None:
            continue
        plural = match["plural"]
        for phrase in expand(match["phrase"], substitutions):
            cleaned = clean_phrase(phrase)
            if not cleaned:
                continue
            yield cleaned, sector, is_person(cleaned, plural)
        if plural:
            for phrase in expand(plural, substitutions):
                if clean_phrase(phrase):
                    yield clean_phrase(phrase), sector, False


def expand(phrase: str, substitutions: dict[str, list[str]]) -> Iterator[str]:
    for marker, items in substitutions.items():
        if marker in phrase:
            for item in items:
                yield from expand(phrase.replace(marker, item), substitutions)
            return
    yield phrase


_SMALL_WORDS_TEXT = "and of the for in on to al el de du la le des bin ibn"
SMALL_WORDS = frozenset(_SMALL_WORDS_TEXT.split())


def display_name(raw: str) -> str:
    words = clean_phrase(raw).split()
    shown = []
    for number, word in enumerate(words):
        if number and word in SMALL_WORDS:
            shown.append(word)
        else:
            shown.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(shown)


_GROUP_WORDS_TEXT = """
group army front brigade brigades movement organization organisation party jihad jihadi harakat harkat
harakut jamaat jamaah jemaah jamaa hizb hezb ansar tehrik lashkar jaish force forces council league
faction cell cells union committee battalion commando commandos guerrilla guerrillas resistance
liberation revolutionary nuclei militia legion mujahideen mujahidin taliban shabaab qaeda qaida
qa'ida qai'dah islamiya islamiyah islamiah islami islamiyya company federation emirate state
network sayyaf
"""
GROUP_WORDS = frozenset(_GROUP_WORDS_TEXT.split())


# International type codes of Phoenix.International: the type is the sector, a country may follow.
INTERNATIONAL_TYPES = {"IGO": "IGO", "NGO": "NGO", "IMG": "IMG"}


def read_groups(path: Path, countries: set[str], *,
                international: bool = False) -> Iterator[tuple[str, list[str], str, str]]:
    """(name, aliases, country, sector) for each undated group entry of a PETRARCH actors file.

    With `international`, companies (MNC) are left out (their names are often ordinary words)
    and an IGO/NGO/IMG code is that sector, of the country whose code follows, if any."""
    records: list[tuple[str, list[str], list[str], bool]] = []
    code_re = re.compile(r"\[([A-Z]+)(\s+[^\]]*)?\]")
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = code_re.findall(line)
        text = code_re.sub("", line).strip()
        if line.startswith(("\t", " ")) and not text:
            if records:
                records[-1][2].extend(code for code, _ in codes)
                if any(dates.strip() for _, dates in codes):
                    records[-1] = (*records[-1][:3], True)
            continue
        if text.startswith("+"):
            if records:
                records[-1][1].append(text[1:])
            continue
        dated = any(dates.strip() for _, dates in codes)
        records.append((text, [], [code for code, _ in codes], dated))
    for name, aliases, codes, dated in records:
        if dated or not codes or not name.isascii():
            continue  # dated entries are people (leaders), not groups
        if codes[0].startswith("IMG") and not GROUP_WORDS & set(clean_phrase(name).replace("-", " ").split()):
            continue  # the IMG section lists many individual militants by name
        code = codes[0]
        if international and code.startswith("MNC"):
            continue
        country = OLD_CODES.get(code[:3], code[:3])
        if international and code[:3] in INTERNATIONAL_TYPES:
            country = OLD_CODES.get(code[3:6], code[3:6])
            owner = country if country in countries else ""
            yield from _named(name, aliases, owner, INTERNATIONAL_TYPES[code[:3]])
            continue
        if country in countries:
            sector = sector_of(code[3:]) or ""
        else:
            country = ""
            sector = "IMG" if code.startswith("IMG") else (sector_of(code[3:]) or sector_of(code) or "")
        if not sector:
            continue
        yield from _named(name, aliases, country, sector)


def _named(name: str, aliases: list[str], country: str,
           sector: str) -> Iterator[tuple[str, list[str], str, str]]:
    """One output row: display names, with abbreviations in brackets made aliases."""
    names = [name, *aliases]
    shown: list[str] = []
    extra: list[str] = []
    for item in names:
        abbreviation = re.search(r"\(([A-Z0-9./-]{2,})\)", item)
        if abbreviation:
            extra.append(abbreviation.group(1))
        item = re.sub(r"\([^)]*\)", "", item)
        if item.strip("_ ") and "+" not in item:
            shown.append(display_name(item))
    if not shown:
        return
    others = list(dict.fromkeys(alias for alias in [*shown[1:], *extra] if alias != shown[0]))
    yield shown[0], others, country, sector


# Words of an office, not a body: "The US Secretary of State", "President of the United States"
# are titles (roles.tsv), not institutions.
_TITLE_WORDS_TEXT = "secretary president minister ministers ambassador prime chancellor vice general " \
    "leader director"
TITLE_WORDS = frozenset(_TITLE_WORDS_TEXT.split())
# Head words of national bodies besides the group and body nouns above.
INSTITUTION_WORDS = BODY_HEADS | GROUP_WORDS | {"observatory", "declaration", "rifles", "intelligence"}


def read_institutions(path: Path, countries: set[str],
                      roles: set[str]) -> Iterator[tuple[str, list[str], str, str]]:
    """(name, aliases, country, sector) of the national bodies of Phoenix.Countries.actors.txt:
    blocks whose name has a body's head word ("Syrian Observatory for Human Rights", "Assam
    Rifles") and no office's; the undated or still-open code gives country and sector."""
    code_re = re.compile(r"\[([A-Z]+)(\s+[^\]]*)?\]")
    blocks: list[tuple[str, list[str], list[tuple[str, str]]]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if "CountryInfo" in raw:  # the office-holders' part of the file: people only
            blocks.append(("", [], []))
            continue
        codes = [(code, dates.strip()) for code, dates in code_re.findall(line)]
        text = code_re.sub("", line).strip()
        if line.startswith(("\t", " ")) and not text:
            if blocks:
                blocks[-1][2].extend(codes)
        elif text.startswith("+"):
            if blocks:
                blocks[-1][1].append(text[1:])
        else:
            blocks.append((text, [], codes))
    for name, aliases, codes in blocks:
        words = set(clean_phrase(name).replace("-", " ").split())
        if not codes or not name.isascii() or not words & INSTITUTION_WORDS or words & TITLE_WORDS:
            continue
        current = [code for code, dates in codes if not dates or dates.startswith(">")] or [codes[-1][0]]
        code = current[-1]
        country = OLD_CODES.get(code[:3], code[:3])
        sector = sector_of(code[3:]) if country in countries else None
        # a one-word synonym that is a role noun ("Senate") names no one body; a longer one with
        # no body's word in it is a leader's name ("Masoud Barzani"), not the body's
        named = [alias for alias in aliases
                 if (" " not in clean_phrase(alias) and clean_phrase(alias) not in roles)
                 or set(clean_phrase(alias).replace("-", " ").split()) & INSTITUTION_WORDS]
        if sector:
            yield from _named(name, named, country, sector)


SUFFIXES = re.compile(
    r"\s+(Sheng|Shi|Zizhiqu|Uygur Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|SAR|Province|Governorate|"
    r"Region|State|Oblast|oblast|Oblast'|oblast'|Kray|kray|Respublika|Prefecture|Department|District|"
    r"Division|County)$"
)
# Subdivisions that tidings codes as countries of their own.
NOT_SUBDIVISIONS = {"CN-TW", "CN-HK", "CN-MO", "RS-KM"}
# Region names that are ordinary English words ("the West", "Central", "Coast"): as place names
# they would code every "the West" as Cameroon.
GENERIC_PLACE_WORDS = frozenset(
    [
        "central", "centre", "center", "coast", "east", "eastern", "gulf", "lakes", "littoral",
        "midlands", "north", "northern", "plateau", "south", "southern", "west", "western", "capital",
        "upper", "lower", "interior", "islands", "highlands", "border"
    ]
)


def read_subdivisions(countries: set[str]) -> Iterator[tuple[str, list[str], str, str]]:
    """First-level subdivisions of the countries tidings knows (not of small territories)."""
    import pycountry  # type: ignore[import-untyped]

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.code in NOT_SUBDIVISIONS:
            continue
        iso3 = pycountry.countries.get(alpha_2=sub.country_code).alpha_3
        if iso3 not in countries:
            continue
        name = re.sub(r"\s*\[[^\]]*\]", "", sub.name).strip()
        if name.lower() in GENERIC_PLACE_WORDS:
            continue
        aliases: list[str] = []
        short = SUFFIXES.sub("", name)
        if short != name and short and short.lower() not in GENERIC_PLACE_WORDS:
            aliases.append(short)
        if " (" in name:
            aliases.append(name.split(" (", 1)[0])
        city = "city" in sub.type.lower() or sub.type in {"Municipality", "Capital district"}
        kind = "city" if city else "region"
        yield name, aliases, iso3, kind


def write(path: Path, header: Iterable[str], columns: Iterable[str], rows: Iterable[Iterable[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in header:
            out.write(f"# {line}\n" if line else "#\n")
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
            count += 1
    return count


MIT = "MIT licence, Copyright (c) 2014 Open Event Data Alliance (petrarch2 LICENSE)."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "data" / "reference")
    parser.add_argument("--institutions-only", action="store_true",
                        help="write institutions_phoenix.tsv alone (the others need pycountry)")
    args = parser.parse_args()
    today = date.today().isoformat()
    countries = {
        line.split("\t", 1)[0]
        for line in (OUT / "countries.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    roles = {line.split("\t", 1)[0] for name in ("roles.tsv", "roles_phoenix.tsv")
             for line in (OUT / name).read_text(encoding="utf-8").splitlines()}
    phoenix_countries = args.reference / "Phoenix.Countries.actors.txt"
    institutions = sorted(read_institutions(phoenix_countries, countries, roles))
    count = write(
        OUT / "institutions_phoenix.tsv",
        [
            "institutions_phoenix.tsv: national bodies (armies, services, legislatures, parties, opposition",
            "bodies) converted by scripts/build_actor_knowledge.py from PETRARCH's",
            "Phoenix.Countries.actors.txt (openeventdata/petrarch2 @ 676801cd9cb2).",
            f"{MIT}",
            "Blocks whose name has a body's head word and no office's; the undated or still-open code",
            "gives country and sector. organizations.tsv overrides.",
            f"Generated: {today}.",
            "Columns: name, aliases (|), country (ISO3), sector, kind.",
        ],
        ["name", "aliases", "country", "sector", "kind"],
        ([name, "|".join(aliases), country, sector, "organization"]
         for name, aliases, country, sector in institutions),
    )
    print(f"institutions_phoenix.tsv: {count} rows")
    if args.institutions_only:
        return

    seen: dict[str, tuple[str, bool]] = {}
    for phrase, sector, person in read_agents(args.reference / "Phoenix.agents.txt"):
        seen.setdefault(phrase, (sector, person))
    count = write(
        OUT / "roles_phoenix.tsv",
        [
            "roles_phoenix.tsv: role and agent nouns → CAMEO sector, converted by",
            "scripts/build_actor_knowledge.py from PETRARCH's Phoenix.agents.txt",
            f"(openeventdata/petrarch2 @ 676801cd9cb2). {MIT}",
            "Substitution sets (!PERSON!, !MINIST!) expanded; explicit plurals listed; religion codes",
            "alone → REL. `person` is a heuristic (see the script); roles.tsv overrides any row.",
            f"Generated: {today}.",
            "Columns: phrase (lower case), sector (CAMEO agent code), person (1 one person, 0 group/body).",
        ],
        ["phrase", "sector", "person"],
        ([phrase, sector, "1" if person else "0"] for phrase, (sector, person) in sorted(seen.items())),
    )
    print(f"roles_phoenix.tsv: {count} rows")

    groups = sorted(read_groups(args.reference / "Phoenix.MilNonState.actors.txt", countries))
    count = write(
        OUT / "groups_phoenix.tsv",
        [
            "groups_phoenix.tsv: armed non-state groups, converted by scripts/build_actor_knowledge.py",
            "from PETRARCH's Phoenix.MilNonState.actors.txt (openeventdata/petrarch2 @ 676801cd9cb2).",
            f"{MIT}",
            "Dated entries (leaders) left out; regional codes (INT, MEA, SAS, ...) → no country;",
            "IMG (international militarised group) kept as the sector. organizations.tsv overrides.",
            f"Generated: {today}.",
            "Columns: name, aliases (|), country (ISO3 or empty), sector, kind.",
        ],
        ["name", "aliases", "country", "sector", "kind"],
        ([name, "|".join(aliases), country, sector, "group"] for name, aliases, country, sector in groups),
    )
    print(f"groups_phoenix.tsv: {count} rows")

    bodies = sorted(read_groups(args.reference / "Phoenix.International.actors.txt", countries,
                                     international=True))
    count = write(
        OUT / "international_phoenix.tsv",
        [
            "international_phoenix.tsv: international bodies (IGO), NGOs and news services, with aliases,",
            "converted by scripts/build_actor_knowledge.py from PETRARCH's",
            "Phoenix.International.actors.txt (openeventdata/petrarch2 @ 676801cd9cb2).",
            f"{MIT}",
            "Dated entries (office-holders) left out; a body of no one state has no country (the",
            "region of IGOEUR... or IGOUNO is dropped); companies (MNC) left out.",
            "organizations.tsv overrides.",
            f"Generated: {today}.",
            "Columns: name, aliases (|), country (ISO3 or empty), sector, kind.",
        ],
        ["name", "aliases", "country", "sector", "kind"],
        ([name, "|".join(aliases), country, sector, "organization"]
         for name, aliases, country, sector in bodies),
    )
    print(f"international_phoenix.tsv: {count} rows")

    subdivisions = sorted(read_subdivisions(countries), key=lambda row: (row[2], row[0]))
    count = write(
        OUT / "subdivisions.tsv",
        [
            "subdivisions.tsv: first-level subdivisions (ISO 3166-2), converted by",
            "scripts/build_actor_knowledge.py from the ISO 3166-2 data shipped in pycountry 24.6.1",
            "(pycountry is LGPL-2.1; the data are facts of the ISO 3166 standard, from Debian's",
            "iso-codes). Names as ISO gives them, plus the name without a type word",
            "('Guizhou Sheng' → 'Guizhou'). Taiwan, Hong Kong, Macao and Kosovo are countries in",
            "tidings and left out. places.tsv (curated) overrides.",
            f"Generated: {today}.",
            "Columns: name, aliases (|), iso3, kind (region|city).",
        ],
        ["name", "aliases", "iso3", "kind"],
        ([name, "|".join(aliases), iso3, kind] for name, aliases, iso3, kind in subdivisions),
    )
    print(f"subdivisions.tsv: {count} rows")


if __name__ == "__main__":
    main()
