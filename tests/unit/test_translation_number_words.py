"""The translation checks read number words by language, as the guard does: a word that is a
number in some languages only ("a", "an", "due", "sei", "Otto", "cent") is another word in the
others, and read as a number everywhere it let a headline's translation make a number up and a
sentence's translation lose one."""

from __future__ import annotations

import pytest

from parallax.domain.neutral_summary import (
    parse_sentence_translation_output,
    parse_translation_output,
)


def _answer(text: str) -> dict[str, object]:
    return {"translations": [{"id": 0, "text": text}]}


@pytest.mark.parametrize(
    ("headline", "translation", "language"),
    [
        # Portuguese and Spanish "a" is "to", English "an" is no number here, "due (to)" no 2
        ("Terremoto sacude a Chile", "Erdbeben: 1 Toter in Chile", "de"),
        ("An earthquake hits Chile", "Sismo: 1 muerto en Chile", "es"),
        ("Flights cancelled due to storm", "2 Flüge wegen Sturm gestrichen", "de"),
        ("Regierung: Es sei keine Krise", "Government: 6 ministers deny a crisis", "en"),
    ],
)
def test_a_headlines_word_that_is_a_number_only_elsewhere_supports_no_made_up_number(
    headline: str, translation: str, language: str
) -> None:
    # Before, every number word counted in every headline: the made-up number was shown
    assert parse_translation_output(_answer(translation), [headline], language) == [None]


@pytest.mark.parametrize(
    ("headline", "translation"),
    [
        ("Two dead in Lyon tram crash", "2 Tote bei Tramunfall in Lyon"),
        ("Cinq pour cent de plus pour les retraites", "5 Prozent mehr für die Renten"),
        ("Tre morti a Roma", "Drei Tote in Rom"),
    ],
)
def test_a_headlines_number_words_of_every_language_still_support_its_translation(
    headline: str, translation: str
) -> None:
    assert parse_translation_output(_answer(translation), [headline], "de") == [translation]


@pytest.mark.parametrize(
    ("headline", "headline_language", "translation"),
    [
        ("Dos muertos en un accidente en Madrid", "es", "2 Tote bei Unfall in Madrid"),
        ("Ten killed in Lyon tram crash", "en", "10 Tote bei Tramunfall in Lyon"),
        ("Sept blessés à Lyon", "fr-FR", "7 Verletzte in Lyon"),
        ("Tre morti a Roma", "it", "3 Tote in Rom"),
    ],
)
def test_a_headlines_number_word_of_its_own_language_supports_its_translation_in_digits(
    headline: str, headline_language: str, translation: str
) -> None:
    # Given the headline's own language (the index tags every item with it)
    answer = _answer(translation)
    # Then its number words are read in that language: the faithful translation is kept
    assert parse_translation_output(answer, [headline], "de", [headline_language]) == [translation]
    # (without it, "dos", "ten", "sept", "tre" support nothing: the translation was refused)
    assert parse_translation_output(answer, [headline], "de") == [None]


@pytest.mark.parametrize(
    ("headline", "headline_language", "translation"),
    [
        ("Terremoto sacude a Chile", "es", "Erdbeben: 1 Toter in Chile"),
        ("Flights cancelled due to storm", "en", "2 Flüge wegen Sturm gestrichen"),
        ("Dos muertos en Madrid", "pt", "2 Tote in Madrid"),
        ("Dos muertos en Madrid", "", "2 Tote in Madrid"),
    ],
)
def test_a_headlines_own_language_lends_its_words_no_number_of_another_language(
    headline: str, headline_language: str, translation: str
) -> None:
    # Spanish "a" is "to", English "due" no 2; a headline tagged with another language (or
    # none) reads no word that is a number only elsewhere
    answer = _answer(translation)
    assert parse_translation_output(answer, [headline], "de", [headline_language]) == [None]


@pytest.mark.parametrize(
    ("sentence", "translation", "language"),
    [
        (
            "La partita è stata rinviata: 2 squadre erano bloccate dalla pioggia.",
            "The match was called off due to the rain.",
            "en",
        ),
        (
            "Otto Meyer gewann das Rennen mit 8 Sekunden Vorsprung.",
            "Otto Meyer won the race.",
            "en",
        ),
        ("Six policiers sont venus, 6 au total.", "Es sei gesagt, dass die Polizei kam.", "de"),
        ("La pièce de 100 cents a disparu.", "The cent coin is gone.", "en-GB"),
    ],
)
def test_a_sentences_translation_that_lost_a_number_is_refused_despite_a_foreign_number_word(
    sentence: str, translation: str, language: str
) -> None:
    # Before, the translation's "due", "Otto", "sei" or "cent" kept the lost number
    assert parse_sentence_translation_output(_answer(translation), [sentence], language) == [None]


@pytest.mark.parametrize(
    ("sentence", "translation", "language"),
    [
        ("Zwei Teams, 2 Tore.", "Due squadre, due gol.", "it"),
        ("Eight runners, 8 finished.", "Otto corridori, otto all'arrivo.", "it"),
        ("Elf Spieler, 11 Tore.", "Onze joueurs, onze buts.", "fr"),
    ],
)
def test_a_sentences_number_written_as_a_word_of_the_translations_language_is_kept(
    sentence: str, translation: str, language: str
) -> None:
    assert parse_sentence_translation_output(_answer(translation), [sentence], language) == [
        translation
    ]


def test_without_the_translations_language_its_number_words_count_in_every_language() -> None:
    # A caller that does not say the language is read as before
    translation = "The match was called off due to the rain."
    sentence = "La partita è stata rinviata: 2 squadre erano bloccate dalla pioggia."
    assert parse_sentence_translation_output(_answer(translation), [sentence]) == [translation]
