"""The panel attacked as readers meet it, in Firefox ESR: an Arabic article in an English panel
(right to left where it is Arabic, names in their order) and a 320 px panel, also at 200 % zoom
(long names, URLs and words wrap; the two versions of a differing claim stack), reached with
Firefox's own zoom; and Escape closing an open chip back onto it.

One Firefox for the module. A ready entry goes straight into ``storage.session`` (what the
worker writes), and the panel page is opened on it in a tab zoomed to the panel's width;
the path-aware fake backend answers the corroboration for the add-on's pinned origin.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e import briefs, reader_briefs
from tests.e2e.fake_backend import PathBackend
from tests.e2e.firefox import (
    FIREFOX_ORIGIN,
    PANEL,
    WINDOW,
    FirefoxExtension,
    open_panel_at,
    set_settings,
)
from tests.e2e.harness import message
from tests.e2e.reader_checks import (
    BROKEN_WORDS,
    DIRECTIONS,
    LAYOUT_PROBLEMS,
    LEFT_OF,
    LINE_EDGES,
)
from tests.e2e.test_rtl_summary_language import RTL_BLOCKS, ends_on_the_right, rtl_reader_brief

pytestmark = pytest.mark.e2e

CHIPS = ".bullets > li button.corroboration-chip"
ENTER = "\ue007"  # WebDriver's key codes
ESCAPE = "\ue00c"


@pytest.fixture(scope="module")
def panel_tab(firefox: FirefoxExtension, firefox_fake_backend: PathBackend) -> str:
    """An extension page in a tab of its own (the panel page is loaded into it per test)."""
    handle = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=firefox_fake_backend.base_url, panelLanguage="en")
    return handle


def call(firefox: FirefoxExtension, function: str, *args: Any) -> Any:
    """One of reader_checks' functions, run in the current page."""
    return firefox.run(f"return ({function})(...arguments);", list(args))


def show(
    firefox: FirefoxExtension,
    fake: PathBackend,
    brief: dict[str, Any],
    corroboration: dict[str, Any],
    *,
    width: int,
    tab_id: int,
) -> None:
    """Given a ready entry for a tab: the panel page on it, ``width`` CSS px wide, every chip,
    snippet and list opened once the corroboration is in."""
    fake.routes["/v1/corroborations"] = (200, corroboration, 0.0)
    open_panel_at(
        firefox, brief, tab_id=tab_id, width=width, language="en", url="https://www.example.org/a"
    )
    firefox.wait(
        "return document.getElementById('content').dataset.corroboration === 'ready'",
        "the corroboration is in",
    )
    firefox.run(
        """document.querySelectorAll(arguments[0]).forEach((chip) => chip.click());
           document.querySelectorAll('.snippet-toggle').forEach((b) => b.click());
           document.querySelectorAll('details').forEach((d) => { d.open = true; });""",
        [CHIPS],
    )


def test_an_arabic_article_reads_right_to_left_where_it_is_arabic(
    firefox: FirefoxExtension, firefox_fake_backend: PathBackend, panel_tab: str
) -> None:
    show(
        firefox,
        firefox_fake_backend,
        reader_briefs.arabic_brief(),
        reader_briefs.arabic_corroboration(),
        width=400,
        tab_id=501,
    )
    assert firefox.run("return document.documentElement.lang") == "en"
    for selector in (
        ".article-title",
        ".bullet",
        ".related-item[data-language='ar'] .headline a",
        ".related-item[data-language='he'] .headline a",
        ".related-item[data-language='ar'] .snippet",
        ".side-by-side .there blockquote",
    ):
        directions = call(firefox, DIRECTIONS, selector)
        assert directions and set(directions) == {"rtl"}, selector
    # And an Arabic quote or headline inside a list item is aligned on the right, not on the
    # English list's side (Firefox's `li { text-align: match-parent }`, walk5)
    for selector in (
        ".corroboration-support[dir='rtl'] blockquote",
        ".related-item[data-language='ar'] .headline",
    ):
        blocks = call(firefox, LINE_EDGES, selector)
        assert blocks and all(ends_on_the_right(block) for block in blocks), (selector, blocks)
    english = call(firefox, DIRECTIONS, ".related-item[data-language='en'] .headline a")
    assert english == ["ltr"]
    assert set(call(firefox, DIRECTIONS, "h2.section-title, .corroboration-chip")) == {"ltr"}
    assert firefox.run("return document.querySelector('.article-title').lang") == "ar"
    first, second = reader_briefs.AR_AUTHORS
    assert call(firefox, LEFT_OF, [".authors", first]) < call(
        firefox, LEFT_OF, [".authors", second]
    )
    status = ".corroboration-status"
    assert call(firefox, LEFT_OF, [status, reader_briefs.AR_OUTLET]) < call(
        firefox, LEFT_OF, [status, reader_briefs.AR_OUTLET_2]
    )
    # And at 320 px, right to left and all, nothing is cut off or overlaps
    show(
        firefox,
        firefox_fake_backend,
        reader_briefs.arabic_brief(),
        reader_briefs.arabic_corroboration(),
        width=320,
        tab_id=502,
    )
    assert call(firefox, LAYOUT_PROBLEMS) == []


@pytest.mark.parametrize("width", [320, 160], ids=["320px", "320px-at-200pct-zoom"])
def test_a_narrow_panel_wraps_everything_and_stacks_the_differs_view(
    firefox: FirefoxExtension, firefox_fake_backend: PathBackend, panel_tab: str, width: int
) -> None:
    show(
        firefox,
        firefox_fake_backend,
        reader_briefs.long_names_brief(),
        reader_briefs.long_names_corroboration(),
        width=width,
        tab_id=600 + width,
    )
    assert call(firefox, LAYOUT_PROBLEMS) == []
    boxes = json.loads(
        firefox.run(
            """return JSON.stringify([...document.querySelectorAll('.side-by-side figure')]
                   .slice(0, 2).map((f) => f.getBoundingClientRect().toJSON()))"""
        )
    )
    here, there = boxes
    assert there["top"] >= here["bottom"] - 1  # stacked, this article first


