"""Ingest end to end against a loopback feed server: conditional GET, failure isolation and
backoff, crash safety, retention, the CLI, and the guarded fetcher's feed mode.

Only 127.0.0.1 is ever dialled; item links point at ``*.example`` hosts that nothing fetches.
"""

from __future__ import annotations

import argparse
import email.utils
import io
import json
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.adapters.feed_state import FeedState, SqliteFeedStateStore
from parallax.adapters.fetcher import HTML_MEDIA, FetchPolicy, GuardedFetcher
from parallax.domain.errors import UnsupportedMedia
from parallax.domain.ports import StoryQuery
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry
from parallax.ingest.cli import add_ingest_command
from parallax.ingest.runner import (
    BACKOFF_BASE_S,
    FEED_MEDIA,
    IngestReport,
    IngestRunner,
    ingest_directory,
    run_forever,
)
from tests.support.feed_server import FeedServer, Route

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z
RECENT = "Mon, 06 May 2024 09:00:00 GMT"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer()
    yield running
    running.stop()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def today() -> str:
    """An RFC 822 date of now, read when the test starts (never at collection: a suite collected
    before midnight UTC would date a later test's feeds yesterday). The command line runs on the
    real clock, so its feeds are dated today."""
    return email.utils.formatdate(usegmt=True)


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def rss(outlet: str, items: Iterable[tuple[str, ...]]) -> bytes:
    """An RSS 2.0 feed of (slug, title[, pubDate]) items, dated RECENT unless given."""
    body = "".join(
        f"<item><title>{title}</title><link>https://{outlet}.example/{slug}</link>"
        f"<guid isPermaLink='false'>{outlet}-{slug}</guid>"
        f"<pubDate>{date[0] if date else RECENT}</pubDate></item>"
        for slug, title, *date in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>https://{outlet}.example/</link>{body}</channel></rss>"
    ).encode()


def atom(outlet: str, items: Iterable[tuple[str, str]]) -> bytes:
    body = "".join(
        f'<entry><title>{title}</title><link href="https://{outlet}.example/{slug}"/>'
        f"<id>tag:{outlet},2024:{slug}</id><updated>2024-05-06T09:00:00Z</updated></entry>"
        for slug, title in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="fr"><title>{outlet}</title><id>urn:{outlet}</id>'
        f"<updated>2024-05-06T09:00:00Z</updated>{body}</feed>"
    ).encode()


def outlet(outlet_id: str, *feed_urls: str, languages: tuple[str, ...] = ("en",)) -> OutletEntry:
    return OutletEntry(
        id=outlet_id,
        name=outlet_id.title(),
        domains=(f"{outlet_id}.example",),
        country="GB",
        languages=languages,
        type="private",
        feeds=tuple(FeedSpec(url=url) for url in feed_urls),
    )


def fetcher_for(*ports: int) -> GuardedFetcher:
    return GuardedFetcher(
        FetchPolicy(allow_private_hosts=True, allowed_ports=frozenset(ports), timeout_s=5.0)
    )


@dataclass
class Setup:
    index: FeedIndex
    state: SqliteFeedStateStore
    clock: Clock

    def runner(self, catalogue: Catalogue, fetcher: GuardedFetcher, **kwargs: Any) -> IngestRunner:
        options: dict[str, Any] = {
            "catalogue": catalogue,
            "index": self.index,
            "state": self.state,
            "fetcher": fetcher,
            "retention_days": 14,
            "clock": self.clock,
            "jitter": lambda: 0.0,
            "concurrency": 4,
        }
        options.update(kwargs)
        return IngestRunner(**options)

    def items(self) -> list[tuple[str, str, str | None]]:
        conn = sqlite3.connect(self.index.path)
        try:
            found: list[tuple[str, str, str | None]] = conn.execute(
                "SELECT url, outlet_id, guid FROM items ORDER BY url"
            ).fetchall()
            return found
        finally:
            conn.close()


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    clock = Clock()
    path = tmp_path / "index.sqlite3"
    made = Setup(FeedIndex(path, clock=clock), SqliteFeedStateStore(path), clock)
    yield made
    made.index.close()
    made.state.close()


