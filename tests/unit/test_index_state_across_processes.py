"""The index's state when the poll runs in another process: ``parallax ingest --once`` in another
terminal or a cron job fills the index file that a ``parallax serve`` (with no poll of its own,
PARALLAX_INGEST_INTERVAL_S=0) searches. The file is the only channel between the two: the
runner records its progress in it, the serve's provider reads it. Files only, no sockets."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexProvider
from parallax.adapters.feed_state import SqliteFeedStateStore
from parallax.adapters.fetcher import FetchedResponse, MediaRule
from parallax.adapters.index_status import (
    HEARTBEAT_S,
    RUN_STALE_S,
    IngestProgress,
    SqliteRunRecorder,
)
from parallax.domain.errors import FetchFailed
from parallax.domain.ingest_ports import FeedState, FeedTally
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry
from parallax.ingest.runner import IngestRunner, ObserverGroup, ingest_directory

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z
FEEDS = 4


def _rss(n: int) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        f"<item><title>Harbour barrier vote number {n}</title>"
        f"<link>https://news.example/{n}</link><guid>g{n}</guid>"
        "<pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item></channel></rss>"
    ).encode()


class GatedFetcher:
    """Feed 0 answers at once; the others wait for ``gate``, and fail when ``offline``."""

    def __init__(self, *, offline: bool = False) -> None:
        self.gate = threading.Event()
        self.offline = offline

    def fetch_bytes(
        self, url: str, media: MediaRule = ..., extra_headers: Mapping[str, str] | None = None
    ) -> FetchedResponse:
        n = int(url.rsplit("feed", 1)[1].split(".", maxsplit=1)[0])
        if n > 0:
            self.gate.wait(10)
            if self.offline:
                raise FetchFailed("could not resolve the host")
        headers = {"content-type": "application/rss+xml"}
        return FetchedResponse(url, 200, headers, _rss(n), "application/rss+xml", "utf-8")


CATALOGUE = Catalogue(
    outlets=(
        OutletEntry(
            id="news-example", name="News Example", domains=("news.example",), country="GB",
            languages=("en",), type="private",
            feeds=tuple(FeedSpec(url=f"https://news.example/feed{n}.xml") for n in range(FEEDS)),
        ),
    )
)  # fmt: skip


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "index.sqlite3"


def _serve_provider(path: Path, progress: IngestProgress | None = None) -> IndexProvider:
    """The provider of a `parallax serve` that runs no poll itself (or its own, with progress)."""
    return IndexProvider(
        FeedIndex(path, clock=lambda: NOW),
        feeds_total=FEEDS,
        progress=progress,
        clock=lambda: NOW,
        state_ttl_s=30,  # the default's order: the recorded run must get through the cache
    )


def _ingest_runner(path: Path, fetcher: GatedFetcher) -> IngestRunner[FeedIndex]:
    """`parallax ingest --once` as wiring builds it: its own objects on the same file."""
    return IngestRunner(
        catalogue=CATALOGUE,
        index=FeedIndex(path, clock=lambda: NOW),
        state=SqliteFeedStateStore(path),
        fetcher=fetcher,
        retention_days=14,
        clock=lambda: NOW,
        observer=SqliteRunRecorder(path, clock=lambda: NOW),
    )


def _until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.fixture
def fetcher() -> Iterator[GatedFetcher]:
    gated = GatedFetcher()
    yield gated
    gated.gate.set()


def test_a_poll_run_by_another_process_is_filling_n_of_m_then_filled(
    path: Path, fetcher: GatedFetcher
) -> None:
    # Given a serve with no poll of its own that has already answered a Brief on the empty index
    provider = _serve_provider(path)
    assert provider.index_state().status == "not_filled"
    # When `parallax ingest --once` runs in another process and one feed of four is read
    runner = _ingest_runner(path, fetcher)
    thread = threading.Thread(target=runner.run_once)
    thread.start()
    try:
        _until(lambda: provider.index_state().feeds_done == 1)
        during = provider.index_state()
        # Then the serve says "filling, 1 of 4 feeds", with the item already read
        assert (during.status, during.feeds_done, during.feeds_total) == ("filling", 1, FEEDS)
        assert during.items == 1
    finally:
        fetcher.gate.set()
        thread.join(10)
    # When that run ends
    after = provider.index_state()
    # Then the serve says "filled", every feed done, at once (not after its 30 s cache)
    assert (after.status, after.items, after.feeds_done, after.feeds_failing) == (
        "filled",
        FEEDS,
        FEEDS,
        0,
    )


def test_an_offline_run_elsewhere_ends_failing(path: Path) -> None:
    # Given another process's run on an empty index whose other feeds cannot be reached
    fetcher = GatedFetcher(offline=True)
    provider = _serve_provider(path)
    thread = threading.Thread(target=_ingest_runner(path, fetcher).run_once)
    thread.start()
    try:
        _until(lambda: provider.index_state().feeds_done == 1)
        assert provider.index_state().status == "filling"
    finally:
        fetcher.gate.set()
        thread.join(10)
    # When it ends with 3 of 4 feeds failed and one item kept
    after = provider.index_state()
    # Then the serve reports what it recorded: filled (one item), 3 feeds failing
    assert (after.status, after.feeds_done, after.feeds_failing) == ("filled", FEEDS, 3)


def test_a_crashed_run_is_not_filling_forever(path: Path) -> None:
    # Given a run that started on the empty index and was killed (no end recorded)
    FeedIndex(path).ensure()
    started = NOW - RUN_STALE_S - 1
    recorder = SqliteRunRecorder(path, clock=lambda: started)
    recorder.planned(FEEDS)
    recorder.feed_done(failed=False)
    recorder.close()
    # When the serve is asked after its heartbeat is older than the stale limit
    state = _serve_provider(path).index_state()
    # Then it is not "filling" any more: no feed was ever recorded as read, so not filled
    assert state.status == "not_filled"


def test_a_run_with_a_recent_heartbeat_is_still_filling(path: Path) -> None:
    # Given a run that started long ago on the empty index (the runner creates the schema
    # first) and is still alive: its slow feeds are in flight
    FeedIndex(path).ensure()
    clock = [NOW - 3 * RUN_STALE_S]
    recorder = SqliteRunRecorder(path, clock=lambda: clock[0])
    recorder.planned(FEEDS, feeds_skipped=1)
    # When it beats now (the runner calls heartbeat() while it waits on fetches)
    clock[0] = NOW - 1
    recorder.heartbeat()
    # Then the serve says filling, with the skipped feed counted as done
    state = _serve_provider(path).index_state()
    assert (state.status, state.feeds_done) == ("filling", 1)


def test_the_heartbeat_is_written_at_most_every_few_seconds(path: Path) -> None:
    index = FeedIndex(path)
    index.ensure()
    clock = [NOW]
    recorder = SqliteRunRecorder(path, clock=lambda: clock[0])
    recorder.planned(FEEDS)
    before = index.recorded_run()
    # When the runner's loop calls heartbeat() every quarter second
    clock[0] = NOW + HEARTBEAT_S / 2
    recorder.heartbeat()
    # Then nothing is written before HEARTBEAT_S has passed, and it is after
    assert index.recorded_run() == before
    clock[0] = NOW + HEARTBEAT_S
    recorder.heartbeat()
    run = index.recorded_run()
    assert run is not None and run.heartbeat_at == NOW + HEARTBEAT_S


def test_a_run_that_ended_clears_only_its_own_record(path: Path) -> None:
    # Given a run by one process, then a run started by another on the same file
    FeedIndex(path).ensure()
    first = SqliteRunRecorder(path, clock=lambda: NOW)
    second = SqliteRunRecorder(path, clock=lambda: NOW)
    first.planned(FEEDS)
    second.planned(FEEDS)
    # When the first ends
    first.run_ended()
    # Then the second is still running
    run = FeedIndex(path).recorded_run()
    assert run is not None and run.running


def test_this_process_s_own_poll_wins_over_the_record(path: Path) -> None:
    # Given a run recorded by another process, 0 of 4 done, and serve's own poll, 2 of 4
    FeedIndex(path).ensure()
    SqliteRunRecorder(path, clock=lambda: NOW).planned(FEEDS)
    progress = IngestProgress()
    progress.start(unfilled=True)
    progress.planned(FEEDS)
    progress.feed_done(failed=False)
    progress.feed_done(failed=False)
    # Then the Brief follows its own poll, which it knows first-hand
    state = _serve_provider(path, progress).index_state()
    assert (state.status, state.feeds_done) == ("filling", 2)


def test_both_observers_hear_the_runner(path: Path, fetcher: GatedFetcher) -> None:
    # Given serve's own poll: in-memory progress and the file's record together
    progress = IngestProgress()
    progress.start(unfilled=True)
    recorder = SqliteRunRecorder(path, clock=lambda: NOW)
    fetcher.gate.set()
    runner = IngestRunner(
        catalogue=CATALOGUE, index=FeedIndex(path, clock=lambda: NOW),
        state=SqliteFeedStateStore(path), fetcher=fetcher, retention_days=14,
        clock=lambda: NOW, observer=ObserverGroup(progress, recorder),
    )  # fmt: skip
    # When it runs
    runner.run_once()
    # Then both counted every feed, and the file says the run is over
    assert progress.snapshot().feeds_done == FEEDS
    run = FeedIndex(path).recorded_run()
    assert run is not None and (run.running, run.feeds_done) == (False, FEEDS)


def test_a_record_that_cannot_be_written_never_stops_the_poll(tmp_path: Path) -> None:
    # Given a recorder whose file is a directory (unwritable as a database)
    blocked = tmp_path / "not-a-file"
    blocked.mkdir()
    recorder = SqliteRunRecorder(blocked)
    # When the runner reports to it, then nothing is raised
    recorder.planned(FEEDS)
    recorder.feed_done(failed=True)
    recorder.heartbeat()
    recorder.run_ended()


def test_an_index_without_a_recorded_run_has_none(path: Path) -> None:
    # Given an index filled from files (`parallax ingest --from-dir`, a snapshot): no run table
    index = FeedIndex(path, clock=lambda: NOW)
    index.ensure()
    # Then there is no recorded run, and the state comes from the file as before
    assert index.recorded_run() is None
    assert _serve_provider(path).index_state().status == "not_filled"


# --- the cloud's tally in the snapshot's metadata --------------------------------------------------


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        {"feeds-seen": "4", "feeds-failing": "x", "feeds-read": "4"},
        {"feeds-seen": "4", "feeds-failing": "-1", "feeds-read": "4"},
        {"feeds-seen": "2", "feeds-failing": "3", "feeds-read": "0"},  # more failing than tried
    ],
    ids=["absent", "not-a-number", "negative", "inconsistent"],
)
def test_a_snapshot_without_a_usable_tally_has_none(metadata: dict[str, str]) -> None:
    assert FeedTally.from_metadata(metadata) is None


def test_the_tally_round_trips_through_the_metadata() -> None:
    states = [
        FeedState(url="a", consecutive_failures=2, last_attempt_at="2024-05-06T10:00:00Z"),
        FeedState(url="b", last_attempt_at="2024-05-06T11:00:00Z", last_success_at="x"),
        FeedState(url="c", consecutive_failures=1, last_success_at="x"),
    ]
    tally = FeedTally.of(states)
    assert tally == FeedTally(3, 2, 2, "2024-05-06T11:00:00Z")
    assert FeedTally.from_metadata(tally.to_metadata()) == tally


@pytest.mark.parametrize(
    ("column", "value"),
    [("heartbeat_at", "soon"), ("feeds_done", "many"), ("feeds_total", -5)],
)
def test_a_garbled_record_is_no_run_not_an_error(path: Path, column: str, value: object) -> None:
    # Given a run record that something else wrote into the file
    FeedIndex(path).ensure()
    SqliteRunRecorder(path, clock=lambda: NOW).planned(FEEDS)
    conn = sqlite3.connect(path)
    conn.execute(f"UPDATE ingest_run SET {column} = ?", (value,))
    conn.commit()
    conn.close()
    # Then there is no run to report, and the state is the file's: not filled
    assert FeedIndex(path).recorded_run() is None
    assert _serve_provider(path).index_state().status == "not_filled"


def test_a_heartbeat_from_the_future_does_not_keep_a_run_filling(path: Path) -> None:
    # Given a run killed on a machine whose clock is an hour ahead (a shared disk)
    FeedIndex(path).ensure()
    SqliteRunRecorder(path, clock=lambda: NOW + 3600).planned(FEEDS)
    # Then it is not filling here
    assert _serve_provider(path).index_state().status == "not_filled"


# --- `parallax ingest --once --from-dir`: recorded like a poll ------------------------------------


class _PauseAfterFirstFile:
    """An observer that holds the run after its first file until ``go`` is set."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self._files = 0

    def planned(self, feeds_total: int, feeds_skipped: int = 0) -> None:
        pass

    def feed_done(self, *, failed: bool) -> None:
        self._files += 1
        if self._files == 1:
            self.go.wait(10)

    def heartbeat(self) -> None:
        pass

    def run_ended(self) -> None:
        pass


