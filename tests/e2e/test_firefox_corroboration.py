"""Claim by claim (issue 18) in Firefox ESR: the chips after the Brief, a "differs" chip opened
into both versions side by side, "What others report that this article does not", and an outlet
that never answered (named, the rest still shown); a backend that never answers holds nothing
back.

One Firefox for the module (the ``firefox`` fixture), one toolbar click: the Brief is stored once
(and the real sidebar asks for its corroboration, the one request for that Brief), then each
test opens the panel page afresh in a tab as wide as Firefox's sidebar (Marionette cannot reach
into the sidebar itself), which shows the answer the sidebar kept. The path-aware fake backend
allows the add-on's pinned moz-extension:// origin.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e import briefs
from tests.e2e.briefs import COURIER, DPA, RADIO, WESTFUNK
from tests.e2e.fake_backend import PathBackend
from tests.e2e.firefox import (
    FIREFOX_ORIGIN,
    PANEL,
    FirefoxExtension,
    poll,
    set_settings,
    stored_entry,
)
from tests.e2e.harness import SCREENSHOTS, message

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

CHIPS = ".bullets > li .corroboration-chip"
SIDEBAR_ASKED: dict[str, Any] = {}
"""The body of the sidebar's corroboration request (the one for the module's Brief)."""
ENTER = "\ue007"  # WebDriver's key code for Enter


@pytest.fixture(scope="module")
def fake(firefox_fake_backend: PathBackend) -> PathBackend:
    """The module's fake backend (conftest's, on the Firefox origin) answering with a Brief that
    has bullets and, after a short wait, their corroboration."""
    firefox_fake_backend.routes["/v1/briefs"] = (200, briefs.corroboration_brief(), 0.0)
    firefox_fake_backend.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.3)
    return firefox_fake_backend


@pytest.fixture(scope="module")
def briefed_tab(firefox: FirefoxExtension, fake: PathBackend, fixture_site: FixtureSite) -> int:
    """Given a German article briefed through a toolbar click: the tab id whose entry is ready."""
    options = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake.base_url, panelLanguage="en", summaryLanguage="de")
    article_url = fixture_site.url("/articles/de_article.html")
    firefox.open_tab(article_url)  # returns once the article has loaded
    firefox.click_action()
    # The sidebar's own panel (which Marionette cannot read) shows the Brief of the article tab
    # and then asks for its corroboration
    poll(
        lambda: [path for path, _, _ in fake.requests] == ["/v1/briefs", "/v1/corroborations"],
        "the sidebar asks for the corroboration after the Brief",
        timeout=30,
    )
    SIDEBAR_ASKED.update(fake.requests[1][1])
    assert firefox.sidebar_is_open()
    save_sidebar_screenshot(firefox, SCREENSHOTS / "firefox-sidebar-corroboration-en.png")
    # Back to the extension page to read the worker's storage (and, later, show the panel)
    firefox.switch_to(options)
    entry: dict[str, Any] | None = None

    def stored() -> bool:
        nonlocal entry
        # One tab was clicked: its entry (whatever its URL, so that an error shows below)
        entry = stored_entry(firefox)
        return entry is not None and entry["state"] in ("ready", "error")

    poll(stored, "the Brief is stored", timeout=30)
    assert entry is not None and entry["state"] == "ready", entry
    return int(entry["tabId"])


def save_sidebar_screenshot(firefox: FirefoxExtension, path: Path) -> None:
    """The real sidebar, drawn by the browser window (a window tall enough for the whole panel),
    once two shots 0.3 s apart are the same: the answer has arrived and been drawn."""
    from marionette_driver.by import By

    firefox.marionette.set_window_rect(width=800, height=2600)
    shots: list[bytes] = []

    def settled() -> bool:
        with firefox.marionette.using_context("chrome"):
            box = firefox.marionette.find_element(By.ID, "sidebar-box")
            shots.append(firefox.marionette.screenshot(element=box, format="binary"))
        time.sleep(0.3)
        return len(shots) > 1 and shots[-1] == shots[-2]

    poll(settled, "the sidebar is drawn")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(shots[-1])


def sidebar_width(firefox: FirefoxExtension) -> int:
    """The width of Firefox's sidebar as the reader gets it (the panel's real width)."""
    width: float = firefox.chrome(
        "return document.getElementById('sidebar-box').getBoundingClientRect().width;"
    )
    return round(width)


def set_content_width(firefox: FirefoxExtension, width: int) -> None:
    """Resize the window so that the current tab's page is ``width`` CSS pixels wide (the open
    sidebar and the window's frame take the rest)."""
    frame: int = firefox.run("return window.outerWidth - window.innerWidth")
    firefox.marionette.set_window_rect(width=width + frame, height=900)
    firefox.wait(f"return window.innerWidth === {width}", f"a page {width} px wide")


