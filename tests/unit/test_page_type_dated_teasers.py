"""The dated-teaser rule of the page-type judgement (issue 16, eighth round, i16l): a page that
declares no article and shows many teasers, each with its own date and its own headline, is a
news index; an article has one date."""

from __future__ import annotations

from dataclasses import replace

from parallax.domain.extraction import read_page
from parallax.domain.extraction.html_input import parse_html
from parallax.domain.page_type import (
    DATED_CARD_MAX_SCAN,
    DATED_CARD_WALL_MIN,
    PageSignals,
    _read_dated_cards,
    judge_page,
)
from tests.support.cpu_budget import thread_cpu

BODY = (
    "The storm reached the coast on Tuesday night and flooded the lower town, said the mayor, "
    "who asked residents to stay at home until the water falls again. Paragraph {}."
)
# A teaser of three paragraphs and about 100 words: too long for the teaser-card rule (two
# paragraphs and 120 words at most make a card), as on nssa.stanford.edu/news (0082).
SNIPPET = (
    "<p>The council approved the new budget for schools and roads in district {0} after a long "
    "debate that lasted well into the night, and the mayor thanked the members who had stayed "
    "to the end of it.</p><p>Residents of district {0} will hear more about the plans at the "
    "next public meeting in the town hall, the mayor said on Monday, when the first works on the "
    "roads are due to begin.</p><p>Critics said the budget leaves too little for the harbour, "
    "whose walls need repairs before the winter storms arrive, and asked for a second vote.</p>"
)


def _news_index(cards: int) -> str:
    items = "".join(
        f"<li class='col'><div class='title'><a href='/news/{i}'>Story {i}: the council and "
        f"the storm season</a></div><div class='date'><time datetime='2024-05-{1 + i % 28:02}'>"
        f"05/{1 + i % 28:02}/2024</time> | <em><a href='https://paper.example/{i}'>The Paper"
        f"</a></em></div><div>{SNIPPET.format(i)}</div></li>"
        for i in range(cards)
    )
    return (
        "<html><head><title>News</title></head><body><h1>News</h1>"
        f"<ul class='list'>{items}</ul></body></html>"
    )


def test_a_dated_news_index_is_refused_when_read() -> None:
    # Given a news index declaring no article: 12 teasers, each a linked headline, a <time> and
    # three paragraphs of snippet (too long for teaser cards)
    html = _news_index(12)
    # When read
    reading = read_page(html, "https://www.harbour-institute.example/news")
    # Then its 12 dated teasers are seen, and it is refused as a list of articles with them as
    # evidence
    assert reading.signals.dated_cards == 12
    assert not reading.is_article
    assert reading.judgement.reason in ("listing", "section_front")
    assert any("dated teasers" in line for line in reading.judgement.evidence)


def test_the_rule_refuses_whatever_the_trees_score_unless_the_page_declares_an_article() -> None:
    # Given the signals of a page with 10 dated teasers, scored as an article by the trees
    index = PageSignals(word_count=900, lines=40, times=10, dated_cards=10)
    # When judged / Then it is refused
    judged = judge_page(index, score=-10.0, offer_score=-10.0)
    assert not judged.is_article
    assert any("10 dated teasers" in line for line in judged.evidence)
    # But a page declaring an article, or with fewer dated teasers, is left to the trees
    for spared in (
        replace(index, og_type="article"),
        replace(index, has_article_node=True),
        replace(index, declares_date=True),
        replace(index, dated_cards=DATED_CARD_WALL_MIN - 1),
    ):
        assert judge_page(spared, score=-10.0, offer_score=-10.0).is_article


def _article(aside: str) -> str:
    body = "".join(f"<p>{BODY.format(i)}</p>" for i in range(12))
    return (
        "<html><head><title>Storm floods the lower town</title></head><body><div class='story'>"
        "<h1>Storm floods the lower town</h1><time datetime='2024-05-02'>May 2, 2024</time>"
        f"<div class='body'>{body}</div></div>{aside}</body></html>"
    )


def test_an_article_with_a_dated_related_stories_block_is_an_article() -> None:
    # Given an article declaring nothing, with its own date and a block of 6 related stories,
    # each with a linked headline and a date
    related = "".join(
        f"<div class='related'><a href='/r/{i}'>Another story about the region number {i}</a>"
        f"<time datetime='2024-04-{10 + i}'>April {10 + i}</time></div>"
        for i in range(6)
    )
    # When read / Then the related block is too small to be an index and the page is summarised
    reading = read_page(_article(f"<aside>{related}</aside>"), "https://town.example/storm")
    assert reading.signals.dated_cards == 0  # 7 <time>s: not read
    assert reading.is_article
    # And with 10 related stories the block is read but still spared when it holds fewer than
    # DATED_CARD_WALL_MIN different headlines
    tree = parse_html(_article(f"<aside>{related * 2}</aside>"))
    assert _read_dated_cards(tree) == 6 < DATED_CARD_WALL_MIN


def test_comments_under_an_article_are_not_dated_teasers() -> None:
    # Given an article declaring nothing, followed by 15 dated comments, each with the same
    # "Re:" link to the article (as forum software and comment threads write them)
    comments = "".join(
        f"<div class='comment'><a href='#c{i}'>Re: Storm floods the lower town</a>"
        f"<time datetime='2024-05-03'>May 3</time><p>Comment {i}: stay safe.</p></div>"
        for i in range(15)
    )
    tree = parse_html(_article(f"<section>{comments}</section>"))
    # When its dated cards are read / Then they hold one headline, not fifteen
    assert _read_dated_cards(tree) == 1


def test_a_live_blog_dating_each_entry_is_not_read_as_an_index() -> None:
    # Given a live blog (declared by microdata, as sportowefakty.wp.pl does) whose 12 entries each
    # carry a time and a linked headline
    entries = "".join(
        f"<div class='entry'><time>12:{i:02}</time><a href='/live#{i}'>Update {i}: the water "
        f"is rising again</a><p>{BODY.format(i)}</p></div>"
        for i in range(12)
    )
    html = (
        "<html><body><h1>Storm: live</h1><div itemscope "
        f"itemtype='https://schema.org/LiveBlogPosting'>{entries}</div></body></html>"
    )
    # When read / Then the dated entries are not counted: a live blog is an article
    reading = read_page(html, "https://town.example/live/storm")
    assert reading.signals.dated_cards == 0


def test_twenty_thousand_dated_teasers_cost_what_the_first_ones_do() -> None:
    # Given a hostile page of 20,000 dated teasers
    tree = parse_html(_news_index(20_000))
    # When its dated cards are read
    with thread_cpu() as cpu:
        cards = _read_dated_cards(tree)
    # Then only the first <time>s are read, and quickly
    assert cards == DATED_CARD_MAX_SCAN
    assert cpu.seconds < 0.5


def test_a_forum_posts_dated_permalinks_are_not_headlines() -> None:
    # Given a thread of 12 posts, each with a permalink that is its date ("Posted May 23, 2024",
    # four words, as linustechtips.com and forum.prestashop.com write them)
    posts = "".join(
        f"<article class='post'><a href='/topic/1/#p{i}'>Posted <time datetime='2024-05-{i + 1:02}'>"
        f"May {i + 1}, 2024</time></a><p>{BODY.format(i)}</p></article>"
        for i in range(12)
    )
    tree = parse_html(f"<html><body><h1>Editing a PC build</h1>{posts}</body></html>")
    # When its dated cards are read / Then the permalinks are dates, not headlines
    assert _read_dated_cards(tree) == 0
