"""An hour with the part of the day in words supports its time of day (session 20, walk10).

The model's English summary of a Greek article wrote "ships sail again on Thursday at 6 am" for
"την Πέμπτη στις 6 το πρωί" (6 in the morning); the guard read the Greek as a bare 6, the bullet's
"6 am" as 06:00, and dropped the point as unsupported_number. The same held for Spanish "de la
mañana", German "Uhr abends", French "h du soir", Turkish "sabah 6'da" and English "6 in the
morning"."""

# The test text is Greek, Turkish and Russian on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from parallax.domain.numbers import number_tokens, number_values


@pytest.mark.parametrize(
    ("source", "language", "bullet"),
    [
        ("Τα πλοία αναχωρούν την Πέμπτη στις 6 το πρωί.", "el", "at 6 am"),
        ("Η συγκέντρωση είναι στις 8 το βράδυ.", "el", "at 8 pm"),
        ("Η πτήση φεύγει στις 6.30 π.μ.", "el", "at 6:30 am"),
        ("La votación empieza a las 9 de la noche.", "es", "at 9 pm"),
        ("Die Sitzung beginnt um 8 Uhr abends.", "de", "at 8 pm"),
        ("Le train part à 8 h du soir.", "fr", "at 8 pm"),
        ("Seferler sabah 6'da başlayacak.", "tr", "at 6 am"),
        ("Toplantı akşam 7.30'da yapılacak.", "tr", "at 7:30 pm"),
        ("Митинг начнётся в 7 вечера.", "ru", "at 7 pm"),
        ("The shelters open at 6 in the morning.", "en", "at 6 am"),
    ],
)
def test_an_hour_with_the_part_of_the_day_supports_its_time(
    source: str, language: str, bullet: str
) -> None:
    [(_, wanted)] = number_tokens(bullet)
    assert wanted & number_values(source, language)


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        ("Τα πλοία αναχωρούν στις 6 το πρωί.", "at 6 pm"),
        ("Η συγκέντρωση είναι στις 8 το βράδυ.", "at 8 am"),
        ("Seferler sabah 6'da başlayacak.", "at 6 pm"),
        ("Losses reached 2020 in the morning session.", "at 8 pm"),
    ],
)
def test_the_other_half_of_the_day_is_still_unsupported(source: str, bullet: str) -> None:
    [(_, wanted)] = number_tokens(bullet)
    assert not wanted & number_values(source)


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        ("Забастовка продлится 3 дня.", "at 3 pm"),
        ("Через 2 дня спасатели нашли туристов.", "at 14:00"),
    ],
)
def test_a_russian_count_of_days_is_no_time_of_day(source: str, bullet: str) -> None:
    # attack18: "дня" is "of the day" in "3 часа дня" (3 pm) and "days" in "3 дня" (three days);
    # read as a time, "продлится 3 дня" supported an invented "at 3 pm" / "в 15:00".
    [(_, wanted)] = number_tokens(bullet)
    assert not wanted & number_values(source, "ru")


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        ("Встреча начнётся в 3 часа дня.", "at 3 pm"),
        ("Митинг начнётся в 7 часов вечера.", "at 7 pm"),
        ("Поезд отправится в 6 часов утра.", "at 6 am"),
    ],
)
def test_a_russian_hour_said_with_its_hour_word_supports_its_time(source: str, bullet: str) -> None:
    [(_, wanted)] = number_tokens(bullet)
    assert wanted & number_values(source, "ru")


# --- attack19 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "language", "bullet"),
    [
        ("The blast came at 2 at night.", "en", "at 2 am"),
        ("The blast came at 11 at night.", "en", "at 11 pm"),
        ("Die Explosion ereignete sich um 2 Uhr nachts.", "de", "at 2 am"),
        ("Взрыв произошёл в 2 часа ночи.", "ru", "at 2 am"),
        ("La explosión ocurrió a las 3 de la madrugada.", "es", "at 3 am"),
        ("L'explosion a eu lieu à 2 heures du matin.", "fr", "at 2 am"),
        ("The shops open at 12 noon.", "en", "at 12 pm"),
        ("The curfew starts at midnight.", "en", "at 12 am"),
        ("Die Ausgangssperre beginnt um Mitternacht.", "de", "at 00:00"),
    ],
)
def test_a_night_hour_noon_and_midnight_support_their_time(
    source: str, language: str, bullet: str
) -> None:
    # a faithful time was unsupported_number: the night read as after noon, madrugada and
    # "heures du matin" as no part of the day, noon and midnight as no time
    [(_, wanted)] = number_tokens(bullet)
    assert wanted & number_values(source, language)


@pytest.mark.parametrize(
    ("source", "language", "bullet"),
    [
        ("The blast came at 2 at night.", "en", "at 2 pm"),
        ("La explosión ocurrió a las 2 de la noche.", "es", "at 2 pm"),
        ("Die Sitzung beginnt um 8 Uhr abends.", "de", "at 8 am"),
        ("Le train part à 8 h du soir.", "fr", "at 8 am"),
        ("Der Zug fährt um 6 Uhr morgens.", "de", "at 6 pm"),
        ("The curfew starts at midnight.", "en", "at 12 pm"),
    ],
)
def test_the_wrong_half_of_the_day_does_not_pass(source: str, language: str, bullet: str) -> None:
    # "8 Uhr abends" supported 08:00 too (its clock word read the hour alone), "2 at night" 14:00
    [(_, wanted)] = number_tokens(bullet)
    assert not wanted & number_values(source, language)
