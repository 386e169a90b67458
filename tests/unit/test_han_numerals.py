"""Chinese and Japanese numerals support the digits a summary writes (session 19, walk6).

A Chinese article writes small and round numbers in Han characters ("近十年", "两条",
"三百亿元"); the model's Japanese or English summary writes digits ("過去10年", "10 years"). Han
numerals were read as no number, so a faithful bullet's 10 was "unsupported" and the bullet
dropped (the walk's Japanese summary of a Chinese article lost its second point)."""

# ruff: noqa: RUF001 -- CJK punctuation is the point of these texts

from __future__ import annotations

import pytest

from parallax.domain.numbers import number_values
from tests.unit.test_number_readings import _verdict


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("近十年来", {"10"}),
        ("只有两条公交干线", {"2"}),
        ("一百二十人受伤", {"120"}),
        ("二〇二四年", {"2024"}),
        ("四十万人", {"400000", "400"}),
        # 214亿 is 21.4 billion: the scales a translation writes it in (not 214: a number with
        # 万 or 亿 is one number since session 20, and "214 million" is another)
        ("总投资约214亿元", {"21400000000", "21400000", "21400", "21.4"}),
        ("総事業費は三千億円", {"300000000000", "300000000", "300000", "300"}),
        # 一 alone is part of words (统一, 一些, 一方), not a number
        ("统一了一些规定", set()),
        ("一方、反対した議員", set()),
    ],
)
def test_han_numerals_are_read_as_the_numbers_they_write(text: str, values: set[str]) -> None:
    assert number_values(text, "zh") == values


CHINESE = "该项目总投资约214亿元，是滨江市近十年来规模最大的公共交通工程！"


@pytest.mark.parametrize(
    ("bullet", "reader"),
    [
        ("総投資額は約214億元で、同市で過去10年で最大の公共交通事業となる。", "ja"),
        ("The project will cost about 21.4 billion yuan, the largest in 10 years.", "en"),
    ],
)
def test_a_translated_bullet_writing_a_han_numeral_in_digits_is_kept(
    bullet: str, reader: str
) -> None:
    assert _verdict(CHINESE, bullet, language="zh", reader=reader) is None


def test_a_number_the_chinese_sentence_does_not_hold_is_still_dropped() -> None:
    bullet = "総投資額は約214億元で、同市で過去20年で最大の公共交通事業となる。"
    assert _verdict(CHINESE, bullet, language="zh", reader="ja") == "unsupported_number"


# --- attack15: readings that let a wrong number through ------------------------------------------


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # Two digits side by side are "two or three", "seven or eight", not 23 or 78
        ("两三年来", {"2", "3"}),
        ("七八个人", {"7", "8"}),
        # 万亿 is 10^12: 126 trillion, not 1.26 million
        (
            "国内生产总值126万亿元",
            {"126", "126000", "126000000", "126000000000", "126000000000000"},
        ),
        # the whole grouped number before 万 or 億, not its last group
        ("1,500万人", {"15", "15000", "15000000"}),
        ("3,000億円", {"300", "300000", "300000000", "300000000000"}),
        # a number in two myriad groups is read whole, and only whole (attack19: its groups
        # alone, 10,000 and 2,000 of 一万二千, let a wrong "2,000" or "20 million" through)
        ("一万二千人", {"12", "12000"}),
        ("十二万三千四百", {"123.4", "123400"}),
        ("1亿2000万", {"120", "120000", "120000000"}),
    ],
)
def test_han_scales_and_pairs_of_digits_are_read_whole(text: str, values: set[str]) -> None:
    assert number_values(text, "zh") == values


@pytest.mark.parametrize(
    ("source", "language", "bullet", "verdict"),
    [
        ("他在这里工作了两三年。", "zh", "He worked there for 23 years.", "unsupported_number"),
        ("他在这里工作了两三年。", "zh", "He worked there for two or three years.", None),
        ("国内生产总值达126万亿元。", "zh", "GDP reached 1.26 million yuan.", "unsupported_number"),
        ("国内生产总值达126万亿元。", "zh", "GDP reached 126 trillion yuan.", None),
        (
            "参加者は1,500万人に達した。",
            "ja",
            "Participants reached 5 million.",
            "unsupported_number",
        ),
        ("参加者は1,500万人に達した。", "ja", "Participants reached 15 million.", None),
        ("约有一万二千人参加。", "zh", "About 12,000 people took part.", None),
        ("总投资三亿五千万元。", "zh", "The investment totals 350 million yuan.", None),
        (
            "总投资三亿五千万元。",
            "zh",
            "The investment totals 530 million yuan.",
            "unsupported_number",
        ),
    ],
)
def test_a_wrong_number_is_not_supported_by_a_misread_han_scale(
    source: str, language: str, bullet: str, verdict: str | None
) -> None:
    assert _verdict(source, bullet, language=language, reader="en") == verdict


# --- attack16: digits going on after their unit ---------------------------------------------------


@pytest.mark.parametrize(
    ("bullet", "verdict"),
    [
        # 2千5百万 is 25 million; it was 2 and 5百万, and a wrong "5 million" passed
        ("The damage reaches 25 million yen.", None),
        ("The damage reaches 5 million yen.", "unsupported_number"),
    ],
)
def test_digits_going_on_after_their_han_unit_are_read_whole(
    bullet: str, verdict: str | None
) -> None:
    assert _verdict("被害額は2千5百万円に上る。", bullet, language="ja", reader="en") == verdict
