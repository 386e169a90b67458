"""Every state the panel can be in: loading, errors by code (localised), not an article,
backend down, partial results, summary notices, related coverage, and hostile data."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Dialog, Page, expect

from parallax.api.problems import STATUS_BY_CODE
from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import ExtensionBrowser, message, wait_panel_state

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

PANEL_LANGUAGES = ("en", "de", "fr", "es")
# Not failures: calm notes that say what to do (no role=alert), shown as data-state "note".
INFO_CODES = frozenset(
    {
        "not_an_article",
        "no_access",
        "needs_click",
        "cancelled",
        "unsupported_media",
        "blocked_url",
        "too_large",
    }
)


def view_of(code: str) -> str:
    return "note" if code in INFO_CODES else "error"


@pytest.fixture(scope="module")
def shared_browser(
    playwright: Playwright, chromium: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ExtensionBrowser]:
    """One browser for the error matrix (each case opens its own tab and panel)."""
    instance = ExtensionBrowser(playwright, tmp_path_factory.mktemp("profile"), chromium)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def shared_fake() -> Iterator[FakeBackend]:
    with FakeBackend() as fake:
        yield fake


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def analyse(browser: ExtensionBrowser, url: str) -> tuple[Page, int, dict[str, Any]]:
    page, tab = browser.open_tab(url)
    browser.click_action(page, tab)
    return page, tab, browser.wait_entry(tab)


def assert_error_in_every_language(
    browser: ExtensionBrowser, panel: Page, code: str, backend_url: str
) -> None:
    for language in PANEL_LANGUAGES:
        browser.set_settings(panelLanguage=language)
        # The page's language first (set before the panel draws again), then the texts, which
        # wait for that drawing: a text equal in two languages cannot pass on the old one
        panel.wait_for_function("(l) => document.documentElement.lang === l", arg=language)
        expect(panel.locator("#message-title")).to_have_text(
            message(language, f"error_{code}_title")
        )
        expect(panel.locator(".message-body")).to_have_text(
            message(language, f"error_{code}_body", backend_url)
        )
        if code in INFO_CODES:
            expect(panel.locator(".message")).not_to_have_attribute("role", "alert")
            expect(panel.locator(".message")).not_to_have_class("message is-error")
        else:
            expect(panel.locator(".message")).to_have_attribute("role", "alert")


# --- errors from the backend, by stable code ----------------------------------------------------


@pytest.mark.parametrize(("code", "status"), sorted(STATUS_BY_CODE.items()))
def test_every_problem_code_is_shown_localised(
    shared_browser: ExtensionBrowser,
    shared_fake: FakeBackend,
    fixture_site: FixtureSite,
    code: str,
    status: int,
) -> None:
    browser, fake = shared_browser, shared_fake
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en")
    fake.problem(code, status)
    page, tab, entry = analyse(browser, fixture_site.url("/articles/en_article.html"))
    assert entry["state"] == "error" and entry["error"] == {"code": code, "status": status}
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, view_of(code))
    expect(panel.locator(".message")).to_have_attribute("data-code", code)
    # Failures show their code (for a bug report); notes do not
    expect(panel.locator(".message .code")).to_have_count(0 if code in INFO_CODES else 1)
    assert_error_in_every_language(browser, panel, code, fake.base_url)
    panel.close()
    page.close()


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (200, {"hello": "world"}, "application/json"),
        (404, "<html><body>Not found</body></html>", "text/html"),
    ],
    ids=["not-a-brief", "another-services-page"],
)
def test_an_answer_that_is_neither_brief_nor_problem(
    shared_browser: ExtensionBrowser,
    shared_fake: FakeBackend,
    fixture_site: FixtureSite,
    status: int,
    body: Any,
    content_type: str,
) -> None:
    browser, fake = shared_browser, shared_fake
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en")
    fake.respond(body, status=status, content_type=content_type)
    page, tab, entry = analyse(browser, fixture_site.url("/articles/en_article.html"))
    assert entry["error"]["code"] == "bad_response"
    panel = browser.open_panel(tab=tab)
    assert_error_in_every_language(browser, panel, "bad_response", fake.base_url)
    panel.close()
    page.close()


@pytest.mark.parametrize(
    ("status", "body", "content_type", "code"),
    [
        (429, {"message": "Too Many Requests"}, "application/json", "rate_limited"),
        (500, {"message": "Internal Server Error"}, "application/json", "internal"),
        (502, {"message": "Internal Server Error"}, "application/json", "upstream_timeout"),
        (503, {"message": "Service Unavailable"}, "application/json", "upstream_timeout"),
        (504, {"message": "Endpoint request timed out"}, "application/json", "upstream_timeout"),
        (502, "<html><body>Bad gateway</body></html>", "text/html", "upstream_timeout"),
    ],
    ids=["throttled", "function-error", "bad-gateway", "unavailable", "timed-out", "proxy-page"],
)
def test_a_gateways_own_answer_is_read_by_its_status(
    shared_browser: ExtensionBrowser,
    shared_fake: FakeBackend,
    fixture_site: FixtureSite,
    status: int,
    body: Any,
    content_type: str,
    code: str,
) -> None:
    # Given API Gateway (or a proxy) answering itself, not the backend: no problem+json
    browser, fake = shared_browser, shared_fake
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en")
    fake.respond(body, status=status, content_type=content_type)
    page, tab, entry = analyse(browser, fixture_site.url("/articles/en_article.html"))
    # Then the panel says what the status means (not "unexpected answer") and offers a retry
    assert entry["error"] == {"code": code, "status": status}
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator(".message")).to_have_attribute("data-code", code)
    expect(panel.locator("#message-title")).to_have_text(message("en", f"error_{code}_title"))
    expect(panel.get_by_role("button", name=message("en", "retry"))).to_be_visible()
    panel.close()
    page.close()


def test_an_unknown_code_still_gets_a_message(
    shared_browser: ExtensionBrowser, shared_fake: FakeBackend, fixture_site: FixtureSite
) -> None:
    browser, fake = shared_browser, shared_fake
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en")
    fake.problem("brand_new_code", 418)
    page, tab, _ = analyse(browser, fixture_site.url("/articles/en_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator("#message-title")).to_have_text(message("en", "error_unknown_title"))
    expect(panel.locator(".message-body")).to_have_text(
        message("en", "error_unknown_body", "brand_new_code")
    )
    panel.close()
    page.close()


# --- errors on the client's side ---------------------------------------------------------------


def test_backend_down_says_what_to_check(
    browser: ExtensionBrowser, fixture_site: FixtureSite
) -> None:
    down = closed_port_url()
    browser.set_settings(backendUrl=down, panelLanguage="en")
    _page, tab, entry = analyse(browser, fixture_site.url("/articles/en_article.html"))
    assert entry["error"] == {"code": "backend_unreachable"}
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    checks = panel.locator(".checklist li")
    expect(checks).to_have_count(3)
    expect(checks.nth(0)).to_contain_text("make run")
    expect(checks.nth(1)).to_contain_text("Settings")
    expect(panel.locator(".message-body")).to_contain_text(down)
    expect(panel.get_by_role("button", name=message("en", "retry"))).to_be_visible()
    # "Settings" opens the options page
    with browser.context.expect_page() as options_page:
        panel.locator(".message .actions").get_by_role(
            "button", name=message("en", "openOptions")
        ).click()
    assert options_page.value.url.endswith("/options/options.html")
    assert_error_in_every_language(browser, panel, "backend_unreachable", down)


def test_a_busy_backend_offers_a_retry(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a backend that serves as many connections as it can (503 overloaded)
    fake_backend.problem("overloaded", 503)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    _page, tab, entry = analyse(browser, fixture_site.url("/articles/en_article.html"))
    assert entry["error"]["code"] == "overloaded"
    # When the panel shows it, Then it says so in the reader's language and offers a retry
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator("#message-title")).to_have_text(message("en", "error_overloaded_title"))
    expect(panel.get_by_role("button", name=message("en", "retry"))).to_be_visible()


def test_a_backend_that_does_not_allow_the_extension_origin_is_unreachable(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # CORS is the only thing between the extension and the backend (no host permission)
    fake_backend.cors = False
    fake_backend.respond(briefs.sample_brief())
    browser.set_settings(backendUrl=fake_backend.base_url)
    _, _, entry = analyse(browser, fixture_site.url("/articles/en_article.html"))
    assert entry["error"] == {"code": "backend_unreachable"}


def test_not_an_article_from_the_real_backend(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=backend, panelLanguage="de")
    _page, tab, entry = analyse(browser, fixture_site.url("/articles/home.html"))
    assert entry["error"]["code"] == "not_an_article" and entry["error"]["status"] == 422
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "note")
    expect(panel.locator(".message")).not_to_have_attribute("role", "alert")
    expect(panel.locator("#message-title")).to_have_text(
        "Diese Seite sieht nicht nach einem Artikel aus"
    )
    # Not worth retrying, nothing to configure: no buttons
    expect(panel.locator(".message .actions")).to_have_count(0)


def test_a_page_the_extension_was_not_invited_to_read(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # No toolbar click on this tab, so no activeTab grant: the refresh button cannot read it
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    _, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    panel.locator("#refresh").click()
    # Then it says what to do (a click on this page), calmly: nothing is broken
    wait_panel_state(panel, "note")
    expect(panel.locator(".message")).to_have_attribute("data-code", "needs_click")
    expect(panel.locator(".message-body")).to_contain_text("Alt+Shift+P")
    assert fake_backend.requests == []
    assert_error_in_every_language(browser, panel, "needs_click", fake_backend.base_url)


def test_a_request_that_never_ends_turns_into_a_timeout(
    browser: ExtensionBrowser, fixture_site: FixtureSite
) -> None:
    # A loading entry older than a minute (the worker died mid-request) reads as a time-out.
    browser.set_settings(panelLanguage="en")
    _, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.worker_eval(
        """async (tabId) => chrome.storage.session.set({["tab:" + tabId]: {
            tabId, state: "loading", requestId: "r1", startedAt: Date.now() - 61000, url: null}})""",
        tab,
    )
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator(".message")).to_have_attribute("data-code", "backend_timeout")
    expect(panel.locator("#message-title")).to_have_text(
        message("en", "error_backend_timeout_title")
    )


# --- loading, partial results, notices ------------------------------------------------------


def test_the_skeleton_shows_while_the_backend_works(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # The backend answers after 4 s: long enough that a loaded machine still sees the skeleton
    # (how soon it shows is bench/bench_panel.py's to measure, not a threshold here)
    fake_backend.respond(briefs.sample_brief(), delay_s=4)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    browser.click_action(page, tab)
    wait_panel_state(panel, "loading")
    expect(panel.locator("main")).to_have_attribute("aria-busy", "true")
    expect(panel.locator(".skeleton .sk").first).to_be_visible()
    wait_panel_state(panel, "ready")
    expect(panel.locator("main")).to_have_attribute("aria-busy", "false")
    marks = browser.session()["perf:page"]
    assert marks["startedAt"] <= marks["skeletonAt"] <= marks["renderedAt"]
    # The skeleton was drawn while the backend was still working: before its answer came
    entry = browser.entry(tab)
    assert entry is not None and marks["skeletonAt"] < entry["receivedAt"]


def test_partial_results_are_flagged(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    fake_backend.respond(briefs.sample_brief(partial=True, failed_sources=["gdelt"]))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="fr")
    _page, tab, _entry = analyse(browser, fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    expect(panel.locator(".partial")).to_have_text(message("fr", "relatedPartial", "GDELT"))
    # The items that did arrive are still listed
    expect(panel.locator(".related-item")).to_have_count(4)


def test_the_summary_says_how_it_was_made_and_why_it_fell_back(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    fake_backend.respond(
        briefs.sample_brief(
            summary_language="en", method="llm", model="claude-sonnet-4-5", notice=None
        )
    )
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    _page, tab, _ = analyse(browser, fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    expect(panel.locator(".method")).to_have_attribute("data-method", "llm")
    expect(panel.locator(".method")).to_have_text(
        message("en", "methodLlmBadge") + message("en", "methodLlm", "claude-sonnet-4-5")
    )
    expect(panel.locator(".notice")).to_have_count(0)
    # A model summary may carry a neutral headline, what is disputed, and dropped points
    fake_backend.respond(briefs.llm_brief())
    panel.locator("#refresh").click()
    expect(panel.locator(".neutral-headline .text")).to_have_text(
        "Council approves tram line 7 to Nordheim"
    )
    expect(panel.locator(".disputed")).to_contain_text(message("en", "disputedLabel"))
    expect(panel.locator(".dropped")).to_have_text(message("en", "droppedBullets_one", "1"))
    for notice in (
        "llm_timeout",
        "llm_rate_limited",
        "llm_overloaded",
        "llm_error",
        "llm_invalid_output",
        "llm_unfaithful",
    ):
        # the fallback's points are the German article's sentences, for an English reader: the
        # notice says they stay in German (session 12)
        fake_backend.respond(briefs.sample_brief(summary_language="de", notice=notice))
        panel.locator("#refresh").click()
        expect(panel.locator(".notice")).to_have_attribute("data-notice", notice)
        expect(panel.locator(".notice")).to_have_text(
            message("en", f"notice_{notice}_untranslated", "German", "English")
        )
        expect(panel.locator(".method")).to_have_attribute("data-method", "extractive")


# --- related coverage ---------------------------------------------------------------------------


def test_related_coverage_is_grouped_by_language_best_first(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    link = fixture_site.url("/articles/en_article.html")
    fake_backend.respond(
        briefs.sample_brief(summary_language="de", related=briefs.related_items(link))
    )
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en", summaryLanguage="en")
    _page, tab, _ = analyse(browser, fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    groups = panel.locator(".lang-group")
    # The reader's language first, then the article's, then the others
    assert groups.evaluate_all("(gs) => gs.map((g) => g.dataset.language)") == ["en", "de", "fr"]
    expect(groups.locator(".group-title")).to_have_text(["English · 1", "German · 2", "French · 1"])
    german = groups.nth(1).locator(".related-item")
    expect(german.locator(".outlet-name")).to_have_text(["Westfunk", "dpa"])  # best first
    expect(german.first.locator(".outlet-type")).to_have_text("Public broadcaster")
    expect(german.nth(1).locator(".also summary")).to_have_text("+3 outlets ran this report")
    new_tab = f" ({message('en', 'opensInNewTab')})"
    expect(german.nth(1).locator(".also li")).to_have_text(
        [f"Rheinpost{new_tab}", f"Stadtanzeiger{new_tab}", "Abendblatt Süd"]
    )
    expect(groups.nth(0).locator(".also summary")).to_have_text("+1 outlet ran this report")
    expect(german.first.locator("time")).to_have_text("1 hour ago")
    # A translated headline leads, the original follows in its own language
    french = groups.nth(2).locator(".related-item")
    expect(french.locator(".headline a")).to_contain_text("City council approves a tram line")
    expect(french.locator(".original")).to_have_attribute("lang", "fr")
    expect(french.locator(".original")).to_contain_text("Le conseil municipal approuve")
    # Links open in a new tab, without an opener
    anchor = groups.nth(0).locator("a")
    expect(anchor).to_have_attribute("target", "_blank")
    expect(anchor).to_have_attribute("rel", "noopener noreferrer")
    with browser.context.expect_page() as opened:
        anchor.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == link

    # Without coverage in other languages, French goes
    browser.set_settings(includeOtherLanguages=False)
    expect(panel.locator(".lang-group")).to_have_count(2)
    assert panel.locator(".lang-group").evaluate_all(
        "(gs) => gs.map((g) => g.dataset.language)"
    ) == ["en", "de"]


def test_the_outlets_that_ran_a_wire_report_link_to_their_copies(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a dpa report collapsed with its copies at Rheinpost (on the loopback site) and
    # Stadtanzeiger, Abendblatt Süd without a copy, and a Euro Wire report as an older backend
    # sends it (names, no copies)
    copy_link = fixture_site.url("/articles/en_article.html")
    fake_backend.respond(briefs.sample_brief(related=briefs.related_items(copy_link=copy_link)))
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en", summaryLanguage="en")
    _page, tab, _ = analyse(browser, fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    dpa = panel.locator(".related-item").filter(has_text="214 Millionen Euro")
    euro_wire = panel.locator(".related-item").filter(has_text="Euro Wire")
    # When the reader opens the list from the keyboard and tabs into it
    dpa.locator(".also summary").focus()
    panel.keyboard.press("Enter")
    expect(dpa.locator(".also")).to_have_attribute("open", "")
    panel.keyboard.press("Tab")
    # Then the first outlet's name is a link to its copy, focused, labelled as every link that
    # opens a new tab, opening without an opener
    new_tab = f" ({message('en', 'opensInNewTab')})"
    rheinpost = panel.get_by_role("link", name=f"Rheinpost{new_tab}", exact=True)
    expect(rheinpost).to_be_focused()
    links = dpa.locator(".also li a")
    assert links.evaluate_all("(as) => as.map((a) => a.href)") == [
        copy_link,
        "https://www.stadtanzeiger.example/region/linie-7",
    ]
    for attribute, value in (("target", "_blank"), ("rel", "noopener noreferrer"), ("dir", "auto")):
        expect(links.first).to_have_attribute(attribute, value)
    expect(dpa.locator(".also li")).to_have_count(3)
    expect(dpa.locator(".also li").nth(2)).to_have_text("Abendblatt Süd")
    expect(dpa.locator(".also li").nth(2).locator("a")).to_have_count(0)
    # And an answer without copies still names its outlets, as text
    expect(euro_wire.locator(".also li")).to_have_text(["Euro Wire"])
    expect(euro_wire.locator(".also a")).to_have_count(0)
    # And the link opens the copy in a new tab
    with browser.context.expect_page() as opened:
        panel.keyboard.press("Enter")
    opened.value.wait_for_load_state()
    assert opened.value.url == copy_link


# --- hostile data ------------------------------------------------------------------------------


def test_a_malicious_brief_is_rendered_inert(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    fake_backend.respond(briefs.malicious_brief())
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab, entry = analyse(browser, fixture_site.url("/articles/de_article.html"))
    assert entry["state"] == "ready"
    panel = browser.open_panel(tab=tab)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    panel.on("dialog", on_dialog)
    wait_panel_state(panel, "ready")
    # Markup arrives as text, visibly
    expect(panel.locator(".article-title")).to_have_text(
        f"{briefs.XSS_IMG}Hostile title{briefs.XSS_SCRIPT}"
    )
    expect(panel.locator(".bullet-text").first).to_contain_text('<a href="javascript:alert(1)">')
    # No element was created from data: no images, scripts, frames, SVG or objects in <main>
    created = panel.evaluate(
        "() => document.querySelectorAll('main img, main script, main iframe, main svg, "
        "main object, main embed, main b, main i').length"
    )
    assert created == 0
    # Only http(s) URLs became links, and only the one safe URL among them
    hrefs = panel.locator("main a").evaluate_all("(as) => as.map((a) => a.href)")
    assert hrefs == ["https://safe.example/article?q=%3Cb%3E"]
    # Nothing hostile ran, in the panel or in the article's page
    panel.evaluate(
        """() => document.querySelectorAll('main *:not(a)').forEach(
            (e) => e.dispatchEvent(new MouseEvent('click', {bubbles: true})))"""
    )
    panel.locator(".bullet").first.click()
    expect(panel.locator(".bullet").first).to_have_attribute("aria-pressed", "true")
    assert panel.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    # Hostile language tags became no lang attribute, not an attribute injection
    langs = panel.locator("main [lang]").evaluate_all("(es) => es.map((e) => e.lang)")
    assert all(lang in ("en", "de", "") for lang in langs)
    assert panel.locator("main [onmouseover], main [onerror], main [onload]").count() == 0


def test_the_dom_sent_to_the_backend_is_trimmed_and_settings_are_honoured(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite, tmp_path: Path
) -> None:
    fake_backend.respond(briefs.sample_brief())
    browser.set_settings(backendUrl=fake_backend.base_url, summaryLanguage="fr", maxRelated=7)
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    page.evaluate(
        """() => {
            const input = document.createElement('input');
            input.value = 'secret typed by the reader';
            input.setAttribute('value', 'secret typed by the reader');
            document.body.append(input);
        }"""
    )
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    (request,) = fake_backend.requests
    assert request["url"] == page.url
    assert request["language"] == "fr" and request["max_related"] == 7
    assert request["include"] == {"summary": True, "related": True, "other_languages": True}
    html = request["html"]
    assert html.startswith("<!DOCTYPE html>") and 'lang="de"' in html
    assert "Straßenbahnlinie 7 beschlossen" in html
    assert "application/ld+json" in html  # metadata kept
    assert "secret typed by the reader" not in html  # form fields dropped
