"""`parallax serve` loads page reading in the background once its socket is bound (warm): /health
answers before that load ends, and a Brief asked for meanwhile is made without waiting for it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain import page_type
from parallax.domain.extraction import warm_up
from parallax.wiring import PageReadingWarmUp, lazy_brief_service
from tests.conftest import PAGES

REPO = Path(__file__).resolve().parents[2]
_SERVING = re.compile(r"Parallax serving on (http://\S+)")
_WARMED = re.compile(r"page reading: loaded in [0-9.]+ s")


def _brief_body() -> dict[str, str]:
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    return {"url": "https://www.example-news.test/a/warm", "html": html, "language": "en"}


@pytest.fixture
def held_warm_up() -> Iterator[tuple[PageReadingWarmUp, threading.Event]]:
    """A warm-up that holds until the test lets it go, then loads for real."""
    gate = threading.Event()

    def load() -> None:
        assert gate.wait(30)
        warm_up()

    yield PageReadingWarmUp(load), gate
    gate.set()


def test_health_and_a_brief_are_answered_while_the_warm_up_runs(
    tmp_path: Path, held_warm_up: tuple[PageReadingWarmUp, threading.Event]
) -> None:
    # Given a server whose page-reading warm-up has started and not ended
    warm, gate = held_warm_up
    settings = Settings(home=tmp_path, providers=("index",))
    service = lazy_brief_service(settings)
    server = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    try:
        warm.start()
        # When /health and a Brief are asked for
        health = httpx.get(f"{server.base_url}/v1/health", timeout=10)
        brief = httpx.post(f"{server.base_url}/v1/briefs", json=_brief_body(), timeout=30)
        # Then both are answered before the warm-up ends: neither waits for it
        assert health.status_code == 200
        assert brief.status_code == 200, brief.text
        assert brief.json()["article"]["language"] == "en" and brief.json()["summary"]["bullets"]
        assert not warm.done
        # And once it is let go it ends, with the models loaded
        gate.set()
        assert warm.wait(60) and warm.error is None
        assert page_type._model.cache_info().currsize == 1 and warm.seconds is not None
    finally:
        server.stop()


def test_serve_warms_up_in_the_background_after_it_answers_health(tmp_path: Path) -> None:
    # Given `parallax serve` just started, asking nothing outside this machine
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    env.update(
        PARALLAX_HOME=str(tmp_path / "home"),
        PARALLAX_PROVIDERS="index",
        PARALLAX_INGEST_INTERVAL_S="0",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "parallax.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: list[tuple[float, str]] = []
    serving = threading.Event()
    warmed = threading.Event()

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append((time.monotonic(), line))
            if _SERVING.search(line):
                serving.set()
            if _WARMED.search(line):
                warmed.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        assert serving.wait(60), "".join(line for _, line in lines)
        base_url = next(m.group(1) for _, line in lines if (m := _SERVING.search(line)))
        # When /health is asked for at once, then a Brief
        health = httpx.get(f"{base_url}/v1/health", timeout=10)
        health_answered = time.monotonic()
        brief = httpx.post(f"{base_url}/v1/briefs", json=_brief_body(), timeout=30)
        # Then /health answered before the warm-up ended, and the Brief was made
        assert health.status_code == 200
        assert brief.status_code == 200, brief.text
        assert warmed.wait(60), "".join(line for _, line in lines)
        warmed_at = next(t for t, line in lines if _WARMED.search(line))
        assert health_answered < warmed_at
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        reader.join(5)
    # And the warm-up's line came after the serving line, and the stop was clean
    text = "".join(line for _, line in lines)
    assert text.index("Parallax serving on") < text.index("page reading: loaded in")
    assert process.returncode == 0 and "Traceback" not in text
