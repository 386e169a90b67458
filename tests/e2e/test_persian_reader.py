"""A Persian reader (session 21, walk12): an Arabic-script language other than Arabic, which GDELT
and the feeds carry but neither the backend (SUPPORTED_LANGUAGES) nor the panel offers. A reader
on a Persian news page who wants the summary in English, then a browser in Persian. Debian's
Chromium, offline (the extractive summariser, the feed index) and with the model on (the loopback
fake of the Messages API), the panel at 360 px and at 200 % zoom (180 CSS px).

What failed before, each fixed: the model's faithful English points were dropped for numbers the
guard could not read ("۱٬۲۰۰" with the Arabic thousands mark was 1 and 200, "۴۳٫۵" with the
Arabic decimal mark 43 and 5, and the Solar Hijri year 1408 is 2029), and the English reader got
the Persian sentences instead; a Persian report of another story of the same day was put in the
same story (Persian had no similarity stop words: در، به، این، که were the shared content)."""

# The test text is Persian on purpose.
# ruff: noqa: RUF001, RUF002, RUF003

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
from tests.support.fake_anthropic import FakeAnthropic

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

PAGE = "fa_article.html"
OUTLET = "روزنامه شهر"
TITLE = "قرارداد ساخت خط ۱۰ متروی تهران امضا شد"
ZWNJ = "\u200c"

# Each element with text of its own: its text, its nearest `lang` and its direction as laid out.
TEXT_DIRECTIONS = """(selector) => [...document.querySelectorAll(selector)]
    .map((e) => [e.textContent.trim(), e.closest('[lang]')?.lang ?? '', getComputedStyle(e).direction])"""


@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_persian_article_reads_whole_and_right_to_left_for_an_english_reader_offline(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, width: int
) -> None:
    # Given a reader whose summaries are in English, without a model
    browser.set_settings(backendUrl=backend, summaryLanguage="en")
    tab, _ = show(browser, backend, fixture_site, PAGE)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline, the points and the outlet's name are marked Persian, and the headline
    # and the points read right to left
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [[OUTLET, "fa"]]
    [[headline, lang, direction]] = panel.evaluate(TEXT_DIRECTIONS, ".article-title")
    assert (headline, lang, direction) == (TITLE, "fa", "rtl")
    bullets = panel.evaluate(TEXT_DIRECTIONS, ".bullet-text")
    assert len(bullets) >= 3 and {(lang, d) for _, lang, d in bullets} == {("fa", "rtl")}
    # And each point is the whole sentence it cites, its words written as the page writes them:
    # before, "هزینه‌ی" and "می‌شود" lost their non-joiner and were shown with their letters joined
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == " ".join(sentences[i] for i in bullet["sentence_ids"])
    shown = " ".join(text for text, _, _ in bullets)
    assert f"هزینه{ZWNJ}ی این طرح" in shown and f"برآورد می{ZWNJ}شود." in shown, shown
    # And the panel says, in English, that the points stay in Persian
    notice = panel.locator(".summary > .notice")
    assert notice.get_attribute("data-notice") == "not_translated"
    assert "Persian" in notice.inner_text()
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


DAY = "2026-12-07T06:00:00Z"
REPORTS = [
    # Another outlet's report of the story, typed with the Arabic ي and ك and Latin digits
    _report(
        "isna", "ایسنا", "fa", "امضاي قرارداد خط 10 متروي تهران",
        "شوراي شهر تهران قرارداد ساخت خط ۱۰ مترو با ۳۵ ايستگاه را تصويب كرد. هزينه\u200cي اين طرح "
        "۱٬۲۰۰ ميليارد تومان است.",
    ),
    # Reports of other stories of the same city, the same day
    _report(
        "tasnim", "تسنیم", "fa", "مدارس تهران به دلیل آلودگی هوا تعطیل شد",
        "استانداری تهران اعلام کرد که به دلیل آلودگی هوا مدارس و دانشگاه\u200cهای تهران روز "
        "سه\u200cشنبه تعطیل است. شاخص کیفیت هوا در تهران به ۱۸۰ رسید.",
    ),
    _report(
        "mehr", "مهر", "fa", "قیمت دلار در بازار آزاد به ۱۱۰ هزار تومان رسید",
        "قیمت دلار در بازار آزاد تهران امروز به ۱۱۰ هزار تومان رسید. فعالان بازار می\u200cگویند "
        "که این افزایش به انتظارات تورمی برمی\u200cگردد.",
    ),
]  # fmt: skip


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    reports = [replace(r, published=DAY) for r in REPORTS]
    with backend_over_index(tmp_path / "home", reports, site_port=fixture_site.port) as base_url:
        yield base_url


