"""A reader's session in Firefox: the article is reloaded under the sidebar.

Firefox ties `activeTab` to the document (a reload ends the grant) and, without the `tabs`
permission, reports neither the old nor the new address: the worker cannot tell a reload from
another page, so the panel asks for a new click, and must say so truthfully."""

from __future__ import annotations

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
from tests.e2e.harness import message
from tests.e2e.reader_checks import HIGHLIGHT_STYLE, HIGHLIGHT_YELLOW

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


def test_a_reloaded_article_is_not_called_another_page_and_a_new_click_highlights_in_colour(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a Brief of the German article in the sidebar, the panel page open in a tab
    fake_backend.origin = FIREFOX_ORIGIN
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    panel = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake_backend.base_url, panelLanguage="en")
    url = fixture_site.url("/articles/de_article.html")
    article = firefox.open_tab(url)
    firefox.click_action()
    firefox.switch_to(panel)
    poll(lambda: (stored_entry(firefox, url) or {}).get("state") == "ready", "the Brief")
    first = stored_entry(firefox, url)
    assert first is not None
    firefox.marionette.navigate(f"{PANEL}?tab={first['tabId']}")
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "ready")

    # When the reader reloads the article
    firefox.switch_to(article)
    firefox.marionette.refresh()
    firefox.wait("return document.readyState === 'complete'", "the reloaded article")

    # Then the panel asks for a click without claiming the tab shows another page: it cannot tell
    # (before: "This tab shows another page now" after every reload)
    firefox.switch_to(panel)
    firefox.wait(
        "return document.getElementById('content').dataset.state === 'navigated'", "the note"
    )
    title = firefox.run("return document.getElementById('message-title').textContent")
    body = firefox.run("return document.querySelector('.message-body').textContent")
    assert (title, body) == (message("en", "navigated_title"), message("en", "navigated_body"))
    assert "another page now" not in title

    # And a new click briefs the page again, and a bullet clicked is highlighted in colour
    firefox.switch_to(article)
    firefox.click_action()
    firefox.switch_to(panel)
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "ready")
    firefox.run("document.querySelectorAll('.bullet')[0].click()")
    firefox.wait(
        "return document.getElementById('highlight-status').textContent === arguments[0]",
        "the highlight",
        args=[message("en", "highlightShown_one", "1")],
    )
    firefox.switch_to(article)
    firefox.wait(
        "return CSS.highlights.has('parallax-cite') || "
        "document.querySelectorAll('mark[data-parallax-cite]').length > 0",
        "the highlight in the page",
    )
    assert firefox.run(f"return ({HIGHLIGHT_STYLE})()") == HIGHLIGHT_YELLOW


# storage.session filled with other tabs' Briefs (tab:5000, the oldest, first), then a little at a
# time until not even a loading entry fits.
FILL = """const s = browser.storage.session;
           await s.clear();
           let n = 0;
           try {
               for (; n < 100; n += 1) {
                   await s.set({["tab:" + (5000 + n)]: {tabId: 5000 + n, requestId: "filler-" + n,
                       state: "ready", updatedAt: n + 1, pad: "x".repeat(500000)}});
               }
           } catch (error) {
               // then a little at a time, until not even a loading entry fits
               for (let size = 4096; size >= 64; size = Math.floor(size / 2)) {
                   try {
                       for (let k = 0; k < 64; k += 1) {
                           await s.set({["pad:" + size + ":" + k]: "x".repeat(size)});
                       }
                   } catch { /* full at this size: go smaller */ }
               }
               return {n, error: String(error.message ?? error)};
           }
           return {n};"""


def test_a_click_on_a_full_storage_still_gets_its_brief(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given storage.session full of other tabs' Briefs (Firefox's quota is 10 MB too, and its
    # error reads "QuotaExceededError: storage.session API call exceeded its quota limitations.")
    fake_backend.origin = FIREFOX_ORIGIN
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    panel = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake_backend.base_url, panelLanguage="en")
    filled = firefox.extension_call(FILL)
    assert "quota" in str(filled.get("error", "")).lower(), filled
    url = fixture_site.url("/articles/de_article.html")
    firefox.open_tab(url)

    # When the reader clicks Parallax
    firefox.click_action()

    # Then the Brief is stored (before: the loading entry's write threw, nothing was asked)
    firefox.switch_to(panel)
    poll(lambda: (stored_entry(firefox, url) or {}).get("state") == "ready", "the Brief")
    entry = stored_entry(firefox, url)
    assert entry is not None
    firefox.marionette.navigate(f"{PANEL}?tab={entry['tabId']}")
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "ready")
    # And the oldest other tab made the room
    keys = firefox.extension_call("return Object.keys(await browser.storage.session.get(null));")
    assert "tab:5000" not in keys and f"tab:{5000 + filled['n'] - 1}" in keys


def test_a_full_storage_spares_the_tab_a_panel_shows(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given storage.session full, its oldest entry (tab:5000) shown by a panel page
    fake_backend.origin = FIREFOX_ORIGIN
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    panel = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake_backend.base_url, panelLanguage="en")
    filled = firefox.extension_call(FILL)
    assert "quota" in str(filled.get("error", "")).lower(), filled
    firefox.open_tab(f"{PANEL}?tab=5000")
    firefox.wait("return document.body.dataset.ready === 'true'", "the panel page")
    url = fixture_site.url("/articles/de_article.html")
    firefox.open_tab(url)

    # When the reader clicks Parallax
    firefox.click_action()

    # Then the Brief is stored, and the room was made by the oldest tab no panel shows (before:
    # the oldest, tab:5000, went, and its panel went blank)
    firefox.switch_to(panel)
    poll(lambda: (stored_entry(firefox, url) or {}).get("state") == "ready", "the Brief")
    keys = firefox.extension_call("return Object.keys(await browser.storage.session.get(null));")
    assert "tab:5000" in keys and "tab:5001" not in keys
