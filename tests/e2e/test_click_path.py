"""The click path: toolbar button → worker captures the tab → backend → storage.session → panel.

Real Chromium, the real backend, the loopback fixture news site. The toolbar click is
DevTools' Extensions.triggerAction, which runs the extension's action like a user click does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import (
    EXTENSION_ID,
    ExtensionBrowser,
    message,
    poll,
    wait_panel_state,
)

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


def test_the_extension_id_is_the_one_the_backend_allows(browser: ExtensionBrowser) -> None:
    # The manifest key pins the id, hence the origin in the backend's CORS configuration.
    assert browser.extension_id == EXTENSION_ID


def test_toolbar_click_opens_the_panel_and_shows_the_brief_of_a_german_page_in_english(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    # Given English as summary and panel language
    browser.set_settings(backendUrl=backend, summaryLanguage="en", panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    assert browser.entry(tab) is None
    # When the reader clicks the toolbar button on the German article
    browser.click_action(page, tab)
    # Then the side panel opens and the worker stores the tab's Brief
    entry = browser.wait_entry(tab)
    assert entry["state"] == "ready", entry
    # (the panel's page is a target of its own, which the browser may list a little later)
    poll(browser.side_panel_is_open, "the side panel is open")
    assert entry["url"] == page.url and entry["language"] == "en"
    assert entry["sentHtml"] is True  # the reader's DOM went to the backend, no fetch needed
    brief = entry["brief"]
    assert "fetch" not in brief["timings_ms"] and "text" not in brief["article"]
    assert brief["article"]["language"] == "de"
    assert brief["summary"]["notice"] == "not_translated"
    # And the panel shows it, in English
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    assert panel.evaluate("() => document.documentElement.lang") == "en"
    expect(panel.locator(".article-title")).to_have_text(brief["article"]["title"])
    expect(panel.locator(".article-title")).to_have_attribute("lang", "de")
    expect(panel.locator(".outlet-name").first).to_have_text("Rheinblick")
    expect(panel.locator(".article-language")).to_have_text("German")
    expect(panel.locator("time").first).to_have_attribute("datetime", "2024-03-14T08:30:00.000Z")
    expect(panel.locator("#summary-heading")).to_have_text("Summary")
    expect(panel.locator(".method")).to_have_attribute("data-method", "extractive")
    expect(panel.locator(".notice")).to_have_text(
        message("en", "notice_not_translated", "German", "English")
    )
    bullets = panel.locator(".bullet-text")
    expect(bullets).to_have_count(len(brief["summary"]["bullets"]))
    expect(bullets.first).to_have_text(brief["summary"]["bullets"][0]["text"])
    expect(panel.locator("#related-heading")).to_have_text("The story elsewhere")
    # "No coverage was found" only when every source could look; else it says the search was
    # incomplete (the local index is empty in this test)
    related = brief["related"]
    index = related.get("index")
    complete = (
        not related["partial"]
        and not related["failed_sources"]
        and (index is None or index["status"] == "filled")
    )
    expect(panel.locator(".related .empty")).to_have_text(
        message("en", "relatedEmpty" if complete else "relatedEmptyIncomplete")
    )


def test_an_english_page_with_german_settings(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend, summaryLanguage="de", panelLanguage="de")
    page, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    browser.click_action(page, tab)
    wait_panel_state(panel, "ready")
    entry = browser.wait_entry(tab)
    assert entry["language"] == "de" and entry["brief"]["article"]["language"] == "en"
    assert panel.evaluate("() => document.documentElement.lang") == "de"
    expect(panel.locator("#summary-heading")).to_have_text("Zusammenfassung")
    expect(panel.locator("#related-heading")).to_have_text("Die Geschichte anderswo")
    expect(panel.locator(".article-language")).to_have_text("Englisch")
    expect(panel.locator(".method .badge")).to_have_text("Extraktiv")
    expect(panel.locator(".notice")).to_have_text(
        message("de", "notice_not_translated", "Englisch", "Deutsch")
    )
    expect(panel.locator(".bullet").first).to_have_attribute("lang", "en")


def test_clicking_a_bullet_scrolls_to_and_highlights_its_sentences(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend, summaryLanguage="en", panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    page.set_viewport_size({"width": 800, "height": 240})  # so the sentence must be scrolled to
    browser.click_action(page, tab)
    entry = browser.wait_entry(tab)
    brief = entry["brief"]
    last = brief["summary"]["bullets"][-1]
    cited = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")

    button = panel.locator(".bullet").last
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(panel.locator("#highlight-status")).to_have_text(
        message(
            "en",
            "highlightShown_one" if len(last["sentence_ids"]) == 1 else "highlightShown_other",
            str(len(last["sentence_ids"])),
        )
    )
    # The page has the cited sentence highlighted (CSS Custom Highlight API) ...
    page.wait_for_function("() => CSS.highlights.has('parallax-cite')")
    highlighted = page.evaluate(
        "() => [...CSS.highlights.get('parallax-cite')].map((r) => r.toString().replace(/\\s+/g, ' ').trim())"
    )
    assert highlighted == [cited[i] for i in last["sentence_ids"]]
    # ... and scrolled into view
    page.wait_for_function(
        """() => {
            const range = [...CSS.highlights.get('parallax-cite')][0];
            const box = range.getBoundingClientRect();
            return window.scrollY > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
        }"""
    )
    # Clicking the same point again removes the highlight
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    page.wait_for_function("() => !CSS.highlights.has('parallax-cite')")


def test_keyboard_reaches_the_bullets_and_activates_them(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend, summaryLanguage="en", panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    focused = []
    for _ in range(4):
        panel.keyboard.press("Tab")
        focused.append(
            panel.evaluate("() => document.activeElement.id || document.activeElement.className")
        )
    assert focused[:3] == ["refresh", "open-options", "bullet"]
    # The focus ring is visible (an outline, not just the browser default being suppressed)
    outline = panel.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    panel.keyboard.press("Enter")
    expect(panel.locator(".bullet").nth(1)).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => CSS.highlights.has('parallax-cite')")


def test_switching_tabs_shows_each_tabs_brief_from_the_cache(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend, summaryLanguage="en", panelLanguage="en")
    de_page, de_tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(de_page, de_tab)
    de_entry = browser.wait_entry(de_tab)
    en_page, en_tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(en_page, en_tab)
    en_entry = browser.wait_entry(en_tab)
    _, blank_tab = browser.open_tab(fixture_site.url("/articles/fr_article.html"))

    # The panel follows the active tab of the article window, as the real side panel does
    panel = browser.open_panel(window=browser.main_window)
    title = panel.locator(".article-title")
    for tab, entry in ((de_tab, de_entry), (en_tab, en_entry), (de_tab, de_entry)):
        browser.activate(tab)
        expect(title).to_have_text(entry["brief"]["article"]["title"])
    # A tab never analysed asks for a click
    browser.activate(blank_tab)
    wait_panel_state(panel, "idle")
    expect(panel.locator("#message-title")).to_have_text(message("en", "idle_title"))
    # Switching back did not ask the backend again: the cached entries are unchanged
    browser.activate(de_tab)
    expect(title).to_have_text(de_entry["brief"]["article"]["title"])
    assert browser.entry(de_tab)["requestId"] == de_entry["requestId"]  # type: ignore[index]


def test_navigating_refreshes_the_brief_and_leaving_the_site_asks_for_a_click(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend, summaryLanguage="en", panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    first = browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")

    # Same site: activeTab still covers the tab, so the worker re-captures by itself
    page.goto(fixture_site.url("/articles/en_article.html"))
    second = browser.wait_entry(
        tab, lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"]
    )
    assert second["brief"]["article"]["language"] == "en"
    assert second["trigger"] == "navigation"
    expect(panel.locator(".article-title")).to_have_text(second["brief"]["article"]["title"])

    # Another site (another origin): the grant is gone, the panel asks for a new click
    other_origin = fixture_site.url("/articles/fr_article.html").replace("127.0.0.1", "localhost")
    page.goto(other_origin)
    browser.wait_entry(tab, lambda e: e.get("state") == "navigated")
    wait_panel_state(panel, "navigated")
    expect(panel.locator("#message-title")).to_have_text(message("en", "navigated_title"))
    # The panel's ↻ cannot read it either: it says to click on this page (not "cannot read")
    panel.locator("#refresh").click()
    wait_panel_state(panel, "note")
    expect(panel.locator(".message")).to_have_attribute("data-code", "needs_click")
    expect(panel.locator(".message-body")).to_contain_text("Alt+Shift+P")
    # A click on the new page analyses it (a new request: the refresh's needs_click entry is
    # already "error", and on a loaded machine the click's first write may not have landed yet)
    refused = browser.entry(tab)
    assert refused is not None and refused["error"]["code"] == "needs_click"
    browser.click_action(page, tab)
    third = browser.wait_entry(
        tab,
        lambda e: e.get("state") in ("ready", "error") and e["requestId"] != refused["requestId"],
    )
    assert third["state"] == "ready" and third["brief"]["article"]["language"] == "fr"


def test_closing_a_tab_forgets_its_brief(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend)
    page, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    page.close()
    poll(lambda: browser.entry(tab) is None, "the entry of a closed tab is removed")
