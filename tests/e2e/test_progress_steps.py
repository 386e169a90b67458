"""A slow Brief names the backend's step (issue 17, item 2): the worker sends a request id,
asks GET /v1/briefs/progress/{id} about once a second after 3 s, and the panel shows the step in
the reader's language; it stops asking at the answer, at Cancel and at a 404."""

from __future__ import annotations

import itertools
import re
import time
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import ExtensionBrowser, axe_violations, message, poll, wait_panel_state

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_a_slow_brief_shows_the_backends_step_and_stops_asking_on_cancel(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a slow backend that says it is fetching, and a panel in French
    fake_backend.respond(briefs.sample_brief(), delay_s=20)
    fake_backend.progress_step = "fetching"
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="fr")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    clicked = time.monotonic()
    browser.click_action(page, tab)
    wait_panel_state(panel, "loading")
    # Then after about 3 s the backend line names the step, in French
    current = panel.locator(".steps [aria-current='step']")
    expect(current).to_contain_text(message("fr", "backendStepFetching"), timeout=7000)
    assert time.monotonic() - clicked >= 2.9
    expect(current).to_have_attribute("data-backend-step", "fetching")
    # And the step done before it is read out with French punctuation: "Terminé : " (the colon
    # was written by the code, after every language's word: "Terminé: ", walk4)
    done = panel.locator(".steps li.is-done .visually-hidden")
    assert done.text_content() == "Terminé : "
    # And the id it asked about is the one sent with the Brief, a UUID
    [sent] = fake_backend.request_ids
    assert sent is not None and UUID.match(sent)
    assert {request_id for request_id, _ in fake_backend.progress_requests} == {sent}
    # When the backend moves on, with Cancel focused
    cancel = panel.locator(".progress").get_by_role("button", name=message("fr", "cancel"))
    cancel.focus()
    fake_backend.progress_step = "finding_coverage"
    # Then the line follows within a couple of seconds and the focus stays on Cancel
    expect(current).to_contain_text(message("fr", "backendStepFindingCoverage"), timeout=3000)
    expect(cancel).to_be_focused()
    assert axe_violations(panel) == []
    # And it asks about once a second, not more
    times = [at for _, at in fake_backend.progress_requests]
    assert all(b - a >= 0.9 for a, b in itertools.pairwise(times)), times
    # When cancelled, Then it stops asking
    panel.keyboard.press("Enter")
    wait_panel_state(panel, "note")
    # A progress request already on its way when Cancel stopped the polling can still reach the
    # backend after the note shows: at most that one, within a short while; then none at all
    # (the worker asks once a second, so a poll still running would show in 2.5 s)
    at_cancel = len(fake_backend.progress_requests)
    panel.wait_for_timeout(1000)
    asked = len(fake_backend.progress_requests)
    assert asked - at_cancel <= 1, fake_backend.progress_requests
    panel.wait_for_timeout(2500)
    assert len(fake_backend.progress_requests) == asked


def test_a_backend_that_cannot_tell_keeps_the_generic_line_and_is_asked_once(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a slow backend whose progress route answers 404 (as in AWS Lambda)
    fake_backend.respond(briefs.sample_brief(), delay_s=6)
    fake_backend.progress_step = None
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="de")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    browser.click_action(page, tab)
    # Then the panel says what it said before the backend could tell
    current = panel.locator(".steps [aria-current='step']")
    expect(current).to_contain_text(message("de", "stepBackend"), timeout=7000)
    poll(lambda: len(fake_backend.progress_requests) >= 1, "the progress request")
    panel.wait_for_timeout(2000)
    # And after the 404 it asked no more; the Brief arrives as usual
    assert len(fake_backend.progress_requests) == 1
    wait_panel_state(panel, "ready")