# --- conditional GET ----------------------------------------------------------------------------


def test_a_second_run_gets_304s_and_inserts_nothing(server: FeedServer, setup: Setup) -> None:
    # Given three feeds: one with an ETag, one with Last-Modified only, one Atom with an ETag
    server.routes["/alpha.xml"] = Route(
        rss("alpha", [("a1", "Alpha one"), ("a2", "Alpha two")]), etag='"alpha-v1"'
    )
    server.routes["/beta.xml"] = Route(
        rss("beta", [("b1", "Beta one")]), last_modified="Mon, 06 May 2024 10:00:00 GMT"
    )
    server.routes["/gamma.xml"] = Route(
        atom("gamma", [("g1", "Gamma un"), ("g2", "Gamma deux")]),
        content_type="application/atom+xml",
        etag='W/"gamma"',
    )
    catalogue = Catalogue(
        outlets=(
            outlet("alpha", server.url("/alpha.xml")),
            outlet("beta", server.url("/beta.xml")),
            outlet("gamma", server.url("/gamma.xml"), languages=("fr",)),
        )
    )
    runner = setup.runner(catalogue, fetcher_for(server.port))
    # When ingest runs twice
    first = runner.run_once()
    second = runner.run_once()
    # Then the first run stores every item and the second is all 304s, storing nothing
    assert (first.feeds_ok, first.items_inserted, first.feeds_failed) == (3, 5, 0)
    assert (second.feeds_not_modified, second.feeds_ok) == (3, 0)
    assert (second.items_inserted, second.items_updated) == (0, 0)
    assert len(setup.items()) == 5
    # And the second requests carried the stored validators
    second_requests = dict(server.requests[3:])
    assert second_requests["/alpha.xml"]["if-none-match"] == '"alpha-v1"'
    assert second_requests["/gamma.xml"]["if-none-match"] == 'W/"gamma"'
    assert second_requests["/beta.xml"]["if-modified-since"] == "Mon, 06 May 2024 10:00:00 GMT"
    states = setup.state.get_many([server.url("/alpha.xml")])
    assert states[server.url("/alpha.xml")].last_status == 304
    assert states[server.url("/alpha.xml")].etag == '"alpha-v1"'


def test_validators_that_cannot_be_sent_back_do_not_stop_the_feed(
    server: FeedServer, setup: Setup
) -> None:
    # Given feeds whose ETag or Last-Modified has a byte outside ASCII (obs-text, which RFC 9110
    # allows in an entity tag: http.server sends 'é' as the Latin-1 byte), one valid ETag beside
    server.routes["/etag.xml"] = Route(rss("alpha", [("1", "One")]), etag='"café"')
    server.routes["/dated.xml"] = Route(
        rss("beta", [("1", "Two")]), last_modified="Mon, 06 May 2024 10:00:00 GMT é"
    )
    server.routes["/plain.xml"] = Route(rss("gamma", [("1", "Three")]), etag='"v1"')
    catalogue = Catalogue(
        outlets=(
            outlet("alpha", server.url("/etag.xml")),
            outlet("beta", server.url("/dated.xml")),
            outlet("gamma", server.url("/plain.xml")),
        )
    )
    runner = setup.runner(catalogue, fetcher_for(server.port))
    # When ingest runs three times
    reports = [runner.run_once(force=True) for _ in range(3)]
    # Then no run fails a feed: the validator that cannot be sent back is not sent (a full GET,
    # which is always correct), where before every later poll failed with
    # 'internal: UnicodeEncodeError' and backed off, forever, as the stored validator stayed
    assert [(r.feeds_failed, r.feeds_ok, r.feeds_not_modified) for r in reports] == [
        (0, 3, 0),
        (0, 2, 1),
        (0, 2, 1),
    ]
    # And the ASCII validator is still sent and answered 304
    assert server.conditional["/plain.xml"] == 2
    later = [headers for path, headers in server.requests[3:] if path != "/plain.xml"]
    assert later and all("if-none-match" not in h and "if-modified-since" not in h for h in later)


