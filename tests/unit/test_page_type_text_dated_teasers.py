"""The rule on teasers dated in text (issue 16, ninth round, i16m): a page that declares no
article and whose text is the headlines of many teasers, each dated in text ("Allocating on the
Stack, 27 February 2026") rather than with ``<time>``, is a news index; an article's list of dated
headlines beside its body (more columns, related posts) is not in its text."""

from __future__ import annotations

from dataclasses import replace

from parallax.domain.extraction import read_page
from parallax.domain.extraction.html_input import parse_html
from parallax.domain.page_type import (
    TEXT_DATE_MAX_SCAN,
    TEXT_DATED_WALL_MIN,
    PageSignals,
    _read_links,
    _read_text_dated_cards,
    _space_words,
    judge_page,
)
from tests.support.cpu_budget import thread_cpu

BODY = (
    "The storm reached the coast on Tuesday night and flooded the lower town, said the mayor, "
    "who asked residents to stay at home until the water falls again. Paragraph {}."
)
MONTHS = ("January", "February", "March", "April", "May", "June")


def _text_dated_cards(html: str, text: str) -> int:
    """The reading on a page's links, as ``read_signals`` gathers them."""
    anchors = list(parse_html(html).iter("a"))
    return _read_text_dated_cards(_read_links(anchors, _space_words).headline_anchors, text)


def _blog_index(posts: int) -> str:
    # As blog.golang.org writes its index: a linked title, the date as text beside it, a line of
    # description under it.
    items = "".join(
        f"<p class='blogtitle'><a href='/blog/post-{i}'>Notes on the compiler, part {i}</a>, "
        f"<span class='date'>{1 + i % 28} {MONTHS[i % 6]} 2026</span></p>"
        f"<p class='blogsummary'>A description of some recent changes to the compiler and what "
        f"they mean for programs built with it, number {i}.</p>"
        for i in range(posts)
    )
    return (
        "<html><head><title>The Blog</title></head><body><main><h1>Blog Index</h1>"
        f"<div id='blogindex'>{items}</div></main></body></html>"
    )


def test_a_blog_index_dated_in_text_is_refused_when_read() -> None:
    # Given a blog's index declaring no article: 12 posts, each a linked title with its date
    # written as text and a line of description
    html = _blog_index(12)
    # When read
    reading = read_page(html, "https://blog.compiler.example/blog/")
    # Then its 12 teasers dated in text are seen, and it is refused with them as evidence
    assert reading.signals.text_dated_cards == 12
    assert not reading.is_article
    assert reading.judgement.reason in ("listing", "section_front")
    assert any("teasers dated in text" in line for line in reading.judgement.evidence)


def test_the_rule_refuses_whatever_the_trees_score_unless_the_page_declares_an_article() -> None:
    # Given the signals of a page with 9 teasers dated in text, scored as an article by the trees
    index = PageSignals(word_count=300, lines=20, headline_links=10, text_dated_cards=9)
    # When judged / Then it is refused
    judged = judge_page(index, score=-10.0, offer_score=-10.0)
    assert not judged.is_article
    assert any("9 teasers dated in text" in line for line in judged.evidence)
    # But a page declaring an article, or with fewer such teasers, is left to the trees
    for spared in (
        replace(index, og_type="article"),
        replace(index, has_article_node=True),
        replace(index, declares_date=True),
        replace(index, text_dated_cards=TEXT_DATED_WALL_MIN - 1),
    ):
        assert judge_page(spared, score=-10.0, offer_score=-10.0).is_article


def _column(aside: str) -> str:
    body = "".join(f"<p>{BODY.format(i)}</p>" for i in range(12))
    return (
        "<html><head><title>Storm floods the lower town</title></head><body><div class='story'>"
        "<h1>Storm floods the lower town</h1><span class='date'>2. Mai 2024</span>"
        f"<div class='body'>{body}</div></div>{aside}</body></html>"
    )


