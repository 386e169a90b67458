"""storage.session near its quota (10 MB in Chromium and Firefox): a click still gets its Brief.

The worker writes the tab's loading entry first and evicts old tabs' entries only after the
Brief; on a full storage that first write threw, and the panel stayed on what it showed until
tabs were closed. Now a quota error evicts the least recently updated other tabs (with their
corroboration records) and the write is tried again (lib/state.js, putRecord)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import ExtensionBrowser, message, poll, wait_panel_state

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

FILLER_TABS = range(1000, 1020)  # tabs of no window: entries as the worker leaves them
MAX_RECORD_BYTES = 512 * 1024  # lib/state.js

# Twenty entries of about 500 KB (each under the per-record cap), the oldest first, each with a
# corroboration record; then one more record takes what is left but a few bytes.
FILL = """async ([tabIds, padBytes]) => {
    const s = chrome.storage.session;
    let at = 1;
    for (const tabId of tabIds) {
        await s.set({["tab:" + tabId]: {
            tabId, requestId: "filler-" + tabId, state: "ready", url: "https://example.org/" + tabId,
            startedAt: at, updatedAt: at, pad: "x".repeat(padBytes)}});
        await s.set({["corroboration:" + tabId]: {id: "filler-" + tabId + "|b", at, ok: false,
            code: "backend_timeout"}});
        at += 1;
    }
    const free = s.QUOTA_BYTES - (await s.getBytesInUse(null));
    const key = "tab:" + tabIds[tabIds.length - 1];
    const last = (await s.get(key))[key];
    await s.set({[key]: {...last, pad: last.pad + "x".repeat(free - 40)}});
    return s.QUOTA_BYTES - (await s.getBytesInUse(null));
}"""


def _fill(browser: ExtensionBrowser) -> None:
    left = browser.worker_eval(FILL, [list(FILLER_TABS), 500_000])
    # Less room than the smallest entry the worker writes (a loading entry: about 200 bytes)
    assert 0 <= left < 100, left


def test_a_click_on_a_full_storage_evicts_the_oldest_tabs_and_shows_the_brief(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given storage.session full of other tabs' Briefs and their corroboration records
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    _fill(browser)

    # When the reader clicks Parallax on the article
    browser.click_action(page, tab)

    # Then the Brief is stored and shown (before: the loading entry's write threw on the full
    # storage, no request was made, and the panel showed nothing for the tab)
    entry = browser.wait_entry(tab, timeout=20)
    assert entry["state"] == "ready", entry
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    expect(panel.locator(".bullets > li .bullet")).to_have_count(len(briefs.DE_SENTENCES))
    # And room was made by the oldest tabs only, each with its corroboration record
    stored = browser.session()
    gone = [t for t in FILLER_TABS if f"tab:{t}" not in stored]
    assert gone == list(FILLER_TABS)[: len(gone)]
    assert 1 <= len(gone) <= 2, gone
    for tab_id in FILLER_TABS:
        assert (f"corroboration:{tab_id}" in stored) == (tab_id not in gone)


def test_a_brief_over_the_record_cap_is_an_error_not_stored(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a backend whose Brief weighs more than MAX_RECORD_BYTES once stored: 60 related
    # reports with 10 KB snippets, 1.3 MB (the largest the e2e fixtures make is 156 KB)
    related: list[Any] = []
    for n in range(60):
        item = dict(briefs.related_items()[n % 4])
        item["url"] = f"{item['url']}?n={n}"
        item["snippet"] = "Der Stadtrat hat beschlossen. " * 350
        related.append(item)
    fake_backend.respond(briefs.sample_brief(related=related))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))

    # When the reader clicks Parallax
    browser.click_action(page, tab)

    # Then the panel says the answer could not be used, and nothing near its weight is kept
    # (before: stored whole, an eighth of the 10 MB, and on a fuller storage other tabs' Briefs
    # were evicted to make room for it)
    entry = browser.wait_entry(tab, timeout=20)
    assert entry["state"] == "error" and entry["error"]["code"] == "brief_too_large", entry
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator("#message-title")).to_have_text(
        message("en", "error_brief_too_large_title")
    )
    in_use = browser.worker_eval("async () => chrome.storage.session.getBytesInUse(null)")
    assert in_use < MAX_RECORD_BYTES, in_use


def test_a_page_whose_address_is_over_the_record_cap_gets_an_error_not_a_skeleton(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given an article whose address the page made 600 KB long (history.replaceState takes up to
    # 2 MB in Chromium): the loading entry, which carries the address, is over MAX_RECORD_BYTES
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    page.evaluate("history.replaceState(null, '', location.pathname + '?q=' + 'x'.repeat(600000))")

    # When the reader clicks Parallax
    browser.click_action(page, tab)

    # Then the panel says the request was refused, as the backend refuses any address over 2,048
    # characters (before: the loading entry's write threw RecordTooLarge, the worker's analysis
    # ended there, and the panel showed its skeleton until the entry went stale a minute later)
    entry = browser.wait_entry(tab, timeout=20)
    assert entry["state"] == "error" and entry["error"]["code"] == "invalid_request", entry
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator("#message-title")).to_have_text(
        message("en", "error_invalid_request_title")
    )


def test_a_full_storage_evicts_tabs_no_panel_shows_before_one_a_panel_shows(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a tab whose Brief is the oldest entry, shown by a panel open in a window of its own
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    shown_page, shown_tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(shown_page, shown_tab)
    shown_entry = browser.wait_entry(shown_tab)
    assert shown_entry["state"] == "ready", shown_entry
    browser.worker_eval(
        """async (key) => {
            const entry = (await chrome.storage.session.get(key))[key];
            await chrome.storage.session.set({[key]: {...entry, updatedAt: 0}});
        }""",
        f"tab:{shown_tab}",
    )
    panel = browser.open_panel(tab=shown_tab)
    wait_panel_state(panel, "ready")
    # And the rest of storage.session full of other tabs' Briefs, which no panel shows
    _fill(browser)
    # When the reader clicks Parallax on another article
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    assert browser.wait_entry(tab, timeout=20)["state"] == "ready"
    # Then room was made by the tabs no panel shows; the one the open panel shows stays, and so
    # does its Brief on screen (before: the oldest went first, and the panel went blank)
    stored = browser.session()
    assert f"tab:{shown_tab}" in stored
    assert stored[f"tab:{shown_tab}"]["requestId"] == shown_entry["requestId"]
    assert any(f"tab:{t}" not in stored for t in FILLER_TABS)
    wait_panel_state(panel, "ready")
    expect(panel.locator(".article-title")).to_have_text(shown_entry["brief"]["article"]["title"])


def test_a_full_storage_spares_the_tab_chromiums_side_panel_shows(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a tab whose Brief is the oldest entry, shown in the side panel its click opened
    # (Chromium gives that panel's context no window: windowId -1)
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    shown_page, shown_tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(shown_page, shown_tab)
    shown_entry = browser.wait_entry(shown_tab)
    assert shown_entry["state"] == "ready", shown_entry
    contexts = browser.worker_eval(
        "async () => (await chrome.runtime.getContexts({contextTypes: ['SIDE_PANEL']}))"
        ".map((c) => c.windowId)"
    )
    assert contexts == [-1], contexts
    # (once the panel has written what it writes after a Brief, its corroboration answer: a
    # write between the fill's measure and its last write would overflow the fill)
    poll(lambda: f"corroboration:{shown_tab}" in browser.session(), "the panel asked", 15)
    browser.worker_eval(
        """async (key) => {
            const entry = (await chrome.storage.session.get(key))[key];
            await chrome.storage.session.set({[key]: {...entry, updatedAt: 0}});
        }""",
        f"tab:{shown_tab}",
    )
    # And the rest of storage.session full of other tabs' Briefs, which no panel shows
    _fill(browser)
    # When the reader clicks Parallax on an article in another window
    with browser.context.expect_page() as info:
        tab = browser.worker_eval(
            "async (url) => (await chrome.windows.create({url, focused: true})).tabs[0].id",
            fixture_site.url("/articles/de_article.html"),
        )
    page = info.value
    # The document's readyState, not the "load" lifecycle event Playwright can miss (harness.open_tab)
    page.wait_for_function(
        "() => location.href !== 'about:blank' && document.readyState === 'complete'"
    )
    browser.click_action(page, tab)
    assert browser.wait_entry(tab, timeout=20)["state"] == "ready"
    # Then room was made by the tabs no panel shows; the side panel's tab stays (before: the
    # side panel was not known to show anything: its tab, the oldest, went first, and the panel
    # asked the backend for the same Brief again)
    stored = browser.session()
    assert f"tab:{shown_tab}" in stored
    assert stored[f"tab:{shown_tab}"]["requestId"] == shown_entry["requestId"]
    assert any(f"tab:{t}" not in stored for t in FILLER_TABS)
    assert len(fake_backend.requests) == 2


def test_a_panel_whose_brief_was_evicted_asks_for_it_again(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a briefed tab shown by an open panel
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(page, tab)
    first = browser.wait_entry(tab)
    assert first["state"] == "ready", first
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    # When its entry is evicted (storage.session full when every other tab had a panel too)
    browser.worker_eval("async (key) => chrome.storage.session.remove(key)", f"tab:{tab}")
    # Then the panel asks for the Brief again and shows it (before: the panel drew the tab as
    # never analysed, the reader's Brief gone)
    again = browser.wait_entry(
        tab,
        lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"],
        timeout=15,
    )
    browser.wait_answer_shown(panel, tab, first["requestId"], "ready")
    assert again["trigger"] != "navigation"
    assert len(fake_backend.requests) == 2
    # And a second eviction within the minute is drawn as it is, not asked again: two panels
    # whose Briefs cannot both fit never take turns evicting each other
    browser.worker_eval("async (key) => chrome.storage.session.remove(key)", f"tab:{tab}")
    wait_panel_state(panel, "idle")
    assert len(fake_backend.requests) == 2


def test_a_panel_asks_again_only_for_the_tab_it_still_shows(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a panel following the main window, showing a briefed tab, and another article open
    # in a tab nobody asked Parallax about
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    other_url = fixture_site.url("/articles/de_article.html")
    _, other_tab = browser.open_tab(other_url)
    page, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(page, tab)
    assert browser.wait_entry(tab)["state"] == "ready"
    panel = browser.open_panel(window=browser.main_window)
    wait_panel_state(panel, "ready")
    # And this panel's look-ups of tabs held until the test lets them answer
    panel.evaluate(
        """() => {
            globalThis.heldTabsGets = [];
            for (const ns of new Set([globalThis.browser, globalThis.chrome].filter(Boolean))) {
                const get = ns.tabs.get.bind(ns.tabs);
                ns.tabs.get = (id) => new Promise((resolve) => {
                    globalThis.heldTabsGets.push(() => resolve(get(id)));
                });
            }
        }"""
    )
    # When its entry is evicted, and the reader turns to the other tab before the panel asks again
    browser.worker_eval("async (key) => chrome.storage.session.remove(key)", f"tab:{tab}")
    panel.wait_for_function("() => globalThis.heldTabsGets.length > 0")
    browser.activate(other_tab)
    wait_panel_state(panel, "idle")
    panel.evaluate("() => { for (const release of globalThis.heldTabsGets) release(); }")
    # Then nothing is asked for the tab shown now (before: analyse() asked for it, and its page
    # went to the backend though the reader never clicked Parallax on it). The side panel the
    # click opened asks again for the evicted tab, as it should: only the other page is looked for.
    time.sleep(3)
    assert f"tab:{other_tab}" not in browser.session()
    assert [r for r in fake_backend.requests if r.get("url") == other_url] == []
    wait_panel_state(panel, "idle")


def test_a_panel_whose_tab_was_closed_does_not_ask_again(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(page, tab)
    assert browser.wait_entry(tab)["state"] == "ready"
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    # When the reader closes the tab (the worker removes its entry)
    page.close()
    # Then the panel shows nothing for it, and nothing is asked again
    wait_panel_state(panel, "idle")
    assert len(fake_backend.requests) == 1
