"""AWS Lambda entry points of the cloud ingest: parse the event, call the service, answer.

    IngestSchedulerFunction  scheduler_handler        EventBridge schedule → one SQS job per feed
    FeedWorkerFunction       feed_worker_handler      SQS batch → poll each feed (partial failures)
    IndexPublisherFunction   index_publisher_handler  EventBridge schedule → FTS5 snapshot in S3

Importing this module reads nothing and opens nothing: settings and clients are built on the
first invocation (``_scheduler``/``_worker``/``_publisher``, each once per execution environment,
and only the one a function uses). The services (``FeedScheduler``, ``FeedWorker``,
``IndexPublisher``) live in ``parallax.ingest``, typed against the ports in
``parallax.domain.ingest_ports``; ``parallax.wiring`` builds them with their AWS adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from parallax.config import Settings, SettingsError, get_settings
from parallax.domain.errors import Misconfigured

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse

    from parallax.ingest.feed_worker import FeedWorker
    from parallax.ingest.index_publisher import IndexPublisher
    from parallax.ingest.scheduler import FeedScheduler

__all__ = ["feed_worker_handler", "index_publisher_handler", "scheduler_handler"]

logger = Logger(service="parallax")
metrics = Metrics(namespace="Parallax", service="parallax")
# Only AWS calls (botocore, boto3's) are traced: X-Ray's default also patches httpx and
# http.client, whose patches send our X-Amzn-Trace-Id to whoever is asked (parallax.api.handler).
tracer = Tracer(service="parallax", patch_modules=("botocore",))
# A record whose handler raises is reported back to SQS as failed (retried, then dead-lettered);
# a batch in which every record failed fails the invocation, so the error alarm sees an outage.
processor = BatchProcessor(event_type=EventType.SQS)


Service = TypeVar("Service")


def _configured(build: Callable[[Settings], Service]) -> Service:
    """``build(settings)``, or, when a setting cannot be used, one structured log line naming
    it (never its value) and a ``Misconfigured`` that fails the invocation: the Errors alarm sees
    it, and the schedule (or SQS) tries again once the settings are fixed. The raw SettingsError
    failed the worker's every record on its own, each with a trace."""
    try:
        return build(get_settings())
    except SettingsError as error:
        logger.error("misconfigured", extra=error.log_fields())
        raise Misconfigured(str(error)) from None


@cache
def _scheduler() -> FeedScheduler:
    from parallax.wiring import build_feed_scheduler

    return _configured(build_feed_scheduler)


@cache
def _worker() -> FeedWorker:
    from parallax.wiring import build_feed_worker

    return _configured(build_feed_worker)


@cache
def _publisher() -> IndexPublisher:
    from parallax.wiring import build_index_publisher

    return _configured(build_index_publisher)


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def scheduler_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = _scheduler().schedule(scheduled_at=EventBridgeEvent(event).time)
    metrics.add_metric(name="FeedJobsQueued", unit=MetricUnit.Count, value=report.sent)
    return report.to_dict()


def _poll_feed(record: SQSRecord) -> dict[str, Any]:
    from parallax.domain.ingest_ports import FeedJob

    report = _worker().process(FeedJob.model_validate_json(record.body))
    metrics.add_metric(name="FeedsFailed", unit=MetricUnit.Count, value=report.feeds_failed)
    written = report.items_inserted + report.items_updated
    metrics.add_metric(name="FeedItemsWritten", unit=MetricUnit.Count, value=written)
    return report.to_dict()


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def feed_worker_handler(
    event: dict[str, Any], context: LambdaContext
) -> PartialItemFailureResponse:
    # Built before the batch: a worker that cannot be built fails the invocation once (the batch
    # goes back to the queue as it is) instead of failing each of its records.
    _worker()
    return process_partial_response(
        event=event, record_handler=_poll_feed, processor=processor, context=context
    )


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def index_publisher_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # A scheduled event carries nothing the publisher needs but its time, kept for the logs.
    logger.append_keys(scheduled_at=EventBridgeEvent(event).time)
    report = _publisher().publish()
    metrics.add_metric(
        name="IndexItemsPublished", unit=MetricUnit.Count, value=report.items_indexed
    )
    metrics.add_metric(name="IndexSnapshotBytes", unit=MetricUnit.Bytes, value=report.bytes)
    return report.to_dict()
