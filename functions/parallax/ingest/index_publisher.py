"""The index publisher: the cloud's items, as one SQLite FTS5 snapshot the API function searches.

Each run scans the unexpired items (:class:`~parallax.domain.ingest_ports.ItemSource`, the
DynamoDB items table) into a fresh index (:class:`~parallax.domain.ingest_ports.IndexFactory`,
``FeedIndex``: the same code that builds the local index, with its canonical URLs, GUID
de-duplication and FTS5 schema), writes its compact snapshot and uploads it
(:class:`~parallax.domain.ingest_ports.SnapshotTarget`, S3). A full rebuild every run keeps it
simple and self-healing: the snapshot never drifts from the table.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from parallax.domain.ingest_ports import IndexFactory, ItemSource, SnapshotTarget
from parallax.domain.timestamps import iso_utc

__all__ = ["IndexPublisher", "PublishReport"]


@dataclass(frozen=True, slots=True)
class PublishReport:
    items_scanned: int
    items_indexed: int
    bytes: int
    etag: str
    location: str
    duration_s: float

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
        segments: int = 4,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._items = items
        self._store = store
        self._workdir = Path(workdir)
        self._new_index = new_index
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
        etag = self._store.upload(
            snapshot,
            {"items": str(indexed), "built-at": built_at, "schema-version": str(schema_version)},
        )
        for done in files:
            with contextlib.suppress(OSError):
                done.unlink(missing_ok=True)
        return PublishReport(
            items_scanned=scanned,
            items_indexed=indexed,
            bytes=size,
            etag=etag,
            location=self._store.location,
            duration_s=round(time.monotonic() - started, 3),
        )
