"""A cache that remembers nothing, for ``PARALLAX_CACHE_BACKEND=none``."""

from __future__ import annotations

import time

from parallax.domain.models import Brief
from parallax.domain.timestamps import iso_utc

__all__ = ["NullBriefCache"]


class NullBriefCache:
    def get(self, key: str) -> tuple[Brief, str] | None:
        return None

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        return iso_utc(time.time())
