"""`parallax serve` warms page reading in the background (warm): the warm-up object runs its load
once whoever asks, never raises, and the model loaders it fills may be called from two threads at
once (a Brief that arrives while it runs reads its page meanwhile)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from parallax.domain import page_genre, page_type
from parallax.domain.extraction import page_reading, read_page
from parallax.domain.language_id import language_model
from parallax.wiring import PageReadingWarmUp

# Every loader warm_up() fills, each a load_once of a function without arguments (cache_clear and
# cache_info as functools.cache's; tests/unit/test_load_once.py checks that two threads load once).
LOADERS: dict[str, Callable[[], Any]] = {
    "language model": language_model,
    "page-type model (trees and offer model)": page_type._model,
    "text genre weights": page_genre._genre_model,
    "compiled marker XPaths": page_type._marker_paths,
}


class _GatedLoad:
    """A load that waits for ``gate`` and counts its calls."""

    def __init__(self, fails: bool = False) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.calls = 0
        self._fails = fails

    def __call__(self) -> None:
        self.calls += 1
        self.started.set()
        assert self.gate.wait(10)
        if self._fails:
            raise MemoryError("no room for the language model")


def test_start_returns_before_the_load_ends() -> None:
    # Given a warm-up whose load takes as long as the test wants
    load = _GatedLoad()
    warm = PageReadingWarmUp(load)
    finished: list[PageReadingWarmUp] = []
    # When it is started
    thread = warm.start(on_done=finished.append)
    # Then the caller goes on while it loads, on a daemon thread (a stop does not wait for it)
    assert load.started.wait(10)
    assert not warm.done and thread.daemon and finished == []
    load.gate.set()
    assert warm.wait(10)
    thread.join(10)
    assert finished == [warm] and warm.seconds is not None and warm.error is None


def test_run_loads_once_and_a_second_caller_waits_for_that_load() -> None:
    # Given the background load under way
    load = _GatedLoad()
    warm = PageReadingWarmUp(load)
    warm.start()
    assert load.started.wait(10)
    # When another caller (the corroboration service) asks for everything loaded
    second = threading.Thread(target=warm.run)
    second.start()
    second.join(0.2)
    # Then it waits for the load under way instead of loading again
    assert second.is_alive()
    load.gate.set()
    second.join(10)
    assert not second.is_alive() and load.calls == 1
    warm.run()
    assert load.calls == 1


def test_a_failing_load_is_kept_not_raised() -> None:
    # Given a load that fails
    load = _GatedLoad(fails=True)
    load.gate.set()
    warm = PageReadingWarmUp(load)
    # When it runs (on the serve's thread or a corroboration's)
    warm.run()
    # Then nobody gets the exception: the first page read loads what it needs itself
    assert warm.done and warm.error == "MemoryError"


def test_the_default_load_is_the_extraction_packages_warm_up() -> None:
    # Given a process in which nothing of page reading's models is loaded
    for loader in LOADERS.values():
        loader.cache_clear()  # type: ignore[attr-defined]
    # When the serve's warm-up runs
    warm = PageReadingWarmUp()
    warm.run()
    # Then every loader's cache is filled
    assert warm.error is None
    assert [n for n, f in LOADERS.items() if f.cache_info().currsize == 0] == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(LOADERS))
def test_a_loader_called_from_two_threads_at_once_gives_both_the_model(name: str) -> None:
    # Given a loader whose cache is empty (load_once: the second thread waits for the first's load)
    loader = LOADERS[name]
    loader.cache_clear()  # type: ignore[attr-defined]
    start = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def call() -> None:
        start.wait(10)
        try:
            results.append(loader())
        except BaseException as exc:  # the assertion below names it
            errors.append(exc)

    # When the warm-up's thread and a Brief's thread call it at once
    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Then both get a model, the same one as a single caller would, and it stays cached
    assert errors == [] and len(results) == 2
    assert _fingerprint(results[0]) == _fingerprint(results[1]) == _fingerprint(loader())
    assert loader.cache_info().currsize == 1  # type: ignore[attr-defined]


def test_a_page_read_while_the_warm_up_runs_reads_as_after_it() -> None:
    # Given the verdict and text of a page read in a warm process
    html = page_reading._WARM_UP_HTML.replace("tram line", "cycle lane")
    expected = read_page(html, "https://example.org/news/cycle-lane")
    for loader in LOADERS.values():
        loader.cache_clear()  # type: ignore[attr-defined]
    # When the warm-up runs on its thread while a Brief's thread reads the page
    warm = PageReadingWarmUp()
    warm.start()
    reading = read_page(html, "https://example.org/news/cycle-lane")
    assert warm.wait(60) and warm.error is None
    # Then the reading is the same
    assert reading.article == expected.article and reading.judgement == expected.judgement


def _fingerprint(model: Any) -> Any:
    if isinstance(model, dict):  # the compiled XPaths: objects without equality of their own
        return sorted(model)
    if hasattr(model, "classes"):  # the language model: arrays compared by content
        return (model.classes, model.scale, bytes(model.rows), bytes(model.ptc), model.pc)
    return model
