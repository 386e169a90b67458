"""Shared fixtures. Every test gets its own PARALLAX_HOME and no test reaches the internet."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO / "tests" / "fixtures" / "pages"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A developer's own PARALLAX_* settings must not leak into tests, and tests must not write
    # into the developer's data directory.
    for name in list(os.environ):
        if name.startswith("PARALLAX_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PARALLAX_HOME", str(tmp_path / "parallax-home"))
    # Out of the box the backend asks Google News and GDELT and polls the outlets' feeds: no test
    # may. Only the local index is asked and nothing is polled, unless a test sets its own value
    # (loopback fakes, a loopback feed catalogue).
    monkeypatch.setenv("PARALLAX_PROVIDERS", "index")
    monkeypatch.setenv("PARALLAX_INGEST_INTERVAL_S", "0")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "ParallaxTest")
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    yield


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[object]:
    from tests.support.fixture_site import FixtureSite

    with FixtureSite() as site:
        yield site
