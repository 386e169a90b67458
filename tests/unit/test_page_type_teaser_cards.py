"""The teaser-card signal of the page-type judgement (issue 16, eighth round): how much of the
extracted text sits in repeated cards that each lead elsewhere."""

from __future__ import annotations

from dataclasses import replace

from parallax.domain.extraction import read_page
from parallax.domain.extraction.html_input import parse_html
from parallax.domain.extraction.main_text import page_evidence
from parallax.domain.page_type import (
    CARD_MAX_SCAN,
    CARD_WALL_MIN_CARDS,
    PageSignals,
    _read_teaser_cards,
    _space_words,
    judge_page,
)
from tests.conftest import PAGES
from tests.support.cpu_budget import thread_cpu

SNIPPET = "The council approved the new budget for schools and roads after a long debate on {}."
BODY = (
    "The storm reached the coast on Tuesday night and flooded the lower town, said the mayor, "
    "who asked residents to stay at home until the water falls again. Paragraph {}."
)


def _cards(html: str, text: str) -> tuple[int, int]:
    tree = parse_html(html)
    cards = _read_teaser_cards(page_evidence(tree).long_paragraphs, text, _space_words)
    return cards.words, cards.cards


def _news_listing(cards: int) -> tuple[str, str]:
    items = "".join(
        f"<article class='teaser'><h3><a href='/news/{i}'>Budget story number {i} of the day</a>"
        f"</h3><time datetime='2024-05-0{1 + i % 9}'>May {1 + i % 9}</time>"
        f"<p>{SNIPPET.format(f'item {i}')}</p></article>"
        for i in range(cards)
    )
    html = f"<html><body><h1>Latest news</h1><div class='list'>{items}</div></body></html>"
    text = "\n".join(SNIPPET.format(f"item {i}") for i in range(cards))
    return html, text


def test_a_news_listing_is_made_of_teaser_cards() -> None:
    # Given a news index of 12 cards, each a linked headline, a date and a snippet, and the
    # snippets as the text extraction kept
    html, text = _news_listing(12)
    # When its teaser cards are read / Then all of its text is in the cards, each card counted
    assert _cards(html, text) == (len(text.split()), 12)


def test_snippets_that_extraction_did_not_keep_are_not_counted() -> None:
    # Given the same listing, but a text that holds other words than the snippets
    html, _ = _news_listing(12)
    # When read with that text / Then no card's words are in it
    other = "A text about something else entirely, kept from another block."
    assert _cards(html, other) == (0, 0)


def test_an_article_with_a_related_stories_block_is_not_made_of_cards() -> None:
    # Given an article body of 12 paragraphs (with inline links) in one block, followed by a
    # block of 4 related-story cards with snippets
    body = "".join(
        f"<p>{BODY.format(i)} <a href='/source/{i}'>the report</a></p>" for i in range(12)
    )
    related = "".join(
        f"<div class='related'><h3><a href='/r/{i}'>Another story about the region {i}</a></h3>"
        f"<p>{SNIPPET.format(f'related {i}')}</p></div>"
        for i in range(4)
    )
    html = (
        "<html><body><article><h1>Storm floods the lower town</h1>"
        f"<div class='body'>{body}</div></article><aside>{related}</aside></body></html>"
    )
    text = "\n".join(f"{BODY.format(i)} the report" for i in range(12))
    # When its teaser cards are read with the body as the extracted text
    words, cards = _cards(html, text)
    # Then none of the text is in cards (the related block is not in the text)
    assert (words, cards) == (0, 0)
    # And when extraction also kept the related snippets, they are small beside the body
    with_related = text + "\n" + "\n".join(SNIPPET.format(f"related {i}") for i in range(4))
    words, cards = _cards(html, with_related)
    assert cards == 4
    assert words < 0.2 * len(with_related.split())


def test_paragraphs_wrapped_one_by_one_with_their_own_links_are_not_cards() -> None:
    # Given an article whose paragraphs are each wrapped in a div of one class, each paragraph
    # with an inline link (the way some sites' editors write them)
    body = "".join(
        f"<div class='para'><p>{BODY.format(i)} <a href='/s/{i}'>the report</a></p></div>"
        for i in range(10)
    )
    html = f"<html><body><h1>Storm floods the town</h1><div class='body'>{body}</div></body></html>"
    text = "\n".join(f"{BODY.format(i)} the report" for i in range(10))
    # When read / Then the wrappers are not cards: their only links are the paragraphs' own
    assert _cards(html, text) == (0, 0)


def test_a_listicles_long_sections_are_not_teaser_cards() -> None:
    # Given a "best of" article: sections with a linked heading and three long paragraphs each
    sections = "".join(
        f"<section class='item'><h2><a href='/shop/{i}'>Product number {i}</a></h2>"
        + "".join(f"<p>{BODY.format(f'{i}.{j}')}</p>" for j in range(3))
        + "</section>"
        for i in range(6)
    )
    html = f"<html><body><h1>The six best umbrellas</h1>{sections}</body></html>"
    text = "\n".join(BODY.format(f"{i}.{j}") for i in range(6) for j in range(3))
    # When read / Then the sections hold too much text to be teasers
    assert _cards(html, text) == (0, 0)


