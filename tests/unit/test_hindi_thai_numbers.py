"""Indian and Thai numbers support the digits a summary writes (session 20, walk9). A Hindi
report writes "1,200 करोड़ रुपये" (12 billion rupees) and "३५ करोड़" (350 million, in Devanagari
digits); a Thai one "12,000 ล้านบาท" (12 billion baht) and its years in the Buddhist era ("ปี 2570"
is 2027). Read as digits only, the model's faithful English "12 billion rupees", "350 million
rupees" and "starts in 2027" were unsupported: two of three points of the Hindi article were
dropped (the English reader got the Hindi extractive summary, "llm_unfaithful") and one of the
Thai article's."""

from __future__ import annotations

import pytest

from parallax.domain.numbers import number_values
from tests.unit.test_number_readings import _verdict

HINDI = (
    "परियोजना की कुल लागत 1,200 करोड़ रुपये है और निगम ने डिज़ाइन के लिए ३५ करोड़ रुपये मंज़ूर किए हैं, "
    "उपनगर में 40 हज़ार से अधिक लोग रहते हैं।"
)
THAI = (
    "งบประมาณทั้งโครงการอยู่ที่ 12,000 ล้านบาท จัดสรรงบออกแบบไว้แล้ว ๓๕ ล้านบาท "
    "โดยจะเริ่มก่อสร้างในปี 2570 และเปิดให้บริการในปี 2574"
)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,200 करोड़ रुपये", {"12000000000", "12", "1200"}),
        ("1,200 करो\u0921\u093c रुपये", {"12000000000", "12"}),  # ड़ written as ड and a nukta
        ("३५ करोड़ रुपये", {"350000000", "350"}),
        ("2.5 लाख", {"250000", "250"}),
        ("40 हज़ार लोग", {"40000"}),
        ("10 अरब", {"10000000000", "10"}),
        ("Rs 1,200 crore and Rs 3.5 lakh", {"12", "350000"}),
        ("1,20,000 लोग", {"120000"}),
        ("12,000 ล้านบาท", {"12000000000", "12"}),
        ("๓๕ ล้านบาท", {"35000000", "35"}),
        ("1.5 แสนล้านบาท", {"150000000000", "150"}),
        ("5 หมื่นคน", {"50000"}),
        ("ในปี 2570", {"2027", "2570"}),
    ],
)
def test_indian_and_thai_scales_and_thai_years_are_read(text: str, values: set[str]) -> None:
    assert values <= number_values(text)


def test_a_year_in_the_buddhist_era_is_read_so_only_in_thai_text() -> None:
    assert "2027" not in number_values("2570 people came.", "en")


@pytest.mark.parametrize(
    ("source", "language", "bullet"),
    [
        (HINDI, "hi", "The project costs 12 billion rupees; 350 million rupees go to the design."),
        (HINDI, "hi", "More than 40,000 people live in the suburb."),
        (HINDI, "hi", "The project costs Rs 1,200 crore."),
        (THAI, "th", "The project costs 12 billion baht; 35 million baht go to the design."),
        (THAI, "th", "Construction starts in 2027 and service in 2031."),
    ],
)
def test_a_faithful_english_bullet_of_a_hindi_or_thai_sentence_is_kept(
    source: str, language: str, bullet: str
) -> None:
    assert _verdict(source, bullet, language=language, reader="en") is None


@pytest.mark.parametrize(
    ("source", "language", "bullet"),
    [
        (HINDI, "hi", "The project costs 21 billion rupees."),
        (HINDI, "hi", "The design gets 530 million rupees."),
        (THAI, "th", "The project costs 21 billion baht."),
        (THAI, "th", "Construction starts in 2026."),
    ],
)
def test_a_number_the_hindi_or_thai_sentence_does_not_hold_is_still_dropped(
    source: str, language: str, bullet: str
) -> None:
    assert _verdict(source, bullet, language=language, reader="en") == "unsupported_number"


# attack17: scales of scales, both spellings of the nukta, and words that only start like a
# scale word or a year.
BUDGET = "राज्य सरकार ने सड़कों के लिए 20 हज़ार करोड़ रुपये मंज़ूर किए।"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,200 करो\u095c रुपये", {"12000000000", "12"}),  # ड़ composed (U+095C)
        ("40 ह\u095bार लोग", {"40000"}),  # ज़ composed (U+095B)
        ("20 हज़ार करोड़ रुपये", {"200000000000", "200"}),
        ("a budget of Rs 48 lakh crore", {"48000000000000", "48"}),
    ],
)
def test_an_indian_scale_of_a_scale_and_a_composed_nukta_are_read(
    text: str, values: set[str]
) -> None:
    assert values <= number_values(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20 हज़ार करोड़ रुपये", "20000"),  # 200 billion, not 20,000
        ("6 अरब देशों के विदेश मंत्री मिले।", "6000"),  # six Arab countries, no 6 billion
        ("Les 3 lacs du Jura, dont le lac de Joux.", "300000"),  # French lakes, no lakh
        ("ปลูกข้าว 5 พันธุ์", "5000"),  # five rice varieties, no 5,000
        ("ราคา 2500 บาท", "1957"),  # 2,500 baht is no year 2500 of the Buddhist era
    ],
)
def test_what_only_looks_like_a_scale_or_a_year_supports_no_value(text: str, value: str) -> None:
    assert value not in number_values(text)


def test_a_budget_in_thousands_of_crores_supports_its_faithful_english() -> None:
    # 200 is in no token of the source: only "20 हज़ार करोड़" read whole supports it.
    assert _verdict(BUDGET, "Roads get 200 billion rupees.", language="hi", reader="en") is None
    assert (
        _verdict(BUDGET, "Roads get 300 billion rupees.", language="hi", reader="en")
        == "unsupported_number"
    )