def test_escape_closes_an_open_chip_back_onto_it(
    firefox: FirefoxExtension, firefox_fake_backend: PathBackend, panel_tab: str
) -> None:
    from marionette_driver.by import By

    # Given the panel with every chip open (show() opens them)
    show(
        firefox,
        firefox_fake_backend,
        reader_briefs.arabic_brief(),
        reader_briefs.arabic_corroboration(),
        width=400,
        tab_id=701,
    )
    chip = firefox.marionette.find_elements(By.CSS_SELECTOR, CHIPS)[1]
    assert chip.get_attribute("aria-expanded") == "true"
    # When the reader presses Escape on it
    chip.send_keys(ESCAPE)
    # Then it closes, its sentences are hidden, and focus is still on the chip
    assert chip.get_attribute("aria-expanded") == "false"
    detail = firefox.marionette.find_element(By.ID, str(chip.get_attribute("aria-controls")))
    assert not detail.is_displayed()
    assert firefox.run(
        "return document.activeElement === document.querySelectorAll(arguments[0])[1]", [CHIPS]
    )
    # And Enter opens it again
    chip.send_keys(ENTER)
    assert chip.get_attribute("aria-expanded") == "true"


def test_a_spanish_panel_at_180_px_cuts_no_word_of_its_own(
    firefox: FirefoxExtension, firefox_fake_backend: PathBackend, panel_tab: str
) -> None:
    # Given a Spanish reader whose backend is down (walk4: a 360 px sidebar at 200 % zoom)
    set_settings(firefox, panelLanguage="es")
    try:
        firefox.extension_call(
            """await browser.storage.session.set({"tab:901": {tabId: 901, state: "error",
                   requestId: "ff-901", error: {code: "backend_unreachable"},
                   backendUrl: "http://127.0.0.1:9", startedAt: Date.now()}});"""
        )
        firefox.marionette.set_window_rect(width=WINDOW, height=900)
        firefox.marionette.navigate(f"{PANEL}?tab=901")
        firefox.chrome("gBrowser.selectedBrowser.fullZoom = arguments[0];", [WINDOW / 180])
        firefox.wait("return Math.abs(window.innerWidth - 180) <= 4", "a page about 180 px wide")
        firefox.wait(
            "return document.getElementById('content').dataset.state === 'error'", "the error"
        )
        # Then no word of the panel's is cut across lines: not the name ("Para|llax") nor
        # "configuració|n" in the checklist
        assert call(firefox, BROKEN_WORDS, ".topbar, .message") == []
        assert call(firefox, LAYOUT_PROBLEMS) == []
    finally:
        set_settings(firefox, panelLanguage="en")


def test_a_panel_language_switch_keeps_the_readers_place_and_what_they_opened(
    firefox: FirefoxExtension, firefox_fake_backend: PathBackend, panel_tab: str
) -> None:
    # Given the panel with every chip, snippet and list open (show() opens them), the reader on
    # the second bullet
    show(
        firefox,
        firefox_fake_backend,
        reader_briefs.arabic_brief(),
        reader_briefs.arabic_corroboration(),
        width=400,
        tab_id=801,
    )
    opened = "return document.querySelectorAll('[aria-expanded=\"true\"], details[open]').length"
    before = firefox.run(opened)
    assert before > 0
    firefox.run("document.querySelectorAll('.bullet')[1].focus();")
    try:
        # When the panel language is switched to Spanish
        set_settings(firefox, panelLanguage="es")
        firefox.wait(
            "return document.getElementById('summary-heading').textContent === arguments[0]",
            "the Brief in Spanish",
            args=[message("es", "summaryHeading")],
        )
        # Then the reader is still on the second bullet, and what was open is open again (the
        # chips once the kept corroboration is drawn)
        assert firefox.run(
            "return document.activeElement === document.querySelectorAll('.bullet')[1]"
        )
        firefox.wait(f"{opened} === arguments[0]", "everything open again", args=[before])
    finally:
        set_settings(firefox, panelLanguage="en")


@pytest.mark.parametrize("width", [360, 180], ids=["360px", "360px-at-200pct-zoom"])
def test_a_hebrew_summary_and_translated_headlines_end_every_line_on_the_right(
    firefox: FirefoxExtension, firefox_fake_backend: PathBackend, panel_tab: str, width: int
) -> None:
    # Given an English article the model summarised in Hebrew, its related headlines translated,
    # in an English panel (walk5)
    set_settings(firefox, summaryLanguage="he")
    try:
        firefox_fake_backend.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
        open_panel_at(
            firefox,
            rtl_reader_brief("he"),
            tab_id=950 + width,
            width=width,
            language="he",
            url="https://www.example.org/a",
        )
        firefox.wait(
            "return document.getElementById('content').dataset.state === 'ready'", "the Brief"
        )
        # Then the model's texts and the translated headlines are right-to-left blocks whose
        # every wrapped line ends on the right
        for selector in RTL_BLOCKS:
            assert set(call(firefox, DIRECTIONS, selector)) == {"rtl"}, selector
            for block in call(firefox, LINE_EDGES, selector):
                assert len(block["lines"]) >= 2, (selector, block)
                assert ends_on_the_right(block), (selector, block)
        assert call(firefox, LAYOUT_PROBLEMS) == []
    finally:
        set_settings(firefox, summaryLanguage="auto")
