"""A hash-routed single-page news site (`https://site/#/story/123`, `#!/politics/abc`): a change of
route is a new page, read and briefed like a `history.pushState` navigation; a jump to an anchor
(`#kommentare`, `#section-2`) is the same page, as before (Chromium).

The route tests failed on the code before (session 13, branch spa): any fragment was "the same
page", so the panel kept the old story's Brief, and a click after the route changed sent the old
story's head with the new story's body."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.e2e import briefs
from tests.e2e.harness import EXTENSION_DIR, ExtensionBrowser, message, panel_state
from tests.e2e.test_spa_head import (
    CAPTURE,
    NEW_HEADLINE,
    OLD_HEADLINE,
    Reader,
    briefed_german_article,
    canonical,
    jsonld,
    meta,
)

if TYPE_CHECKING:
    from tests.e2e.fake_backend import FakeBackend
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

LOCALES = sorted(p.name for p in (EXTENSION_DIR / "_locales").iterdir() if p.is_dir())

# A hash-routed site follows a link: the new route goes into the address at once, the story's data
# arrives a moment later and replaces the body and the document title; the <head> stays.
ROUTE_SWAP = """async (route) => {
    location.hash = route;
    const html = await (await fetch('/articles/en_article.html')).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    await new Promise((resolve) => setTimeout(resolve, 300));
    document.title = next.title;
    document.body.replaceChildren(...next.body.childNodes);
}"""

# (name, first address, second address, same page?)
PAGE_KEY_CASES = [
    ("an anchor", "https://s.example/a", "https://s.example/a#comments", True),
    ("another anchor", "https://s.example/a#section-2", "https://s.example/a#comments", True),
    ("an empty fragment", "https://s.example/a", "https://s.example/a#", True),
    ("a route", "https://s.example/", "https://s.example/#/story/123", False),
    ("another route", "https://s.example/#/story/123", "https://s.example/#/story/124", False),
    ("a hashbang route", "https://s.example/#!/politics/abc", "https://s.example/#!/politics/abd", False),
    ("a hashbang without a slash", "https://s.example/#!story-1", "https://s.example/#!story-2", False),
    ("the same route, hashbang or not", "https://s.example/#!/politics/abc", "https://s.example/#/politics/abc", True),
    ("the same route, a trailing slash", "https://s.example/#/story/123/", "https://s.example/#/story/123", True),
    ("the root route", "https://s.example/", "https://s.example/#/", True),
    ("the root hashbang", "https://s.example/#!", "https://s.example/", True),
    ("an anchor after a route", "https://s.example/#/story/123", "https://s.example/#comments", False),
    ("one route on two pages", "https://s.example/a#/x", "https://s.example/b#/x", False),
    # A router that writes no "#/" (session 14): a fragment that reads as a path is a route
    ("a route without a slash", "https://s.example/", "https://s.example/#story/123", False),
    ("another route without a slash", "https://s.example/#story/123", "https://s.example/#story/124", False),
    ("one route, with a slash or without", "https://s.example/#story/123", "https://s.example/#/story/123", True),
    ("one route, a trailing slash", "https://s.example/#story/123/", "https://s.example/#!/story/123", True),
    ("a text fragment", "https://s.example/a", "https://s.example/a#:~:text=x/y", True),
    ("a fragment with a space", "https://s.example/a", "https://s.example/a#a b/c", True),
    ("a parameter", "https://s.example/a", "https://s.example/a#page=2/3", True),
    ("a path, no fragment", "https://s.example/a", "https://s.example/b", False),
]  # fmt: skip

PAGE_KEYS = """async (cases) => {
    const { pageKey } = await import('/lib/state.js');
    return cases.map(([a, b]) => pageKey(a) === pageKey(b));
}"""


def test_a_fragment_that_starts_with_a_slash_or_bang_or_reads_as_a_path_is_a_route(
    browser: ExtensionBrowser,
) -> None:
    panel = browser.open_panel(tab=7300)
    found = panel.evaluate(PAGE_KEYS, [[a, b] for _, a, b, _ in PAGE_KEY_CASES])
    names = [name for name, *_ in PAGE_KEY_CASES]
    expected = [same for *_, same in PAGE_KEY_CASES]
    assert dict(zip(names, found, strict=True)) == dict(zip(names, expected, strict=True))
    assert panel.evaluate("async () => (await import('/lib/state.js')).pageKey(undefined)") == ""
    # A path-like fragment that the page says names one of its elements is an anchor
    named = """async (url) => (await import('/lib/state.js')).pageKey(url, () => true)"""
    assert panel.evaluate(named, "https://s.example/a#notes/1") == "https://s.example/a"
    assert panel.evaluate(named, "https://s.example/a#/story/1") == "https://s.example/a#/story/1"


def test_the_backend_names_each_route_as_the_worker_does(browser: ExtensionBrowser) -> None:
    # The backend's canonical_url keeps the route the worker's pageKey keeps, and drops the
    # anchor it drops: two addresses are one page for both or for neither
    from parallax.domain.urls import canonical_url

    panel = browser.open_panel(tab=7304)
    found = panel.evaluate(PAGE_KEYS, [[a, b] for _, a, b, _ in PAGE_KEY_CASES])
    for (name, a, b, _), same in zip(PAGE_KEY_CASES, found, strict=True):
        if " " not in a + b:  # (the backend is sent addresses the browser has escaped)
            assert (canonical_url(a) == canonical_url(b)) == same, name


@pytest.mark.parametrize(
    "route", ["#/story/harbour-barrier", "#!/local/harbour-barrier", "#story/harbour-barrier"]
)
def test_a_hash_routed_sites_new_story_is_briefed_under_its_own_headline_and_date(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, route: str
) -> None:
    # Given the German article briefed, its head declaring its headline, date and address
    page, tab, first = briefed_german_article(browser, backend, fixture_site)
    # When the site shows the English story behind a new route, and keeps the old head
    page.evaluate(ROUTE_SWAP, route)
    # Then the panel gets the English story's Brief, under its headline and date (before: no new
    # Brief at all, the German one stayed as this page's)
    second = browser.wait_entry(
        tab,
        lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"],
        timeout=15,
    )
    assert second["url"].endswith(f"/articles/de_article.html{route}")
    article = second["brief"]["article"]
    assert article["title"] == NEW_HEADLINE
    assert article["published"].startswith("2024-05-02")
    assert "rheinblick" not in article["canonical_url"]


TOO_LARGE_REQUEST = """async ([backendUrl, url]) => {
    const { requestBrief, MAX_HTML_BYTES } = await import('/lib/api.js');
    const html = '<p>' + 'x'.repeat(MAX_HTML_BYTES) + '</p>';
    const result = await requestBrief({ backendUrl, url, html, language: 'en', maxRelated: 5 });
    return result.ok ? 'ok' : result.error.code;
}"""


def test_a_route_too_large_to_send_is_too_large_not_the_app_shells_brief(
    browser: ExtensionBrowser, fake_backend: FakeBackend
) -> None:
    # Given pages over the backend's HTML limit, one at a hash route and one at an anchor
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    panel = browser.open_panel(tab=7301)
    route = "https://s.example/#!/story/123"
    anchor = "https://s.example/story#kommentare"
    # When a Brief is asked for each, Then the route is too_large at once (before: sent without
    # its html, which the backend fetched without the route: the app's shell), and the anchor's
    # address goes to the backend to fetch, as before
    assert panel.evaluate(TOO_LARGE_REQUEST, [fake_backend.base_url, route]) == "too_large"
    assert fake_backend.requests == []
    assert panel.evaluate(TOO_LARGE_REQUEST, [fake_backend.base_url, anchor]) == "ok"
    assert [(r["url"], "html" in r) for r in fake_backend.requests] == [(anchor, False)]


NO_HTML_REQUEST = """async ([backendUrl, url, html]) => {
    const { requestBrief } = await import('/lib/api.js');
    const result = await requestBrief({ backendUrl, url, html, language: 'en', maxRelated: 5 });
    return result.ok ? 'ok' : result.error.code;
}"""


@pytest.mark.parametrize("html", [None, ""], ids=["no html", "empty html"])
def test_a_route_whose_page_the_tab_did_not_give_is_page_not_read(
    browser: ExtensionBrowser, fake_backend: FakeBackend, html: str | None
) -> None:
    # Given a backend that refuses a route without its html, as the real one does (422)
    fake_backend.problem("invalid_request", 422)
    panel = browser.open_panel(tab=7302)
    # When a Brief is asked for a hash route whose capture gave no HTML
    found = panel.evaluate(
        NO_HTML_REQUEST, [fake_backend.base_url, "https://s.example/#/story/9", html]
    )
    # Then the reader is told the page could not be read from the tab, without asking the
    # backend (before: sent without html, refused, and shown as "the extension and backend
    # versions probably do not match")
    assert found == "page_not_read"
    assert fake_backend.requests == []
    # And an anchor's address still goes to the backend to fetch
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    anchor = "https://s.example/story#kommentare"
    assert panel.evaluate(NO_HTML_REQUEST, [fake_backend.base_url, anchor, html]) == "ok"
    assert [(r["url"], "html" in r) for r in fake_backend.requests] == [(anchor, False)]


@pytest.mark.parametrize("language", LOCALES)
def test_page_not_read_tells_the_reader_to_reload_in_every_panel_language(
    browser: ExtensionBrowser, language: str
) -> None:
    # Given the tab's entry refused as page_not_read, and the panel in one of its languages
    browser.set_settings(panelLanguage=language)
    browser.put_entry(7303, state="error", url=None, error={"code": "page_not_read"})
    panel = browser.open_panel(tab=7303)
    # Then the panel says so in that language, as a calm note with "Try again" (before: the
    # generic "something went wrong" for a code it did not know)
    note = panel.locator(".message")
    expect(note).to_have_attribute("data-code", "page_not_read")
    expect(note.locator("h1")).to_have_text(message(language, "error_page_not_read_title"))
    expect(note.locator(".message-body")).to_have_text(
        message(language, "error_page_not_read_body")
    )
    assert panel_state(panel) == "note"
    expect(panel.locator(".actions button")).to_have_text([message(language, "retry")])


@pytest.mark.parametrize("anchor", ["#kommentare", "#section-2"])
def test_a_jump_to_an_anchor_keeps_the_brief(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite, anchor: str
) -> None:
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    first = browser.wait_entry(tab)
    assert first["state"] == "ready", first
    page.evaluate("(anchor) => { location.hash = anchor; }", anchor)
    time.sleep(2.0)  # longer than the worker waits for a page to settle (1.2 s)
    entry = browser.entry(tab)
    assert entry is not None
    assert (entry["state"], entry["requestId"]) == ("ready", first["requestId"])
    assert len(fake_backend.requests) == 1


def test_a_path_like_fragment_that_names_an_element_is_an_anchor(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given an article with an element whose id reads as a path (a footnote "notes/1"), opened at
    # that anchor and briefed
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    page.evaluate(
        """() => {
            const note = document.createElement('p');
            note.id = 'notes/1';
            note.textContent = 'Footnote.';
            document.body.append(note);
            location.hash = 'notes/1';
        }"""
    )
    browser.click_action(page, tab)
    first = browser.wait_entry(tab)
    assert first["state"] == "ready", first
    # Then the page is named without the anchor, to the backend too (which cannot look into the
    # page and reads "#notes/1" as a route)
    assert first["url"] == fixture_site.url("/articles/de_article.html")
    assert [r["url"] for r in fake_backend.requests] == [first["url"]]
    # When the reader jumps away and back to that anchor, the Brief stays
    page.evaluate("() => { location.hash = 'kommentare'; }")
    page.evaluate("() => { location.hash = 'notes/1'; }")
    time.sleep(2.0)  # longer than the worker waits for a page to settle (1.2 s)
    entry = browser.entry(tab)
    assert entry is not None
    assert (entry["state"], entry["requestId"]) == ("ready", first["requestId"])
    # And a path-like fragment that names no element is a route: a new page, briefed anew
    page.evaluate("() => { location.hash = 'story/123'; }")
    second = browser.wait_entry(
        tab,
        lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"],
        timeout=15,
    )
    assert second["url"] == fixture_site.url("/articles/de_article.html#story/123")
    assert fake_backend.requests[-1]["url"] == second["url"]


def test_an_anchor_whose_element_is_drawn_after_the_jump_keeps_the_brief(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a briefed article whose footnote "notes/1" a script draws a moment after the reader
    # jumps to it (lazily rendered notes and comments): when the worker first asks, no element
    # has that id yet, and "#notes/1" reads as a route
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    first = browser.wait_entry(tab)
    assert first["state"] == "ready", first
    # When the reader jumps to the footnote and it is drawn 300 ms later
    page.evaluate(
        """() => {
            location.hash = 'notes/1';
            setTimeout(() => {
                const note = document.createElement('p');
                note.id = 'notes/1';
                note.textContent = 'Footnote.';
                document.body.append(note);
            }, 300);
        }"""
    )
    time.sleep(3.0)  # longer than the worker waits for a page to settle (1.2 s) and a read
    # Then, the page settled, the fragment names an element: the same page, the Brief stays
    # (before: read and briefed again, a second request for the page it already showed)
    entry = browser.entry(tab)
    assert entry is not None
    assert (entry["state"], entry["requestId"]) == ("ready", first["requestId"])
    assert len(fake_backend.requests) == 1


# --- capturePage after a route change ------------------------------------------------------------


@pytest.fixture
def reader(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> Reader:
    return Reader(browser, fake_backend, fixture_site)


def test_a_click_after_a_route_change_sends_no_stale_head_and_after_an_anchor_all_of_it(
    reader: Reader,
) -> None:
    # An anchor: the document still shows the page it was loaded at; its head is kept whole
    reader.page.evaluate("() => { location.hash = '#kommentare'; }")
    tree = reader.capture(None)
    assert meta(tree, "og:title") == OLD_HEADLINE and canonical(tree) is not None
    # A route: the page shown is another than the one loaded; the old head's groups go (before:
    # the address without its fragment was the page loaded, and the whole head was sent)
    reader.page.evaluate(ROUTE_SWAP, "#/story/harbour-barrier")
    tree = reader.capture(None)
    assert meta(tree, "og:title") is None and meta(tree, "og:url") is None
    assert canonical(tree) is None
    (node,) = jsonld(tree)
    assert "headline" not in node and "@type" not in node
    assert tree.findtext(".//title").startswith(NEW_HEADLINE)


def test_a_route_without_a_slash_is_another_page_to_capture_page(reader: Reader) -> None:
    # A router that writes "#story/..." (no "#/"): the page shown is another than the one loaded,
    # and the old head's groups go (before: read as an anchor, the whole stale head was sent)
    reader.page.evaluate(ROUTE_SWAP, "#story/harbour-barrier")
    tree = reader.capture(None)
    assert meta(tree, "og:title") is None and canonical(tree) is None
    (node,) = jsonld(tree)
    assert "headline" not in node


def test_a_head_naming_the_new_route_is_kept(reader: Reader) -> None:
    # The site updated its head for the story, naming its address with the route (and hashbang)
    reader.page.evaluate(ROUTE_SWAP, "#!/story/harbour-barrier")
    reader.page.evaluate(
        """() => {
            const here = location.origin + location.pathname + '#/story/harbour-barrier/';
            document.querySelector("meta[property='og:url']").content = here;
            document.querySelector("meta[property='og:title']").content = 'Kestrel Bay decides';
            document.querySelector("link[rel=canonical]").href = here;
            document.querySelector("script[type='application/ld+json']").remove();
        }"""
    )
    tree = reader.capture(reader.previous())
    assert meta(tree, "og:title") == "Kestrel Bay decides"
    assert canonical(tree) is not None and canonical(tree).endswith("#/story/harbour-barrier/")
    assert meta(tree, "description") is not None


# --- a navigation while the tab is being read ------------------------------------------------------

# In the worker: count capturePage's runs, and right after the first one have the page move on,
# landing while the worker is still reading the tab (before its entry has the address read): to
# `route` at once, or through a flood of `count` routes (`#/story/flood-<n>`), one every
# `everyMs`, left running. Wraps the one function the worker calls for both.
MOVE_AFTER_FIRST_CAPTURE = """([route, count, everyMs]) => {
    const api = (globalThis.browser ?? globalThis.chrome).scripting;
    const original = globalThis.originalExecuteScript ?? api.executeScript.bind(api);
    globalThis.originalExecuteScript = original;
    globalThis.captures = 0;
    api.executeScript = async (options) => {
        const result = await original(options);
        if (options.func?.name === 'capturePage' && ++globalThis.captures === 1) {
            await original({target: options.target, args: [route, count, everyMs],
                func: (next, n, every) => {
                    if (next) {
                        history.pushState({}, '', next);
                    }
                    let i = 0;
                    const step = () => {
                        i += 1;
                        if (i <= n) {
                            history.pushState({}, '', '#/story/flood-' + i);
                            setTimeout(step, every);
                        }
                    };
                    step();
                }});
        }
        return result;
    };
}"""


def test_a_navigation_while_the_tab_is_read_is_read_once_more(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a hash-routed site that moves to another story just after the worker read the tab
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.worker_eval(MOVE_AFTER_FIRST_CAPTURE, ["#/story/late", 0, 0])
    # When the reader clicks
    browser.click_action(page, tab)
    browser.wait_entry(tab, timeout=15)
    time.sleep(2.0)  # longer than the worker waits for a page to settle (1.2 s)
    # Then the Brief is the story shown now, read once more (before: the story read first, the
    # navigation unseen as the entry had no address yet)
    entry = browser.wait_entry(tab)
    assert entry["url"] == fixture_site.url("/articles/de_article.html#/story/late")
    assert [r["url"] for r in fake_backend.requests] == [entry["url"]]
    assert browser.worker_eval("() => globalThis.captures") == 2


def test_a_flood_of_route_changes_while_the_tab_is_read_ends_at_the_last_route_no_loop(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a hash-routed site that, just after the worker read the tab, writes 100 routes a
    # second for two seconds
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.worker_eval(MOVE_AFTER_FIRST_CAPTURE, ["", 200, 10])
    # When the reader clicks
    browser.click_action(page, tab)
    # Then the worker settles on the route shown last
    last_route = fixture_site.url("/articles/de_article.html#/story/flood-200")
    last = browser.wait_entry(
        tab, lambda e: e.get("state") == "ready" and e["url"] == last_route, timeout=30
    )
    # And it read the tab a bounded number of times (the click's reading, once more during the
    # flood, and once after it), and nothing more once the site is still
    captures = browser.worker_eval("() => globalThis.captures")
    assert captures <= 4, captures
    time.sleep(3.0)
    assert browser.worker_eval("() => globalThis.captures") == captures
    assert browser.entry(tab)["requestId"] == last["requestId"]  # type: ignore[index]


# --- an element named by the fragment as written ------------------------------------------------

NAMES_ELEMENT = """async (fragments) => {
    const { fragmentNamesElement } = await import('/lib/page.js');
    for (const [tag, attribute, value] of [
        ['p', 'id', 'a/b%20c'], ['p', 'id', 'x y/z'], ['a', 'name', 'n/1%2F'], ['p', 'id', 'q/%zz'],
    ]) {
        const node = document.createElement(tag);
        node.setAttribute(attribute, value);
        document.body.append(node);
    }
    return fragments.map((fragment) => fragmentNamesElement(fragment));
}"""


def test_a_fragment_names_the_element_whose_id_is_the_fragment_as_written(
    browser: ExtensionBrowser,
) -> None:
    # The browser looks the fragment up as written, then percent-decoded (HTML, "indicated part
    # of the document"): `#a/b%20c` jumps to id="a/b%20c" (before: only "a/b c" was looked up)
    panel = browser.open_panel(tab=7301)
    cases = {
        "a/b%20c": True,  # the raw id (before: False, so the anchor was taken for a route)
        "n/1%2F": True,  # an <a name> as written (before: False)
        "x%20y/z": True,  # the decoded id, as before
        "q/%zz": True,  # a malformed escape, as written, as before
        "a/b c": False,  # a decoded fragment never names the raw id
        "none/1": False,
    }
    assert dict(zip(cases, panel.evaluate(NAMES_ELEMENT, list(cases)), strict=True)) == cases


def test_capture_page_leaves_out_an_anchor_named_by_the_raw_fragment(reader: Reader) -> None:
    # Given an element whose id is the fragment as written ("a/b%20c", path-like)
    reader.page.evaluate(
        """() => {
            const note = document.createElement('p');
            note.id = 'a/b%20c';
            document.body.append(note);
            location.hash = 'a/b%20c';
        }"""
    )
    # Then capturePage names the page without it: an anchor, not a route (before: the address
    # kept "#a/b%20c", and the worker and backend took it for a route)
    result = reader.extension.evaluate(CAPTURE, [reader.tab, None])
    assert result["url"] == reader.old_url.split("#")[0]


# The element the browser itself jumps to for each fragment (`:target`), and what
# fragmentNamesElement says, on the same page.
TARGET_AND_NAMES = """async (cases) => {
    const { fragmentNamesElement } = await import('/lib/page.js');
    const found = [];
    for (const [id, fragment] of cases) {
        document.querySelectorAll('.fragment-case').forEach((node) => node.remove());
        const node = document.createElement('p');
        node.className = 'fragment-case';
        node.id = id;
        document.body.append(node);
        location.hash = fragment;
        found.push([document.querySelector(':target') === node, fragmentNamesElement(fragment)]);
    }
    history.replaceState(null, '', location.pathname + location.search);
    return found;
}"""


def test_a_fragment_with_a_malformed_escape_names_the_element_the_browser_jumps_to(
    browser: ExtensionBrowser,
) -> None:
    # The browser decodes a fragment escape by escape and keeps a malformed one as written (URL
    # "percent-decode"; bytes that are no UTF-8 become U+FFFD): `#a%20b%ZZ/1` jumps to
    # id="a b%ZZ/1". decodeURIComponent threw on "%ZZ", so such an anchor was taken for a route.
    cases = [
        ("a b%ZZ/1", "a%20b%ZZ/1"),  # a good escape and a malformed one (before: False)
        ("x%/y z", "x%/y%20z"),  # a lone "%" (before: False)
        ("é/%E", "%C3%A9/%E"),  # a truncated escape after a two-byte character (before: False)
        ("\ufffd/1", "%FF/1"),  # a byte that is no UTF-8 (before: False)
        ("a b/1", "a%20b/1"),  # well-formed, as before
        ("q/%zz", "q/%zz"),  # the fragment as written, as before
        ("other/1", "a%20b%ZZ/2"),  # names no element: the browser jumps nowhere either
    ]
    panel = browser.open_panel(tab=7305)
    found = panel.evaluate(TARGET_AND_NAMES, cases)
    for (id_, fragment), (targeted, named) in zip(cases, found, strict=True):
        assert named == targeted, f"#{fragment} and id={id_!r}: browser {targeted}, ours {named}"
    assert [targeted for targeted, _ in found] == [True] * 6 + [False]


def test_capture_page_leaves_out_an_anchor_named_through_a_malformed_escape(
    reader: Reader,
) -> None:
    # Given an element the browser jumps to for `#a%20b%ZZ/1` (path-like): id="a b%ZZ/1"
    reader.page.evaluate(
        """() => {
            const note = document.createElement('p');
            note.id = 'a b%ZZ/1';
            document.body.append(note);
            location.hash = 'a%20b%ZZ/1';
        }"""
    )
    assert reader.page.evaluate("() => document.querySelector(':target')?.id") == "a b%ZZ/1"
    # Then capturePage names the page without it: an anchor, not a route (before: the address
    # kept "#a%20b%ZZ/1", and the worker and backend took it for a route)
    result = reader.extension.evaluate(CAPTURE, [reader.tab, None])
    assert result["url"] == reader.old_url.split("#")[0]


# --- a route whose view has the route as its id ----------------------------------------------------

# A router that draws each story into a view whose id is the route ("#story/x" into
# <div id="story/x">): the address changes at once, the view a moment later.
ROUTE_SWAP_INTO_VIEW = """async ([route, tag]) => {
    location.hash = route;
    const html = await (await fetch('/articles/en_article.html')).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    await new Promise((resolve) => setTimeout(resolve, 300));
    document.title = next.title;
    const view = document.createElement(tag);
    view.id = route.slice(1);
    view.append(...next.body.childNodes);
    document.body.replaceChildren(view);
}"""


@pytest.mark.parametrize("tag", ["div", "main"])
def test_a_route_whose_view_has_the_route_as_its_id_is_a_new_page(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, tag: str
) -> None:
    # The rule: a path-like fragment names an anchor when the element it names is a part of the
    # page; an element that holds the page's headline (its first <h1>) or its main region is the
    # view the route shows. Given the German article briefed
    page, tab, first = briefed_german_article(browser, backend, fixture_site)
    # When the site shows the English story at "#story/harbour-barrier", drawn into a view of
    # that id
    page.evaluate(ROUTE_SWAP_INTO_VIEW, ["#story/harbour-barrier", tag])
    assert page.evaluate("() => document.getElementById('story/harbour-barrier') !== null")
    # Then the panel gets the English story's Brief under the route (before: the view's id made
    # the route an anchor of the German article, whose Brief stayed)
    second = browser.wait_entry(
        tab,
        lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"],
        timeout=15,
    )
    assert second["url"].endswith("/articles/de_article.html#story/harbour-barrier")
    assert second["brief"]["article"]["title"] == NEW_HEADLINE


# The same router on a site whose first <h1> is its logo, in its banner before the view, and whose
# view has no <main>: the story's <h1> is inside the view, the logo's outside it.
ROUTE_SWAP_INTO_VIEW_UNDER_A_LOGO = """async (route) => {
    location.hash = route;
    const html = await (await fetch('/articles/en_article.html')).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    await new Promise((resolve) => setTimeout(resolve, 300));
    document.title = next.title;
    const view = document.createElement('div');
    view.id = route.slice(1);
    view.append(next.querySelector('article'));
    const banner = document.createElement('header');
    banner.innerHTML = '<h1 class="logo"><a href="/">The Harbour Times</a></h1>';
    document.body.replaceChildren(banner, view);
}"""


def test_a_route_whose_view_holds_the_headline_under_a_logo_h1_is_a_new_page(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    # Given the German article briefed
    page, tab, first = briefed_german_article(browser, backend, fixture_site)
    # When the site shows the English story at "#story/harbour-barrier", drawn into a view of
    # that id (no <main>) under a banner whose <h1> is the site's name
    page.evaluate(ROUTE_SWAP_INTO_VIEW_UNDER_A_LOGO, "#story/harbour-barrier")
    assert page.evaluate(
        "() => document.querySelector('h1').textContent === 'The Harbour Times' && "
        "document.querySelector('main') === null"
    )
    # Then the view holds the page's headline (the first <h1> that is not the logo): the route
    # is a new page, briefed (before: the logo was "the headline", the view an anchor of the
    # German article, whose Brief stayed)
    second = browser.wait_entry(
        tab,
        lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"],
        timeout=15,
    )
    assert second["url"].endswith("/articles/de_article.html#story/harbour-barrier")
    # (With two <h1>, the backend takes the <title>, whose " - The Harbour Courier" it cannot
    # strip here: the site's name was in the German article's head, left out as stale.)
    assert second["brief"]["article"]["title"].startswith(NEW_HEADLINE)


# The same router on a site with no <article> nor <main>: the view's headline links to the story's
# permalink, and an aside's <h1> ("Most read") follows the view.
ROUTE_SWAP_INTO_VIEW_WITH_A_LINKED_HEADLINE = """async (route) => {
    location.hash = route;
    const html = await (await fetch('/articles/en_article.html')).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    await new Promise((resolve) => setTimeout(resolve, 300));
    document.title = next.title;
    const view = document.createElement('div');
    view.id = route.slice(1);
    const story = next.querySelector('article');
    const headline = story.querySelector('h1');
    const link = document.createElement('a');
    link.href = '/2026/12/harbour-barrier';
    link.append(...headline.childNodes);
    headline.append(link);
    view.append(...story.childNodes);
    const aside = document.createElement('aside');
    aside.innerHTML = '<h1>Most read</h1><p>1. Other news</p>';
    document.body.replaceChildren(view, aside);
}"""


def test_a_route_whose_view_holds_a_linked_headline_is_a_new_page(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    # Given the German article briefed
    page, tab, first = briefed_german_article(browser, backend, fixture_site)
    # When the site shows the English story at "#story/harbour-barrier", drawn into a view of
    # that id (no article, no main) whose <h1> links to the story, an aside's <h1> after it
    page.evaluate(ROUTE_SWAP_INTO_VIEW_WITH_A_LINKED_HEADLINE, "#story/harbour-barrier")
    assert page.evaluate(
        "() => document.querySelector('h1 > a') !== null && "
        "document.querySelector('article, main') === null"
    )
    # Then the linked headline is the page's headline, not a logo: the route is a new page,
    # briefed (before: the aside's <h1> was "the headline", the view an anchor of the German
    # article, whose Brief stayed)
    second = browser.wait_entry(
        tab,
        lambda e: e.get("state") == "ready" and e["requestId"] != first["requestId"],
        timeout=15,
    )
    assert second["url"].endswith("/articles/de_article.html#story/harbour-barrier")
    assert second["brief"]["article"]["title"].startswith(NEW_HEADLINE)


VIEW_OR_ANCHOR_UNDER_A_LOGO = """async ([logo, view]) => {
    const { fragmentNamesElement } = await import('/lib/page.js');
    // A site's banner (its logo as the first <h1>), then the story's view with a footnote
    document.body.innerHTML = logo + view;
    return ['story/1', 'notes/1', 'none/1'].map((fragment) => fragmentNamesElement(fragment));
}"""

LOGOS = {
    "a linked logo in the banner": '<header><h1><a href="/"><img alt="Daily Planet"></a></h1></header>',
    "a logo in the banner": "<header><h1>The Daily Planet</h1></header>",
    "a banner by its role": '<div role="banner"><h1>The Daily Planet</h1></div>',
    "a linked logo, no banner": '<h1 class="logo"><a href="/">The Daily Planet</a></h1>',
}  # fmt: skip
VIEWS = {
    "a plain view": '<div id="story/1"><h1>Council approves the budget</h1><p id="notes/1">1</p></div>',
    "a headline in an article, linked": (
        '<div id="story/1"><article><h1><a href="/p/1">Council approves the budget</a></h1>'
        '<p id="notes/1">1</p></article></div>'
    ),
    "an article's header": (
        '<div id="story/1"><article><header><h1>Council approves the budget</h1></header>'
        '<p id="notes/1">1</p></article></div>'
    ),
}  # fmt: skip


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("logo", list(LOGOS))
def test_the_headline_is_the_first_h1_that_is_not_the_logo(
    browser: ExtensionBrowser, logo: str, view: str
) -> None:
    # The rule, asked of the page: the view holds the story's <h1>, the logo's is outside it;
    # a logo is an <h1> outside any article and main region, in the banner or in or holding a
    # link. Then the view is the route's (before: an anchor, the logo being the "first <h1>"),
    # the footnote inside it is still an anchor, and a fragment naming nothing a route
    panel = browser.open_panel(tab=7307)
    found = panel.evaluate(VIEW_OR_ANCHOR_UNDER_A_LOGO, [LOGOS[logo], VIEWS[view]])
    assert found == [False, True, False]


def test_with_only_a_logo_h1_its_view_is_the_one_holding_it(browser: ExtensionBrowser) -> None:
    # Given a page whose only <h1> is the logo (no headline of its own): the first <h1>, as
    # before, so an element beside the banner is an anchor and the banner is the view
    panel = browser.open_panel(tab=7308)
    found = panel.evaluate(
        VIEW_OR_ANCHOR_UNDER_A_LOGO,
        [
            '<header id="story/1"><h1><a href="/">The Daily Planet</a></h1></header>',
            '<div id="notes/1"><p>Council approves the budget</p></div>',
        ],
    )
    assert found == [False, True, False]


# A headline linked to its permalink, outside any article (in the view or its own <header>), and
# an aside's <h1> after the view: the linked headline is no logo, whatever the page's logo is.
LINKED_HEADLINES = {
    "a permalink path": (
        '<div id="story/1"><h1><a href="/2026/12/budget">Council approves the budget</a></h1>'
        '<p id="notes/1">1</p></div>'
    ),
    "a post's query": (
        '<div id="story/1"><h1><a href="/?p=123">Council approves the budget</a></h1>'
        '<p id="notes/1">1</p></div>'
    ),
    "a route, in the view's header": (
        '<div id="story/1"><header><h1><a href="#story/1">Council approves the budget</a></h1>'
        '</header><p id="notes/1">1</p></div>'
    ),
}  # fmt: skip
LOGOS_BEFORE_A_LINKED_HEADLINE = {
    "no logo h1": "",
    "a logo linked home": '<h1 class="logo"><a href="https://www.example.com/">Daily Planet</a></h1>',
    "a logo linked to a language's front page": '<header><h1><a href="/en/">Daily Planet</a></h1></header>',
    "a router's front page": '<header><h1><a href="#/">Daily Planet</a></h1></header>',
}  # fmt: skip


@pytest.mark.parametrize("logo", list(LOGOS_BEFORE_A_LINKED_HEADLINE))
@pytest.mark.parametrize("view", list(LINKED_HEADLINES))
def test_a_headline_linked_to_its_permalink_is_not_taken_for_a_logo(
    browser: ExtensionBrowser, view: str, logo: str
) -> None:
    # Given a view whose headline links to the story (no article, no main) and an aside's <h1>
    # after it, outside the view: the view is the route's, not an anchor (before: the linked
    # headline counted as a logo, the aside's <h1> was "the headline", the view an anchor and
    # the panel kept the story before's Brief); the footnote is still an anchor
    panel = browser.open_panel(tab=7309)
    page = LOGOS_BEFORE_A_LINKED_HEADLINE[logo] + LINKED_HEADLINES[view]
    found = panel.evaluate(
        VIEW_OR_ANCHOR_UNDER_A_LOGO, [page, "<aside><h1>Most read</h1><p>1. Other</p></aside>"]
    )
    assert found == [False, True, False]


VIEW_OR_ANCHOR = """async (fragments) => {
    const { fragmentNamesElement } = await import('/lib/page.js');
    const node = (tag, id, ...children) => {
        const element = document.createElement(tag);
        if (id) element.id = id;
        element.append(...children);
        return element;
    };
    // A story page of its own: a view with the headline, a footnote and a comment in it, and a
    // main region elsewhere
    document.body.replaceChildren(
        node('div', 'story/1', node('h1', null, 'Headline'), node('p', 'notes/1', 'Footnote'),
             node('article', 'comments/42', 'A comment')),
        node('div', 'region/1', node('main', null, 'Main')),
        node('main', 'main/1', 'Main'),
    );
    return fragments.map((fragment) => fragmentNamesElement(fragment));
}"""


def test_a_part_of_the_story_is_an_anchor_and_the_view_holding_it_is_not(
    browser: ExtensionBrowser,
) -> None:
    # The rule, asked of the page: a footnote and a comment (an <article>) with path-like ids
    # are anchors; the view holding the headline, or holding or being the main region, is not
    panel = browser.open_panel(tab=7306)
    cases = {
        "notes/1": True,
        "comments/42": True,
        "story/1": False,  # holds the <h1> (before: True, an anchor)
        "region/1": False,  # holds the <main> (before: True)
        "main/1": False,  # is the <main> (before: True)
        "none/1": False,
    }
    assert dict(zip(cases, panel.evaluate(VIEW_OR_ANCHOR, list(cases)), strict=True)) == cases
