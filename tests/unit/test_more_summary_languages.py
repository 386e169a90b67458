"""Hindi, Bengali, Thai, Vietnamese, Persian and Urdu are languages a reader can choose (session
21, lead).

Session 20's walk9 told a Hindi or Thai browser that it gets English: neither the backend nor the
panel offered Hindi, Bengali, Thai or Vietnamese, though the language model knows all four and
the model writes them. A feed or outlet declared in one of them was read as "no language". Now
each is a summary language, with what that needs: the guard knows their scripts (an English
bullet given to a Hindi reader is the wrong language), Google News has their editions, the page
language check takes a Devanagari, Bengali or Thai page's declaration, and Vietnamese and Bengali
function words are no shared content for the same-story score.
"""

# The Urdu texts end their sentences with the Arabic full stop (U+06D4) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from parallax.adapters.google_news import GOOGLE_NEWS_EDITIONS
from parallax.domain.extraction.language import choose_language
from parallax.domain.languages import normalise_language
from parallax.domain.neutral_summary.prompts import LANGUAGE_NAMES
from parallax.domain.neutral_summary.surface_checks import (
    confidently_another_language,
    wrong_language,
)
from parallax.domain.scripts import script_of
from parallax.domain.similarity import (
    Story,
    analyse_word,
    same_story_probability,
    story_similarity,
)
from tests.unit.test_number_readings import _verdict

ADDED = ("hi", "bn", "th", "vi", "fa", "ur")
# Google News has no Persian or Urdu edition to search; GDELT names both.
GOOGLE_NEWS_ADDED = ("hi", "bn", "th", "vi")

ENGLISH_SOURCE = (
    "The city council approved a budget of 12 billion rupees for the new metro line on Monday."
)


@pytest.mark.parametrize("language", ADDED)
def test_the_language_is_a_summary_language_with_a_name(language: str) -> None:
    assert normalise_language(language) == language
    assert normalise_language(f"{language}-{'IN' if language == 'hi' else 'XX'}") == language
    assert language in LANGUAGE_NAMES


@pytest.mark.parametrize("language", GOOGLE_NEWS_ADDED)
def test_the_language_has_a_google_news_edition(language: str) -> None:
    assert language in GOOGLE_NEWS_EDITIONS


@pytest.mark.parametrize(
    ("text", "language", "wrong"),
    [
        ("नगर परिषद ने सोमवार को नई मेट्रो लाइन के लिए बजट मंज़ूर किया।", "hi", False),
        # A name in Latin letters inside a Hindi bullet is still Hindi
        ("Apple ने सोमवार को भारत में नया iPhone पेश किया।", "hi", False),
        ("The city council approved the budget for the new metro line.", "hi", True),
        ("নগর পরিষদ সোমবার নতুন মেট্রো লাইনের বাজেট অনুমোদন করেছে।", "bn", False),
        ("The city council approved the budget for the new metro line.", "bn", True),
        # A Hindi bullet for a Bengali reader: another script
        ("नगर परिषद ने सोमवार को बजट मंज़ूर किया।", "bn", True),
        ("สภาเมืองอนุมัติงบประมาณสำหรับรถไฟฟ้าสายใหม่เมื่อวันจันทร์", "th", False),
        ("The city council approved the budget for the new metro line.", "th", True),
        # Vietnamese is Latin-script: a text of six words or more without one tone mark or
        # modified vowel is not Vietnamese; a short name-only text is not judged
        ("Hội đồng thành phố đã phê duyệt ngân sách cho tuyến metro mới.", "vi", False),
        ("Apple ra mắt iPhone 16 Pro tại Hà Nội.", "vi", False),
        ("The city council approved the budget for the new metro line.", "vi", True),
        ("Apple iPhone 16 Pro", "vi", False),
        ("شهرداری تهران بودجه خط جدید مترو را تصویب کرد.", "fa", False),
        ("The city council approved the budget for the new metro line.", "fa", True),
        ("پنجاب حکومت نے لاہور میں میٹرو کی نئی لائن کی منظوری دے دی ہے۔", "ur", False),
        ("The city council approved the budget for the new metro line.", "ur", True),
    ],
)
def test_a_bullet_not_in_the_readers_script_is_the_wrong_language(
    text: str, language: str, wrong: bool
) -> None:
    assert wrong_language(text, language) is wrong


@pytest.mark.parametrize("language", ["hi", "bn", "th", "fa", "ur"])
def test_an_english_headline_given_back_as_a_translation_is_refused(language: str) -> None:
    headline = "City council approves the budget for the new metro line after a long debate"
    assert confidently_another_language(headline, language)


def test_a_hindi_bullet_of_an_english_article_is_kept_and_an_english_one_is_dropped() -> None:
    faithful = "नगर परिषद ने सोमवार को नई मेट्रो लाइन के लिए 12 अरब रुपये का बजट मंज़ूर किया।"
    assert _verdict(ENGLISH_SOURCE, faithful, reader="hi") is None
    wrong_number = "नगर परिषद ने सोमवार को नई मेट्रो लाइन के लिए 21 अरब रुपये का बजट मंज़ूर किया।"
    assert _verdict(ENGLISH_SOURCE, wrong_number, reader="hi") == "unsupported_number"
    english = "The city council approved a budget of 12 billion rupees for the metro on Monday."
    assert _verdict(ENGLISH_SOURCE, english, reader="hi") == "wrong_language"


