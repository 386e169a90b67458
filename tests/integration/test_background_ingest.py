"""`parallax serve` keeps its feed index fresh by itself, against loopback feeds only.

A test catalogue (PARALLAX_CATALOGUE_PATH) lists three feeds on a loopback feed server; the
real outlets are never polled. The first poll starts with the server, a Brief made during the
poll is not delayed by it and says "filling, n of m feeds", and afterwards "filled". An interval
of 0 polls nothing; SIGTERM and Ctrl-C stop the server and its poll cleanly.
"""

from __future__ import annotations

import email.utils
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from parallax.adapters.index_status import IngestProgress
from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.ingest.background import BackgroundIngest
from parallax.wiring import build_background_ingest, build_ingest_runner, lazy_brief_service
from tests.support.feed_server import FeedServer, Route
from tests.support.pages import KESTREL_BAY_ARTICLE
from tests.support.serve_process import SERVING, ServeProcess, serve_env

REPO = Path(__file__).resolve().parents[2]
FEEDS = ("coastal-times", "bay-gazette", "harbour-post")
ARTICLE = KESTREL_BAY_ARTICLE


def rss(outlet: str, titles: list[str]) -> bytes:
    # Dated when the feed is written, not when the module is collected: in the full suite this
    # test runs minutes after collection, and the index's "newest item" age is checked below.
    today = email.utils.formatdate(usegmt=True)
    items = "".join(
        f"<item><title>{title}</title><link>https://{outlet}.example/{n}</link>"
        f"<guid isPermaLink='false'>{outlet}-{n}</guid><pubDate>{today}</pubDate></item>"
        for n, title in enumerate(titles)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}'
        f"</title><link>https://{outlet}.example/</link>{items}</channel></rss>"
    ).encode()


def _routes(gate: threading.Event | None = None) -> dict[str, Route]:
    """Three feeds; with ``gate``, all but the first wait for it (a poll held mid-way)."""
    titles = {
        "coastal-times": ["Kestrel Bay council backs tidal barrier", "Ferry strike ends"],
        "bay-gazette": ["Tidal barrier vote in Kestrel Bay: 31 to 12", "Heatwave warning"],
        "harbour-post": ["Fishermen fear barrier works in Kestrel Bay", "Cup final tonight"],
    }
    return {
        f"/{outlet}.xml": Route(rss(outlet, titles[outlet]), etag=f'"{outlet}-1"',
                                gate=None if n == 0 else gate)
        for n, outlet in enumerate(FEEDS)
    }  # fmt: skip


def _catalogue(path: Path, feeds: FeedServer) -> Path:
    outlets = [
        {
            "id": outlet,
            "name": outlet.replace("-", " ").title(),
            "domains": [f"{outlet}.example"],
            "country": "GB",
            "languages": ["en"],
            "type": "private",
            "feeds": [feeds.url(f"/{outlet}.xml")],
        }
        for outlet in FEEDS
    ]
    path.write_text(json.dumps({"version": 1, "outlets": outlets}), encoding="utf-8")
    return path


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    held = threading.Event()
    yield held
    held.set()  # never leave a feed server thread waiting


@pytest.fixture
def feeds(gate: threading.Event) -> Iterator[FeedServer]:
    server = FeedServer(_routes(gate))
    yield server
    server.stop()


def _port(feeds: FeedServer) -> int:
    port = urlsplit(feeds.base_url).port
    assert port is not None
    return port


def _settings(tmp_path: Path, feeds: FeedServer, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "home": tmp_path / "home",
        "providers": ("index",),
        "catalogue_path": _catalogue(tmp_path / "catalogue.json", feeds),
        "allow_private_hosts": True,
        "allowed_ports": (_port(feeds),),
        "cache_backend": "none",
        "ingest_interval_s": 60,
    }
    values.update(extra)
    return Settings(**values)