def _feed_files(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"news-{n}.xml").write_bytes(_rss(n))
    (folder / "broken.xml").write_bytes(b"<html><body>not a feed</body></html>")
    return folder


def test_a_from_dir_run_elsewhere_is_filling_n_of_m_then_filled(path: Path, tmp_path: Path) -> None:
    # Given a serve with no poll of its own on the empty index, and a folder of 3 feed files and
    # one that is not a feed (`broken.xml` sorts first: it is the run's first file)
    provider = _serve_provider(path)
    assert provider.index_state().status == "not_filled"
    folder = _feed_files(tmp_path / "feeds", 3)
    pause = _PauseAfterFirstFile()
    recorder = SqliteRunRecorder(path, clock=lambda: NOW)
    # When `parallax ingest --once --from-dir` runs in another process, held after one file
    run = threading.Thread(
        target=ingest_directory,
        args=(folder,),
        kwargs={
            "index": FeedIndex(path, clock=lambda: NOW),
            "catalogue": CATALOGUE,
            "clock": lambda: NOW,
            "observer": ObserverGroup(recorder, pause),
        },
    )
    run.start()
    try:
        _until(lambda: provider.index_state().feeds_done == 1)
        during = provider.index_state()
        # Then the serve says "filling, 1 of 4 files", that one failed (it said "not filled")
        assert (during.status, during.feeds_done, during.feeds_total) == ("filling", 1, 4)
        assert during.feeds_failing == 1
    finally:
        pause.go.set()
        run.join(10)
    # When the run ends, Then the serve says "filled" at once, with the 3 items read
    after = provider.index_state()
    assert (after.status, after.items) == ("filled", 3)
    recorded = FeedIndex(path).recorded_run()
    assert recorded is not None
    assert (recorded.running, recorded.feeds_total, recorded.feeds_done) == (False, 4, 4)
    assert recorded.feeds_failed == 1


