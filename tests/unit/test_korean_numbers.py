"""Korean numbers written with Hangul units support the digits a summary writes (session 19,
walk7). A Korean article writes "3억 5천만 원" (350 million won), "1조 2천억 원" (1.2 trillion),
"5천 명" (5,000 people); read digit by digit, the source supported 3 and 5 only, and the model's
faithful "350 million won" in an English summary was "unsupported" and its bullet dropped."""

from __future__ import annotations

import pytest

from parallax.domain.neutral_summary import parse_translation_output
from parallax.domain.numbers import number_values
from tests.unit.test_number_readings import _verdict

KOREAN = "서울시는 총사업비 3억 5천만 원을 들여 1조 2천억 원 규모의 사업을 검토하고, 주민 5천 명에게 알렸다."


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # not "3.5" (in 억) any more: a Korean bullet's "3.5억" is one token with its value
        # (attack17), and a bare 3.5 or 3 in an English bullet is no 억 (attack19)
        ("3억 5천만 원", {"350000000", "350000", "350"}),
        ("3억5천만원", {"350000000", "350"}),
        ("1조 2천억 원", {"1200000000000", "1200", "1.2"}),
        ("10조 4천억 원", {"10.4"}),
        ("3만 명", {"30000", "30"}),
        ("5천 명", {"5000", "5"}),
    ],
)
def test_korean_units_are_read_as_the_numbers_they_write(text: str, values: set[str]) -> None:
    assert values <= number_values(text, "ko")


def test_a_group_without_a_myriad_or_unit_is_its_own_number() -> None:
    # "3만 2024년" is 30,000 and the year 2024, not 32,024
    assert "32024" not in number_values("3만 2024년", "ko")


@pytest.mark.parametrize(
    "bullet",
    [
        "The city will spend 350 million won, on a project of 1.2 trillion won, and told 5,000 residents.",
        "시는 3억 5천만 원을 들여 1조 2천억 원 규모의 사업을 검토한다.",
    ],
)
def test_a_bullet_writing_a_korean_number_in_digits_is_kept(bullet: str) -> None:
    reader = "ko" if "시는" in bullet else "en"
    assert _verdict(KOREAN, bullet, language="ko", reader=reader) is None


@pytest.mark.parametrize(
    "bullet",
    [
        "The city will spend 530 million won on the project.",
        "The project is worth 2.1 trillion won.",
    ],
)
def test_a_number_the_korean_sentence_does_not_hold_is_still_dropped(bullet: str) -> None:
    assert _verdict(KOREAN, bullet, language="ko", reader="en") == "unsupported_number"


ENGLISH = "The city will spend 350 million won on the design; the project costs 1.2 trillion won."


@pytest.mark.parametrize(
    ("bullet", "verdict"),
    [
        # A Korean reader's summary of an English article writes the numbers in Korean units
        ("시는 설계에 3억 5천만 원을 쓴다.", None),
        ("사업비는 1조 2천억 원이다.", None),
        # ...and one that is not the article's is still dropped (3억 is 300 million)
        ("시는 설계에 3억 원을 쓴다.", "unsupported_number"),
    ],
)
def test_a_korean_bullet_of_an_english_article_is_read_whole(
    bullet: str, verdict: str | None
) -> None:
    assert _verdict(ENGLISH, bullet, language="en", reader="ko") == verdict


def test_a_korean_bullet_with_the_articles_digits_in_other_places_is_dropped() -> None:
    # "5억 3천만" (530 million) passed for the article's "3억 5천만": both hold a 3 and a 5
    bullet = "시는 설계에 5억 3천만 원을 쓴다."
    assert _verdict(KOREAN, bullet, language="ko", reader="ko") == "unsupported_number"


@pytest.mark.parametrize(
    ("headline", "translation", "language"),
    [
        (
            "삼성전자 2분기 영업이익 10조 4천억 원",
            "Samsung Q2 operating profit 10.4 trillion won",
            "en",
        ),
        (
            "Samsung Q2 operating profit 10.4 trillion won",
            "삼성전자 2분기 영업이익 10조 4천억 원",
            "ko",
        ),
        ("누리시, 설계비 3억 5천만 원 편성", "Nuri sets aside 350 million won for design", "en"),
    ],
)
def test_a_headline_translation_writing_a_korean_number_the_other_way_is_kept(
    headline: str, translation: str, language: str
) -> None:
    # Before, "10.4" was no number of "10조 4천억" (10 and 4), and "10조 4천억" needed a 10 and a 4
    answer = {"translations": [{"id": 0, "text": translation}]}
    assert parse_translation_output(answer, [headline], language) == [translation]
    made_up = (
        translation.replace("10.4", "14.0").replace("10조 4천억", "14조").replace("350", "530")
    )
    assert parse_translation_output(
        {"translations": [{"id": 0, "text": made_up}]}, [headline], language
    ) == [None]


# --- attack16: a group's number goes on after its 천 or 백 ---------------------------------------


@pytest.mark.parametrize(
    ("source", "language", "bullet", "reader", "verdict"),
    [
        # Korean papers write 3천500만 (35 million), 1만2천500 (12,500): read as 3천 and 500만,
        # a faithful bullet was dropped and a wrong "5 million" passed
        ("총사업비는 3천500만 원이다.", "ko", "The project costs 35 million won.", "en", None),
        (
            "총사업비는 3천500만 원이다.",
            "ko",
            "The project costs 5 million won.",
            "en",
            "unsupported_number",
        ),
        ("집회에는 1만2천500명이 참가했다.", "ko", "12,500 people joined the rally.", "en", None),
        ("피해액은 2천5백만 원이다.", "ko", "The damage is 25 million won.", "en", None),
        # and a Korean bullet writing it so is one number
        ("The project costs 35 million won.", "en", "총사업비는 3천500만 원이다.", "ko", None),
    ],
)
def test_a_korean_number_going_on_after_its_unit_is_read_whole(
    source: str, language: str, bullet: str, reader: str, verdict: str | None
) -> None:
    assert _verdict(source, bullet, language=language, reader=reader) == verdict
