"""A reader whose summary language is Chinese, then Japanese, reads a Chinese and a Japanese
article (session 19, walk6): the README's offline path (the fixture news site, the extension,
the real backend with its feed index and the extractive summariser), in Debian's Chromium, the
panel at 360 px and at 200 % zoom (180 CSS px), and a browser in Chinese, a language the panel
is not translated into.

What failed before, each fixed: the options page called the Chinese summaries of a Chinese
browser "Same as the panel (Chinese)" beside an English panel; an outlet's Chinese or Japanese
name was marked English; the feed index never found another outlet's report of a Chinese story
(FTS5 keeps a whole clause of Chinese as one token)."""

# ruff: noqa: RUF001, RUF003 -- CJK punctuation is the point of these texts

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page

from tests.e2e.harness import (
    ExtensionBrowser,
    horizontal_overflow,
    message,
    wait_panel_state,
)
from tests.e2e.indexed_backend import backend_over_index
from tests.e2e.reader_checks import LAYOUT_PROBLEMS

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

NARROW = 180  # CSS px: a 360 px panel at 200 % zoom

ARTICLES = {
    "zh": ("zh_article.html", "滨江日报", "滨江市地铁7号线延伸段获批"),
    "ja": ("ja_article.html", "港北新聞", "港北市議会、地下鉄7号線の延伸を可決"),
}

# Every element with text of its own, and the language it is read in (its nearest `lang`).
TEXT_LANGUAGES = """(selector) => [...document.querySelectorAll(selector)]
    .map((e) => [e.textContent.trim(), e.closest('[lang]')?.lang ?? ''])"""


# The same, for the text of the element itself (a link's headline without its hidden words).
OWN_TEXT_LANGUAGES = """(selector) => [...document.querySelectorAll(selector)]
    .map((e) => [e.firstChild.textContent.trim(), e.closest('[lang]')?.lang ?? ''])"""


def show(browser: ExtensionBrowser, backend: str, site: FixtureSite, page: str) -> tuple[int, Page]:
    tab_page, tab = browser.open_tab(site.url(f"/articles/{page}"))
    browser.click_action(tab_page, tab)
    assert browser.wait_entry(tab)["state"] == "ready"
    return tab, tab_page


@pytest.mark.parametrize("article", ["zh", "ja"])
@pytest.mark.parametrize("summary", ["zh", "ja"])
@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_chinese_or_japanese_article_reads_whole_in_its_own_language(
    browser: ExtensionBrowser,
    backend: str,
    fixture_site: FixtureSite,
    article: str,
    summary: str,
    width: int,
) -> None:
    page, outlet, title = ARTICLES[article]
    # Given a reader whose summaries are in Chinese (or Japanese), without a model
    browser.set_settings(backendUrl=backend, summaryLanguage=summary)
    tab, _ = show(browser, backend, fixture_site, page)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline, the points and the outlet's name are marked in the article's language
    # (the name was marked English: an English voice, and the Han glyphs of English text)
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [[outlet, article]]
    [[headline, headline_lang]] = panel.evaluate(TEXT_LANGUAGES, ".article-title")
    assert headline.startswith(title) and headline_lang == article
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert len(bullets) >= 3 and {lang for _, lang in bullets} == {article}
    # And each point is the whole sentence it cites, split at 。！？ (a Japanese quote's
    # 「…？」と goes on in its sentence)
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == "".join(sentences[i] for i in bullet["sentence_ids"])
        assert text[-1] in "。！？"
    assert not any(s.startswith(("と", "って")) for s in sentences.values())
    # And an article in another language than the reader's says its points stay untranslated
    expect_notice = article != summary
    assert (panel.locator(".summary > .notice").count() == 1) is expect_notice
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


@pytest.fixture
def chinese_browser(
    playwright: Playwright, chromium: str, tmp_path: Path
) -> Iterator[ExtensionBrowser]:
    instance = ExtensionBrowser(playwright, tmp_path / "profile", chromium, locale="zh-CN")
    yield instance
    instance.close()