def test_a_run_of_more_files_than_catalogue_feeds_never_says_more_done_than_total(
    path: Path, tmp_path: Path
) -> None:
    # Given a filled index, and a from-dir run elsewhere of 6 files against a catalogue of 4
    # feeds, 5 of them done
    FeedIndex(path, clock=lambda: NOW).ensure()
    ingest_directory(
        _feed_files(tmp_path / "first", 1), index=FeedIndex(path, clock=lambda: NOW),
        catalogue=CATALOGUE, clock=lambda: NOW,
    )  # fmt: skip
    recorder = SqliteRunRecorder(path, clock=lambda: NOW)
    recorder.planned(6)
    for _ in range(5):
        recorder.feed_done(failed=False)
    # When the serve is asked
    state = _serve_provider(path).index_state()
    # Then it is filled, and the feeds done are at most the catalogue's (the contract's bound)
    assert state.status == "filled"
    assert (state.feeds_done, state.feeds_total) == (FEEDS, FEEDS)


def test_a_recorder_told_to_write_progress_at_most_every_half_second_does_and_ends_exact(
    path: Path,
) -> None:
    # Given the recorder `--from-dir` uses (a file every two milliseconds or so: a write per
    # file was 4-5 % of its time)
    FeedIndex(path).ensure()
    clock = [NOW]
    recorder = SqliteRunRecorder(path, clock=lambda: clock[0], progress_every_s=0.5)
    recorder.planned(4)
    # When two files are done within half a second of the start, Then nothing is written yet
    clock[0] = NOW + 0.1
    recorder.feed_done(failed=False)
    recorder.feed_done(failed=True)
    run = FeedIndex(path).recorded_run()
    assert run is not None and run.feeds_done == 0
    # When a third is done after half a second, Then all three are written
    clock[0] = NOW + 0.6
    recorder.feed_done(failed=False)
    run = FeedIndex(path).recorded_run()
    assert run is not None and (run.feeds_done, run.feeds_failed) == (3, 1)
    # When a fourth is done at once and the run ends, Then the end writes the exact counts
    recorder.feed_done(failed=True)
    recorder.run_ended()
    run = FeedIndex(path).recorded_run()
    assert run is not None and (run.running, run.feeds_done, run.feeds_failed) == (False, 4, 2)


