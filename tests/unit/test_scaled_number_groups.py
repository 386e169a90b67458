"""A Han or Korean number scaled by 万, 亿, 兆 or 만, 억 supports its whole value only (attack19).

Three readings let a wrong number through the guard: a Han numeral before its myriad read alone
("三亿", 300 million, supported a bare 3, so an English bullet's "3 million" passed, as "3亿"'s
did not: the guard reads no English scale word, so the digits must be a scaling of the value);
each myriad group read alone beside the whole ("3万5千", 35,000, supported a Chinese bullet's
"3万", and "1亿2000万" an English "20 million"); and a Korean number in 만 and 억 as scales
("3억" supported a bare 3: "3 million won" passed, and "3 million won" in the source passed for
a Korean bullet's "3억")."""

from __future__ import annotations

import pytest

from tests.unit.test_number_readings import _verdict


@pytest.mark.parametrize(
    ("source", "language", "bullet", "reader"),
    [
        ("预计春运期间约有三亿人次出行。", "zh", "About 3 million trips are expected.", "en"),
        ("约有3万5千人参加。", "zh", "约有3万人参加。", "zh"),
        ("约有一万二千人参加。", "zh", "About 2,000 people took part.", "en"),
        ("预算为1亿2000万元。", "zh", "The budget is 20 million yuan.", "en"),
        ("预算为1亿2000万元。", "zh", "预算为2000万元。", "zh"),
        ("예산은 3억 원이다.", "ko", "The budget is 3 million won.", "en"),
        ("The budget is 3 million won.", "en", "예산은 3억 원이다.", "ko"),
        ("예산은 3억 5천만 원이다.", "ko", "The budget is 50 million won.", "en"),
        ("예산은 3억 5천만 원이다.", "ko", "The budget is 300 million won.", "en"),
    ],
)
def test_a_wrong_number_does_not_pass_for_a_part_or_a_myriad_of_a_scaled_one(
    source: str, language: str, bullet: str, reader: str
) -> None:
    assert _verdict(source, bullet, language=language, reader=reader) == "unsupported_number"


@pytest.mark.parametrize(
    ("source", "language", "bullet", "reader"),
    [
        ("预计春运期间约有三亿人次出行。", "zh", "About 300 million trips are expected.", "en"),
        ("约有3万5千人参加。", "zh", "约有35000人参加。", "zh"),
        ("约有3万5千人参加。", "zh", "约有3.5万人参加。", "zh"),
        ("About 35,000 people took part.", "en", "约有3万5千人参加。", "zh"),
        ("约有一万二千人参加。", "zh", "About 12,000 people took part.", "en"),
        ("预算为1亿2000万元。", "zh", "The budget is 120 million yuan.", "en"),
        ("예산은 3억 원이다.", "ko", "The budget is 300 million won.", "en"),
        ("The budget is 300 million won.", "en", "예산은 3억 원이다.", "ko"),
        ("예산은 3억 5천만 원이다.", "ko", "예산은 3.5억 원이다.", "ko"),
        ("예산은 3억 5천만 원이다.", "ko", "The budget is 350 million won.", "en"),
    ],
)
def test_the_whole_value_still_passes(source: str, language: str, bullet: str, reader: str) -> None:
    assert _verdict(source, bullet, language=language, reader=reader) is None
