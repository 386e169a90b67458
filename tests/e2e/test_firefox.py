"""The same extension in Firefox: Debian's firefox-esr, driven by Marionette.

A temporary add-on from extension/, a toolbar click on an article of the loopback fixture site,
the sidebar, and the panel page (opened in a tab, as Marionette cannot reach into the sidebar):
the summary, one citation highlighted in the page, one related item.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
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


def wait_drawn_in(firefox: FirefoxExtension, language: str) -> None:
    """The panel drawn again in ``language`` after a settings change: the page's language is set
    before the content is drawn again, so its headings are what tell."""
    firefox.wait(
        "return document.documentElement.lang === arguments[0] && "
        "document.getElementById('summary-heading')?.textContent === arguments[1] && "
        "document.getElementById('related-heading')?.textContent === arguments[2]",
        f"the panel drawn in {language}",
        args=[language, message(language, "summaryHeading"), message(language, "relatedHeading")],
    )


def test_a_brief_in_the_firefox_sidebar_with_summary_highlight_and_related(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given the fake backend, which allows the add-on's pinned moz-extension:// origin
    fake_backend.origin = FIREFOX_ORIGIN
    fake_backend.respond(briefs.sample_brief(summary_language="de"))
    options = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake_backend.base_url, panelLanguage="en")
    article_url = fixture_site.url("/articles/de_article.html")
    article = firefox.open_tab(article_url)  # returns once the article has loaded

    # When the reader clicks the toolbar button on the article
    firefox.click_action()

    # Then the sidebar opens and the worker stores the tab's Brief
    firefox.switch_to(options)
    entry = None

    def stored() -> bool:
        nonlocal entry
        entry = stored_entry(firefox, article_url)
        return entry is not None and entry["state"] in ("ready", "error")

    poll(stored, "the Brief is stored", timeout=30)
    assert entry is not None and entry["state"] == "ready", entry
    assert firefox.sidebar_is_open()
    (request,) = fake_backend.requests
    assert request["url"] == article_url and "Straßenbahnlinie 7" in request["html"]

    # And the panel page shows the summary and related coverage
    firefox.marionette.navigate(f"{PANEL}?tab={entry['tabId']}")
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "the panel")
    texts = firefox.run(
        "return [...document.querySelectorAll('.bullet-text')].map((b) => b.textContent)"
    )
    assert texts == briefs.DE_SENTENCES
    headings = firefox.run(
        "return [...document.querySelectorAll('.related-item .headline')].map((h) => h.textContent)"
    )
    assert any("Nordheim bekommt die Linie 7" in h for h in headings)
    # The outlets that ran dpa's report link to their copies (Abendblatt Süd has none); Euro
    # Wire's report (English, so shown first) comes as an older backend sends it: names only
    copies = firefox.run(
        "return [...document.querySelectorAll('.related-item .also li')].map((li) => {"
        " const a = li.querySelector('a');"
        " return a ? [a.href, a.target, a.rel] : li.textContent; })"
    )
    assert copies == [
        "Euro Wire",
        ["https://www.rheinpost.example/nordheim/linie-7", "_blank", "noopener noreferrer"],
        ["https://www.stadtanzeiger.example/region/linie-7", "_blank", "noopener noreferrer"],
        "Abendblatt Süd",
    ]
    assert firefox.run("return document.getElementById('related-heading').textContent") == message(
        "en", "relatedHeading"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    firefox.marionette.set_window_rect(width=400, height=900)
    png = firefox.marionette.screenshot(format="binary", full=True)
    Path(SCREENSHOTS / "firefox-panel-en.png").write_bytes(png)

    # The same panel in German, dark (Firefox's content colour-scheme override)
    set_settings(firefox, panelLanguage="de")
    firefox.chrome(
        "Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', 0);"
    )
    wait_drawn_in(firefox, "de")
    # (the preference reaches the page's process a moment after it is set)
    firefox.wait("return matchMedia('(prefers-color-scheme: dark)').matches", "the dark scheme")
    png = firefox.marionette.screenshot(format="binary", full=True)
    Path(SCREENSHOTS / "firefox-panel-de-dark.png").write_bytes(png)
    firefox.chrome(
        "Services.prefs.clearUserPref('layout.css.prefers-color-scheme.content-override');"
    )
    set_settings(firefox, panelLanguage="en")
    firefox.wait("return !matchMedia('(prefers-color-scheme: dark)').matches", "the light scheme")
    # The bullets below are clicked only once the English panel is drawn: clicked before, the
    # drawing would replace them and the status line the click fills
    wait_drawn_in(firefox, "en")

    # When a bullet is clicked, its sentence is highlighted in the article
    firefox.run("document.querySelectorAll('.bullet')[1].click()")
    firefox.wait(
        "return document.getElementById('highlight-status').textContent !== ''", "the highlight"
    )
    assert firefox.run("return document.getElementById('highlight-status').textContent") == (
        message("en", "highlightShown_one", "1")
    )
    firefox.switch_to(article)
    assert firefox.run(
        "return CSS.highlights.has('parallax-cite') || "
        "document.querySelectorAll('mark[data-parallax-cite]').length > 0"
    )
