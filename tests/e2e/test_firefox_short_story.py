"""A page too short to summarise, or behind a consent notice, that names its story (issue 13,
session 9) in Firefox ESR's sidebar: the notice in the summary section in the reader's language,
the two related sections, no bullets, no chips and no corroboration request, also at 320 CSS px
in German and Spanish. The same Brief as the Chromium
test (``test_short_story_panel``), handed to the panel as the worker would."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.fake_backend import PathBackend
from tests.e2e.firefox import FIREFOX_ORIGIN, FirefoxExtension, open_panel_at, set_settings
from tests.e2e.harness import message
from tests.e2e.test_short_story_panel import story_only_brief

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def options_tab(firefox: FirefoxExtension, firefox_fake_backend: PathBackend) -> str:
    handle = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=firefox_fake_backend.base_url, panelLanguage="en")
    return handle


def _show(
    firefox: FirefoxExtension, brief: dict[str, Any], *, tab_id: int, language: str, width: int
) -> None:
    """Given a ready entry for a tab (what the worker writes), the panel page on it, ``width``
    CSS px wide (reached with Firefox's zoom: its window is at least 500 px)."""
    firefox.marionette.navigate(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, panelLanguage=language, summaryLanguage="de")
    open_panel_at(
        firefox,
        brief,
        tab_id=tab_id,
        width=width,
        language="de",
        url="https://www.unionleader.example/news/a",
    )
    firefox.wait("return !!document.querySelector('.summary .notice')", "the notice")


def _panel_facts(firefox: FirefoxExtension) -> dict[str, Any]:
    facts: dict[str, Any] = firefox.run(
        """const notice = document.querySelector('.summary .notice');
           return {
             notice: notice.textContent, role: notice.getAttribute('role'),
             code: notice.dataset.notice,
             bullets: document.querySelectorAll('.summary .bullets').length,
             method: document.querySelectorAll('.summary .method').length,
             same: document.querySelectorAll('.related-tier.same-story .related-item').length,
             topic: document.querySelectorAll('.related-tier.on-topic .related-item').length,
             chips: document.querySelectorAll('.corroboration-chip').length,
             overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
           };"""
    )
    return facts


@pytest.mark.parametrize(
    ("notice", "language", "width", "tab_id"),
    [
        ("behind_gate", "fr", 400, 9101),
        ("too_short", "de", 320, 9102),
        ("behind_consent", "es", 320, 9103),
    ],
)
def test_a_story_only_brief_in_firefox(
    firefox: FirefoxExtension,
    firefox_fake_backend: PathBackend,
    options_tab: str,
    notice: str,
    language: str,
    width: int,
    tab_id: int,
) -> None:
    # Given the Brief of a paywall stub (a one-sentence item, a consent wall): no bullets, a
    # notice, coverage
    firefox_fake_backend.routes["/v1/corroborations"] = (200, {}, 0.0)
    asked_before = len([r for r in firefox_fake_backend.requests if r[0] == "/v1/corroborations"])
    # When the panel shows it in the reader's language, as narrow as a sidebar gets
    _show(firefox, story_only_brief(notice), tab_id=tab_id, language=language, width=width)
    facts = _panel_facts(firefox)
    # Then the summary section says why there is no summary, as a note, in that language
    assert facts["notice"] == message(language, f"notice_{notice}")
    assert (facts["role"], facts["code"]) == ("note", notice)
    # And offers no bullets and no method line, and the two related sections as usual
    assert (facts["bullets"], facts["method"]) == (0, 0)
    assert (facts["same"], facts["topic"]) == (4, 1)
    # And nothing makes the sidebar scroll sideways
    assert facts["overflow"] <= 0
    # And no chip appears and no corroboration is asked for
    time.sleep(0.5)  # the panel asks right after drawing a Brief, or never
    assert _panel_facts(firefox)["chips"] == 0
    assert (
        len([r for r in firefox_fake_backend.requests if r[0] == "/v1/corroborations"])
        == asked_before
    )