@pytest.mark.parametrize(
    ("declared", "text", "language"),
    [
        (["hi"], "नगर परिषद ने सोमवार को नई मेट्रो लाइन के लिए बजट मंज़ूर किया। " * 3, "hi"),
        (["bn"], "নগর পরিষদ সোমবার নতুন মেট্রো লাইনের বাজেট অনুমোদন করেছে। " * 3, "bn"),
        (["th"], "สภาเมืองอนุมัติงบประมาณสำหรับรถไฟฟ้าสายใหม่เมื่อวันจันทร์ " * 3, "th"),
        # A template's lang="en" on a Hindi page is not believed
        (["en"], "नगर परिषद ने सोमवार को नई मेट्रो लाइन के लिए बजट मंज़ूर किया। " * 3, "hi"),
    ],
)
def test_a_page_in_devanagari_bengali_or_thai_script_keeps_its_declaration(
    declared: list[str], text: str, language: str
) -> None:
    assert choose_language(declared, text) == language


def test_the_scripts_are_told_apart() -> None:
    assert {script_of(ch) for ch in "हिन्दी"} == {"devanagari"}
    assert {script_of(ch) for ch in "বাংলা"} == {"bengali"}
    assert {script_of(ch) for ch in "ภาษาไทย"} == {"thai"}


HANOI_MARATHON = Story(
    title="Hà Nội: Cấm đường trung tâm để tổ chức giải chạy marathon quốc tế",
    text="Nhiều tuyến đường ở trung tâm Hà Nội sẽ bị cấm vào sáng Chủ nhật để tổ chức giải chạy "
    "marathon quốc tế. Cảnh sát giao thông khuyến cáo người dân nên sử dụng xe buýt và tàu điện "
    "trong thời gian này. Theo ban tổ chức, có khoảng 10.000 vận động viên đã đăng ký tham gia "
    "giải chạy năm nay.",
    language="vi",
)
HANOI_FLATS = Story(
    title="Hà Nội: Giá nhà chung cư tiếp tục tăng mạnh trong quý cuối năm",
    text="Giá căn hộ chung cư tại Hà Nội đã tăng khoảng 20% so với cùng kỳ năm trước, theo báo "
    "cáo của một công ty bất động sản. Các chuyên gia cho rằng nguồn cung mới còn hạn chế trong "
    "khi nhu cầu của người mua nhà vẫn cao. Nhiều dự án mới sẽ được mở bán trong thời gian tới "
    "nhưng giá vẫn khó có thể giảm.",
    language="vi",
)
HANOI_MARATHON_ELSEWHERE = Story(
    title="Giải marathon quốc tế Hà Nội: hàng chục tuyến phố bị cấm xe sáng Chủ nhật",
    text="Sáng Chủ nhật, hàng chục tuyến phố ở trung tâm Hà Nội bị cấm phương tiện để phục vụ giải "
    "marathon quốc tế với khoảng 10.000 vận động viên. Người dân được khuyến cáo đi xe buýt hoặc "
    "tàu điện.",
    language="vi",
)


def test_two_hanoi_reports_of_different_stories_are_not_near_certainly_one_story() -> None:
    # Function syllables (của, và, các, người, thời gian) and folded tones ("giá" price, "gia" in
    # "tham gia") made these 0.57; the shared city still counts, as "Athens" does in Greek
    unrelated = same_story_probability(story_similarity(HANOI_MARATHON, HANOI_FLATS), True)
    assert unrelated < 0.35
    same = same_story_probability(story_similarity(HANOI_MARATHON, HANOI_MARATHON_ELSEWHERE), True)
    assert same > 0.9


def test_a_vietnamese_term_keeps_its_tone_marks() -> None:
    price, take_part = analyse_word("giá", "vi"), analyse_word("gia", "vi")
    assert price is not None and take_part is not None
    assert price[0] != take_part[0]
    # Other Latin languages still fold diacritics ("Café" and "cafe" are one term)
    cafe, folded = analyse_word("café", "fr"), analyse_word("cafe", "fr")
    assert cafe is not None and folded is not None and cafe[0] == folded[0]
    assert analyse_word("của", "vi") is None


LAHORE_METRO = Story(
    title="لاہور میں میٹرو ٹرین کی نئی لائن کی منظوری دے دی گئی",
    text="پنجاب حکومت نے لاہور میں میٹرو ٹرین کی نئی لائن کی منظوری دے دی ہے۔ اس منصوبے پر 200 ارب "
    "روپے لاگت آئے گی اور اس میں 12 نئے اسٹیشن ہوں گے۔ حکام کے مطابق تعمیر کا کام اگلے سال شروع ہوگا۔",
    language="ur",
)
LAHORE_SMOG = Story(
    title="لاہور میں اسموگ کی وجہ سے اسکول ایک ہفتے کے لیے بند",
    text="لاہور میں اسموگ کی شدت کے باعث تمام اسکول ایک ہفتے کے لیے بند کر دیے گئے ہیں۔ محکمہ ماحولیات "
    "کے مطابق فضائی آلودگی خطرناک حد تک پہنچ گئی ہے۔ شہریوں کو ماسک پہننے کی ہدایت کی گئی ہے۔",
    language="ur",
)
LAHORE_METRO_ELSEWHERE = Story(
    title="لاہور: میٹرو کی نئی لائن پر 200 ارب روپے خرچ ہوں گے",
    text="صوبائی حکومت نے لاہور کے لیے میٹرو ٹرین کی ایک نئی لائن منظور کر لی ہے جس پر 200 ارب روپے "
    "لاگت آئے گی۔ لائن پر 12 اسٹیشن بنائے جائیں گے۔",
    language="ur",
)


def test_two_lahore_reports_of_different_stories_are_not_one_story() -> None:
    # Urdu's postpositions and auxiliaries (کے، کی، ہے، میں، سے، نے) were shared content: 0.53
    unrelated = same_story_probability(story_similarity(LAHORE_METRO, LAHORE_SMOG), True)
    assert unrelated < 0.2
    same = same_story_probability(story_similarity(LAHORE_METRO, LAHORE_METRO_ELSEWHERE), True)
    assert same > 0.9
