"""The name an actor is listed under, on hand-built Docs."""

from __future__ import annotations

from tests.actors.handmade import build
from tests.actors.test_rules import actors_of

# "The Chinese riot police said they would hold the pass." (written for this test)
FORCES = build(
    [("The", True, 3, "det", "DET", "DT"), ("Chinese", True, 3, "amod", "ADJ", "JJ"),
     ("riot", True, 3, "compound", "NOUN", "NN"), ("police", True, 4, "nsubj", "NOUN", "NNS"),
     ("said", True, 4, "ROOT", "VERB", "VBD"), ("they", True, 7, "nsubj", "PRON", "PRP"),
     ("would", True, 7, "aux", "AUX", "MD"), ("hold", True, 4, "ccomp", "VERB", "VB"),
     ("the", True, 9, "det", "DET", "DT"), ("pass", False, 7, "dobj", "NOUN", "NN"),
     (".", False, 4, "punct", "PUNCT", ".")],
    [(1, 2, "NORP")],
    [0],
)


def test_a_bodys_name_drops_the_article_the_sentence_gave_it() -> None:
    actors = actors_of(FORCES)
    police = next(actor for actor in actors.values() if "police" in actor.name)
    assert police.name == "Chinese riot police", sorted(actors)
    assert (police.country, police.sector) == ("CHN", "COP")
