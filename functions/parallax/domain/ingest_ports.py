"""Ingest ports: what the ingest services (``parallax.ingest``) need from the outside world.

All of ingest's ports are here, with the plain data that crosses them, so that the runner, the
feed worker, the scheduler and the index publisher are written against these protocols only, and
the adapters (SQLite, DynamoDB, S3, SQS, the guarded fetcher) implement them without knowing the
services. ``parallax.wiring`` puts the two together.

    feeds ──FeedFetcher──▶ IngestRunner ──ItemSink──▶ FeedIndex (local) | DynamoItemStore (cloud)
                              │  └────FeedStateStore──▶ feed_state table | DynamoDB table
                              └─IngestObserver──▶ IngestProgress (the panel's "filling n of m")
    FeedScheduler ──FeedQueue──▶ SQS ──FeedJob──▶ FeedWorker (one feed through the runner)
    IndexPublisher: ItemSource ──▶ IndexFactory (FTS5 build) ──▶ SnapshotTarget (S3)
    SnapshotIndexProvider (API): SnapshotSource (S3) ──▶ local copy it searches
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "FanOutReport",
    "FeedFetcher",
    "FeedJob",
    "FeedQueue",
    "FeedState",
    "FeedStateListing",
    "FeedStateStore",
    "FeedTally",
    "FetchedResponse",
    "IndexFactory",
    "IndexItem",
    "IngestObserver",
    "ItemIndex",
    "ItemSink",
    "ItemSource",
    "MediaRule",
    "PollObserver",
    "SnapshotBuild",
    "SnapshotChanged",
    "SnapshotInfo",
    "SnapshotSource",
    "SnapshotTarget",
]


# --- feed items ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexItem:
    """One feed item as the index stores it."""

    url: str
    """Canonical URL: the item's identity."""
    outlet_id: str
    title: str
    summary: str = ""
    guid: str | None = None
    language: str | None = None
    published: str | None = None
    """ISO 8601 UTC (``YYYY-MM-DDTHH:MM:SSZ``) or None."""
    outlet_name: str | None = None
    outlet_domain: str | None = None
    owns_url: bool = False
    """The URL's host is this outlet's in the catalogue (its domain or a subdomain of it, the
    nearest listed one): such an item takes the URL from an outlet that merely listed it first
    (an aggregator, a wire service linking to a member's page)."""
    feed_url: str | None = None
    """The feed that listed it. Of two feeds of one outlet listing a URL under two titles, the
    one that wrote the stored text keeps it (before, the title flipped on every run)."""
    seen_at: str | None = None
    """When a feed last listed it, as a store recorded it (ISO 8601 UTC); None: now. The cloud
    publisher hands the items table's on, so that its snapshot dates an undated item by its
    last sighting, as the local index does, not by the hour the snapshot was built (which put
    every undated item inside every search window of the day: never beyond it, never old)."""


class ItemSink(Protocol):
    """Where the runner writes a feed's items: the local index, or the cloud's items table."""

    def ensure(self) -> None:
        """Create what the sink needs (file, schema) before a run writes to it."""
        ...

    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]:
        """Insert new items and update changed ones, idempotently: ``(inserted, updated)``.

        A batch the sink refuses raises :class:`~parallax.domain.errors.ItemsRejected` and
        leaves nothing of it stored."""
        ...

    def purge_older_than(self, days: float) -> int:
        """Delete items older than ``days`` (or do nothing where they expire by themselves)."""
        ...


class ItemIndex(ItemSink, Protocol):
    """A sink that can also say how many items it holds (the local index, which the background
    poll asks so that a poll on an empty index is reported as "filling")."""

    def count(self) -> int:
        """Items held; raises when the index does not exist yet or cannot be read."""
        ...


class ItemSource(Protocol):
    """The unexpired items, page by page (the publisher's side of the items table)."""

    def iter_recent(self, segments: int = 4) -> Iterator[list[IndexItem]]: ...


# --- feed state ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedState:
    """Per-feed polling state: validators for conditional GET, the last outcome, and backoff."""

    url: str
    outlet_id: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    """HTTP status of the last answer (304 included), None when the fetch never got one."""
    last_error: str | None = None
    """``code: detail`` of the last failure; cleared by a success."""
    consecutive_failures: int = 0
    next_attempt_at: str | None = None
    """ISO 8601 UTC; the feed is not polled before then (backoff). None: poll any time."""
    last_attempt_at: str | None = None
    last_success_at: str | None = None


class FeedStateStore(Protocol):
    def get_many(self, urls: Iterable[str]) -> dict[str, FeedState]:
        """The stored state of each of ``urls`` that has one."""
        ...

    def put(self, state: FeedState) -> None:
        """Store ``state`` (replacing the feed's previous one)."""
        ...


class FeedStateListing(Protocol):
    """Every feed's stored state (the index publisher counts them for the index's state)."""

    def list_all(self) -> list[FeedState]: ...


# --- fetching feeds ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MediaRule:
    """Which responses a fetch accepts, and what it asks for.

    A 2xx body is accepted when its declared media type is in ``media_types``; when the type is
    missing, or is one of ``sniffed_types`` (generic or commonly mislabelled types), the first
    bytes decide through ``sniff``. Anything else is ``unsupported_media``.
    """

    accept: str
    """The ``Accept`` request header."""
    media_types: frozenset[str]
    sniff: Callable[[bytes], bool]
    sniffed_types: frozenset[str] = frozenset()
    description: str = "HTML"
    """What the rule accepts, for error messages: "The page is image/png, not HTML"."""


