"""Screenshots of the panel (light and dark, English and German), the options page and an
error, saved under test-artifacts/screenshots/ for review. They also check that dark mode
really changes the colours and that text meets WCAG AA contrast in both schemes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PAGES
from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import SCREENSHOTS, ExtensionBrowser, wait_panel_state

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")

# Contrast of every text element against its effective background (WCAG 2 relative luminance).
CONTRAST_SCRIPT = """() => {
    const parse = (c) => {
        const m = c.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return {r, g, b, a};
    };
    const lum = ({r, g, b}) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c.a > 0.5) return c;
        }
        return parse(getComputedStyle(document.documentElement).backgroundColor) || {r: 255, g: 255, b: 255};
    };
    const worst = [];
    for (const el of document.querySelectorAll('body *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.nodeValue.trim());
        if (!own || el.closest('.visually-hidden, [hidden], .skeleton')) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const fg = parse(style.color), bg = background(el);
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
        const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
        if (ratio < needed) worst.push(`${el.className || el.tagName}: ${ratio.toFixed(2)}`);
    }
    return worst;
}"""


# The first highlighted range is in the viewport and the page has stopped scrolling (the same
# scroll position as at the previous poll, one animation frame before).
SCROLLED_TO_HIGHLIGHT = """() => {
    const box = [...CSS.highlights.get('parallax-cite')][0].getBoundingClientRect();
    const still = window.__lastScrollY === window.scrollY;
    window.__lastScrollY = window.scrollY;
    return still && box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def real_brief(backend: str, page_name: str, url: str, language: str) -> dict[str, Any]:
    html = (PAGES / page_name).read_text(encoding="utf-8")
    response = httpx.post(
        f"{backend}/v1/briefs",
        json={"url": url, "html": html, "language": language},
        timeout=60,
    )
    response.raise_for_status()
    brief: dict[str, Any] = response.json()
    return brief


def shoot(page: Page, name: str, scheme: Scheme) -> None:
    page.emulate_media(color_scheme=scheme)
    page.wait_for_timeout(100)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}.png"), full_page=True)
    assert page.evaluate(CONTRAST_SCRIPT) == [], f"{name} ({scheme}): text below WCAG AA contrast"


@pytest.mark.parametrize(
    ("panel_language", "page_name", "related"),
    [
        ("en", "de_article.html", briefs.related_items),
        ("de", "en_article.html", briefs.harbour_related_items),
    ],
    ids=["german-article-english-panel", "english-article-german-panel"],
)
def test_panel_screenshots(
    browser: ExtensionBrowser,
    backend: str,
    fake_backend: FakeBackend,
    fixture_site: FixtureSite,
    panel_language: str,
    page_name: str,
    related: Any,
) -> None:
    url = fixture_site.url(f"/articles/{page_name}")
    brief = briefs.with_related(real_brief(backend, page_name, url, panel_language), related())
    fake_backend.respond(brief)
    browser.set_settings(
        backendUrl=fake_backend.base_url,
        panelLanguage=panel_language,
        summaryLanguage=panel_language,
    )
    page, tab = browser.open_tab(url)
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "ready")
    panel.locator(".also").first.evaluate("(d) => { d.open = true; }")
    backgrounds = {}
    for scheme in SCHEMES:
        shoot(panel, f"panel-{panel_language}", scheme)
        backgrounds[scheme] = panel.evaluate(
            "() => getComputedStyle(document.body).backgroundColor"
        )
    assert backgrounds["light"] != backgrounds["dark"]
    # The article with a cited sentence highlighted, as the reader sees it after a click
    panel.locator(".bullet").nth(1).click()
    page.wait_for_function("() => CSS.highlights.has('parallax-cite')")
    page.wait_for_function(SCROLLED_TO_HIGHLIGHT)  # the smooth scroll has ended
    page.screenshot(path=str(SCREENSHOTS / f"page-highlight-{panel_language}.png"))


def test_state_screenshots(
    browser: ExtensionBrowser, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl="http://127.0.0.1:9", panelLanguage="en")
    page, tab = browser.open_tab(fixture_site.url("/articles/en_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab)
    wait_panel_state(panel, "error")
    for scheme in SCHEMES:
        shoot(panel, "panel-error-backend-unreachable", scheme)

    fake_backend.respond(briefs.sample_brief(), delay_s=3)
    browser.set_settings(backendUrl=fake_backend.base_url)
    panel.locator("#refresh").click()
    wait_panel_state(panel, "loading")
    for scheme in SCHEMES:
        panel.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(SCREENSHOTS / f"panel-loading-{scheme}.png"))

    loading = browser.request_id(tab)
    fake_backend.respond(briefs.llm_brief())
    panel.locator("#refresh").click()
    browser.wait_answer_shown(panel, tab, loading, "ready")
    expect(panel.locator(".method")).to_have_attribute("data-method", "llm")
    for scheme in SCHEMES:
        shoot(panel, "panel-model-summary", scheme)

    options = browser.open_options()
    options.set_viewport_size({"width": 760, "height": 900})
    for scheme in SCHEMES:
        shoot(options, "options", scheme)


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_narrow_panel_in_every_language(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    fixture_site: FixtureSite,
    language: str,
) -> None:
    """The whole panel at its narrowest (280 px), light and dark, in each panel language."""
    from tests.e2e.harness import axe_violations, horizontal_overflow

    brief = briefs.sample_brief(
        related=briefs.related_items(),
        topic=briefs.topic_items(),
        index=briefs.index_state("filled"),
        hidden_other_languages=2,
    )
    brief["article"]["authors"] = ["Katrin Albers", "Jonas Reuter-Schönfeld"]
    fake_backend.respond(brief)
    browser.set_settings(backendUrl=fake_backend.base_url, panelLanguage=language)
    page, tab = browser.open_tab(fixture_site.url("/articles/de_article.html"))
    browser.click_action(page, tab)
    browser.wait_entry(tab)
    panel = browser.open_panel(tab=tab, width=280)
    wait_panel_state(panel, "ready")
    titles = panel.locator(".group-title").all_inner_texts()
    assert titles and all(title[0].isupper() for title in titles), titles
    assert horizontal_overflow(panel) == []
    for scheme in SCHEMES:
        shoot(panel, f"panel-280-{language}", scheme)
        assert axe_violations(panel) == [], scheme
