"""Per-feed polling state in DynamoDB: the cloud :class:`~parallax.domain.ingest_ports.FeedStateStore`.

Table (``FeedStateTable`` in template.yaml): partition key ``url`` (S), one item per feed, the
fields of :class:`~parallax.domain.ingest_ports.FeedState` as attributes (absent when None).

SQS delivers a job at least once, so two workers can poll the same feed. A state is written
only if no state of a *later* attempt is stored (``last_attempt_at``, ISO 8601 UTC, compares as a
string): the newer outcome wins, whichever worker finishes last. Reads are strongly consistent
so that a worker sees the validators (ETag, Last-Modified) the previous run stored.

Errors after botocore's retries are raised: the worker's SQS record then fails and is retried,
and because items are written before state, a retry re-polls without losing anything.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from aws_lambda_powertools import Logger

from parallax.adapters.aws._items import AttributeMap, opt_int, opt_str, string, to_attributes
from parallax.adapters.aws.clients import AWS_ERRORS, AwsClient, error_code
from parallax.domain.ingest_ports import FeedState

__all__ = ["KEY_ATTRIBUTE", "DynamoFeedStateStore"]

logger = Logger(service="parallax", child=True)

KEY_ATTRIBUTE: Final = "url"
_BATCH_GET_MAX: Final = 100
_UNPROCESSED_ATTEMPTS: Final = 5
_FIELDS: Final = tuple(f.name for f in dataclasses.fields(FeedState))


def _to_item(state: FeedState) -> AttributeMap:
    return to_attributes({name: getattr(state, name) for name in _FIELDS})


def _from_item(item: AttributeMap) -> FeedState:
    return FeedState(
        url=opt_str(item, KEY_ATTRIBUTE) or "",
        outlet_id=opt_str(item, "outlet_id"),
        etag=opt_str(item, "etag"),
        last_modified=opt_str(item, "last_modified"),
        last_status=opt_int(item, "last_status"),
        last_error=opt_str(item, "last_error"),
        consecutive_failures=opt_int(item, "consecutive_failures") or 0,
        next_attempt_at=opt_str(item, "next_attempt_at"),
        last_attempt_at=opt_str(item, "last_attempt_at"),
        last_success_at=opt_str(item, "last_success_at"),
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DynamoFeedStateStore:
    """``FeedStateStore`` on a DynamoDB table."""

    def __init__(
        self,
        client: AwsClient,
        table: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._table = table
        self._sleep = sleep

    def get_many(self, urls: Iterable[str]) -> dict[str, FeedState]:
        found: dict[str, FeedState] = {}
        for chunk in _chunks(sorted(set(urls)), _BATCH_GET_MAX):
            keys: list[AttributeMap] = [{KEY_ATTRIBUTE: string(url)} for url in chunk]
            for attempt in range(_UNPROCESSED_ATTEMPTS):
                request = {self._table: {"Keys": keys, "ConsistentRead": True}}
                response = self._client.batch_get_item(RequestItems=request)
                for item in response.get("Responses", {}).get(self._table, []):
                    state = _from_item(item)
                    found[state.url] = state
                # A batch read may leave keys unprocessed under load; botocore does not retry
                # those (the call itself succeeded), so back off and ask again.
                keys = response.get("UnprocessedKeys", {}).get(self._table, {}).get("Keys", [])
                if not keys:
                    break
                self._sleep(0.05 * 2**attempt)
            else:
                # Those feeds are polled without validators this time: a full GET, not a loss.
                logger.warning("feed state keys left unread", extra={"keys": len(keys)})
        return found

    def put(self, state: FeedState) -> None:
        condition: dict[str, object] = {}
        if state.last_attempt_at is not None:
            condition = {
                "ConditionExpression": "attribute_not_exists(#url) OR #attempt <= :attempt",
                "ExpressionAttributeNames": {"#url": KEY_ATTRIBUTE, "#attempt": "last_attempt_at"},
                "ExpressionAttributeValues": {":attempt": string(state.last_attempt_at)},
            }
        try:
            self._client.put_item(TableName=self._table, Item=_to_item(state), **condition)
        except AWS_ERRORS as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise
            # Another worker stored the outcome of a later poll of this feed: it stays.
            logger.info("newer feed state kept", extra={"feed": state.url})

    def list_all(self) -> list[FeedState]:
        """Every stored state, by URL (a few hundred items: one scan, for operators and tests)."""
        states: list[FeedState] = []
        kwargs: dict[str, object] = {"TableName": self._table, "ConsistentRead": True}
        while True:
            page = self._client.scan(**kwargs)
            states.extend(_from_item(item) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return sorted(states, key=lambda s: s.url)
