from __future__ import annotations

import pytest

from tidings.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The foreign minister met his counterpart on Friday to discuss the alliance and trade.", "en"),
        ("Los presidentes se reunieron el viernes en Brasilia para discutir la cooperación regional.", "es"),
        ("O presidente do Brasil se reuniu com o ministro das relações exteriores nesta sexta-feira.", "pt"),
        ("Der Außenminister traf sich am Freitag mit seinem Amtskollegen in Berlin.", "de"),
    ],
)
def test_detects_the_language_of_a_sentence(text: str, code: str) -> None:
    assert detect_language(text).code == code


def test_text_without_letters_has_no_language() -> None:
    detected = detect_language("12 345 -- 678 !!")
    assert detected.code is None and detected.confidence == 0.0


def test_a_short_english_sentence_with_a_foreign_name_is_english() -> None:
    assert detect_language("Riigikogu said on Monday that talks would continue.").code == "en"
    assert detect_language("Le Riigikogu a dit lundi que les discussions se poursuivraient.").code == "fr"


NAMES = "Antony Blinken met Yoko Kamikawa in Tokyo on Friday to discuss the alliance."


@pytest.mark.parametrize("text", [NAMES, "Biden met Xi."])
def test_a_short_sentence_of_names_is_not_refused(text):
    assert detect_language(text).code == "en"


@pytest.mark.parametrize(("text", "code"), [("Putin trifft Xi in Peking.", "de"),
                                            ("Hoy el presidente viajó a Madrid.", "es")])
def test_a_short_sentence_in_another_language_is_still_recognised(text, code):
    assert detect_language(text).code == code


@pytest.mark.parametrize("text", ["Uruguay has offered fresh loans to Paraguay.",
                                  "Fiji police arrested Sitiveni Rabuka in Suva on Monday."])
def test_names_do_not_outvote_the_english_words_of_a_short_sentence(text):
    # lingua reads the names; the lower-case words ("has offered fresh loans to") are English
    assert detect_language(text).code == "en"


@pytest.mark.parametrize(("text", "code"), [
    ("Le gouvernement a annoncé des sanctions contre Moscou.", "fr"),
    ("Il ministro ha incontrato il presidente a Roma.", "it"),
    ("Die Regierung hat neue Sanktionen gegen Russland verhängt.", "de"),
])
def test_a_short_foreign_sentence_stays_foreign_with_its_names_aside(text, code):
    assert detect_language(text).code == code