def test_a_changed_feed_is_fetched_and_only_new_items_inserted(
    server: FeedServer, setup: Setup
) -> None:
    # Given a feed ingested once
    server.routes["/alpha.xml"] = Route(rss("alpha", [("a1", "Alpha one")]), etag='"v1"')
    catalogue = Catalogue(outlets=(outlet("alpha", server.url("/alpha.xml")),))
    runner = setup.runner(catalogue, fetcher_for(server.port))
    runner.run_once()
    # When it gains an item and corrects a title (new ETag)
    server.routes["/alpha.xml"] = Route(
        rss("alpha", [("a1", "Alpha one, corrected"), ("a2", "Alpha two")]), etag='"v2"'
    )
    report = runner.run_once()
    # Then one item is inserted and one updated
    assert (report.feeds_ok, report.items_inserted, report.items_updated) == (1, 1, 1)


# --- failure isolation and backoff ----------------------------------------------------------------

BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b'<rss version="2.0"><channel><title>&c;</title></channel></rss>'
)


def test_broken_feeds_are_recorded_with_backoff_and_the_rest_still_ingest(
    server: FeedServer, setup: Setup
) -> None:
    # Given one good feed and five broken ones: HTTP 500, an HTML page, an XML bomb,
    # a 404, and a port where nothing listens
    refused = closed_port()
    server.routes["/good.xml"] = Route(rss("good", [("1", "Good news")]))
    server.routes["/error.xml"] = Route(b"<h1>oops</h1>", content_type="text/html", status=500)
    server.routes["/page.xml"] = Route(
        b"<!DOCTYPE html><html><body>Subscribe to read</body></html>", content_type="text/html"
    )
    server.routes["/bomb.xml"] = Route(BOMB)
    broken_urls = {
        "error": server.url("/error.xml"),
        "page": server.url("/page.xml"),
        "bomb": server.url("/bomb.xml"),
        "missing": server.url("/missing.xml"),
        "refused": f"http://127.0.0.1:{refused}/feed.xml",
    }
    catalogue = Catalogue(
        outlets=(
            outlet("good", server.url("/good.xml")),
            *(outlet(name, url) for name, url in broken_urls.items()),
        )
    )
    runner = setup.runner(catalogue, fetcher_for(server.port, refused))

    # When ingest runs
    report = runner.run_once()

    # Then the good feed is stored and each broken one is recorded with its reason
    assert (report.feeds_ok, report.feeds_failed, report.items_inserted) == (1, 5, 1)
    errors = {failure.outlet_id: failure.error for failure in report.failures}
    assert errors["error"] == "fetch_failed: HTTP status 500"
    assert errors["page"].startswith("unsupported_media:")
    assert errors["bomb"].startswith("unsupported_media:") and "entities" in errors["bomb"]
    assert errors["missing"] == "fetch_failed: HTTP status 404"
    assert errors["refused"].startswith("fetch_failed:")
    states = setup.state.get_many(broken_urls.values())
    for state in states.values():
        assert state.consecutive_failures == 1
        assert state.next_attempt_at == "2024-05-06T13:08:20Z"  # now + 15 min, no jitter
        assert state.last_error
    assert states[broken_urls["error"]].last_status == 500
    assert states[broken_urls["refused"]].last_status is None

    # When ingest runs again before the backoff is over
    hits_before = server.hits.copy()
    again = runner.run_once()
    # Then the broken feeds are deferred, not fetched
    assert again.feeds_deferred == 5 and again.feeds_failed == 0
    assert server.hits["/error.xml"] == hits_before["/error.xml"]

    # When the backoff has passed, they are retried and back off twice as long
    setup.clock.now += BACKOFF_BASE_S + 1
    retried = runner.run_once()
    assert retried.feeds_failed == 5
    state = setup.state.get_many([broken_urls["error"]])[broken_urls["error"]]
    assert state.consecutive_failures == 2
    assert state.next_attempt_at == "2024-05-06T13:38:21Z"  # + 30 min

    # And once a feed is repaired, its failure count resets
    server.routes["/error.xml"] = Route(rss("error", [("1", "Repaired")]))
    setup.clock.now += 2 * BACKOFF_BASE_S + 1
    repaired = runner.run_once()
    fixed = setup.state.get_many([broken_urls["error"]])[broken_urls["error"]]
    assert repaired.items_inserted == 1
    assert (fixed.consecutive_failures, fixed.last_error, fixed.next_attempt_at) == (0, None, None)


