"""A model's failure on a Brief asked for in another language than the article's (Chromium).

With a model, a short article in another language is translated whole and a long one is
summarised in the reader's language; when that call fails, the reader gets the article's own
sentences in its language with an ``llm_*`` notice. The panel's notice used to speak of an
"AI summary" (llm_unfaithful) and never said that the points stay in the article's language
(session 12, modelpolish); it now names that language and the one asked for.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import (
    ExtensionBrowser,
    axe_violations,
    horizontal_overflow,
    message,
    wait_panel_state,
)

pytestmark = pytest.mark.e2e

# The short German article's statements, as the fallback gives them back (one bullet each)
SHORT_BULLETS = [
    {"text": text, "sentence_ids": [i]} for i, text in enumerate(briefs.DE_SENTENCES[:2])
]
# How Chromium names German and French in the panel languages the tests use
NAMES = {
    ("en", "de"): "German",
    ("en", "en"): "English",
    ("de", "de"): "Deutsch",
    ("de", "fr"): "Französisch",
    ("fr", "de"): "allemand",
    ("fr", "es"): "espagnol",
    ("es", "de"): "alemán",
    ("es", "en"): "inglés",
}


def shown(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    tab: int,
    brief: dict[str, Any],
    *,
    panel_language: str,
    asked: str,
) -> Page:
    """The panel showing ``brief`` as the answer to a request in ``asked``."""
    browser.set_settings(
        backendUrl=fake_backend.base_url, panelLanguage=panel_language, summaryLanguage=asked
    )
    browser.put_entry(
        tab, state="ready", url="https://www.example.org/a", language=asked, brief=brief
    )
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    return panel


@pytest.mark.parametrize(
    ("panel_language", "asked", "notice"),
    [
        ("en", "en", "llm_unfaithful"),
        ("de", "fr", "llm_timeout"),
        ("fr", "es", "llm_invalid_output"),
        ("es", "en", "llm_overloaded"),
    ],
)
def test_a_failed_translation_says_the_points_stay_in_the_articles_language(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    panel_language: str,
    asked: str,
    notice: str,
) -> None:
    # Given a short German article asked for in another language, whose translation by the
    # model failed: its two sentences in German, with the model's failure as the notice
    brief = briefs.sample_brief(summary_language="de", notice=notice, bullets=SHORT_BULLETS)
    panel = shown(browser, fake_backend, 7400, brief, panel_language=panel_language, asked=asked)
    # Then the notice says why, that the points stay in German, and which language was asked
    note = panel.locator(f'.summary .notice[data-notice="{notice}"]')
    expected = message(
        panel_language,
        f"notice_{notice}_untranslated",
        NAMES[(panel_language, "de")],
        NAMES[(panel_language, asked)],
    )
    expect(note).to_have_text(expected)
    # And no longer speaks of an "AI summary" the reader did not get
    assert "AI summary" not in expected and "KI-Zusammenfassung" not in expected
    expect(panel.locator(".summary .bullets li, .summary li.bullet")).to_have_count(2)


def test_a_failed_summary_in_the_articles_own_language_keeps_its_notice(
    browser: ExtensionBrowser, fake_backend: FakeBackend
) -> None:
    # Given a German reader whose summary of a German article the model answered unfaithfully
    brief = briefs.sample_brief(summary_language="de", notice="llm_unfaithful")
    panel = shown(browser, fake_backend, 7401, brief, panel_language="de", asked="de")
    # Then the notice is the one about the summary: nothing stays in another language
    expect(panel.locator('.summary .notice[data-notice="llm_unfaithful"]')).to_have_text(
        message("de", "notice_llm_unfaithful")
    )


def test_the_untranslated_notice_fits_280_px_in_german(
    browser: ExtensionBrowser, fake_backend: FakeBackend
) -> None:
    # Given the German panel showing the longest of the new notices
    brief = briefs.sample_brief(
        summary_language="de", notice="llm_rate_limited", bullets=SHORT_BULLETS
    )
    panel = shown(browser, fake_backend, 7402, brief, panel_language="de", asked="fr")
    expect(panel.locator('.summary .notice[data-notice="llm_rate_limited"]')).to_have_text(
        message("de", "notice_llm_rate_limited_untranslated", "Deutsch", "Französisch")
    )
    # When it is 280 px wide, nothing scrolls sideways and axe is clean, light and dark
    panel.set_viewport_size({"width": 280, "height": 900})
    assert horizontal_overflow(panel) == []
    for scheme in ("light", "dark"):
        panel.emulate_media(color_scheme=scheme)
        assert axe_violations(panel) == [], scheme