@dataclass(frozen=True, slots=True)
class FetchedResponse:
    """The final response of a guarded fetch (after redirects).

    ``body`` is the decoded (decompressed, capped) body of a 2xx response and empty for every
    other status, e.g. ``304 Not Modified``. ``headers`` is case-insensitive.
    """

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    media_type: str | None = None
    charset: str | None = None


class FeedFetcher(Protocol):
    """What the runner needs from a fetcher (``GuardedFetcher.fetch_bytes``): SSRF-safe,
    size-capped, conditional GET through ``extra_headers``."""

    def fetch_bytes(
        self,
        url: str,
        media: MediaRule = ...,
        extra_headers: Mapping[str, str] | None = None,
    ) -> FetchedResponse: ...


# --- progress --------------------------------------------------------------------------------------


class IngestObserver(Protocol):
    """Told how far a run has got: ``IngestProgress`` (in memory, under ``parallax serve``) and
    ``SqliteRunRecorder`` (in the index file, so another process's Briefs know it too)."""

    def planned(self, feeds_total: int, feeds_skipped: int = 0) -> None: ...

    def feed_done(self, *, failed: bool) -> None: ...

    def heartbeat(self) -> None:
        """Still running, feeds in flight (called about every quarter second: keep it cheap)."""
        ...

    def run_ended(self) -> None:
        """The run is over (finished, stopped or failed)."""
        ...


class PollObserver(IngestObserver, Protocol):
    """The same, also told when a background poll starts and ends."""

    def start(self, *, unfilled: bool) -> None: ...

    def finish(self) -> None: ...


# --- the cloud fan-out ------------------------------------------------------------------------------


class FeedJob(BaseModel):
    """One feed to poll: the queue message (JSON, versioned) from the scheduler to a worker.

    The worker looks both ids up in its own copy of the catalogue, which ships in the same
    bundle, so a message carries no data a worker would have to trust."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = 1
    outlet_id: str = Field(min_length=1, max_length=64)
    feed_url: str = Field(min_length=1, max_length=2048)
    scheduled_at: str | None = None


@dataclass(frozen=True, slots=True)
class FanOutReport:
    feeds: int
    sent: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FeedQueue(Protocol):
    def send(self, jobs: Sequence[FeedJob]) -> FanOutReport:
        """Queue every job; raise when some could not be queued."""
        ...


# --- the index snapshot ------------------------------------------------------------------------------


class SnapshotChanged(Exception):
    """The snapshot was replaced while it was being downloaded (its ETag no longer matches)."""


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    etag: str
    size: int
    metadata: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class FeedTally:
    """How the feeds fared, as the snapshot's metadata carries it (S3 user metadata: strings)."""

    seen: int = 0
    """Feeds with a recorded attempt."""
    failing: int = 0
    """Feeds whose last attempt failed."""
    ever_read: int = 0
    """Feeds read successfully at least once."""
    last_attempt_at: str | None = None
    """ISO 8601 UTC time of the newest attempt: a first fill that stopped moving is not filling."""

    @classmethod
    def of(cls, states: Iterable[FeedState]) -> FeedTally:
        seen = failing = ever_read = 0
        newest: str | None = None
        for state in states:
            seen += 1
            failing += state.consecutive_failures > 0
            ever_read += state.last_success_at is not None
            if state.last_attempt_at and (newest is None or state.last_attempt_at > newest):
                newest = state.last_attempt_at
        return cls(seen, failing, ever_read, newest)

    def to_metadata(self) -> dict[str, str]:
        metadata = {
            "feeds-seen": str(self.seen),
            "feeds-failing": str(self.failing),
            "feeds-read": str(self.ever_read),
        }
        if self.last_attempt_at is not None:
            metadata["feeds-last-attempt-at"] = self.last_attempt_at
        return metadata

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, str]) -> FeedTally | None:
        """The tally a snapshot carries, or None (published without one, or unreadable)."""
        try:
            seen = int(metadata["feeds-seen"])
            failing = int(metadata["feeds-failing"])
            ever_read = int(metadata["feeds-read"])
        except (KeyError, ValueError):
            return None
        if min(seen, failing, ever_read) < 0 or max(failing, ever_read) > seen:
            return None
        return cls(seen, failing, ever_read, metadata.get("feeds-last-attempt-at"))


class SnapshotSource(Protocol):
    """Where the API function's index provider gets the snapshot (a fake in unit tests, S3)."""

    def head(self) -> SnapshotInfo | None:
        """The current snapshot's ETag and size, or None when none has been published."""
        ...

    def download(self, destination: Path, etag: str) -> None:
        """Write the snapshot with ``etag`` to ``destination``; raise :class:`SnapshotChanged`
        if the stored one is no longer that version."""
        ...


class SnapshotTarget(Protocol):
    """Where the index publisher puts the snapshot it built (S3)."""

    @property
    def location(self) -> str:
        """Where it goes, for reports and logs (``s3://bucket/key``)."""
        ...

    def upload(self, source: Path, metadata: Mapping[str, str]) -> str:
        """Store ``source`` as the current snapshot; returns its ETag."""
        ...


class SnapshotBuild(Protocol):
    """A fresh index the publisher fills and writes out as a compact, self-contained file."""

    @property
    def schema_version(self) -> int: ...

    def ensure(self) -> None: ...

    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]: ...

    def snapshot(self, destination: Path) -> None: ...

    def close(self) -> None: ...


class IndexFactory(Protocol):
    """Opens a new index file at ``path`` (``FeedIndex`` itself)."""

    def __call__(self, path: Path, *, clock: Callable[[], float] = ...) -> SnapshotBuild: ...
