"""The embedded Brief cache: one SQLite file under PARALLAX_HOME, with a TTL per entry.

A cache must never be the reason a Brief fails: an unreadable or corrupt file is moved aside and
recreated, and any database error on read counts as a miss.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from parallax.domain.models import Brief

__all__ = ["SqliteBriefCache"]

logger = Logger(service="parallax", child=True)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS briefs (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    stored_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS briefs_expires_at ON briefs (expires_at);
"""
# Expired rows are deleted in small batches on write, so no request pays for a full sweep.
_PURGE_EVERY_N_PUTS = 50
_PURGE_BATCH = 500


def _iso(epoch: float) -> str:
    return (
        datetime.fromtimestamp(epoch, tz=UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    )


class SqliteBriefCache:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._puts = 0

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        self._path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._open()
        except sqlite3.DatabaseError:
            aside = self._path.with_name(f"{self._path.name}.corrupt-{int(self._clock())}")
            logger.warning("cache file unreadable; moved aside", extra={"moved_to": aside.name})
            self._path.replace(aside)
            conn = self._open()
        self._conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        # One connection shared by the server's threads, serialised by self._lock: SQLite work
        # here is sub-millisecond, so a lock is cheaper than a connection per thread.
        conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def get(self, key: str) -> tuple[Brief, str] | None:
        with self._lock:
            try:
                row = (
                    self._connect()
                    .execute(
                        "SELECT body, stored_at FROM briefs WHERE key = ? AND expires_at > ?",
                        (key, self._clock()),
                    )
                    .fetchone()
                )
            except sqlite3.DatabaseError:
                logger.exception("cache read failed; treating as a miss")
                return None
        if row is None:
            return None
        try:
            brief = Brief.model_validate_json(row[0])
        except ValidationError:
            # Written by an older pipeline version with another shape: a miss, not an error.
            return None
        return brief, _iso(row[1])

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        now = self._clock()
        body = brief.model_dump_json()
        with self._lock:
            try:
                conn = self._connect()
                conn.execute(
                    "INSERT INTO briefs (key, body, stored_at, expires_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET body = excluded.body, "
                    "stored_at = excluded.stored_at, expires_at = excluded.expires_at",
                    (key, body, now, now + ttl_s),
                )
                self._puts += 1
                if self._puts % _PURGE_EVERY_N_PUTS == 0:
                    conn.execute(
                        "DELETE FROM briefs WHERE key IN "
                        "(SELECT key FROM briefs WHERE expires_at <= ? LIMIT ?)",
                        (now, _PURGE_BATCH),
                    )
            except sqlite3.DatabaseError:
                logger.exception("cache write failed; the Brief is served uncached")
        return _iso(now)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
