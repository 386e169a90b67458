"""The ingest scheduler: every catalogue feed, as one job on the feed queue.

Run by the scheduler Lambda every 15 minutes; each :class:`~parallax.domain.ingest_ports.FeedJob`
names an outlet and one of its feeds, and a feed worker (:mod:`parallax.ingest.feed_worker`)
polls it. The worker looks both up in its own copy of the catalogue, so a job carries no data a
worker would have to trust.
"""

from __future__ import annotations

from parallax.domain.ingest_ports import FanOutReport, FeedJob, FeedQueue
from parallax.ingest.catalogue import Catalogue

__all__ = ["FeedScheduler", "feed_jobs"]


def feed_jobs(catalogue: Catalogue, scheduled_at: str | None = None) -> list[FeedJob]:
    return [
        FeedJob(outlet_id=outlet.id, feed_url=feed.url, scheduled_at=scheduled_at)
        for outlet in catalogue.outlets
        for feed in outlet.feeds
    ]


class FeedScheduler:
    def __init__(self, catalogue: Catalogue, queue: FeedQueue) -> None:
        self._catalogue = catalogue
        self._queue = queue

    def schedule(self, scheduled_at: str | None = None) -> FanOutReport:
        """Queue one job per feed; raises when some could not be queued (the run then fails and
        its alarm fires; the next run queues every feed again anyway)."""
        return self._queue.send(feed_jobs(self._catalogue, scheduled_at=scheduled_at))
