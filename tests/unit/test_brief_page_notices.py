"""POST /v1/briefs for a long article whose body carries the page's notices to its reader (issue
16, page notices, found by the lead's attack): no notice is ever a bullet. The real resolver, the
real extraction and the real extractive summariser; fakes for the fetcher, cache and related."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parallax.domain.extraction import extract_article
from parallax.domain.page_notices import is_page_notice
from tests.support.briefs import extractive_brief

URL = "https://news.example.org/riverton"
HEADLINE = "Riverton approves flood barrier after three-year debate"
AD_BLOCKER = (
    "We noticed you are using an ad blocker. Please disable your ad blocker or whitelist our "
    "site to continue enjoying our journalism."
)
JAVASCRIPT = (
    "Please enable JavaScript in your browser to view the interactive map of the flood zone."
)
COOKIES = "We use cookies to give you the best experience on our website."
STORY = [
    "The city council of Riverton voted 7 to 2 on Tuesday to approve a new flood barrier along "
    "the Mill River, ending a debate that had lasted more than three years.",
    "The barrier, expected to cost 42 million dollars, will be paid for by a state grant and a "
    "local bond, Mayor Ellen Price said after the vote.",
    "Residents of the low-lying Eastside district, which flooded twice in 2023, had pressed for "
    "the project at every meeting since the spring.",
    "Opponents on the council argued that the cost estimate was too low and that the barrier "
    "would push water downstream to neighbouring towns.",
    "Construction is due to begin next summer and to take about two years, according to the "
    "city's engineering department.",
    "Price said the council would hold a public meeting in January to present the final design "
    "to residents.",
]


def riverton(paragraphs: list[str]) -> str:
    """The attacked page: a NewsArticle whose body holds ``paragraphs``."""
    return (
        f'<!doctype html><html lang="en"><head><title>{HEADLINE}</title>'
        '<meta property="og:type" content="article">'
        '<meta name="description" content="The council voted 7 to 2 for the Mill River barrier.">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":'
        f'"NewsArticle","headline":"{HEADLINE}","datePublished":"2026-12-01T10:00:00Z"}}</script>'
        f"</head><body><article><h1>{HEADLINE}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )


# As the lead found it: the notices as paragraphs of their own between the story's.
NOTICES_APART = [STORY[0], AD_BLOCKER, STORY[1], STORY[2], JAVASCRIPT, *STORY[3:]]
# Harder: each notice glued to a story sentence in one paragraph, so no line is all notice and
# only the summariser's own filter stands between the notice and a bullet.
NOTICES_GLUED = [
    f"{STORY[0]} {AD_BLOCKER}",
    f"{COOKIES} {STORY[1]}",
    STORY[2],
    f"{JAVASCRIPT} {STORY[3]}",
    *STORY[4:],
]


def _brief(html: str) -> dict[str, Any]:
    return extractive_brief(html, URL)


@pytest.mark.parametrize("paragraphs", [NOTICES_APART, NOTICES_GLUED], ids=["apart", "glued"])
def test_a_page_notice_is_never_a_bullet(paragraphs: list[str]) -> None:
    # Given the Riverton article with an ad-blocker, a JavaScript (and a cookie) notice in its body
    # When its Brief is made
    brief = _brief(riverton(paragraphs))
    bullets = [b["text"] for b in brief["summary"]["bullets"]]
    # Then it has a summary, every bullet a sentence of the story, none a notice
    assert brief["summary"]["method"] == "extractive"
    assert len(bullets) >= 2
    assert bullets[0] == STORY[0]
    assert all(b in STORY for b in bullets), bullets
    assert not any(is_page_notice(b) for b in bullets)


def test_a_paragraph_of_notices_never_reaches_the_article_text() -> None:
    # Given the Riverton article with its notices as paragraphs of their own
    # When its Brief is made
    article = _brief(riverton(NOTICES_APART))["article"]
    # Then the article's sentences (which corroboration and the related query read) hold none
    # (the Brief's article carries no text; the extraction is what it was made from)
    assert "ad blocker" not in json.dumps(article)
    text = extract_article(riverton(NOTICES_APART), URL).text
    assert "ad blocker" not in text and "JavaScript" not in text
    assert STORY[0] in text and STORY[-1] in text
