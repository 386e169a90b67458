"""The page-type judgement: what kind of page was read, why a Brief refuses it (issue 16)."""

from __future__ import annotations

import pytest

from parallax.domain.errors import NotAnArticle
from parallax.domain.extraction import extract_article, read_page
from parallax.domain.page_type import REASONS, PageSignals, judge_page
from tests.conftest import PAGES

NON_ARTICLES = PAGES / "nonarticle"
SECTION_URL = "https://www.harbourcourier.example/news/local"


def _read(name: str) -> str:
    return (NON_ARTICLES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "page_type", "reason"),
    [
        ("navigation_only.html", "front", "navigation_only"),
        ("image_only.html", "other", "no_text"),
        ("pdf_viewer.html", "other", "pdf_viewer"),
        ("cookie_wall.html", "other", "cookie_wall"),
        ("product.html", "product", "product_page"),
        ("section_front.html", "listing", "listing"),
    ],
)
def test_a_page_that_is_not_an_article_is_read_and_judged_with_its_reason(
    page: str, page_type: str, reason: str
) -> None:
    # Given a page that is not an article
    html = _read(page)
    # When it is read
    reading = read_page(html, SECTION_URL)
    # Then it is judged what it is, with a reason the panel can show
    assert not reading.is_article
    assert (reading.judgement.page_type, reading.judgement.reason) == (page_type, reason)
    assert reading.judgement.detail == REASONS[reason]
    # And a Brief refuses it with that reason, never with a summary of its furniture
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, SECTION_URL)
    assert refused.value.reason == reason
    assert refused.value.detail == REASONS[reason]


def test_a_news_article_is_judged_an_article() -> None:
    # Given the fixture articles in three languages
    for name, url in (
        ("en_article.html", "https://www.example-news.test/2024/05/reservoir"),
        ("de_article.html", "https://www.rheinblick.example/a/1"),
        ("fr_article.html", "https://www.example.fr/x"),
    ):
        # When read / Then each is an article
        reading = read_page((PAGES / name).read_text(encoding="utf-8"), url)
        assert reading.is_article and reading.judgement.page_type == "article", name


def test_the_home_page_fixture_is_a_section_front_at_the_sites_root() -> None:
    reading = read_page(
        (PAGES / "home.html").read_text(encoding="utf-8"), "https://www.harbourcourier.example/"
    )
    assert not reading.is_article
    assert reading.judgement.reason == "section_front"


def test_an_article_that_mentions_prices_is_still_an_article() -> None:
    # Given the signals of a declared news article that names prices (a review, a market report)
    signals = PageSignals(
        og_type="article", has_article_node=True, declares_date=True, word_count=800, lines=14,
        prices=6, cart=1, own_headline=True, block_paragraphs=12, block_words=760,
        long_line_share=0.9, slug_words=8,
    )  # fmt: skip
    # When judged / Then it is an article
    assert judge_page(signals).is_article


def test_every_reason_has_a_detail_for_the_reader() -> None:
    assert set(REASONS) == {
        "section_front", "listing", "product_page", "service_page", "navigation_only",
        "cookie_wall", "pdf_viewer", "no_text",
    }  # fmt: skip
    assert all(detail.endswith(".") for detail in REASONS.values())


@pytest.mark.parametrize("url", ["http://[", "https://[::1", "", "not a url"])
def test_a_broken_address_is_judged_without_error(url: str) -> None:
    # Given an article sent with an address that does not parse / When read / Then it is judged
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    assert read_page(html, url).judgement.page_type in {"article", "listing", "front", "other"}
