"""Persian numbers support the digits a summary writes (session 21, walk12). A Persian report
writes "۱۲٫۵ میلیون" with the Arabic decimal mark (U+066B, 12.5 million), "۱٬۲۰۰" with the
Arabic thousands mark (U+066C, 1,200), and its years in the Solar Hijri calendar ("سال ۱۴۰۸" is
March 2029 to March 2030). Read as separate digits ("۱۲٫۵" was 12 and 5), the model's faithful
English "12.5 million" and "1,200" were unsupported and their points dropped; so was "by 2029"."""

# The test text is Persian on purpose.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import pytest

from parallax.domain.numbers import KEY_NUMBER_PATTERN, number_key, number_values
from tests.unit.test_number_readings import _verdict

PERSIAN = (
    "روزانه ۱۲٫۵ میلیون مسافر از متروی تهران استفاده می\u200cکنند و ۱٬۲۰۰ دستگاه واگن جدید تا "
    "سال ۱۴۰۸ به ناوگان اضافه می\u200cشود."
)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("۱۲٫۵ میلیون", {"12.5"}),
        ("۱٬۲۰۰ واگن", {"1200"}),
        ("۱٬۲۰۰٬۰۰۰٫۷۵ ریال", {"1200000.75"}),
        ("٣٥٫٢ درصد", {"35.2"}),  # Arabic-Indic digits, as Arabic writes them
        ("سال ۱۴۰۵", {"1405", "2026", "2027"}),
        ("۱۴۰۲ خورشیدی", {"2023", "2024"}),
        ("در ۱۴۰۵ ه.ش", {"2026", "2027"}),
    ],
)
def test_persian_marks_and_solar_hijri_years_are_read(text: str, values: set[str]) -> None:
    assert values <= number_values(text, "fa")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("۱۲٫۵ میلیون", "5"),  # one number, not 12 and 5
        ("۱٬۲۰۰ واگن", "1.2"),  # the thousands mark is no decimal mark
        ("۱۴۰۵ نفر آمدند", "2026"),  # 1,405 people are no year
        ("The 1405 patients were seen.", "2026"),
    ],
)
def test_what_is_no_such_number_supports_no_value(text: str, value: str) -> None:
    assert value not in number_values(text)


def test_the_same_number_in_persian_and_latin_digits_is_one_key_for_the_story_score() -> None:
    keys = [number_key(t) for t in KEY_NUMBER_PATTERN.findall("۱۲٫۵ ۱٬۲۰۰ 12.5 1,200")]
    assert keys == ["12.5", "1200", "12.5", "1200"]


@pytest.mark.parametrize(
    "bullet",
    [
        "The Tehran metro carries 12.5 million passengers a day.",
        "1,200 new carriages join the fleet by 2029.",
    ],
)
def test_a_faithful_english_bullet_of_a_persian_sentence_is_kept(bullet: str) -> None:
    assert _verdict(PERSIAN, bullet, language="fa", reader="en") is None


@pytest.mark.parametrize(
    "bullet",
    [
        "The Tehran metro carries 12 million passengers a day.",
        "The Tehran metro carries 5 million passengers a day.",
        "1,500 new carriages join the fleet.",
        "New carriages join the fleet by 2031.",
    ],
)
def test_a_number_the_persian_sentence_does_not_hold_is_still_dropped(bullet: str) -> None:
    assert _verdict(PERSIAN, bullet, language="fa", reader="en") == "unsupported_number"
