"""Headlines from feeds and news search providers lose bidirectional embeddings, overrides and
isolates (they can show a headline reversed in the panel); a title made only of such characters,
marks or white space is no headline."""

from __future__ import annotations

import json

import pytest

from parallax.adapters.gdelt import parse_gdelt_artlist
from parallax.adapters.google_news import parse_google_news_rss
from parallax.domain.bidi import visible_text
from parallax.ingest.feeds import parse_feed, plain_text
from tests.support.fake_providers import RssItem, google_news_rss

NOW = 1_715_000_000.0
RLO, PDF, LRE, RLI, PDI, LRM, RLM = (
    "\u202e",
    "\u202c",
    "\u202a",
    "\u2067",
    "\u2069",
    "\u200e",
    "\u200f",
)
# "Minister resigns" drawn reversed by a right-to-left override: what the panel would show
REVERSED = f"{RLO}sngiser retsiniM{PDF}"
ONLY_CONTROLS = f" {RLO}{LRE} {RLI}{PDI}{LRM}\u200b{RLM} "


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (REVERSED, "sngiser retsiniM"),
        (f"Dollar {RLI}$5{PDI} deal", "Dollar $5 deal"),
        ("&#x202E;Reversed&#x202C; by an entity", "Reversed by an entity"),
        (ONLY_CONTROLS, ""),
        (f"<b>{RLO}</b> &#x2066;", ""),
        # The marks stay: they reverse nothing, and a right-to-left headline can need them
        (f"\u05e9\u05dc\u05d5\u05dd 2026{RLM}!", f"\u05e9\u05dc\u05d5\u05dd 2026{RLM}!"),
    ],
)
def test_plain_text_drops_embeddings_overrides_and_isolates(raw: str, expected: str) -> None:
    assert plain_text(raw) == expected


def test_visible_text_is_empty_for_what_shows_nothing() -> None:
    assert visible_text(f"{LRM}{RLM}\u061c\u200b\ufeff \t") == ""
    assert visible_text(f"{LRM}a") == f"{LRM}a"


def _rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in ((t, f"https://feed.example/{n}", d) for n, (t, d) in enumerate(items))
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>https://feed.example/</link>{body}</channel></rss>"
    ).encode()


def test_a_feed_item_titled_only_by_controls_is_untitled_like_an_empty_title() -> None:
    # Given one reversed headline, one of only controls with a teaser, one of only controls
    data = _rss((REVERSED, ""), (ONLY_CONTROLS, "A teaser instead."), (f"{RLO}{PDF}", ""))
    feed = parse_feed(data, now=NOW)
    # Then the override is gone, the second borrows its summary and the third is skipped
    assert [i.title for i in feed.items] == ["sngiser retsiniM", "A teaser instead."]
    assert feed.skipped == 1


def test_google_news_titles_lose_overrides_and_a_title_of_only_controls_is_skipped() -> None:
    items = [
        RssItem(REVERSED, "Le Monde", "https://www.lemonde.fr"),
        RssItem("&#x202E;Escaped&#x202C; twice", "BBC News", "https://www.bbc.co.uk"),
        RssItem(ONLY_CONTROLS, "BBC News", "https://www.bbc.co.uk"),
        RssItem("", "ZDF", "https://www.zdf.de"),
    ]
    found = parse_google_news_rss(google_news_rss(items), language="en", provider="gn")
    assert [(c.title, c.outlet_name) for c in found] == [
        ("sngiser retsiniM", "Le Monde"),
        ("Escaped twice", "BBC News"),
    ]


def test_google_news_outlet_names_lose_overrides_too() -> None:
    items = [RssItem("Scholz in Paris", f"{RLO}CBB{PDF}", "https://www.bbc.co.uk")]
    (found,) = parse_google_news_rss(google_news_rss(items), language="en", provider="gn")
    assert (found.title, found.outlet_name) == ("Scholz in Paris", "CBB")


def test_gdelt_titles_lose_overrides_and_a_title_of_only_controls_is_skipped() -> None:
    articles = [
        {"url": "https://a.example/1", "title": REVERSED, "domain": "a.example"},
        {"url": "https://a.example/2", "title": ONLY_CONTROLS, "domain": "a.example"},
    ]
    found = parse_gdelt_artlist(json.dumps({"articles": articles}).encode())
    assert [(c.url, c.title) for c in found] == [("https://a.example/1", "sngiser retsiniM")]
