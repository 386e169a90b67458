"""Loopback fakes of the search providers, answering in their real formats.

``FakeProviderServer`` is a threaded stdlib HTTP server on 127.0.0.1 (a free port) that a test
scripts: a default :class:`Reply` (or a function of the request) and optional per-path replies.
Every request is recorded with its parsed query parameters.

The bodies are written by hand from the documented formats:

* Google News RSS search (``/rss/search``): RSS 2.0, one ``<item>`` per article with
  ``<title>Headline - Outlet</title>``, a ``news.google.com/rss/articles/...`` link, ``<guid>``,
  an RFC 822 ``<pubDate>``, an HTML ``<description>`` and ``<source url="...">Outlet</source>``;
* GDELT DOC 2.0 ``artlist`` JSON (``/api/v2/doc/doc``): ``{"articles": [{"url", "url_mobile",
  "title", "seendate": "20261129T101500Z", "socialimage", "domain", "language": "German",
  "sourcecountry": "Germany"}]}``;

plus the failure modes: error statuses, HTML error pages, malformed JSON and XML, an XML entity
bomb, a GDELT plain-text complaint, slow and oversized answers.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.support.loopback import LoopbackServer, QuietHandler, TrackingServer

__all__ = [
    "GDELT_PATH",
    "GOOGLE_NEWS_PATH",
    "HTML_ERROR_PAGE",
    "MALFORMED_JSON",
    "MALFORMED_XML",
    "XML_BOMB",
    "XXE_FEED",
    "FakeProviderServer",
    "GdeltArticle",
    "Reply",
    "RssItem",
    "SeenRequest",
    "by_language",
    "gdelt_artlist",
    "gdelt_reply",
    "google_news_reply",
    "google_news_rss",
    "utc",
]

GOOGLE_NEWS_PATH = "/rss/search"
GDELT_PATH = "/api/v2/doc/doc"
RSS_TYPE = "application/rss+xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


# --- formats -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RssItem:
    title: str
    outlet: str
    outlet_url: str
    published: datetime | None = None
    article_id: str = "CBMiAAA"
    link: str | None = None
    """Defaults to a news.google.com redirect link built from ``article_id``."""
    with_source: bool = True


def google_news_rss(items: Sequence[RssItem], query: str = "query") -> bytes:
    """A Google News RSS search answer."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<rss xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel>',
        "<generator>NFE/5.0</generator>",
        f"<title>&quot;{html.escape(query)}&quot; - Google News</title>",
        "<link>https://news.google.com/search?hl=en-US&amp;gl=US&amp;ceid=US:en</link>",
        "<language>en-US</language><webMaster>news-webmaster@google.com</webMaster>",
        "<copyright>2026 Google Inc.</copyright>",
        "<lastBuildDate>Sun, 29 Nov 2026 12:00:00 GMT</lastBuildDate>",
        "<description>Google News</description>",
    ]
    for item in items:
        link = item.link or f"https://news.google.com/rss/articles/{item.article_id}?oc=5"
        title = f"{item.title} - {item.outlet}"
        description = (
            f'<a href="{link}" target="_blank">{html.escape(item.title)}</a>'
            f'&nbsp;&nbsp;<font color="#6f6f6f">{html.escape(item.outlet)}</font>'
        )
        parts.append("<item>")
        parts.append(f"<title>{html.escape(title)}</title>")
        parts.append(f"<link>{html.escape(link)}</link>")
        parts.append(f'<guid isPermaLink="false">{html.escape(item.article_id)}</guid>')
        if item.published is not None:
            parts.append(f"<pubDate>{format_datetime(item.published, usegmt=True)}</pubDate>")
        parts.append(f"<description>{html.escape(description)}</description>")
        if item.with_source:
            parts.append(
                f'<source url="{html.escape(item.outlet_url)}">{html.escape(item.outlet)}</source>'
            )
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


@dataclass(frozen=True)
class GdeltArticle:
    url: str
    title: str
    domain: str
    language: str = "English"
    seendate: str = "20261129T101500Z"
    sourcecountry: str = "United States"


def gdelt_artlist(articles: Sequence[GdeltArticle]) -> bytes:
    """A GDELT DOC 2.0 ``mode=artlist&format=json`` answer (``{}`` when nothing matched)."""
    if not articles:
        return b"{}"
    rows = [
        {
            "url": a.url,
            "url_mobile": "",
            "title": a.title,
            "seendate": a.seendate,
            "socialimage": "",
            "domain": a.domain,
            "language": a.language,
            "sourcecountry": a.sourcecountry,
        }
        for a in articles
    ]
    return json.dumps({"articles": rows}, ensure_ascii=False, indent=1).encode("utf-8")


