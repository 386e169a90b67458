"""Opening Parallax's SQLite files (Brief cache, feed index, feed state): one way for all three.

Each file is one writer connection shared by a process's threads (serialised by its owner's
lock), in WAL mode so readers never wait for the writer, with ``synchronous=NORMAL`` (in WAL a
power cut can lose the last commits, never corrupt the file; every file here is derived data).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_S", "open_wal_database"]


BUSY_TIMEOUT_S = 5.0
"""How long a write waits for another process holding the file's lock (``parallax ingest`` beside
``parallax serve``). It is also what ``sqlite3.connect`` sets when given no timeout."""


def open_wal_database(path: Path, schema: str) -> sqlite3.Connection:
    """A connection to ``path`` in autocommit mode, usable from any thread, with ``schema``
    (idempotent DDL) applied. Raises ``sqlite3.DatabaseError`` for a file that is not a
    database, with the connection closed."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
    )
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(schema)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn
