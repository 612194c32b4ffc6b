"""Who said it, on hand-built Docs: speakers named a paragraph before, by a title, by surname, by
the statement or channel that carried the words, by "according to", and never an actor merely
mentioned. The sentences are made up for these tests; the parses are written out by hand."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from tests.actors.handmade import Word, build
from tests.quotes.test_rules import quotes_of
from tidings.actors.extract import extract_actors
from tidings.actors.knowledge import load_knowledge
from tidings.quotes.cues import load_cues
from tidings.quotes.extract import extract_quotes

NO_SPACE_BEFORE = {",", ".", "”", "’", ":", "'s"}


def parse(spec: str, ents: Sequence[tuple[int, int, str]] = (), lemmas: dict[str, str] | None = None) -> Doc:
    """A Doc from "word/head/dep/POS" items separated by spaces ("|" for a paragraph break, which
    also starts a sentence; "/" inside a word is not allowed). Heads are token indices."""
    words: list[Word] = []
    sents = [0]
    items = spec.split()
    for n, item in enumerate(items):
        if item == "|":
            words.append(("\n\n", False, len(words) - 1, "dep", "SPACE", "_SP"))
            sents.append(len(words))
            continue
        text, head, dep, pos = item.split("/")
        following = items[n + 1].split("/")[0] if n + 1 < len(items) else ""
        space = text not in ("“", "‘") and following not in NO_SPACE_BEFORE and following != "|"
        words.append((text, space, int(head), dep, pos, "XX"))
        if text == "." and following not in ("", "|", "”"):
            sents.append(len(words))
    return build(words, ents, sents, lemmas)


SAID = {"said": "say", "added": "add", "stressed": "stress", "issued": "issue", "according": "accord",
        "failed": "fail", "will": "will", "gave": "give"}


def test_a_quote_with_no_cue_takes_the_speaker_of_the_paragraph_before() -> None:
    # 'Maria Ruiz said the talks failed.\n\n“We will try again next week.”'
    doc = parse("Maria/1/compound/PROPN Ruiz/2/nsubj/PROPN said/2/ROOT/VERB the/4/det/DET "
                "talks/5/nsubj/NOUN failed/2/ccomp/VERB ./2/punct/PUNCT | "
                "“/11/punct/PUNCT We/11/nsubj/PRON will/11/aux/AUX try/11/ROOT/VERB "
                "again/11/advmod/ADV ./11/punct/PUNCT ”/11/punct/PUNCT", [(0, 2, "PERSON")], SAID)
    quotes, names = quotes_of(doc)
    direct = next(q for q in quotes if q.kind == "direct")
    assert direct.text.startswith("We will try again") and names[direct.speaker] == "Maria Ruiz"


def test_a_clause_before_its_verb_is_an_indirect_quote() -> None:
    # 'The talks failed, Maria Ruiz said.'
    doc = parse("The/1/det/DET talks/2/nsubj/NOUN failed/6/ccomp/VERB ,/6/punct/PUNCT "
                "Maria/5/compound/PROPN Ruiz/6/nsubj/PROPN said/6/ROOT/VERB ./6/punct/PUNCT",
                [(4, 6, "PERSON")], SAID)
    (quote,), names = quotes_of(doc)
    assert (quote.kind, quote.text) == ("indirect", "The talks failed")
    assert names[quote.speaker] == "Maria Ruiz"


def test_a_statement_is_spoken_by_whoever_issued_it() -> None:
    # 'A statement issued by Japan said the talks failed.'
    doc = parse("A/1/det/DET statement/5/nsubj/NOUN issued/1/acl/VERB by/2/agent/ADP "
                "Japan/3/pobj/PROPN said/5/ROOT/VERB the/7/det/DET talks/8/nsubj/NOUN "
                "failed/5/ccomp/VERB ./5/punct/PUNCT", [(4, 5, "GPE")], SAID)
    (quote,), names = quotes_of(doc)
    assert names[quote.speaker] == "Japan"


def test_according_to_names_the_speaker_of_a_quote_with_no_verb() -> None:
    # '“The talks failed,” according to Japan.'
    doc = parse("“/3/punct/PUNCT The/2/det/DET talks/3/nsubj/NOUN failed/3/ROOT/VERB ,/3/punct/PUNCT "
                "”/3/punct/PUNCT according/3/prep/VERB to/6/prep/ADP Japan/7/pobj/PROPN ./3/punct/PUNCT",
                [(8, 9, "GPE")], SAID)
    (quote,), names = quotes_of(doc)
    assert quote.cue == "according" and names[quote.speaker] == "Japan"


def test_a_title_before_the_name_leaves_the_name_as_speaker() -> None:
    # 'Special Envoy to Japan Maria Ruiz stressed that “the talks failed.”' parsed with two
    # subjects, the title's and the name's
    doc = parse("Special/1/compound/PROPN Envoy/6/nsubj/PROPN to/1/prep/ADP Japan/2/pobj/PROPN "
                "Maria/5/compound/PROPN Ruiz/6/nsubj/PROPN stressed/6/ROOT/VERB "
                "that/11/mark/SCONJ “/11/punct/PUNCT the/10/det/DET talks/11/nsubj/NOUN "
                "failed/6/ccomp/VERB ./11/punct/PUNCT ”/11/punct/PUNCT",
                [(3, 4, "GPE"), (4, 6, "PERSON")], SAID)
    quotes, names = quotes_of(doc)
    assert quotes and all(names[q.speaker] == "Maria Ruiz" for q in quotes)


def test_it_does_not_carry_a_person() -> None:
    # '“We will try again,” Maria Ruiz said. Japan was silent. “The talks failed,” it added.'
    doc = parse("“/3/punct/PUNCT We/3/nsubj/PRON will/3/aux/AUX try/9/ccomp/VERB again/3/advmod/ADV "
                ",/3/punct/PUNCT ”/9/punct/PUNCT Maria/8/compound/PROPN Ruiz/9/nsubj/PROPN "
                "said/9/ROOT/VERB ./9/punct/PUNCT Japan/12/nsubj/PROPN was/12/ROOT/AUX "
                "silent/12/acomp/ADJ ./12/punct/PUNCT “/18/punct/PUNCT The/17/det/DET "
                "talks/18/nsubj/NOUN failed/22/ccomp/VERB ,/18/punct/PUNCT ”/22/punct/PUNCT "
                "it/22/nsubj/PRON added/22/ROOT/VERB ./22/punct/PUNCT",
                [(7, 9, "PERSON"), (11, 12, "GPE")], SAID)
    quotes, names = quotes_of(doc)
    last = next(q for q in quotes if q.text.startswith("The talks"))
    # "it" may be Japan, the subject before it (coreference decides), never the person.
    assert last.speaker is None or names[last.speaker] != "Maria Ruiz"


def test_a_surname_alone_names_the_person_named_in_full_before() -> None:
    # 'Maria Ruiz said the talks failed. “We will try again,” Ruiz added.' (the parser saw no
    # entity in the second "Ruiz")
    doc = parse("Maria/1/compound/PROPN Ruiz/2/nsubj/PROPN said/2/ROOT/VERB the/4/det/DET "
                "talks/5/nsubj/NOUN failed/2/ccomp/VERB ./2/punct/PUNCT “/10/punct/PUNCT "
                "We/10/nsubj/PRON will/10/aux/AUX try/15/ccomp/VERB again/10/advmod/ADV "
                ",/10/punct/PUNCT ”/15/punct/PUNCT Ruiz/15/nsubj/PROPN added/15/ROOT/VERB "
                "./15/punct/PUNCT", [(0, 2, "PERSON")], SAID)
    quotes, names = quotes_of(doc)
    direct = next(q for q in quotes if q.kind == "direct")
    assert names[direct.speaker] == "Maria Ruiz"


def test_he_in_a_clause_under_a_named_subject_is_that_subject() -> None:
    # 'Maria Ruiz gave a speech in which she said the talks failed.'
    doc = parse("Maria/1/compound/PROPN Ruiz/2/nsubj/PROPN gave/2/ROOT/VERB a/4/det/DET "
                "speech/2/dobj/NOUN in/8/prep/ADP which/5/pobj/PRON she/8/nsubj/PRON "
                "said/4/relcl/VERB the/10/det/DET talks/11/nsubj/NOUN failed/8/ccomp/VERB "
                "./2/punct/PUNCT", [(0, 2, "PERSON")], SAID)
    (quote,), names = quotes_of(doc)
    assert quote.text == "the talks failed" and names[quote.speaker] == "Maria Ruiz"


def test_single_quotation_marks_quote_in_a_text_without_double_ones() -> None:
    # "‘The talks failed,’ said Maria Ruiz."
    doc = parse("‘/3/punct/PUNCT The/2/det/DET talks/3/nsubj/NOUN failed/6/ccomp/VERB ,/3/punct/PUNCT "
                "’/6/punct/PUNCT said/6/ROOT/VERB Maria/8/compound/PROPN Ruiz/6/nsubj/PROPN ./6/punct/PUNCT",
                [(7, 9, "PERSON")], SAID)
    (quote,), names = quotes_of(doc)
    assert (quote.kind, quote.text) == ("direct", "The talks failed,")
    assert names[quote.speaker] == "Maria Ruiz"


def test_a_word_dismissed_as_quoted_is_a_quote_not_a_label() -> None:
    # 'Japan dismissed the claims as “absurd”.' ("absurd" hangs off "as", not off a noun)
    doc = parse("Japan/1/nsubj/PROPN dismissed/1/ROOT/VERB the/3/det/DET claims/1/dobj/NOUN "
                "as/3/prep/ADP “/6/punct/PUNCT absurd/4/amod/ADJ ”/4/punct/PUNCT ./1/punct/PUNCT",
                [(0, 1, "GPE")], {"dismissed": "dismiss"})
    (quote,), names = quotes_of(doc)
    assert quote.kind == "mixed" and "absurd" in quote.text and names[quote.speaker] == "Japan"


def test_two_quoted_pieces_of_one_statement_are_one_quote() -> None:
    # 'Maria Ruiz said the talks were “a farce” and “a waste”.'
    doc = parse("Maria/1/compound/PROPN Ruiz/2/nsubj/PROPN said/2/ROOT/VERB the/4/det/DET "
                "talks/5/nsubj/NOUN were/2/ccomp/AUX “/8/punct/PUNCT a/8/det/DET farce/5/attr/NOUN "
                "”/8/punct/PUNCT and/8/cc/CCONJ “/13/punct/PUNCT a/13/det/DET waste/8/conj/NOUN "
                "”/13/punct/PUNCT ./2/punct/PUNCT", [(0, 2, "PERSON")], {"said": "say", "were": "be"})
    (quote,), names = quotes_of(doc)
    assert quote.kind == "mixed" and "farce" in quote.text and "waste" in quote.text
    assert names[quote.speaker] == "Maria Ruiz"


def test_a_quote_with_no_cue_after_a_sentence_about_a_person_is_theirs() -> None:
    # 'Maria Ruiz lost her house.\n\n“We have nothing left.”'
    doc = parse("Maria/1/compound/PROPN Ruiz/2/nsubj/PROPN lost/2/ROOT/VERB her/4/poss/PRON "
                "house/2/dobj/NOUN ./2/punct/PUNCT | “/9/punct/PUNCT We/9/nsubj/PRON have/9/ROOT/VERB "
                "nothing/9/dobj/PRON left/10/acl/VERB ./9/punct/PUNCT ”/9/punct/PUNCT",
                [(0, 2, "PERSON")], {"lost": "lose", "have": "have"})
    (quote,), names = quotes_of(doc)
    assert quote.text.startswith("We have nothing") and names[quote.speaker] == "Maria Ruiz"


def test_a_spokesman_for_a_body_is_the_body_speaking() -> None:
    # 'A spokesman for Japan said the talks failed.'
    doc = parse("A/1/det/DET spokesman/4/nsubj/NOUN for/1/prep/ADP Japan/2/pobj/PROPN said/4/ROOT/VERB "
                "the/6/det/DET talks/7/nsubj/NOUN failed/4/ccomp/VERB ./4/punct/PUNCT", [(3, 4, "GPE")], SAID)
    (quote,), names = quotes_of(doc)
    assert names[quote.speaker] == "Japan"


def test_a_sentence_that_says_nothing_itself_introduces_the_quote_after_it() -> None:
    # 'Maria Ruiz spoke to Japan on Monday. “The talks failed.” Japan was silent.'
    doc = parse("Maria/1/compound/PROPN Ruiz/2/nsubj/PROPN spoke/2/ROOT/VERB to/2/prep/ADP "
                "Japan/3/pobj/PROPN on/2/prep/ADP Monday/5/pobj/PROPN ./2/punct/PUNCT "
                "“/11/punct/PUNCT The/10/det/DET talks/11/nsubj/NOUN failed/11/ROOT/VERB "
                "./11/punct/PUNCT ”/11/punct/PUNCT",
                [(0, 2, "PERSON"), (4, 5, "GPE"), (6, 7, "DATE")], {"spoke": "speak", "failed": "fail"})
    (quote,), names = quotes_of(doc)
    assert quote.cue == "spoke" and names[quote.speaker] == "Maria Ruiz"


def test_a_nameless_source_of_a_body_is_a_speaker_of_that_body() -> None:
    # 'A military source said the road was cut.' (no name behind the speaker)
    doc = parse("A/2/det/DET military/2/amod/ADJ source/3/nsubj/NOUN said/3/ROOT/VERB the/5/det/DET "
                "road/7/nsubjpass/NOUN was/7/auxpass/AUX cut/3/ccomp/VERB ./3/punct/PUNCT", [], SAID)
    actors = extract_actors(doc, load_knowledge()).actors
    (quote,) = extract_quotes(doc, actors, cues=load_cues())
    names = {actor.id: (actor.name, actor.sector) for actor in actors}
    assert quote.speaker is not None and names[quote.speaker] == ("A military source", "MIL")
