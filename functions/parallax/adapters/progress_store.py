"""The in-memory ``BriefProgress``: which step each Brief being made is in, in this process.

Bounded in both directions: at most ``max_entries`` ids (the oldest go first) and each for
``ttl_s`` seconds after its last report, so a client that sends a new id with every request
cannot grow the memory of a long-running server. Thread-safe: the pipeline reports from its
worker threads while the progress route reads from the server's.

In Lambda every invocation may run in another execution environment, so the invocation that
answers ``GET /v1/briefs/progress/{id}`` does not see the one making the Brief: the cloud
answers ``not_found`` and the panel shows its generic "still working" text (docs/architecture.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from parallax.domain.progress import BriefStep

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_TTL_S", "InMemoryBriefProgress"]

DEFAULT_MAX_ENTRIES = 1024
# Longer than any Brief's deadline (24 s), so a waiting client never loses its id mid-way.
DEFAULT_TTL_S = 120.0


class InMemoryBriefProgress:
    def __init__(
        self,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        ttl_s: float = DEFAULT_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1 or ttl_s <= 0:
            raise ValueError("max_entries must be at least 1 and ttl_s positive")
        self._max_entries = max_entries
        self._ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        # id → (step, when it was reported); oldest report first.
        self._steps: OrderedDict[str, tuple[BriefStep, float]] = OrderedDict()

    def report(self, request_id: str, step: BriefStep) -> None:
        now = self._clock()
        with self._lock:
            self._expire(now)
            known = self._steps.get(request_id)
            # A Brief that timed out may still reach its next step in its worker: done is final.
            if known is not None and known[0] == "done":
                return
            self._steps[request_id] = (step, now)
            self._steps.move_to_end(request_id)
            while len(self._steps) > self._max_entries:
                self._steps.popitem(last=False)

    def current(self, request_id: str) -> BriefStep | None:
        with self._lock:
            self._expire(self._clock())
            known = self._steps.get(request_id)
        return None if known is None else known[0]

    def __len__(self) -> int:
        with self._lock:
            return len(self._steps)

    def _expire(self, now: float) -> None:
        # Entries are in report order, so the expired ones are at the front.
        while self._steps:
            _, (_, reported_at) = next(iter(self._steps.items()))
            if now - reported_at < self._ttl_s:
                break
            self._steps.popitem(last=False)
