"""A reader on a Hindi and on a Thai news page (session 20, walk9), who wants the summary in
English, then a browser in a language neither the backend (SUPPORTED_LANGUAGES) nor the panel
offers (walk9 walked Hindi and Thai browsers; since session 21 the backend writes Hindi, Bengali,
Thai and Vietnamese, so a Tamil and a Burmese browser stand in, and a Hindi browser gets Hindi). Debian's Chromium, offline (the extractive
summariser, the feed index) and with the model on (the loopback fake of the Messages API), the
panel at 360 px and at 200 % zoom (180 CSS px).

What failed before, each fixed: the model's faithful English points were dropped for numbers
the guard could not read (1,200 करोड़ is 12 billion rupees; the Thai year 2570 is 2027), and the
English reader of the Hindi article got its Hindi sentences instead; a Hindi report of another
story of the same city was put in the same story (\\w+ cut Devanagari words into letters); a
browser in Hindi or Thai was answered in English without a word, and the options page called
that "Browser language (English)"."""

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

ARTICLES = {
    "hi": ("hi_article.html", "नवभारत समाचार", "नवपुर नगर निगम ने मेट्रो लाइन 7 के विस्तार को मंज़ूरी दी"),
    "th": ("th_article.html", "ข่าวสยามรายวัน", "สภาเมืองนครใหม่อนุมัติขยายรถไฟฟ้าสาย 7"),
}
NAMES = {"hi": "Hindi", "th": "Thai"}


@pytest.mark.parametrize("article", ["hi", "th"])
@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_hindi_or_thai_article_reads_whole_for_an_english_reader_offline(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, article: str, width: int
) -> None:
    # Given a reader whose summaries are in English, without a model
    page, outlet, title = ARTICLES[article]
    browser.set_settings(backendUrl=backend, summaryLanguage="en")
    tab, _ = show(browser, backend, fixture_site, page)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline, the points and the outlet's name are marked in the article's language
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [[outlet, article]]
    [[headline, headline_lang]] = panel.evaluate(TEXT_LANGUAGES, ".article-title")
    assert headline.startswith(title) and headline_lang == article
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert len(bullets) >= 3 and {lang for _, lang in bullets} == {article}
    # And each point is the whole sentence it cites (Hindi ends a sentence with the danda)
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == " ".join(sentences[i] for i in bullet["sentence_ids"])
    if article == "hi":
        assert all(s.endswith(("।", '।"', '?"')) for s in sentences.values()), sentences
    # And the panel says, in English, that the points stay in the article's language
    notice = panel.locator(".summary > .notice")
    assert notice.get_attribute("data-notice") == "not_translated"
    assert NAMES[article] in notice.inner_text()
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


DAY = "2024-07-08T06:00:00Z"
REPORTS = [
    # Another outlet's report of the Hindi story
    _report(
        "dainik-prakash", "दैनिक प्रकाश", "hi", "नवपुर में मेट्रो लाइन 7 का विस्तार मंज़ूर, छह नए स्टेशन बनेंगे",
        "नगर निगम ने उत्तरी उपनगर तक मेट्रो विस्तार को मंज़ूरी दी। परियोजना पर 1,200 करोड़ रुपये खर्च होंगे।",
    ),
    # A report of another story of the same city, the same day
    _report(
        "jan-awaz", "जन आवाज़", "hi", "नवपुर में मानसून की पहली बारिश से कई इलाकों में जलभराव",
        "शहर के कई इलाकों में पानी भर गया और यातायात धीमा रहा।",
    ),
]  # fmt: skip


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    reports = [replace(r, published=DAY) for r in REPORTS]
    with backend_over_index(tmp_path / "home", reports, site_port=fixture_site.port) as base_url:
        yield base_url


