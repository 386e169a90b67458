"""One wall-clock deadline over a whole model call, down to each socket operation.

The SDK's ``timeout`` is httpx's: a bound on each connect, write and read, not on the call. An
answer that trickles in (a byte a second, in its headers or its body) meets every read's bound
and never ends. :func:`call_deadline` sets the moment the current call must be over, in this
thread's context; the model clients' network streams (:mod:`parallax.adapters.llm.transport`)
shorten every socket operation to it, so the call fails as a timeout when it comes.

No httpx here: the caller imports this module, and the HTTP stack loads with the SDK.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

_CALL_ENDS_AT: Final[ContextVar[float | None]] = ContextVar("llm_call_ends_at", default=None)


class DeadlineReached(TimeoutError):
    """The current model call's deadline has passed (a timeout to whoever classifies it)."""


@contextmanager
def call_deadline(seconds: float) -> Iterator[None]:
    """Within the block, every socket operation of a model client in this context ends at most
    ``seconds`` from now (``time.monotonic``)."""
    token = _CALL_ENDS_AT.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _CALL_ENDS_AT.reset(token)


def clamp_timeout(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of the current call's deadline (unchanged outside
    :func:`call_deadline`); :class:`DeadlineReached` when nothing is left."""
    ends_at = _CALL_ENDS_AT.get()
    if ends_at is None:
        return timeout
    left = ends_at - time.monotonic()
    if left <= 0:
        raise DeadlineReached
    return left if timeout is None else min(timeout, left)
