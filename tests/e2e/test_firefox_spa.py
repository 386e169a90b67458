"""Firefox ESR: a single-page news site changes its article under the sidebar.

Firefox reports a `history.pushState` or fragment navigation to `tabs.onUpdated` as "complete"
without an address (no `tabs` permission), but keeps the `activeTab` grant for the document, so
the worker asks the page itself where it is now. Both tests failed on the code before (session 13,
branch spa): the panel said "click again" (state "navigated") and no new Brief was asked for."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from lxml import html as lxml_html

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.firefox import FIREFOX_ORIGIN, FirefoxExtension, poll, set_settings, stored_entry
from tests.e2e.test_spa_head import NEW_HEADLINE, OLD_HEADLINE, SPA_SWAP
from tests.e2e.test_spa_routes import ROUTE_SWAP

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


def briefed(
    firefox: FirefoxExtension, fake: FakeBackend, fixture_site: FixtureSite
) -> tuple[str, str, dict[str, Any]]:
    """The German article, clicked, its Brief stored: (extension page, article tab, entry)."""
    fake.origin = FIREFOX_ORIGIN
    fake.respond(briefs.sample_brief(summary_language="en", notice=None))
    extension = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake.base_url, panelLanguage="en")
    url = fixture_site.url("/articles/de_article.html")
    article = firefox.open_tab(url)
    firefox.click_action()
    firefox.switch_to(extension)
    poll(lambda: (stored_entry(firefox, url) or {}).get("state") == "ready", "the first Brief")
    entry = stored_entry(firefox, url)
    assert entry is not None
    return extension, article, entry


def entry_of(firefox: FirefoxExtension, tab_id: int) -> dict[str, Any]:
    """From an extension page: the worker's entry for the tab (the module's Firefox has more)."""
    key = f"tab:{tab_id}"
    found: dict[str, Any] = firefox.extension_call(
        "return (await browser.storage.session.get(args[0]))[args[0]] ?? {};", [key]
    )
    return found


def new_brief(firefox: FirefoxExtension, url: str, before: dict[str, Any]) -> dict[str, Any]:
    """The tab's entry once it is ready for ``url`` under another request than ``before``."""
    found: dict[str, Any] = {}

    def ready() -> bool:
        entry = entry_of(firefox, before["tabId"])
        found.clear()
        found.update(entry)
        return (
            entry.get("url") == url
            and entry.get("requestId") != before["requestId"]
            and (entry.get("state") == "ready")
        )

    try:
        poll(ready, f"a Brief for {url[:200]}", timeout=20)
    except AssertionError as error:
        raise AssertionError(
            f"{error}; last entry: {found.get('state')} {str(found.get('url'))[:200]}"
        ) from None
    return found


def assert_sent_the_english_article(sent: dict[str, Any], url: str) -> None:
    assert sent["url"] == url
    tree = lxml_html.document_fromstring(sent["html"])
    assert tree.xpath("//h1")[0].text_content().strip() == NEW_HEADLINE
    assert briefs.DE_SENTENCES[0] not in sent["html"]
    # and the German article's head, kept by the site, names it no more
    assert not tree.xpath("//head/meta[@property='og:title' or @property='og:url']")
    assert OLD_HEADLINE not in sent["html"].split("<body", 1)[0]


