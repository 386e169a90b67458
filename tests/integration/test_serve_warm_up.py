"""`parallax serve` loads page reading in the background once its socket is bound (warm): /health
answers before that load ends, and a Brief asked for meanwhile is made without waiting for it."""

from __future__ import annotations

import re
import signal
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
from tests.support.serve_process import ServeProcess, serve_env

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
    with ServeProcess(serve_env(tmp_path / "home")) as serve:
        base_url = serve.wait_serving()
        # When /health is asked for at once, then a Brief
        health = httpx.get(f"{base_url}/v1/health", timeout=10)
        health_answered = time.monotonic()
        brief = httpx.post(f"{base_url}/v1/briefs", json=_brief_body(), timeout=30)
        # Then /health answered before the warm-up ended, and the Brief was made
        assert health.status_code == 200
        assert brief.status_code == 200, brief.text
        serve.wait_for(_WARMED)
        warmed_at = next(t for t, line in serve.timed_lines if _WARMED.search(line))
        assert health_answered < warmed_at
        returncode = serve.stop(signal.SIGTERM)
    # And the warm-up's line came after the serving line, and the stop was clean
    text = serve.stderr
    assert text.index("Parallax serving on") < text.index("page reading: loaded in")
    assert returncode == 0 and "Traceback" not in text
