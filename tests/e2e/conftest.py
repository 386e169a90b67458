"""Fixtures for the browser tests: Debian's Chromium with the extension, Firefox ESR with it,
the real backend in-process, fake backends (one for the Firefox add-on's origin), and the loopback
fixture news site (from tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.fake_backend import FakeBackend, PathBackend
from tests.e2e.firefox import FIREFOX_ORIGIN, FirefoxExtension, firefox_path
from tests.e2e.harness import EXTENSION_ORIGIN, ExtensionBrowser, chromium_path, node_modules

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

    from tests.support.fixture_site import FixtureSite


@pytest.fixture(scope="session", autouse=True)
def _extension_dev_dependencies() -> None:
    # axe-core (accessibility checks), ESLint and web-ext come from extension/'s lockfile. Installed
    # once, before any browser starts, so that a test file run alone on a fresh clone has them and
    # no timed test pays for `npm ci` half-way through.
    node_modules("axe-core/axe.min.js")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def playwright(chromium: str) -> Iterator[Playwright]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture
def browser(playwright: Playwright, chromium: str, tmp_path: Path) -> Iterator[ExtensionBrowser]:
    """A fresh profile per test: storage and activeTab grants never leak between tests."""
    instance = ExtensionBrowser(playwright, tmp_path / "profile", chromium)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def firefox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirefoxExtension]:
    """One headless Firefox ESR with the add-on per test module (a start takes seconds)."""
    path = firefox_path()
    if path is None:
        reason = "Debian's firefox-esr is not installed (apt-get install firefox-esr)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    instance = FirefoxExtension(path, tmp_path_factory.mktemp("firefox") / "gecko.log")
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def firefox_fake_backend() -> Iterator[PathBackend]:
    """A fake backend that answers by path and lets the Firefox add-on's pinned origin in, one
    per test module (its routes are set by the module's tests)."""
    with PathBackend() as backend:
        backend.origin = FIREFOX_ORIGIN
        yield backend


@pytest.fixture(scope="session")
def backend(fixture_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real backend (``parallax serve``'s server and routes) on a free loopback port."""
    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import Settings
    from parallax.wiring import lazy_brief_service

    settings = Settings(
        home=tmp_path_factory.mktemp("parallax-home"),
        allow_private_hosts=True,
        allowed_ports=(fixture_site.port,),
        cors_origins=(EXTENSION_ORIGIN,),
        # Settings built directly do not read the environment: no outside service, no polling.
        providers=("index",),
        ingest_interval_s=0,
    )
    service = lazy_brief_service(settings)
    server = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    yield server.base_url
    server.stop()


@pytest.fixture
def fake_backend() -> Iterator[FakeBackend]:
    with FakeBackend() as fake:
        yield fake
