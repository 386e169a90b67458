"""The feed worker: one :class:`~parallax.domain.ingest_ports.FeedJob` → one poll of one feed,
with exactly the local ingest logic.

It runs :class:`~parallax.ingest.runner.IngestRunner` — conditional GET with the stored
validators, the SSRF-guarded fetcher, safe feed parsing, retention cut-off, backoff after
failures — over a one-feed catalogue, with whatever stores it is given; in the cloud
(``wiring.build_feed_worker``) DynamoDB is behind both: feed state in the feed-state table,
items in the items table (which the index publisher turns into the snapshot the API searches). The runner writes a feed's items before the state that says they were seen,
so a worker that dies in between polls the feed again on the next delivery and loses nothing.

What counts as a failed job (the SQS record is then retried, and after a few receives moved to
the dead-letter queue): an error of DynamoDB itself. A feed that is down, slow or malformed is
not: the runner records it in the feed's state with a backoff, and the job succeeds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aws_lambda_powertools import Logger

from parallax.domain.ingest_ports import FeedFetcher, FeedJob, FeedStateStore, ItemSink
from parallax.ingest.catalogue import Catalogue
from parallax.ingest.runner import IngestReport, IngestRunner

__all__ = ["FeedWorker"]

logger = Logger(service="parallax", child=True)


class FeedWorker:
    def __init__(
        self,
        *,
        catalogue: Catalogue,
        items: ItemSink,
        state: FeedStateStore,
        fetcher: FeedFetcher,
        retention_days: int,
        max_feed_bytes: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._catalogue = catalogue
        self._items = items
        self._state = state
        self._fetcher = fetcher
        self._retention_days = retention_days
        self._max_feed_bytes = max_feed_bytes
        self._clock = clock

    def process(self, job: FeedJob) -> IngestReport:
        outlet = self._catalogue.by_id(job.outlet_id)
        feed = next((f for f in outlet.feeds if f.url == job.feed_url), None) if outlet else None
        if outlet is None or feed is None:
            # Queued by a scheduler running another catalogue version (a deploy in between):
            # nothing to poll, and nothing to retry either.
            logger.info("feed job not in this catalogue; dropped", extra={"feed": job.feed_url})
            return IngestReport()
        runner = IngestRunner(
            catalogue=Catalogue(outlets=(outlet.model_copy(update={"feeds": (feed,)}),)),
            index=self._items,
            state=self._state,
            fetcher=self._fetcher,
            retention_days=self._retention_days,
            concurrency=1,
            max_feed_bytes=self._max_feed_bytes,
            clock=self._clock,
        )
        return runner.run_once()
