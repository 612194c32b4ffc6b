"""The quote attributor on hand-built Docs: each rule without the model."""

from __future__ import annotations

from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tests.quotes.made import event_at
from tidings.actors.extract import extract_actors
from tidings.quotes.cues import load_cues
from tidings.quotes.extract import extract_quotes, link_events
from tidings.records import Quote

KB = FakeKnowledge()

# '“We will never compromise on Taiwan,” said Liu Jianchao. “China wants peace.” Beijing
#  abandoned its “wolf-warrior” diplomacy.'
NEVER = build(
    [("“", False, 9, "punct", "PUNCT", "``"), ("We", True, 4, "nsubj", "PRON", "PRP"),
     ("will", True, 4, "aux", "AUX", "MD"), ("never", True, 4, "neg", "ADV", "RB"),
     ("compromise", True, 9, "ccomp", "VERB", "VB"), ("on", True, 4, "prep", "ADP", "IN"),
     ("Taiwan", False, 5, "pobj", "PROPN", "NNP"), (",", False, 9, "punct", "PUNCT", ","),
     ("”", True, 9, "punct", "PUNCT", "''"), ("said", True, 9, "ROOT", "VERB", "VBD"),
     ("Liu", True, 11, "compound", "PROPN", "NNP"), ("Jianchao", False, 9, "nsubj", "PROPN", "NNP"),
     (".", True, 9, "punct", "PUNCT", "."), ("“", False, 15, "punct", "PUNCT", "``"),
     ("China", True, 15, "nsubj", "PROPN", "NNP"), ("wants", True, 15, "ROOT", "VERB", "VBZ"),
     ("peace", False, 15, "dobj", "NOUN", "NN"), (".", False, 15, "punct", "PUNCT", "."),
     ("”", True, 15, "punct", "PUNCT", "''"), ("Beijing", True, 20, "nsubj", "PROPN", "NNP"),
     ("abandoned", True, 20, "ROOT", "VERB", "VBD"), ("its", True, 27, "poss", "PRON", "PRP$"),
     ("“", False, 27, "punct", "PUNCT", "``"), ("wolf", False, 25, "nmod", "NOUN", "NN"),
     ("-", False, 25, "punct", "PUNCT", "HYPH"), ("warrior", False, 27, "nmod", "NOUN", "NN"),
     ("”", True, 27, "punct", "PUNCT", "''"), ("diplomacy", False, 20, "dobj", "NOUN", "NN"),
     (".", False, 20, "punct", "PUNCT", ".")],
    [(6, 7, "GPE"), (10, 12, "PERSON"), (14, 15, "GPE"), (19, 20, "GPE")],
    [0, 13, 19],
    lemmas={"said": "say", "wants": "want", "abandoned": "abandon"},
)

# 'Blinken told Kamikawa that the alliance is “truly the cornerstone of peace,” according to a
#  State Department transcript.'
TOLD = build(
    [("Blinken", True, 1, "nsubj", "PROPN", "NNP"), ("told", True, 1, "ROOT", "VERB", "VBD"),
     ("Kamikawa", True, 1, "dobj", "PROPN", "NNP"), ("that", True, 6, "mark", "SCONJ", "IN"),
     ("the", True, 5, "det", "DET", "DT"), ("alliance", True, 6, "nsubj", "NOUN", "NN"),
     ("is", True, 1, "ccomp", "AUX", "VBZ"), ("“", False, 6, "punct", "PUNCT", "``"),
     ("truly", True, 6, "advmod", "ADV", "RB"), ("the", True, 10, "det", "DET", "DT"),
     ("cornerstone", True, 6, "attr", "NOUN", "NN"), ("of", True, 10, "prep", "ADP", "IN"),
     ("peace", False, 11, "pobj", "NOUN", "NN"), (",", False, 6, "punct", "PUNCT", ","),
     ("”", True, 6, "punct", "PUNCT", "''"), ("according", True, 6, "prep", "VERB", "VBG"),
     ("to", True, 15, "prep", "ADP", "IN"), ("a", True, 20, "det", "DET", "DT"),
     ("State", True, 19, "compound", "PROPN", "NNP"), ("Department", True, 20, "compound", "PROPN", "NNP"),
     ("transcript", False, 16, "pobj", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE"), (18, 20, "ORG")],
    [0],
    lemmas={"told": "tell", "is": "be", "according": "accord"},
)


def quotes_of(doc: Any) -> tuple[list[Quote], dict[str, str]]:
    actors = extract_actors(doc, KB).actors
    return list(extract_quotes(doc, actors, cues=load_cues())), {a.id: a.name for a in actors}


def test_an_inverted_attribution_names_the_speaker() -> None:
    quotes, names = quotes_of(NEVER)
    first = quotes[0]
    assert (first.kind, first.text, first.cue) == (
        "direct", "We will never compromise on Taiwan,", "said")
    assert names[first.speaker] == "Liu Jianchao"
    assert first.speaker_span is not None
    assert NEVER.text[first.speaker_span[0] : first.speaker_span[1]] == "Liu Jianchao"


def test_a_quote_with_no_verb_of_its_own_continues_the_speaker_before() -> None:
    quotes, names = quotes_of(NEVER)
    second = quotes[1]
    assert second.text == "China wants peace." and second.cue is None
    assert names[second.speaker] == "Liu Jianchao"


def test_scare_quotes_are_not_quotes() -> None:
    quotes, _ = quotes_of(NEVER)
    assert all("wolf" not in q.text for q in quotes)
    assert len(quotes) == 2


def test_quoted_words_inside_a_reported_statement_make_a_mixed_quote() -> None:
    (quote,), names = quotes_of(TOLD)
    assert quote.kind == "mixed"
    assert quote.text.startswith("that the alliance is truly the cornerstone of peace")
    assert names[quote.speaker] == "Antony Blinken" and names[quote.addressee] == "Yoko Kamikawa"
    assert quote.via == "a State Department transcript"


def test_events_inside_a_quote_carry_its_id() -> None:
    quotes, _ = quotes_of(NEVER)
    inside = event_at("e1", (quotes[0].span[0] + 3, quotes[0].span[0] + 8))
    outside = event_at("e2", (len(NEVER.text) - 5, len(NEVER.text) - 1))
    linked = link_events([inside, outside], quotes)
    assert [e.quote for e in linked] == [quotes[0].id, None]
    assert linked[1] == outside and inside.quote is None  # new records; the ones given are unchanged
