"""A word that is a number in some languages only is read as one in those languages only: "a" is
one in English ("a man", "a dozen"), a preposition in Spanish, Italian and Portuguese and a verb
in French, where as 1 it supported any "1" a summary made up."""

from __future__ import annotations

import pytest

from parallax.domain.numbers import number_values
from tests.unit.test_number_readings import _verdict


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Llegó a Madrid a las 3 de la tarde.", "es"),
        ("Il treno è arrivato a Roma alle 3.", "it"),
        ("O comboio chegou a Lisboa às 3 horas.", "pt-BR"),
        ("Le train a atteint Paris à 3 heures.", "fr"),
    ],
)
def test_a_is_no_number_in_romance_languages(text: str, language: str) -> None:
    values = number_values(text, language)
    assert "1" not in values and "3" in values


@pytest.mark.parametrize(
    ("text", "values"),
    [("a man was hurt", {"1"}), ("a dozen people", {"1", "12"}), ("A train at 3", {"1", "3"})],
)
def test_a_stays_one_in_english(text: str, values: set[str]) -> None:
    assert number_values(text, "en") == values
    assert number_values(text, "en-GB") == values


@pytest.mark.parametrize(
    ("text", "language", "one"),
    [
        ("Sie trafen sich um 3 an der Grenze.", "de", False),
        ("Il gagne 3 000 euros par an.", "fr", False),
        ("an hour late", "en", True),
        ("Chegou um comboio.", "pt", True),
    ],
)
def test_an_and_um_are_one_only_where_they_mean_one(text: str, language: str, one: bool) -> None:
    assert ("1" in number_values(text, language)) is one


def test_other_number_words_count_in_every_language() -> None:
    assert number_values("un homme et deux femmes", "fr") == {"1", "2"}
    assert number_values("uno a uno", "es") == {"1"}


def test_without_a_language_a_is_read_as_before() -> None:
    # The translation checks compare headlines whose language they are not told
    assert number_values("a las 3") == {"1", "3"}


@pytest.mark.parametrize(
    ("source", "bullet", "language"),
    [
        (
            "El tren llegó a Madrid a las 3 de la tarde con varios heridos.",
            "El tren llegó a Madrid a las 3 de la tarde con 1 herido.",
            "es",
        ),
        (
            "Le maire a annoncé la fermeture de la gare à 3 heures.",
            "Le maire a annoncé la fermeture de 1 gare à 3 heures.",
            "fr",
        ),
    ],
)
def test_a_bullets_made_up_one_is_not_supported_by_a_preposition(
    source: str, bullet: str, language: str
) -> None:
    assert _verdict(source, bullet, language=language, reader=language) == "unsupported_number"
