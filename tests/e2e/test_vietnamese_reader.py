"""A reader on a Vietnamese news page (session 21, walk13): an English reader, offline and with
the model on, then a browser in Vietnamese on "auto" with the model on, reading the Vietnamese
article and an English one. Debian's Chromium, the panel at 360 px and at 200 % zoom (180 CSS
px). Vietnamese became a summary language this session (the lead); no reader had walked it.

What failed before, each fixed: the model's faithful English "the first train left at 3:30 pm"
of "lúc 15 giờ 30" was unsupported (the guard read no "giờ"), and that point was dropped; and
"Theo PGS. TS. Nguyễn Văn Hùng, ..." was cut into "Theo PGS.", "TS." and the rest, "UBND TP." and
"Hồ Chí Minh ..." into two, so an offline point was a fragment."""

# ruff: noqa: RUF001 -- en dashes are the test data, as Vietnamese news writes them
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.harness import ExtensionBrowser, horizontal_overflow, message, wait_panel_state
from tests.e2e.indexed_backend import backend_over_index, scripted_model
from tests.e2e.reader_checks import LAYOUT_PROBLEMS
from tests.e2e.test_cjk_reader import NARROW, OWN_TEXT_LANGUAGES, TEXT_LANGUAGES, _report, show
from tests.support.fake_anthropic import FakeAnthropic, RecordedRequest, Reply

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

PAGE = "vi_article.html"
OUTLET = "Báo Sài Gòn Mới"
TITLE = "TP. Hồ Chí Minh khánh thành tuyến metro số 2 sau gần 10 năm xây dựng"


