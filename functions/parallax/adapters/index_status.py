"""The feed index's state as a reader should hear it: not filled yet, filling, filled, failing.

Two sources make it up. The index file itself says how many items it holds, how new the newest
is, and (in its ``feed_state`` table) which feeds were read and which are failing: that works
whoever filled it (``parallax ingest`` in another terminal, or a copy from elsewhere).
:class:`IngestProgress` adds what only the polling process knows: that a poll is running right
now, and how many of its feeds are done. ``parallax serve`` shares one between its background
poll and the index provider.

"filling" is said only while a poll runs that started on an index with nothing in it: the panel
must not flip to "filling" every fifteen minutes on an index that is already useful.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from parallax.domain.models import IndexState

__all__ = ["FeedCounts", "IngestProgress", "PollProgress", "index_state"]


@dataclass(frozen=True, slots=True)
class PollProgress:
    """One moment of the background poll, as :meth:`IngestProgress.snapshot` gives it."""

    running: bool = False
    started_unfilled: bool = False
    """The poll began on an index with no items: until it ends the index is "filling"."""
    feeds_total: int = 0
    feeds_done: int = 0
    feeds_failed: int = 0
    polls_completed: int = 0


class IngestProgress:
    """What the background poll is doing, shared between its thread and the related step.

    The runner reports through :meth:`planned` and :meth:`feed_done`; the poller brackets each
    run with :meth:`start` and :meth:`finish`. Every method is thread-safe and cheap.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = PollProgress()

    def start(self, *, unfilled: bool) -> None:
        with self._lock:
            self._state = PollProgress(
                running=True,
                started_unfilled=unfilled,
                polls_completed=self._state.polls_completed,
            )

    def planned(self, feeds_total: int, feeds_skipped: int = 0) -> None:
        """The run's feeds: ``feeds_skipped`` of them (backing off) count as done already."""
        with self._lock:
            s = self._state
            self._state = PollProgress(
                True, s.started_unfilled, feeds_total, feeds_skipped, 0, s.polls_completed
            )

    def feed_done(self, *, failed: bool) -> None:
        with self._lock:
            s = self._state
            self._state = PollProgress(
                s.running,
                s.started_unfilled,
                s.feeds_total,
                s.feeds_done + 1,
                s.feeds_failed + int(failed),
                s.polls_completed,
            )

    def finish(self) -> None:
        with self._lock:
            s = self._state
            self._state = PollProgress(
                False, False, s.feeds_total, s.feeds_done, s.feeds_failed, s.polls_completed + 1
            )

    def snapshot(self) -> PollProgress:
        with self._lock:
            return self._state


@dataclass(frozen=True, slots=True)
class FeedCounts:
    """What the index file's ``feed_state`` table says about the feeds polled into it."""

    seen: int = 0
    """Feeds with a recorded attempt."""
    failing: int = 0
    """Feeds whose last attempt failed."""
    ever_read: int = 0
    """Feeds read successfully at least once."""


def index_state(
    *,
    items: int,
    newest_item_age_s: int | None,
    feeds_total: int,
    feeds: FeedCounts,
    poll: PollProgress | None = None,
) -> IndexState:
    """The status the reader is told, from the index's contents and the poll in progress.

    * filling: a poll is running that started on an empty index (its progress is given);
    * filled: the index holds items (stale or not: their age says how fresh);
    * not_filled: no item and no feed ever tried;
    * failing: no item, and the feeds tried were not read (all of them, or most);
    * an index whose feeds were read but held nothing recent is filled with 0 items: it looked.
    """
    total = feeds_total or feeds.seen
    if poll is not None and poll.running and poll.started_unfilled:
        return IndexState(
            status="filling",
            feeds_total=poll.feeds_total or total,
            feeds_done=poll.feeds_done,
            feeds_failing=poll.feeds_failed,
            items=items,
            newest_item_age_s=newest_item_age_s,
        )
    done = poll.feeds_done if poll is not None and poll.running else min(feeds.seen, total)
    status: Literal["not_filled", "filled", "failing"]
    if items > 0:
        status = "filled"
    elif feeds.seen == 0:
        status = "not_filled"
    elif feeds.ever_read == 0 or 2 * feeds.failing > feeds.seen:
        status = "failing"
    else:
        status = "filled"
    return IndexState(
        status=status,
        feeds_total=total,
        feeds_done=done,
        feeds_failing=feeds.failing,
        items=items,
        newest_item_age_s=newest_item_age_s,
    )