def _until(condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def _brief(base_url: str) -> tuple[dict[str, Any], float]:
    body = {"url": "https://kestrel-news.example/barrier", "html": ARTICLE, "language": "en"}
    started = time.perf_counter()
    response = httpx.post(f"{base_url}/v1/briefs", json=body, timeout=30)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    brief: dict[str, Any] = response.json()
    return brief, elapsed


def test_the_index_goes_from_not_filled_to_filling_to_filled_and_briefs_never_wait(
    tmp_path: Path, feeds: FeedServer, gate: threading.Event
) -> None:
    # Given `parallax serve`'s pieces on a fresh home: the background poll (not started yet)
    # and the API, sharing the poll's progress; two of the three feeds hold their answer
    settings = _settings(tmp_path, feeds)
    ingest = build_background_ingest(settings)
    assert ingest is not None
    service = lazy_brief_service(settings, ingest_progress=ingest.progress)
    server = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    try:
        # When a Brief is asked before any poll (twice: the first one builds the service)
        _brief(server.base_url)
        before, idle_s = _brief(server.base_url)
        # Then the index is "not filled", the list partial, and the Brief cached only briefly
        related = before["related"]
        assert related["index"]["status"] == "not_filled"
        assert related["index"]["feeds_total"] == 3
        assert related["partial"] is True and related["failed_sources"] == []
        assert before["cache"]["ttl_s"] == 60

        # When the poll starts and one feed of three has been read
        ingest.start()
        _until(lambda: ingest.progress.snapshot().feeds_done >= 1)
        during, poll_s = _brief(server.base_url)
        # Then the Brief says "filling, 1 of 3 feeds" and was not held by the poll (which is
        # held for up to 20 s by the gated feeds)
        index = during["related"]["index"]
        assert (index["status"], index["feeds_done"], index["feeds_total"]) == ("filling", 1, 3)
        assert index["items"] == 2
        assert during["related"]["partial"] is True
        assert poll_s < idle_s + 1.0, (poll_s, idle_s)

        # When the held feeds answer and the poll ends
        gate.set()
        _until(lambda: ingest.polls == 1)
        after, _ = _brief(server.base_url)
        # Then the index is filled with every feed's items, fresh, and the list is complete
        index = after["related"]["index"]
        assert (index["status"], index["items"], index["feeds_done"]) == ("filled", 6, 3)
        assert index["feeds_failing"] == 0
        assert 0 <= index["newest_item_age_s"] < 600
        assert after["related"]["partial"] is False
        assert after["cache"]["ttl_s"] == settings.cache_ttl_s
        assert all(feeds.hits[f"/{outlet}.xml"] == 1 for outlet in FEEDS)
    finally:
        assert ingest.stop(timeout_s=5)
        server.stop()


def test_all_feeds_failing_is_reported_as_failing(tmp_path: Path, feeds: FeedServer) -> None:
    # Given a catalogue whose feeds all answer 503
    for route in feeds.routes.values():
        route.status, route.gate = 503, None
    settings = _settings(tmp_path, feeds)
    ingest = build_background_ingest(settings)
    assert ingest is not None
    service = lazy_brief_service(settings, ingest_progress=ingest.progress)
    server = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    try:
        # When the first poll has run
        ingest.start()
        _until(lambda: ingest.polls == 1)
        brief, _ = _brief(server.base_url)
    finally:
        ingest.stop()
        server.stop()
    # Then the Brief says the index is failing (3 of 3 feeds), partial, cached briefly
    index = brief["related"]["index"]
    assert (index["status"], index["feeds_failing"], index["items"]) == ("failing", 3, 0)
    assert brief["related"]["partial"] is True and brief["cache"]["ttl_s"] == 60


@pytest.mark.parametrize(
    "extra",
    [{"ingest_interval_s": 0}, {"providers": ("google_news",)}, {"index_backend": "s3"}],
    ids=["interval-0", "index-not-asked", "cloud-snapshot"],
)
def test_no_background_poll_when_off_or_when_the_index_is_not_the_local_one(
    tmp_path: Path, feeds: FeedServer, extra: dict[str, Any]
) -> None:
    assert build_background_ingest(_settings(tmp_path, feeds, **extra)) is None


def test_the_poll_repeats_every_interval_and_survives_a_failed_poll(
    tmp_path: Path, feeds: FeedServer, gate: threading.Event
) -> None:
    # Given a poller on a short interval (only the class allows it) whose first poll crashes
    gate.set()
    settings = _settings(tmp_path, feeds)
    progress = IngestProgress()
    attempts: list[int] = []

    def runner() -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk full")
        return build_ingest_runner(settings, observer=progress)

    ingest = BackgroundIngest(runner, 0.2, progress).start()
    try:
        # When it has had time for a few rounds
        _until(lambda: ingest.polls >= 2)
    finally:
        assert ingest.stop(timeout_s=5)
    # Then it went on after the crash, and the second poll asked with the stored ETags (304)
    assert len(attempts) == 2
    assert all(feeds.conditional[f"/{outlet}.xml"] >= 1 for outlet in FEEDS)


def test_stop_ends_a_poll_held_by_slow_feeds_promptly(
    tmp_path: Path, feeds: FeedServer, gate: threading.Event
) -> None:
    # Given a poll waiting on two feeds that do not answer
    ingest = build_background_ingest(_settings(tmp_path, feeds))
    assert ingest is not None
    ingest.start()
    _until(lambda: ingest.progress.snapshot().feeds_done >= 1)
    # When the server shuts down
    started = time.monotonic()
    stopped = ingest.stop(timeout_s=5)
    # Then the poll thread ends at once, not when the feeds' fetch times out
    assert stopped and time.monotonic() - started < 2.0
    assert not ingest.progress.snapshot().running


# --- `parallax serve` as a process ---------------------------------------------------------------


def _spawn(tmp_path: Path, feeds: FeedServer, interval: str, **extra: str) -> ServeProcess:
    """`parallax serve` polling the test catalogue's loopback feeds every ``interval`` s, once it
    serves (``base_url``)."""
    env = serve_env(
        tmp_path / "home",
        **extra,
        PARALLAX_CATALOGUE_PATH=str(_catalogue(tmp_path / "catalogue.json", feeds)),
        PARALLAX_ALLOW_PRIVATE_HOSTS="1",
        PARALLAX_ALLOWED_PORTS=str(_port(feeds)),
        PARALLAX_INGEST_INTERVAL_S=interval,
    )
    serve = ServeProcess(env)
    try:
        serve.wait_serving()
    except BaseException:
        serve.kill()
        raise
    return serve


def test_serve_polls_the_feeds_at_start_and_stops_cleanly_on_sigterm(
    tmp_path: Path, feeds: FeedServer, gate: threading.Event
) -> None:
    # Given `parallax serve` started with the default-like interval and the test catalogue
    gate.set()
    serve = _spawn(tmp_path, feeds, "60")
    base_url = serve.base_url
    try:
        # When nothing but the start happens, then every feed is read (the first poll)
        _until(lambda: all(feeds.hits[f"/{outlet}.xml"] == 1 for outlet in FEEDS), 30)
        _until(lambda: _brief(base_url)[0]["related"]["index"]["status"] == "filled", 30)
    finally:
        # When it gets SIGTERM
        code = serve.stop(signal.SIGTERM)
        stderr = serve.stderr
    # Then it exits 0, having said it is stopping, without a traceback
    assert code == 0, stderr
    assert "stopping" in stderr and "Traceback" not in stderr


def test_serve_with_interval_0_polls_nothing_and_stops_on_ctrl_c(
    tmp_path: Path, feeds: FeedServer
) -> None:
    # Given `parallax serve` with PARALLAX_INGEST_INTERVAL_S=0
    serve = _spawn(tmp_path, feeds, "0")
    base_url = serve.base_url
    try:
        # When a Brief is asked (and time passes)
        brief, _ = _brief(base_url)
        time.sleep(0.5)
    finally:
        code = serve.stop(signal.SIGINT)
        stderr = serve.stderr
    # Then no feed was asked, the index is reported not filled, and Ctrl-C stops it cleanly
    assert sum(feeds.hits.values()) == 0
    assert brief["related"]["index"]["status"] == "not_filled"
    assert code == 0 and "Traceback" not in stderr


def test_serve_with_interval_0_says_how_to_fill_the_index(
    tmp_path: Path, feeds: FeedServer
) -> None:
    # Given `parallax serve` with polling off and the local index asked
    serve = _spawn(tmp_path, feeds, "0")
    base_url = serve.base_url
    try:
        _brief(base_url)  # serving: the signal handlers are in place
    finally:
        code = serve.stop(signal.SIGTERM)
    # When its start lines are read: the ones after "serving on"
    start_lines = serve.lines_after(SERVING)[:2]
    # Then they say the index is not polled and which command fills it
    assert code == 0, serve.stderr
    said = "".join(start_lines)
    assert "feed index: not polled (PARALLAX_INGEST_INTERVAL_S=0)" in said, said
    assert "parallax ingest --once" in said


def test_serve_stops_at_once_while_slow_feeds_hold_its_poll(
    tmp_path: Path, feeds: FeedServer, gate: threading.Event
) -> None:
    # Given `parallax serve` whose first poll waits on two feeds that do not answer
    serve = _spawn(tmp_path, feeds, "60")
    try:
        _until(lambda: feeds.hits[f"/{FEEDS[1]}.xml"] == 1 and feeds.hits[f"/{FEEDS[2]}.xml"] == 1)
    finally:
        # When it gets SIGTERM
        started = time.monotonic()
        code = serve.stop(signal.SIGTERM)
        stderr = serve.stderr
    # Then it exits cleanly without waiting for the held fetches (their timeout is 10 s)
    assert code == 0 and "Traceback" not in stderr, stderr
    assert time.monotonic() - started < 5.0


def test_serve_without_a_poll_reports_the_filling_that_parallax_ingest_does_in_another_process(
    tmp_path: Path, feeds: FeedServer, gate: threading.Event
) -> None:
    # Given `parallax serve` with PARALLAX_INGEST_INTERVAL_S=0 (it polls nothing itself)
    # (and no Brief cache: each Brief below must look at the index again)
    serve = _spawn(tmp_path, feeds, "0", PARALLAX_CACHE_BACKEND="none")
    base_url = serve.base_url
    env = dict(
        os.environ,
        PARALLAX_HOME=str(tmp_path / "home"),
        PARALLAX_CATALOGUE_PATH=str(tmp_path / "catalogue.json"),
        PARALLAX_ALLOW_PRIVATE_HOSTS="1",
        PARALLAX_ALLOWED_PORTS=str(_port(feeds)),
    )
    ingest: subprocess.Popen[str] | None = None
    try:
        assert _brief(base_url)[0]["related"]["index"]["status"] == "not_filled"
        # When `parallax ingest --once` runs in another process and has read one feed of three
        # (the other two hold their answer)
        ingest = subprocess.Popen(
            [sys.executable, "-m", "parallax.cli", "ingest", "--once"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip

        _until(lambda: all(feeds.hits[f"/{outlet}.xml"] == 1 for outlet in FEEDS), 30)

        def filling_one() -> bool:
            time.sleep(0.3)  # a Brief now and then: the server's rate limit is per address
            index = _brief(base_url)[0]["related"]["index"]
            return bool(index["status"] == "filling" and index["feeds_done"] == 1)

        # Then the serve's Brief says "filling, 1 of 3 feeds", from what that process recorded
        _until(filling_one, 30)
        time.sleep(0.3)
        index = _brief(base_url)[0]["related"]["index"]
        assert (index["feeds_total"], index["items"]) == (3, 2)
        # When the held feeds answer and that process ends
        gate.set()
        assert ingest.wait(30) == 0
        time.sleep(0.3)
        after = _brief(base_url)[0]["related"]["index"]
        # Then the serve says "filled" at once: 6 items, 3 of 3 feeds, none failing
        assert (after["status"], after["items"], after["feeds_done"]) == ("filled", 6, 3)
        assert after["feeds_failing"] == 0
    finally:
        gate.set()
        if ingest is not None and ingest.poll() is None:
            ingest.kill()
        serve.stop(signal.SIGTERM)
