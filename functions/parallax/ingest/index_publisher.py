"""The index publisher: the cloud's items, as one SQLite FTS5 snapshot the API function searches.

Each run scans the unexpired items (:class:`~parallax.domain.ingest_ports.ItemSource`, the
DynamoDB items table) into a fresh index (:class:`~parallax.domain.ingest_ports.IndexFactory`,
``FeedIndex``: the same code that builds the local index, with its canonical URLs, GUID
de-duplication and FTS5 schema), writes its compact snapshot and uploads it
(:class:`~parallax.domain.ingest_ports.SnapshotTarget`, S3). A full rebuild every run keeps it
simple and self-healing: the snapshot never drifts from the table.

With the feed-state table (:class:`~parallax.domain.ingest_ports.FeedStateListing`), the
snapshot's metadata also says how the feeds fared (:class:`~parallax.domain.ingest_ports.FeedTally`: how many were tried, are
failing, were ever read, and when the last was tried), so that the API can tell the reader
"filling", "filled" or "feeds failing" as a local ``parallax serve`` does. Only the feeds of the
current catalogue count: a feed removed from it keeps its row (and, if it was failing, its
failures) in the table, where the API, which counts the catalogue's feeds, must not see it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from parallax.domain.ingest_ports import (
    FeedStateListing,
    FeedTally,
    IndexFactory,
    ItemSource,
    SnapshotTarget,
)
from parallax.domain.timestamps import iso_utc

__all__ = ["IndexPublisher", "PublishReport"]

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PublishReport:
    items_scanned: int
    items_indexed: int
    bytes: int
    etag: str
    location: str
    duration_s: float
    feeds_seen: int | None = None
    feeds_failing: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class IndexPublisher:
    def __init__(
        self,
        items: ItemSource,
        store: SnapshotTarget,
        workdir: Path,
        *,
        new_index: IndexFactory,
        feeds: FeedStateListing | None = None,
        feed_urls: Collection[str] | None = None,
        segments: int = 4,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._items = items
        self._store = store
        self._workdir = Path(workdir)
        self._new_index = new_index
        self._feeds = feeds
        # The current catalogue's feeds, the only ones the tally counts (None: every row).
        self._feed_urls = frozenset(feed_urls) if feed_urls is not None else None
        self._segments = segments
        self._clock = clock

    def publish(self) -> PublishReport:
        started = time.monotonic()
        self._workdir.mkdir(parents=True, exist_ok=True)
        build = self._workdir / "build.sqlite3"
        snapshot = self._workdir / "snapshot.sqlite3"
        # A warm Lambda may still hold the files of the previous run (or of one that crashed).
        files = [
            build,
            snapshot,
            build.with_name("build.sqlite3-wal"),
            build.with_name("build.sqlite3-shm"),
        ]
        for stale in files:
            stale.unlink(missing_ok=True)
        scanned = indexed = 0
        index = self._new_index(build, clock=self._clock)
        schema_version = index.schema_version
        try:
            index.ensure()
            for page in self._items.iter_recent(self._segments):
                scanned += len(page)
                inserted, _ = index.upsert_items(page)
                indexed += inserted
            index.snapshot(snapshot)
        finally:
            index.close()
        built_at = iso_utc(self._clock())
        size = snapshot.stat().st_size
        tally = self._tally()
        metadata = {
            "items": str(indexed),
            "built-at": built_at,
            "schema-version": str(schema_version),
        }
        if tally is not None:
            metadata.update(tally.to_metadata())
        etag = self._store.upload(snapshot, metadata)
        for done in files:
            with contextlib.suppress(OSError):
                done.unlink(missing_ok=True)
        return PublishReport(
            feeds_seen=tally.seen if tally else None,
            feeds_failing=tally.failing if tally else None,
            items_scanned=scanned,
            items_indexed=indexed,
            bytes=size,
            etag=etag,
            location=self._store.location,
            duration_s=round(time.monotonic() - started, 3),
        )

    def _tally(self) -> FeedTally | None:
        """The feeds' tally, or None without the feed-state table or when it cannot be read:
        the snapshot is what the API needs; the tally only refines what it says about it."""
        if self._feeds is None:
            return None
        try:
            states = self._feeds.list_all()
            if self._feed_urls is not None:
                states = [state for state in states if state.url in self._feed_urls]
            return FeedTally.of(states)
        except Exception as exc:  # any store's failure: publish the items anyway
            _LOG.warning("feed states not counted: %s", type(exc).__name__)
            return None
