"""Built-in actor knowledge: countries, organisations, people, roles and places from data files.

The data lives in `tidings/data/actors/*.tsv` (each file's header says where its facts come from,
under which licence, and as of which date). `load_knowledge()` reads them once into plain dicts
keyed by `normalise_name`; every lookup is then a dict access. Pure after loading: no network, no
model, no mutable module state beyond the one cached `Knowledge`.

Files, in the order a conflict is settled (curated first; converted Phoenix/ISO data only fills
gaps):

- `countries.tsv`: ISO3, name, aliases, demonyms, capitals (capitals are metonyms: GOV).
- `seats.tsv`: buildings and places standing for a government or its part ("the Pentagon": USA
  MIL, "Brussels": the European Union, IGO).
- `organizations.tsv` (curated), then `groups_phoenix.tsv` (armed non-state groups converted
  from Phoenix.MilNonState), then `international_phoenix.tsv` (international bodies, NGOs and
  news services converted from Phoenix.International; a one-word name of it only matches when
  written in capitals, as its abbreviations are).
- `institutions_phoenix.tsv`: national bodies (armies, services, legislatures, opposition
  bodies) converted from Phoenix.Countries; ranked with the converted groups.
- `people.tsv` (curated): one row per office held, with dates; then `people_phoenix.tsv`
  (office-holders to 2014 converted from Phoenix.Countries), whose people named in people.tsv
  are skipped and whose surnames only fill names people.tsv does not use.
- `roles.tsv` (curated), then `roles_phoenix.tsv` (converted from Phoenix.agents).
- `places.tsv` (curated cities and regions), then `subdivisions.tsv` (ISO 3166-2 first-level
  subdivisions converted from pycountry's data).
- `descriptions.toml`: descriptions that stand for a country once the text has set it up ("the
  island", "the mainland"; read by tidings.actors.descriptions).

A name that two entries of the same file give different codes is ambiguous and dropped from that
index (the data-integrity test reports such conflicts in curated files).

Requires: nothing at run time beyond the standard library. Never raises on unknown names: every
lookup returns None.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from tidings.actors.descriptions import load_place_descriptions
from tidings.actors.mention import PlaceDescription
from tidings.actors.names import APOSTROPHES as _APOSTROPHES
from tidings.actors.names import linked_key, normalise_name, variant_key
from tidings.actors.tables import NameIndex, parse_date, plural, read_table, rows_of, split_cell
from tidings.model import Known
from tidings.records import ActorKind

__all__ = [
    "CAMEO_SECTORS",
    "Knowledge",
    "Role",
    "load_knowledge",
    "normalise_name",
    "read_table",
]

# CAMEO agent (sector) codes accepted in the data files: the primary and secondary role codes of
# the CAMEO actor codebook, the international types (IGO, NGO, IMG, MNC), PTY for parties, REL
# for religious figures and bodies, and PRM for pro-government militias (used by the NGEC gold).
_SECTOR_CODES = (
    "COP GOV INS JUD MIL OPP PTY REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG "
    "MED MOD RAD REF REL IGO NGO NGM IMG MNC PRM"
)
CAMEO_SECTORS = frozenset(_SECTOR_CODES.split())

# Sectors of offices after which a person who holds no other office is a former leader (ELI).
_OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "IGO", "PTY", "SPY", "COP"})

@dataclass(frozen=True, slots=True)
class Role:
    """A role or agent noun phrase and its CAMEO sector.

    `person` is True for a role one person holds ("minister", "spokesman", "farmer") and False for
    a group or body noun and for plurals ("police", "rebels", "ministry", "army", "farmers").
    """

    phrase: str
    sector: str
    person: bool


@dataclass(frozen=True, slots=True)
class Office:
    """One office a person held: `start`/`end` inclusive, `end` None while still held."""

    role: str
    country: str | None
    sector: str
    start: date | None
    end: date | None

    def holds_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(slots=True)
class Person:
    name: str
    gender: str | None
    surnames: tuple[str, ...] = ()
    offices: list[Office] = field(default_factory=list)
    source: str = "people.tsv"

    def in_office(self, on: date) -> bool:
        return any(office.holds_on(on) for office in self.offices)


def _first(value: tuple[str, str]) -> str:
    return value[0]


def _entity(known: Known) -> tuple[str, str | None, str | None]:
    return (known.name, known.country, known.sector)


def _variant_identity(value: Known | int) -> Hashable:
    return value if isinstance(value, int) else _entity(value)


def _surnames(row: dict[str, str]) -> tuple[str, ...]:
    """The surname column: names |-separated, "-" for none, empty for the name's last word."""
    if row["surname"] == "-":
        return ()
    return tuple(split_cell(row["surname"])) or (row["name"].split()[-1],)


