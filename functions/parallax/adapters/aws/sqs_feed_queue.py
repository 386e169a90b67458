"""Ingest fan-out: one SQS message per catalogue feed, sent by the scheduler every 15 minutes and
consumed by the feed workers.

A message is a :class:`FeedJob` (JSON, versioned): the outlet id and the feed URL. The worker
looks both up in its own copy of the catalogue, which ships in the same bundle, so a message
carries no data a worker would have to trust. A message that cannot be handled (not a FeedJob,
or a worker that keeps crashing on it) is retried by SQS and then moved to the dead-letter queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict, Field

from parallax.adapters.aws.clients import AwsClient
from parallax.ingest.catalogue import Catalogue

__all__ = ["FanOutFailed", "FanOutReport", "FeedJob", "SqsFeedQueue", "feed_jobs"]

logger = Logger(service="parallax", child=True)

_BATCH_MAX: Final = 10
"""SendMessageBatch takes at most 10 entries."""
_RESEND_ATTEMPTS: Final = 3


class FeedJob(BaseModel):
    """One feed to poll."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = 1
    outlet_id: str = Field(min_length=1, max_length=64)
    feed_url: str = Field(min_length=1, max_length=2048)
    scheduled_at: str | None = None


def feed_jobs(catalogue: Catalogue, scheduled_at: str | None = None) -> list[FeedJob]:
    return [
        FeedJob(outlet_id=outlet.id, feed_url=feed.url, scheduled_at=scheduled_at)
        for outlet in catalogue.outlets
        for feed in outlet.feeds
    ]


class FanOutFailed(RuntimeError):
    """Some jobs could not be queued even after resending them."""


@dataclass(frozen=True, slots=True)
class FanOutReport:
    feeds: int
    sent: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SqsFeedQueue:
    def __init__(
        self,
        client: AwsClient,
        queue_url: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._queue_url = queue_url
        self._sleep = sleep

    def send(self, jobs: Sequence[FeedJob]) -> FanOutReport:
        """Queue every job, ten per request; entries SQS refuses as its own fault are resent.
        Raises :class:`FanOutFailed` if any are still refused (the scheduler run then fails and
        its error alarm fires; the next run queues every feed again anyway)."""
        sent = 0
        for start in range(0, len(jobs), _BATCH_MAX):
            batch = {str(n): job for n, job in enumerate(jobs[start : start + _BATCH_MAX])}
            for attempt in range(_RESEND_ATTEMPTS):
                response = self._client.send_message_batch(
                    QueueUrl=self._queue_url,
                    Entries=[
                        {"Id": entry_id, "MessageBody": job.model_dump_json()}
                        for entry_id, job in batch.items()
                    ],
                )
                sent += len(response.get("Successful", []))
                failed = response.get("Failed", [])
                if any(entry.get("SenderFault") for entry in failed):
                    # Our message is wrong (too large, bad characters): resending cannot help.
                    raise FanOutFailed(f"SQS refused {len(failed)} feed job(s) as malformed")
                batch = {entry["Id"]: batch[entry["Id"]] for entry in failed}
                if not batch:
                    break
                self._sleep(0.1 * 2**attempt)
            if batch:
                raise FanOutFailed(f"{len(batch)} feed job(s) could not be queued")
        logger.info("feed jobs queued", extra={"jobs": sent})
        return FanOutReport(feeds=len(jobs), sent=sent)
