"""boto3 clients for the cloud adapters, and how their errors are told apart.

One place sets retries and timeouts for every AWS call Parallax makes. botocore's *standard*
retry mode backs off and retries throttling errors (``ProvisionedThroughputExceededException``,
``ThrottlingException``, ...) and transient 5xx/connection errors; what is still failing after
``aws_max_attempts`` reaches the adapter, which decides what that failure means for the reader.
Timeouts are short on purpose: botocore's default read timeout is 60 s, longer than the API
function may run, and a cache that answers slowly is worse than a miss.
"""

from __future__ import annotations

from typing import Any, Final

from botocore.exceptions import (  # type: ignore[import-untyped]
    BotoCoreError,
    ClientError,
)

from parallax.config import Settings

__all__ = [
    "AWS_ERRORS",
    "THROTTLING_CODES",
    "AwsClient",
    "aws_client",
    "error_code",
    "is_throttle",
]

AwsClient = Any
"""A boto3 low-level client. boto3 ships no type information; the adapters use a handful of
operations each, all covered by their tests against moto's server."""

AWS_ERRORS: Final[tuple[type[Exception], ...]] = (ClientError, BotoCoreError)
"""What a failed AWS call raises: an error answer (``ClientError``, with a code) or no answer
(``BotoCoreError``: connection refused, timeout, retries exhausted on a dropped connection)."""

THROTTLING_CODES: Final = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
    }
)


def aws_client(service: str, settings: Settings) -> AwsClient:
    """A new client for ``service`` with Parallax's retry and timeout policy.

    The endpoint comes from boto3's own configuration (``AWS_ENDPOINT_URL_<SERVICE>``), which is
    how the tests point it at moto's server; credentials and region likewise (Lambda sets them).
    """
    # Imported here: boto3 costs ~0.2 s to import, and only cloud backends need it.
    import boto3  # type: ignore[import-untyped]
    from botocore.config import Config  # type: ignore[import-untyped]

    config = Config(
        region_name=settings.aws_region,
        # total_max_attempts counts the first try; botocore's "max_attempts" would not.
        retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts},
        connect_timeout=settings.aws_connect_timeout_s,
        read_timeout=settings.aws_read_timeout_s,
        tcp_keepalive=True,
    )
    # A session per client: boto3's default session is not thread-safe to create clients from.
    return boto3.session.Session().client(service, config=config)


def error_code(exc: BaseException) -> str | None:
    """The AWS error code of a botocore ``ClientError`` (``"ConditionalCheckFailedException"``),
    None for anything else (connection errors, timeouts)."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error")
        if isinstance(error, dict):
            code = error.get("Code")
            return str(code) if code is not None else None
    return None


def is_throttle(exc: BaseException) -> bool:
    return error_code(exc) in THROTTLING_CODES
