"""What a demanding reader meets in the panel (issue 17) and the related-coverage states
(issue 13): two tiers, snippets, reports hidden by language, the index's state, reasons a page
is not an article, a slow backend, and which language "auto" means."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
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

PANEL_LANGUAGES = ("en", "de", "fr", "es")

# Lines of a meta row whose first part shows its dot (a line starting with a lone "·").
LONE_DOTS = """() => {
    const lone = [];
    for (const line of document.querySelectorAll('.meta-line')) {
        const left = line.getBoundingClientRect().left;
        const parts = [...line.querySelectorAll('.meta-part')].map((part) => ({
            part, box: part.getBoundingClientRect(),
        }));
        for (const {part, box} of parts) {
            // A part starts a line when no part on the same line (overlapping vertically) ends
            // left of it; its dot (its first 1em) must then sit left of the clipping box.
            const starts = !parts.some(({box: other}) =>
                other !== box && other.right <= box.left + 1 &&
                other.top < box.bottom && box.top < other.bottom);
            const dot = parseFloat(getComputedStyle(part, '::before').width);
            if (starts && box.left + dot > left + 0.5) lone.push(part.textContent);
        }
    }
    return lone;
}"""

# Letters of a meta row that its line clips away: a part that wraps inside itself (a long author
# list at 280 px) must start its second line inside the visible box, not under the clipped dot.
CLIPPED_LETTERS = """() => {
    const clipped = [];
    for (const line of document.querySelectorAll('.meta-line')) {
        const {left, right} = line.getBoundingClientRect();
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i += 1) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                for (const box of range.getClientRects()) {
                    if (box.width > 0 && (box.left < left - 0.5 || box.right > right + 0.5)) {
                        clipped.push(node.data.slice(Math.max(0, i - 6), i + 6));
                    }
                }
            }
        }
    }
    return clipped;
}"""


def show(
    browser: ExtensionBrowser, fake: FakeBackend, site: FixtureSite, brief: Any, **settings: Any
) -> tuple[Page, Page, int]:
    if brief is not None:
        fake.respond(brief)
    browser.set_settings(backendUrl=fake.base_url, **settings)
    page, tab = browser.open_tab(site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    return page, browser.open_panel(tab=tab), tab


def refresh_with(
    browser: ExtensionBrowser,
    panel: Page,
    tab: int,
    fake: FakeBackend,
    brief: Any,
    state: str = "ready",
) -> None:
    """The panel's refresh, answered with ``brief``; returns once the panel has drawn that answer
    (not the one before, which is often in the same state)."""
    before, previous = len(fake.requests), browser.request_id(tab)
    fake.respond(brief)
    panel.locator("#refresh").click()
    browser.wait_answer_shown(panel, tab, previous, state)
    assert len(fake.requests) == before + 1


def test_the_same_story_and_on_the_topic_with_snippets_at_280_px(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a Brief with both tiers, snippets, and a filled index
    brief = briefs.sample_brief(
        related=briefs.related_items(),
        topic=briefs.topic_items(),
        index=briefs.index_state("filled", items=4812, newest_item_age_s=420),
    )
    _, panel, _ = show(browser, fake_backend, fixture_site, brief, panelLanguage="en")
    wait_panel_state(panel, "ready")
    # Then the two tiers are two sections, each with its heading
    expect(panel.locator("#same-story-heading")).to_have_text(message("en", "sameStoryHeading"))
    expect(panel.locator(".same-story .related-item")).to_have_count(4)
    expect(panel.locator("#on-topic-heading")).to_have_text(message("en", "onTopicHeading"))
    topic = panel.locator(".on-topic .related-item")
    expect(topic).to_have_count(2)
    expect(topic.locator(".headline")).to_have_text(
        [item["title"] + " (opens in a new tab)" for item in briefs.topic_items()]
    )
    expect(topic.nth(1).locator(".item-language")).to_have_text("English")
    # A long snippet is clamped and expands by keyboard; a short one is shown whole
    snippet = panel.locator(".same-story .snippet").first
    toggle = panel.locator(".snippet-toggle").first
    expect(snippet).to_have_class("snippet is-clamped")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    panel.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text(message("en", "snippetLess"))
    expect(snippet).to_have_class("snippet")
    expect(topic.first.locator(".snippet")).to_have_text(briefs.topic_items()[0]["snippet"])
    expect(topic.first.locator(".snippet-toggle")).to_have_count(0)
    # The filled index is only a quiet footnote
    expect(panel.locator(".index-note")).to_have_count(0)
    expect(panel.locator(".index-footnote")).to_have_text(
        message("en", "indexFilled_other", "4812", "4,812", "7 minutes")
    )
    # And at 280 px nothing scrolls sideways, no line starts with a lone dot, axe is clean
    panel.set_viewport_size({"width": 280, "height": 900})
    assert horizontal_overflow(panel) == []
    assert panel.evaluate(LONE_DOTS) == []
    for scheme in ("light", "dark"):
        panel.emulate_media(color_scheme=scheme)
        assert axe_violations(panel) == [], scheme


@pytest.mark.parametrize("language", PANEL_LANGUAGES)
def test_the_index_state_is_told_with_what_to_do_never_as_no_coverage(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite, language: str
) -> None:
    not_filled = briefs.sample_brief(related=[], index=briefs.index_state("not_filled"))
    _, panel, tab = show(browser, fake_backend, fixture_site, not_filled, panelLanguage=language)
    wait_panel_state(panel, "ready")
    no_coverage = message(language, "relatedEmpty")
    incomplete = message(language, "relatedEmptyIncomplete")
    expect(panel.locator(".index-note")).to_have_text(message(language, "indexNotFilled", "↻"))
    # And the ↻ it asks for is read out as the button's name (walk4: a symbol's name before)
    refresh = panel.locator(".index-note").get_by_role("img", name=message(language, "refresh"))
    expect(refresh).to_have_text("↻")
    expect(panel.locator(".related .empty")).to_have_text(incomplete)

    filling = briefs.sample_brief(
        related=[], index=briefs.index_state("filling", feeds_done=30, feeds_total=120)
    )
    refresh_with(browser, panel, tab, fake_backend, filling)
    note = panel.locator(".index-note[data-index='filling']")
    expect(note).to_contain_text(message(language, "indexFilling", "30", "120"))
    expect(panel.locator(".related .empty")).to_have_text(incomplete)
    # "Look again" asks the backend again
    before, previous = len(fake_backend.requests), browser.request_id(tab)
    note.get_by_role("button", name=message(language, "indexFillingAction")).click()
    # Its answer must be shown before the next refresh, and the panel's state does not tell:
    # it was "ready" before the click too (82699b8, after a CI failure under load, waited for it)
    browser.wait_answer_shown(panel, tab, previous, "ready")
    assert len(fake_backend.requests) == before + 1

    failing = briefs.sample_brief(
        related=[],
        index=briefs.index_state("failing", feeds_failing=118, feeds_total=120),
        partial=True,
        failed_sources=["index"],
    )
    refresh_with(browser, panel, tab, fake_backend, failing)
    expect(panel.locator(".index-note[data-index='failing']")).to_have_text(
        message(language, "indexFailing", "118", "120")
    )
    # The index's own state is the caveat: it is not repeated as "did not answer"
    expect(panel.locator(".partial")).to_have_count(0)
    expect(panel.locator(".related .empty")).to_have_text(incomplete)

    # A filled index and a failed provider: still not "no coverage"
    gdelt_down = briefs.sample_brief(
        related=[], index=briefs.index_state("filled"), partial=True, failed_sources=["gdelt"]
    )
    refresh_with(browser, panel, tab, fake_backend, gdelt_down)
    expect(panel.locator(".partial")).to_have_text(message(language, "relatedPartial", "GDELT"))
    expect(panel.locator(".related .empty")).to_have_text(incomplete)

    # A filled index whose search ran out of time (the backend's PartialAnswer) is named, with
    # what it found and with nothing: a filled index has no note of its own to say so, and a
    # list cut short was shown with no word that it may be incomplete (attack19)
    index_cut = briefs.sample_brief(
        index=briefs.index_state("filled"), partial=True, failed_sources=["index"]
    )
    refresh_with(browser, panel, tab, fake_backend, index_cut)
    cut_note = message(language, "relatedPartial", message(language, "source_index"))
    expect(panel.locator(".partial")).to_have_text(cut_note)
    expect(panel.locator(".related .same-story .related-list")).not_to_have_count(0)
    nothing_yet = briefs.sample_brief(
        related=[], index=briefs.index_state("filled"), partial=True, failed_sources=["index"]
    )
    refresh_with(browser, panel, tab, fake_backend, nothing_yet)
    expect(panel.locator(".partial")).to_have_text(cut_note)
    expect(panel.locator(".related .empty")).to_have_text(incomplete)

    # Only when every source could look is "no coverage" a fact
    looked = briefs.sample_brief(related=[], index=briefs.index_state("filled"))
    refresh_with(browser, panel, tab, fake_backend, looked)
    expect(panel.locator(".related .empty")).to_have_text(no_coverage)
    expect(panel.locator(".index-note, .partial")).to_have_count(0)
    assert axe_violations(panel) == []


def test_reports_hidden_by_language_are_counted_and_can_be_shown(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given "other languages" off, and a backend that left out two reports in other languages
    same_language = [i for i in briefs.related_items() if i["language"] in ("de", "en")]
    filtered = briefs.sample_brief(related=same_language, hidden_other_languages=2)
    _, panel, tab = show(
        browser,
        fake_backend,
        fixture_site,
        filtered,
        panelLanguage="en",
        summaryLanguage="en",
        includeOtherLanguages=False,
    )
    wait_panel_state(panel, "ready")
    assert fake_backend.requests[-1]["include"]["other_languages"] is False
    # Then the panel says how many, and offers to show them
    note = panel.locator(".hidden-note")
    expect(note.locator("p")).to_have_text(message("en", "relatedHidden_other", "2"))
    # When the reader asks to see them once
    fake_backend.respond(briefs.sample_brief(related=briefs.related_items()))
    previous = browser.request_id(tab)
    note.get_by_role("button", name=message("en", "relatedHiddenShow")).click()
    browser.wait_answer_shown(panel, tab, previous, "ready")
    assert len(fake_backend.requests) == 2
    # Then the Brief is asked for again with other languages, and they are shown
    assert fake_backend.requests[-1]["include"]["other_languages"] is True
    expect(panel.locator(".lang-group[data-language='fr']")).to_have_count(1)
    expect(panel.locator(".hidden-note")).to_have_count(0)
    assert browser.settings()["includeOtherLanguages"] is False  # the setting stays as it was

    # A backend that does not filter by itself: the panel filters and counts
    refresh_with(
        browser, panel, tab, fake_backend, briefs.sample_brief(related=briefs.related_items())
    )
    expect(panel.locator(".lang-group[data-language='fr']")).to_have_count(0)
    expect(note.locator("p")).to_have_text(message("en", "relatedHidden_one", "1"))
    # "Always" turns the setting on and asks again (the setting alone already draws the old
    # Brief again with French shown: the wait is for the new request's answer)
    previous = browser.request_id(tab)
    note.get_by_role("button", name=message("en", "relatedHiddenAlways")).click()
    browser.wait_answer_shown(panel, tab, previous, "ready")
    assert browser.settings().get("includeOtherLanguages") is True
    assert fake_backend.requests[-1]["include"]["other_languages"] is True
    expect(panel.locator(".lang-group[data-language='fr']")).to_have_count(1)


@pytest.mark.parametrize(
    ("reason", "key"),
    [
        ("section_front", "error_not_an_article_reason_section_front"),
        ("cookie_wall", "error_not_an_article_reason_cookie_wall"),
        ("brand_new_reason", "error_not_an_article_body"),
        (None, "error_not_an_article_body"),
        ("<b>x</b>", "error_not_an_article_body"),
    ],
)
def test_not_an_article_is_a_calm_note_with_its_reason(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    fixture_site: FixtureSite,
    reason: str | None,
    key: str,
) -> None:
    problem: dict[str, Any] = {
        "type": "urn:parallax:problem:not_an_article",
        "title": "not_an_article",
        "status": 422,
        "code": "not_an_article",
    }
    if reason is not None:
        problem["reason"] = reason
    fake_backend.respond(problem, status=422)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="fr")
    page, tab = browser.open_tab(fixture_site.url("/articles/home.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "note")
    box = panel.locator(".message")
    expect(box).not_to_have_attribute("role", "alert")
    expect(box).to_have_class("message is-info")
    expect(panel.locator("#message-title")).to_have_text(
        message("fr", "error_not_an_article_title")
    )
    expect(panel.locator(".message-body")).to_have_text(message("fr", key))
    assert axe_violations(panel) == []


def test_a_slow_backend_says_it_is_still_working_and_can_be_cancelled(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a backend that takes long
    fake_backend.respond(briefs.sample_brief(), delay_s=20)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage="de")
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "idle")
    clicked = time.monotonic()
    browser.click_action(page, tab)
    wait_panel_state(panel, "loading")
    # Then after about 3 s it says it is still working, at which step, with Cancel
    progress = panel.locator(".progress")
    expect(progress).to_be_visible(timeout=6000)
    assert time.monotonic() - clicked >= 2.9
    expect(panel.locator(".progress-title")).to_have_text(message("de", "stillWorking"))
    current = panel.locator(".steps [aria-current='step']")
    expect(current).to_have_attribute("data-step", "backend")
    expect(current).to_contain_text(message("de", "stepBackend"))
    expect(panel.locator(".steps .is-done")).to_have_attribute("data-step", "capturing")
    assert axe_violations(panel) == []
    cancel = progress.get_by_role("button", name=message("de", "cancel"))
    cancel.focus()
    # The seconds tick (the text changes: a fixed sleep could end before a tick under load)
    # without taking the focus away
    elapsed = panel.locator(".progress .elapsed")
    ticked_from = elapsed.text_content()
    expect(elapsed).not_to_have_text(ticked_from or "", timeout=10_000)
    expect(cancel).to_be_focused()
    panel.keyboard.press("Enter")
    # When cancelled: a calm note, with "Try again"
    wait_panel_state(panel, "note")
    expect(panel.locator(".message")).to_have_attribute("data-code", "cancelled")
    expect(panel.locator(".message")).not_to_have_attribute("role", "alert")
    assert browser.entry(tab)["error"] == {"code": "cancelled"}  # type: ignore[index]
    fake_backend.respond(briefs.sample_brief())
    panel.get_by_role("button", name=message("de", "retry")).click()
    wait_panel_state(panel, "ready")


def test_summary_language_auto_follows_the_panel_language(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given the panel in Deutsch and the summary language on "auto" (the default)
    _, panel, _ = show(
        browser, fake_backend, fixture_site, briefs.sample_brief(notice=None), panelLanguage="de"
    )
    # Then German bullets are asked for, not the browser's English
    assert fake_backend.requests[-1]["language"] == "de"
    wait_panel_state(panel, "ready")
    expect(panel.locator(".notice")).to_have_count(0)
    # And the options page names what "auto" means, each language's own name once
    options = browser.open_options()
    summary = options.locator("#summaryLanguage")
    expect(summary.locator("option[value='auto']")).to_have_text(
        message("de", "summaryAutoOption", "Deutsch")
    )
    expect(summary.locator("option[value='de']")).to_have_text("Deutsch")
    expect(summary.locator("option[value='en']")).to_have_text("Englisch (English)")
    # Choosing another panel language updates what "auto" names
    options.locator("#panelLanguage").select_option("fr")
    expect(summary.locator("option[value='auto']")).to_have_text(
        message("de", "summaryAutoOption", "Französisch")
    )
    # The privacy paragraph names the services, what they get, and the switches
    privacy = options.locator(".privacy")
    expect(privacy).to_contain_text("GDELT DOC 2.0")
    expect(privacy).to_contain_text("PARALLAX_PROVIDERS=index")
    expect(privacy).to_contain_text("PARALLAX_INGEST_INTERVAL_S=0")
    assert axe_violations(options) == []


def test_analysing_again_while_loading_replaces_the_request(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a slow first request (regression: the aborted first request stored "cancelled"
    # over the second, which then never reached the backend)
    fake_backend.respond(briefs.sample_brief(), delay_s=3)
    _, panel, tab = show(browser, fake_backend, fixture_site, None, panelLanguage="en")
    fake_backend.respond(briefs.sample_brief(), delay_s=3)
    panel.locator("#refresh").click()
    wait_panel_state(panel, "loading")
    # ... which the backend is already answering (on a loaded machine "loading" shows before
    # the request leaves; clicking then aborts a request the backend never saw, and the test
    # would count two requests although the panel did right)
    poll(lambda: len(fake_backend.requests) == 2, "the first refresh to reach the backend", 30)
    # When the reader asks again before it answers
    fake_backend.respond(briefs.llm_brief())
    panel.locator("#refresh").click()
    # Then the newer request is sent and its Brief is shown, not the slow one's
    poll(lambda: len(fake_backend.requests) == 3, "the second refresh to reach the backend", 30)
    poll(
        lambda: (
            (browser.entry(tab) or {}).get("brief", {}).get("summary", {}).get("method") == "llm"
        ),
        "the newer request's Brief in the entry",
        30,
    )
    wait_panel_state(panel, "ready")
    time.sleep(3.5)  # the slow answer would have come by now: it must not replace the new one
    assert len(fake_backend.requests) == 3
    assert browser.entry(tab)["brief"]["summary"]["method"] == "llm"  # type: ignore[index]


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_meta_line_that_wraps_inside_a_part_loses_no_letter_at_280_px(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite, language: str
) -> None:
    # Given a Brief whose byline is longer than a 280 px line, and a related item whose outlet
    # name is too
    brief = briefs.sample_brief(related=briefs.related_items())
    brief["article"]["authors"] = [
        "Katrin Albers",
        "Jonas Reuter-Schönfeld",
        "Maximiliane Oberhauser-Winterberg",
    ]
    brief["related"]["items"][0]["outlet"]["name"] = "Rheinisch-Bergische Allgemeine Tageszeitung"
    _, panel, _ = show(browser, fake_backend, fixture_site, brief, panelLanguage=language)
    wait_panel_state(panel, "ready")
    # When the panel is 280 px wide
    panel.set_viewport_size({"width": 280, "height": 900})
    # Then the byline wraps inside its part, and every letter of every meta line is visible
    authors = panel.locator(".article-head .authors")
    assert authors.evaluate("(e) => e.getClientRects().length") > 1
    expect(authors).to_contain_text("Oberhauser-Winterberg")
    assert panel.evaluate(CLIPPED_LETTERS) == []
    # And the separating dots still never start a line
    assert panel.evaluate(LONE_DOTS) == []


def test_twenty_wire_copies_with_rtl_names_at_280_px_open_light_and_dark(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    # Given a wire report collapsed with the bounds' maximum of 20 copies, outlets named in
    # Arabic and Hebrew beside long Latin names without spaces
    names = [
        *(f"الجريدة اليومية {n}" for n in range(5)),
        *(f"החדשות של היום {n}" for n in range(5)),
        *(f"Nordrheinwestfälischestageblattundanzeiger{n}" for n in range(10)),
    ]
    outlets = [briefs.outlet(name, f"copy-{n}.example") for n, name in enumerate(names)]
    wire = {
        **briefs.related_items()[1],
        "also_reported_by": outlets,
        "copies": [
            briefs.wire_copy(f"https://copy-{n}.example/nordheim/linie-7", by)
            for n, by in enumerate(outlets)
        ],
    }
    _, panel, _ = show(
        browser, fake_backend, fixture_site, briefs.sample_brief(related=[wire]), panelLanguage="en"
    )
    wait_panel_state(panel, "ready")
    # When the reader opens the list at 280 px
    panel.set_viewport_size({"width": 280, "height": 900})
    also = panel.locator(".related-item .also")
    also.locator("summary").click()
    expect(also).to_have_attribute("open", "")
    # Then every outlet is a link named by its outlet and what the link does, each name in its
    # own direction
    new_tab = f" ({message('en', 'opensInNewTab')})"
    links = also.locator("li a")
    expect(links).to_have_count(20)
    for n, name in enumerate(names):
        expect(panel.get_by_role("link", name=f"{name}{new_tab}", exact=True)).to_have_attribute(
            "href", f"https://copy-{n}.example/nordheim/linie-7"
        )
    # And nothing scrolls sideways, and axe is clean with the list open, light and dark
    assert horizontal_overflow(panel) == []
    for scheme in ("light", "dark"):
        panel.emulate_media(color_scheme=scheme)
        assert axe_violations(panel) == [], scheme


# --- a short Arabic article's sentences, and a summary made anew, at 280 px (session 12) --------

ARABIC_SENTENCES = [
    "وافق مجلس المدينة يوم الاثنين على ميزانية جديدة للمدارس بعد نقاش استمر أكثر من أربع ساعات.",
    "وقالت رئيسة البلدية إن الإنفاق على المدارس سيرتفع في العام المقبل، خاصة لتوظيف معلمين جدد.",
]


def short_arabic_brief(notice: str) -> dict[str, Any]:
    """A two-sentence Arabic article: its own sentences are the summary (the model's translation
    of them failed, ``notice`` llm_*, or there is no model, not_translated)."""
    brief = briefs.sample_brief(summary_language="ar", notice=notice)
    brief["summary"]["bullets"] = [
        {"text": text, "sentence_ids": [i]} for i, text in enumerate(ARABIC_SENTENCES)
    ]
    brief["article"].update(
        language="ar",
        title="مجلس المدينة يقر ميزانية المدارس",
        text=" ".join(ARABIC_SENTENCES),
        sentences=[{"id": i, "text": text} for i, text in enumerate(ARABIC_SENTENCES)],
        word_count=30,
    )
    return brief


@pytest.mark.parametrize("language", ["de", "fr", "es"])
@pytest.mark.parametrize("notice", ["llm_unfaithful", "llm_timeout", "not_translated"])
def test_a_short_rtl_articles_own_sentences_and_their_notice_fit_280_px(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    fixture_site: FixtureSite,
    language: str,
    notice: str,
) -> None:
    # Given a short Arabic article whose sentences could not be translated for a reader whose
    # panel and summary language is German, French or Spanish
    _, panel, _ = show(
        browser, fake_backend, fixture_site, short_arabic_brief(notice), panelLanguage=language
    )
    wait_panel_state(panel, "ready")
    panel.set_viewport_size({"width": 280, "height": 900})
    # Then the notice is the panel's words for the code, in the panel's language
    shown = panel.locator(".summary .notice")
    expect(shown).to_have_attribute("data-notice", notice)
    if notice.startswith("llm_"):
        # the sentences stay in Arabic, which the notice says (session 12)
        arabic, reader = panel.evaluate(
            """async ([language]) => {
                const {languageName} = await import('/lib/languages.js');
                return [languageName('ar', language), languageName(language, language)];
            }""",
            [language],
        )
        expect(shown).to_have_text(
            message(language, f"notice_{notice}_untranslated", arabic, reader)
        )
    # And the sentences are laid out right to left, in Arabic
    bullet = panel.locator(".bullet").first
    expect(bullet).to_have_attribute("lang", "ar")
    expect(bullet).to_have_attribute("dir", "rtl")
    # And nothing scrolls sideways, no letter is cut, and axe is clean, light and dark
    assert horizontal_overflow(panel) == []
    assert panel.evaluate(CLIPPED_LETTERS) == []
    for scheme in ("light", "dark"):
        panel.emulate_media(color_scheme=scheme)
        assert axe_violations(panel) == [], scheme


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_line_saying_the_summary_is_made_anew_fits_280_px(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite, language: str
) -> None:
    # Given a Brief a model wrote in English, shown in a 280 px panel
    _, panel, tab = show(
        browser,
        fake_backend,
        fixture_site,
        briefs.model_brief("en"),
        panelLanguage="en",
        summaryLanguage="en",
    )
    wait_panel_state(panel, "ready")
    panel.set_viewport_size({"width": 280, "height": 900})
    # When the reader switches the panel (and so the summary) language, and the backend is slow
    fake_backend.respond(briefs.model_brief("de"), delay_s=5.0)
    browser.set_settings(panelLanguage=language, summaryLanguage="auto")
    # Then the skeleton says why, in the new language, within 280 px, and axe is clean
    line = panel.locator(".skeleton .language-follow")
    expect(line).to_be_visible()
    expect(line).to_have_attribute("data-language", language)
    assert horizontal_overflow(panel) == []
    assert panel.evaluate(CLIPPED_LETTERS) == []
    for scheme in ("light", "dark"):
        panel.emulate_media(color_scheme=scheme)
        assert axe_violations(panel) == [], scheme
    assert browser.entry(tab)["trigger"] == "language"
