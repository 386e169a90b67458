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
        ("四十万人", {"40", "400000", "400"}),
        # 214亿 is 21.4 billion: the scales a translation writes it in
        ("总投资约214亿元", {"214", "21400000000", "21400000", "21400", "21.4"}),
        ("総事業費は三千億円", {"3000", "300000000000", "300000000", "300000", "300"}),
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