def test_retry_after_is_honoured_for_429(server: FeedServer, setup: Setup) -> None:
    # Given a feed answering 429 with Retry-After: 7200
    server.routes["/busy.xml"] = Route(
        b"slow down", content_type="text/plain", status=429, headers={"Retry-After": "7200"}
    )
    catalogue = Catalogue(outlets=(outlet("busy", server.url("/busy.xml")),))
    # When it is polled
    setup.runner(catalogue, fetcher_for(server.port)).run_once()
    # Then the next attempt waits the two hours it asked for, not the 15-minute base
    state = setup.state.get_many([server.url("/busy.xml")])[server.url("/busy.xml")]
    assert state.last_status == 429
    assert state.next_attempt_at == "2024-05-06T14:53:20Z"


# --- crash safety ---------------------------------------------------------------------------------


class Killed(BaseException):
    """Stands in for the process dying (SIGKILL, a Lambda timeout) in the middle of a run."""


class KillingIndex(FeedIndex):
    """The real index, except that the N+1th feed's write never happens: the run dies first."""

    def __init__(self, path: Path, clock: Clock, survive: int) -> None:
        super().__init__(path, clock=clock)
        self.survive = survive

    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]:
        if self.survive == 0:
            raise Killed
        self.survive -= 1
        return super().upsert_items(items)


class KillingState(SqliteFeedStateStore):
    """The real state store, except that the run dies right before the N+1th put."""

    def __init__(self, path: Path, survive: int) -> None:
        super().__init__(path)
        self.survive = survive

    def put(self, state: FeedState) -> None:
        if self.survive == 0:
            raise Killed
        self.survive -= 1
        super().put(state)


def six_feeds(server: FeedServer) -> tuple[Catalogue, set[str]]:
    urls: set[str] = set()
    outlets = []
    for n in range(6):
        name = f"outlet{n}"
        items = [(f"s{k}", f"Story {k} from {name}") for k in range(4)]
        server.routes[f"/{name}.xml"] = Route(rss(name, items), etag=f'"{name}"')
        urls |= {f"https://{name}.example/s{k}" for k in range(4)}
        outlets.append(outlet(name, server.url(f"/{name}.xml")))
    return Catalogue(outlets=tuple(outlets)), urls


def test_a_run_killed_before_a_write_loses_and_duplicates_nothing(
    server: FeedServer, tmp_path: Path
) -> None:
    # Given six feeds, and a run that dies after storing three of them
    catalogue, expected = six_feeds(server)
    clock = Clock()
    path = tmp_path / "index.sqlite3"
    dying = IngestRunner(
        catalogue=catalogue,
        index=KillingIndex(path, clock, survive=3),
        state=SqliteFeedStateStore(path),
        fetcher=fetcher_for(server.port),
        retention_days=14,
        clock=clock,
    )
    with pytest.raises(Killed):
        dying.run_once()
    # When ingest is simply run again
    index, state = FeedIndex(path, clock=clock), SqliteFeedStateStore(path)
    rerun = IngestRunner(
        catalogue=catalogue,
        index=index,
        state=state,
        fetcher=fetcher_for(server.port),
        retention_days=14,
        clock=clock,
    ).run_once()
    # Then the three stored feeds answer 304, the other three are stored, and every item is
    # there exactly once
    assert (rerun.feeds_not_modified, rerun.feeds_ok) == (3, 3)
    assert rerun.items_inserted == 12
    conn = sqlite3.connect(path)
    urls = [row[0] for row in conn.execute("SELECT url FROM items")]
    conn.close()
    assert sorted(urls) == sorted(expected)
    index.close()
    state.close()