def open_panel(
    firefox: FirefoxExtension, fake: PathBackend, tab: int, *, fresh: bool = False
) -> None:
    """The panel page, loaded afresh in the current tab (an extension page), as wide as Firefox's
    sidebar. It shows the corroboration the sidebar kept; with ``fresh`` that is forgotten first,
    so the page asks itself (as for a Brief nobody has asked about)."""
    set_content_width(firefox, sidebar_width(firefox))
    if fresh:
        firefox.extension_call(
            "const kept = Object.keys(await browser.storage.session.get(null));"
            "await browser.storage.session.remove(kept.filter((k) => k.startsWith('corroboration:')));"
        )
    fake.requests.clear()
    firefox.marionette.navigate(f"{PANEL}?tab={tab}")
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "the panel")


def wait_corroboration(firefox: FirefoxExtension, state: str = "ready") -> None:
    firefox.wait(
        f"return document.getElementById('content').dataset.corroboration === '{state}'",
        f"the corroboration is {state}",
    )


def texts(firefox: FirefoxExtension, selector: str) -> list[str]:
    found: list[str] = firefox.run(
        "return [...document.querySelectorAll(arguments[0])].map((n) => n.textContent)",
        [selector],
    )
    return found


def test_chips_appear_after_the_brief_and_open_from_the_keyboard(
    firefox: FirefoxExtension, fake: PathBackend, briefed_tab: int
) -> None:
    from marionette_driver.by import By

    # When the panel shows the Brief
    open_panel(firefox, fake, briefed_tab)
    wait_corroboration(firefox)

    # Then it asked nothing: the sidebar asked once for the Brief, and the page shows what it kept
    # (before: each panel document asked again, two requests per Brief)
    assert fake.requests == []
    # That one request, after the Brief, named the Brief's key and related URLs
    body = SIDEBAR_ASKED
    assert body["article"]["key"] == "k"
    assert [o["url"] for o in body["others"]] == [WESTFUNK, DPA, COURIER, RADIO]
    # And each bullet carries its chip, in the panel language
    assert texts(firefox, CHIPS) == [
        message("en", "corroboration_outlets_other", "2"),
        message("en", "corroboration_differsIn_one", "1"),
        message("en", "corroboration_onlyHere"),
    ]
    assert firefox.run(
        "return [...document.querySelectorAll(arguments[0])].map((c) => [c.tagName, c.dataset.status])",
        [CHIPS],
    ) == [["BUTTON", "agrees"], ["BUTTON", "differs"], ["SPAN", "only_here"]]
    chip = firefox.marionette.find_elements(By.CSS_SELECTOR, CHIPS)[0]
    assert chip.get_attribute("aria-expanded") == "false"
    assert chip.get_attribute("aria-label") == message(
        "en", "corroboration_chipLabel", message("en", "corroboration_outlets_other", "2")
    )
    detail = firefox.marionette.find_element(By.ID, str(chip.get_attribute("aria-controls")))
    assert not detail.is_displayed()

    # When the reader presses Enter on the focused chip
    chip.send_keys(ENTER)

    # Then it opens the other outlets' sentences, each linked to its report
    firefox.wait(
        f"return document.querySelector('{CHIPS}').getAttribute('aria-expanded') === 'true'",
        "the chip opens",
    )
    assert detail.is_displayed()
    supports = firefox.run(
        """return [...document.querySelectorAll(arguments[0] + ' .corroboration-support')].map((s) => ({
               href: s.querySelector('a').href, rel: s.querySelector('a').rel,
               quoteLang: s.querySelector('blockquote').lang,
               language: s.querySelector('.corroboration-language')?.textContent ?? null,
               headline: s.querySelector('.corroboration-headline')?.textContent ?? null}))""",
        ["#" + str(chip.get_attribute("aria-controls"))],
    )
    assert supports == [
        {"href": WESTFUNK, "rel": "noopener noreferrer", "quoteLang": "de", "language": None,
         "headline": None},
        {"href": COURIER, "rel": "noopener noreferrer", "quoteLang": "en", "language": "English",
         "headline": "Stadtrat beschließt Straßenbahn nach Nordheim"},
    ]  # fmt: skip


