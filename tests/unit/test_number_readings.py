"""Numbers the guard reads in a bullet, a translation and their sentences (session 14): a score
written with a colon or a dash, "a.m." that is no "a", and the key the meaning checks compare a
number by."""

# ruff: noqa: RUF001 -- en dashes are the test data
from __future__ import annotations

import pytest

from parallax.domain.faithfulness import meaning_problem, number_order_problem
from parallax.domain.models import Article
from parallax.domain.neutral_summary import (
    DraftSummary,
    guard_summary,
    number_values,
    parse_sentence_translation_output,
)
from parallax.domain.numbers import interpretations, number_tokens
from tests.fakes import article_of

PAD = ["The second sentence is here.", "The third sentence is here."]


def _verdict(source: str, bullet: str, *, language: str = "en", reader: str = "en") -> str | None:
    """The guard's reason for dropping ``bullet`` (citing ``source``), or None if it is kept."""
    article: Article = article_of([source, *PAD], language=language)
    draft = DraftSummary.model_validate(
        {
            "headline": None,
            "bullets": [
                {"text": bullet, "sentence_ids": [0]},
                {"text": PAD[0], "sentence_ids": [1]},
                {"text": PAD[1], "sentence_ids": [2]},
            ],
        }
    )
    result = guard_summary(draft, article, reader)
    return next((d.reason for d in result.dropped if d.text == bullet), None)


# --- 1. a score with a colon is the same score with a dash -------------------------------------


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        # A German handball score in an English bullet: "23:19" was read as a time of day
        # only (23:19), so the bullet's "23" and "19" found no support
        ("Kiel besiegte Flensburg am Samstag 23:19.", "Kiel beat Flensburg 23-19 on Saturday."),
        ("Kiel beat Flensburg 23:19 on Saturday.", "Kiel beat Flensburg 23-19 on Saturday."),
        ("Kiel beat Flensburg 23:19 on Saturday.", "Kiel beat Flensburg 23–19 on Saturday."),
        ("Kiel beat Flensburg 23:19 on Saturday.", "Kiel beat Flensburg 23 – 19 on Saturday."),
        # and the other way round
        ("Kiel beat Flensburg 23-19 on Saturday.", "Kiel beat Flensburg 23:19 on Saturday."),
        # words after a score that are no am/pm or time zone: English "at", German "am", "ist"
        ("Kiel beat Flensburg 23:19 at home on Saturday.", "Kiel beat Flensburg 23-19 at home."),
        ("Kiel besiegte Flensburg 23:19 am Samstag.", "Kiel beat Flensburg 23-19 on Saturday."),
        ("Der Endstand 23:19 ist für Kiel ein Rekord.", "The final score of 23-19 is a record."),
    ],
)
def test_a_score_with_a_colon_may_be_written_with_a_dash(source: str, bullet: str) -> None:
    language = "de" if "Kiel beat" not in source else "en"
    assert _verdict(source, bullet, language=language) is None


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        # A time stays a time: its hour and minutes are no score, nor numbers of their own
        ("The match ended at 23:19 on Saturday.", "The match ended 23-19 on Saturday."),
        ("Das Spiel endete um 23:19 Uhr.", "The game ended 23-19."),
        ("The polls closed at 9:45 pm.", "The vote ended 9-45."),
        ("The train left 16.01.2020 17:02 from Ankara.", "The train left 17-02 from Ankara."),
        ("The service begins Friday 10:30 a. m. in the church.", "The service begins 10-30."),
        ("The game started 20:45 GMT in Leeds.", "The game started 20-45 in Leeds."),
        # A score supports itself, not its numbers alone nor the pair turned round
        ("Kiel beat Flensburg 23:19 on Saturday.", "Kiel beat Flensburg, 19 people were hurt."),
        ("Kiel beat Flensburg 23:19 on Saturday.", "Kiel beat Flensburg 19-23 on Saturday."),
    ],
)
def test_a_time_is_no_score_and_a_score_supports_only_itself(source: str, bullet: str) -> None:
    assert _verdict(source, bullet) == "unsupported_number"


def test_a_time_spelt_another_way_stays_faithful() -> None:
    assert (
        _verdict("Das Spiel endete um 23:19 Uhr.", "The game ended at 11:19 pm.", language="de")
        is None
    )
    assert _verdict("The match ended at 23:19.", "The match ended at 11:19 pm.") is None


def test_a_sentence_translation_may_respell_its_score() -> None:
    original = ["Kiel besiegte Flensburg am Samstag 23:19."]
    translation = "Kiel beat Flensburg 23-19 on Saturday."
    assert parse_sentence_translation_output(_answer(translation), original) == [translation]
    # the time in "um 23:19 Uhr" is no score: its translation must keep the time
    original = ["Das Spiel endete um 23:19 Uhr."]
    assert parse_sentence_translation_output(_answer("The game ended 23-19."), original) == [None]


def _answer(text: str) -> dict[str, object]:
    return {"translations": [{"id": 0, "text": text}]}


def test_the_score_a_number_token_carries() -> None:
    assert number_tokens("won 23:19") == [("23:19", frozenset({"23:19", "score:23-19"}))]
    assert number_tokens("won 23-19") == [
        ("23", frozenset({"23", "score:23-19"})),
        ("19", frozenset({"19", "score:23-19"})),
    ]
    assert number_tokens("at 23:19") == [("23:19", interpretations("23:19"))]
    assert number_tokens("from 2019-2020") == [("2019", {"2019"}), ("2020", {"2020"})]