HTML_ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>"
    b"<h1>Something went wrong</h1><p>ECHOED-QUERY-SECRET</p></body></html>"
)
MALFORMED_JSON = b'{"articles": [{"url": "https://x.example/a", "title": "unterminated'
MALFORMED_XML = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>open'
# "Billion laughs": ten levels of ten-fold entity expansion, a gigabyte from a few hundred bytes.
XML_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%s;" % (b"" if i == 1 else b"%d" % (i - 1))) * 10)
        for i in range(1, 10)
    )
    + b']>\n<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>\n'
)
XXE_FEED = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<rss version="2.0"><channel><item><title>&xxe;</title>'
    b"<link>https://x.example/a</link></item></channel></rss>"
)


# --- the server ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    delay_s: float = 0.0
    """Sleep before the status line (a slow provider)."""
    trickle_s: float = 0.0
    """Send the body in small pieces spread over this long (a slow body after quick headers)."""
    headers: tuple[tuple[str, str], ...] = ()


def google_news_reply(items: Sequence[RssItem], **kwargs: Any) -> Reply:
    return Reply(body=google_news_rss(items), content_type=RSS_TYPE, **kwargs)


def gdelt_reply(articles: Sequence[GdeltArticle], **kwargs: Any) -> Reply:
    return Reply(body=gdelt_artlist(articles), content_type=JSON_TYPE, **kwargs)


@dataclass(frozen=True)
class SeenRequest:
    path: str
    params: dict[str, str]
    at: float = field(compare=False)
    cookie: str | None = field(default=None, compare=False)
    """The request's Cookie header, if it sent one."""
    trace_id: str | None = field(default=None, compare=False)
    """The request's X-Amzn-Trace-Id header, if it sent one (X-Ray's patching adds it)."""
    user_agent: str | None = field(default=None, compare=False)


Script = Reply | Callable[[SeenRequest], Reply]


class _Handler(QuietHandler):
    server: TrackingServer[FakeProviderServer]

    def do_GET(self) -> None:
        try:
            self._answer()
        except OSError:
            self.close_connection = True

    def _answer(self) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        seen = SeenRequest(
            parts.path,
            dict(parse_qsl(parts.query)),
            time.monotonic(),
            cookie=self.headers.get("Cookie"),
            trace_id=self.headers.get("X-Amzn-Trace-Id"),
            user_agent=self.headers.get("User-Agent"),
        )
        reply = owner._reply_for(seen)
        if reply.delay_s and owner._stopping.wait(reply.delay_s):
            self.close_connection = True
            return
        self.send_response(reply.status)
        if reply.content_type is not None:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not reply.trickle_s:
            self.wfile.write(reply.body)
            return
        pieces = [reply.body[i : i + 64] for i in range(0, len(reply.body), 64)] or [b""]
        pause = reply.trickle_s / len(pieces)
        for piece in pieces:
            self.wfile.write(piece)
            self.wfile.flush()
            if owner._stopping.wait(pause):
                self.close_connection = True
                return


class FakeProviderServer(LoopbackServer):
    """A scriptable provider on loopback. Use as a context manager.

    ``default`` answers every path without its own script; :meth:`script` sets one per path.
    A script is a :class:`Reply` or a function from the :class:`SeenRequest` to one.
    """

    thread_name = "fake-provider"

    def __init__(self, default: Script | None = None) -> None:
        super().__init__()
        self._default: Script = default or Reply(status=404, body=b"{}")
        self._by_path: dict[str, Script] = {}
        self._lock = threading.Lock()
        self.requests: list[SeenRequest] = []

    def script(self, reply: Script, path: str | None = None) -> None:
        with self._lock:
            if path is None:
                self._default = reply
            else:
                self._by_path[path] = reply

    def _reply_for(self, seen: SeenRequest) -> Reply:
        with self._lock:
            self.requests.append(seen)
            script = self._by_path.get(seen.path, self._default)
        return script(seen) if callable(script) else script

    def requests_to(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _make_server(self) -> TrackingServer[FakeProviderServer]:
        return TrackingServer(_Handler, self)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def by_language(replies: dict[str, Reply], fallback: Reply | None = None) -> Script:
    """A Google News script answering per edition (the ``hl`` parameter's language)."""

    def choose(seen: SeenRequest) -> Reply:
        language = seen.params.get("hl", "").split("-")[0]
        return replies.get(language, fallback or google_news_reply([]))

    return choose
