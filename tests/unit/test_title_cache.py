"""The per-process cache of headline translations (session 18, titlecache): bounded in entries and
age, safe between threads, keyed so that another model's or another language's answer is never
served."""

from __future__ import annotations

import threading

import pytest

from parallax.adapters.llm.title_cache import MAX_CACHED_TITLE_CHARS, TitleCache, TitleKey


def key(n: int, *, language: str | None = "de", target: str = "en", model: str = "m1") -> TitleKey:
    return (f"Bericht {n} zum Haushalt", language, target, model)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_translation_is_served_for_its_exact_key_only() -> None:
    cache = TitleCache(10)
    cache.put(key(1), "Budget report 1")
    assert cache.get(key(1)) == "Budget report 1"
    # Another model, target, or language of the headline (as given, None included) is a miss
    assert cache.get(key(1, model="m2")) is None
    assert cache.get(key(1, target="fr")) is None
    assert cache.get(key(1, language=None)) is None
    assert cache.get(key(1, language="de-AT")) is None
    assert cache.get(key(2)) is None


def test_the_least_recently_used_goes_first_and_the_size_never_exceeds_the_bound() -> None:
    cache = TitleCache(3)
    for n in range(3):
        cache.put(key(n), f"t{n}")
    assert cache.get(key(0)) == "t0"  # used: now the most recent
    cache.put(key(3), "t3")
    assert len(cache) == 3
    assert cache.get(key(1)) is None  # the least recently used went
    assert [cache.get(key(n)) for n in (0, 2, 3)] == ["t0", "t2", "t3"]
    for n in range(10_000):
        cache.put(key(n), "x")
    assert len(cache) == 3


def test_a_headline_too_long_to_bound_is_not_kept() -> None:
    cache = TitleCache(10)
    long_key: TitleKey = ("x" * (MAX_CACHED_TITLE_CHARS + 1), "de", "en", "m1")
    cache.put(long_key, "y")
    assert cache.get(long_key) is None and len(cache) == 0


def test_a_translation_older_than_the_age_limit_is_not_served() -> None:
    clock = Clock()
    cache = TitleCache(10, max_age_s=60.0, clock=clock)
    cache.put(key(1), "Budget report 1")
    clock.now += 59.0
    assert cache.get(key(1)) == "Budget report 1"
    clock.now += 1.0
    assert cache.get(key(1)) is None
    assert len(cache) == 0  # dropped, not kept as dead weight


def test_by_default_a_translation_is_served_no_longer_than_a_brief_lives() -> None:
    # Given the cache as the translator makes it, and a translation put into it
    clock = Clock()
    cache = TitleCache(10, clock=clock)
    cache.put(key(1), "Budget report 1")
    # When the Brief's own time to live (6 h) has passed
    clock.now += 6 * 3600.0
    # Then it is not served: a translation a hostile neighbour in its call bent reaches no
    # Brief for longer than one Brief would keep it (before: 24 h)
    assert cache.get(key(1)) is None


def test_size_zero_keeps_nothing() -> None:
    cache = TitleCache(0)
    cache.put(key(1), "Budget report 1")
    assert cache.get(key(1)) is None and len(cache) == 0 and not cache.enabled


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="max_entries"):
        TitleCache(-1)


def test_threads_putting_and_getting_at_once_keep_it_whole_and_bounded() -> None:
    # Given 8 threads each putting and reading 2,000 keys of an overlapping range at once
    cache = TitleCache(500)
    start = threading.Barrier(8)
    wrong: list[tuple[int, str]] = []

    def work(offset: int) -> None:
        start.wait()
        for n in range(2000):
            k = key((n + offset * 250) % 3000)
            cache.put(k, k[0].upper())
            got = cache.get(k)
            # Either evicted by another thread meanwhile, or the value put for this very key
            if got is not None and got != k[0].upper():
                wrong.append((n, got))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then no key served another's value, and the bound held
    assert wrong == []
    assert len(cache) == 500


@pytest.mark.parametrize("wall_step_h", [7.0, -7.0], ids=["slept", "wall-clock-set-back"])
def test_a_translation_is_not_served_after_the_machine_slept_past_the_age_limit(
    wall_step_h: float,
) -> None:
    # Given a translation cached by a `parallax serve` on a laptop
    clock, wall = Clock(), Clock()
    cache = TitleCache(10, clock=clock, wall_clock=wall)
    cache.put(key(1), "Budget report 1")
    # When the laptop sleeps 7 hours (the monotonic clock stands still, the wall clock moves),
    # or the wall clock is set back as far
    wall.now += wall_step_h * 3600.0
    # Then it is not served: the Briefs that showed it have expired by the wall clock, and it
    # must not outlive them (before: served, its monotonic age a few seconds)
    assert cache.get(key(1)) is None
