"""The collapsed copies of a related item carry their addresses, in the Brief's JSON.

A wire report carried by several outlets is one row of related coverage; the other outlets used
to be names only (``also_reported_by``), so the reader could not open their copies. The feed
index here is the app's own SQLite file, the Brief is asked over loopback HTTP from the local
server, and some copies are hostile (a ``javascript:`` or ``data:`` link, an address over the
URL limit, one address twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.models import MAX_URL_LENGTH
from parallax.wiring import lazy_brief_service
from tests.support.pages import KESTREL_BAY_ARTICLE

ARTICLE = KESTREL_BAY_ARTICLE
WIRE_TITLE = "Kestrel Bay council votes 31 to 12 for a 240 million euro tidal barrier"
WIRE_SNIPPET = (
    "The Kestrel Bay council voted on Monday to build a tidal barrier across the harbour mouth "
    "after two winters of flooding; the barrier will cost 240 million euros."
)
LONG_URL = "https://long-copy.example/" + "a" * (MAX_URL_LENGTH + 10)
HOSTILE = ["javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>"]


def _items(when: datetime) -> list[IndexItem]:
    def item(n: int, url: str, outlet: str, minutes: int) -> IndexItem:
        return IndexItem(
            url=url,
            outlet_id=outlet,
            outlet_name=outlet.replace("-", " ").title(),
            outlet_domain=f"{outlet}.example",
            title=WIRE_TITLE,
            summary=WIRE_SNIPPET,
            language="en",
            published=(when + timedelta(minutes=minutes)).isoformat(),
        )

    return [
        item(0, "https://coastal-times.example/wire/1", "coastal-times", 0),
        item(1, "https://bay-gazette.example/news/barrier?utm_source=rss", "bay-gazette", 5),
        item(2, "https://harbour-post.example/a/barrier", "harbour-post", 10),
        # The same address again under another outlet's name: one copy, not two.
        item(3, "https://harbour-post.example/a/barrier", "harbour-post-2", 12),
        item(4, LONG_URL, "long-copy", 15),
        *(item(5 + n, url, f"hostile-{n}", 20) for n, url in enumerate(HOSTILE)),
    ]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    settings = Settings(home=tmp_path, providers=("index",), cache_backend="none")
    index = FeedIndex(settings.index_path)
    try:
        index.ensure()
        index.upsert_items(_items(datetime.now(UTC) - timedelta(hours=2)))
    finally:
        index.close()
    service = lazy_brief_service(settings)
    running = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    try:
        yield running.base_url
    finally:
        running.stop()


def _brief(base_url: str) -> dict[str, Any]:
    body = {"url": "https://kestrel-news.example/barrier", "html": ARTICLE, "language": "en"}
    response = httpx.post(f"{base_url}/v1/briefs", json=body, timeout=30)
    assert response.status_code == 200, response.text
    brief: dict[str, Any] = response.json()
    return brief


def test_a_wire_row_carries_each_other_outlets_copy_with_its_address(server: str) -> None:
    # When a Brief is asked for an article whose story the index holds as one wire report
    # carried by several outlets
    related = _brief(server)["related"]
    # Then the report is one row, and every other outlet it names has its copy's address, in
    # the same order, canonical (no tracking parameter) and http(s) only
    (row,) = [i for i in related["items"] if i["title"] == WIRE_TITLE]
    assert row["url"] == "https://coastal-times.example/wire/1"
    named = [o["domain"] for o in row["also_reported_by"]]
    assert named == ["bay-gazette.example", "harbour-post.example", "long-copy.example"]
    copies = row["copies"]
    assert [c["outlet"]["domain"] for c in copies] == [
        "bay-gazette.example",
        "harbour-post.example",
    ]
    assert [c["url"] for c in copies] == [
        "https://bay-gazette.example/news/barrier",
        "https://harbour-post.example/a/barrier",
    ]
    assert all(c["title"] == WIRE_TITLE and c["language"] == "en" for c in copies)
    assert all(c["published"] for c in copies)
    # And no hostile address reached the answer at all
    shown = [i["url"] for i in related["items"]] + [c["url"] for c in copies]
    assert not any(u.startswith(("javascript:", "data:")) or len(u) > MAX_URL_LENGTH for u in shown)
