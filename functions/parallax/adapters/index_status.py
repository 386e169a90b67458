"""The feed index's state as a reader should hear it: not filled yet, filling, filled, failing.

Two sources make it up. The index file itself says how many items it holds, how new the newest
is, and (in its ``feed_state`` table) which feeds were read and which are failing: that works
whoever filled it (``parallax ingest`` in another terminal, or a copy from elsewhere).
:class:`IngestProgress` adds what only the polling process knows: that a poll is running right
now, and how many of its feeds are done. ``parallax serve`` shares one between its background
poll and the index provider.

"filling" is said only while a poll runs that started on an index with nothing in it: the panel
must not flip to "filling" every fifteen minutes on an index that is already useful.

A poll run by another process (``parallax ingest --once`` in another terminal, a cron job) is
known through the index file: :class:`SqliteRunRecorder`, the runner's observer in every local
deployment, keeps one row (``ingest_run``) with the run's progress and a heartbeat, and
:class:`RecordedRun` is that row as the status reads it. A run whose heartbeat is older than
:data:`RUN_STALE_S` crashed or was killed: it no longer counts as running.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from parallax.adapters.sqlite_files import open_wal_database
from parallax.domain.models import IndexState

__all__ = [
    "RUN_STALE_S",
    "FeedCounts",
    "IngestProgress",
    "PollProgress",
    "RecordedRun",
    "SqliteRunRecorder",
    "index_state",
]

_LOG = logging.getLogger(__name__)

RUN_STALE_S: Final = 180.0
"""A recorded run with no heartbeat for this long is taken as dead (crashed, killed, the machine
slept). Heartbeats come with every feed finished and at least every :data:`HEARTBEAT_S` while
feeds are in flight; the longest single fetch is bounded by PARALLAX_FETCH_TIMEOUT_S (<= 60 s)."""
HEARTBEAT_S: Final = 15.0
"""How often a running poll refreshes its heartbeat while no feed finishes."""

RUN_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS ingest_run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    run_id TEXT NOT NULL,
    running INTEGER NOT NULL,
    started_unfilled INTEGER NOT NULL,
    feeds_total INTEGER NOT NULL,
    feeds_done INTEGER NOT NULL,
    feeds_failed INTEGER NOT NULL,
    started_at REAL NOT NULL,
    heartbeat_at REAL NOT NULL
);
"""
SELECT_RUN: Final = (
    "SELECT running, started_unfilled, feeds_total, feeds_done, feeds_failed, heartbeat_at "
    "FROM ingest_run WHERE id = 1"
)


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

    def heartbeat(self) -> None:
        """Nothing to do: this object lives in the process it describes."""

    def run_ended(self) -> None:
        """The runner's end of a run: :meth:`finish` (the poller's) is what ends a poll here."""

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
class RecordedRun:
    """The last run as the index file records it, whichever process ran it."""

    running: bool
    started_unfilled: bool
    feeds_total: int
    feeds_done: int
    feeds_failed: int
    heartbeat_at: float
    """Wall-clock seconds of the run's last sign of life."""

    def live_poll(self, now: float, stale_s: float = RUN_STALE_S) -> PollProgress | None:
        """The run as a poll in progress, or None when it ended or its heartbeat is too old."""
        # A heartbeat from the future (another machine's clock on a shared disk) proves nothing:
        # beyond the same margin it is as stale as an old one.
        if not self.running or abs(now - self.heartbeat_at) > stale_s:
            return None
        return PollProgress(
            running=True,
            started_unfilled=self.started_unfilled,
            feeds_total=self.feeds_total,
            feeds_done=self.feeds_done,
            feeds_failed=self.feeds_failed,
        )


class SqliteRunRecorder:
    """The runner's observer that writes its progress into the index file (``ingest_run``).

    One short write per feed finished (the runner's thread, which is the index's only writer
    anyway), on its own WAL connection: readers never wait for it. A failure to record is
    logged and ignored: the state is a courtesy to the reader, the poll is what matters.

    With ``progress_every_s``, feeds finished are written at most that often (and at the run's
    end): ``--from-dir`` finishes a file every two milliseconds or so, and a write per file (a
    commit, about 100 µs with the WAL checkpoints it triggers) was 4-5 % of its time.
    """

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        progress_every_s: float = 0.0,
    ) -> None:
        self._path = Path(path)
        self._clock = clock
        self._progress_every_s = progress_every_s
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._run_id: str | None = None
        self._beat_at = 0.0
        self._done = self._failed = 0

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = open_wal_database(self._path, RUN_SCHEMA)
        return self._conn

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        try:
            with self._lock:
                self._connection().execute(sql, params)
        except (sqlite3.Error, OSError) as exc:
            _LOG.warning("ingest progress not recorded: %s", type(exc).__name__)

    def _unfilled(self) -> bool:
        try:
            with self._lock:
                row = self._connection().execute("SELECT EXISTS (SELECT 1 FROM items)").fetchone()
        except (sqlite3.Error, OSError):
            return True  # no items table yet (or unreadable): nothing to search in it
        return not row[0]

    def planned(self, feeds_total: int, feeds_skipped: int = 0) -> None:
        now = self._clock()
        self._run_id = secrets.token_hex(8)
        self._beat_at = now
        self._done, self._failed = feeds_skipped, 0
        self._write(
            "INSERT OR REPLACE INTO ingest_run (id, run_id, running, started_unfilled, "
            "feeds_total, feeds_done, feeds_failed, started_at, heartbeat_at) "
            "VALUES (1, ?, 1, ?, ?, ?, 0, ?, ?)",
            (self._run_id, int(self._unfilled()), feeds_total, feeds_skipped, now, now),
        )

    def feed_done(self, *, failed: bool) -> None:
        if self._run_id is None:
            return
        self._done += 1
        self._failed += int(failed)
        now = self._clock()
        if self._progress_every_s and now - self._beat_at < self._progress_every_s:
            return
        self._beat_at = now
        self._write(
            "UPDATE ingest_run SET feeds_done = ?, feeds_failed = ?, heartbeat_at = ? "
            "WHERE id = 1 AND run_id = ?",
            (self._done, self._failed, now, self._run_id),
        )

    def heartbeat(self) -> None:
        """Still running (feeds in flight): refreshed at most every :data:`HEARTBEAT_S`."""
        now = self._clock()
        if self._run_id is None or now - self._beat_at < HEARTBEAT_S:
            return
        self._beat_at = now
        self._write(
            "UPDATE ingest_run SET feeds_done = ?, feeds_failed = ?, heartbeat_at = ? "
            "WHERE id = 1 AND run_id = ?",
            (self._done, self._failed, now, self._run_id),
        )

    def run_ended(self) -> None:
        if self._run_id is None:
            return
        # Only this run's row: another process may have started a run since.
        self._write(
            "UPDATE ingest_run SET running = 0, feeds_done = ?, feeds_failed = ?, "
            "heartbeat_at = ? WHERE id = 1 AND run_id = ?",
            (self._done, self._failed, self._clock(), self._run_id),
        )
        self._run_id = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


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
    # At most the catalogue's feeds, as the contract says: a run elsewhere may have had more
    # (`--from-dir` over a folder of more files, another catalogue).
    done = min(poll.feeds_done if poll is not None and poll.running else feeds.seen, total)
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
