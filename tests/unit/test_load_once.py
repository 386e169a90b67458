"""load_once: a model or table loaded on first use by exactly one thread, however many ask at once.

`parallax serve` warms page reading up in a background thread while the first Brief may already be
reading a page; with ``functools.cache`` both threads ran the loads they met in (the language
model: 0.2 s of CPU and a second ~50 MB). The threads here meet deterministically: the load does
not finish until a second thread has arrived, either at the lock around it or in the load itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from types import TracebackType
from typing import Any

import pytest

from parallax.domain import page_genre, page_type
from parallax.domain.extraction import dates
from parallax.domain.language_id import language_model
from parallax.domain.load_once import LoadedOnce, load_once

# A generous bound that only a broken test reaches: the threads signal each other.
NEVER = 30.0


class _Meeting:
    """The threads seen at a load: a load waits in ``hold`` until two different threads came."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._threads: set[int] = set()
        self.loads = 0

    def arrive(self) -> None:
        with self._changed:
            self._threads.add(threading.get_ident())
            self._changed.notify_all()

    def hold(self) -> None:
        with self._changed:
            self.loads += 1
            self._threads.add(threading.get_ident())
            self._changed.notify_all()
            assert self._changed.wait_for(lambda: len(self._threads) >= 2, timeout=NEVER)

    def counting(self, load: Callable[[], Any]) -> Callable[[], Any]:
        def counted() -> Any:
            self.hold()
            return load()

        return counted


class _ObservedLock:
    """A lock that tells the meeting when a thread starts waiting for it."""

    def __init__(self, meeting: _Meeting) -> None:
        self._lock = threading.Lock()
        self._meeting = meeting

    def __enter__(self) -> _ObservedLock:
        self._meeting.arrive()
        self._lock.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._lock.release()


def _ask_from_two_threads(ask: Callable[[], object]) -> list[object]:
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(ask())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(NEVER)
    assert not any(thread.is_alive() for thread in threads)
    return got


def test_functools_cache_lets_two_threads_load_the_same_thing_twice() -> None:
    # Given a loader under functools.cache, as the models were (the race this module removes)
    meeting = _Meeting()
    loader = cache(meeting.counting(object))
    # When two threads ask for it at once
    got = _ask_from_two_threads(loader)
    # Then both loaded it, and they hold two different values
    assert meeting.loads == 2
    assert got[0] is not got[1]


def test_two_threads_asking_at_once_load_it_once_and_share_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the same loader under load_once
    meeting = _Meeting()
    loader = load_once(meeting.counting(object))
    monkeypatch.setattr(loader, "_lock", _ObservedLock(meeting))
    # When two threads ask for it at once
    got = _ask_from_two_threads(loader)
    # Then it was loaded once and both threads got that one value
    assert meeting.loads == 1
    assert got[0] is got[1]
    assert loader.cache_info().currsize == 1 and loader.cache_info().misses == 1


def test_cache_clear_makes_the_next_call_load_again() -> None:
    # Given a loaded value
    calls: list[int] = []

    @load_once
    def numbered() -> int:
        calls.append(1)
        return len(calls)

    assert numbered() == 1 and numbered() == 1
    assert numbered.cache_info().hits == 1
    # When the cache is cleared
    numbered.cache_clear()
    assert numbered.cache_info().currsize == 0
    # Then the next call loads again
    assert numbered() == 2


def test_a_failed_load_is_not_kept_and_the_next_call_tries_again() -> None:
    # Given a loader that fails once (a file being replaced, say)
    attempts: list[int] = []

    @load_once
    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("not there yet")
        return "model"

    # When it is asked twice
    with pytest.raises(OSError):
        flaky()
    # Then the second call loads, as functools.cache would
    assert flaky() == "model"
    assert flaky.cache_info().currsize == 1


def test_none_is_a_loaded_value() -> None:
    calls: list[int] = []

    @load_once
    def nothing() -> None:
        calls.append(1)

    nothing()
    nothing()
    assert calls == [1]


# What serve's warm-up loads while the first Brief may be reading a page (page_reading.warm_up).
WARM_UP_LOADERS: dict[str, LoadedOnce[object]] = {
    "language model": language_model,
    "page-type model": page_type._model,
    "text genre weights": page_genre._genre_model,
    "compiled marker XPaths": page_type._marker_paths,
    "htmldate's month names and dateparser's parser": dates.load_date_tables,
}


@pytest.mark.parametrize("name", sorted(WARM_UP_LOADERS))
def test_each_warm_up_loader_runs_once_when_two_threads_meet_in_it(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given one of the warm-up's loaders, not loaded yet
    loader = WARM_UP_LOADERS[name]
    assert isinstance(loader, LoadedOnce)
    meeting = _Meeting()
    loader.cache_clear()
    monkeypatch.setattr(loader, "_load", meeting.counting(loader._load))
    monkeypatch.setattr(loader, "_lock", _ObservedLock(meeting))
    # When the warm-up thread and a Brief's thread ask at once
    got = _ask_from_two_threads(loader)
    # Then it is loaded once and both get the same value
    assert meeting.loads == 1
    assert got[0] is got[1]
