"""The complexity guards' clock (tests/support/cpu_budget.py): the calling thread's CPU time, with
the cyclic collector paused inside the block and restored after it."""

from __future__ import annotations

import gc

from tests.support.cpu_budget import thread_cpu


def test_the_collector_is_paused_inside_the_block_and_restored_after() -> None:
    # Given the collector on (as in every test)
    assert gc.isenabled()
    # When a block is measured
    with thread_cpu() as cpu:
        inside = gc.isenabled()
        sum(i * i for i in range(10_000))
    # Then it ran without the collector, which is back on after it, and its time is counted
    assert not inside
    assert gc.isenabled()
    assert cpu.seconds >= 0.0


def test_a_collector_that_was_off_stays_off() -> None:
    # Given a test that turned the collector off itself
    gc.disable()
    try:
        # When a block is measured / Then the guard does not turn it on behind the test's back
        with thread_cpu():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_the_block_raises() -> None:
    # Given a block that fails
    try:
        with thread_cpu():
            raise ValueError("boom")
    except ValueError:
        pass
    # Then the collector is on again
    assert gc.isenabled()