def test_a_hindi_report_of_another_story_of_the_city_is_not_the_same_story(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage="en")
    tab, _ = show(browser, indexed_backend, fixture_site, "hi_article.html")
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    # Then the other outlet's report is the same story, and the monsoon report is not
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    assert same == [[REPORTS[0].title, "hi"]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- with the model on: the loopback fake of the Messages API --------------------------------------

# What a model writes of each article in English: the numbers as a translation writes them
# (12 billion rupees for 1,200 करोड़, 350 million for ३५ करोड़; 2027 for the Thai year 2570).
SUMMARIES: dict[str, dict[str, Any]] = {
    "hi": {
        "headline": "Navpur approves a 12 billion rupee extension of metro line 7",
        "bullets": [
            {
                "text": "Navpur's municipal corporation voted 28 to 9 to extend metro line 7 to "
                "the northern suburb.",
                "sentence_ids": [0],
            },
            {
                "text": "The project will cost 12 billion rupees, the largest transport project "
                "in the city's history.",
                "sentence_ids": [1],
            },
            {
                "text": "350 million rupees are already approved for the design; construction "
                "starts in 2027 and the line opens in 2031.",
                "sentence_ids": [3],
            },
        ],
        "disputed": None,
    },
    "th": {
        "headline": "Nakhon Mai council approves a 12 billion baht metro extension",
        "bullets": [
            {
                "text": "The city council voted 28 to 9 to extend metro line 7 to the new town "
                "in the north, at a cost of 12 billion baht.",
                "sentence_ids": [0],
            },
            {
                "text": "The 11-kilometre section will have 6 stations; 35 million baht is set "
                "aside for design, construction starts in 2027 and service in 2031.",
                "sentence_ids": [1],
            },
            {"text": "More than 40,000 people live in the new town.", "sentence_ids": [2]},
        ],
        "disputed": None,
    },
}


@pytest.fixture
def model_backends(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A backend with the model on the loopback fake per article (the fake answers by the
    request's target language, so each article has its own)."""
    with (
        FakeAnthropic() as fake_hi,
        FakeAnthropic() as fake_th,
        backend_over_index(
            tmp_path / "hi", [], site_port=fixture_site.port, model_url=fake_hi.base_url
        ) as hi,
        backend_over_index(
            tmp_path / "th", [], site_port=fixture_site.port, model_url=fake_th.base_url
        ) as th,
    ):
        fake_hi.default = scripted_model({"en": SUMMARIES["hi"]}, {})
        fake_th.default = scripted_model({"en": SUMMARIES["th"]}, {})
        yield {"hi": hi, "th": th}


@pytest.mark.parametrize("article", ["hi", "th"])
def test_the_models_english_summary_of_a_hindi_or_thai_article_keeps_every_point(
    browser: ExtensionBrowser,
    model_backends: dict[str, str],
    fixture_site: FixtureSite,
    article: str,
) -> None:
    backend = model_backends[article]
    browser.set_settings(backendUrl=backend, summaryLanguage="en")
    tab, _ = show(browser, backend, fixture_site, ARTICLES[article][0])
    summary = browser.entry(tab)["brief"]["summary"]  # type: ignore[index]
    # Then the model's points are kept: before, two of the Hindi article's three were dropped
    # (and its Hindi sentences shown instead) and one of the Thai article's
    assert (summary["method"], summary["language"]) == ("llm", "en"), json.dumps(summary)
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets")
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    assert [lang for _, lang in panel.evaluate(TEXT_LANGUAGES, ".bullet-text")] == ["en"] * 3
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- a browser in a language Parallax does not write ---------------------------------------------

# (browser locale, its language's English name, the article read): Tamil and Burmese are
# neither panel nor summary languages.
FOREIGN_BROWSERS = {"ta-IN": ("Tamil", "hi"), "my-MM": ("Burmese", "th")}


@pytest.fixture(params=sorted(FOREIGN_BROWSERS))
def foreign_browser(
    request: pytest.FixtureRequest, playwright: Playwright, chromium: str, tmp_path: Path
) -> Iterator[tuple[ExtensionBrowser, str]]:
    locale: str = request.param
    instance = ExtensionBrowser(playwright, tmp_path / "profile", chromium, locale=locale)
    yield instance, locale
    instance.close()


@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_browser_in_a_language_parallax_does_not_write_is_told_it_gets_english(
    foreign_browser: tuple[ExtensionBrowser, str],
    backend: str,
    fixture_site: FixtureSite,
    width: int,
) -> None:
    # Given a browser in Tamil (then Burmese), on the default settings
    browser, locale = foreign_browser
    name, article = FOREIGN_BROWSERS[locale]
    browser.set_settings(backendUrl=backend)
    options = browser.open_options()
    # Then the options page says that English stands in for the browser's language, for the
    # summaries and for the panel: before, "Same as the panel (English)" and "Browser language
    # (English)", a language the browser is not in
    expected = message("en", "browserLanguageUnavailableOption", "English", name)
    assert options.locator("#summaryLanguage option[value='auto']").inner_text() == expected
    assert options.locator("#panelLanguage option[value='auto']").inner_text() == expected
    # And a panel language chosen in the form makes "auto" follow it, as it says
    options.locator("#panelLanguage").select_option("fr")
    summary_auto = options.locator("#summaryLanguage option[value='auto']")
    assert summary_auto.inner_text() == message("en", "summaryAutoOption", "French")

    # When the reader opens the article in the browser's language
    options.locator("#panelLanguage").select_option("auto")
    tab, _ = show(browser, backend, fixture_site, ARTICLES[article][0])
    assert browser.entry(tab)["language"] == "en"  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the panel says why it is in English, and the points are the article's sentences
    hint = panel.locator(".summary .language-fallback")
    assert hint.inner_text() == message("en", "browserLanguageFallback", name)
    assert panel.locator(".summary > .notice").get_attribute("data-notice") == "not_translated"
    text = panel.locator("body").inner_text()
    assert "$" not in text and "__MSG_" not in text
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- a browser in Hindi, with the model on -----------------------------------------------------------

# What a model writes of the Hindi article in Hindi, the numbers as the article writes them.
HINDI_SUMMARY: dict[str, Any] = {
    "headline": "नवपुर में मेट्रो लाइन 7 के विस्तार को मंज़ूरी",
    "bullets": [
        {
            "text": "नवपुर नगर निगम ने मेट्रो लाइन 7 को उत्तरी उपनगर तक बढ़ाने का प्रस्ताव 28 के "
            "मुकाबले 9 मतों से मंज़ूर किया।",
            "sentence_ids": [0],
        },
        {
            "text": "परियोजना पर 1,200 करोड़ रुपये खर्च होंगे, जो शहर की सबसे बड़ी परिवहन परियोजना है।",
            "sentence_ids": [1],
        },
        {
            "text": "डिज़ाइन के लिए ३५ करोड़ रुपये मंज़ूर हैं; निर्माण 2027 में शुरू होगा और लाइन 2031 में खुलेगी।",
            "sentence_ids": [3],
        },
    ],
    "disputed": None,
}


@pytest.fixture
def hindi_browser(
    playwright: Playwright, chromium: str, tmp_path: Path
) -> Iterator[ExtensionBrowser]:
    instance = ExtensionBrowser(playwright, tmp_path / "profile", chromium, locale="hi-IN")
    yield instance
    instance.close()


@pytest.fixture
def hindi_model_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    with (
        FakeAnthropic() as fake,
        backend_over_index(
            tmp_path / "hi", [], site_port=fixture_site.port, model_url=fake.base_url
        ) as base_url,
    ):
        fake.default = scripted_model({"hi": HINDI_SUMMARY}, {})
        yield base_url


def test_a_hindi_browser_gets_the_summary_in_hindi(
    hindi_browser: ExtensionBrowser, hindi_model_backend: str, fixture_site: FixtureSite
) -> None:
    # Given a browser in Hindi on the default settings, the model on
    browser = hindi_browser
    browser.set_settings(backendUrl=hindi_model_backend)
    options = browser.open_options()
    # Then the options page offers the browser's language for the summaries, and says the panel
    # (English, German, French or Spanish) stands in for it; before, both said English
    summary_auto = options.locator("#summaryLanguage option[value='auto']").inner_text()
    assert summary_auto == message("en", "browserLanguageOption", "Hindi")
    panel_auto = options.locator("#panelLanguage option[value='auto']").inner_text()
    assert panel_auto == message("en", "browserLanguageUnavailableOption", "English", "Hindi")
    assert options.locator("#summaryLanguage option[value='hi']").count() == 1
    # When the reader opens the Hindi article
    tab, _ = show(browser, hindi_model_backend, fixture_site, ARTICLES["hi"][0])
    entry = browser.entry(tab)
    assert entry["language"] == "hi"  # type: ignore[index]
    summary = entry["brief"]["summary"]  # type: ignore[index]
    # Then the model's Hindi points are kept, each marked as Hindi, with no word of English
    # standing in
    assert (summary["method"], summary["language"]) == ("llm", "hi"), json.dumps(summary)
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets")
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert [lang for _, lang in bullets] == ["hi"] * 3
    assert [text for text, _ in bullets] == [b["text"] for b in HINDI_SUMMARY["bullets"]]
    assert panel.locator(".summary .language-fallback").count() == 0
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []
