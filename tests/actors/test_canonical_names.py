"""The name an actor is listed under, on hand-built Docs."""

from __future__ import annotations

from tests.actors.handmade import build
from tests.actors.test_rules import actors_of
from tidings.actors.extract import extract_actors
from tidings.actors.knowledge import load_knowledge

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


# "Lawyer Maria Ruiz said the talks failed." (written for this test), the title inside the name
TITLED = build(
    [("Lawyer", True, 2, "compound", "PROPN", "NNP"), ("Maria", True, 2, "compound", "PROPN", "NNP"),
     ("Ruiz", True, 3, "nsubj", "PROPN", "NNP"), ("said", True, 3, "ROOT", "VERB", "VBD"),
     ("the", True, 5, "det", "DET", "DT"), ("talks", True, 6, "nsubj", "NOUN", "NNS"),
     ("failed", False, 3, "ccomp", "VERB", "VBD"), (".", False, 3, "punct", "PUNCT", ".")],
    [(0, 3, "PERSON")],
    [0],
)


def test_a_title_written_inside_a_persons_name_is_a_role_not_part_of_the_name() -> None:
    actors = {actor.name: actor for actor in extract_actors(TITLED, load_knowledge()).actors}
    person = next(actor for actor in actors.values() if "Ruiz" in actor.name)
    assert person.name == "Maria Ruiz", sorted(actors)
    assert "lawyer" in person.roles and person.sector == "JUD"
