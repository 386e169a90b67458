"""Related coverage on bad input: a clear result, never an error.

Empty, one-word and stop-word-only titles, titles in scripts the index has never seen, and a
feed with 10,000 items, through the real feed index (a SQLite file) and the related step.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem, IndexProvider
from parallax.domain.models import Article, Outlet, Related, Sentence
from parallax.domain.related_fanout import RelatedService
from parallax.ingest.catalogue import load_catalogue
from parallax.ingest.runner import ingest_directory

NOW = 1_780_000_000.0  # 2026-05-28, the clock of the index
PUBLISHED = "2026-05-28T08:00:00Z"


@pytest.fixture
def index(tmp_path: Path) -> Iterator[FeedIndex]:
    feed_index = FeedIndex(tmp_path / "index.sqlite3", clock=lambda: NOW)
    feed_index.upsert_items(
        [
            IndexItem(
                url=f"https://outlet{i}.example/a",
                outlet_id=f"outlet{i}",
                title=title,
                summary=summary,
                language="en",
                published=PUBLISHED,
            )
            for i, (title, summary) in enumerate(
                [
                    ("Harbour council approves budget", "The council voted for the harbour."),
                    ("Rail strike talks resume", "Unions and the operator met again."),
                    ("The", "A one-word headline in a feed."),
                ]
            )
        ]
    )
    yield feed_index
    feed_index.close()


def _article(title: str, text: str, language: str = "en") -> Article:
    sentences = [s for s in text.split(". ") if s]
    return Article(
        url="https://source.example/story",
        canonical_url="https://source.example/story",
        title=title,
        text=text,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Source", domain="source.example"),
        published=PUBLISHED,
        language=language,
        word_count=len(text.split()),
    )


def _find(index: FeedIndex, article: Article, other_languages: bool = True) -> Related:
    service = RelatedService([IndexProvider(index)], budget_s=5.0)
    return service.find(article, "en", other_languages, max_items=10)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", "The harbour council approved the budget on Monday."),
        ("", ""),
        ("Budget", "Budget."),
        ("The", "It is what it is, and that was all there was to it."),
        ("the of and to in", "and the of to it is was"),
        ("   ", "   "),
        ("!!!???", "... --- ..."),
    ],
    ids=["empty-title", "empty-everything", "one-word", "one-stop-word", "stop-words-only",
         "blank", "punctuation"],
)  # fmt: skip
def test_titles_with_nothing_to_search_give_a_clear_complete_result(
    index: FeedIndex, title: str, text: str
) -> None:
    # Given an article whose title (and text) holds little or nothing to search with
    article = _article(title, text)
    # When its related coverage is looked for
    related = _find(index, article)
    # Then the answer is a result (maybe empty), complete, and never an error
    assert related.partial is False
    assert related.failed_sources == []
    assert len(related.items) <= 10
    assert all(0.0 <= item.similarity <= 1.0 for item in related.items)


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("ქართული პარლამენტი ბიუჯეტს ამტკიცებს", "ka"),  # Georgian
        ("ክልሉ በጀቱን አፀደቀ", "am"),  # Ethiopic
        ("សភាអនុម័តថវិកា", "km"),  # Khmer, no spaces between words
        ("𓀀𓁐𓂀 𓃰𓄿", "und"),  # Egyptian hieroglyphs, outside the BMP
        (
            "\u2d30\u2d4e\u2d53\u2d54 \u2d4f \u2d5c\u2d4e\u2d30\u2d63\u2d49\u2d56\u2d5c",
            "zgh",
        ),  # Tifinagh
    ],
)
def test_titles_in_scripts_the_index_has_never_seen_give_a_clear_result(
    index: FeedIndex, title: str, language: str
) -> None:
    # Given an article in a script no item of the index is written in
    article = _article(title, f"{title}. {title}.", language=language)
    # When its related coverage is looked for, with and without other languages
    for other_languages in (True, False):
        related = _find(index, article, other_languages)
        # Then nothing matches by accident, and nothing fails
        assert related.items == []
        assert related.partial is False and related.failed_sources == []


def test_a_one_word_item_title_in_the_index_is_not_matched_by_chance(index: FeedIndex) -> None:
    # Given an index holding an item titled "The" and an article about a harbour budget
    article = _article(
        "Harbour council approves budget",
        "The harbour council approved the budget. The vote was close.",
    )
    # When its related coverage is looked for
    related = _find(index, article)
    # Then the harbour report is found and the one-word item is not
    assert [item.url for item in related.items] == ["https://outlet0.example/a"]


def test_a_feed_with_ten_thousand_items_is_ingested_in_part_and_says_so(tmp_path: Path) -> None:
    # Given a feed file of 10,000 items (a broken or hostile feed)
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    entries = "".join(
        f"<item><title>Harbour budget report number {i}</title>"
        f"<link>https://huge.example/{i}</link><pubDate>Thu, 28 May 2026 07:00:00 GMT</pubDate>"
        "</item>"
        for i in range(10_000)
    )
    (feeds / "huge.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
        f"<link>https://huge.example/</link><language>en</language>{entries}</channel></rss>",
        encoding="utf-8",
    )
    index = FeedIndex(tmp_path / "index.sqlite3", clock=lambda: NOW)
    try:
        # When it is ingested
        report = ingest_directory(
            feeds, index=index, catalogue=load_catalogue(), retention_days=14, clock=lambda: NOW
        )
        # Then the feed counts as read, the first 500 items are kept and the rest are reported
        # as skipped, not failed
        assert report.feeds_ok == 1 and report.feeds_failed == 0
        assert report.items_inserted == 500
        assert report.items_skipped == 9_500
        # And the related step over that index still answers, with at most two of that outlet
        related = _find(index, _article("Harbour budget report", "The harbour budget report."))
        assert related.partial is False
        assert len(related.items) <= 2
    finally:
        index.close()
