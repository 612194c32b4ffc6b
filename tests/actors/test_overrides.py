"""The user's actor override file: lookup by name and alias, and errors that say what to fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tidings.actors.overrides import Overrides, load_overrides
from tidings.errors import SettingsError
from tidings.model import Known

GOOD = """
[[actor]]
name = "Yoko Kamikawa"
aliases = ["Kamikawa", "Kamikawa Yoko"]
kind = "person"
country = "JPN"
sector = "GOV"
roles = ["foreign minister"]
gender = "f"

[[actor]]
name = "United Nations"
aliases = ["U.N."]
kind = "organization"
country = ""
sector = "IGO"

[[actor]]
name = "Recep Tayyip Erdoğan"
kind = "person"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tidings-actors.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lookup_by_name_and_alias(tmp_path):
    path = write(tmp_path, GOOD)
    overrides = load_overrides(path)
    kamikawa = Known(name="Yoko Kamikawa", kind="person", country="JPN", sector="GOV",
                     roles=("foreign minister",), gender="f", source=f"overrides:{path.resolve()}")
    for spelling in ("Yoko Kamikawa", "yoko kamikawa", "Kamikawa", "KAMIKAWA YOKO", "Kamikawa."):
        assert overrides.lookup(spelling) == kamikawa, spelling
    un = overrides.lookup("UN")
    assert un is not None and un.name == "United Nations" and un.country is None and un.sector == "IGO"
    assert overrides.lookup("the United Nations") == un
    erdogan = overrides.lookup("Recep Tayyip Erdogan")
    assert erdogan is not None and erdogan.country is None and erdogan.sector is None and erdogan.roles == ()
    assert overrides.lookup("Antony Blinken") is None
    assert len(overrides) == 3


def test_no_file_means_no_overrides():
    overrides = load_overrides(None)
    assert overrides == Overrides() and len(overrides) == 0
    assert overrides.lookup("Yoko Kamikawa") is None


def test_a_named_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        load_overrides(tmp_path / "nope.toml")


def test_an_empty_file_is_fine(tmp_path):
    assert len(load_overrides(write(tmp_path, ""))) == 0


def test_an_edited_file_is_read_again(tmp_path):
    path = write(tmp_path, GOOD)
    assert load_overrides(path).lookup("Kamikawa").sector == "GOV"
    stat = path.stat()
    path.write_text(GOOD.replace('sector = "GOV"', 'sector = "ELI"'), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_overrides(path).lookup("Kamikawa").sector == "ELI"


@pytest.mark.parametrize(("entry", "message"), [
    ('kind = "person"', "actor entry 1: needs a name"),
    ('name = "  "\nkind = "person"', "actor entry 1: needs a name"),
    ('name = "X Y"', "actor entry 1 .'X Y'.: kind must be one of person, organization"),
    ('name = "X Y"\nkind = "human"', "kind must be one of .* got 'human'"),
    ('name = "X Y"\nkind = "person"\ncountry = "jpn"', 'country must be .* got .jpn. .did you mean "JPN"'),
    ('name = "X Y"\nkind = "person"\ncountry = "JP"', "country must be an ISO 3166-1 alpha-3 code"),
    ('name = "X Y"\nkind = "person"\ncountry = 392', "country must be"),
    ('name = "X Y"\nkind = "person"\nsector = "Gov"', "sector must be a CAMEO agent code"),
    ('name = "X Y"\nkind = "person"\nsector = "GOVT"', "sector must be"),
    ('name = "X Y"\nkind = "person"\nroles = "minister"', "roles must be a list"),
    ('name = "X Y"\nkind = "person"\naliases = "X"', "aliases must be a list"),
    ('name = "X Y"\nkind = "person"\ngender = "x"', "gender must be"),
    ('name = "X Y"\nkind = "person"\ncontry = "JPN"', "unknown key 'contry'"),
])
def test_a_bad_entry_says_which_and_what(tmp_path, entry, message):
    path = write(tmp_path, GOOD + "\n[[actor]]\n" + entry + "\n")
    with pytest.raises(SettingsError, match=message.replace("entry 1", "entry 4")) as caught:
        load_overrides(path)
    assert str(path.resolve()) in str(caught.value)


def test_a_name_in_two_entries_is_an_error(tmp_path):
    extra = '\n[[actor]]\nname = "Someone Else"\naliases = ["kamikawa"]\nkind = "person"\n'
    path = write(tmp_path, GOOD + extra)
    with pytest.raises(SettingsError, match="entry 4 .*'kamikawa' is already used by entry 1"):
        load_overrides(path)


def test_an_alias_repeating_the_name_is_fine(tmp_path):
    path = write(tmp_path, '[[actor]]\nname = "Wang Yi"\naliases = ["WANG YI"]\nkind = "person"\n')
    assert load_overrides(path).lookup("wang yi").name == "Wang Yi"


@pytest.mark.parametrize(("text", "message"), [
    ("[[actor]\nname = 1", "not valid TOML"),
    ('actors = []', "unknown top-level key 'actors'"),
    ('actor = "Kamikawa"', r"\[\[actor\]\] table"),
    ('actor = [1, 2]', r"\[\[actor\]\] table"),
])
def test_a_bad_file_is_an_error(tmp_path, text, message):
    with pytest.raises(SettingsError, match=message):
        load_overrides(write(tmp_path, text))


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[actor]]\nname = "Erdoğan"\n'.encode("utf-16"))
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_overrides(path)
