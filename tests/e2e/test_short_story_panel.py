"""A page too short to summarise, or behind a consent notice, that names its story (issue 13,
session 9) in the panel: the notice in the summary section, in the reader's language, the two
related sections as usual, no bullets, no chips and no corroboration request; at 320 px in
German and Spanish without sideways scrolling. Chromium with the real extension and a path-aware
fake backend."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import briefs
from tests.e2e.fake_backend import PathBackend
from tests.e2e.harness import ExtensionBrowser, horizontal_overflow, message, wait_panel_state

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


def story_only_brief(notice: str) -> dict[str, Any]:
    """A Brief as the backend makes it for a paywall stub, a one-sentence item or a page behind a
    consent notice."""
    brief = briefs.sample_brief(
        summary_language="de",
        notice=notice,
        topic=[
            {
                "url": "https://www.westfunk.example/nachrichten/nahverkehr-plan-2030.html",
                "title": "Nahverkehrsplan 2030: Wohin die Stadt ihre Bahnen bauen will",
                "outlet": briefs.outlet("Westfunk", "westfunk.example", "public_broadcaster"),
                "language": "de",
                "published": briefs.ago(200),
                "similarity": 0.31,
                "also_reported_by": [],
                "provider": "index",
            }
        ],
    )
    brief["summary"]["bullets"] = []
    brief["article"].update(text="", sentences=[], word_count=31)
    return brief


@pytest.fixture
def fake() -> Iterator[PathBackend]:
    with PathBackend() as backend:
        backend.routes["/v1/briefs"] = (200, story_only_brief("behind_gate"), 0.0)
        backend.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
        yield backend


def _panel(
    browser: ExtensionBrowser,
    fake: PathBackend,
    site: FixtureSite,
    *,
    language: str,
    width: int = 400,
) -> Page:
    browser.set_settings(backendUrl=fake.base_url, panelLanguage=language, summaryLanguage="de")
    page, tab = browser.open_tab(site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    return panel


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_a_paywalled_page_shows_why_and_the_story_elsewhere(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite, language: str
) -> None:
    # Given the Brief of a paywall stub: no bullets, notice behind_gate, related coverage
    panel = _panel(browser, fake, fixture_site, language=language)
    summary = panel.locator(".summary")
    # Then the summary section says why there is no summary, in the reader's language, as a note
    notice = summary.locator(".notice")
    expect(notice).to_have_text(message(language, "notice_behind_gate"))
    expect(notice).to_have_attribute("role", "note")
    expect(notice).to_have_attribute("data-notice", "behind_gate")
    # And it offers no bullets, no method line and no "could not be summarised" text
    expect(summary.locator(".bullets")).to_have_count(0)
    expect(summary.locator(".method")).to_have_count(0)
    expect(summary.locator(".empty")).to_have_count(0)
    # And both related sections are shown as usual
    expect(panel.locator(".related-tier.same-story .related-item")).to_have_count(4)
    expect(panel.locator(".related-tier.on-topic .related-item")).to_have_count(1)
    # And no chip appears and no corroboration is asked for
    time.sleep(0.5)  # the panel asks for corroboration right after drawing a Brief, or never
    expect(panel.locator(".corroboration-chip")).to_have_count(0)
    assert [r for r in fake.requests if r[0] == "/v1/corroborations"] == []


def test_a_too_short_page_at_320_px_in_german(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given the Brief of a one-sentence item, in a narrow German panel
    fake.routes["/v1/briefs"] = (200, story_only_brief("too_short"), 0.0)
    panel = _panel(browser, fake, fixture_site, language="de", width=320)
    # Then the notice is there, whole, and nothing makes the panel scroll sideways
    notice = panel.locator(".summary .notice")
    expect(notice).to_have_text(message("de", "notice_too_short"))
    expect(notice).to_be_visible()
    expect(panel.locator(".related-tier.same-story .related-item")).to_have_count(4)
    assert horizontal_overflow(panel) == []
    # And the keyboard reaches the first related link right after the panel's own controls
    links = panel.locator(".related-tier.same-story .related-item a")
    expect(links.first).to_be_visible()
    time.sleep(0.5)
    assert [r for r in fake.requests if r[0] == "/v1/corroborations"] == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_page_behind_a_consent_notice_at_320_px_says_accept_it_and_shows_the_story(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite, language: str
) -> None:
    # Given the Brief of a page whose only text was a consent notice (it was a 422 cookie_wall):
    # no bullets, notice behind_consent, related coverage; in the narrowest panel
    fake.routes["/v1/briefs"] = (200, story_only_brief("behind_consent"), 0.0)
    panel = _panel(browser, fake, fixture_site, language=language, width=320)
    summary = panel.locator(".summary")
    # Then the summary section tells the reader, in their language, to accept or close the notice
    # and click again for the summary, as a note, whole and visible
    notice = summary.locator(".notice")
    expect(notice).to_have_text(message(language, "notice_behind_consent"))
    expect(notice).to_have_attribute("role", "note")
    expect(notice).to_have_attribute("data-notice", "behind_consent")
    expect(notice).to_be_visible()
    # And it offers no bullets, no method line and no "could not be summarised" text
    expect(summary.locator(".bullets")).to_have_count(0)
    expect(summary.locator(".method")).to_have_count(0)
    expect(summary.locator(".empty")).to_have_count(0)
    # And both related sections are shown as usual, without sideways scrolling
    expect(panel.locator(".related-tier.same-story .related-item")).to_have_count(4)
    expect(panel.locator(".related-tier.on-topic .related-item")).to_have_count(1)
    assert horizontal_overflow(panel) == []
    # And no chip appears and no corroboration is asked for
    time.sleep(0.5)
    expect(panel.locator(".corroboration-chip")).to_have_count(0)
    assert [r for r in fake.requests if r[0] == "/v1/corroborations"] == []


@pytest.mark.parametrize("notice", ["behind_gate", "too_short", "behind_consent"])
def test_a_story_only_brief_without_coverage_does_not_promise_any(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite, notice: str
) -> None:
    # Given the Brief of a paywall stub (or a one-sentence item) for which no outlet was found
    brief = story_only_brief(notice)
    brief["related"]["items"] = []
    brief["related"]["topic"] = []
    fake.routes["/v1/briefs"] = (200, brief, 0.0)
    panel = _panel(browser, fake, fixture_site, language="en")
    # Then the notice says why there is no summary, without "here is how other outlets report"
    notice_line = panel.locator(".summary .notice")
    expect(notice_line).to_have_text(message("en", f"notice_{notice}_alone"))
    expect(notice_line).to_have_attribute("data-notice", notice)
    # And the related section says for itself that nothing was shown
    expect(panel.locator(".related-tier .related-item")).to_have_count(0)
