"""Complexity guards for hostile input, measured in the calling thread's CPU time.

A test that feeds 20,000 cards or a megabyte of text checks that the work is bounded (the first
N items read, a linear pass), not how fast this machine is: speed is the benchmarks' business
(bench/). Wall time on a shared two-core machine also counts the time spent waiting for a core,
so a guard that read the wall clock failed a CI run at 0.53 s against 0.5 while the machine was
busy. ``time.thread_time`` counts only the work itself; a quadratic blow-up still shows as
seconds to minutes, far over any bound here.

The cyclic garbage collector is paused inside the block: a collection triggered by the block's
allocations walks every object the test process holds (in the full suite, models and fixtures of
hundreds of tests), and was counted as the block's time. Parsing a 1.7 MB JSON-LD block of
20,000 items costs 0.03 s of CPU alone and 0.54 s in CI's full run; with 3 million live objects
beside it, 0.14 s with the collector and 0.02 s without.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["CpuTime", "thread_cpu"]


@dataclass
class CpuTime:
    seconds: float = 0.0


@contextmanager
def thread_cpu() -> Iterator[CpuTime]:
    """The CPU seconds the calling thread spends in the ``with`` block (set on exit)."""
    spent = CpuTime()
    collecting = gc.isenabled()
    gc.disable()
    started = time.thread_time()
    try:
        yield spent
    finally:
        spent.seconds = time.thread_time() - started
        if collecting:
            gc.enable()