@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_vietnamese_article_reads_whole_for_an_english_reader_offline(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, width: int
) -> None:
    # Given a reader whose summaries are in English, without a model
    browser.set_settings(backendUrl=backend, summaryLanguage="en")
    tab, _ = show(browser, backend, fixture_site, PAGE)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline and the points are marked Vietnamese (an outlet's name in Latin letters
    # is marked only in another script, as "Süddeutsche Zeitung" is: `outletNameLang`)
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [[OUTLET, "en"]]
    [[headline, headline_lang]] = panel.evaluate(TEXT_LANGUAGES, ".article-title")
    assert headline.startswith(TITLE) and headline_lang == "vi"
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert len(bullets) >= 3 and {lang for _, lang in bullets} == {"vi"}
    # And each point is whole sentences: a title before a name ("PGS.", "TS.") or "TP." (city)
    # ends none
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == " ".join(sentences[i] for i in bullet["sentence_ids"])
    assert all(not s.endswith(("PGS.", "TS.", "TP.")) for s in sentences.values()), sentences
    # And the panel says, in English, that the points stay in Vietnamese
    notice = panel.locator(".summary > .notice")
    assert notice.get_attribute("data-notice") == "not_translated"
    assert "Vietnamese" in notice.inner_text()
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- the same story, told by another outlet ----------------------------------------------------

DAY = "2024-07-08T12:00:00Z"
REPORTS = [
    # Another outlet's report of the metro's opening
    _report(
        "tin-nhanh", "Tin Nhanh", "vi",
        "Tuyến metro số 2 Bến Thành – Tham Lương chính thức khánh thành",
        "Chiều 8/7, TP. Hồ Chí Minh khánh thành tuyến metro số 2 dài 11,3 km với 11 nhà ga, "
        "tổng vốn đầu tư 47.890 tỷ đồng. Giá vé là 10.000 đồng mỗi lượt.",
    ),
    # Another story of the same city, the same day
    _report(
        "dan-pho", "Dân Phố", "vi",
        "TP. Hồ Chí Minh: mưa lớn gây ngập nhiều tuyến đường ở quận Tân Bình",
        "Cơn mưa lớn chiều 8/7 khiến nhiều tuyến đường ở quận Tân Bình ngập sâu, giao thông "
        "ùn tắc kéo dài đến tối.",
    ),
]  # fmt: skip


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    reports = [replace(r, published=DAY) for r in REPORTS]
    with backend_over_index(tmp_path / "home", reports, site_port=fixture_site.port) as base_url:
        yield base_url


def test_another_outlets_vietnamese_report_is_the_same_story_and_ranked_first(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage="en")
    tab, _ = show(browser, indexed_backend, fixture_site, PAGE)
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    assert same[0] == [REPORTS[0].title, "vi"]
    # Left (docs/architecture.md, walk13): the rain report is shown as the same story too
    # (probability 0.72): "TP. Hồ Chí Minh" weighs as four words, two name keys and two phrases,
    # and "Tân Bình", "chiều 8/7", "giao thông", "ùn tắc" are shared as well.
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- with the model on: the loopback fake of the Messages API ----------------------------------

# What a model writes of the article in English: "47.89 trillion dong" for 47.890 tỷ, "20,000"
# for 20 nghìn, "3:30 pm" for 15 giờ 30.
ENGLISH_SUMMARY: dict[str, Any] = {
    "headline": "Ho Chi Minh City opens metro line 2 after nearly 10 years of construction",
    "bullets": [
        {
            "text": "Ho Chi Minh City opened metro line 2, from Ben Thanh to Tham Luong, after "
            "nearly 10 years of construction; it cost 47.89 trillion dong.",
            "sentence_ids": [0, 1],
        },
        {
            "text": "The 11.3 km line has 11 stations and should carry about 20,000 passengers a "
            "day; the first train left Ben Thanh at 3:30 pm and a ticket costs 10,000 dong.",
            "sentence_ids": [2, 3],
        },
        {
            "text": "Transport expert Nguyen Van Hung expects less congestion at the north-western "
            "gateway, but many households along the line are still waiting for compensation.",
            "sentence_ids": [4, 6],
        },
    ],
    "disputed": None,
}

# What a model writes of it in Vietnamese, the numbers as the article writes them.
VIETNAMESE_SUMMARY: dict[str, Any] = {
    "headline": "TP. Hồ Chí Minh khánh thành tuyến metro số 2",
    "bullets": [
        {
            "text": "Tuyến metro số 2 Bến Thành – Tham Lương được khánh thành sau gần 10 năm xây "
            "dựng, với tổng vốn 47.890 tỷ đồng.",
            "sentence_ids": [0, 1],
        },
        {
            "text": "Tuyến dài 11,3 km, có 11 nhà ga; đoàn tàu đầu tiên chạy lúc 15 giờ 30 và giá "
            "vé là 10.000 đồng mỗi lượt.",
            "sentence_ids": [2, 3],
        },
        {
            "text": "Chuyên gia cho rằng tuyến sẽ giảm ùn tắc, nhưng nhiều hộ dân vẫn chưa nhận đủ "
            "tiền bồi thường.",
            "sentence_ids": [4, 6],
        },
    ],
    "disputed": None,
}

# What a model writes of the English article (Kestrel Bay's flood barrier) in Vietnamese.
ENGLISH_ARTICLE_IN_VIETNAMESE: dict[str, Any] = {
    "headline": "Thị trấn cảng bỏ phiếu xây rào chắn thủy triều sau đợt triều cường kỷ lục",
    "bullets": [
        {
            "text": "Hội đồng Kestrel Bay đã thông qua việc xây rào chắn trị giá 48 triệu bảng ở "
            "cửa cảng, ba mùa đông sau khi triều cường làm ngập hơn 300 ngôi nhà.",
            "sentence_ids": [0],
        },
        {
            "text": "Rào chắn gồm bốn cửa thép nằm dưới đáy biển và chỉ nâng lên khi có triều "
            "cường nguy hiểm.",
            "sentence_ids": [2],
        },
        {
            "text": "Hiệp hội ngư dân, đại diện cho khoảng 40 tàu cá, lo ngại việc thi công khiến "
            "tàu khó ra khơi trong nhiều tháng.",
            "sentence_ids": [9],
        },
    ],
    "disputed": None,
}


_OF_THE_VIETNAMESE_ARTICLE = scripted_model({"en": ENGLISH_SUMMARY, "vi": VIETNAMESE_SUMMARY}, {})
_OF_THE_ENGLISH_ARTICLE = scripted_model({"vi": ENGLISH_ARTICLE_IN_VIETNAMESE}, {})


def answer(request: RecordedRequest) -> Reply:
    """The fake model: English or Vietnamese points of the Vietnamese article, Vietnamese points
    of the English one (Kestrel Bay)."""
    if "Kestrel" in request.user_message:
        return _OF_THE_ENGLISH_ARTICLE(request)
    return _OF_THE_VIETNAMESE_ARTICLE(request)


@pytest.fixture
def model_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    """A backend with the model on the loopback fake (:func:`answer`)."""
    with (
        FakeAnthropic() as fake,
        backend_over_index(
            tmp_path / "vi", [], site_port=fixture_site.port, model_url=fake.base_url
        ) as base_url,
    ):
        fake.default = answer
        yield base_url


def test_the_models_english_summary_of_a_vietnamese_article_keeps_every_point(
    browser: ExtensionBrowser, model_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=model_backend, summaryLanguage="en")
    tab, _ = show(browser, model_backend, fixture_site, PAGE)
    summary = browser.entry(tab)["brief"]["summary"]  # type: ignore[index]
    # Then the model's points are kept: before, the one with "3:30 pm" (15 giờ 30) was dropped
    assert (summary["method"], summary["language"]) == ("llm", "en"), json.dumps(summary)
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets"), summary
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert [text for text, _ in bullets] == [b["text"] for b in ENGLISH_SUMMARY["bullets"]]
    assert [lang for _, lang in bullets] == ["en"] * 3
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- a browser in Vietnamese, with the model on ------------------------------------------------


@pytest.fixture
def vietnamese_browser(
    playwright: Playwright, chromium: str, tmp_path: Path
) -> Iterator[ExtensionBrowser]:
    instance = ExtensionBrowser(playwright, tmp_path / "profile", chromium, locale="vi-VN")
    yield instance
    instance.close()


@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_vietnamese_browser_gets_the_summary_in_vietnamese(
    vietnamese_browser: ExtensionBrowser,
    model_backend: str,
    fixture_site: FixtureSite,
    width: int,
) -> None:
    # Given a browser in Vietnamese on the default settings, the model on
    browser = vietnamese_browser
    browser.set_settings(backendUrl=model_backend)
    options = browser.open_options()
    # Then the options page offers Vietnamese for the summaries; the panel is in English
    summary_auto = options.locator("#summaryLanguage option[value='auto']").inner_text()
    assert summary_auto == message("en", "browserLanguageOption", "Vietnamese")
    panel_auto = options.locator("#panelLanguage option[value='auto']").inner_text()
    assert panel_auto == message("en", "browserLanguageUnavailableOption", "English", "Vietnamese")
    for page, written in (
        (PAGE, VIETNAMESE_SUMMARY),
        ("en_article.html", ENGLISH_ARTICLE_IN_VIETNAMESE),
    ):
        # When the reader opens the Vietnamese article, then the English one
        tab, _ = show(browser, model_backend, fixture_site, page)
        entry = browser.entry(tab)
        assert entry["language"] == "vi"  # type: ignore[index]
        summary = entry["brief"]["summary"]  # type: ignore[index]
        # Then the model's Vietnamese points are kept, each marked as Vietnamese
        assert (summary["method"], summary["language"]) == ("llm", "vi"), json.dumps(summary)
        assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets"), summary
        panel = browser.open_panel(tab=tab, width=width)
        wait_panel_state(panel, "ready")
        bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
        assert [text for text, _ in bullets] == [b["text"] for b in written["bullets"]]
        assert [lang for _, lang in bullets] == ["vi"] * 3
        assert panel.locator(".summary .language-fallback").count() == 0
        assert panel.locator(".summary > .notice[data-notice='not_translated']").count() == 0
        text = panel.locator("body").inner_text()
        assert "$" not in text and "__MSG_" not in text
        assert panel.evaluate(LAYOUT_PROBLEMS) == []
        assert horizontal_overflow(panel) == []
        panel.close()
