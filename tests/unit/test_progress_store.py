"""The in-memory progress store and the pipeline's step reports (issue 17, item 2)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from parallax.adapters.progress_store import InMemoryBriefProgress
from parallax.domain.errors import FetchFailed, InvalidRequest
from parallax.domain.models import Article, BriefRequest, Related
from parallax.domain.pipeline import BriefService
from parallax.domain.progress import BriefStep, checked_request_id
from tests.fakes import FakeExtractor, FakeFetcher, FakeRelated, FakeSummariser, MemoryCache

URL = "https://news.example/politics/budget"
REQUEST_ID = "3f2b9c1e-8d4a-4b7e-9f10-2a6c5d7e8f90"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the store -----------------------------------------------------------------------------------


def test_the_store_answers_the_last_step_reported() -> None:
    # Given a store, When a Brief reports fetching then reading
    store = InMemoryBriefProgress()
    store.report(REQUEST_ID, "fetching")
    store.report(REQUEST_ID, "reading")
    # Then its id answers reading, and an id never reported answers nothing
    assert store.current(REQUEST_ID) == "reading"
    assert store.current("never-reported-id-0000") is None


def test_done_is_final_for_a_brief_that_timed_out() -> None:
    # Given a Brief answered (done), When its worker still reaches a later step
    store = InMemoryBriefProgress()
    store.report(REQUEST_ID, "done")
    store.report(REQUEST_ID, "summarising")
    # Then the store still says done
    assert store.current(REQUEST_ID) == "done"


def test_entries_expire_after_the_ttl() -> None:
    # Given a store with a 60 s TTL and a report
    clock = Clock()
    store = InMemoryBriefProgress(ttl_s=60, clock=clock)
    store.report(REQUEST_ID, "fetching")
    # When 59 s pass, Then it is known; When 60 s pass, Then it is gone
    clock.now += 59
    assert store.current(REQUEST_ID) == "fetching"
    clock.now += 1
    assert store.current(REQUEST_ID) is None
    assert len(store) == 0


def test_a_client_sending_new_ids_cannot_grow_the_store() -> None:
    # Given a store of at most 8 entries, When 1000 ids are reported
    store = InMemoryBriefProgress(max_entries=8)
    for n in range(1000):
        store.report(f"request-id-{n:08d}", "fetching")
    # Then 8 are kept, the newest
    assert len(store) == 8
    assert store.current("request-id-00000999") == "fetching"
    assert store.current("request-id-00000000") is None


def test_reports_from_many_threads_are_safe() -> None:
    # Given a small store, When 8 threads report and read 500 ids each at once
    store = InMemoryBriefProgress(max_entries=64)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(500):
                request_id = f"worker-{worker}-request-{n:06d}"
                store.report(request_id, "reading")
                store.current(request_id)
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then nothing failed and the bound held
    assert errors == [] and len(store) == 64


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValueError):
        InMemoryBriefProgress(max_entries=0)
    with pytest.raises(ValueError):
        InMemoryBriefProgress(ttl_s=0)


@pytest.mark.parametrize(
    "bad", ["", "short", "x" * 65, "../../etc/passwd-xxxxxxx", "id with spaces 12345", "ü" * 20]
)
def test_malformed_request_ids_are_refused(bad: str) -> None:
    with pytest.raises(InvalidRequest):
        checked_request_id(bad)


def test_a_uuid_is_a_request_id() -> None:
    assert checked_request_id(REQUEST_ID) == REQUEST_ID


# --- the pipeline reports its steps --------------------------------------------------------------


@dataclass
class RecordingProgress:
    steps: list[tuple[str, BriefStep]] = field(default_factory=list)

    def report(self, request_id: str, step: BriefStep) -> None:
        self.steps.append((request_id, step))

    def current(self, request_id: str) -> BriefStep | None:
        return None


class SlowRelated(FakeRelated):
    def find(
        self, article: Article, language: str, include_other_languages: bool, max_items: int
    ) -> Related:
        time.sleep(0.3)
        return super().find(article, language, include_other_languages, max_items)


def _service(progress: RecordingProgress, **overrides: object) -> BriefService:
    parts: dict[str, object] = {
        "fetcher": FakeFetcher(),
        "cache": MemoryCache(),
        "summariser": FakeSummariser(),
        "extractor": FakeExtractor(),
        "cache_ttl_s": 60,
        "related": SlowRelated(),
        "progress": progress,
    }
    parts.update(overrides)
    return BriefService(**parts)  # type: ignore[arg-type]


def test_a_fetched_brief_reports_each_step_in_order() -> None:
    # Given a service whose related step outlasts the summary
    progress = RecordingProgress()
    service = _service(progress)
    # When a Brief of a URL is made with a request id
    service.brief(BriefRequest(url=URL), request_id=REQUEST_ID)
    # Then it went through every step, under that id, and ended done
    assert progress.steps == [
        (REQUEST_ID, "fetching"),
        (REQUEST_ID, "reading"),
        (REQUEST_ID, "summarising"),
        (REQUEST_ID, "finding_coverage"),
        (REQUEST_ID, "done"),
    ]


def test_a_brief_of_client_html_does_not_say_fetching() -> None:
    # Given the page's HTML in the request, When the Brief is made without related coverage
    progress = RecordingProgress()
    service = _service(progress, related=None)
    service.brief(BriefRequest(url=URL, html="<p>x</p>"), request_id=REQUEST_ID)
    # Then nothing was fetched, so nothing says so
    assert [step for _, step in progress.steps] == ["reading", "summarising", "done"]


def test_a_refused_brief_still_ends_done() -> None:
    # Given a page that cannot be fetched, When its Brief is asked for with an id
    progress = RecordingProgress()
    service = _service(progress, fetcher=FakeFetcher(error=FetchFailed("HTTP 404")))
    with pytest.raises(FetchFailed):
        service.brief(BriefRequest(url=URL), request_id=REQUEST_ID)
    # Then the waiting client is told done, not left at fetching
    assert [step for _, step in progress.steps] == ["fetching", "done"]


def test_without_a_request_id_nothing_is_reported() -> None:
    progress = RecordingProgress()
    _service(progress).brief(BriefRequest(url=URL))
    assert progress.steps == []
