"""A reader whose summary language is written right to left (Arabic, then Hebrew) reads an
English article in an English panel (Chromium): the model's summary, its neutral headline and
what it calls disputed, and the related headlines it translated, each laid out as a right-to-left
block (session 18, walk5).

An Arabic text inside a block of the panel's own direction took the letters' order from its
`dir` but the block's alignment: a headline that wrapped ended its last line on the left, where
an Arabic reader does not look for it ("Nordheim" alone at the left under a right-aligned line).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e import briefs
from tests.e2e.fake_backend import PathBackend
from tests.e2e.harness import ExtensionBrowser, wait_panel_state
from tests.e2e.reader_checks import DIRECTIONS, LAYOUT_PROBLEMS, LINE_EDGES

pytestmark = pytest.mark.e2e

# What a model writes about the English tram-line article, with Latin names and numbers inside.
WRITTEN = {
    "ar": {
        "headline": "مجلس مدينة Nordheim يوافق على خط الترام 7 بتكلفة 214 مليون يورو بعد سنوات من النقاش",
        "bullets": [
            "وافق مجلس المدينة على خط الترام 7 بأغلبية 38 صوتا مقابل 21 (بعد نحو 10 سنوات من النقاش).",
            "سيربط الخط المحطة الرئيسية بحي Nordheim، ومن المقرر أن يبدأ تشغيله في عام 2031.",
        ],
        "disputed": "تشكك المعارضة في أن تبقى تقديرات 214 مليون يورو صحيحة حتى نهاية المشروع.",
        "titles": {
            "fr": "المجلس البلدي في المدينة يوافق على إنشاء خط ترام جديد يصل إلى حي Nordheim",
            "de": "الخط 7: تكاليف الترام إلى Nordheim ترتفع إلى 214 مليون يورو حسب تقديرات البلدية",
        },
    },
    "he": {
        "headline": "מועצת העיר Nordheim אישרה את קו 7 של הרכבת הקלה בעלות של 214 מיליון אירו",
        "bullets": [
            "מועצת העיר אישרה את קו 7 ברוב של 38 מול 21 (אחרי כ-10 שנות ויכוח).",
            "הקו יחבר את התחנה המרכזית לשכונת Nordheim, והפעלתו מתוכננת לשנת 2031.",
        ],
        "disputed": "האופוזיציה מטילה ספק בכך שהאומדן של 214 מיליון אירו יחזיק עד סוף הפרויקט.",
        "titles": {
            "fr": "מועצת העיר מאשרת קו חדש של הרכבת הקלה שיגיע עד לשכונת Nordheim בצפון העיר",
            "de": "קו 7: העלויות של הרכבת הקלה ל-Nordheim עולות ל-214 מיליון אירו לפי העירייה",
        },
    },
}


def rtl_reader_brief(language: str) -> dict[str, Any]:
    """An English article summarised by a model in ``language``, with a French related report
    of the same story and a German one on the topic, their headlines translated."""
    written = WRITTEN[language]
    brief = briefs.sample_brief(
        summary_language=language,
        method="llm",
        model="claude-sonnet-4-5",
        notice=None,
        headline=written["headline"],
        disputed=written["disputed"],
        related=[item for item in briefs.related_items() if item["language"] == "fr"],
        topic=[item for item in briefs.topic_items() if item["language"] == "de"],
    )
    brief["article"].update(
        {
            "title": "City council approves tram line 7 to Nordheim after a decade of debate",
            "language": "en",
            "outlet": briefs.outlet("Rhine Courier", "rhine-courier.example", "private"),
        }
    )
    brief["summary"]["bullets"] = [
        {"text": text, "sentence_ids": [i]} for i, text in enumerate(written["bullets"])
    ]
    for item in brief["related"]["items"] + brief["related"]["topic"]:
        item["translated_title"] = written["titles"][item["language"]]
    return brief


@pytest.fixture
def fake() -> Iterator[PathBackend]:
    with PathBackend() as backend:
        backend.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
        yield backend


def show(browser: ExtensionBrowser, fake: PathBackend, language: str, width: int) -> Page:
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en", summaryLanguage=language)
    browser.put_entry(
        4242,
        state="ready",
        url="https://www.example.org/a",
        language=language,
        brief=rtl_reader_brief(language),
    )
    panel = browser.open_panel(tab=4242, width=width)
    wait_panel_state(panel, "ready")
    return panel


# The model's texts and the translated headlines, as blocks of their own.
RTL_BLOCKS = (
    ".neutral-headline .text",
    ".disputed [lang]",
    ".same-story .headline",
    ".on-topic .headline",
)


def ends_on_the_right(block: dict[str, Any]) -> bool:
    """Every line of a block LINE_EDGES measured ends where its content box ends, on the right."""
    return all(abs(right - block["end"]) <= 2 for _, right in block["lines"])


@pytest.mark.parametrize("language", ["ar", "he"])
@pytest.mark.parametrize("width", [360, 180], ids=["360px", "360px-at-200pct-zoom"])
def test_the_models_texts_and_translated_headlines_in_a_rtl_language_end_every_line_on_the_right(
    browser: ExtensionBrowser, fake: PathBackend, language: str, width: int
) -> None:
    # Given an English article summarised by the model in Arabic (or Hebrew), in an English panel
    panel = show(browser, fake, language, width)
    # Then the panel itself stays left to right
    assert set(panel.evaluate(DIRECTIONS, "h2.section-title, .neutral-headline .label")) == {"ltr"}
    for selector in RTL_BLOCKS:
        # And each of the model's texts is a right-to-left block, that wraps at this width
        assert set(panel.evaluate(DIRECTIONS, selector)) == {"rtl"}, selector
        for block in panel.evaluate(LINE_EDGES, selector):
            assert len(block["lines"]) >= 2, (selector, block)
            # whose every line ends on the right
            assert ends_on_the_right(block), (selector, block)
    # And nothing is cut or overlaps
    assert panel.evaluate(LAYOUT_PROBLEMS) == []


# The language each piece of visually hidden text is read in: its nearest `lang`.
HIDDEN_TEXT_LANGUAGES = """() => [...document.querySelectorAll('.visually-hidden')]
    .filter((e) => e.textContent.trim())
    .map((e) => [e.textContent.trim(), e.closest('[lang]')?.lang ?? ''])"""


@pytest.mark.parametrize("language", ["ar", "he"])
def test_the_panels_own_hidden_words_in_a_translated_headline_are_read_in_the_panels_language(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given related headlines the model translated into Arabic (or Hebrew), in an English panel
    panel = show(browser, fake, language, 360)
    hidden = panel.evaluate(HIDDEN_TEXT_LANGUAGES)
    opens = [lang for text, lang in hidden if text == "(opens in a new tab)"]
    # Then a screen reader reads the links' "(opens in a new tab)" as English, not in the voice
    # of the headline it follows, and so every other word of the panel's it is not shown
    assert len(opens) >= 2
    assert {lang for _, lang in hidden} == {"en"}, hidden