def test_a_differs_chip_shows_both_versions_side_by_side(
    firefox: FirefoxExtension, fake: PathBackend, briefed_tab: int
) -> None:
    from marionette_driver.by import By

    open_panel(firefox, fake, briefed_tab)
    wait_corroboration(firefox)

    # When the reader clicks the amber "differs in 1" chip
    firefox.marionette.find_elements(By.CSS_SELECTOR, CHIPS)[1].click()

    # Then this article's sentence and the other outlet's stand side by side, with what differs
    pair = ".corroboration-support[data-relation='differs'] .side-by-side"
    firefox.wait(
        f'return document.querySelector("{pair}")?.getBoundingClientRect().height > 0',
        "the side-by-side view",
    )
    assert texts(firefox, f"{pair} .here figcaption") == [
        message("en", "corroboration_thisArticle")
    ]
    assert texts(firefox, f"{pair} .here blockquote") == [briefs.DE_SENTENCES[1]]
    (there,) = texts(firefox, f"{pair} .there blockquote")
    assert "2032" in there and "<img src=x" in there  # hostile text stays text
    assert "Westfunk" in texts(firefox, f"{pair} .there figcaption")[0]
    assert texts(firefox, ".corroboration-changes") == [
        message(
            "en", "corroboration_differsOn", message("en", "corroboration_change", "2031", "2032")
        )
    ]
    assert firefox.run("return document.body.dataset.pwned ?? null") is None
    assert firefox.run("return document.querySelectorAll('.corroboration img').length") == 0
    # At Firefox's sidebar width (about 250 px) the two versions stack, this article first,
    # and nothing makes the panel scroll sideways
    here, there_box = [
        figure.rect
        for figure in firefox.marionette.find_elements(By.CSS_SELECTOR, f"{pair} figure")
    ]
    assert firefox.run("return window.innerWidth") < 340
    assert here["y"] + here["height"] <= there_box["y"] and here["x"] == there_box["x"]
    assert firefox.run(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )

    # The screenshot of the corroboration view, the differs chip open
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # (the viewport from the first chip down: a full-page shot draws the sticky header over it)
    firefox.run(f"document.querySelector('{CHIPS}').scrollIntoView({{block: 'start'}})")
    png = firefox.marionette.screenshot(format="binary", full=False)
    Path(SCREENSHOTS / "firefox-corroboration-en.png").write_bytes(png)

    # And in a panel 400 px wide they share a row, this article on the left
    set_content_width(firefox, 400)
    here, there_box = [
        figure.rect
        for figure in firefox.marionette.find_elements(By.CSS_SELECTOR, f"{pair} figure")
    ]
    assert abs(here["y"] - there_box["y"]) < 2 and here["x"] < there_box["x"]


def test_what_others_report_that_this_article_does_not(
    firefox: FirefoxExtension, fake: PathBackend, briefed_tab: int
) -> None:
    # Given the panel in English, corroborated
    open_panel(firefox, fake, briefed_tab)
    wait_corroboration(firefox)
    try:
        # When the reader switches the panel to German (the panel renders again, live)
        set_settings(firefox, panelLanguage="de")
        firefox.wait("return document.documentElement.lang === 'de'", "the German panel")
        firefox.wait(
            "return document.querySelector('.corroboration-missing h2')?.textContent === "
            + repr(message("de", "corroboration_missingHeading")),
            "the German section",
        )
        # Then the chips are in German too, from the answer already received (no request)
        assert texts(firefox, CHIPS) == [
            message("de", "corroboration_outlets_other", "2"),
            message("de", "corroboration_differsIn_one", "1"),
            message("de", "corroboration_onlyHere"),
        ]
        assert fake.requests == []
        # And the section follows the summary, headed in German, each sentence with its outlet
        section = ".corroboration-missing"
        assert texts(firefox, f"{section} h2") == [message("de", "corroboration_missingHeading")]
        assert (
            firefox.run(
                f"return document.querySelector('{section}').getAttribute('aria-labelledby')"
            )
            == "corroboration-missing-heading"
        )
        assert texts(firefox, f"{section} li blockquote") == [
            "The line will cost 214 million euros, the city said.",
            "Anwohner hatten gegen die Trasse geklagt.",
        ]
        assert texts(firefox, f"{section} li a") == ["Rhine Courier", "Westfunk"]
        assert texts(firefox, f"{section} li .corroboration-language") == ["Englisch"]
        assert firefox.run(f"return document.querySelector('{section} blockquote').lang") == "en"
        order = firefox.run(
            "return [...document.querySelectorAll('.summary, .corroboration-missing, .related')]"
            ".map((n) => n.className)"
        )
        assert order[:2] == ["summary", "corroboration-missing"]
    finally:
        set_settings(firefox, panelLanguage="en")


def test_an_outlet_that_never_answered_is_named_and_the_rest_still_shown(
    firefox: FirefoxExtension, fake: PathBackend, briefed_tab: int
) -> None:
    # Given an answer in which dpa-news timed out (and one report was not an article)
    open_panel(firefox, fake, briefed_tab)
    wait_corroboration(firefox)

    # Then the status names it, counts the two that were read, and all chips are there
    assert texts(firefox, ".corroboration-status") == [
        message("en", "corroboration_compared_other", "2")
        + " "
        + message("en", "corroboration_unread_one", "1", "dpa")
    ]
    assert (
        firefox.run("return document.querySelector('.corroboration-status').getAttribute('role')")
        == "status"
    )
    assert len(texts(firefox, CHIPS)) == 3
    assert len(texts(firefox, ".corroboration-missing li")) == 2


def test_a_backend_that_never_answers_never_holds_back_the_brief(
    firefox: FirefoxExtension, fake: PathBackend, briefed_tab: int
) -> None:
    # Given a backend whose corroboration never comes (within the test)
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 60.0)
    try:
        open_panel(firefox, fake, briefed_tab, fresh=True)

        # Then the Brief is complete while the corroboration is still out
        assert texts(firefox, ".bullets > li .bullet-text") == briefs.DE_SENTENCES
        poll(lambda: len(fake.requests) == 1, "the corroboration is asked for")
        assert texts(firefox, ".corroboration-status") == [message("en", "corroboration_checking")]
        assert firefox.run("return document.getElementById('content').dataset.corroboration") == (
            "loading"
        )
        assert texts(firefox, CHIPS) == []
    finally:
        fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.3)
