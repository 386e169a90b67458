"""The summary follows the reader's language choice in Firefox ESR: the panel's code is the same
as in Chromium, but asking again means reading the tab again, which rests on Firefox's own
`activeTab` grant (tied to the document, granted by the toolbar click) while the reader is on
another tab (the options page, the panel page). Failed on the code before (session 11)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.e2e.briefs import model_brief
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.firefox import (
    FIREFOX_ORIGIN,
    PANEL,
    FirefoxExtension,
    poll,
    set_settings,
    stored_entry,
)

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


def test_a_summary_a_model_wrote_is_asked_for_again_in_the_language_switched_to(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given an English summary a model wrote, shown in the panel, the panel in English
    fake_backend.origin = FIREFOX_ORIGIN
    fake_backend.respond(model_brief("en"))
    panel = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(
        firefox, backendUrl=fake_backend.base_url, panelLanguage="en", summaryLanguage="auto"
    )
    url = fixture_site.url("/articles/de_article.html")
    article = firefox.open_tab(url)
    firefox.click_action()
    firefox.switch_to(panel)
    poll(lambda: (stored_entry(firefox, url) or {}).get("state") == "ready", "the Brief")
    first = stored_entry(firefox, url)
    assert first is not None and first["language"] == "en"
    firefox.marionette.navigate(f"{PANEL}?tab={first['tabId']}")
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "ready")

    # When the reader switches the panel to Deutsch (from another tab than the article's)
    fake_backend.respond(model_brief("de"))
    set_settings(firefox, panelLanguage="de")

    # Then the tab is read again and its Brief asked for in German, once, and shown
    def german() -> bool:
        entry = stored_entry(firefox, url) or {}
        return entry.get("state") == "ready" and entry.get("language") == "de"

    poll(german, "the German Brief")
    second = stored_entry(firefox, url)
    assert second is not None and second["trigger"] == "language"
    firefox.wait(
        "return [...document.querySelectorAll('.bullet')].every((b) => b.lang === 'de') && "
        "document.querySelectorAll('.bullet').length > 0 && document.documentElement.lang === 'de'",
        "German bullets in a German panel",
    )
    assert [r["language"] for r in fake_backend.requests] == ["en", "de"]
    assert "Stadtrat" in fake_backend.requests[-1]["html"]  # the article, read anew
    firefox.switch_to(article)
