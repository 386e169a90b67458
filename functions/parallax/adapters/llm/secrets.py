"""The model's API key from AWS Secrets Manager, fetched inside the time of the call that needs it.

A cold start fetches the key before its first model call. Through Powertools' ``get_secret`` the
fetch ran on botocore's defaults: 60 s to connect, 60 s per read, several attempts with backoff;
nothing cut it short, so an unreachable endpoint (a VPC without a route to Secrets Manager) held
a Brief far past its deadline. Here:

* botocore gets explicit timeouts from the time left of the current call's deadline
  (:func:`parallax.adapters.llm.deadline.call_deadline`: the Brief's time on a cold start, the
  call's own budget otherwise), and one attempt: botocore's backoff before a retry (up to
  seconds) does not fit in a Brief, and the next Brief tries again;
* the fetch runs in one daemon thread per secret that the caller waits for at most the time
  left, so a name lookup or a trickling answer (which botocore's per-read timeout does not
  bound) cannot hold the call either. A caller arriving while that fetch is still running
  waits for the same one: at most one thread per secret name is ever fetching, lingering or not.

The value is cached for ``max_age`` seconds (a warm Lambda does not call Secrets Manager per
request) and :meth:`SecretsManagerKeys.forget` drops it after a 401, so that a rotated key is
fetched anew (Powertools kept the old one for ``max_age``: every call failed 401 for up to an
hour after a rotation). ``boto3`` is imported on the first fetch. Nothing here logs the value.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from parallax.adapters.llm.deadline import clamp_timeout

__all__ = ["SECRET_FETCH_TIMEOUT_S", "SecretFetchTimeout", "SecretsManagerKeys"]

SECRET_FETCH_TIMEOUT_S: Final = 10.0
"""A fetch's bound outside any call's deadline (inside one, the time left, if shorter)."""

_CONNECT_SHARE: Final = 0.5
_MAX_CONNECT_S: Final = 3.0
"""Of the time left, what connecting may take: the rest is for the answer."""


class SecretFetchTimeout(TimeoutError):
    """The secret's fetch did not end inside the call's time (classified as a model timeout)."""


def botocore_config(seconds: float) -> Any:
    """botocore's Config for a fetch that must end within ``seconds``: connect plus one read of
    the answer fit, one attempt."""
    from botocore.config import Config  # type: ignore[import-untyped]

    connect = min(_MAX_CONNECT_S, seconds * _CONNECT_SHARE)
    return Config(
        connect_timeout=max(0.1, connect),
        read_timeout=max(0.1, seconds - connect),
        retries={"total_max_attempts": 1, "mode": "standard"},
    )


def _fetch_with_boto3(name: str, seconds: float) -> str:
    import boto3  # type: ignore[import-untyped]

    # A session per client: boto3's default session is not thread-safe to create clients from.
    # Region, credentials and endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER) are boto3's own.
    session = boto3.session.Session()
    client = session.client("secretsmanager", config=botocore_config(seconds))
    answer = client.get_secret_value(SecretId=name)
    value = answer.get("SecretString")
    if value is None:
        binary = answer.get("SecretBinary", b"")
        value = binary.decode("utf-8") if isinstance(binary, bytes) else str(binary)
    return str(value)


@dataclass
class _Fetch:
    done: threading.Event = field(default_factory=threading.Event)
    value: str | None = None
    error: BaseException | None = None


class SecretsManagerKeys:
    """``(secret name, max age in seconds) -> secret string``, bounded by the current call's
    deadline; one per process is enough (the model clients share it)."""

    def __init__(
        self,
        fetch: Callable[[str, float], str] = _fetch_with_boto3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: dict[str, tuple[str, float]] = {}
        self._running: dict[str, _Fetch] = {}

    def __call__(self, name: str, max_age: int) -> str:
        seconds = clamp_timeout(SECRET_FETCH_TIMEOUT_S)
        assert seconds is not None  # a bound was given
        with self._lock:
            cached = self._cached.get(name)
            if cached is not None and self._clock() - cached[1] < max_age:
                return cached[0]
            fetch = self._running.get(name)
            if fetch is None:
                fetch = _Fetch()
                self._running[name] = fetch
                threading.Thread(
                    target=self._run,
                    args=(name, seconds, fetch),
                    name="llm-secret-fetch",
                    daemon=True,
                ).start()
        if not fetch.done.wait(seconds):
            raise SecretFetchTimeout("the API key's fetch outlasted the model call's deadline")
        if fetch.error is not None:
            # The class only: botocore's messages name the secret's ARN, never its value, but
            # the caller reports a class name anyway.
            raise fetch.error
        assert fetch.value is not None
        return fetch.value

    def _run(self, name: str, seconds: float, fetch: _Fetch) -> None:
        try:
            fetch.value = self._fetch(name, seconds)
        except Exception as exc:
            fetch.error = exc
        finally:
            with self._lock:
                if fetch.value is not None:
                    self._cached[name] = (fetch.value, self._clock())
                self._running.pop(name, None)
            fetch.done.set()

    def forget(self, name: str) -> None:
        """Drop the cached value: the next call fetches it anew (after a 401: rotated)."""
        with self._lock:
            self._cached.pop(name, None)
