"""Dating events on hand-built Docs: which time expression dates a trigger, and where the story
stands in time from one sentence to the next. The sentences are made up; their parses were
written out once from the English pipeline and frozen (tests/actors/handmade.py)."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span

from tests.actors.handmade import build
from tidings.events.dating import sentence_times, story_time, time_for
from tidings.events.lexicon import Trigger
from tidings.events.triggers import Match
from tidings.timex import TimeRef

PUBLISHED = date(2024, 1, 12)  # a Friday
MONDAY = TimeRef("2024-01-08", "day", "on Monday", 0, 9)

# "Officials said on Monday that troops had entered the town."
TOLD_ON_MONDAY = build([
    ("Officials", True, 1, "nsubj", "NOUN", "NNS"), ("said", True, 1, "ROOT", "VERB", "VBD"),
    ("on", True, 1, "prep", "ADP", "IN"), ("Monday", True, 2, "pobj", "PROPN", "NNP"),
    ("that", True, 7, "mark", "SCONJ", "IN"), ("troops", True, 7, "nsubj", "NOUN", "NNS"),
    ("had", True, 7, "aux", "AUX", "VBD"), ("entered", True, 1, "ccomp", "VERB", "VBN"),
    ("the", True, 9, "det", "DET", "DT"), ("town", False, 7, "dobj", "NOUN", "NN"),
    (".", False, 1, "punct", "PUNCT", "."),
], [(3, 4, "DATE")], [0], lemmas={"said": "say", "had": "have", "entered": "enter"})

# "They had signed the accord on Sunday."
LOOKING_BACK = build([
    ("They", True, 2, "nsubj", "PRON", "PRP"), ("had", True, 2, "aux", "AUX", "VBD"),
    ("signed", True, 2, "ROOT", "VERB", "VBN"), ("the", True, 4, "det", "DET", "DT"),
    ("accord", True, 2, "dobj", "NOUN", "NN"), ("on", True, 2, "prep", "ADP", "IN"),
    ("Sunday", False, 5, "pobj", "PROPN", "NNP"), (".", False, 2, "punct", "PUNCT", "."),
], [(6, 7, "DATE")], [0], lemmas={"had": "have", "signed": "sign"})

# "The army struck the camp on Friday."
STRUCK = build([
    ("The", True, 1, "det", "DET", "DT"), ("army", True, 2, "nsubj", "NOUN", "NN"),
    ("struck", True, 2, "ROOT", "VERB", "VBD"), ("the", True, 4, "det", "DET", "DT"),
    ("camp", True, 2, "dobj", "NOUN", "NN"), ("on", True, 2, "prep", "ADP", "IN"),
    ("Friday", False, 5, "pobj", "PROPN", "NNP"), (".", False, 2, "punct", "PUNCT", "."),
], [(6, 7, "DATE")], [0], lemmas={"struck": "strike"})

# "A day earlier, rebels attacked the base."
DAY_EARLIER = build([
    ("A", True, 1, "det", "DET", "DT"), ("day", True, 2, "npadvmod", "NOUN", "NN"),
    ("earlier", False, 5, "advmod", "ADV", "RBR"), (",", True, 5, "punct", "PUNCT", ","),
    ("rebels", True, 5, "nsubj", "NOUN", "NNS"), ("attacked", True, 5, "ROOT", "VERB", "VBD"),
    ("the", True, 7, "det", "DET", "DT"), ("base", False, 5, "dobj", "NOUN", "NN"),
    (".", False, 5, "punct", "PUNCT", "."),
], [(0, 3, "DATE")], [0], lemmas={"attacked": "attack"})

# "Rebels captured the town in March."
CAPTURED = build([
    ("Rebels", True, 1, "nsubj", "NOUN", "NNS"), ("captured", True, 1, "ROOT", "VERB", "VBD"),
    ("the", True, 3, "det", "DET", "DT"), ("town", True, 1, "dobj", "NOUN", "NN"),
    ("in", True, 1, "prep", "ADP", "IN"), ("March", False, 4, "pobj", "PROPN", "NNP"),
    (".", False, 1, "punct", "PUNCT", "."),
], [(5, 6, "DATE")], [0], lemmas={"captured": "capture"})

# "The army will leave the town in March."
WILL_LEAVE = build([
    ("The", True, 1, "det", "DET", "DT"), ("army", True, 3, "nsubj", "NOUN", "NN"),
    ("will", True, 3, "aux", "AUX", "MD"), ("leave", True, 3, "ROOT", "VERB", "VB"),
    ("the", True, 5, "det", "DET", "DT"), ("town", True, 3, "dobj", "NOUN", "NN"),
    ("in", True, 3, "prep", "ADP", "IN"), ("March", False, 6, "pobj", "PROPN", "NNP"),
    (".", False, 3, "punct", "PUNCT", "."),
], [(7, 8, "DATE")], [0])

# "Home | 12 January 2024"  (a date line the page prints: no verb)
DATE_LINE = build([
    ("Home", True, 0, "ROOT", "NOUN", "NN"), ("|", True, 0, "punct", "PUNCT", "NFP"),
    ("12", True, 3, "nummod", "NUM", "CD"), ("January", True, 0, "appos", "PROPN", "NNP"),
    ("2024", False, 3, "nummod", "NUM", "CD"),
], [(2, 5, "DATE")], [0])


def _sentence(doc: Doc) -> Span:
    return next(iter(doc.sents))


def _match(doc: Doc, word: str) -> Match:
    token = next(t for t in doc if t.text == word)
    trigger = Trigger(token.lemma_, None, "VERB", (), ("dobj",), False, "190")
    return Match(trigger, token, (token,), token)


def test_a_time_on_the_telling_dates_what_was_told() -> None:
    sent = _sentence(TOLD_ON_MONDAY)
    times = sentence_times(sent, PUBLISHED, None)
    when = time_for(_match(TOLD_ON_MONDAY, "entered"), sent, times, PUBLISHED)
    assert when is not None and when.date == "2024-01-08"


def test_a_past_perfect_clause_does_not_move_the_story() -> None:
    sent = _sentence(LOOKING_BACK)
    times = sentence_times(sent, PUBLISHED, MONDAY)
    assert [t.date for t in times] == ["2024-01-07"]
    assert story_time(sent, times, PUBLISHED, MONDAY) == MONDAY


def test_a_day_named_in_the_story_moves_it() -> None:
    sent = _sentence(STRUCK)
    times = sentence_times(sent, PUBLISHED, MONDAY)
    assert story_time(sent, times, PUBLISHED, MONDAY) == times[0]


def test_a_day_earlier_counts_from_the_storys_day() -> None:
    sent = _sentence(DAY_EARLIER)
    assert [t.date for t in sentence_times(sent, PUBLISHED, MONDAY)] == ["2024-01-07"]
    assert [t.date for t in sentence_times(sent, PUBLISHED, None)] == ["2024-01-11"]


def test_a_date_line_without_a_verb_is_not_the_storys_day() -> None:
    sent = _sentence(DATE_LINE)
    times = sentence_times(sent, PUBLISHED, MONDAY)
    assert times and story_time(sent, times, PUBLISHED, MONDAY) == MONDAY


def test_a_month_told_in_the_past_tense_is_the_last_one() -> None:
    october = date(2024, 10, 15)  # March 2025 is nearer, but "captured" is done
    sent = _sentence(CAPTURED)
    when = time_for(_match(CAPTURED, "captured"), sent, sentence_times(sent, october, None), october)
    assert when is not None and when.date == "2024-03"
    sent = _sentence(WILL_LEAVE)
    when = time_for(_match(WILL_LEAVE, "leave"), sent, sentence_times(sent, october, None), october)
    assert when is not None and when.date == "2025-03"
