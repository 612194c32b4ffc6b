"""Integrity of the event trigger files and the lexicon API."""

from __future__ import annotations

from importlib import resources

import pytest

from tidings.events.codebook import load_codebook
from tidings.events.lexicon import (
    CONVERTED,
    CURATED,
    NO_EVENT,
    LexiconError,
    Trigger,
    check_conflicts,
    load_lexicon,
    parse_triggers,
    read_triggers,
)

HEADER = "lemma\tparticle\tpos\tneeds\ttarget\tlight\tcode\tnote\n"


def _text(filename: str) -> str:
    return resources.files("tidings.data").joinpath("events", filename).read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=[CURATED, CONVERTED])
def rows(request: pytest.FixtureRequest) -> list[tuple[int, Trigger]]:
    return read_triggers(request.param, load_codebook())


def test_files_are_large_enough_and_attributed() -> None:
    curated = read_triggers(CURATED, load_codebook())
    converted = read_triggers(CONVERTED, load_codebook())
    assert len(curated) >= 300
    assert len(converted) >= 1000
    assert "Source:" in _text(CURATED)
    assert "MIT" in _text(CONVERTED) and "Open Event Data Alliance" in _text(CONVERTED)
    assert len(load_lexicon()) >= len(curated) + len(converted) // 2


def test_every_code_is_in_the_codebook(rows: list[tuple[int, Trigger]]) -> None:
    codebook = load_codebook()
    for number, trigger in rows:
        no_event = trigger.code == NO_EVENT and "petrarch" not in trigger.note  # curated "no event" rows
        assert trigger.code in codebook or no_event, number
        assert trigger.pos in {"VERB", "NOUN"}, number
        assert trigger.target and (trigger.target[-1] == "none" or "none" not in trigger.target), number


def test_no_conflicting_rows(rows: list[tuple[int, Trigger]]) -> None:
    check_conflicts("rows", rows)
    seen = set()
    for number, trigger in rows:
        key = (trigger.lemma, trigger.particle, trigger.pos, trigger.needs, trigger.code)
        assert key not in seen, f"line {number} repeats {key}"
        seen.add(key)


def test_curated_triggers_cover_every_root() -> None:
    roots = {trigger.code[:2] for _, trigger in read_triggers(CURATED, load_codebook()) if trigger.is_event}
    assert roots == {f"{root:02d}" for root in range(1, 21)}


def test_statements_are_low_priority_and_need_an_addressee() -> None:
    say = load_lexicon().match("say", "VERB")
    assert say is not None and say.code == "010"
    assert say.low_priority and say.needs_target
    assert not load_lexicon().match("meet", "VERB").low_priority  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("lemma", "pos", "particles", "context", "code"),
    [
        ("meet", "VERB", (), (), "040"),
        ("slam", "VERB", (), (), "111"),
        ("condemn", "VERB", (), (), "111"),
        ("accuse", "VERB", (), (), "112"),
        ("accuse", "VERB", (), ("espionage",), "1125"),
        ("impose", "VERB", (), ("sanction",), "163"),
        ("impose", "VERB", (), ("curfew",), "1723"),
        ("supply", "VERB", (), ("weapon",), "072"),
        ("provide", "VERB", (), ("military", "aid"), "072"),
        ("provide", "VERB", (), ("aid",), "070"),
        ("send", "VERB", (), ("food",), "073"),
        ("visit", "VERB", (), (), "042"),
        ("host", "VERB", (), (), "043"),
        ("negotiate", "VERB", (), (), "046"),
        ("mediate", "VERB", (), (), "045"),
        ("sit", "VERB", ("down",), (), "040"),
        ("hold", "VERB", (), ("talk",), "040"),
        ("pay", "VERB", (), ("visit",), "042"),
        ("sign", "VERB", (), ("agreement",), "057"),
        ("lift", "VERB", (), ("sanction",), "085"),
        ("release", "VERB", (), ("prisoner",), "0841"),
        ("demand", "VERB", (), (), "100"),
        ("reject", "VERB", (), (), "120"),
        ("veto", "VERB", (), (), "129"),
        ("threaten", "VERB", (), (), "130"),
        ("warn", "VERB", (), (), "130"),
        ("protest", "VERB", (), (), "141"),
        ("cut", "VERB", (), ("tie",), "161"),
        ("expel", "VERB", (), ("diplomat",), "161"),
        ("arrest", "VERB", (), (), "173"),
        ("deport", "VERB", (), (), "174"),
        ("attack", "VERB", (), (), "190"),
        ("shell", "VERB", (), (), "194"),
        ("launch", "VERB", (), ("attack",), "190"),
        ("visit", "NOUN", (), (), "042"),
        ("talk", "NOUN", (), (), "040"),
        ("call", "NOUN", (), (), "041"),
        ("sanction", "NOUN", (), (), "163"),
        ("invasion", "NOUN", (), (), "190"),
        ("strike", "NOUN", (), ("air",), "195"),
        ("strike", "NOUN", (), ("hunger",), "142"),
        ("agreement", "NOUN", (), (), "057"),
    ],
)
def test_lookups(
    lemma: str, pos: str, particles: tuple[str, ...], context: tuple[str, ...], code: str
) -> None:
    trigger = load_lexicon().match(lemma, pos, particles=particles, context=context)
    assert trigger is not None, (lemma, pos)
    assert trigger.code == code, trigger


