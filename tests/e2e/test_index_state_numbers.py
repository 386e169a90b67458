"""The panel tells each index state with the numbers the backend now reports (issue 13): a
`parallax serve` reading the run another process records ("filling, n of m"), and the cloud's
snapshot provider with the feeds' tally ("filling, n of m", "m of m failing"), where the panel
used to get feeds_total 0 and fell back to the sentences without numbers.

The states are made by the real providers on files (no sockets but the fake backend's), then
served to the panel as the Brief's ``related.index``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from parallax.adapters.aws.snapshot_index_provider import SnapshotIndexProvider
from parallax.adapters.feed_index import FeedIndex, IndexProvider
from parallax.adapters.index_status import SqliteRunRecorder
from parallax.domain.ingest_ports import FeedTally, SnapshotInfo
from parallax.domain.models import IndexState
from parallax.domain.timestamps import iso_utc
from tests.e2e import briefs
from tests.e2e.fake_backend import FakeBackend
from tests.e2e.harness import ExtensionBrowser, message, wait_panel_state
from tests.e2e.test_panel_details import refresh_with, show

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e


class TalliedSnapshot:
    """A published snapshot with no items yet, and the feeds' tally in its metadata."""

    def __init__(self, file: Path, tally: FeedTally) -> None:
        self._file, self._tally = file, tally

    def head(self) -> SnapshotInfo:
        return SnapshotInfo("e1", self._file.stat().st_size, self._tally.to_metadata())

    def download(self, destination: Path, etag: str) -> None:
        destination.write_bytes(self._file.read_bytes())


def _cloud_state(tmp_path: Path, tally: FeedTally, feeds_total: int) -> IndexState:
    build = FeedIndex(tmp_path / "build.sqlite3")
    build.ensure()
    build.snapshot(tmp_path / "snapshot.sqlite3")
    build.close()
    provider = SnapshotIndexProvider(
        TalliedSnapshot(tmp_path / "snapshot.sqlite3", tally),
        tmp_path / "api",
        feeds_total=feeds_total,
    )
    provider.search(briefs_query(), 5, 5.0)
    return provider.index_state()


def briefs_query() -> Any:
    from parallax.domain.ports import StoryQuery

    return StoryQuery(
        title="Harbour barrier", lead="", language="en", terms=("harbour",), published=None,
        source_url="https://source.example/a", languages=("en",),
    )  # fmt: skip


def _serve_state(tmp_path: Path) -> IndexState:
    """A serve with no poll of its own, while `parallax ingest --once` has read 37 of 120."""
    path = tmp_path / "index.sqlite3"
    FeedIndex(path).ensure()
    recorder = SqliteRunRecorder(path)
    recorder.planned(120)
    for n in range(37):
        recorder.feed_done(failed=n < 2)
    return IndexProvider(FeedIndex(path), feeds_total=120).index_state()


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_state_from_the_real_providers_is_told_with_its_numbers(
    browser: ExtensionBrowser,
    fake_backend: FakeBackend,
    fixture_site: FixtureSite,
    tmp_path: Path,
    language: str,
) -> None:
    # Given a serve reading another process's run: filling, 37 of 120
    serve = _serve_state(tmp_path / "serve")
    assert (serve.status, serve.feeds_done, serve.feeds_total) == ("filling", 37, 120)
    brief = briefs.sample_brief(related=[], index=serve.model_dump(mode="json"))
    _, panel, tab = show(browser, fake_backend, fixture_site, brief, panelLanguage=language)
    wait_panel_state(panel, "ready")
    # Then the panel says so with the numbers
    expect(panel.locator(".index-note[data-index='filling']")).to_contain_text(
        message(language, "indexFilling", "37", "120")
    )

    # Given the cloud's first fan-out: 2 of 4 feeds tried a minute ago, no item yet
    now = iso_utc(time.time() - 60)
    filling = _cloud_state(tmp_path / "cloud-filling", FeedTally(2, 0, 2, now), 4)
    assert (filling.status, filling.feeds_done, filling.feeds_total) == ("filling", 2, 4)
    refresh_with(
        browser,
        panel,
        tab,
        fake_backend,
        briefs.sample_brief(related=[], index=filling.model_dump()),
    )
    expect(panel.locator(".index-note[data-index='filling']")).to_contain_text(
        message(language, "indexFilling", "2", "4")
    )

    # Given the cloud's feeds all failing
    failing = _cloud_state(tmp_path / "cloud-failing", FeedTally(4, 4, 0, now), 4)
    assert failing.status == "failing"
    refresh_with(
        browser,
        panel,
        tab,
        fake_backend,
        briefs.sample_brief(
            related=[], index=failing.model_dump(), partial=True, failed_sources=["index"]
        ),
    )
    expect(panel.locator(".index-note[data-index='failing']")).to_have_text(
        message(language, "indexFailing", "4", "4")
    )
