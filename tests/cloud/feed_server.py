"""RSS for the worker tests; the server is the ingest tests' own (tests/support/feed_server.py)."""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from tests.support.feed_server import FeedServer, Route

__all__ = ["FeedServer", "Route", "rss"]


def rss(title: str, items: list[tuple[str, str, Any]]) -> bytes:
    """An RSS 2.0 document; items are (link, title, published datetime)."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
        "<description>Councillors voted on the scheme.</description></item>"
        for link, t, when in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://kestrel.example/</link>{entries}"
        "</channel></rss>"
    ).encode()