def test_a_run_killed_between_items_and_state_refetches_without_duplicates(
    server: FeedServer, tmp_path: Path
) -> None:
    # Given a run that dies after a feed's items are committed but before its ETag is stored
    catalogue, expected = six_feeds(server)
    clock = Clock()
    path = tmp_path / "index.sqlite3"
    dying = IngestRunner(
        catalogue=catalogue,
        index=FeedIndex(path, clock=clock),
        state=KillingState(path, survive=2),
        fetcher=fetcher_for(server.port),
        retention_days=14,
        clock=clock,
        concurrency=1,
    )
    with pytest.raises(Killed):
        dying.run_once()
    # When ingest runs again
    index, state = FeedIndex(path, clock=clock), SqliteFeedStateStore(path)
    rerun = IngestRunner(
        catalogue=catalogue,
        index=index,
        state=state,
        fetcher=fetcher_for(server.port),
        retention_days=14,
        clock=clock,
    ).run_once()
    # Then the feed whose state was lost is fetched in full again, and its items are not
    # inserted a second time
    assert rerun.feeds_not_modified == 2
    assert rerun.feeds_ok == 4
    assert rerun.items_inserted == 12  # three feeds never written, four items each
    assert rerun.items_updated == 0
    conn = sqlite3.connect(path)
    urls = [row[0] for row in conn.execute("SELECT url FROM items")]
    conn.close()
    assert sorted(urls) == sorted(expected)
    index.close()
    state.close()


# --- retention ----------------------------------------------------------------------------------


def test_items_past_retention_are_neither_stored_nor_kept(server: FeedServer, setup: Setup) -> None:
    # Given a stored item that has grown old, and a feed that still lists a month-old item
    old = IndexItem(
        url="https://old.example/1", outlet_id="old", title="Old", published="2024-03-01T00:00:00Z"
    )
    setup.index.upsert_items([old])
    server.routes["/mixed.xml"] = Route(
        rss("mixed", [("new", "Fresh"), ("stale", "Stale", "Fri, 05 Apr 2024 09:00:00 GMT")])
    )
    catalogue = Catalogue(outlets=(outlet("mixed", server.url("/mixed.xml")),))
    # When ingest runs with 14 days of retention
    report = setup.runner(catalogue, fetcher_for(server.port)).run_once()
    # Then the stale feed item is skipped, the old stored one purged, the fresh one kept
    assert (report.items_inserted, report.items_stale, report.items_purged) == (1, 1, 1)
    assert [row[0] for row in setup.items()] == ["https://mixed.example/new"]


# --- progress and looping -----------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_and_silent_when_piped(
    server: FeedServer, setup: Setup
) -> None:
    # Given a feed, and two runs: one reporting to a terminal, one to a pipe
    server.routes["/alpha.xml"] = Route(rss("alpha", [("1", "One")]))
    catalogue = Catalogue(outlets=(outlet("alpha", server.url("/alpha.xml")),))
    terminal, pipe = FakeTty(), io.StringIO()
    setup.runner(catalogue, fetcher_for(server.port), progress=terminal).run_once()
    setup.runner(catalogue, fetcher_for(server.port), progress=pipe).run_once()
    # Then only the terminal got a progress line
    assert "feeds: 1/1 · new " in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_run_forever_reports_each_run_and_waits_between(server: FeedServer, setup: Setup) -> None:
    # Given a runner and a fake sleep
    server.routes["/alpha.xml"] = Route(rss("alpha", [("1", "One")]), etag='"e"')
    catalogue = Catalogue(outlets=(outlet("alpha", server.url("/alpha.xml")),))
    reports: list[IngestReport] = []
    sleeps: list[float] = []
    # When it loops for two runs
    run_forever(
        setup.runner(catalogue, fetcher_for(server.port)),
        60.0,
        on_report=reports.append,
        sleep=sleeps.append,
        max_runs=2,
    )
    # Then each run is reported and it slept once, for about the interval
    assert [r.feeds_ok for r in reports] == [1, 0]
    assert [r.feeds_not_modified for r in reports] == [0, 1]
    assert len(sleeps) == 1 and 50 < sleeps[0] <= 60


