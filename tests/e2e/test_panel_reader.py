"""The panel attacked as readers meet it (Chromium): a 320 px panel and the same at 200 % zoom,
an Arabic article in an English panel and an English one in a German, French or Spanish panel,
keyboard only and screen readers, hostile and broken answers, a backend that never answers, and
English left in a translated panel.

Most tests put a ready entry straight into ``storage.session`` (what the worker writes) and open
the panel page on it: the panel is what is attacked, not the capture. Where the worker's part
matters (a broken answer, results arriving while the reader works) the toolbar is clicked."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import briefs, reader_briefs
from tests.e2e.fake_backend import FakeBackend, PathBackend
from tests.e2e.harness import (
    EXTENSION_DIR,
    ExtensionBrowser,
    axe_violations,
    message,
    messages,
    wait_panel_state,
)
from tests.e2e.reader_checks import (
    DIRECTIONS,
    FOCUSABLE,
    FOCUSED,
    LAYOUT_PROBLEMS,
    LEFT_OF,
    RECORD_ANNOUNCEMENTS,
)

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

CHIPS = ".bullets > li button.corroboration-chip"


@pytest.fixture
def fake() -> Iterator[PathBackend]:
    with PathBackend() as backend:
        backend.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
        yield backend


def show_entry(
    browser: ExtensionBrowser,
    backend: PathBackend,
    brief: dict[str, Any],
    *,
    panel_language: str = "en",
    reader_language: str = "en",
    width: int = 400,
    tab_id: int = 4242,
    wait_corroboration: bool = True,
) -> Page:
    """Given a ready entry for a tab (as the worker stores it): the panel page showing it. The
    summary language set is the one the entry was asked for (``reader_language``), as the worker
    records it: an entry asked for in another language than the settings say is followed (a new
    request, lib/state.js summaryLanguageFollowUp), and this tab has no page to read."""
    browser.set_settings(
        backendUrl=backend.base_url, panelLanguage=panel_language, summaryLanguage=reader_language
    )
    browser.put_entry(
        tab_id,
        state="ready",
        url="https://www.example.org/a",
        language=reader_language,
        brief=brief,
    )
    panel = browser.open_panel(tab=tab_id, width=width)
    wait_panel_state(panel, "ready")
    if wait_corroboration:
        wait_corroboration_state(panel, ("ready", "error"))
    return panel


def wait_corroboration_state(panel: Page, states: tuple[str, ...] = ("ready",)) -> None:
    panel.wait_for_function(
        "(s) => s.includes(document.getElementById('content').dataset.corroboration)",
        arg=list(states),
        timeout=25_000,
    )


def open_everything(panel: Page) -> None:
    """Every chip, snippet and "also reported by" list opened, as a thorough reader would."""
    for chip in panel.locator(CHIPS).all():
        if chip.get_attribute("aria-expanded") != "true":
            chip.click()
    for toggle in panel.locator(".snippet-toggle").all():
        toggle.click()
    panel.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


# --- a 320 px panel, and 200 % zoom --------------------------------------------------------------


@pytest.mark.parametrize(
    "width",
    [320, 160],
    ids=["320px", "320px-at-200pct-zoom"],  # 200 % zoom halves the CSS pixels: 160 CSS px wide
)
def test_a_narrow_panel_wraps_long_names_urls_and_words_and_stacks_the_differs_view(
    browser: ExtensionBrowser, fake: PathBackend, width: int
) -> None:
    # Given very long outlet names, URLs and a 210-character word everywhere
    fake.routes["/v1/corroborations"] = (200, reader_briefs.long_names_corroboration(), 0.0)
    panel = show_entry(browser, fake, reader_briefs.long_names_brief(), width=width)
    # When the reader opens every chip, snippet and list
    open_everything(panel)
    # Then nothing is cut off, nothing overlaps, nothing scrolls sideways
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    # And the two versions of a differing claim are stacked, this article first
    figures = panel.locator(".side-by-side figure")
    here, there = figures.nth(0).bounding_box(), figures.nth(1).bounding_box()
    assert here and there and there["y"] >= here["y"] + here["height"] - 1
    # And the chips of one bullet stay inside the panel, one under another if need be
    for chip in panel.locator(CHIPS).all():
        box = chip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


# Controls a thumb has to hit that are smaller than 24 x 24 CSS px (WCAG 2.2, 2.5.8 target size).
# Links inside a sentence are exempt (the "inline" exception), so are the visually hidden.
SMALL_TARGETS = """() => [...document.querySelectorAll('button, a[href], summary, input, select')]
    .filter((e) => e.getClientRects().length && !e.closest('[hidden], .visually-hidden'))
    .filter((e) => getComputedStyle(e).display !== 'inline')
    .filter((e) => { const r = e.getBoundingClientRect(); return r.height < 24 || r.width < 24; })
    .map((e) => { const r = e.getBoundingClientRect();
        return `${e.localName}.${e.className}: ${Math.round(r.width)}x${Math.round(r.height)}`; })"""


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_every_control_of_an_opened_brief_is_a_24_px_target_at_320_px(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given a Brief with chips, snippets, wire copies and a failed corroboration's "Try again"
    brief = briefs.corroboration_brief()
    brief["related"]["topic"] = briefs.topic_items()
    panel = show_entry(
        browser, fake, brief, panel_language=language, reader_language="de", width=320
    )
    open_everything(panel)
    # Then every chip, "More"/"Less", "+3 outlets ran this report" and button is 24 px high at
    # least (before: chips 23 px, the snippet's toggle and the outlets' summary 17 px)
    assert panel.evaluate(SMALL_TARGETS) == []
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    fake.routes["/v1/corroborations"] = (503, {"code": "upstream_timeout", "status": 503}, 0.0)
    browser.put_entry(
        4244,
        state="ready",
        url="https://www.example.org/b",
        language="de",
        brief=briefs.corroboration_brief(),
    )
    failed = browser.open_panel(tab=4244, width=320)
    wait_panel_state(failed, "ready")
    wait_corroboration_state(failed, ("error",))
    assert failed.evaluate(SMALL_TARGETS) == []


OTHER_VIEWS = {
    "backend-down": ("error", {"error": {"code": "backend_unreachable"}}),
    "not-an-article": ("note", {"error": {"code": "not_an_article", "reason": "section_front"}}),
    "still-working": ("loading", {"phase": "backend", "backendStep": "finding_coverage"}),
}


@pytest.mark.parametrize("width", [320, 160], ids=["320px", "320px-at-200pct-zoom"])
@pytest.mark.parametrize("view", OTHER_VIEWS.values(), ids=OTHER_VIEWS)
def test_a_narrow_panel_shows_errors_notes_and_progress_whole(
    browser: ExtensionBrowser, fake: PathBackend, width: int, view: tuple[str, dict[str, Any]]
) -> None:
    # Given a German panel (longer words) and a long backend URL in the error's checks
    state, fields = view
    browser.set_settings(panelLanguage="de")
    browser.worker_eval(
        """async ([tabId, state, fields, backendUrl]) => chrome.storage.session.set({
            ["tab:" + tabId]: {tabId, state, requestId: "e1", url: null, backendUrl,
                               startedAt: Date.now() - 5000, ...fields}})""",
        [77, "loading" if state == "loading" else "error", fields, reader_briefs.LONG_URL],
    )
    panel = browser.open_panel(tab=77, width=width)
    wait_panel_state(panel, state)
    if state == "loading":
        expect(panel.locator(".progress .cancel")).to_be_visible()
    assert panel.evaluate(LAYOUT_PROBLEMS) == []


# Every code the panel has words for (the backend's problems and the panel's own), and one it
# has none for.
ERROR_CODES = [
    *sorted(
        key.removeprefix("error_").removesuffix("_title")
        for key in messages("en")
        if key.startswith("error_") and key.endswith("_title")
    ),
    "zzz_unheard_of",
]


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_every_error_and_note_fits_320_px_in_every_panel_language(
    browser: ExtensionBrowser, language: str
) -> None:
    # A guard over the screenshots of session 16: each error and note, at 320 px, in each
    # panel language, has no text cut off or overlapping, nothing scrolling sideways, and no
    # control under 24 px
    browser.set_settings(panelLanguage=language)
    browser.put_entry(78, state="loading", url=None, phase="capturing")
    panel = browser.open_panel(tab=78, width=320)
    problems: dict[str, list[str]] = {}
    for code in ERROR_CODES:
        browser.put_entry(
            78,
            state="error",
            url=None,
            error={"code": code, "reason": "section_front"},
            backendUrl=reader_briefs.LONG_URL,
        )
        panel.wait_for_function(
            "(code) => document.querySelector('.message')?.dataset.code === code", arg=code
        )
        found = panel.evaluate(LAYOUT_PROBLEMS) + panel.evaluate(SMALL_TARGETS)
        if found:
            problems[code] = found
    assert problems == {}


# --- right to left, and content in another language than the panel's -----------------------------


def test_an_arabic_article_in_an_english_panel_reads_right_to_left_where_it_is_arabic(
    browser: ExtensionBrowser, fake: PathBackend
) -> None:
    # Given an Arabic article, summarised in Arabic, with Arabic, Hebrew and English coverage
    fake.routes["/v1/corroborations"] = (200, reader_briefs.arabic_corroboration(), 0.0)
    panel = show_entry(browser, fake, reader_briefs.arabic_brief(), panel_language="en")
    open_everything(panel)
    # Then the panel itself stays English, left to right
    assert panel.evaluate("() => [document.documentElement.lang, document.dir]") == ["en", ""]
    assert set(
        panel.evaluate(DIRECTIONS, "h2.section-title, .corroboration-chip, .tier-title")
    ) == {"ltr"}
    # And every piece of Arabic or Hebrew text runs right to left, in its own language
    rtl = [
        ".article-title",
        ".article-head .outlet-name",
        ".bullet",
        ".related-item[data-language='ar'] .headline a",
        ".related-item[data-language='ar'] .outlet-name",
        ".related-item[data-language='ar'] .snippet",
        ".related-item[data-language='ar'] .also li",
        ".related-item[data-language='he'] .headline a",
        ".corroboration-support[data-relation='agrees'] blockquote[lang='ar']",
        ".side-by-side .here blockquote",
        ".side-by-side .there blockquote",
    ]
    for selector in rtl:
        directions = panel.evaluate(DIRECTIONS, selector)
        assert directions and set(directions) == {"rtl"}, selector
    # While English text among it runs left to right
    for selector in (
        ".related-item[data-language='en'] .headline a",
        "blockquote[lang='en']",
        ".corroboration-missing blockquote",
    ):
        directions = panel.evaluate(DIRECTIONS, selector)
        assert directions and set(directions) == {"ltr"}, selector
    expect(panel.locator(".article-title")).to_have_attribute("lang", "ar")
    expect(panel.locator(".bullet").first).to_have_attribute("lang", "ar")
    expect(panel.locator(".related-item[data-language='he'] .headline a")).to_have_attribute(
        "lang", "he"
    )
    # And Arabic names inside an English sentence keep their order (first named, first read)
    first, second = reader_briefs.AR_AUTHORS
    assert panel.evaluate(LEFT_OF, [".authors", first]) < panel.evaluate(
        LEFT_OF, [".authors", second]
    )
    status = ".corroboration-status"
    expect(panel.locator(status)).to_contain_text(reader_briefs.AR_OUTLET_2)
    assert panel.evaluate(LEFT_OF, [status, reader_briefs.AR_OUTLET]) < panel.evaluate(
        LEFT_OF, [status, reader_briefs.AR_OUTLET_2]
    )
    # And it is still clean for axe and for the layout, down to 320 px
    assert axe_violations(panel) == []
    panel.set_viewport_size({"width": 320, "height": 900})
    assert panel.evaluate(LAYOUT_PROBLEMS) == []


@pytest.mark.parametrize("panel_language", ["de", "fr", "es"])
def test_an_english_article_in_a_translated_panel_marks_every_english_text_as_english(
    browser: ExtensionBrowser, fake: PathBackend, panel_language: str
) -> None:
    # Given a panel in German, French or Spanish and English summaries (the reader's choice)
    panel = show_entry(
        browser,
        fake,
        reader_briefs.english_brief_in("en"),
        panel_language=panel_language,
        reader_language="en",
    )
    open_everything(panel)
    assert panel.evaluate("() => document.documentElement.lang") == panel_language

    def lang_of(selector: str) -> list[str]:
        found: list[str] = panel.locator(selector).evaluate_all(
            "(es) => es.map((e) => e.closest('[lang]').lang)"
        )
        assert found, selector
        return found

    # Then the article's title and the English bullets are English
    assert lang_of(".article-title") == ["en"]
    assert set(lang_of(".bullet-text")) == {"en"}
    # A headline a model translated for the reader is in the reader's language, its original
    # in its own
    assert lang_of(".related-item[data-language='fr'] .headline a") == ["en"]
    assert lang_of(".related-item[data-language='fr'] .original") == ["fr"]
    assert set(lang_of(".related-item[data-language='en'] .headline a")) == {"en"}
    assert set(lang_of(".related-item[data-language='de'] .headline a")) == {"de"}
    # The other outlets' sentences are in theirs (two agree; one differs, shown beside the
    # article's own sentence, which is English)
    assert lang_of(".corroboration-support[data-relation='agrees'] blockquote") == ["de", "en"]
    assert lang_of(".side-by-side .here blockquote") == ["en"]
    assert lang_of(".side-by-side .there blockquote") == ["de"]
    # And what the panel says itself stays in the panel's language
    assert set(lang_of(".corroboration-chip, .section-title, .tier-title")) == {panel_language}


# --- keyboard only, and screen readers -------------------------------------------------------------


def keyboard_brief() -> dict[str, Any]:
    """Everything the reader can operate: bullets, chips, links, snippets, wire copies, the index
    still filling ("Look again"), reports hidden by language ("Show them")."""
    same_language = [i for i in briefs.related_items(briefs.COURIER) if i["language"] != "fr"]
    return briefs.sample_brief(
        related=same_language,
        topic=briefs.topic_items(),
        index=briefs.index_state("filling", feeds_done=30, feeds_total=120),
        hidden_other_languages=1,
    )


def briefed_panel(
    browser: ExtensionBrowser, fake: FakeBackend, site: FixtureSite, brief: dict[str, Any]
) -> tuple[Page, int]:
    fake.respond(brief)
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration())
    browser.set_settings(backendUrl=fake.base_url, panelLanguage="en", includeOtherLanguages=False)
    page, tab = browser.open_tab(site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    wait_corroboration_state(panel)
    return panel, tab


def tab_through(panel: Page) -> list[dict[str, Any]]:
    """From the first control of the page (the top bar's first button), press Tab until focus
    leaves the page or comes back round; what got focus."""
    panel.locator("#refresh").focus()
    seen: list[dict[str, Any]] = [panel.evaluate(FOCUSED)]
    for _ in range(200):
        panel.keyboard.press("Tab")
        focused: dict[str, Any] = panel.evaluate(FOCUSED)
        if focused["body"] or (seen and focused["name"] == seen[0]["name"]):
            break
        seen.append(focused)
    return seen


def test_the_keyboard_reaches_everything_in_reading_order_with_a_visible_focus(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    panel, _ = briefed_panel(browser, fake_backend, fixture_site, keyboard_brief())
    # With the first chip open (its outlets' links join the order)
    panel.locator(CHIPS).first.click()
    # When the reader tabs through the panel
    reached = tab_through(panel)
    # Then every control is reached once, in the order it is read, each with a focus ring
    assert [f["name"] for f in reached] == panel.evaluate(FOCUSABLE)
    assert [f["name"] for f in reached[1:] if not f["ring"]] == []  # the first got it by script
    names = [f["name"] for f in reached]
    bullet, chip = (
        names.index(next(n for n in names if n.startswith("button#.bullet"))),
        next(i for i, n in enumerate(names) if "corroboration-chip" in n),
    )
    assert bullet < chip  # a bullet, then its chip
    assert any("Look again" in n for n in names)
    assert any("Show them" in n for n in names)


def test_a_chip_opens_with_enter_or_space_and_closes_with_escape_back_on_the_chip(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    panel, _ = briefed_panel(browser, fake_backend, fixture_site, keyboard_brief())
    chip = panel.locator(CHIPS).nth(1)  # "differs in 1": the side-by-side view
    detail = panel.locator("#" + str(chip.get_attribute("aria-controls")))
    chip.focus()
    panel.keyboard.press("Space")
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(detail.locator(".side-by-side")).to_be_visible()
    # Tab goes into the open view (the other outlet's link), Escape closes it from there
    panel.keyboard.press("Tab")
    assert panel.evaluate("(id) => document.getElementById(id).contains(document.activeElement)",
                          chip.get_attribute("aria-controls"))  # fmt: skip
    panel.keyboard.press("Escape")
    expect(chip).to_have_attribute("aria-expanded", "false")
    expect(detail).to_be_hidden()
    expect(chip).to_be_focused()
    # Enter opens it again, Escape on the chip closes it
    panel.keyboard.press("Enter")
    expect(chip).to_have_attribute("aria-expanded", "true")
    panel.keyboard.press("Escape")
    expect(chip).to_have_attribute("aria-expanded", "false")
    expect(chip).to_be_focused()


@pytest.mark.parametrize("button", ["Look again", "Show them"])
def test_focus_is_not_lost_when_a_new_brief_arrives(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite, button: str
) -> None:
    panel, tab = briefed_panel(browser, fake_backend, fixture_site, keyboard_brief())
    before, previous = len(fake_backend.requests), browser.request_id(tab)
    fake_backend.respond(keyboard_brief(), delay_s=0.8)
    # When the reader presses a button that asks for a new Brief, from the keyboard
    panel.get_by_role("button", name=button).focus()
    panel.keyboard.press("Enter")
    # (the new request's answer, drawn: the panel was "ready" before the press too)
    browser.wait_answer_shown(panel, tab, previous, "ready")
    assert len(fake_backend.requests) == before + 1
    # Then focus is still in the panel's content, not dropped on the page body
    focused = panel.evaluate(
        "() => document.getElementById('content').contains(document.activeElement)"
    )
    assert focused
    # And the next Tab lands on the first control of the new Brief
    panel.keyboard.press("Tab")
    assert panel.evaluate(FOCUSED)["name"].startswith("button#.bullet")


def test_screen_readers_hear_each_event_once(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a panel listening, before the reader clicks
    fake_backend.respond(briefs.sample_brief())
    fake_backend.routes["/v1/corroborations"] = (200, briefs.corroboration())
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    panel.evaluate(RECORD_ANNOUNCEMENTS)
    # When a Brief arrives and then its corroboration
    browser.click_action(page, tab)
    wait_panel_state(panel, "ready")
    wait_corroboration_state(panel)
    # Both announcements have landed (the first comes 30 ms after its view, by design), then a
    # while longer, for any third one to show
    panel.wait_for_function("() => window.__announced.length >= 2")
    panel.wait_for_timeout(300)
    announced: list[list[str]] = panel.evaluate("() => window.__announced")
    # Then two things are said: the Brief is ready, and what the comparison found
    assert [text for _, text in announced] == [
        message("en", "briefReady"),
        panel.locator(".corroboration-status").inner_text(),
    ]
    # When an error comes: its title is said once, not by an alert and by the status too
    panel.evaluate(RECORD_ANNOUNCEMENTS)
    fake_backend.problem("internal", 500)
    panel.locator("#refresh").click()
    wait_panel_state(panel, "error")
    title = message("en", "error_internal_title")
    panel.wait_for_function(
        "(title) => window.__announced.some(([, text]) => text.includes(title))", arg=title
    )
    panel.wait_for_timeout(300)  # for a second one, which must not come
    announced = panel.evaluate("() => window.__announced")
    assert sum(title in text for _, text in announced) == 1, announced
    expect(panel.locator(".message")).to_have_attribute("role", "alert")


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_a_chip_with_nothing_to_open_is_read_out_as_a_sentence(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given the third bullet, which no other outlet reports ("only here", nothing to open)
    panel = show_entry(browser, fake, briefs.sample_brief(), panel_language=language)
    only_here = panel.locator(".bullets > li").nth(2)
    expect(only_here.locator(".corroboration-chip")).to_have_attribute("data-status", "only_here")
    # Then a screen reader hears what it means, once, not two words after the bullet
    label, words = (
        message(language, "corroboration_onlyHereLabel"),
        message(language, "corroboration_onlyHere"),
    )
    spoken = only_here.aria_snapshot()
    assert label in spoken
    assert spoken.count(words) == label.count(words)
    # While the chips that open say what they open (their aria-label)
    expect(panel.locator(CHIPS).first).to_have_attribute(
        "aria-label",
        message(
            language,
            "corroboration_chipLabel",
            message(language, "corroboration_outlets_other", "2"),
        ),
    )


# --- hostile content and broken answers ------------------------------------------------------------


def test_500_related_items_and_60_bullets(browser: ExtensionBrowser, fake: PathBackend) -> None:
    fake.routes["/v1/corroborations"] = (200, reader_briefs.huge_corroboration(), 0.0)
    started = time.monotonic()
    panel = show_entry(browser, fake, reader_briefs.huge_brief(), width=320)
    shown_s = time.monotonic() - started
    print(f"\n500 related items, 60 bullets: panel ready with chips after {shown_s:.2f} s")
    # Each tier shows at most the API's own limit (max_related <= 50), not 250
    expect(panel.locator(".same-story .related-item")).to_have_count(50)
    expect(panel.locator(".on-topic .related-item")).to_have_count(50)
    expect(panel.locator(".bullets > li")).to_have_count(60)
    expect(panel.locator(CHIPS)).to_have_count(60)
    # Ids stay unique (labels and aria-controls point at one element each)
    duplicates = panel.evaluate(
        """() => { const seen = new Map();
            for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
            return [...seen].filter(([, n]) => n > 1).map(([id]) => id); }"""
    )
    assert duplicates == []
    assert panel.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # What it costs (printed, not a threshold): rendering and laying out the Brief, median of 5,
    # against the ordinary Brief (4 items, 3 bullets) in the same page
    timings = panel.evaluate(RENDER_TIMINGS, [reader_briefs.huge_brief(), briefs.sample_brief()])
    print(
        f"render + layout at 320 px, median of 5: 500 items / 60 bullets {timings[0]:.1f} ms, "
        f"4 items / 3 bullets {timings[1]:.1f} ms"
    )


# Median time to render a Brief into a detached copy of the content and lay it out.
RENDER_TIMINGS = """async (briefs) => {
    const {renderBrief} = await import('/sidepanel/render.js');
    const t = Object.assign((key) => key, {has: () => false, plural: (key) => key, language: 'en'});
    const handlers = {onBullet() {}, onRetry() {}};
    const settings = {includeOtherLanguages: true};
    const box = document.createElement('div');
    document.body.append(box);
    const medians = [];
    for (const brief of briefs) {
        const runs = [];
        for (let i = 0; i < 5; i += 1) {
            const started = performance.now();
            box.replaceChildren(renderBrief({brief, language: 'en'}, settings, t, handlers));
            void box.offsetHeight;
            runs.push(performance.now() - started);
        }
        runs.sort((a, b) => a - b);
        medians.push(runs[2]);
    }
    box.remove();
    return medians;
}"""


MARKUP = '<img src=x onerror="document.body.dataset.pwned=1"><b>bold</b>'

HOSTILE_CORROBORATIONS = {
    "markup-everywhere": {
        "bullets": [
            {
                "differing": 1,
                "support": [
                    {
                        "url": briefs.WESTFUNK,
                        "outlet": {"name": MARKUP},
                        "language": MARKUP,
                        "sentence": MARKUP,
                        "relation": "differs",
                        "differences": [{"here": MARKUP, "there": MARKUP}],
                    }
                ],
            }
        ],
        "missing_here": [{"url": "javascript:alert(1)", "sentence": MARKUP, "outlet": {}}],
        "others": [{"status": "timeout", "outlet": {"name": MARKUP}}],
    },
    "null-support": {"bullets": [{"agreeing": 1, "support": [None, "x", 5, []]}]},
    "null-bullets": {"bullets": [None, 7, "x", {"support": None}], "missing_here": [None, 3]},
    "odd-differences": {
        "bullets": [
            {
                "differing": 1,
                "support": [{"relation": "differs", "differences": [None, {"here": {}}, 4]}],
            }
        ],
        "others": [None, {"status": "timeout", "outlet": None, "url": 5}],
    },
}


@pytest.mark.parametrize("answer", HOSTILE_CORROBORATIONS.values(), ids=HOSTILE_CORROBORATIONS)
def test_a_corroboration_answer_that_breaks_the_contract_never_leaves_the_panel_checking(
    browser: ExtensionBrowser, fake: PathBackend, answer: dict[str, Any]
) -> None:
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    errors: list[str] = []
    browser.context.on("weberror", lambda e: errors.append(str(e.error)))
    panel = show_entry(browser, fake, briefs.sample_brief(), wait_corroboration=False)
    # Then the status ends (shown or failed calmly), never stuck on "checking"
    wait_corroboration_state(panel, ("ready", "error"))
    expect(panel.locator(".corroboration-status")).not_to_have_text(
        message("en", "corroboration_checking")
    )
    expect(panel.locator(".bullet")).to_have_count(3)
    assert errors == []
    # Markup from the answer is text: nothing was made of it, nothing ran, no script link
    assert panel.locator("main img, main b, main script, main a[href^='javascript']").count() == 0
    assert panel.evaluate("() => document.body.dataset.pwned") is None


@pytest.mark.parametrize(
    "summary",
    [{"bullets": {}}, {"bullets": 5}, {"bullets": True}],
    ids=["bullets-object", "bullets-number", "bullets-true"],
)
def test_a_200_brief_that_breaks_the_contract_is_a_calm_error_at_once(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    fixture_site: FixtureSite,
    summary: dict[str, Any],
) -> None:
    brief = briefs.sample_brief()
    brief["summary"] = summary
    fake_backend.respond(brief)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="fr")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    # Then the worker stores an error at once (not a skeleton until the minute is up)
    entry = browser.wait_entry(tab, timeout=10)
    assert entry["state"] == "error" and entry["error"]["code"] == "bad_response"
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator("#message-title")).to_have_text(message("fr", "error_bad_response_title"))
    expect(panel.get_by_role("button", name=message("fr", "retry"))).to_be_visible()


def test_a_brief_too_large_to_keep_is_a_calm_error_at_once(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a 200 answer of 12 MB (storage.session, where the worker keeps Briefs, holds 10 MB)
    brief = briefs.sample_brief(
        related=[
            {**item, "url": f"https://x{i}.example/", "snippet": "x" * 10_000}
            for i, item in enumerate(briefs.related_items() * 300)
        ]
    )
    fake_backend.respond(brief)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    # Then an error at once, one the reader can retry, not a skeleton for a minute
    entry = browser.wait_entry(tab, timeout=15)
    # And one that says what happened: the Brief is too large (it said bad_response, "the URL may
    # point at another service, or the backend's version does not match", both of them right)
    assert entry["state"] == "error" and entry["error"]["code"] == "brief_too_large"
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    expect(panel.locator("#message-title")).to_have_text(
        message("en", "error_brief_too_large_title")
    )
    expect(panel.get_by_role("button", name=message("en", "retry"))).to_be_visible()
    expect(panel.locator(".message .actions .button")).to_have_text(
        [message("en", "retry"), message("en", "openOptions")]
    )


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_a_brief_too_large_to_keep_is_told_as_such_in_every_panel_language(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given the error entry the worker writes for a Brief over the record cap
    browser.set_settings(backendUrl=fake.base_url, panelLanguage=language)
    browser.put_entry(
        4243,
        state="error",
        url="https://www.example.org/a",
        error={"code": "brief_too_large"},
        backendUrl=fake.base_url,
    )
    panel = browser.open_panel(tab=4243, width=320)
    wait_panel_state(panel, "error")
    # Then its own words, in the panel's language, naming the backend and what to change (before:
    # the generic "unknown" error, which is all a code without words gets)
    expect(panel.locator("#message-title")).to_have_text(
        message(language, "error_brief_too_large_title")
    )
    expect(panel.locator(".message-body")).to_have_text(
        message(language, "error_brief_too_large_body", fake.base_url)
    )
    assert message(language, "error_brief_too_large_title") != message("en", "error_unknown_title")
    if language != "en":
        assert message(language, "error_brief_too_large_body", "x") != message(
            "en", "error_brief_too_large_body", "x"
        )


@pytest.mark.parametrize(
    "brief",
    [reader_briefs.minimal_brief(), reader_briefs.empty_strings_brief()],
    ids=["every-optional-field-missing", "every-string-empty"],
)
def test_missing_and_empty_fields_leave_no_holes(
    browser: ExtensionBrowser, fake: PathBackend, brief: dict[str, Any]
) -> None:
    panel = show_entry(browser, fake, brief, width=320, wait_corroboration=False)
    text = panel.locator("main").inner_text()
    for word in ("undefined", "null", "NaN", "[object Object]", "Invalid Date"):
        assert word not in text
    expect(panel.locator(".article-title")).to_have_text(message("en", "untitled"))
    # No link or button without a name, no empty list item
    empty = panel.evaluate(
        """() => [...document.querySelectorAll('main :is(a, button, li, h1, h2, h3, h4, h5)')]
            .filter((e) => !e.textContent.trim()
            && !e.getAttribute('aria-label')).map((e) => e.outerHTML.slice(0, 80))"""
    )
    assert empty == []
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert axe_violations(panel) == []


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_the_status_line_names_five_failing_outlets_and_counts_the_rest(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given eight outlets that could not be read in time
    answer = briefs.corroboration()
    names = [f"Outlet {letter}" for letter in "ABCDEFGH"]
    answer["others"] = [
        {
            "id": f"o{i}",
            "url": f"https://o{i}.example/a",
            "status": "failed",
            "outlet": briefs.outlet(name, f"o{i}.example"),
        }
        for i, name in enumerate(names)
    ]
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    panel = show_entry(
        browser, fake, briefs.corroboration_brief(), panel_language=language, reader_language="de"
    )
    # Then the line names five and counts the other three, in the panel's language (before: "8
    # could not be read in time: A, B, C, D, E.", as if those five were the eight)
    listed = message(language, "corroboration_namesMore_other", "3", ", ".join(names[:5]))
    expected = message(language, "corroboration_unread_other", "8", listed)
    status = panel.locator(".corroboration-status")
    expect(status).to_contain_text(expected)
    assert "Outlet F" not in (status.text_content() or "")


# --- a backend that fails or never answers: a timeout, and a retry the reader can use ---------------


def test_a_failed_corroboration_can_be_tried_again(
    browser: ExtensionBrowser, fake: PathBackend
) -> None:
    fake.routes["/v1/corroborations"] = (503, {"code": "upstream_timeout", "status": 503}, 0.0)
    panel = show_entry(browser, fake, briefs.sample_brief(related=briefs.related_items()))
    wait_corroboration_state(panel, ("error",))
    retry = panel.locator(".corroboration-retry")
    expect(retry).to_have_text(message("en", "retry"))
    # When the backend is back and the reader tries again, from the keyboard
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
    retry.focus()
    panel.keyboard.press("Enter")
    wait_corroboration_state(panel)
    expect(panel.locator(CHIPS)).to_have_count(2)
    expect(panel.locator(".corroboration-retry")).to_have_count(0)
    assert [p for p, _, _ in fake.requests].count("/v1/corroborations") == 2
    # Focus stays where the reader is: the status that replaced the button
    assert not panel.evaluate("() => document.activeElement === document.body")


def test_a_corroboration_that_never_answers_times_out_and_can_be_tried_again(
    browser: ExtensionBrowser, fake: PathBackend
) -> None:
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 120.0)
    started = time.monotonic()
    panel = show_entry(browser, fake, briefs.sample_brief(), wait_corroboration=False)
    wait_corroboration_state(panel, ("error",))
    waited = time.monotonic() - started
    assert 14 <= waited <= 25, waited  # CORROBORATION_TIMEOUT_MS is 15 s
    expect(panel.locator(".corroboration-status")).to_contain_text(
        message("en", "corroboration_failed")
    )
    fake.routes["/v1/corroborations"] = (200, briefs.corroboration(), 0.0)
    panel.locator(".corroboration-retry").click()
    wait_corroboration_state(panel)
    expect(panel.locator(CHIPS)).to_have_count(2)


# --- no English left in a translated panel -----------------------------------------------------


def english_fragments(language: str) -> set[str]:
    """Pieces of English panel text (split at placeholders) that the locale does not share."""
    english, translated = messages("en"), messages(language)
    found: set[str] = set()
    for key, entry in english.items():
        own = translated[key]["message"]
        for piece in re.split(r"\$[A-Za-z0-9_]+\$", entry["message"]):
            fragment = piece.strip(" .,:;()…")
            if len(fragment) >= 10 and fragment not in own:
                found.add(fragment)
    return found


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_no_english_is_left_in_a_translated_panel(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given every state of the related coverage and the corroboration on screen
    brief = briefs.sample_brief(
        related=briefs.related_items(briefs.COURIER),
        topic=briefs.topic_items(),
        index=briefs.index_state("filling", feeds_done=3, feeds_total=9),
        partial=True,
        failed_sources=["gdelt"],
        hidden_other_languages=2,
        disputed="x",
        dropped_bullets=2,
        headline="h",
        method="llm",
        model="claude-test",
        notice=None,
    )
    panel = show_entry(browser, fake, brief, panel_language=language, reader_language="de")
    open_everything(panel)
    shown = panel.evaluate(
        """() => [document.body.innerText,
            ...[...document.querySelectorAll('[aria-label], [title]')].flatMap(
                (e) => [e.getAttribute('aria-label') ?? '', e.getAttribute('title') ?? ''])]
            .join('\\n')"""
    )
    english = [f for f in english_fragments(language) if f in shown]
    assert english == []
    # And the corroboration's failure and its retry are translated too
    fake.routes["/v1/corroborations"] = (503, {"code": "internal"}, 0.0)
    panel = show_entry(
        browser, fake, brief, panel_language=language, reader_language="de", tab_id=4343
    )
    wait_corroboration_state(panel, ("error",))
    shown = panel.locator("main").inner_text()
    assert [f for f in english_fragments(language) if f in shown] == []


def test_every_locale_has_the_keys_the_panel_uses() -> None:
    """Every key the panel's code names exists in all four locales (a missing one falls back to
    English silently)."""
    used: set[str] = set()
    for path in (EXTENSION_DIR / "sidepanel").glob("*.js"):
        used |= set(
            re.findall(r"""\bt(?:\.plural)?\(\s*["'`]([A-Za-z0-9_]+)["'`]""", path.read_text())
        )
    for language in ("en", "de", "fr", "es"):
        keys = set(messages(language))
        plural = {k.rsplit("_", 1)[0] for k in keys if k.endswith("_other")}
        assert sorted(used - keys - plural) == [], language


# --- numbers in the panel's locale, content of unknown language, mirrored chips and quotes ---------


def test_a_german_panel_writes_every_count_it_puts_into_its_sentences_the_german_way(
    browser: ExtensionBrowser, fake: PathBackend
) -> None:
    # Given counts above a thousand everywhere the panel writes one: the index filling, hidden
    # reports, dropped bullets, "also reported by", and the chips' outlet counts
    items = briefs.related_items(briefs.COURIER)
    items[0]["also_reported_by"] = [
        {"name": f"Medium {i}", "domain": f"m{i}.example"} for i in range(1001)
    ]
    brief = briefs.sample_brief(
        related=items,
        index=briefs.index_state("filling", feeds_done=30, feeds_total=1200),
        hidden_other_languages=1500,
        dropped_bullets=2000,
        method="llm",
        model="claude-test",
        notice=None,
    )
    answer = briefs.corroboration()
    answer["bullets"][0]["agreeing"] = 1234
    answer["bullets"][1].update({"differing": 2500})
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    # When a German panel shows it
    panel = show_entry(browser, fake, brief, panel_language="de", reader_language="de")
    # Then every count has the German thousands separator
    expect(panel.locator(".index-note[data-index='filling']")).to_contain_text("30 von 1.200 Feeds")
    expect(panel.locator(".hidden-note")).to_contain_text("1.500")
    expect(panel.locator(".dropped")).to_contain_text("2.000")
    expect(panel.locator(".also summary").first).to_contain_text("1.001")
    chips = panel.locator(".corroboration-chip")
    expect(chips.nth(0)).to_have_text(re.compile(r"^1\.234 "))
    expect(chips.nth(1)).to_have_text(re.compile(r"^2\.500 "))
    assert "1200" not in panel.locator("main").inner_text()


UNKNOWN_LANGUAGE = (
    ".article-title",
    ".bullet",
    ".neutral-headline .text",
    ".related-item .headline a",
    ".related-item .snippet",
    ".bullets > li:first-child .corroboration-support blockquote",
)


@pytest.mark.parametrize("missing", ["absent", "empty"])
def test_content_of_unknown_language_is_marked_unknown_not_the_panels(
    browser: ExtensionBrowser, fake: PathBackend, missing: str
) -> None:
    # Given an article, summary, related report and corroborating sentence without a language
    items = briefs.related_items(briefs.COURIER)[:1]
    brief = briefs.sample_brief(related=items, headline="Linie 7 kommt")
    answer = briefs.corroboration()
    for holder in (brief["article"], brief["summary"], items[0], *answer["bullets"][0]["support"]):
        if missing == "absent":
            holder.pop("language", None)
        else:
            holder["language"] = ""
    answer["bullets"][0]["support"] = answer["bullets"][0]["support"][:1]
    fake.routes["/v1/corroborations"] = (200, answer, 0.0)
    # When an English panel shows it and the reader opens the chips
    panel = show_entry(browser, fake, brief, panel_language="en", reader_language="en")
    open_everything(panel)
    # Then that content says its language is unknown (lang=""), not English, and its direction
    # follows its own letters
    for selector in UNKNOWN_LANGUAGE:
        found = panel.evaluate(
            """(s) => [...document.querySelectorAll(s)].map(
                (e) => [e.hasAttribute('lang') ? e.getAttribute('lang') : null, e.getAttribute('dir')])""",
            selector,
        )
        assert found and set(map(tuple, found)) == {("", "auto")}, (selector, found)


def test_an_arabic_bullets_chips_and_quotes_are_indented_and_bordered_from_the_right(
    browser: ExtensionBrowser, fake: PathBackend
) -> None:
    # Given an Arabic article with Arabic and English corroboration, in a 320 px English panel
    fake.routes["/v1/corroborations"] = (200, reader_briefs.arabic_corroboration(), 0.0)
    panel = show_entry(browser, fake, reader_briefs.arabic_brief(), panel_language="en", width=320)
    # When the reader opens the chips
    open_everything(panel)
    edges = """(s) => [...document.querySelectorAll(s)].map((e) => {
        const box = e.getBoundingClientRect(), style = getComputedStyle(e);
        return {left: box.left, right: box.right, parentLeft: e.parentElement.getBoundingClientRect().left,
                parentRight: e.parentElement.getBoundingClientRect().right,
                borderLeft: parseFloat(style.borderLeftWidth),
                borderRight: parseFloat(style.borderRightWidth)};
    })"""
    # Then the Arabic quote's border is on the right edge of its right-to-left block
    arabic = panel.evaluate(
        edges, ".corroboration-support[data-relation='agrees']:has(blockquote[lang='ar'])"
    )
    assert arabic and all(a["borderRight"] >= 3 and a["borderLeft"] == 0 for a in arabic), arabic
    # While the English quote under it keeps its border on the left
    english = panel.evaluate(edges, ".corroboration-support:has(blockquote[lang='en'])")
    assert english and all(e["borderLeft"] >= 3 and e["borderRight"] == 0 for e in english)
    # And the chips under an Arabic bullet are indented from the right, as its number is
    boxes = panel.evaluate(edges, ".bullets > li > .corroboration")
    assert boxes and all(b["right"] <= b["parentRight"] - 3 for b in boxes), boxes
    assert all(abs(b["left"] - b["parentLeft"]) < 1 for b in boxes), boxes
    chips = panel.evaluate(edges, ".bullets > li > .corroboration > .corroboration-chip")
    assert chips and all(abs(c["right"] - c["parentRight"]) < 1 for c in chips), chips
    assert all(c["left"] > c["parentLeft"] + 10 for c in chips), chips
    # And the chips' own words (the panel's, English) still read left to right
    assert set(panel.evaluate(DIRECTIONS, ".corroboration-chip")) == {"ltr"}
    assert panel.evaluate(LAYOUT_PROBLEMS) == []


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_models_dropped_points_are_not_counted_under_the_articles_own_sentences(
    browser: ExtensionBrowser, fake: PathBackend, language: str
) -> None:
    # Given a Brief whose model answer was set aside (none of its 4 points was supported), so
    # the summary is the article's own sentences with the llm_unfaithful notice
    brief = briefs.sample_brief(method="extractive", notice="llm_unfaithful", dropped_bullets=4)
    panel = show_entry(browser, fake, brief, panel_language=language, reader_language="de")
    # Then the notice says the model's answer was set aside, and no line counts points "left
    # out because the article did not support them" under the article's own sentences (before:
    # "4 points were left out ...", as if the article's points had been hidden)
    expect(panel.locator(".summary .notice[data-notice='llm_unfaithful']")).to_be_visible()
    expect(panel.locator(".summary .bullets > li").first).to_be_visible()
    expect(panel.locator(".dropped")).to_have_count(0)
