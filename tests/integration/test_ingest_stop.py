"""`parallax ingest` stops on SIGTERM as on Ctrl-C: one line, no traceback, and the run it was
recording is marked ended, so a `parallax serve` reading the same index does not say "filling"
until the run's heartbeat goes stale. Before, a SIGTERM (a service manager, `timeout`, `kill`)
ended the process by the signal (exit -15) without a word, with the run left "running"."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex
from tests.integration.test_cli_serve_settings import silent_feed
from tests.support.serve_process import REPO, serve_env

__all__ = ["silent_feed"]  # the fixture, used by name


def _catalogue(path: Path, port: int) -> Path:
    outlet = {
        "id": "silent", "name": "Silent", "domains": ["silent.example"], "country": "GB",
        "languages": ["en"], "type": "private", "feeds": [f"http://127.0.0.1:{port}/feed.xml"],
    }  # fmt: skip
    path.write_text(json.dumps({"version": 1, "outlets": [outlet]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("words", "signum", "code", "said"),
    [
        (["--interval", "60"], signal.SIGTERM, 0, "parallax: stopped"),
        (["--interval", "60"], signal.SIGINT, 0, "parallax: stopped"),
        (["--once"], signal.SIGTERM, 130, "parallax: interrupted"),
    ],
    ids=["polling-sigterm", "polling-ctrl-c", "once-sigterm"],
)
def test_ingest_stops_on_a_signal_with_one_line_and_its_run_ended(
    tmp_path: Path,
    silent_feed: tuple[int, list[object]],
    words: list[str],
    signum: signal.Signals,
    code: int,
    said: str,
) -> None:
    # Given `parallax ingest` reading a feed that does not answer (a run in progress)
    port, accepted = silent_feed
    env = serve_env(
        tmp_path / "home",
        PARALLAX_CATALOGUE_PATH=str(_catalogue(tmp_path / "catalogue.json", port)),
        PARALLAX_ALLOW_PRIVATE_HOSTS="1",
        PARALLAX_ALLOWED_PORTS=str(port),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "parallax.cli", "ingest", *words],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not accepted:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the feed was never asked"
            time.sleep(0.05)
        # When it is told to stop
        started = time.monotonic()
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # Then it says so in one line, with the exit code of the way it was stopped
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == said, stderr
    # And without waiting for the fetch that hangs (its timeout is 10 s)
    assert took < 8.0, took
    # And the run it recorded is no longer taken for one in progress
    index = FeedIndex(tmp_path / "home" / "index.sqlite3")
    try:
        run = index.recorded_run()
    finally:
        index.close()
    assert run is not None and run.live_poll(time.time()) is None, run
