"""A hash-routed site's story read from the reader's page (session 13, loose): its address keeps
the route, and the app shell's head, which names the site's front page, does not replace it."""

from __future__ import annotations

import pytest

from parallax.domain.extraction import extract_article
from parallax.domain.extraction.addresses import path_is_root, without_anchor
from tests.support.outlets_site import article_page, tram_story

TITLE = "Tram derails in Lyon"


def _shell_page(head: str) -> str:
    # The app's shell declares the front page as its address, for every route it shows
    return article_page(TITLE, tram_story("here", words=300)).replace("<head>", f"<head>{head}", 1)


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<link rel="canonical" href="https://news.example/">',
        '<meta property="og:url" content="https://news.example/">',
    ],
)
def test_a_story_at_a_hash_route_keeps_its_route_as_its_address(head: str) -> None:
    # Given the story a hash-routed site shows at #!/story/1, sent from the reader's page
    article = extract_article(_shell_page(head), "https://news.example/#!/story/1/")
    # Then its canonical address is the route's (before: https://news.example/, the front page's
    # for every story of the site, and a root address read as a front page)
    assert article.canonical_url == "https://news.example/#/story/1"
    assert article.title == TITLE


def test_a_route_is_no_front_page_and_an_anchor_is_no_route() -> None:
    assert path_is_root("https://news.example/#/") and path_is_root("https://news.example/#top")
    assert not path_is_root("https://news.example/#/story/1")
    assert without_anchor("https://news.example/a#comments") == "https://news.example/a"
    assert without_anchor("https://news.example/#!/x/") == "https://news.example/#/x"


def test_a_declared_address_with_a_route_keeps_it() -> None:
    head = '<link rel="canonical" href="https://news.example/#!/story/1">'
    article = extract_article(_shell_page(head), "https://news.example/#/story/1")
    assert article.canonical_url == "https://news.example/#/story/1"