# --- 2. "a.m." is no "a" ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["at 10 a.m.", "at 10 A.M. sharp", "son las 10 a. m.", "10 p.m."])
def test_a_meridiem_is_no_number_word(text: str) -> None:
    assert "1" not in number_values(text)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # as before: "a" and "an" are one, "a dozen" is one and twelve
        ("a man was hurt", {"1"}),
        ("a dozen people", {"1", "12"}),
        ("an hour at 9 a.m.", {"1", "09:00", "9"}),
    ],
)
def test_a_and_a_dozen_read_as_before(text: str, values: set[str]) -> None:
    assert number_values(text) == values


def test_a_bullets_one_is_not_supported_by_a_meridiem() -> None:
    source = "Voting began at 9 a.m. in the town hall."
    assert _verdict(source, "Voting began at 9 a.m. in 1 town hall.") == "unsupported_number"


# --- 3. one key for one time in any spelling -----------------------------------------------------


@pytest.mark.parametrize(
    ("bullet", "source"),
    [
        ("The meeting ran from 4 pm to 2 pm.", "Die Sitzung dauerte von 14 Uhr bis 16 Uhr."),
        (
            "Die Sitzung dauerte von 16 Uhr bis 14.00 Uhr.",
            "Die Sitzung dauerte von 14 Uhr bis 16.00 Uhr.",
        ),
    ],
)
def test_times_exchanged_across_spellings_are_a_number_order_problem(
    bullet: str, source: str
) -> None:
    # "14 Uhr" was keyed "14" (its smallest reading) and "2 pm" "14:00": one time, two keys,
    # and the pair turned round was not seen
    assert number_order_problem(bullet, [source], interpretations) is not None
    faithful = bullet.replace("4 pm to 2 pm", "2 pm to 4 pm").replace(
        "von 16 Uhr bis 14.00", "von 14 Uhr bis 16.00"
    )
    assert number_order_problem(faithful, [source], interpretations) is None


# The context check keyed a number by its smallest reading too (session 16): a bullet spelling the
# number otherwise than its sentence ("14:00 Uhr" for "14 Uhr", "1000" for "1.000") matched no
# number of the sentences, the check was skipped, and another actor's time or amount was kept.
TWO_ACTORS = [
    "Bürgermeisterin Ana Lopez sprach um 14 Uhr im Rathaus, sagten Beamte.",
    "Stadtrat Tom Baker sprach um 16 Uhr vor der Presse am Bahnhof.",
    "Bürgermeisterin Ana Lopez erhielt 1.000 Euro vom Land, sagten Beamte.",
    "Stadtrat Tom Baker erhielt 5.000 Euro aus einem privaten Fonds.",
]


def _context_verdict(bullet: str, cited: list[int]) -> str | None:
    found = meaning_problem(bullet, [TWO_ACTORS[i] for i in cited], "de", interpretations)
    return None if found is None else found[0]


@pytest.mark.parametrize(
    ("bullet", "cited"),
    [
        ("Stadtrat Tom Baker sprach um 14:00 Uhr vor der Presse am Bahnhof.", [0, 1]),
        ("Stadtrat Tom Baker sprach um 14.00 Uhr vor der Presse am Bahnhof.", [0, 1]),
        ("Stadtrat Tom Baker erhielt 1000 Euro aus einem privaten Fonds.", [2, 3]),
        ("Bürgermeisterin Ana Lopez erhielt 5000 Euro vom Land.", [2, 3]),
    ],
)
def test_another_actors_number_respelt_is_a_context_problem(bullet: str, cited: list[int]) -> None:
    assert _context_verdict(bullet, cited) == "number_context"


@pytest.mark.parametrize(
    ("bullet", "cited"),
    [
        ("Stadtrat Tom Baker sprach um 16:00 Uhr vor der Presse am Bahnhof.", [0, 1]),
        ("Bürgermeisterin Ana Lopez erhielt 1000 Euro vom Land.", [2, 3]),
        ("Stadtrat Tom Baker erhielt 5000 Euro aus einem privaten Fonds.", [2, 3]),
    ],
)
def test_an_actors_own_number_respelt_is_no_context_problem(bullet: str, cited: list[int]) -> None:
    assert _context_verdict(bullet, cited) is None


def test_the_guard_drops_times_exchanged_across_languages() -> None:
    source = "Die Sitzung dauerte am Montag von 14 Uhr bis 16 Uhr."
    assert _verdict(source, "The meeting ran on Monday from 2 pm to 4 pm.", language="de") is None
    assert (
        _verdict(source, "The meeting ran on Monday from 4 pm to 2 pm.", language="de")
        == "number_order"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Twelve hurt as tram derails at 2 pm; 23-19 win, 4.2 per cent", "en"),
        ("Zwölf Verletzte um 14:00 Uhr, 1.000 Euro", "de"),
        ("cinq pour cent de 12 000", "fr"),
        ("", None),
    ],
)
def test_number_values_from_tokens_read_before_are_the_same(
    text: str, language: str | None
) -> None:
    # related_ranking._stated_numbers hands over the tokens it read, instead of a second read
    assert number_values(text, language, numbers=number_tokens(text)) == number_values(
        text, language
    )
