"""The API function's ``index`` provider in the cloud: the newest feed index snapshot, searched
from a copy in /tmp.

:class:`SnapshotIndexProvider` asks its :class:`~parallax.domain.ingest_ports.SnapshotSource`
(S3) for the snapshot's ETag at most every ``refresh_s`` seconds, downloads a changed snapshot
next to the current one and swaps it in; searches in flight finish on the old file. It tells the
related step the index's state: "filled" once a snapshot with items is loaded, "not_filled" while
none has been published (or the one published is empty: search finds nothing, which is not a
failure), "failing" when S3 cannot be reached and there is no copy in /tmp: then search raises
:class:`IndexUnavailable`, which the related step reports as a failed source (a partial Brief,
never an error response). The snapshot is built by
:class:`~parallax.ingest.index_publisher.IndexPublisher`.

The feeds' part of the state comes with the snapshot's metadata (a
:class:`~parallax.domain.ingest_ports.FeedTally` the publisher counts from the feed-state table),
read at every ETag check, since the tally can change while the items do not: ``feeds_total`` is
the catalogue's (this bundle's) feed count, ``feeds_done`` the feeds tried, ``feeds_failing`` those
whose last attempt failed. The first fill is "filling" while the snapshot holds no item yet, fewer
feeds than the catalogue's were tried, and the newest attempt is under :data:`FILL_STALE_S` old;
a fan-out that stopped moving is then "failing" or "not filled" by the same rule as locally.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from aws_lambda_powertools import Logger

from parallax.adapters.aws.clients import AWS_ERRORS, error_code
from parallax.adapters.feed_index import (
    BACKGROUND_SHARE,
    DEFAULT_WINDOW_DAYS,
    FeedIndex,
    IndexStats,
    IndexUnavailable,
)
from parallax.adapters.index_status import FeedCounts, PollProgress, index_state
from parallax.domain.ingest_ports import (
    FeedTally,
    SnapshotChanged,
    SnapshotSource,
)
from parallax.domain.models import IndexState
from parallax.domain.ports import Candidate, StoryQuery
from parallax.domain.timestamps import parse_iso_utc

__all__ = ["SnapshotIndexProvider"]

logger = Logger(service="parallax", child=True)

_RETRY_AFTER_FAILURE_S: Final = 15.0
"""After a failed check or download, ask again this soon rather than a whole refresh period."""

FILL_STALE_S: Final = 3600.0
"""A first fill whose newest feed attempt is older than this has stopped (the schedule runs every
15 minutes, a worker takes seconds per feed): it is no longer reported as filling."""

_LOAD_ERRORS: Final[tuple[type[Exception], ...]] = (
    SnapshotChanged,
    IndexUnavailable,
    OSError,
    *AWS_ERRORS,
)
"""Whatever can go wrong loading a new snapshot: the copy in hand (if any) stays in use."""


class SnapshotIndexProvider:
    """``RelatedProvider`` (name ``"index"``) over the newest snapshot, refreshed by ETag."""

    name = "index"

    def __init__(
        self,
        source: SnapshotSource,
        directory: Path,
        *,
        refresh_s: float = 300.0,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        feeds_total: int = 0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._source = source
        self._feeds_total = feeds_total
        self._tally: FeedTally | None = None
        """The feeds' tally in the newest snapshot's metadata (None: published without one)."""
        self._wall_clock = wall_clock
        self._published: bool | None = None
        """Whether S3 last said a snapshot exists; None before it answered at all."""
        self._stats = IndexStats()
        """The loaded snapshot's counts: it never changes, so they are read once, at load."""
        self._directory = Path(directory)
        self._refresh_s = refresh_s
        self._window_days = window_days
        self._clock = clock
        self._lock = threading.Lock()
        self._next_check = float("-inf")
        self._index: FeedIndex | None = None
        self._etag: str | None = None
        self._retired: FeedIndex | None = None
        self._generation = 0
        self._problem = "The feed index snapshot has not been loaded yet"
        self.checks = 0
        """How many times S3 was asked for the ETag (for tests and logs)."""

    @property
    def etag(self) -> str | None:
        """ETag of the snapshot being searched, None before the first one is loaded."""
        return self._etag

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        deadline = self._clock() + timeout_s
        index = self._current(timeout_s)
        if index is None:
            return []  # nothing published yet: index_state() says "not filled", not a failure
        remaining = max(0.05, deadline - self._clock())
        return index.search(
            query,
            limit,
            window_days=self._window_days,
            background_limit=limit // BACKGROUND_SHARE,
            timeout_s=remaining,
        )

    def index_state(self) -> IndexState:
        """Filled once a snapshot with items is loaded; not filled while none is published (or
        before S3 was first asked); failing when S3 could not be asked or the snapshot could not
        be loaded, and there is no copy here to search."""
        total = self._feeds_total
        if self._index is None:
            if self._published is False or self.checks == 0:
                return IndexState(status="not_filled", feeds_total=total)
            return IndexState(status="failing", feeds_total=total)
        stats, tally, now = self._stats, self._tally, self._wall_clock()
        if tally is None:
            # A snapshot published without the feeds' tally: what its items say, as before.
            return IndexState(
                status="filled" if stats.items > 0 else "not_filled",
                feeds_total=total,
                items=stats.items,
                newest_item_age_s=stats.newest_age_s(now),
            )
        return index_state(
            items=stats.items,
            newest_item_age_s=stats.newest_age_s(now),
            feeds_total=total,
            feeds=FeedCounts(tally.seen, tally.failing, tally.ever_read),
            poll=self._first_fill(stats.items, tally, now),
        )

    def _first_fill(self, items: int, tally: FeedTally, now: float) -> PollProgress | None:
        """The first fan-out as a poll in progress, while it is one (see the module's doc)."""
        last = parse_iso_utc(tally.last_attempt_at)
        if (
            items > 0
            or last is None
            or tally.seen >= self._feeds_total
            or now - last.timestamp() > FILL_STALE_S
        ):
            return None
        return PollProgress(
            running=True,
            started_unfilled=True,
            feeds_total=self._feeds_total,
            feeds_done=tally.seen,
            feeds_failed=tally.failing,
        )

    def _current(self, timeout_s: float) -> FeedIndex | None:
        if self._clock() >= self._next_check:
            # With a copy in hand nobody waits for a refresh another thread is doing; without one
            # a request waits (within its budget) for the download in progress.
            if self._index is None and timeout_s > 0:
                acquired = self._lock.acquire(timeout=timeout_s)
            else:
                acquired = self._lock.acquire(blocking=False)
            if acquired:
                try:
                    if self._clock() >= self._next_check:
                        self._refresh()
                finally:
                    self._lock.release()
        index = self._index
        if index is None:
            if self._published is False:
                return None
            raise IndexUnavailable(self._problem)
        return index

    def _refresh(self) -> None:
        self.checks += 1
        try:
            info = self._source.head()
        except AWS_ERRORS as exc:
            self._failed("The feed index snapshot cannot be reached", exc)
            return
        self._next_check = self._clock() + self._refresh_s
        self._published = info is not None
        if info is None:
            self._problem = "No feed index snapshot has been published yet"
            if self._index is not None:
                logger.warning("feed index snapshot gone; keeping the copy in /tmp")
            return
        # The tally may change while the items (so the ETag) do not: read at every check.
        tally = FeedTally.from_metadata(info.metadata)
        if info.etag == self._etag:
            self._tally = tally
            return
        self._directory.mkdir(parents=True, exist_ok=True)
        self._generation += 1
        part = self._directory / f"feed-index-{self._generation}.sqlite3.part"
        final = self._directory / f"feed-index-{self._generation}.sqlite3"
        started = time.monotonic()
        try:
            self._source.download(part, info.etag)
            part.replace(final)
            fresh = FeedIndex(final)
            # Opens and reads it: a damaged download fails here, not in a search.
            stats = fresh.stats()
        except _LOAD_ERRORS as exc:
            part.unlink(missing_ok=True)
            final.unlink(missing_ok=True)
            self._failed("The feed index snapshot could not be loaded", exc)
            return
        self._stats, self._tally = stats, tally
        self._swap(fresh, info.etag)
        logger.info(
            "feed index snapshot loaded",
            extra={
                "etag": info.etag,
                "bytes": info.size,
                "seconds": round(time.monotonic() - started, 3),
            },
        )

    def _failed(self, problem: str, exc: BaseException) -> None:
        self._next_check = self._clock() + min(self._refresh_s, _RETRY_AFTER_FAILURE_S)
        if self._index is None:
            self._problem = problem
        logger.warning(problem, extra={"error": error_code(exc) or type(exc).__name__})

    def _swap(self, fresh: FeedIndex, etag: str) -> None:
        # The copy before the previous one is closed now; the previous one stays open until the
        # next swap, so that a search that picked it up a moment ago can finish on it.
        old, self._retired = self._retired, self._index
        self._index, self._etag = fresh, etag
        if old is not None:
            old.close()
            old.path.unlink(missing_ok=True)

    def close(self) -> None:
        for index in (self._index, self._retired):
            if index is not None:
                index.close()
        self._index = self._retired = None
        self._etag = None
