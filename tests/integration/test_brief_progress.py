"""A slow Brief says which step it is in: `parallax serve` on loopback, the fixture site's slow
page, the panel's request id (issue 17, item 2)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings
from parallax.wiring import lazy_brief_service
from tests.support.fixture_site import FixtureSite

EXTENSION = DEFAULT_EXTENSION_ORIGIN


@pytest.fixture
def slow_site() -> Iterator[FixtureSite]:
    with FixtureSite(slow_seconds=3.0) as site:
        yield site


@pytest.fixture
def server(slow_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    port = int(slow_site.base_url.rsplit(":", 1)[1])
    settings = Settings(
        home=tmp_path, allow_private_hosts=True, allowed_ports=(port,), providers=("index",)
    )
    service = lazy_brief_service(settings)
    local = LocalServer(
        lambda: create_app(settings, service, progress=service.progress), host="127.0.0.1", port=0
    ).start()
    yield local.base_url
    local.stop()


def test_a_slow_page_reports_fetching_while_it_waits(server: str, slow_site: FixtureSite) -> None:
    # Given a page that trickles its body for 3 s, When its Brief is asked for with a request id
    request_id = str(uuid.uuid4())
    answers: list[httpx.Response] = []
    posting = threading.Thread(
        target=lambda: answers.append(
            httpx.post(
                f"{server}/v1/briefs",
                json={"url": slow_site.url("/slow")},
                headers={"X-Parallax-Request-Id": request_id},
                timeout=30,
            )
        )
    )
    posting.start()
    # Then, while it waits, the progress route says fetching
    seen: list[str] = []
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline and "fetching" not in seen:
        response = httpx.get(f"{server}/v1/briefs/progress/{request_id}", timeout=5)
        if response.status_code == 200:
            assert response.json()["request_id"] == request_id
            seen.append(response.json()["step"])
        else:
            # Before the pipeline's first report the id is not known yet.
            assert response.status_code == 404
            assert response.headers["content-type"] == "application/problem+json"
        time.sleep(0.1)
    assert "fetching" in seen
    posting.join(timeout=30)
    # And once the Brief is answered (whatever the answer), the id says done
    assert answers and answers[0].status_code < 500
    final = httpx.get(f"{server}/v1/briefs/progress/{request_id}", timeout=5)
    assert final.json()["step"] == "done"


def test_an_id_nobody_sent_is_not_found(server: str) -> None:
    response = httpx.get(f"{server}/v1/briefs/progress/{uuid.uuid4()}", timeout=5)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_local_server_lets_the_extension_send_the_id(tmp_path: Path) -> None:
    # Given `parallax serve` with the extension's origin allowed
    settings = Settings(home=tmp_path, providers=("index",), cors_origins=(EXTENSION,))
    service = lazy_brief_service(settings)
    local = LocalServer.from_settings(
        lambda: create_app(settings, service, progress=service.progress), settings, port=0
    ).start()
    try:
        # When the browser preflights a Brief carrying the id, and a progress request
        preflight = httpx.options(
            f"{local.base_url}/v1/briefs",
            headers={
                "Origin": EXTENSION,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-parallax-request-id",
            },
        )
        progress = httpx.get(
            f"{local.base_url}/v1/briefs/progress/{uuid.uuid4()}", headers={"Origin": EXTENSION}
        )
    finally:
        local.stop()
    # Then the header is allowed, and the (not_found) answer is readable by the extension
    assert "x-parallax-request-id" in preflight.headers["access-control-allow-headers"].lower()
    assert progress.status_code == 404
    assert progress.headers["access-control-allow-origin"] == EXTENSION
