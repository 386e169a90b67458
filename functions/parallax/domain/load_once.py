"""A model or table loaded on first use, by exactly one thread.

``functools.cache`` on a loader lets two threads that miss at the same moment both run it: each
finds the cache empty and loads. `parallax serve` warms page reading up in a background thread
while the first Brief may already be reading a page, so the language model (0.2 s of CPU, ~50 MB)
was loaded twice when they met. :func:`load_once` runs the load under a lock; a thread that
arrives during the load waits for that load's value instead of starting its own.

The wrapper keeps ``cache_clear`` and ``cache_info().currsize`` of ``functools.cache``: tests and
the warm-up checks use them to start from an unloaded process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import update_wrapper
from typing import Generic, NamedTuple, TypeVar

__all__ = ["CacheInfo", "LoadedOnce", "load_once"]

T_co = TypeVar("T_co", covariant=True)


class CacheInfo(NamedTuple):
    """As ``functools.cache``'s: ``misses`` counts loads, ``currsize`` is 1 once loaded."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


class _Unloaded:
    """Marks a loader that has not run yet (``None`` may be a loaded value)."""


_UNLOADED = _Unloaded()


class LoadedOnce(Generic[T_co]):
    """The value of a zero-argument loader, loaded on the first call, once per process."""

    def __init__(self, load: Callable[[], T_co]) -> None:
        self._load = load
        # A context manager rather than a Lock in the annotation: tests put an observing one here.
        self._lock: AbstractContextManager[object] = threading.Lock()
        self._value: T_co | _Unloaded = _UNLOADED
        self._hits = 0
        self._misses = 0
        update_wrapper(self, load)

    def __call__(self) -> T_co:
        value = self._value  # loaded: no lock on the path every page read takes
        if not isinstance(value, _Unloaded):
            self._hits += 1
            return value
        with self._lock:
            value = self._value  # another thread may have loaded it while this one waited
            if isinstance(value, _Unloaded):
                self._misses += 1
                value = self._load()
                self._value = value
            else:
                self._hits += 1
            return value

    def cache_clear(self) -> None:
        with self._lock:
            self._value = _UNLOADED
            self._hits = self._misses = 0

    def cache_info(self) -> CacheInfo:
        loaded = not isinstance(self._value, _Unloaded)
        return CacheInfo(self._hits, self._misses, 1, 1 if loaded else 0)


def load_once(load: Callable[[], T_co]) -> LoadedOnce[T_co]:
    """Decorator: ``load`` runs on the first call only, in one thread, however many call at once."""
    return LoadedOnce(load)
