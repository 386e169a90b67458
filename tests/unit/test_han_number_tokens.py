"""A number a Chinese or Japanese text writes with 万, 亿 or 兆 is one number (session 20, lead).

The guard reads a bullet's numbers with ``number_tokens``. It read "214亿元" as the digits 214
alone: a Chinese bullet summarising an English "21.4 billion yuan" needed a 214 in its source
(unsupported: the faithful bullet was dropped), and "214 million" in the source let a bullet's
"214亿" (21.4 billion) pass. A headline translated into Chinese or Japanese was refused the same
way. Korean numbers with Hangul units were made one token in session 19 (walk7); this is the same
for Han scales. Also read here: "3万5千" (35,000, a unit after a digit: it was read as 30,005)
and the Japanese 兆 (10^12)."""

# ruff: noqa: RUF001 -- CJK punctuation is the point of these texts

from __future__ import annotations

import pytest

from parallax.domain.neutral_summary import parse_translation_output
from parallax.domain.numbers import number_tokens, number_values
from tests.unit.test_number_readings import _verdict


@pytest.mark.parametrize(
    ("source", "bullet", "reader"),
    [
        ("The project will cost about 21.4 billion yuan.", "该项目总投资约214亿元。", "zh"),
        ("The project will cost about 21.4 billion yuan.", "総事業費は約214億元となる。", "ja"),
        ("Some 15 million people took part.", "参加者は約1,500万人に達した。", "ja"),
        ("Some 35,000 people took part.", "约有3.5万人参加。", "zh"),
        ("Some 35,000 people took part.", "约有3万5千人参加。", "zh"),
        ("The budget is 120 million yuan.", "预算为1亿2000万元。", "zh"),
        ("The deficit reached 1.2 trillion yen.", "赤字は1兆2000億円に達した。", "ja"),
    ],
)
def test_a_bullet_writing_a_han_scaled_number_is_supported_by_its_value(
    source: str, bullet: str, reader: str
) -> None:
    # Given an English source stating the number, When the guard reads a Chinese or Japanese
    # bullet writing it with 万/亿/兆, Then the bullet is kept (it was "unsupported_number")
    assert _verdict(source, bullet, language="en", reader=reader) is None


@pytest.mark.parametrize(
    ("source", "bullet", "reader"),
    [
        # 214亿 is 21.4 billion, not 214 million
        ("The project will cost about 214 million yuan.", "该项目总投资约214亿元。", "zh"),
        # 1,500万 is 15 million, not 1,500
        ("Some 1,500 people took part.", "参加者は約1,500万人に達した。", "ja"),
        ("Some 350 people took part.", "约有3.5万人参加。", "zh"),
    ],
)
def test_a_han_scaled_number_is_not_supported_by_its_digits_alone(
    source: str, bullet: str, reader: str
) -> None:
    assert _verdict(source, bullet, language="en", reader=reader) == "unsupported_number"


@pytest.mark.parametrize(
    ("source", "bullet", "verdict"),
    [
        ("约有3万5千人参加。", "About 35,000 people took part.", None),
        ("约有3万5千人参加。", "About 30,005 people took part.", "unsupported_number"),
        # the 千 of "5千" is 5's unit, not a thousand of its own
        ("约有3万5千人参加。", "About 1,000 people took part.", "unsupported_number"),
        ("赤字は1兆2000億円に達した。", "The deficit reached 1.2 trillion yen.", None),
        (
            "赤字は1兆2000億円に達した。",
            "The deficit reached 12 trillion yen.",
            "unsupported_number",
        ),
    ],
)
def test_han_sources_with_units_after_digits_and_cho_are_read_whole(
    source: str, bullet: str, verdict: str | None
) -> None:
    language = "ja" if "兆" in source else "zh"
    assert _verdict(source, bullet, language=language, reader="en") == verdict


def test_a_han_scaled_number_is_one_token_with_its_scales() -> None:
    # Its value ("x:") and its mantissas ("m:"), marked so that they meet only what they may
    # (attack17: numbers.support_values)
    assert number_tokens("总投资约214亿元，另有1亿2000万元") == [
        ("214亿", frozenset({"x:21400000000", "m:21400000", "m:21400", "m:21.4"})),
        ("1亿2000万", frozenset({"x:120000000", "m:120000", "m:120"})),
    ]
    # and a text's values are the plain numbers, as before
    assert {"21400000000", "21400000", "21400", "21.4"} <= number_values("总投资约214亿元")


@pytest.mark.parametrize(
    ("source", "bullet", "language"),
    [
        # 21.4 billion for 21.4 million, and the other way: both are 21.4 in some scale
        ("该项目总投资2140万元，由市政府承担。", "该项目总投资214亿元。", "zh"),
        ("该项目总投资214亿元，由市政府承担。", "该项目总投资2140万元。", "zh"),
        ("総事業費は1,500万円となる。", "総事業費は15億円となる。", "ja"),
        ("예산은 3억 5천만 원이다.", "예산은 35억 원이다.", "ko"),
        ("예산은 35억 원이다.", "예산은 3억 5천만 원이다.", "ko"),
    ],
)
def test_a_han_or_korean_number_in_its_own_language_must_be_the_same_value(
    source: str, bullet: str, language: str
) -> None:
    # attack17: since the one-token reading, each side's scaled readings met the other's
    assert _verdict(source, bullet, language=language, reader=language) == "unsupported_number"


@pytest.mark.parametrize(
    ("source", "bullet", "language"),
    [
        ("该项目总投资214亿元，由市政府承担。", "该项目总投资214亿元。", "zh"),
        ("该项目总投资三百亿元，由市政府承担。", "该项目总投资300亿元。", "zh"),
        ("该项目总投资1亿2000万元。", "该项目总投资1.2亿元。", "zh"),
        ("예산은 3억 5천만 원이다.", "예산은 3.5억 원이다.", "ko"),
    ],
)
def test_a_han_or_korean_number_of_the_same_value_is_kept(
    source: str, bullet: str, language: str
) -> None:
    assert _verdict(source, bullet, language=language, reader=language) is None


def test_a_han_number_without_digits_is_still_no_token() -> None:
    # Support only, as before: a bullet's "三亿" is not checked (the guard's tokens are digits)
    assert number_tokens("总投资三亿五千万元") == []
    assert "350" in number_values("总投资三亿五千万元", "zh")


@pytest.mark.parametrize(
    ("headline", "translation", "language", "kept"),
    [
        ("Project to cost 21.4 billion yuan", "项目总投资214亿元", "zh", True),
        ("Project to cost 214 million yuan", "项目总投资214亿元", "zh", False),
        ("15 million people joined the protest", "抗議デモに1,500万人が参加", "ja", True),
    ],
)
def test_a_headline_translated_into_chinese_or_japanese_keeps_its_han_scaled_number(
    headline: str, translation: str, language: str, kept: bool
) -> None:
    answer = {"translations": [{"id": 0, "text": translation}]}
    expected = [translation] if kept else [None]
    assert parse_translation_output(answer, [headline], language) == expected
