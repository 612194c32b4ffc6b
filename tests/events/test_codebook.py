"""Integrity of the CAMEO codebook data file and the codebook API."""

from __future__ import annotations

import pytest

from tidings.events.codebook import CODER_VERSION, PLOVER_TYPES, CameoCode, UnknownCode, load_codebook

# GDELT's QuadClass by root (see the header of tidings/data/events/cameo.tsv).
QUAD_BY_ROOT = {f"{root:02d}": 1 for root in range(1, 6)}
QUAD_BY_ROOT |= {f"{root:02d}": 2 for root in range(6, 10)}
QUAD_BY_ROOT |= {f"{root:02d}": 3 for root in range(10, 15)}
QUAD_BY_ROOT |= {f"{root:02d}": 4 for root in range(15, 21)}

# The PLOVER type of each root; roots 08, 16, 17 and 19 split (CAMEO2PLOVER-2021).
PLOVER_BY_ROOT = {
    "01": {"OTHER"},
    "02": {"OTHER"},
    "03": {"AGREE"},
    "04": {"CONSULT"},
    "05": {"SUPPORT"},
    "06": {"COOPERATE"},
    "07": {"AID"},
    "08": {"CONCEDE", "RETREAT"},
    "09": {"ACCUSE"},
    "10": {"REQUEST"},
    "11": {"ACCUSE"},
    "12": {"REJECT"},
    "13": {"THREATEN"},
    "14": {"PROTEST"},
    "15": {"MOBILIZE"},
    "16": {"SANCTION", "COERCE"},
    "17": {"COERCE", "ASSAULT"},
    "18": {"ASSAULT"},
    "19": {"ASSAULT", "COERCE"},
    "20": {"ASSAULT"},
}


@pytest.fixture(scope="module")
def codes() -> list[CameoCode]:
    return list(load_codebook())


def test_every_cameo_code_is_there(codes: list[CameoCode]) -> None:
    assert len(codes) == len(load_codebook()) == 311
    assert {code.root for code in codes} == set(QUAD_BY_ROOT)
    for root in QUAD_BY_ROOT:
        assert root in load_codebook()
        assert root + "0" in load_codebook(), f"{root}0 (not specified below) is missing"


def test_codes_are_strings_of_two_to_four_digits_under_their_root(codes: list[CameoCode]) -> None:
    for code in codes:
        assert code.code.isdigit() and 2 <= len(code.code) <= 4, code
        assert code.root == code.code[:2], code
        if len(code.code) == 4:
            assert code.code[:3] in load_codebook(), f"{code.code} has no parent {code.code[:3]}"


def test_goldstein_and_quad_class_are_consistent(codes: list[CameoCode]) -> None:
    for code in codes:
        assert -10.0 <= code.goldstein <= 10.0, code
        assert code.quad_class == QUAD_BY_ROOT[code.root], code
    # material cooperation scores above zero, material conflict ones below
    assert all(code.goldstein > 0 for code in codes if code.root in {"06", "07", "08"})
    assert all(code.goldstein < 0 for code in codes if code.quad_class == 4)


def test_plover_types_are_current_names(codes: list[CameoCode]) -> None:
    for code in codes:
        assert code.plover in PLOVER_TYPES, code
        assert code.plover in PLOVER_BY_ROOT[code.root], code
    assert not {"DEMAND", "DISAPPROVE", "FIGHT", "INVESTIGATE"} & {code.plover for code in codes}


@pytest.mark.parametrize(
    ("code", "name", "plover", "goldstein"),
    [
        ("042", "Make a visit", "CONSULT", 1.9),
        ("043", "Host a visit", "CONSULT", 2.8),
        ("057", "Sign formal agreement", "SUPPORT", 8.0),
        ("111", "Criticize or denounce", "ACCUSE", -2.0),
        ("163", "Impose embargo, boycott, or sanctions", "COERCE", -8.0),
        ("0874", "Retreat or surrender militarily", "RETREAT", 10.0),
        ("010", "Make statement, not specified below", "OTHER", 0.0),
    ],
)
def test_known_codes(code: str, name: str, plover: str, goldstein: float) -> None:
    entry = load_codebook().get(code)
    assert (entry.name, entry.plover, entry.goldstein) == (name, plover, goldstein)


def test_demand_codes_use_cameo_1_1_names() -> None:
    codebook = load_codebook()
    assert codebook.get("101").name.startswith("Demand material cooperation")
    assert codebook.get("105").name.startswith("Demand that target yields")
    assert codebook.get("106").name == "Demand meeting, negotiation"
    assert codebook.get("107").name == "Demand settling of dispute"
    assert codebook.get("108").name == "Demand mediation"
    assert codebook.get("105").plover_mode == "yield"
    assert codebook.get("106").plover_mode == "meet"


def test_unknown_code_is_a_key_error_with_a_hint() -> None:
    codebook = load_codebook()
    with pytest.raises(UnknownCode, match="leading zero"):
        codebook.get("42")
    with pytest.raises(KeyError, match="not a CAMEO event code"):
        codebook.get("999")
    assert "999" not in codebook
    assert 42 not in codebook


def test_loaded_once_and_versioned() -> None:
    assert load_codebook() is load_codebook()
    assert CODER_VERSION == "tidings-events/0.1"
