"""Polling the catalogue's feeds into the feed index.

One run: every feed that is due is fetched (conditional GET with the stored ETag/Last-Modified,
through the SSRF-guarded fetcher), parsed, and its items upserted; then items past retention are
purged. Fetching and parsing happen in a small thread pool; all writes happen on the calling
thread, one transaction per feed, so the index has a single writer.

Failure isolation: whatever goes wrong with one feed (DNS, timeouts, 5xx, an HTML page, an XML
bomb, a parser surprise) is recorded in its state with the error and an exponential backoff, and
the run goes on. Only a failure of the index itself (disk full, a corrupt file mid-run) stops it.

Crash safety: a feed's items are committed before its new ETag is stored. A run killed between
the two fetches that feed again next time and the upsert, being idempotent, neither loses nor
duplicates anything.
"""

from __future__ import annotations

import dataclasses
import email.utils
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Generic, Literal, TextIO, TypeVar

from parallax.domain.errors import ItemsRejected, ParallaxError
from parallax.domain.hosts import host_of
from parallax.domain.ingest_ports import (
    FeedFetcher,
    FeedState,
    FeedStateStore,
    IndexItem,
    IngestObserver,
    ItemSink,
    MediaRule,
)
from parallax.domain.ssrf_rules import is_public_link
from parallax.domain.timestamps import iso_utc, parse_iso_utc
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry
from parallax.ingest.feeds import (
    FEED_MEDIA_TYPES,
    MAX_FEED_BYTES,
    FeedItem,
    ParsedFeed,
    looks_like_feed,
    parse_feed,
)
from parallax.terminal_progress import TerminalProgress

__all__ = [
    "FEED_MEDIA",
    "FeedFailure",
    "IngestReport",
    "IngestRunner",
    "ObserverGroup",
    "ingest_directory",
    "run_forever",
]

_LOG = logging.getLogger(__name__)

FEED_MEDIA: Final = MediaRule(
    accept=(
        "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
    ),
    media_types=FEED_MEDIA_TYPES,
    sniff=looks_like_feed,
    # Feeds are often served as text/html or octet-stream: the first bytes decide instead.
    sniffed_types=frozenset(
        {"text/html", "text/plain", "application/octet-stream", "binary/octet-stream"}
    ),
    description="a feed",
)

DEFAULT_CONCURRENCY: Final = 8
BACKOFF_BASE_S: Final = 15 * 60.0
"""First retry of a failing feed after about one polling interval, then doubling."""
BACKOFF_MAX_S: Final = 24 * 3600.0
_RETRY_STATUSES: Final = frozenset({429, 503})


@dataclass(frozen=True, slots=True)
class FeedFailure:
    url: str
    outlet_id: str | None
    error: str
    status: int | None
    consecutive_failures: int
    next_attempt_at: str | None


@dataclass(slots=True)
class IngestReport:
    feeds_total: int = 0
    feeds_ok: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_deferred: int = 0
    """Feeds skipped this run because they are backing off after failures."""
    items_inserted: int = 0
    items_updated: int = 0
    items_skipped: int = 0
    """Entries the parser dropped: no usable link, no text, duplicates within a feed."""
    items_stale: int = 0
    """Items older than the retention period, not stored."""
    items_purged: int = 0
    duration_s: float = 0.0
    failures: list[FeedFailure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ParallaxError):
        return f"{exc.code}: {exc.detail}"
    # Unexpected: the type is useful, the message may contain feed content, so it is left out.
    return f"internal: {type(exc).__name__}"


