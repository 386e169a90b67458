"""Firefox ESR: a click after a single-page site swapped its article, leaving the old <head>.

Firefox reports no address in tabs.onUpdated (no `tabs` permission), so the worker never learns of
the move: the page itself tells, from the address its document was loaded at. Failed on the code
before (session 11, branch spahead): the old head's headline and address went with the new body."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from lxml import html as lxml_html

from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.firefox import FIREFOX_ORIGIN, FirefoxExtension, poll, set_settings
from tests.e2e.test_spa_head import NEW_HEADLINE, OLD_HEADLINE, SPA_SWAP

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


def test_a_click_after_the_site_changed_its_article_sends_no_stale_head(
    firefox: FirefoxExtension, fake_backend: FakeBackend, fixture_site: FixtureSite
) -> None:
    fake_backend.origin = FIREFOX_ORIGIN
    fake_backend.respond(briefs.sample_brief(summary_language="en", notice=None))
    firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=fake_backend.base_url, panelLanguage="en")
    # Given the German article, and the site swapping in the English one behind a new address
    firefox.open_tab(fixture_site.url("/articles/de_article.html"))
    firefox.run_async(
        f"const done = arguments[arguments.length - 1]; ({SPA_SWAP})(arguments[0]).then(done);",
        ["/articles/en_article.html"],
    )
    # When the reader clicks Parallax
    asked = len(fake_backend.requests)
    firefox.click_action()
    poll(lambda: len(fake_backend.requests) > asked, "the Brief request")
    sent = fake_backend.requests[-1]
    # Then what is sent is the English article under its address, without the German head
    assert sent["url"].endswith("/articles/en_article.html")
    tree = lxml_html.document_fromstring(sent["html"])
    assert tree.xpath("//h1")[0].text_content().strip() == NEW_HEADLINE
    assert not tree.xpath("//head/meta[@property='og:title' or @property='og:url']")
    assert not tree.xpath("//head/link[@rel='canonical']")
    (node,) = [
        json.loads(s.text_content()) for s in tree.xpath("//script[@type='application/ld+json']")
    ]
    assert "headline" not in node and "@type" not in node  # nor the kind it declared
    assert OLD_HEADLINE not in sent["html"].split("<body", 1)[0]
