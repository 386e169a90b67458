"""Claim by claim in the panel (issue 18): chips per bullet, the other outlets' sentences, both
versions side by side, what others report that this article does not, and outlets (or a
backend) that never answer. Chromium with the real extension; a path-aware fake backend."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import briefs
from tests.e2e.briefs import COURIER, DPA, RADIO, WESTFUNK
from tests.e2e.fake_backend import PathBackend
from tests.e2e.harness import (
    ExtensionBrowser,
    axe_violations,
    horizontal_overflow,
    message,
    poll,
    wait_panel_state,
)

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


@pytest.fixture
def fake() -> Iterator[PathBackend]:
    with PathBackend() as backend:
        backend.routes["/v1/briefs"] = (200, briefs.corroboration_brief(), 0.0)
        backend.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.3)
        yield backend


def _panel(
    browser: ExtensionBrowser, fake: PathBackend, site: FixtureSite, language: str = "en"
) -> Page:
    browser.set_settings(backendUrl=fake.base_url, panelLanguage=language, summaryLanguage="de")
    page, tab = browser.open_tab(site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    return panel


def _wait_corroboration(panel: Page, state: str = "ready") -> None:
    panel.wait_for_function(
        "(s) => document.getElementById('content').dataset.corroboration === s",
        arg=state,
        timeout=20_000,
    )


def test_each_bullet_gets_a_chip_and_opening_it_shows_the_other_outlets(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    # The request named the Brief by its key and the related items (no text of theirs)
    _path, body, _ = next(r for r in fake.requests if r[0] == "/v1/corroborations")
    assert body["article"]["key"] == "k"
    assert [o["url"] for o in body["others"]] == [WESTFUNK, DPA, COURIER, RADIO]
    assert all(set(o) == {"url"} for o in body["others"])
    chips = panel.locator(".bullets > li .corroboration-chip")
    expect(chips).to_have_text(
        [
            message("en", "corroboration_outlets_other", "2"),
            message("en", "corroboration_differsIn_one", "1"),
            message("en", "corroboration_onlyHere"),
        ]
    )
    expect(chips.nth(1)).to_have_attribute("data-status", "differs")
    # The chip is a labelled, keyboard-operable disclosure
    first = chips.nth(0)
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(first).to_have_attribute(
        "aria-label",
        message("en", "corroboration_chipLabel", message("en", "corroboration_outlets_other", "2")),
    )
    detail = panel.locator("#" + first.get_attribute("aria-controls"))  # type: ignore[operator]
    expect(detail).to_be_hidden()
    first.focus()
    panel.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-expanded", "true")
    expect(detail).to_be_visible()
    supports = detail.locator(".corroboration-support")
    expect(supports).to_have_count(2)
    expect(supports.nth(0).locator("blockquote")).to_have_attribute("lang", "de")
    # The English outlet's sentence carries its language label (the article is German) and the
    # Brief's translated headline of that report
    expect(supports.nth(1).locator(".corroboration-language")).to_have_text("English")
    headline = supports.nth(1).locator(".corroboration-headline")
    expect(headline).to_have_text("Stadtrat beschließt Straßenbahn nach Nordheim")
    expect(headline).to_have_attribute("lang", "de")
    expect(supports.nth(0).locator(".corroboration-language")).to_have_count(0)
    link = supports.nth(1).locator("a")
    expect(link).to_have_attribute("href", COURIER)
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    # The "only here" chip is plain text, nothing to open
    expect(chips.nth(2)).to_have_js_property("tagName", "SPAN")
    # The status names the outlet that could not be read in time, as the related list does
    expect(panel.locator(".corroboration-status")).to_contain_text("dpa")


def test_differs_shows_both_versions_side_by_side_as_text(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    chip = panel.locator(".bullets > li .corroboration-chip").nth(1)
    chip.click()
    pair = panel.locator(".corroboration-support[data-relation='differs'] .side-by-side")
    expect(pair.locator("figure")).to_have_count(2)
    expect(pair.locator(".here blockquote")).to_have_text(briefs.DE_SENTENCES[1])
    expect(pair.locator(".here figcaption")).to_have_text(
        message("en", "corroboration_thisArticle")
    )
    expect(pair.locator(".there blockquote")).to_contain_text("2032")
    expect(pair.locator(".there figcaption")).to_contain_text("Westfunk")
    changes = panel.locator(".corroboration-changes")
    expect(changes).to_have_text(
        message(
            "en", "corroboration_differsOn", message("en", "corroboration_change", "2031", "2032")
        )
    )
    # Hostile text stays text
    expect(pair.locator(".there blockquote")).to_contain_text("<img src=x")
    assert panel.evaluate("() => document.body.dataset.pwned") is None
    assert panel.locator(".corroboration img").count() == 0
    # Side by side at 400 px: the two versions share a row
    boxes = [pair.locator("figure").nth(i).bounding_box() for i in (0, 1)]
    assert boxes[0] and boxes[1] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2


def test_what_others_report_that_this_article_does_not(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    panel = _panel(browser, fake, fixture_site, language="de")
    _wait_corroboration(panel)
    section = panel.locator(".corroboration-missing")
    expect(section.locator("h2")).to_have_text(message("de", "corroboration_missingHeading"))
    expect(section).to_have_attribute("aria-labelledby", "corroboration-missing-heading")
    items = section.locator("li")
    expect(items).to_have_count(2)
    expect(items.nth(0).locator("blockquote")).to_have_text(
        "The line will cost 214 million euros, the city said."
    )
    expect(items.nth(0).locator("blockquote")).to_have_attribute("lang", "en")
    expect(items.nth(0).locator(".corroboration-language")).to_have_text("Englisch")
    expect(items.nth(0).locator("a")).to_have_text("Rhine Courier")
    # It comes after the summary, before the related coverage
    order = panel.evaluate(
        "() => [...document.querySelectorAll('.summary, .corroboration-missing, .related')].map((n) => n.className)"
    )
    assert order[:2] == ["summary", "corroboration-missing"]


def test_a_backend_that_never_answers_never_holds_back_the_brief(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 60.0)
    panel = _panel(browser, fake, fixture_site)
    # The Brief is complete and usable while the corroboration is still out
    expect(panel.locator(".bullets > li .bullet")).to_have_count(3)
    expect(panel.locator(".corroboration-status")).to_have_text(
        message("en", "corroboration_checking")
    )
    expect(panel.locator(".corroboration-status")).to_have_attribute("role", "status")
    assert panel.locator(".corroboration-chip").count() == 0
    # "Checking" is on screen before the request is sent: wait until the backend has it
    poll(
        lambda: any(p == "/v1/corroborations" for p, _, _ in fake.requests),
        "the corroboration is asked for",
    )
    brief_at = next(t for p, _, t in fake.requests if p == "/v1/briefs")
    corroboration_at = next(t for p, _, t in fake.requests if p == "/v1/corroborations")
    assert corroboration_at >= brief_at  # asked after the Brief, not before


def test_a_failed_corroboration_leaves_a_short_note(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    fake.routes["/v1/corroborations"] = (404, {"code": "not_found", "status": 404}, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel, "error")
    expect(panel.locator(".corroboration-status")).to_have_text(
        message("en", "corroboration_failed")
    )
    expect(panel.locator(".bullets > li .bullet")).to_have_count(3)


@pytest.mark.parametrize(
    ("status", "gateway_message", "code"),
    [
        (429, "Too Many Requests", "rate_limited"),
        (503, "Service Unavailable", "upstream_timeout"),
        (500, "Internal Server Error", "internal"),
    ],
)
def test_a_gateways_own_answer_to_the_corroboration_is_read_by_its_status(
    browser: ExtensionBrowser,
    fake: PathBackend,
    fixture_site: FixtureSite,
    status: int,
    gateway_message: str,
    code: str,
) -> None:
    # Given API Gateway answering the corroboration itself ({"message": ...}, not a problem)
    fake.routes["/v1/corroborations"] = (status, {"message": gateway_message}, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel, "error")
    # Then the failure kept for the Brief's other panels has the status's code, not bad_response
    kept = [v for k, v in browser.session().items() if k.startswith("corroboration:")]
    assert [(record["ok"], record["code"]) for record in kept] == [(False, code)]
    expect(panel.locator(".corroboration-retry")).to_be_visible()


def test_an_answer_about_other_bullets_puts_no_chip_on_the_shown_ones(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given an answer about another Brief of the page (once the shown Brief's key has expired,
    # the backend makes the Brief anew from its URL, and its bullets may be others): here the
    # shown second bullet is its first, and its other bullets are not shown at all
    answer = briefs.corroboration()
    shown = answer["bullets"]
    answer["bullets"] = [
        {**shown[1], "status": "only_here", "agreeing": 0, "differing": 0, "support": []},
        {**shown[0], "text": briefs.ENGLISH_BULLETS[0]},
        {**shown[2], "text": briefs.ENGLISH_BULLETS[2]},
    ]
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    # Then only the bullet the answer is about gets a chip, its own (before: the chips went by
    # place, the first bullet got the other Brief's "only here" and the third its "2 outlets")
    items = panel.locator(".bullets > li")
    expect(items.nth(1).locator(".corroboration-chip")).to_have_text(
        message("en", "corroboration_onlyHere")
    )
    expect(items.nth(0).locator(".corroboration")).to_have_count(0)
    expect(items.nth(2).locator(".corroboration")).to_have_count(0)


def test_two_bullets_with_the_same_text_take_the_answers_in_order(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given a Brief whose first and third bullets have the same text, and an answer about the
    # three in which the two same-text bullets are told apart only by their order
    brief = briefs.corroboration_brief()
    bullets = brief["summary"]["bullets"]
    bullets[2] = {**bullets[2], "text": bullets[0]["text"]}
    answer = briefs.corroboration()
    answer["bullets"][2]["text"] = bullets[0]["text"]
    fake.routes["/v1/briefs"] = (200, brief, 0.0)
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    # Then each takes the answer in its place among the same text: one chip each, none twice
    chips = panel.locator(".bullets > li .corroboration-chip")
    expect(chips).to_have_text(
        [
            message("en", "corroboration_outlets_other", "2"),
            message("en", "corroboration_differsIn_one", "1"),
            message("en", "corroboration_onlyHere"),
        ]
    )
    # And their disclosures are apart: distinct ids, and axe finds no duplicate
    controls = [chips.nth(i).get_attribute("aria-controls") for i in range(3)]
    assert len(set(controls)) == 3, controls
    assert axe_violations(panel) == []


def test_an_answer_about_none_of_the_shown_bullets_is_a_failure_not_chips(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    answer = briefs.corroboration()
    for bullet, text in zip(answer["bullets"], briefs.ENGLISH_BULLETS, strict=True):
        bullet["text"] = text
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel, "error")
    expect(panel.locator(".corroboration-status")).to_have_text(
        message("en", "corroboration_failed")
    )
    expect(panel.locator(".bullets .corroboration")).to_have_count(0)


def _about_other_bullets() -> dict[str, object]:
    answer = briefs.corroboration()
    for bullet, text in zip(answer["bullets"], briefs.ENGLISH_BULLETS, strict=True):
        bullet["text"] = text
    return answer


@pytest.mark.parametrize(
    "first",
    [(200, "other bullets"), (404, {"code": "not_found", "status": 404})],
    ids=["an answer about other bullets", "the Brief's key expired"],
)
def test_try_again_after_an_answer_that_cannot_come_right_asks_for_the_brief_anew(
    browser: ExtensionBrowser,
    fake: PathBackend,
    fixture_site: FixtureSite,
    first: tuple[int, object],
) -> None:
    # Given a corroboration that failed in a way asking again cannot mend: an answer about
    # another Brief's bullets, or not_found for a Brief key the backend no longer has
    status, body = first
    fake.routes["/v1/corroborations"] = (
        status,
        _about_other_bullets() if body == "other bullets" else body,
        0.0,
    )
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel, "error")
    # When the backend would now answer about the shown bullets, and the reader clicks "Try again"
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
    panel.locator(".corroboration-retry").click()
    # Then the Brief is asked for anew and its corroboration after it: the chips are on the
    # bullets (before: the same failure again, until the reader refreshed; the answer about other
    # bullets was not even asked for again)
    wait_panel_state(panel, "ready")
    _wait_corroboration(panel)
    paths = [path for path, _, _ in fake.requests]
    again = paths.index("/v1/briefs", 1)
    assert paths.count("/v1/briefs") == 2 and "/v1/corroborations" in paths[1:again], paths
    assert paths[again + 1 :] and set(paths[again + 1 :]) == {"/v1/corroborations"}, paths
    expect(panel.locator(".bullets > li .corroboration-chip")).to_have_count(3)


def test_try_again_after_a_passing_failure_asks_only_for_the_corroboration(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    fake.routes["/v1/corroborations"] = (503, {"code": "overloaded", "status": 503}, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel, "error")
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
    panel.locator(".corroboration-retry").click()
    _wait_corroboration(panel)
    # Then only the corroboration is asked for again, not the Brief
    paths = [path for path, _, _ in fake.requests]
    assert paths[0] == "/v1/briefs" and set(paths[1:]) == {"/v1/corroborations"}, paths
    assert len(paths) >= 3, paths


def test_a_report_of_another_story_is_named_apart_not_counted_as_compared(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given an answer in which the backend read a report that, as a whole, tells another story
    # (it confirms no bullet), beside Westfunk's and the Rhine Courier's, and dpa's timed out
    answer = briefs.corroboration()
    answer["others"].append(
        {
            "id": "o5",
            "url": "https://www.sportblatt.example/derby",
            "status": "ok",
            "story_relation": "other_story",
            "outlet": {"name": "Sportblatt", "domain": "sportblatt.example"},
        }
    )
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    # Then the status counts the two reports compared and names the other story apart (before:
    # "Compared with 3 other outlets", as if it had been compared)
    expect(panel.locator(".corroboration-status")).to_have_text(
        message("en", "corroboration_compared_other", "2")
        + " "
        + message("en", "corroboration_unread_one", "1", "dpa")
        + " "
        + message("en", "corroboration_otherStory_one", "1", "Sportblatt")
    )


@pytest.mark.parametrize(
    ("compared", "bullet_status"),
    # The backend says "unchecked" when it compared nothing (session 17); an answer cached
    # before says "only_here" with nothing compared, and the panel reads the count as well
    [(0, "unchecked"), (0, "only_here"), (1, "only_here")],
)
def test_with_no_report_compared_no_bullet_is_only_here(
    browser: ExtensionBrowser,
    fake: PathBackend,
    fixture_site: FixtureSite,
    compared: int,
    bullet_status: str,
) -> None:
    # Given an answer in which no other report could be read (the README's offline demo: its
    # outlets' addresses exist nowhere), or one was, and nothing supports any bullet
    answer = briefs.corroboration()
    for bullet in answer["bullets"]:
        bullet.update(status=bullet_status, agreeing=0, differing=0, support=[])
    answer["missing_here"] = []
    for n, other in enumerate(answer["others"]):
        other.update(status="ok" if n < compared else "failed")
        other.pop("story_relation", None)
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    status = panel.locator(".corroboration-status")
    expect(status).to_contain_text(
        message("en", "corroboration_compared_one", "1")
        if compared
        else message("en", "corroboration_comparedNone")
    )
    if compared:
        # Then with one report compared, "only here" means what it says
        expect(panel.locator('.corroboration[data-status="only_here"]')).to_have_count(
            len(answer["bullets"])
        )
    else:
        # Then no bullet says "only here" ("none found; only this article reports it": nobody
        # else was read; before: every bullet did); the status line names what was not read
        expect(panel.locator(".corroboration")).to_have_count(0)
        expect(status.locator("bdi").first).to_be_visible()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_reports_that_could_not_be_read_are_named_by_the_briefs_outlets_and_none_counted(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite, language: str
) -> None:
    # Given the README's offline demo: no other report could be read (their addresses exist
    # nowhere), and the backend, which read none of them, names no outlet for them
    answer = briefs.corroboration()
    for bullet in answer["bullets"]:
        bullet.update(status="only_here", agreeing=0, differing=0, support=[])
    answer["missing_here"] = []
    answer["others"] = [
        {"id": f"o{n}", "url": url, "status": "failed"}
        for n, url in enumerate([WESTFUNK, DPA, COURIER])
    ]
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site, language)
    _wait_corroboration(panel)
    # Then the status line says in words that nothing was compared (before: "Compared with 0
    # other outlets.") and names the reports by the outlets the related list shows (before:
    # "www.westfunk.example, www.dpa-news.example, www.rhine-courier.example")
    expect(panel.locator(".corroboration-status")).to_have_text(
        message(language, "corroboration_comparedNone")
        + " "
        + message(language, "corroboration_unread_other", "3", "Westfunk, dpa, Rhine Courier")
    )


def test_an_outlet_whose_two_reports_failed_is_named_once(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given an answer in which two reports of one outlet could not be read (the backend reads up
    # to two per outlet), beside dpa's that timed out
    answer = briefs.corroboration()
    answer["others"].extend(
        {
            "id": f"o{7 + n}",
            "url": f"https://www.reuters.example/derby-{n}",
            "status": "failed",
            "outlet": {"name": "Reuters", "domain": "reuters.example"},
        }
        for n in range(2)
    )
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    # Then the three reports are counted and each outlet is named once (before: "Reuters,
    # Reuters", as if two outlets had failed)
    expect(panel.locator(".corroboration-status")).to_have_text(
        message("en", "corroboration_compared_other", "2")
        + " "
        + message("en", "corroboration_unread_other", "3", "dpa, Reuters")
    )
    expect(panel.locator(".corroboration-status bdi")).to_have_count(2)


def test_a_report_that_led_to_the_articles_own_outlet_is_neither_counted_nor_named(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given an answer in which a report's address led to another article of the article's own
    # outlet (status own_outlet, session 13: it confirms nothing, like the article's own copy)
    answer = briefs.corroboration()
    answer["others"].append(
        {
            "id": "o6",
            "url": "https://sho.rt/x1",
            "status": "own_outlet",
            "outlet": {"name": "Example Zeitung", "domain": "example.de"},
        }
    )
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = _panel(browser, fake, fixture_site)
    _wait_corroboration(panel)
    # Then the status counts the two other outlets compared, and says nothing of it: the reader
    # is not told that their own outlet was "another outlet"
    expect(panel.locator(".corroboration-status")).to_have_text(
        message("en", "corroboration_compared_other", "2")
        + " "
        + message("en", "corroboration_unread_one", "1", "dpa")
    )


OTHER_STORY_NAMES = [
    "الجريدة اليومية للأخبار",
    "החדשות של היום",
    "Nordrheinwestfälischestageblattundanzeigerfürdiegesamteregionamniederrhein",
    "Sportblatt",
    "Le Quotidien du Sud-Ouest et des Pyrénées-Atlantiques",
    "Diario de la Mañana",
]


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_other_story_status_line_wraps_at_360_px_in_the_reader_language(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite, language: str
) -> None:
    # Given an answer with six reports of another story, named in Arabic, Hebrew and long Latin
    # names without a space, beside the two compared and dpa's that timed out
    answer = briefs.corroboration()
    answer["others"].extend(
        {
            "id": f"o{9 + n}",
            "url": f"https://other-{n}.example/derby",
            "status": "ok",
            "story_relation": "other_story",
            "outlet": {"name": name, "domain": f"other-{n}.example"},
        }
        for n, name in enumerate(OTHER_STORY_NAMES)
    )
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    # When a reader of a 360 px panel in German, French or Spanish reads the status line
    panel = _panel(browser, fake, fixture_site, language)
    panel.set_viewport_size({"width": 360, "height": 900})
    _wait_corroboration(panel)
    status = panel.locator(".corroboration-status")
    # Then it says it in their language, naming the first five other-story outlets apart, each
    # name in its own direction, and counting the sixth (session 16: "… and 1 more")
    named = message(language, "corroboration_namesMore_one", "1", ", ".join(OTHER_STORY_NAMES[:5]))
    expect(status).to_have_text(
        message(language, "corroboration_compared_other", "2")
        + " "
        + message(language, "corroboration_unread_one", "1", "dpa")
        + " "
        + message(language, "corroboration_otherStory_other", "6", named)
    )
    expect(status.locator("bdi")).to_have_count(6)
    expect(status).to_have_attribute("role", "status")
    # And it wraps: nothing scrolls sideways, and axe is clean light and dark
    assert horizontal_overflow(panel) == []
    for scheme in ("light", "dark"):
        panel.emulate_media(color_scheme=scheme)
        assert axe_violations(panel) == [], scheme


# Every chip box added to or removed from a panel page's content, counted from before the Brief
# arrives: a chip drawn twice (or drawn, dropped and drawn again) shows up here.
COUNT_CHIPS = """() => {
    window.chipsAdded = 0;
    window.chipsRemoved = 0;
    const count = (nodes) => [...nodes].reduce((n, node) => n + (node.nodeType === 1
        ? (node.matches('.corroboration') ? 1 : 0) + node.querySelectorAll('.corroboration').length
        : 0), 0);
    new MutationObserver((records) => {
        for (const record of records) {
            window.chipsAdded += count(record.addedNodes);
            window.chipsRemoved += count(record.removedNodes);
        }
    }).observe(document.getElementById('content'), {subtree: true, childList: true});
}"""


def test_one_corroboration_request_per_brief_however_many_panels_show_it(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    # Given the article tab shown by two panel pages (one pinned to the tab, one following the
    # window) besides the side panel the click opens, and a Brief that takes a second
    fake.routes["/v1/briefs"] = (200, briefs.corroboration_brief(), 1.0)
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en", summaryLanguage="de")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    pinned = browser.open_panel(tab=tab)
    following = browser.open_panel(window=browser.main_window)
    for panel in (pinned, following):
        panel.evaluate(COUNT_CHIPS)
    # When the reader clicks and the Brief and its corroboration arrive
    browser.click_action(page, tab)
    for panel in (pinned, following):
        wait_panel_state(panel, "ready")
        _wait_corroboration(panel)
    poll(browser.side_panel_is_open, "the side panel is open")
    time.sleep(1.0)  # time for a late request from any of the three documents

    # Then the backend was asked once for the Brief's corroboration (before: once per panel
    # document, three here), and each panel draws each chip once, never twice or again
    def corroborations() -> int:
        return sum(path == "/v1/corroborations" for path, _, _ in fake.requests)

    assert corroborations() == 1, [path for path, _, _ in fake.requests]
    for panel in (pinned, following):
        expect(panel.locator(".bullets > li .corroboration")).to_have_count(3)
        expect(panel.locator(".corroboration-status")).to_have_count(1)
        assert panel.evaluate("() => [window.chipsAdded, window.chipsRemoved]") == [3, 0]

    # And a new Brief of the tab (another click) is asked about anew, once
    before = browser.request_id(tab)
    browser.click_action(page, tab)
    browser.wait_entry(tab, lambda e: e.get("state") == "ready" and e["requestId"] != before)
    for panel in (pinned, following):
        panel.wait_for_function(
            "() => document.querySelectorAll('.bullets > li .corroboration').length === 3"
            " && document.getElementById('content').dataset.corroboration === 'ready'",
            timeout=20_000,
        )
    time.sleep(1.0)
    assert corroborations() == 2, [path for path, _, _ in fake.requests]


EVICT = """async (keepTabId) => {
    const { evictOldEntries } = await import('/lib/state.js');
    await evictOldEntries(keepTabId);
    return Object.keys(await chrome.storage.session.get(null)).sort();
}"""


def test_a_corroboration_whose_tab_has_no_entry_is_removed_with_the_old_entries(
    browser: ExtensionBrowser,
) -> None:
    # Given a kept tab's entry and corroboration, another tab's, and a corroboration a panel
    # wrote after its tab closed (removeEntry had already run: no entry of that tab is left)
    browser.put_entry(9101, state="ready")
    browser.put_entry(9103, state="ready")
    browser.worker_eval(
        """async () => chrome.storage.session.set({
            "corroboration:9101": {id: "a", at: 1, ok: true},
            "corroboration:9102": {id: "b", at: 1, ok: true},
            "corroboration:9103": {id: "c", at: 1, ok: true},
        })"""
    )
    panel = browser.open_panel(tab=9101)
    # When the worker evicts old entries (after each Brief)
    keys = panel.evaluate(EVICT, 9101)
    # Then the orphaned record is gone (before: kept until the browser quit), the others stay
    assert "corroboration:9102" not in keys
    assert {"tab:9101", "corroboration:9101", "tab:9103", "corroboration:9103"} <= set(keys)


def test_a_late_answer_for_an_older_brief_leaves_the_newer_briefs_record(
    browser: ExtensionBrowser, fake: PathBackend, fixture_site: FixtureSite
) -> None:
    def corroborations(key: str | None = None) -> list[float]:
        return [
            at
            for path, body, at in fake.requests
            if path == "/v1/corroborations" and key in (None, body["article"].get("key"))
        ]

    def record_of(tab: int) -> str:
        record = browser.session().get(f"corroboration:{tab}") or {}
        return str(record.get("id", ""))

    # Given a Brief whose corroboration the backend answers only after 3 s
    delay = 3.0
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), delay)
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en", summaryLanguage="de")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    first = browser.wait_entry(tab)["requestId"]
    poll(lambda: len(corroborations("k")) == 1, "the first Brief's corroboration is asked for")
    asked_at = corroborations("k")[0]

    # When the reader asks again (the tab's new Brief, another key) and its corroboration comes
    # at once, before the first Brief's
    newer = briefs.corroboration_brief()
    newer["cache"]["key"] = "k2"
    fake.routes["/v1/briefs"] = (200, newer, 0.0)
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
    browser.click_action(page, tab)
    second = browser.wait_entry(
        tab, lambda e: e.get("state") == "ready" and e["requestId"] != first
    )["requestId"]
    poll(lambda: record_of(tab).startswith(f"{second}|"), "the newer Brief's record", 20)
    # ... and the first Brief's answer arrives after it
    time.sleep(max(0.0, asked_at + delay + 1.5 - time.monotonic()))

    # Then the tab's record is still the newer Brief's (before: the late answer replaced it)
    assert record_of(tab).startswith(f"{second}|"), record_of(tab)
    # And a panel opened on the tab now takes the kept answer instead of asking again
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    _wait_corroboration(panel)
    expect(panel.locator(".bullets > li .corroboration")).to_have_count(3)
    assert len(corroborations("k2")) == 1, [p for p, _, _ in fake.requests]