def _sendable(validator: str | None) -> str | None:
    """A stored ETag or Last-Modified as it can be sent back, or None.

    RFC 9110 lets an entity tag carry bytes outside ASCII (obs-text), but a request header is
    sent as ASCII: such a validator, stored, made every later poll of the feed fail before it
    was sent (UnicodeEncodeError), and the failure path keeps the stored validators, so the feed
    never recovered. Without it the poll is a full GET, which is always correct. Checked when
    sending too, for states stored before this rule."""
    if validator is None or not validator.isascii() or not validator.isprintable():
        return None
    return validator.strip() or None


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = (headers.get("retry-after") or "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            return email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return None


def _status(report: IngestReport) -> str:
    """What follows ``feeds: done/total`` on the progress line."""
    return (
        f" · new {report.items_inserted} · updated {report.items_updated} · "
        f"not modified {report.feeds_not_modified} · failed {report.feeds_failed}"
    )


@dataclass(frozen=True, slots=True)
class _Job:
    outlet: OutletEntry
    feed: FeedSpec
    state: FeedState | None


@dataclass(frozen=True, slots=True)
class _Outcome:
    job: _Job
    kind: Literal["ok", "not_modified", "failed"]
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    parsed: ParsedFeed | None = None
    error: str | None = None


def _item_languages(outlet: OutletEntry, feed: FeedSpec) -> tuple[str | None, str]:
    """(forced, default) item language for a feed: the catalogue's word for the feed, or for a
    one-language outlet; otherwise the feed's declaration, falling back to the first language."""
    if feed.language is not None:
        return feed.language, feed.language
    if len(outlet.languages) == 1:
        return outlet.languages[0], outlet.languages[0]
    return None, outlet.languages[0]


def _index_items(
    items: Iterable[FeedItem],
    outlet_id: str,
    outlet_name: str | None,
    outlet_domain: str | None,
    cutoff: str | None,
    *,
    catalogue: Catalogue | None = None,
    feed_url: str | None = None,
) -> tuple[list[IndexItem], int, int]:
    """Items to index, and how many were past retention (stale) or refused as links."""
    kept: list[IndexItem] = []
    stale = refused = 0
    for item in items:
        if cutoff is not None and item.published is not None and item.published < cutoff:
            stale += 1
            continue
        if not is_public_link(item.url):
            # A link into the reader's machine or network (127.0.0.1/admin, [::1], a broken
            # A-label) is never related coverage: refused by the fetcher's address rules.
            refused += 1
            continue
        owner = catalogue.outlet_for_domain(item.url) if catalogue is not None else None
        kept.append(
            IndexItem(
                url=item.url, outlet_id=outlet_id, title=item.title, summary=item.summary,
                guid=item.guid, language=item.language, published=item.published,
                outlet_name=outlet_name, outlet_domain=outlet_domain,
                owns_url=owner is not None and owner.id == outlet_id, feed_url=feed_url,
            )
        )  # fmt: skip
    return kept, stale, refused


class ObserverGroup:
    """Several observers told the same (the in-memory progress and the index file's record)."""

    def __init__(self, *observers: IngestObserver) -> None:
        self._observers = observers

    def planned(self, feeds_total: int, feeds_skipped: int = 0) -> None:
        for observer in self._observers:
            observer.planned(feeds_total, feeds_skipped)

    def feed_done(self, *, failed: bool) -> None:
        for observer in self._observers:
            observer.feed_done(failed=failed)

    def heartbeat(self) -> None:
        for observer in self._observers:
            observer.heartbeat()

    def run_ended(self) -> None:
        for observer in self._observers:
            observer.run_ended()


SinkT_co = TypeVar("SinkT_co", bound=ItemSink, covariant=True)


class IngestRunner(Generic[SinkT_co]):
    """Polls a catalogue's feeds into an :class:`~parallax.domain.ingest_ports.ItemSink` (the
    local index, or the cloud's items table), with their state in a ``FeedStateStore``."""

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        index: SinkT_co,
        state: FeedStateStore,
        fetcher: FeedFetcher,
        retention_days: int,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_feed_bytes: int = MAX_FEED_BYTES,
        backoff_base_s: float = BACKOFF_BASE_S,
        backoff_max_s: float = BACKOFF_MAX_S,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        progress: TextIO | None = None,
        observer: IngestObserver | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._catalogue = catalogue
        self._index = index
        self._state = state
        self._fetcher = fetcher
        self._retention_days = retention_days
        self._concurrency = concurrency
        self._max_feed_bytes = max_feed_bytes
        self._backoff_base_s = backoff_base_s
        self._backoff_max_s = backoff_max_s
        self._clock = clock
        self._jitter = jitter
        self._progress = progress
        self._observer = observer

    @property
    def index(self) -> SinkT_co:
        return self._index

    def run_once(self, *, force: bool = False, stop: threading.Event | None = None) -> IngestReport:
        """Poll every feed that is due (all of them with ``force``), then purge past retention.

        With ``stop`` set (the server is shutting down), no further feed is recorded and the
        purge is skipped; what was committed stays, and the next run simply goes on.
        """
        started = time.monotonic()
        report = IngestReport()
        self._index.ensure()
        feeds = [(outlet, feed) for outlet in self._catalogue.outlets for feed in outlet.feeds]
        states = self._state.get_many(feed.url for _, feed in feeds)
        now = self._clock()
        due: list[_Job] = []
        for outlet, feed in feeds:
            state = states.get(feed.url)
            next_when = parse_iso_utc(state.next_attempt_at) if state else None
            next_at = next_when.timestamp() if next_when else None
            if not force and next_at is not None and next_at > now:
                report.feeds_deferred += 1
                continue
            due.append(_Job(outlet, feed, state))
        report.feeds_total = len(feeds)

        progress = TerminalProgress(len(due), "feeds", self._progress)
        abandon = threading.Event()
        try:
            # The run's record and the workers' start inside the try: a SIGTERM raised as the
            # record's write returned, or while the workers started (a few milliseconds),
            # skipped the `finally` below and left the run "running" for a serve to show as
            # filling until its heartbeat went stale.
            if self._observer is not None:
                self._observer.planned(len(feeds), report.feeds_deferred)
            outcomes = self._fetch_in_background(due, abandon)
            remaining = len(due)
            while remaining and not (stop is not None and stop.is_set()):
                # A quarter-second look at `stop` (and a chance for Ctrl-C): a slow outlet must
                # not hold a server's shutdown until its fetch times out.
                try:
                    outcome = outcomes.get(timeout=0.25)
                except queue.Empty:
                    if self._observer is not None:
                        self._observer.heartbeat()
                    continue
                remaining -= 1
                failed_before = report.feeds_failed
                self._record(outcome, report)
                progress.step(_status(report))
                if self._observer is not None:
                    self._observer.feed_done(failed=report.feeds_failed > failed_before)
        finally:
            # On an abort (Ctrl-C, stop, an index failure) feeds not yet started are dropped; the
            # ones in flight finish in the background and are simply not recorded.
            abandon.set()
            progress.close()
            if self._observer is not None:
                # Before the purge: the feeds are read, and a run that stops here (or crashes in
                # the purge) must not be shown as running.
                self._observer.run_ended()
        if stop is not None and stop.is_set():
            report.duration_s = round(time.monotonic() - started, 3)
            return report
        report.items_purged = self._index.purge_older_than(self._retention_days)
        report.duration_s = round(time.monotonic() - started, 3)
        return report

    # -- worker threads: fetch and parse, never raise ------------------------------------------

    def _fetch_in_background(
        self, due: list[_Job], abandon: threading.Event
    ) -> queue.SimpleQueue[_Outcome]:
        """Fetch and parse ``due`` in up to ``concurrency`` daemon threads; their outcomes
        arrive on the queue. Setting ``abandon`` makes them take no further job. Daemon threads
        (not a ThreadPoolExecutor, whose workers the interpreter joins at exit) so that a
        process stopping mid-poll exits at once instead of after its slowest fetch."""
        jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        for job in due:
            jobs.put(job)
        outcomes: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()

        def work() -> None:
            while not abandon.is_set():
                try:
                    job = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome = self._fetch(job)
                except BaseException as exc:  # _fetch catches everything; this is a backstop
                    outcome = _Outcome(job, "failed", error=_describe(exc))
                outcomes.put(outcome)

        for _ in range(max(1, min(self._concurrency, len(due)))):
            threading.Thread(target=work, name="parallax-ingest", daemon=True).start()
        return outcomes

    def _fetch(self, job: _Job) -> _Outcome:
        headers: dict[str, str] = {}
        etag = _sendable(job.state.etag) if job.state is not None else None
        last_modified = _sendable(job.state.last_modified) if job.state is not None else None
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            response = self._fetcher.fetch_bytes(job.feed.url, FEED_MEDIA, headers)
        except Exception as exc:  # any failure of one feed is recorded, never raised
            return _Outcome(job, "failed", error=_describe(exc))
        if response.status == 304:
            return _Outcome(job, "not_modified", status=304, headers=response.headers)
        if not 200 <= response.status < 300:
            return _Outcome(
                job,
                "failed",
                status=response.status,
                headers=response.headers,
                error=f"fetch_failed: HTTP status {response.status}",
            )
        forced, default = _item_languages(job.outlet, job.feed)
        try:
            parsed = parse_feed(
                response.body,
                base_url=response.url,
                language=forced,
                default_language=default,
                content_type=response.headers.get("content-type"),
                max_bytes=self._max_feed_bytes,
                now=self._clock(),
            )
        except Exception as exc:  # a parser surprise must not stop the run
            return _Outcome(
                job,
                "failed",
                status=response.status,
                headers=response.headers,
                error=_describe(exc),
            )
        return _Outcome(job, "ok", status=response.status, headers=response.headers, parsed=parsed)

    # -- calling thread: write items, then state -----------------------------------------------

    def _record(self, outcome: _Outcome, report: IngestReport) -> None:
        job, now = outcome.job, self._clock()
        previous = job.state or FeedState(url=job.feed.url)
        parsed = outcome.parsed
        if outcome.kind == "ok" and parsed is not None:
            cutoff = iso_utc(now - self._retention_days * 86400)
            items, stale, refused = _index_items(
                parsed.items, job.outlet.id, job.outlet.name, job.outlet.domain, cutoff,
                catalogue=self._catalogue, feed_url=job.feed.url,
            )  # fmt: skip
            try:
                inserted, updated = self._index.upsert_items(items)
            except ItemsRejected as exc:
                # A constraint the upsert did not foresee: this feed's batch is rolled back and
                # the feed retried later; other feeds go on.
                _LOG.warning("feed items rejected by the index: %s", job.feed.url)
                outcome = dataclasses.replace(
                    outcome, kind="failed", error=f"{exc.code}: {exc.detail}"
                )
            else:
                report.feeds_ok += 1
                report.items_inserted += inserted
                report.items_updated += updated
                report.items_skipped += parsed.skipped + refused
                report.items_stale += stale
                self._state.put(self._success(previous, outcome, now, replace_validators=True))
                return
        if outcome.kind == "not_modified":
            report.feeds_not_modified += 1
            self._state.put(self._success(previous, outcome, now, replace_validators=False))
            return
        failures = previous.consecutive_failures + 1
        delay = min(self._backoff_max_s, self._backoff_base_s * 2 ** (failures - 1))
        delay *= 1 + 0.2 * self._jitter()  # spread retries of feeds that failed together
        if outcome.status in _RETRY_STATUSES:
            asked = _retry_after(outcome.headers)
            if asked is not None:
                delay = min(self._backoff_max_s, max(delay, asked))
        state = dataclasses.replace(
            previous,
            outlet_id=job.outlet.id,
            last_status=outcome.status,
            last_error=(outcome.error or "unknown")[:500],
            consecutive_failures=failures,
            next_attempt_at=iso_utc(now + delay),
            last_attempt_at=iso_utc(now),
        )
        self._state.put(state)
        report.feeds_failed += 1
        report.failures.append(
            FeedFailure(
                url=job.feed.url,
                outlet_id=job.outlet.id,
                error=state.last_error or "",
                status=outcome.status,
                consecutive_failures=failures,
                next_attempt_at=state.next_attempt_at,
            )
        )
        _LOG.info("feed failed: %s (%s)", job.feed.url, state.last_error)

    @staticmethod
    def _success(
        previous: FeedState, outcome: _Outcome, now: float, *, replace_validators: bool
    ) -> FeedState:
        etag = _sendable(outcome.headers.get("etag"))
        last_modified = _sendable(outcome.headers.get("last-modified"))
        if not replace_validators:
            # A 304 may or may not repeat the validators; keep the stored ones unless it does.
            etag = etag or previous.etag
            last_modified = last_modified or previous.last_modified
        return dataclasses.replace(
            previous,
            outlet_id=outcome.job.outlet.id,
            etag=etag,
            last_modified=last_modified,
            last_status=outcome.status,
            last_error=None,
            consecutive_failures=0,
            next_attempt_at=None,
            last_attempt_at=iso_utc(now),
            last_success_at=iso_utc(now),
        )


def run_forever(
    runner: IngestRunner[ItemSink],
    interval_s: float,
    *,
    on_report: Callable[[IngestReport], None],
    sleep: Callable[[float], None] = time.sleep,
    max_runs: int | None = None,
) -> None:
    """Run, report, wait ``interval_s`` (minus the run's own duration), repeat."""
    runs = 0
    while max_runs is None or runs < max_runs:
        started = time.monotonic()
        on_report(runner.run_once())
        runs += 1
        if max_runs is not None and runs >= max_runs:
            return
        sleep(max(0.0, interval_s - (time.monotonic() - started)))


# --- local files ---------------------------------------------------------------------------------


def _file_outlet(path: Path, parsed: ParsedFeed, catalogue: Catalogue) -> tuple[str, str, str]:
    """(id, name, domain) for a local feed file: a catalogue id as the file name's prefix
    (``bbc-news--world.xml``), else the catalogue entry of the feed's or first item's host, else
    that host itself."""
    prefix = path.name.split(".", 1)[0].split("--", 1)[0]
    entry = catalogue.by_id(prefix)
    links = [link for link in [parsed.link, *(item.url for item in parsed.items[:1])] if link]
    for link in links:
        if entry is None:
            entry = catalogue.outlet_for_domain(link)
    if entry is not None:
        return entry.id, entry.name, entry.domain
    hosts = [host for host in map(host_of, links) if host]
    domain = hosts[0].removeprefix("www.") if hosts else prefix
    return domain, parsed.title or domain, domain


def ingest_directory(
    directory: Path,
    *,
    index: ItemSink,
    catalogue: Catalogue,
    retention_days: int | None = None,
    max_feed_bytes: int = MAX_FEED_BYTES,
    clock: Callable[[], float] = time.time,
    progress: TextIO | None = None,
    observer: IngestObserver | None = None,
) -> IngestReport:
    """Ingest every feed file under ``directory`` (offline demos, the benchmark).

    Same parsing, outlet labelling and upsert as polling; a file that is not a usable feed is a
    failure in the report and the others go on. With ``retention_days``, items older than that
    are skipped and the index is purged afterwards. ``observer`` hears the run as a poll's
    (files planned, each one done or failed, the end), so that a ``parallax serve`` beside it
    says "filling" instead of "not filled" while it runs.
    """
    started = time.monotonic()
    report = IngestReport()
    index.ensure()
    files = sorted(
        p for p in Path(directory).rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    report.feeds_total = len(files)
    now = clock()
    cutoff = iso_utc(now - retention_days * 86400) if retention_days is not None else None
    bar = TerminalProgress(len(files), "feeds", progress)
    try:
        if observer is not None:
            # Inside the try, as a poll's: a SIGTERM raised as this write returns must end it.
            observer.planned(len(files))
        for path in files:
            try:
                with path.open("rb") as handle:
                    data = handle.read(max_feed_bytes + 1)
                parsed = parse_feed(data, max_bytes=max_feed_bytes, now=now)
            except Exception as exc:  # one bad file never stops the rest
                report.feeds_failed += 1
                error = _describe(exc) if not isinstance(exc, OSError) else f"io: {exc.strerror}"
                report.failures.append(FeedFailure(str(path), None, error, None, 1, None))
                bar.step(_status(report))
                if observer is not None:
                    observer.feed_done(failed=True)
                continue
            outlet_id, name, domain = _file_outlet(path, parsed, catalogue)
            entry = catalogue.by_id(outlet_id)
            fallback = entry.languages[0] if entry is not None else None
            items = [
                dataclasses.replace(item, language=fallback) if item.language is None else item
                for item in parsed.items
            ]
            kept, stale, refused = _index_items(
                items, outlet_id, name, domain, cutoff, catalogue=catalogue, feed_url=path.name
            )
            inserted, updated = index.upsert_items(kept)
            report.feeds_ok += 1
            report.items_inserted += inserted
            report.items_updated += updated
            report.items_skipped += parsed.skipped + refused
            report.items_stale += stale
            bar.step(_status(report))
            if observer is not None:
                observer.feed_done(failed=False)
    finally:
        bar.close()
        if observer is not None:
            # Before the purge, as a poll's: every file is read, and a run that stops here (a
            # failure of the index, Ctrl-C) must not be shown as running.
            observer.run_ended()
    if retention_days is not None:
        report.items_purged = index.purge_older_than(retention_days)
    report.duration_s = round(time.monotonic() - started, 3)
    return report
