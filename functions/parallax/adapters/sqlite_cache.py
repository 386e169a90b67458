"""The embedded Brief cache: one SQLite file under PARALLAX_HOME, with a TTL per entry.

A cache must never be the reason a Brief fails: a corrupt file (not a database, or a valid header
over damaged pages: "database disk image is malformed") is moved aside and recreated, whether
that shows when it is opened or on a later read or write; a cache that cannot be opened at all (a
read-only PARALLAX_HOME) serves every Brief uncached, says so once in the log and tries again a
minute later; any other database error on read counts as a miss.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from parallax.adapters.sqlite_files import open_wal_database
from parallax.domain.models import Brief
from parallax.domain.timestamps import iso_utc

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
# SQLite's primary result codes for a damaged file: SQLITE_CORRUPT and SQLITE_NOTADB.
_CORRUPT_CODES = frozenset({11, 26})
# After the file could not be opened, Briefs go uncached this long before the next attempt.
_RETRY_OPEN_S = 60.0
# Expired rows are deleted in small batches on write, so no request pays for a full sweep.
_PURGE_EVERY_N_PUTS = 50
_PURGE_BATCH = 500


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


class SqliteBriefCache:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._puts = 0
        self._unavailable_until = 0.0
        self._said_unavailable = False

    def _connect(self) -> sqlite3.Connection | None:
        """The open connection, or None while the file cannot be used (Briefs go uncached)."""
        if self._conn is not None:
            return self._conn
        if self._clock() < self._unavailable_until:
            return None
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = self._open()
            except sqlite3.DatabaseError as exc:
                if not _is_corrupt(exc):
                    raise
                self._move_aside()
                conn = self._open()
        except (OSError, sqlite3.Error) as exc:
            self._unavailable_until = self._clock() + _RETRY_OPEN_S
            if not self._said_unavailable:
                # Once per process: a read-only home would otherwise log on every request.
                self._said_unavailable = True
                logger.warning(
                    "cache unavailable; Briefs are served uncached",
                    extra={"error_type": type(exc).__name__},
                )
            return None
        self._conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        # One connection shared by the server's threads, serialised by self._lock: SQLite work
        # here is sub-millisecond, so a lock is cheaper than a connection per thread.
        return open_wal_database(self._path, _SCHEMA)

    def _move_aside(self) -> None:
        """Move the damaged file (and its WAL and shared-memory files) aside for a fresh one."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        stamp = int(self._clock())
        aside = self._path.with_name(f"{self._path.name}.corrupt-{stamp}")
        logger.warning("cache file damaged; moved aside", extra={"moved_to": aside.name})
        for suffix in ("", "-wal", "-shm"):
            source = self._path.with_name(self._path.name + suffix)
            if source.exists():
                source.replace(aside.with_name(aside.name + suffix))

    def _recover(self, exc: sqlite3.Error) -> None:
        """After an error on a read or write: a damaged file is moved aside (the next call opens
        a fresh one); any other error leaves the file alone."""
        if isinstance(exc, sqlite3.DatabaseError) and _is_corrupt(exc):
            try:
                self._move_aside()
            except OSError:
                self._unavailable_until = self._clock() + _RETRY_OPEN_S

    def get(self, key: str) -> tuple[Brief, str] | None:
        with self._lock:
            try:
                conn = self._connect()
                if conn is None:
                    return None
                row = conn.execute(
                    "SELECT body, stored_at FROM briefs WHERE key = ? AND expires_at > ?",
                    (key, self._clock()),
                ).fetchone()
            except sqlite3.Error as exc:
                logger.warning(
                    "cache read failed; treating as a miss",
                    extra={"error_type": type(exc).__name__, "corrupt": _is_corrupt(exc)},
                )
                self._recover(exc)
                return None
        if row is None:
            return None
        try:
            brief = Brief.model_validate_json(row[0])
        except ValidationError:
            # Written by an older pipeline version with another shape: a miss, not an error.
            return None
        return brief, iso_utc(row[1])

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        now = self._clock()
        body = brief.model_dump_json()
        with self._lock:
            try:
                conn = self._connect()
                if conn is None:
                    return iso_utc(now)
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
            except sqlite3.Error as exc:
                logger.warning(
                    "cache write failed; the Brief is served uncached",
                    extra={"error_type": type(exc).__name__, "corrupt": _is_corrupt(exc)},
                )
                self._recover(exc)
        return iso_utc(now)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