def test_twenty_thousand_cards_cost_what_the_first_ones_do() -> None:
    # Given a hostile page of 20,000 cards and all of their snippets as its text
    html, text = _news_listing(20_000)
    tree = parse_html(html)
    paragraphs = page_evidence(tree).long_paragraphs
    # When its teaser cards are read
    with thread_cpu() as cpu:
        cards = _read_teaser_cards(paragraphs, text, _space_words)
    # Then only the first paragraphs are read, and quickly (bounded, whatever the page's size)
    assert cards.cards == CARD_MAX_SCAN
    assert cpu.seconds < 0.5


def test_a_page_whose_text_is_mostly_teaser_cards_is_refused_unless_it_declares_an_article() -> (
    None
):
    # Given the signals of a page of 300 words, 200 of them in 10 teaser cards, scored as an
    # article by the trees
    index = PageSignals(word_count=300, lines=20, teaser_card_words=200, teaser_cards=10)
    # When judged / Then it is refused as an index of other pages, with the cards as evidence
    judged = judge_page(index, score=-10.0, offer_score=-10.0)
    assert not judged.is_article
    assert judged.page_type in ("listing", "front")
    assert any("teaser cards" in line for line in judged.evidence)
    # But a page that declares an article, or has fewer cards, or less of its text in them, is
    # left to the trees
    # (og:type article alone spares it no more: 67% of its text is in cards, over the share
    # test_page_type_declared_indexes.py checks for pages declaring that way, i16o)
    for spared in (
        replace(index, og_type="article", has_article_node=True),
        replace(index, teaser_cards=CARD_WALL_MIN_CARDS - 1),
        replace(index, teaser_card_words=100),
    ):
        assert judge_page(spared, score=-10.0, offer_score=-10.0).is_article


def test_a_news_index_of_snippet_cards_is_refused_when_read() -> None:
    # Given a section's news index that declares no article: 12 cards of a linked headline, a
    # date and a two-sentence snippet
    items = "".join(
        f"<div class='card'><h3><a href='/news/2024/{i}'>Story {i}: the council and the storm"
        f"</a></h3><time>May {1 + i}, 2024</time><p>{SNIPPET.format(f'district {i}')} "
        f"Residents of district {i} will hear more at the next meeting in the town hall.</p></div>"
        for i in range(12)
    )
    html = (
        "<html><head><title>Local news</title></head><body><h1>Local news</h1>"
        f"<section class='stream'>{items}</section></body></html>"
    )
    # When read
    reading = read_page(html, "https://www.harbourcourier.example/news/local")
    # Then its text is the snippets, all in cards, and it is refused as a list of articles
    assert reading.signals.teaser_cards == 12
    assert reading.signals.teaser_card_words >= 0.9 * reading.signals.word_count
    assert not reading.is_article
    assert reading.judgement.reason in ("listing", "section_front")


def test_the_article_fixture_with_related_snippet_cards_is_still_an_article() -> None:
    # Given the news article fixture followed by 8 related-story cards with snippets
    related = "".join(
        f"<div class='related'><h3><a href='/r/{i}'>Another story about the region {i}</a></h3>"
        f"<p>{SNIPPET.format(f'related {i}')}</p></div>"
        for i in range(8)
    )
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    html = html.replace("</body>", f"<aside>{related}</aside></body>")
    # When read / Then it is summarised: cards, if extraction kept any, hold little of its text
    reading = read_page(html, "https://www.example-news.test/2024/05/reservoir")
    assert reading.is_article
    assert reading.signals.teaser_card_words < 0.5 * reading.signals.word_count


def _article_with_replies(reader_link: str) -> str:
    body = "".join(f"<p>{BODY.format(i)}</p>" for i in range(6))
    replies = "".join(
        f"<div class='post-reply'><div class='meta'>{reader_link.format(i=i)}</div>"
        f"<p>I think this plan is a bad idea because the council never said where money number "
        f"{i} will come from at all.</p></div>"
        for i in range(15)
    )
    return (
        "<html><head><title>Storm floods the lower town</title></head><body><main>"
        f"<h1>Storm floods the lower town</h1>{body}"
        f"<section id='talk'><h2>Readers write</h2>{replies}</section></main></body></html>"
    )


def test_an_article_whose_text_keeps_readers_replies_is_not_a_wall_of_cards() -> None:
    # Given an article that declares nothing, whose text extraction keeps with 15 readers'
    # replies, each a paragraph beside a link that is the reader's own: a profile, a reply link,
    # a commenter's site (WordPress: rel="external nofollow ugc"), a link within the page
    for reader_link in (
        "<a href='/users/reader{i}'>Reader {i}</a>",
        "<a href='https://www.harbourcourier.example/members/{i}/'>Reader {i}</a>",
        "<a href='/2024/05/storm?replytocom={i}#respond'>Reply</a>",
        "<a rel='external nofollow ugc' href='https://reader{i}.example'>Reader {i}</a>",
        "<a href='#comment-{i}'>May 3, 2024</a>",
    ):
        html = _article_with_replies(reader_link)
        # When read
        reading = read_page(html, "https://www.harbourcourier.example/2024/05/storm")
        # Then the replies are no teaser cards, and the article is summarised
        assert reading.signals.teaser_cards == 0, reader_link
        assert reading.is_article, (reader_link, reading.judgement)
    # But the same blocks with a link to another story each are teaser cards
    stories = _article_with_replies("<a href='/2024/05/story-{i}'>Story {i} of the day</a>")
    assert (
        read_page(stories, "https://www.harbourcourier.example/2024/05/storm").signals.teaser_cards
        >= 8
    )