def test_a_column_with_a_list_of_dated_columns_beside_it_is_an_article() -> None:
    # Given a column declaring nothing, beside a list of 13 earlier columns, each a linked title
    # with its date as text (as nachtkritik.de shows them): the nearest article on the article
    # sets (13 such headlines, none of them in the extracted text)
    earlier = "".join(
        f"<div class='teaser'><a href='/kolumne/{i}'>Kolumne: Über das Theater und die Stadt, "
        f"Folge {i}</a><div class='date'>{10 + i}. Oktober 2023</div></div>"
        for i in range(13)
    )
    html = _column(f"<aside class='more'>{earlier}</aside>")
    # When read
    reading = read_page(html, "https://theatre.example/kolumnen/storm")
    # Then the list is not the text, and the column is summarised
    assert "Folge 3" not in reading.article.text
    assert reading.signals.text_dated_cards < TEXT_DATED_WALL_MIN
    assert reading.is_article
    # And read against a text that held them, the 13 headlines would be counted
    text = " ".join(f"Kolumne: Über das Theater und die Stadt, Folge {i}" for i in range(13))
    assert _text_dated_cards(html, text) == 13


def test_dated_comments_under_an_article_are_not_teasers() -> None:
    # Given an article declaring nothing, followed by 15 comments, each a commenter's name
    # linking to their own site (as WordPress marks it), a permalink that is its date and time,
    # a reply link and prose
    comments = "".join(
        f"<div class='comment'><a href='https://reader{i}.example/' rel='external nofollow ugc'>"
        f"Reader {i} of the Town Herald</a> says:"
        f"<a href='#comment-{i}'>May {1 + i}, 2024 at 10:{i:02} am</a>"
        f"<p>{BODY.format(i)} I was there and saw it all, from the harbour wall to the square."
        f"</p><a href='#reply-{i}'>Reply to this comment now</a></div>"
        for i in range(15)
    )
    html = _column(f"<section class='comments'>{comments}</section>")
    text = " ".join(f"Reader {i} of the Town Herald says: {BODY.format(i)}" for i in range(15))
    # When their dated cards are read / Then no comment has a headline leading elsewhere
    assert _text_dated_cards(html, text) == 0
    reading = read_page(html, "https://town.example/storm")
    assert reading.signals.text_dated_cards == 0
    assert not any("dated in text" in line for line in reading.judgement.evidence)


def test_dates_of_other_shapes_are_read() -> None:
    # Given indexes dated "March 3, 2024", "2024-03-03", "03.03.2024" and "Posted on 3rd March
    # 2024, 10:15", in the text or the tail of an element
    for date in ("March 3, 2024", "2024-03-03", "03.03.2024", "Posted on 3rd March 2024, 10:15"):
        items = "".join(
            f"<li class='post'><a href='/p/{i}'>A headline of five words {i}</a> "
            f"<em>by the desk</em> {date}</li>"
            for i in range(10)
        )
        html = f"<html><body><ul>{items}</ul></body></html>"
        text = "\n".join(f"A headline of five words {i} by the desk {date}" for i in range(10))
        # When read / Then each is a dated teaser
        assert _text_dated_cards(html, text) == 10, date


def test_twenty_thousand_teasers_dated_in_text_cost_what_the_first_ones_do() -> None:
    # Given a hostile page of 20,000 teasers dated in text, and a text holding all their titles
    anchors = list(parse_html(_blog_index(20_000)).iter("a"))
    headline_anchors = _read_links(anchors, _space_words).headline_anchors
    text = "\n".join(f"Notes on the compiler, part {i}" for i in range(20_000))
    # When its dated cards are read
    with thread_cpu() as cpu:
        cards = _read_text_dated_cards(headline_anchors, text)
    # Then only the first dates are read, and quickly
    assert cards == TEXT_DATE_MAX_SCAN
    assert cpu.seconds < 0.5