def _is_abbreviation(alias: str) -> bool:
    letters = alias.replace(".", "").replace(" ", "")
    return 1 < len(letters) <= 6 and letters.isupper() and letters.isalpha()


class Knowledge:
    """Answers lookups from the loaded data files. Build with `load_knowledge()`."""

    def __init__(self) -> None:
        self._countries: NameIndex[tuple[str, str]] = NameIndex(_first)  # key → (iso3, how)
        self._country_names: dict[str, str] = {}  # iso3 → name
        self._demonyms: NameIndex[str] = NameIndex()
        self._metonyms: NameIndex[Known] = NameIndex()
        self._orgs: NameIndex[Known] = NameIndex(_entity)
        self._groups: NameIndex[Known] = NameIndex(_entity)
        self._bodies: NameIndex[Known] = NameIndex(_entity)
        # spelling variants: linked_key → an organisation, variant_key → a curated person's number
        self._variants: dict[str, Known | int] = {}
        self._people: NameIndex[int] = NameIndex()
        self._persons: list[Person] = []
        self._surnames: dict[str, list[int]] = {}
        self._roles: NameIndex[Role] = NameIndex()
        self._places: NameIndex[str] = NameIndex()
        self._place_descriptions: Mapping[str, PlaceDescription] = {}

    # ---- loading -------------------------------------------------------------------------------

    def _load(self) -> None:
        self._load_countries()
        self._load_seats()
        self._load_orgs()
        self._load_people()
        self._load_roles()
        self._load_places()
        self._load_variants()
        self._place_descriptions = load_place_descriptions()

    def _load_variants(self) -> None:
        """Index organisation names by their linked key, and the names of the curated (prominent)
        people by their lossier variant key, whose transliterations vary most; a key two of
        them share is dropped (it cannot tell them apart). The thousands of converted Phoenix
        office-holders are left out: their skeletons meet too many other people's names."""
        variants: NameIndex[Known | int] = NameIndex(_variant_identity)
        for index in (self._orgs, self._groups, self._bodies):
            for key, known in index.values.items():
                if known.how != "abbreviation":
                    variants.add(linked_key(key), known)
        for key, number in self._people.values.items():
            if self._persons[number].source == "people.tsv":
                variants.add("~" + variant_key(key), number)
        self._variants = variants.values

    def _load_countries(self) -> None:
        capitals: NameIndex[Known] = NameIndex()
        for row in rows_of("countries.tsv", ("iso3", "name", "aliases", "demonyms", "capitals")):
            iso3, name = row["iso3"], row["name"]
            self._country_names[iso3] = name
            self._countries.add(name, (iso3, "name"))
            for alias in split_cell(row["aliases"]):
                self._countries.add(alias, (iso3, "abbreviation" if _is_abbreviation(alias) else "name"))
            for demonym in split_cell(row["demonyms"]):
                self._demonyms.add(demonym, iso3)
            for capital in split_cell(row["capitals"]):
                known = Known(name, "country", iso3, "GOV", how="metonym", source="countries.tsv")
                capitals.add(capital, known)
        self._metonyms = capitals

    def _load_seats(self) -> None:
        seats: NameIndex[Known] = NameIndex()
        for row in rows_of("seats.tsv", ("name", "aliases", "country", "sector", "stands_for")):
            country = row["country"] or None
            if country is None:
                known = Known(row["stands_for"], "organization", None, row["sector"], how="metonym",
                              source="seats.tsv")
            else:
                known = Known(self._country_names[country], "country", country, row["sector"], how="metonym",
                              source="seats.tsv")
            for name in [row["name"], *split_cell(row["aliases"])]:
                seats.add(name, known)
        seats.fill(self._metonyms)  # a seat ("Brussels": the EU) wins over a capital (Belgium)
        self._metonyms = seats

    def _load_orgs(self) -> None:
        columns = ("name", "aliases", "country", "sector", "kind")
        self._orgs = self._org_index("organizations.tsv", columns)
        self._groups = self._org_index("groups_phoenix.tsv", columns)
        # national bodies converted from Phoenix.Countries: their synonyms include leaders'
        # names, so they rank with the converted groups, after people
        self._groups.fill(self._org_index("institutions_phoenix.tsv", columns))
        self._bodies = self._org_index("international_phoenix.tsv", columns)

    def _org_index(self, filename: str, columns: Sequence[str]) -> NameIndex[Known]:
        index: NameIndex[Known] = NameIndex(_entity)
        for row in rows_of(filename, columns):
            kind: ActorKind = "group" if row["kind"] == "group" else "organization"
            for alias in [row["name"], *split_cell(row["aliases"])]:
                how = "abbreviation" if _is_abbreviation(alias) else "name"
                index.add(alias, Known(row["name"], kind, row["country"] or None, row["sector"] or None,
                                       how=how, source=filename))
        return index

    def _load_people(self) -> None:
        self._read_people("people.tsv", self._people, self._surnames, known=None)
        converted: NameIndex[int] = NameIndex()
        surnames: dict[str, list[int]] = {}
        self._read_people("people_phoenix.tsv", converted, surnames, known=self._people)
        self._people.fill(converted)
        for key, numbers in surnames.items():
            self._surnames.setdefault(key, numbers)

    def _read_people(self, filename: str, index: NameIndex[int], surnames: dict[str, list[int]], *,
                     known: NameIndex[int] | None) -> None:
        """Add one people file's persons; with `known`, skip a person any of whose names it has."""
        columns = ("name", "aliases", "country", "sector", "role", "start", "end", "gender", "surname")
        by_name: dict[str, int] = {}
        skipped: set[str] = set()
        first = len(self._persons)
        for row in rows_of(filename, columns):
            key = normalise_name(row["name"])
            names = [row["name"], *split_cell(row["aliases"])]
            if key in skipped or (known is not None and any(
                    normalise_name(name) in known.values or normalise_name(name) in known.ambiguous
                    for name in names)):
                skipped.add(key)
                continue
            number = by_name.get(key)
            if number is None:
                number = by_name[key] = len(self._persons)
                person = Person(row["name"], row["gender"] or None, _surnames(row), source=filename)
                self._persons.append(person)
            person = self._persons[number]
            person.offices.append(Office(
                row["role"], row["country"] or None, row["sector"],
                parse_date(row["start"], end=False), parse_date(row["end"], end=True),
            ))
            for alias in names:
                index.add(alias, number)
        for number in range(first, len(self._persons)):
            for surname in self._persons[number].surnames:
                numbers = surnames.setdefault(normalise_name(surname), [])
                if number not in numbers:
                    numbers.append(number)

    def _load_roles(self) -> None:
        columns = ("phrase", "sector", "person")
        curated = self._role_index("roles.tsv", columns)
        curated.fill(self._role_index("roles_phoenix.tsv", columns))
        self._roles = curated

    def _role_index(self, filename: str, columns: Sequence[str]) -> NameIndex[Role]:
        index: NameIndex[Role] = NameIndex()
        plurals: NameIndex[Role] = NameIndex()
        for row in rows_of(filename, columns):
            phrase = normalise_name(row["phrase"])
            index.add(phrase, Role(phrase, row["sector"], row["person"] == "1"))
            if not phrase.endswith("s"):  # "troops", "armed forces" are plural already
                many = plural(phrase)
                plurals.add(many, Role(many, row["sector"], False))
        index.fill(plurals)
        return index

    def _load_places(self) -> None:
        columns = ("name", "aliases", "iso3", "kind")
        curated: NameIndex[str] = NameIndex()
        for row in rows_of("places.tsv", columns):
            for name in [row["name"], *split_cell(row["aliases"])]:
                curated.add(name, row["iso3"])
        capitals: NameIndex[str] = NameIndex()
        for row in rows_of("countries.tsv", ("iso3", "name", "aliases", "demonyms", "capitals")):
            for capital in split_cell(row["capitals"]):
                capitals.add(capital, row["iso3"])
        curated.fill(capitals)
        converted: NameIndex[str] = NameIndex()
        for row in rows_of("subdivisions.tsv", columns):
            for name in [row["name"], *split_cell(row["aliases"])]:
                converted.add(name, row["iso3"])
        curated.fill(converted)
        # A country's own name is not a place ("Georgia" is the country, not the US state).
        for key in list(curated.values):
            if key in self._countries.values:
                del curated.values[key]
        self._places = curated

    # ---- lookups -------------------------------------------------------------------------------

    def lookup(self, text: str, *, on: date | None = None) -> Known | None:
        """A country, organisation or person by whole name or listed alias, else None.

        Countries win over curated organisations, those over people, people over the armed groups
        converted from Phoenix (whose aliases include some leaders' names), those over the
        converted international bodies. A person's sector and role
        are those of the office held on `on` (the newest when several); after leaving a public
        office a person holding no other is ELI with the role "former <role>"; before the first
        listed office, ELI too (PETRARCH's CountryInfo convention). With `on=None`, the most
        recently started office, as if still held.
        """
        key = normalise_name(text)
        # An abbreviation matches only when written as one: "AN" may be Aryan Nations, "an" and
        # "An" are not; a longer one may be in title case ("Nato").
        core = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).replace(".", "").replace(" ", "")
        written_short = core.isupper() or (len(core) >= 4 and core[:1].isupper())
        country = self._countries.values.get(key)
        if country is not None and (country[1] != "abbreviation" or written_short):
            iso3, how = country
            return Known(self._country_names[iso3], "country", iso3, None, how=how, source="countries.tsv")
        org = self._orgs.values.get(key)
        if org is not None and (org.how != "abbreviation" or written_short):
            return org
        number = self._people.values.get(key)
        if number is not None:
            return self._person_known(self._persons[number], on)
        group = self._groups.values.get(key)
        if group is not None and (group.how != "abbreviation" or written_short):
            return group
        body = self._bodies.values.get(key)
        if body is not None and (" " in key or core.isupper()):
            return body
        return self._variant(key, on)

    def _variant(self, key: str, on: date | None) -> Known | None:
        """A name of two words or more spelt otherwise than listed ("Muhammad Ould Abd al-Aziz"
        for "Mohamed Ould Abdelaziz"), when its variant key points at one entity only."""
        if " " not in key:
            return None
        found = self._variants.get(linked_key(key)) or self._variants.get("~" + variant_key(key))
        if found is None:
            return None
        if isinstance(found, int):
            return self._person_known(self._persons[found], on)
        return found

    def lookup_surname(self, text: str, *, on: date | None = None) -> Known | None:
        """The one known person with this surname; when several share it, the one in office on `on`.

        When several share it and none can be told apart, but all of them serve one state ("Bush"),
        the answer is that state alone: the name as written, its country, no sector or role.
        None when nobody has it, or its bearers serve different states.
        """
        everyone = self._surnames.get(normalise_name(text), [])
        numbers = everyone
        if len(numbers) > 1 and on is not None:
            numbers = [number for number in numbers if self._persons[number].in_office(on)]
        if len(numbers) == 1:
            return self._person_known(self._persons[numbers[0]], on)
        countries = {office.country for number in everyone for office in self._persons[number].offices}
        if len(everyone) > 1 and len(countries) == 1 and None not in countries:
            return Known(text, "person", country=countries.pop(), source="surnames")
        return None

    def demonym(self, text: str) -> Known | None:
        """A nationality adjective or people-noun ("Chinese", "Americans") → its country."""
        iso3 = self._demonyms.get(text)
        if iso3 is None:
            return None
        return Known(self._country_names[iso3], "country", iso3, None, how="demonym", source="countries.tsv")

    def metonym(self, text: str) -> Known | None:
        """A capital or seat of government standing for a government ("Beijing", "the Pentagon")."""
        return self._metonyms.get(text)

    def place(self, text: str) -> str | None:
        """ISO3 of a known city or first-level region that is not itself a country, else None."""
        return self._places.get(text) or None

    def place_description(self, words: str) -> PlaceDescription | None:
        """What a description naming no one stands for, by its lower-cased words ("the island")."""
        return self._place_descriptions.get(words)

    def role(self, text: str) -> Role | None:
        """A role or agent noun phrase ("foreign minister", "rebels") → its sector, else None."""
        key = normalise_name(text)
        found = self._roles.values.get(key)
        if found is None and key.endswith("s") and not key.endswith("ss"):
            singular = self._roles.values.get(key[:-1])  # a plural of a listed plural-less phrase
            if singular is not None:
                found = Role(key, singular.sector, False)
        return found

    def role_in(self, words: Sequence[str]) -> Role | None:
        """The role of a noun phrase given as lower-cased words ("burkina faso's ruling junta").

        1. Only the words after the last possessive count ("the provincial governor's spokesman"
           → "spokesman").
        2. The longest listed role phrase that ends at the last word wins ("national intelligence
           agency" before "agency").
        3. When that is only a generic person noun ("officer", "official", "spokesman", "head"),
           a longer role ending just before it says which body the person belongs to: "a national
           intelligence agency officer" → SPY, a person.
        """
        tokens: list[str] = []
        for word in words:
            word = word.translate(_APOSTROPHES).lower()
            if word in {"'s", "'"} or word.endswith(("'s", "s'")):
                tokens = []  # everything before a possessive is the possessor
                continue
            tokens.extend(normalise_name(word).split())
        while tokens and tokens[0] in {"the", "a", "an"}:
            tokens = tokens[1:]
        if not tokens:
            return None
        best = self._longest_suffix(tokens)
        if best is not None and best.person and len(best.phrase.split()) == 1 and len(tokens) > 1:
            body = self._longest_suffix(tokens[:-1])
            if body is not None and body.sector != best.sector and not body.person:
                return Role(f"{body.phrase} {tokens[-1]}", body.sector, True)
        return best

    longest_role_suffix = role_in

    def _longest_suffix(self, tokens: Sequence[str]) -> Role | None:
        for start in range(len(tokens)):
            found = self.role(" ".join(tokens[start:]))
            if found is not None:
                return found
        return None

    # ---- people --------------------------------------------------------------------------------

    def _person_known(self, person: Person, on: date | None) -> Known:
        roles: tuple[str, ...]
        offices = sorted(person.offices, key=lambda office: office.start or date.min)
        if on is None:
            office = offices[-1]
            sector, roles = office.sector, (office.role,)
        else:
            held = [office for office in offices if office.holds_on(on)]
            if held:
                office = held[-1]
                sector, roles = office.sector, (office.role,)
            else:
                past = [office for office in offices if office.start is None or office.start <= on]
                office = past[-1] if past else offices[0]
                if office.sector in _OFFICE_SECTORS:
                    sector = "ELI"
                    roles = (f"former {office.role}",) if past else ()
                else:
                    sector, roles = office.sector, (office.role,)
        return Known(person.name, "person", office.country, sector, roles=roles, gender=person.gender,
                     source=person.source)


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The built-in knowledge, read from the data files once per process."""
    knowledge = Knowledge()
    knowledge._load()
    return knowledge
