"""Ingest fan-out over SQS: the :class:`~parallax.domain.ingest_ports.FeedQueue` the scheduler
(:class:`~parallax.ingest.scheduler.FeedScheduler`) sends one message per catalogue feed to, every
15 minutes; the feed workers consume them.

A message is a :class:`~parallax.domain.ingest_ports.FeedJob` (JSON, versioned): the outlet id
and the feed URL. A message that cannot be handled (not a FeedJob, or a worker that keeps
crashing on it) is retried by SQS and then moved to the dead-letter queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Final

from aws_lambda_powertools import Logger

from parallax.adapters.aws.clients import AwsClient
from parallax.domain.ingest_ports import FanOutReport, FeedJob

__all__ = ["FanOutFailed", "SqsFeedQueue"]

logger = Logger(service="parallax", child=True)

_BATCH_MAX: Final = 10
"""SendMessageBatch takes at most 10 entries."""
_RESEND_ATTEMPTS: Final = 3


class FanOutFailed(RuntimeError):
    """Some jobs could not be queued even after resending them."""


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
