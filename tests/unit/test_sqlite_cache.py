from __future__ import annotations

from pathlib import Path

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