def test_a_chinese_browser_gets_an_english_panel_and_chinese_summaries_named_as_its_own(
    chinese_browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    # Given a browser in Chinese, which the panel is not translated into, on the default settings
    chinese_browser.set_settings(backendUrl=backend)
    options = chinese_browser.open_options()
    # Then the options page is in English, and "auto" says the summaries follow the browser's
    # language, Chinese: before it said "Same as the panel (Chinese)" beside an English panel
    assert options.evaluate("() => document.documentElement.lang") == "en"
    summary = options.locator("#summaryLanguage option[value='auto']")
    assert summary.inner_text() == message("en", "browserLanguageOption", "Chinese")
    # And the panel's "auto" says English stands in for Chinese (walk9; before "Browser
    # language (English)", a language the browser is not in)
    panel_auto = options.locator("#panelLanguage option[value='auto']")
    assert panel_auto.inner_text() == message(
        "en", "browserLanguageUnavailableOption", "English", "Chinese"
    )
    # And the picker names Chinese and Japanese in English and in their own words
    assert options.locator("#summaryLanguage option[value='zh']").inner_text() == "Chinese (中文)"
    assert (
        options.locator("#summaryLanguage option[value='ja']").inner_text() == "Japanese (日本語)"
    )
    # And a panel language chosen in the form makes "auto" follow it again, as it then says
    options.locator("#panelLanguage").select_option("fr")
    assert summary.inner_text() == message("en", "summaryAutoOption", "French")

    # When the reader opens an English article
    options.locator("#panelLanguage").select_option("auto")
    tab, _ = show(chinese_browser, backend, fixture_site, "en_article.html")
    entry: dict[str, Any] = chinese_browser.entry(tab)  # type: ignore[assignment]
    # Then Chinese points were asked for, and the English panel says they stay in English
    assert entry["brief"]["summary"]["notice"] == "not_translated"
    panel = chinese_browser.open_panel(tab=tab, width=360)
    wait_panel_state(panel, "ready")
    assert panel.evaluate("() => document.documentElement.lang") == "en"
    assert "Chinese" in panel.locator(".summary > .notice").inner_text()
    # And no message is missing (a key or a placeholder shown instead of its words)
    text = panel.locator("body").inner_text()
    assert "$" not in text and "__MSG_" not in text


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    """The real backend over a feed index holding another outlet's reports of both articles'
    stories and one of another story."""
    with backend_over_index(tmp_path / "home", REPORTS, site_port=fixture_site.port) as base_url:
        yield base_url


def _report(outlet: str, name: str, language: str, title: str, summary: str) -> Any:
    from parallax.domain.ingest_ports import IndexItem

    return IndexItem(
        url=f"https://www.{outlet}.example/news/{abs(hash(title)) % 10**6}",
        outlet_id=outlet,
        outlet_name=name,
        outlet_domain=f"{outlet}.example",
        title=title,
        summary=summary,
        language=language,
        published="2024-07-09T06:00:00Z",
    )


REPORTS = [
    _report(
        "linhai-news", "临海新闻网", "zh", "地铁7号线北延工程获市人大批准",
        "市人大常委会批准地铁7号线延伸至临港新区，总投资约214亿元，2031年建成通车。",
    ),
    _report(
        "kaigan-times", "海岸タイムズ", "ja", "地下鉄7号線延伸、港北市議会が可決",
        "港北市議会は地下鉄7号線を臨海地区まで延ばす計画を可決した。総事業費は約2140億円。",
    ),
    _report(
        "caijing", "财经日报", "zh", "上海股市周一大幅上涨",
        "上海证券交易所综合指数周一上涨百分之二，滨江市多家企业股价走高。",
    ),
]  # fmt: skip


@pytest.mark.parametrize("article", ["zh", "ja"])
def test_the_same_story_from_another_chinese_or_japanese_outlet_is_found(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite, article: str
) -> None:
    # Given the feed index holds another outlet's report of the article's story, worded its own
    # way (no clause in common: FTS5 keeps a clause of Chinese or Japanese as one token, so before
    # nothing was found), and a report of another story sharing a place name
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage=article)
    tab, _ = show(browser, indexed_backend, fixture_site, ARTICLES[article][0])
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    # Then the panel shows that report among the same story, in its own language
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    expected = {"zh": "地铁7号线北延工程获市人大批准", "ja": "地下鉄7号線延伸、港北市議会が可決"}
    assert [text for text, _ in same] == [expected[article]]
    assert same[0][1] == article
    # And under its outlet's name, marked in that language too
    assert panel.evaluate(TEXT_LANGUAGES, ".same-story .outlet-name")[0][1] == article
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
