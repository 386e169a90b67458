"""Per-feed polling state: validators for conditional GET, the last outcome, and backoff.

Locally the state lives in a table of the feed index file (one file to copy, and ingest already
holds it open); in the cloud the same :class:`~parallax.domain.ingest_ports.FeedStateStore`
port is backed by DynamoDB.
Items are always committed *before* the state that says they were seen (the new ETag), so a run
killed between the two re-fetches the feed next time instead of losing its items.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from parallax.adapters.sqlite_files import open_wal_database
from parallax.domain.ingest_ports import FeedState

__all__ = ["FeedState", "SqliteFeedStateStore"]

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY,
    outlet_id TEXT,
    etag TEXT,
    last_modified TEXT,
    last_status INTEGER,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT
);
"""
_SELECT_ALL: Final = (
    "SELECT url, outlet_id, etag, last_modified, last_status, last_error, consecutive_failures, "
    "next_attempt_at, last_attempt_at, last_success_at FROM feed_state"
)
_UPSERT: Final = (
    "INSERT INTO feed_state (url, outlet_id, etag, last_modified, last_status, last_error, "
    "consecutive_failures, next_attempt_at, last_attempt_at, last_success_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
    "outlet_id = excluded.outlet_id, etag = excluded.etag, "
    "last_modified = excluded.last_modified, last_status = excluded.last_status, "
    "last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures, "
    "next_attempt_at = excluded.next_attempt_at, last_attempt_at = excluded.last_attempt_at, "
    "last_success_at = excluded.last_success_at"
)


class SqliteFeedStateStore:
    """``FeedStateStore`` in a SQLite file (by default the feed index file)."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = open_wal_database(self._path, _SCHEMA)
        return self._conn

    def get_many(self, urls: Iterable[str]) -> dict[str, FeedState]:
        wanted = set(urls)
        with self._lock:
            rows = self._connect().execute(_SELECT_ALL).fetchall()
        # The table has one row per catalogue feed (hundreds): reading it whole is simplest.
        return {row[0]: FeedState(*row) for row in rows if row[0] in wanted}

    def list_all(self) -> list[FeedState]:
        with self._lock:
            rows = self._connect().execute(_SELECT_ALL + " ORDER BY url").fetchall()
        return [FeedState(*row) for row in rows]

    def put(self, state: FeedState) -> None:
        values = (
            state.url, state.outlet_id, state.etag, state.last_modified, state.last_status,
            state.last_error, state.consecutive_failures, state.next_attempt_at,
            state.last_attempt_at, state.last_success_at,
        )  # fmt: skip
        with self._lock:
            self._connect().execute(_UPSERT, values)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
