"""A cache that remembers nothing, for ``PARALLAX_CACHE_BACKEND=none``."""

from __future__ import annotations

from datetime import UTC, datetime

from parallax.domain.models import Brief

__all__ = ["NullBriefCache"]


class NullBriefCache:
    def get(self, key: str) -> tuple[Brief, str] | None:
        return None

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        return datetime.now(tz=UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