def test_a_pushstate_navigation_gets_the_new_articles_brief_without_a_click(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    extension, article, first = briefed(firefox, fake_backend, fixture_site)
    asked = len(fake_backend.requests)
    # When the site shows the English article behind a new address (its head stays)
    firefox.switch_to(article)
    firefox.run_async(
        f"const done = arguments[arguments.length - 1]; ({SPA_SWAP})(arguments[0]).then(done);",
        ["/articles/en_article.html"],
    )
    # Then the worker reads the new article by itself, as in Chromium (before: "navigated", the
    # "click again" note)
    firefox.switch_to(extension)
    url = fixture_site.url("/articles/en_article.html")
    new_brief(firefox, url, first)
    assert len(fake_backend.requests) == asked + 1
    assert_sent_the_english_article(fake_backend.requests[-1], url)


# "#story/...": a router that writes no "#/" (session 14: before, read as an anchor)
@pytest.mark.parametrize("route", ["#/story/harbour-barrier", "#story/harbour-barrier"])
def test_a_hash_route_change_gets_a_new_brief_and_an_anchor_jump_does_not(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite, route: str
) -> None:
    extension, article, first = briefed(firefox, fake_backend, fixture_site)
    asked = len(fake_backend.requests)
    # When the reader jumps to the comments (a plain anchor): nothing is asked, the Brief stays
    firefox.switch_to(article)
    firefox.run("location.hash = '#kommentare'; return true;")
    time.sleep(1.5)  # longer than the worker takes to look (it asks the page at once)
    firefox.switch_to(extension)
    entry = entry_of(firefox, first["tabId"])
    assert (entry.get("state"), entry.get("requestId")) == ("ready", first["requestId"])
    assert len(fake_backend.requests) == asked
    firefox.switch_to(article)
    # And when the hash-routed site shows another story behind its route (its head stays)
    firefox.run_async(
        f"const done = arguments[arguments.length - 1]; ({ROUTE_SWAP})(arguments[0]).then(done);",
        [route],
    )
    # Then the worker reads the new story (before: "navigated"), and the anchor cost no request
    firefox.switch_to(extension)
    url = fixture_site.url(f"/articles/de_article.html{route}")
    new_brief(firefox, url, first)
    assert len(fake_backend.requests) == asked + 1
    assert_sent_the_english_article(fake_backend.requests[-1], url)


def test_a_route_of_a_hundred_thousand_slashes_gets_its_brief(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # The page writes its own fragment, and the worker keys the address the page reports.
    # Trimming the route's trailing slashes with /\/+$/ scanned the run of slashes from each of
    # them: in Firefox 10,000 took 0.14 s, 40,000 2.4 s of the worker (every tab waits), and at
    # 100,000 the regex gave up ("too much recursion"), so no Brief came (session 13 hostile
    # review; Chromium's engine falls back to a linear one and was not affected)
    extension, article, first = briefed(firefox, fake_backend, fixture_site)
    asked = len(fake_backend.requests)
    route = "#/story/" + "/" * 100_000 + "harbour-barrier"
    firefox.switch_to(article)
    firefox.run_async(
        f"const done = arguments[arguments.length - 1]; ({ROUTE_SWAP})(arguments[0]).then(done);",
        [route],
    )
    firefox.switch_to(extension)
    url = fixture_site.url(f"/articles/de_article.html{route}")
    new_brief(firefox, url, first)
    assert len(fake_backend.requests) == asked + 1
    sent = fake_backend.requests[-1]
    assert sent["url"] == url
    # (the head is sent whole: capturePage reads no address over 4,000 characters as a page)
    tree = lxml_html.document_fromstring(sent["html"])
    assert tree.xpath("//h1")[0].text_content().strip() == NEW_HEADLINE


def test_an_anchor_whose_element_is_drawn_after_the_jump_keeps_the_brief(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a briefed article whose footnote "notes/1" a script draws 300 ms after the reader
    # jumps to it: when the worker first asks the page, no element has that id yet
    extension, article, first = briefed(firefox, fake_backend, fixture_site)
    asked = len(fake_backend.requests)
    firefox.switch_to(article)
    firefox.run(
        """location.hash = 'notes/1';
        setTimeout(() => {
            const note = document.createElement('p');
            note.id = 'notes/1';
            note.textContent = 'Footnote.';
            document.body.append(note);
        }, 300);
        return true;"""
    )
    time.sleep(3.0)  # longer than the worker waits for a page to settle (1.2 s) and a read
    # Then, the page settled, the fragment names an element: the same page, the Brief stays
    # (before: read and briefed again)
    firefox.switch_to(extension)
    entry = entry_of(firefox, first["tabId"])
    assert (entry.get("state"), entry.get("requestId")) == ("ready", first["requestId"])
    assert len(fake_backend.requests) == asked