# --- the command line -----------------------------------------------------------------------------


def _ingest_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="parallax")
    add_ingest_command(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["ingest", *argv])


def test_cli_once_polls_the_catalogue_and_prints_a_report(
    server: FeedServer,
    today: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a catalogue file pointing at the loopback server, and settings allowing it
    server.routes["/alpha.xml"] = Route(rss("alpha", [("1", "Loopback story", today)]), etag='"x"')
    catalogue = tmp_path / "outlets.json"
    catalogue.write_text(
        json.dumps(
            {
                "version": 1,
                "outlets": [
                    {
                        "id": "alpha",
                        "name": "Alpha",
                        "domains": ["alpha.example"],
                        "country": "GB",
                        "languages": ["en"],
                        "type": "private",
                        "feeds": [server.url("/alpha.xml")],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PARALLAX_ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.setenv("PARALLAX_ALLOWED_PORTS", str(server.port))
    args = _ingest_args(["--catalogue", str(catalogue), "--once"])
    # When `parallax ingest --once` runs
    code = args.func(args)
    # Then it exits 0 and prints one JSON report
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (report["feeds_ok"], report["items_inserted"]) == (1, 1)
    from parallax.config import Settings

    assert Settings.from_env().index_path.is_file()


def test_cli_reports_a_bad_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Given a catalogue that is not JSON
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    args = _ingest_args(["--catalogue", str(bad), "--once"])
    # Then the command exits 1 with a readable message
    assert args.func(args) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_cli_from_dir_indexes_local_files(
    tmp_path: Path, today: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a folder with a feed named after a catalogue outlet, one of an unknown outlet,
    # and a file that is not a feed
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "bbc-news--world.xml").write_bytes(
        rss("www.bbc", [("news/world-1", "Summit opens in Geneva", today)])
    )
    (folder / "local.xml").write_bytes(rss("blog.local", [("post", "Town hall vote", today)]))
    (folder / "broken.xml").write_bytes(b"<html><body>not a feed</body></html>")
    args = _ingest_args(["--from-dir", str(folder), "--once"])
    # When `parallax ingest --from-dir` runs
    code = args.func(args)
    # Then both feeds are indexed, the broken file is reported, and outlets are labelled
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (report["feeds_ok"], report["feeds_failed"], report["items_inserted"]) == (2, 1, 2)
    assert report["failures"][0]["error"].startswith("unsupported_media")
    from parallax.config import Settings

    index = FeedIndex(Settings.from_env().index_path)
    found = index.search(
        StoryQuery(
            title="Geneva summit",
            lead="",
            language="en",
            terms=(),
            published=None,
            source_url="https://x.example/",
            languages=(),
        )
    )
    index.close()
    assert [(c.outlet_name, c.outlet_domain) for c in found] == [("BBC News", "bbc.co.uk")]


def test_cli_from_dir_records_its_run_in_the_index_file(
    tmp_path: Path, today: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a folder with two feeds and a file that is not a feed
    folder = tmp_path / "feeds"
    folder.mkdir()
    for n in range(2):
        (folder / f"local-{n}.xml").write_bytes(rss("blog.local", [(f"p{n}", f"Vote {n}", today)]))
    (folder / "broken.xml").write_bytes(b"<html><body>not a feed</body></html>")
    args = _ingest_args(["--from-dir", str(folder), "--once"])
    # When `parallax ingest --once --from-dir` runs
    assert args.func(args) == 0
    capsys.readouterr()
    # Then its run is in the index file, as a poll's is (a serve beside it said "not filled"
    # while it ran): 3 files planned, 3 done, 1 failed, over
    from parallax.config import Settings

    index = FeedIndex(Settings.from_env().index_path)
    run = index.recorded_run()
    index.close()
    assert run is not None
    assert (run.running, run.feeds_total, run.feeds_done, run.feeds_failed) == (False, 3, 3, 1)


def test_ingest_directory_labels_unknown_outlets_by_host(tmp_path: Path) -> None:
    # Given a feed file from an outlet the catalogue does not know
    (tmp_path / "x.xml").write_bytes(rss("www.gazette", [("1", "Bridge reopens")]))
    index = FeedIndex(tmp_path / "index.sqlite3")
    # When the folder is ingested
    report = ingest_directory(tmp_path, index=index, catalogue=Catalogue(outlets=()))
    # Then the item is labelled with its host
    assert report.items_inserted == 1
    conn = sqlite3.connect(index.path)
    assert conn.execute("SELECT outlet_id, outlet_domain FROM items").fetchall() == [
        ("gazette.example", "gazette.example")
    ]
    conn.close()
    index.close()


# --- the guarded fetcher in feed mode -------------------------------------------------------------


def test_fetch_bytes_accepts_feeds_and_sniffs_mislabelled_ones(server: FeedServer) -> None:
    # Given the same feed served with a feed type, as text/html, without a type, and gzipped
    feed = rss("alpha", [("1", "One")])
    server.routes["/typed"] = Route(feed)
    server.routes["/as-html"] = Route(feed, content_type="text/html; charset=utf-8")
    server.routes["/untyped"] = Route(feed, content_type=None)
    server.routes["/gzipped"] = Route(feed, content_type="application/xml", gzip=True)
    fetcher = fetcher_for(server.port)
    # Then every one is accepted and the body is the decoded feed
    for path in ("/typed", "/as-html", "/untyped", "/gzipped"):
        response = fetcher.fetch_bytes(server.url(path), FEED_MEDIA)
        assert (response.status, response.body) == (200, feed), path
    # And the request asked for feeds
    assert "application/rss+xml" in server.requests[0][1]["accept"]


def test_fetch_bytes_refuses_pages_and_binaries_for_feeds(server: FeedServer) -> None:
    # Given an HTML page labelled text/html and an image where a feed should be
    server.routes["/page"] = Route(
        b"<!DOCTYPE html><html><body>" + b"x" * 2000 + b"</body></html>", content_type="text/html"
    )
    server.routes["/image"] = Route(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    fetcher = fetcher_for(server.port)
    # Then both are unsupported media for the feed rule
    for path in ("/page", "/image"):
        with pytest.raises(UnsupportedMedia):
            fetcher.fetch_bytes(server.url(path), FEED_MEDIA)


def test_fetch_bytes_returns_304_and_headers(server: FeedServer) -> None:
    # Given a feed with an ETag
    server.routes["/feed"] = Route(rss("alpha", [("1", "One")]), etag='"v7"')
    fetcher = fetcher_for(server.port)
    # When it is fetched, then fetched again with If-None-Match
    first = fetcher.fetch_bytes(server.url("/feed"), FEED_MEDIA)
    second = fetcher.fetch_bytes(
        server.url("/feed"), FEED_MEDIA, {"If-None-Match": first.headers["etag"]}
    )
    # Then the second answer is a bodiless 304 with the validator, not an error
    assert first.headers["ETag"] == '"v7"'
    assert (second.status, second.body, second.headers.get("etag")) == (304, b"", '"v7"')


def test_fetch_bytes_refuses_headers_the_fetcher_owns(server: FeedServer) -> None:
    fetcher = fetcher_for(server.port)
    for name in ("Host", "accept-encoding", "Cookie"):
        with pytest.raises(ValueError, match="set by the fetcher"):
            fetcher.fetch_bytes(server.url("/feed"), FEED_MEDIA, {name: "x"})


def test_the_page_fetcher_still_refuses_feeds(server: FeedServer) -> None:
    # Given a feed served as application/rss+xml
    server.routes["/feed"] = Route(rss("alpha", [("1", "One")]))
    fetcher = fetcher_for(server.port)
    # Then fetch() (HTML pages only) refuses it, as before the feed mode existed
    with pytest.raises(UnsupportedMedia, match="not HTML"):
        fetcher.fetch(server.url("/feed"))
    with pytest.raises(UnsupportedMedia, match="not HTML"):
        fetcher.fetch_bytes(server.url("/feed"), HTML_MEDIA)