class _SignalAsPlannedReturns(SqliteRunRecorder):
    """The run's record, with a KeyboardInterrupt raised as its first write returns: where
    Python raises a SIGTERM that `parallax ingest` received while that write ran."""

    def planned(self, feeds_total: int, feeds_skipped: int = 0) -> None:
        super().planned(feeds_total, feeds_skipped)
        raise KeyboardInterrupt


def _signal_as_workers_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyboardInterrupt while the fetch workers start (Thread.start waits for each thread
    to run: a few milliseconds of the run in which a SIGTERM landed)."""

    def start(self: threading.Thread) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", start)


@pytest.mark.parametrize("moment", ["record-written", "workers-starting"])
def test_a_signal_at_a_run_s_start_still_ends_its_record(
    path: Path, fetcher: GatedFetcher, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    # Given `parallax ingest --once` told to stop as it records its run or starts its workers
    fetcher.gate.set()
    recorder = (
        _SignalAsPlannedReturns(path, clock=lambda: NOW)
        if moment == "record-written"
        else SqliteRunRecorder(path, clock=lambda: NOW)
    )
    if moment == "workers-starting":
        _signal_as_workers_start(monkeypatch)
    runner = IngestRunner(
        catalogue=CATALOGUE, index=FeedIndex(path, clock=lambda: NOW),
        state=SqliteFeedStateStore(path), fetcher=fetcher, retention_days=14,
        clock=lambda: NOW, observer=recorder,
    )  # fmt: skip
    # When the KeyboardInterrupt goes up through the run
    with pytest.raises(KeyboardInterrupt):
        runner.run_once()
    monkeypatch.undo()
    # Then the run it recorded is ended: a serve on the file does not say "filling" until the
    # heartbeat goes stale (3 minutes)
    run = FeedIndex(path).recorded_run()
    assert run is not None and not run.running, run
    assert _serve_provider(path).index_state().status == "not_filled"


def test_a_signal_as_a_directory_run_is_recorded_still_ends_its_record(
    path: Path, tmp_path: Path
) -> None:
    # Given `parallax ingest --from-dir` told to stop as it records its run
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "news-example.xml").write_bytes(_rss(1))
    index = FeedIndex(path, clock=lambda: NOW)
    try:
        # When the KeyboardInterrupt goes up through the run
        with pytest.raises(KeyboardInterrupt):
            ingest_directory(
                feeds,
                index=index,
                catalogue=CATALOGUE,
                clock=lambda: NOW,
                observer=_SignalAsPlannedReturns(path, clock=lambda: NOW),
            )
        # Then the run it recorded is ended
        run = index.recorded_run()
        assert run is not None and not run.running, run
    finally:
        index.close()
