"""Ports: what the brief pipeline needs from the outside world, as protocols.

Adapters implement these; the domain never imports an adapter. Keeping them small is deliberate:
each is one verb, so a fake in a unit test is a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from parallax.domain.models import Article, Brief, Summary

__all__ = ["BriefCache", "FetchedPage", "PageFetcher", "Summariser"]


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page the fetcher brought back: the final URL after redirects and the decoded HTML."""

    url: str
    html: str
    status: int
    content_type: str


class PageFetcher(Protocol):
    def fetch(self, url: str) -> FetchedPage:
        """Fetch ``url`` or raise ``BlockedUrl``/``FetchFailed``/``TooLarge``/``UnsupportedMedia``."""
        ...


class BriefCache(Protocol):
    def get(self, key: str) -> tuple[Brief, str] | None:
        """The cached Brief and when it was stored (ISO 8601 UTC), or None when absent/expired."""
        ...

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        """Store ``brief`` for ``ttl_s`` seconds; returns the stored-at timestamp."""
        ...


class Summariser(Protocol):
    def summarise(self, article: Article, language: str, max_bullets: int = 5) -> Summary:
        """Summarise ``article`` for a reader of ``language``."""
        ...
