"""A short article with a consent banner in its text, fetched by its URL through the real path
(session 10, shortconsent): the fixture site on loopback serves it, `POST /v1/briefs` fetches,
reads, judges and summarises it. Before, such a page was refused ``cookie_wall`` and answered
story-only (``behind_consent``); now its story is summarised and no bullet is the banner. A
headline over the same banner is still answered story-only."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from parallax.domain.page_notices import is_page_notice
from tests.support.fixture_site import FixtureSite
from tests.support.page_backend import backend_for_pages
from tests.unit.test_short_consent import BANNERS, NEWS, _page, _short_article

_PAGES = {
    "short_article_with_banner_en.html": _short_article("en", 3),
    "short_article_with_banner_it.html": _short_article("it", 2, banner_first=True),
    "headline_over_banner_en.html": _page("en", BANNERS["en"]),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FixtureSite]]:
    with backend_for_pages(_PAGES, tmp_path_factory, "short-consent") as served:
        yield served


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_short_article_beside_a_banner_fetched_by_url_is_summarised(
    served: tuple[str, FixtureSite], language: str
) -> None:
    server, site = served
    # Given a short article with a consent banner in its text, fetched by its URL
    url = site.url(f"/articles/short_article_with_banner_{language}.html")
    # When a Brief is asked for
    response = httpx.post(
        f"{server}/v1/briefs", json={"url": url, "language": language}, timeout=60
    )
    # Then it is summarised: bullets from the story, none of them the banner or a page notice
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert summary.get("notice") != "behind_consent"
    bullets = [bullet["text"] for bullet in summary["bullets"]]
    assert bullets
    assert all(bullet in NEWS[language] for bullet in bullets), bullets
    assert not [bullet for bullet in bullets if is_page_notice(bullet)]


def test_a_headline_over_the_same_banner_is_still_answered_story_only(
    served: tuple[str, FixtureSite],
) -> None:
    server, site = served
    # Given the same banner under the headline alone, fetched by its URL
    url = site.url("/articles/headline_over_banner_en.html")
    # When a Brief is asked for / Then no bullets, the story looked for behind consent
    response = httpx.post(f"{server}/v1/briefs", json={"url": url}, timeout=60)
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert (summary["bullets"], summary["notice"]) == ([], "behind_consent")
