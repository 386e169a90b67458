from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from parallax.adapters.sqlite_files import open_wal_database

_SCHEMA = "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT);"


def test_a_new_file_is_opened_in_wal_with_its_schema(tmp_path: Path) -> None:
    # Given no file yet, When opened
    conn = open_wal_database(tmp_path / "x.sqlite3", _SCHEMA)
    # Then it is in WAL with NORMAL sync, a 5 s busy timeout, the schema applied, autocommit
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    conn.execute("INSERT INTO t VALUES ('a', 'b')")
    assert conn.in_transaction is False
    conn.close()


def test_the_connection_is_usable_from_another_thread_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    conn = open_wal_database(path, _SCHEMA)
    worker = threading.Thread(target=lambda: conn.execute("INSERT INTO t VALUES ('a', 'b')"))
    worker.start()
    worker.join()
    conn.close()
    # When opened again, Then the schema script is idempotent and the row is there
    again = open_wal_database(path, _SCHEMA)
    assert again.execute("SELECT v FROM t").fetchall() == [("b",)]
    again.close()


def test_a_file_that_is_not_a_database_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        open_wal_database(path, _SCHEMA)