@pytest.mark.parametrize(
    ("lemma", "context", "code"),
    [
        ("force", ("way",), None),  # "forced their way in": no coercion
        ("force", (), "170"),
        ("dominate", (), None),  # a standing, not an attack
        ("pass", ("sentence",), "173"),
        ("pass", (), None),
        ("trade", ("fire",), "190"),  # fighting, not commerce
        ("trade", (), "061"),
        ("claim", ("attack",), "190"),  # claiming an attack tells of one's own attack
        ("issue", ("warrant",), "173"),
        ("issue", (), None),
        ("order", ("closure",), "172"),  # "ordered the closure of the embassy"
    ],
)
def test_senses_that_are_another_act_or_none(lemma: str, context: tuple[str, ...], code: str | None) -> None:
    trigger = load_lexicon().match(lemma, "VERB", context=context)
    assert (trigger and trigger.code) == code


def test_candidates_are_most_specific_first() -> None:
    candidates = load_lexicon().candidates("impose", "VERB")
    assert candidates[0].needs and "sanction" in candidates[0].needs and candidates[0].code == "163"
    assert candidates[0].light
    plain = [index for index, trigger in enumerate(candidates) if not trigger.needs]
    with_needs = [index for index, trigger in enumerate(candidates) if trigger.needs]
    assert max(with_needs) < min(plain)
    assert all(trigger.particle == "down" for trigger in load_lexicon().candidates("sit", "VERB")[:1])
    assert load_lexicon().candidates("Meet", "VERB") == load_lexicon().candidates("meet", "VERB")
    assert load_lexicon().candidates("zzzz", "VERB") == ()


def test_particle_rows_need_their_particle() -> None:
    lexicon = load_lexicon()
    assert lexicon.match("sit", "VERB") is None
    crack = lexicon.match("crack", "VERB", particles=("down",))
    assert crack is not None and crack.code == "175"


def test_curated_rows_win() -> None:
    # PETRARCH codes a bare "talk" as a statement (010) and "negotiate" as yielding (080).
    assert load_lexicon().match("talk", "VERB").code == "040"  # type: ignore[union-attr]
    assert load_lexicon().match("negotiate", "VERB").code == "046"  # type: ignore[union-attr]
    assert all(trigger.code.startswith("11") for trigger in load_lexicon().candidates("slam", "VERB"))


def test_nouns_of_light() -> None:
    hold = load_lexicon().nouns_of_light("hold")
    assert hold and all(trigger.light and trigger.needs for trigger in hold)
    assert any("talk" in trigger.needs and trigger.code == "040" for trigger in hold)
    assert load_lexicon().nouns_of_light("criticize") == ()


def test_bad_code_names_file_and_line() -> None:
    text = "# comment\n" + HEADER + "meet\t-\tVERB\t-\tdobj\t0\t999\tbad\n"
    with pytest.raises(LexiconError, match=r"x\.tsv:3: code '999'"):
        parse_triggers(text, "x.tsv", load_codebook())


@pytest.mark.parametrize(
    "row",
    [
        "meet\t-\tADJ\t-\tdobj\t0\t040\tbad pos",
        "meet\t-\tVERB\t-\tnone,dobj\t0\t040\tnone not last",
        "meet\t-\tVERB\t-\tsubject\t0\t040\tunknown place",
        "meet\t-\tVERB\t-\tdobj\t2\t040\tbad light",
        "Meet\t-\tVERB\t-\tdobj\t0\t040\tupper case",
        "meet\t-\tVERB\t-\tdobj\t0\t040",
    ],
)
def test_malformed_rows_are_refused(row: str) -> None:
    with pytest.raises(LexiconError, match=r"x\.tsv:2"):
        parse_triggers(HEADER + row + "\n", "x.tsv", load_codebook())


def test_conflicting_rows_are_refused() -> None:
    text = HEADER + "slam\t-\tVERB\t-\tdobj\t0\t111\ta\nslam\t-\tVERB\t-\tdobj\t0\t112\tb\n"
    with pytest.raises(LexiconError, match="coded 112 here but 111 on line 2"):
        check_conflicts("x.tsv", parse_triggers(text, "x.tsv", load_codebook()))
    overlapping = HEADER + "send\t-\tVERB\taid|arm\tdobj\t0\t070\ta\nsend\t-\tVERB\tarm\tdobj\t0\t072\tb\n"
    with pytest.raises(LexiconError, match="needs 'arm'"):
        check_conflicts("x.tsv", parse_triggers(overlapping, "x.tsv", load_codebook()))


def test_accepts() -> None:
    trigger = Trigger("impose", None, "VERB", ("sanction", "embargo"), ("prep:on", "none"), True, "163")
    assert trigger.accepts(["new", "sanction"])
    assert not trigger.accepts(["tax"])
    assert Trigger("meet", None, "VERB", (), ("dobj",), False, "040").accepts([])


def test_loaded_once() -> None:
    assert load_lexicon() is load_lexicon()
    assert ("meet", "VERB") in load_lexicon()