def test_the_same_story_from_another_outlet_is_found_and_another_story_is_not(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage="en")
    tab, _ = show(browser, indexed_backend, fixture_site, PAGE)
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    # Then the other outlet's report is the same story, and the smog and dollar reports are not
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    assert same == [[REPORTS[0].title, "fa"]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- with the model on: the loopback fake of the Messages API --------------------------------------

# What a model writes of the article in English: the numbers as a translation writes them (1,200
# for ۱٬۲۰۰, 43.5 for ۴۳٫۵, 2.5 million for ۲٫۵ میلیون, 2029 for the Solar Hijri year 1408).
SUMMARY: dict[str, Any] = {
    "headline": "Tehran signs the contract for metro line 10",
    "bullets": [
        {
            "text": "Tehran's city council approved the contract for metro line 10 with 18 votes; "
            "the project is estimated at 1,200 billion tomans.",
            "sentence_ids": [0, 1],
        },
        {
            "text": "The new line is 43.5 kilometres long with 35 stations and is to open by 2029.",
            "sentence_ids": [2, 3],
        },
        {
            "text": "The mayor said the Tehran metro carries 2.5 million passengers a day.",
            "sentence_ids": [4],
        },
    ],
    "disputed": None,
}


@pytest.fixture
def model_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    with (
        FakeAnthropic() as fake,
        backend_over_index(
            tmp_path / "home", [], site_port=fixture_site.port, model_url=fake.base_url
        ) as base_url,
    ):
        fake.default = scripted_model({"en": SUMMARY}, {})
        yield base_url


def test_the_models_english_summary_of_a_persian_article_keeps_every_point(
    browser: ExtensionBrowser, model_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=model_backend, summaryLanguage="en")
    tab, _ = show(browser, model_backend, fixture_site, PAGE)
    summary = browser.entry(tab)["brief"]["summary"]  # type: ignore[index]
    # Then the model's points are kept: before, each was unsupported_number and the reader got
    # the Persian sentences instead ("llm_unfaithful")
    assert (summary["method"], summary["language"]) == ("llm", "en"), json.dumps(summary)
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets")
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    bullets = panel.evaluate(TEXT_DIRECTIONS, ".bullet-text")
    assert [(lang, d) for _, lang, d in bullets] == [("en", "ltr")] * 3
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- a browser in Persian ---------------------------------------------------------------------------


@pytest.fixture
def persian_browser(
    playwright: Playwright, chromium: str, tmp_path: Path
) -> Iterator[ExtensionBrowser]:
    instance = ExtensionBrowser(playwright, tmp_path / "profile", chromium, locale="fa-IR")
    yield instance
    instance.close()


@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_persian_browser_gets_the_summary_in_persian(
    persian_browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, width: int
) -> None:
    # Given a browser in Persian, on the default settings (walk12 walked it when Persian was no
    # summary language and English stood in; since session 21 the backend writes Persian)
    browser = persian_browser
    browser.set_settings(backendUrl=backend)
    options = browser.open_options()
    # Then the options page offers the browser's language for the summaries, and says English
    # stands in for it in the panel
    summary_auto = options.locator("#summaryLanguage option[value='auto']").inner_text()
    assert summary_auto == message("en", "browserLanguageOption", "Persian")
    panel_auto = options.locator("#panelLanguage option[value='auto']").inner_text()
    assert panel_auto == message("en", "browserLanguageUnavailableOption", "English", "Persian")
    # And the options page, in English, is laid out left to right
    assert options.evaluate("getComputedStyle(document.body).direction") == "ltr"

    # When the reader opens a Persian article
    tab, _ = show(browser, backend, fixture_site, PAGE)
    assert browser.entry(tab)["language"] == "fa"  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the panel, in English and left to right, shows the article's points in Persian, right
    # to left, with nothing saying a language was passed over
    assert panel.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert panel.locator(".summary .language-fallback").count() == 0
    assert panel.locator(".summary > .notice").count() == 0
    bullets = panel.evaluate(TEXT_DIRECTIONS, ".bullet-text")
    assert bullets and {(lang, d) for _, lang, d in bullets} == {("fa", "rtl")}
    text = panel.locator("body").inner_text()
    assert "$" not in text and "__MSG_" not in text
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []
