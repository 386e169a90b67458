"""A loopback site of several "outlets" for corroboration tests and the benchmark.

``OutletsSite`` serves pages registered with :meth:`OutletsSite.add` at ``/<path>``, each after
its own delay (an outlet answering in 0.5-2 s), plus ``/never`` (headers never come: an outlet
that does not answer). It binds 127.0.0.1 on a free port and stops cutting open connections.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass

from tests.support.loopback import LoopbackServer, QuietHandler, TrackingServer

__all__ = ["OutletsSite", "article_page"]


def article_page(title: str, paragraphs: list[str], language: str = "en") -> str:
    """A plain news article page the extractor reads like a real one."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><header><nav><a href='/'>Home</a>"
        f"</nav></header><article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Contact</footer></body></html>"
    )


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes
    delay_s: float
    content_type: str


class _Handler(QuietHandler):
    server: TrackingServer[OutletsSite]

    def do_GET(self) -> None:
        site = self.server.owner
        path = self.path.split("?", 1)[0]
        with site._lock:
            site.requests.append(path)
        if path == "/never":
            site._stopping.wait(600)
            self.close_connection = True
            return
        page = site._pages.get(path)
        if page is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if page.delay_s and site._stopping.wait(page.delay_s):
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        try:
            self.wfile.write(page.body)
        except OSError:
            self.close_connection = True


class OutletsSite(LoopbackServer):
    thread_name = "outlets-site"

    def __init__(self) -> None:
        super().__init__()
        self._pages: dict[str, _Page] = {}
        self._lock = threading.Lock()
        self.requests: list[str] = []

    def _make_server(self) -> TrackingServer[OutletsSite]:
        return TrackingServer(_Handler, self)

    def add(
        self,
        path: str,
        page: str | bytes,
        delay_s: float = 0.0,
        content_type: str = "text/html; charset=utf-8",
    ) -> str:
        body = page.encode("utf-8") if isinstance(page, str) else page
        self._pages[path] = _Page(body, delay_s, content_type)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


_STORY = [
    "Police in {city} said {hurt} people were injured when a tram derailed on Monday morning "
    "near the central station.",
    "Mayor {mayor} visited the scene and thanked the emergency services for their work.",
    "The tram line will stay closed until Friday, the operator Keolis said in a statement.",
    "Investigators are examining the brakes of the vehicle and the state of the track.",
]
# The same story in the briefed article's own words: other outlets' reports share its facts,
# not its sentences (a sentence word for word the article's is its text, and confirms nothing).
_STORY_OWN_WORDS = [
    "Police in {city} said {hurt} people were injured when a tram derailed on Monday morning "
    "near the city's central station.",
    "Mayor {mayor} visited the scene and thanked the emergency services for their quick work.",
    "The tram line will stay closed until Friday, the operator Keolis said in a short statement.",
    "Investigators are examining the brakes of the vehicle and the state of the old track.",
]
_FILLER = (
    "{outlet} reporters spoke to passengers who waited for replacement buses in the rain on "
    "{street} while officials tried to explain the delay. Traffic in district {n} was slow "
    "for most of the day as streets around the depot were closed off. Shops on {street} "
    "stayed open, and owners said they had seen {n} trams pass every hour before the accident. "
)


def tram_story(
    outlet: str,
    *,
    hurt: int = 12,
    city: str = "Lyon",
    extra: str = "",
    words: int = 0,
    own_words: bool = False,
) -> list[str]:
    """Paragraphs of one outlet's report of the same tram accident; ``words`` pads it with the
    outlet's own colour (each outlet's padding differs, so reports are not wire copies).
    ``own_words`` tells the facts in other sentences than the other outlets' (the article)."""
    story = _STORY_OWN_WORDS if own_words else _STORY
    paragraphs = [s.format(city=city, hurt=hurt, mayor="Grégory Doucet") for s in story]
    if extra:
        paragraphs.insert(1, extra)
    n = 0
    while sum(len(p.split()) for p in paragraphs) < words:
        n += 1
        street = f"{outlet.title()} Street {n}"
        paragraphs.append(_FILLER.format(outlet=outlet, street=street, n=n + len(outlet)))
    return paragraphs
