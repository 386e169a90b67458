"""Headline translations this process has already paid the model for (:class:`TitleCache`).

Readers of one story (several outlets' articles on the same event, one reader switching language)
get largely the same related headlines: without it, every Brief paid a call for each of them
again. A Lambda's warm container and ``parallax serve`` keep the process, so the cache lives as
long as the translator does (one per Brief service); it is bounded in entries and in age.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

from parallax.domain.neutral_summary.thresholds import MAX_TITLE_CHARS

DEFAULT_MAX_AGE_S: Final = 6 * 3600.0
"""The Brief's own time to live (6 h): a headline's translation does not change, but one call's
headlines share one prompt, and a hostile headline can bend its neighbours' translations in ways
the checks do not see (meaning, not numbers or links). A Brief already keeps such a translation
for its readers for 6 h; held longer here it would reach every Brief that shows the headline for
longer than any one of them (attack13)."""

MAX_CACHED_TITLE_CHARS: Final = MAX_TITLE_CHARS
"""Longer headlines are not kept (the model is sent their first 300 characters only; the feeds
cut theirs at 400). With a translation at most ``3 x + 60`` characters long (the parser's limit),
an entry holds at most 1,260 characters of text, so the cache's memory is bounded by its number
of entries: 4,096 hold at most about 10 MB in a two-byte script (Cyrillic, Arabic, CJK; twice
that only if every headline had a character outside the Basic Multilingual Plane), and typically
about 2 MB."""

TitleKey = tuple[str, str | None, str, str]
"""(headline as given, its language as given or None, target primary language, model id)."""


class TitleCache:
    """Good translations by (headline, its language, target language, model id): least recently
    used first out once ``max_entries`` are held, and none older than ``max_age_s`` by the
    monotonic clock or the wall clock. Safe to
    share between threads (a Brief's calls run in a pool, Briefs in a server's threads).

    Only what the caller puts is held: the translator puts a translation that passed
    ``parse_translation_output``'s checks, never a failure. ``max_entries`` 0 keeps nothing."""

    def __init__(
        self,
        max_entries: int,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must be 0 or more")
        self._max_entries = max_entries
        self._max_age_s = max_age_s
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[TitleKey, tuple[float, float, str]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self._max_entries > 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, key: TitleKey) -> str | None:
        """The translation held for ``key`` and younger than the age limit, else None."""
        if not self.enabled:
            return None
        now, wall = self._clock(), self._wall_clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored, stored_wall, translation = entry
            # Either clock: the monotonic one stands still while a laptop sleeps (Linux, macOS),
            # so a `parallax serve` woken after a night served translations older than any
            # Brief it keeps (the Brief cache ages by the wall clock); the wall clock alone can
            # be set back. A wall clock set back by the age limit expires the entry too.
            if now - stored >= self._max_age_s or abs(wall - stored_wall) >= self._max_age_s:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return translation

    def put(self, key: TitleKey, translation: str) -> None:
        """Hold ``translation`` for ``key`` (a headline too long to bound is not held)."""
        if not self.enabled or not translation or len(key[0]) > MAX_CACHED_TITLE_CHARS:
            return
        now, wall = self._clock(), self._wall_clock()
        with self._lock:
            self._entries[key] = (now, wall, translation)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
