"""Repetitive English is English: a text is judged on its distinct sentences and words.

lingua reads each of these English sentences, repeated thirty times, as Tagalog, Catalan or
another language; without the short-text rule (which a repeated sentence used to escape by its
length) the article was skipped as not English.
"""

from __future__ import annotations

import pytest

from tidings.language import SAMPLE_CHARS, detect_language

REPEATED_ENGLISH = [
    "Duterte met Marcos in Manila on Monday.",  # Tagalog
    "The mayor of Manila.",  # Tagalog
    "Test text.",  # Tagalog
    "Testing, testing.",  # Tagalog
    "Sanchez met Puigdemont.",  # Catalan
    "A test sentence for the pipeline.",  # Portuguese
    "Officials met in the capital.",  # Latin
    "Sign up for our newsletter.",  # Italian
]


@pytest.mark.parametrize("sentence", REPEATED_ENGLISH)
@pytest.mark.parametrize("joiner", [" ", "\n", "\n\n"])
def test_a_repeated_english_sentence_is_english(sentence: str, joiner: str) -> None:
    assert detect_language(sentence).code == "en"  # as it always was, once
    assert detect_language(joiner.join([sentence] * 30)).code == "en"


@pytest.mark.parametrize("text", ["click here to subscribe " * 50, "war " * 300, "Read more. " * 400,
                                  "Duterte met Marcos in Manila on Monday " * 40])
def test_english_words_repeated_without_sentences_are_english(text: str) -> None:
    assert detect_language(text).code == "en"


def test_a_repeated_article_is_judged_as_the_article() -> None:
    article = ("Duterte met Marcos in Manila on Monday. The two leaders talked about the South China Sea. "
               "Officials said the meeting was friendly.")
    assert len(article * 60) > SAMPLE_CHARS
    assert detect_language(" ".join([article] * 60)).code == "en"


FOREIGN = [
    ("Ang mga mangingisda sa Bajo de Masinloc ay muling hinarang ng mga barko ng China noong Lunes, "
     "ayon sa Philippine Coast Guard.", "tl"),
    ("El Govern de la Generalitat ha anunciat aquest dimarts que convocarà eleccions anticipades al "
     "Parlament de Catalunya per al mes de maig.", "ca"),
    ("Der Außenminister traf sich am Freitag mit seinem Amtskollegen in Berlin.", "de"),
    ("Los presidentes se reunieron el viernes en Brasilia para discutir la cooperación regional.", "es"),
    ("Le Premier ministre a annoncé lundi un nouveau plan pour les hôpitaux du pays.", "fr"),
]


@pytest.mark.parametrize(("text", "code"), FOREIGN)
@pytest.mark.parametrize("times", [1, 30])
def test_other_languages_stay_other_languages_repeated_or_not(text: str, code: str, times: int) -> None:
    assert detect_language(" ".join([text] * times)).code == code


def test_a_long_foreign_article_is_still_foreign() -> None:
    paragraph = ("Los presidentes se reunieron el viernes en Brasilia para discutir la cooperación regional. "
                 "El ministro de Hacienda dijo que el acuerdo comercial se firmará antes de fin de año. "
                 "Los gobernadores de las provincias del norte pidieron más fondos para las carreteras. "
                 "La oposición criticó la reunión y exigió que el Congreso revise los tratados firmados. ")
    assert detect_language(paragraph * 20).code == "es"
