from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pytest

from parallax.adapters.sqlite_cache import SqliteBriefCache
from parallax.domain.models import Brief, CacheInfo, Related
from tests.fakes import make_article


def _brief() -> Brief:
    return Brief(
        article=make_article(),
        summary=None,
        related=Related(),
        cache=CacheInfo(hit=False, key="k", ttl_s=60),
        timings_ms={"total": 1.0},
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_put_then_get_round_trips_until_the_ttl_expires(tmp_path: Path) -> None:
    # Given a cache with a controllable clock
    clock = Clock()
    cache = SqliteBriefCache(tmp_path / "c.sqlite3", clock=clock)
    # When a Brief is stored for 60 s
    stored_at = cache.put("k", _brief(), 60)
    # Then it is returned with its stored-at time, and not after the TTL
    hit = cache.get("k")
    assert hit is not None and hit[0] == _brief() and hit[1] == stored_at
    clock.now += 61
    assert cache.get("k") is None
    assert cache.get("other") is None


def test_put_replaces_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = SqliteBriefCache(path)
    cache.put("k", _brief(), 60)
    cache.put("k", _brief(), 120)
    cache.close()
    assert SqliteBriefCache(path).get("k") is not None


def test_a_corrupt_file_is_moved_aside_and_the_cache_still_works(tmp_path: Path) -> None:
    # Given a file that is not a database
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    cache = SqliteBriefCache(path)
    # When the cache is used, then it behaves as empty and stores again
    assert cache.get("k") is None
    cache.put("k", _brief(), 60)
    assert cache.get("k") is not None
    assert any(p.name.startswith("c.sqlite3.corrupt-") for p in tmp_path.iterdir())


def test_a_row_of_an_older_shape_is_a_miss(tmp_path: Path) -> None:
    cache = SqliteBriefCache(tmp_path / "c.sqlite3")
    cache.put("k", _brief(), 60)
    conn = cache._connect()
    conn.execute("UPDATE briefs SET body = '{\"old\": true}'")
    assert cache.get("k") is None


def _damage_pages(path: Path) -> None:
    """Keep the header page (a valid SQLite file to open) and overwrite every later page."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size:] = b"\xa5" * (len(data) - page_size)
    path.write_bytes(bytes(data))


def test_damaged_pages_behind_a_valid_header_are_moved_aside_and_the_cache_recovers(
    tmp_path: Path,
) -> None:
    # Given a cache file with many Briefs, closed, then its pages (not its header) damaged
    path = tmp_path / "c.sqlite3"
    cache = SqliteBriefCache(path)
    for i in range(200):
        cache.put(f"k{i}", _brief(), 600)
    cache.close()
    for extra in tmp_path.glob("c.sqlite3-*"):
        extra.unlink()
    _damage_pages(path)
    # When the cache is opened and read ("database disk image is malformed")
    reopened = SqliteBriefCache(path)
    assert reopened.get("k1") is None
    # Then the damaged file was moved aside, and the cache works again (issue 15, item 6:
    # every request failed, even after a restart)
    assert any(p.name.startswith("c.sqlite3.corrupt-") for p in tmp_path.iterdir())
    reopened.put("k", _brief(), 60)
    assert reopened.get("k") is not None


def test_a_home_that_cannot_be_written_serves_uncached_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a home on a read-only file system: SQLite cannot open the file, nothing can be moved
    def read_only(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    def no_rename(self: Path, target: object) -> Path:
        raise OSError(errno.EROFS, "Read-only file system")

    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"")
    monkeypatch.setattr(sqlite3, "connect", read_only)
    monkeypatch.setattr(Path, "replace", no_rename)
    clock = Clock()
    cache = SqliteBriefCache(path, clock=clock)
    # When Briefs are read and stored (issue 15, item 5: every Brief was a 500)
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            assert cache.get("k") is None
            assert cache.put("k", _brief(), 60)
    # Then nothing raised, and the log said it once
    assert sum("cache unavailable" in r.getMessage() for r in caplog.records) == 1
    # And once the home is writable again, the cache is tried again a minute later
    monkeypatch.undo()
    clock.now += 61
    cache.put("k", _brief(), 60)
    assert cache.get("k") is not None


def test_a_home_under_a_file_serves_uncached(tmp_path: Path) -> None:
    # Given a home whose parent is a file (its directory cannot be created)
    (tmp_path / "file").write_text("x")
    cache = SqliteBriefCache(tmp_path / "file" / "home" / "c.sqlite3")
    # When used, Then it is an empty cache that stores nothing, and raises nothing
    assert cache.get("k") is None
    cache.put("k", _brief(), 60)
    assert cache.get("k") is None
