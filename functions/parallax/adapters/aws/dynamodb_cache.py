"""The Brief cache in DynamoDB: what :class:`~parallax.adapters.sqlite_cache.SqliteBriefCache` is
locally, for many Lambda instances at once.

Table (``BriefCacheTable`` in template.yaml): partition key ``key`` (S); ``body`` (B, the Brief's
JSON, zlib-compressed: write units are per KB, and Brief JSON compresses about 3x); ``stored_at``
and ``expires_at`` (N, epoch seconds). ``expires_at`` is the table's TTL attribute. DynamoDB
deletes expired items within a day or two, not at the second, so a read checks it too.

Writes are conditional: an entry is replaced only by one computed later (``stored_at`` not
newer), so a slow instance that finishes an old computation cannot overwrite a fresher Brief.

A cache must never be the reason a Brief fails: once botocore's retries are spent, a throttled
or failing read is a miss and a throttled or failing write is skipped. Each of those is counted
through ``on_event`` (a CloudWatch metric in the Lambda wiring) so an alarm can see them.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from typing import Final

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from parallax.adapters.aws._items import num, string
from parallax.adapters.aws.clients import AWS_ERRORS, AwsClient, error_code, is_throttle
from parallax.domain.models import Brief
from parallax.domain.timestamps import iso_utc

__all__ = ["KEY_ATTRIBUTE", "MAX_BODY_BYTES", "TTL_ATTRIBUTE", "DynamoBriefCache"]

logger = Logger(service="parallax", child=True)

KEY_ATTRIBUTE: Final = "key"
TTL_ATTRIBUTE: Final = "expires_at"
MAX_BODY_BYTES: Final = 350_000
"""DynamoDB items are capped at 400 KB; a bigger Brief is served uncached rather than split."""

EventSink = Callable[[str], None]
"""Receives ``CacheReadThrottled``, ``CacheReadFailed``, ``CacheWriteThrottled``,
``CacheWriteFailed``, ``CacheWriteSuperseded``, ``CacheItemTooLarge``."""


class DynamoBriefCache:
    """``BriefCache`` on a DynamoDB table."""

    def __init__(
        self,
        client: AwsClient,
        table: str,
        *,
        clock: Callable[[], float] = time.time,
        on_event: EventSink | None = None,
    ) -> None:
        self._client = client
        self._table = table
        self._clock = clock
        self._on_event = on_event

    def _event(self, name: str) -> None:
        if self._on_event is not None:
            self._on_event(name)

    def get(self, key: str) -> tuple[Brief, str] | None:
        try:
            # Eventually consistent: half the read cost, and a Brief a second stale is fine.
            response = self._client.get_item(
                TableName=self._table,
                Key={KEY_ATTRIBUTE: string(key)},
                ProjectionExpression="body, stored_at, expires_at",
            )
        except AWS_ERRORS as exc:  # an error answer or none at all: a miss either way
            throttled = is_throttle(exc)
            self._event("CacheReadThrottled" if throttled else "CacheReadFailed")
            logger.warning(
                "cache read failed; treating as a miss",
                extra={"error": error_code(exc) or type(exc).__name__, "throttled": throttled},
            )
            return None
        item = response.get("Item")
        if not item:
            return None
        try:
            expires_at = float(item[TTL_ATTRIBUTE]["N"])
            stored_at = float(item["stored_at"]["N"])
            if expires_at <= self._clock():
                return None  # expired, not yet deleted by DynamoDB's TTL sweeper
            brief = Brief.model_validate_json(zlib.decompress(item["body"]["B"]))
        except (KeyError, ValueError, zlib.error, ValidationError):
            # Another pipeline version's shape, or a damaged item: a miss, not an error.
            return None
        return brief, iso_utc(stored_at)

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        now = self._clock()
        stored = iso_utc(now)
        if ttl_s <= 0:
            return stored  # nothing would ever read it back: save the write
        body = zlib.compress(brief.model_dump_json().encode("utf-8"), 6)
        if len(body) > MAX_BODY_BYTES:
            self._event("CacheItemTooLarge")
            logger.warning("brief too large to cache", extra={"bytes": len(body)})
            return stored
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    KEY_ATTRIBUTE: string(key),
                    "body": {"B": body},
                    "stored_at": num(now),
                    TTL_ATTRIBUTE: num(int(now + ttl_s)),
                },
                ConditionExpression="attribute_not_exists(#key) OR stored_at <= :now",
                ExpressionAttributeNames={"#key": KEY_ATTRIBUTE},
                ExpressionAttributeValues={":now": num(now)},
            )
        except AWS_ERRORS as exc:  # the Brief is served uncached
            code = error_code(exc)
            if code == "ConditionalCheckFailedException":
                self._event("CacheWriteSuperseded")
            else:
                throttled = is_throttle(exc)
                self._event("CacheWriteThrottled" if throttled else "CacheWriteFailed")
                logger.warning(
                    "cache write failed; the Brief is served uncached",
                    extra={"error": code or type(exc).__name__, "throttled": throttled},
                )
        return stored
