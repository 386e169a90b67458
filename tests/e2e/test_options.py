"""The options page: defaults, persistence in storage.sync, validation, the connection test."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import ExtensionBrowser, message, wait_panel_state
from tests.e2e.test_panel_reader import SMALL_TARGETS

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

# When the options page last saved (its form's mark, set once a save has been stored), "" before.
SAVED_MARK = "() => document.getElementById('settings-form').dataset.saved ?? ''"


def test_defaults_then_changes_persist_across_reloads(
    browser: ExtensionBrowser, fixture_site: FixtureSite
) -> None:
    page = browser.open_options()
    # Defaults: browser language for both languages, all coverage, 10 items, the local backend
    expect(page.get_by_label("Summary language")).to_have_value("auto")
    expect(page.get_by_label("Panel language")).to_have_value("auto")
    expect(page.get_by_label("Include coverage in other languages")).to_be_checked()
    expect(page.get_by_label("Related articles, at most")).to_have_value("10")
    expect(page.get_by_label("Backend URL")).to_have_value("http://127.0.0.1:8787")
    assert browser.settings() == {}

    page.get_by_label("Summary language").select_option("fr")
    page.get_by_label("Panel language").select_option("de")
    page.get_by_label("Include coverage in other languages").uncheck()
    page.get_by_label("Related articles, at most").fill("7")
    page.get_by_label("Backend URL").fill(" http://localhost:9999/ ")
    page.get_by_role("button", name="Save").click()
    # Saved, and the page itself switched to the new panel language
    expect(page.locator("#saveStatus")).to_have_text(message("de", "saved"))
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert browser.settings() == {
        "summaryLanguage": "fr",
        "panelLanguage": "de",
        "includeOtherLanguages": False,
        "maxRelated": 7,
        "backendUrl": "http://localhost:9999",
    }

    page.reload()
    page.wait_for_function("() => document.body.dataset.ready === 'true'")
    expect(page.get_by_label("Sprache der Zusammenfassung")).to_have_value("fr")
    expect(page.get_by_label("Sprache des Panels")).to_have_value("de")
    expect(page.get_by_label("Berichte in anderen Sprachen einbeziehen")).not_to_be_checked()
    expect(page.get_by_label("Höchstens so viele Berichte")).to_have_value("7")
    expect(page.get_by_label("Backend-URL")).to_have_value("http://localhost:9999")

    # An open panel follows the new language
    _, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    expect(panel.locator("#message-title")).to_have_text(message("de", "idle_title"))
    page.get_by_label("Sprache des Panels").select_option("es")
    page.get_by_role("button", name="Speichern").click()
    expect(panel.locator("#message-title")).to_have_text(message("es", "idle_title"))

    # Restore defaults
    page.get_by_role("button", name=message("es", "resetDefaults")).click()
    expect(page.get_by_label("Backend URL")).to_have_value("http://127.0.0.1:8787")
    assert browser.settings() == {}


@pytest.mark.parametrize(
    "backend_url",
    [
        "http://news.example:8787",  # plain http off this machine
        "ftp://127.0.0.1/",
        "javascript:alert(1)",
        "https://user:secret@api.example",
        "not a url",
    ],
)
def test_invalid_values_are_refused_with_a_message(
    browser: ExtensionBrowser, backend_url: str
) -> None:
    page = browser.open_options()
    field = page.get_by_label("Backend URL")
    field.fill(backend_url)
    page.get_by_label("Related articles, at most").fill("51")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#saveStatus")).to_have_text(message("en", "saveFailed"))
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#backendUrlError")).to_have_text(message("en", "backendUrlInvalid"))
    expect(page.locator("#maxRelatedError")).to_have_text(message("en", "maxRelatedInvalid", "50"))
    expect(page.get_by_label("Related articles, at most")).to_be_focused()
    assert browser.settings() == {}


def test_https_backends_anywhere_and_loopback_http_are_accepted(
    browser: ExtensionBrowser,
) -> None:
    page = browser.open_options()
    for url, stored in (
        ("https://parallax.example.org/prod/", "https://parallax.example.org/prod"),
        ("http://localhost:8787", "http://localhost:8787"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
    ):
        page.get_by_label("Backend URL").fill(url)
        saved_before = page.evaluate(SAVED_MARK)
        page.get_by_role("button", name="Save").click()
        # This save's own mark: a typed URL already in its stored form shows that form before
        # the save has run, and the storage would still hold the previous one
        page.wait_for_function(f"(before) => ({SAVED_MARK})() !== before", arg=saved_before)
        expect(page.get_by_label("Backend URL")).to_have_value(stored)
        assert browser.settings()["backendUrl"] == stored


def test_connection_test_against_a_running_and_a_missing_backend(
    browser: ExtensionBrowser, fake_backend: FakeBackend
) -> None:
    page = browser.open_options()
    page.get_by_label("Backend URL").fill(fake_backend.base_url)
    page.get_by_role("button", name="Test connection").click()
    expect(page.locator("#connectionStatus")).to_have_text(message("en", "connectionOk", "fake"))
    expect(page.locator("#grantAccess")).to_be_hidden()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{sock.getsockname()[1]}"
    page.get_by_label("Backend URL").fill(down)
    page.get_by_role("button", name="Test connection").click()
    # Then it asks first whether the backend runs (the usual cause), not about CORS
    expect(page.locator("#connectionStatus")).to_have_text(message("en", "connectionDown", down))
    expect(page.locator("#connectionStatus")).to_contain_text("make run")
    # No host permission is held, so the page also offers to ask for one (optional_host_permissions)
    expect(page.locator("#grantAccess")).to_be_visible()
    # And once the address is edited, the old result goes
    page.get_by_label("Backend URL").fill(fake_backend.base_url)
    expect(page.locator("#connectionStatus")).to_have_text("")
    expect(page.locator("#grantAccess")).to_be_hidden()


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_control_of_the_options_page_is_a_24_px_target_at_320_px(
    browser: ExtensionBrowser, language: str
) -> None:
    # Given the options page in a 320 px wide window (a phone, or a narrow window)
    browser.set_settings(panelLanguage=language)
    page = browser.open_options()
    page.set_viewport_size({"width": 320, "height": 900})
    # Then every control, the "Include coverage in other languages" box itself among them (not
    # only its label), is at least 24 x 24 CSS px (WCAG 2.2, 2.5.8; before: the box was 18 px)
    box = page.locator("#includeOtherLanguages").bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box
    assert page.evaluate(SMALL_TARGETS) == []
    # And the box still sits on the line of its label, which wraps beside it in the column
    label = page.locator("label[for=includeOtherLanguages]").bounding_box()
    assert label and label["x"] >= box["x"] + box["width"]
    assert abs((label["y"]) - box["y"]) < 24
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
