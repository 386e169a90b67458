"""The Lambda handlers end to end against moto's server and a loopback feed server, with the
events AWS sends: EventBridge schedule → scheduler → SQS (moto) → feed worker (SQS batch with
partial failures) → DynamoDB → index publisher → S3 → API function (HTTP API v2 events) with the
DynamoDB cache. The chain is the deployed one; only the endpoints are loopback."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from parallax.adapters.aws.dynamodb_feed_state import DynamoFeedStateStore
from parallax.config import get_settings
from tests.cloud.events import raw_sqs_record, scheduled_event, sqs_event
from tests.cloud.feed_server import FeedServer, Route, rss
from tests.cloud.throttle_proxy import ThrottleProxy
from tests.conftest import PAGES
from tests.events import FakeLambdaContext, http_api_event

ARTICLE_URL = "https://harbour-courier.example/news/kestrel-bay-tidal-barrier"


def _catalogue(server: FeedServer) -> dict[str, Any]:
    def outlet(oid: str, name: str, domain: str, feed: str) -> dict[str, Any]:
        return {
            "id": oid, "name": name, "domains": [domain], "country": "GB", "languages": ["en"],
            "type": "private", "feeds": [server.url(feed)],
        }  # fmt: skip

    return {
        "version": 1,
        "outlets": [
            outlet("coastal-times", "Coastal Times", "coastal-times.example", "/coastal.xml"),
            outlet("bay-gazette", "Bay Gazette", "bay-gazette.example", "/gazette.xml"),
            outlet("broken-news", "Broken News", "broken-news.example", "/broken.xml"),
        ],
    }


@dataclass
class Cloud:
    now: datetime  # the test's one reading of the clock: feeds and article are dated from it
    env: dict[str, str]
    server: FeedServer
    queue_url: str
    queue_arn: str
    dlq_url: str
    sqs: Any
    dynamodb: Any
    s3: Any

    def receive(
        self, max_messages: int = 10, visibility_s: int | None = None
    ) -> list[dict[str, Any]]:
        """What the Lambda poller would take off the queue (``visibility_s=0`` makes a failed
        message visible again at once, instead of after the queue's 900 s)."""
        got: list[dict[str, Any]] = []
        extra = {} if visibility_s is None else {"VisibilityTimeout": visibility_s}
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=min(10, max_messages - len(got)),
                AttributeNames=["All"],
                **extra,
            ).get("Messages", [])
            if not batch:
                return got
            got.extend(batch)
            if len(got) >= max_messages:
                return got


@pytest.fixture
def now() -> datetime:
    """The clock read once per test, when it starts, never at collection: a suite collected
    before midnight UTC would date a late test's feeds yesterday while the handlers' window of
    days looks at today."""
    return datetime.now(tz=UTC).replace(microsecond=0)


@pytest.fixture
def cloud(
    now: datetime,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_table: Callable[[str], str],
    make_bucket: Callable[[], str],
    make_queues: Callable[[], tuple[str, str]],
    sqs: Any,
    dynamodb: Any,
    s3: Any,
) -> Iterator[Cloud]:
    server = FeedServer()
    hours_ago = [now - timedelta(hours=h) for h in (1, 2, 3)]
    server.routes["/coastal.xml"] = Route(
        rss("Coastal Times", [
            ("https://coastal-times.example/2026/kestrel-bay-barrier",
             "Kestrel Bay votes for £48m tidal flood barrier across its harbour", hours_ago[0]),
            ("https://coastal-times.example/2026/cricket",
             "County cricket season opens with a washout", hours_ago[1]),
        ]),
        etag='"coastal-1"',
    )  # fmt: skip
    server.routes["/gazette.xml"] = Route(
        rss("Bay Gazette", [
            ("https://bay-gazette.example/news/tidal-barrier-vote",
             "Councillors back Kestrel Bay tidal barrier after record surge", hours_ago[2]),
        ])
    )  # fmt: skip
    server.routes["/broken.xml"] = Route(
        b"upstream exploded", status=500, content_type="text/plain"
    )
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps(_catalogue(server)), encoding="utf-8")
    queue_url, dlq_url = make_queues()
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    env = {
        "PARALLAX_HOME": str(tmp_path / "lambda-tmp"),
        "PARALLAX_CATALOGUE_PATH": str(catalogue),
        "PARALLAX_ALLOW_PRIVATE_HOSTS": "true",
        "PARALLAX_ALLOWED_PORTS": f"80,443,{server.port}",
        "PARALLAX_FEED_QUEUE_URL": queue_url,
        "PARALLAX_FEED_STATE_BACKEND": "dynamodb",
        "PARALLAX_FEED_STATE_TABLE": make_table("FeedStateTable"),
        "PARALLAX_FEED_ITEMS_TABLE": make_table("FeedItemsTable"),
        "PARALLAX_INDEX_BUCKET": make_bucket(),
        "PARALLAX_CACHE_TABLE": make_table("BriefCacheTable"),
        "PARALLAX_PROVIDERS": "index",
        "POWERTOOLS_METRICS_DISABLED": "true",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _fresh_handlers()
    try:
        yield Cloud(now, env, server, queue_url, queue_arn, dlq_url, sqs, dynamodb, s3)
    finally:
        server.stop()
        _fresh_handlers()


def _fresh_handlers() -> None:
    # Each test is a new execution environment: settings, clients and services built anew.
    get_settings.cache_clear()
    from parallax.ingest import handlers

    for built in (handlers._scheduler, handlers._worker, handlers._publisher):
        built.cache_clear()
    sys.modules.pop("parallax.api.handler", None)


def _api_handler(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """The API handler module imported as a cold start with the Lambda's environment."""
    for name, value in {
        "PARALLAX_CACHE_BACKEND": "dynamodb",
        "PARALLAX_INDEX_BACKEND": "s3",
        **env,
    }.items():
        monkeypatch.setenv(name, value)
    _fresh_handlers()
    return importlib.import_module("parallax.api.handler")


def _article_of(day: datetime) -> str:
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    # The feed items are dated today; the article must be too for the index's window of days.
    return html.replace("2024-05-02", day.strftime("%Y-%m-%d"))


def _run_schedule(cloud: Cloud) -> list[dict[str, Any]]:
    from parallax.ingest.handlers import scheduler_handler

    report = scheduler_handler(scheduled_event("parallax-ingest"), FakeLambdaContext())
    assert report == {"feeds": 3, "sent": 3}
    return cloud.receive()


def test_the_scheduler_queues_one_job_per_catalogue_feed(cloud: Cloud) -> None:
    messages = _run_schedule(cloud)
    jobs = sorted((json.loads(m["Body"]) for m in messages), key=lambda j: j["outlet_id"])
    assert [j["outlet_id"] for j in jobs] == ["bay-gazette", "broken-news", "coastal-times"]
    assert {j["scheduled_at"] for j in jobs} == {"2026-11-29T14:00:00Z"}
    assert jobs[2]["feed_url"] == cloud.server.url("/coastal.xml")


def test_the_worker_polls_each_feed_and_fails_only_unusable_messages(cloud: Cloud) -> None:
    from parallax.ingest.handlers import feed_worker_handler

    # Given the scheduled jobs plus one message that is not a feed job
    event = sqs_event(_run_schedule(cloud), cloud.queue_arn)
    event["Records"].append(raw_sqs_record('{"outlet": "?"}', cloud.queue_arn, "poison-1"))
    # When the worker gets them as one batch
    response = feed_worker_handler(event, FakeLambdaContext())
    # Then only the malformed message is reported failed; a feed answering 500 is not a failure
    assert response == {"batchItemFailures": [{"itemIdentifier": "poison-1"}]}
    items = cloud.dynamodb.scan(TableName=cloud.env["PARALLAX_FEED_ITEMS_TABLE"])["Items"]
    assert sorted(i["outlet_id"]["S"] for i in items) == [
        "bay-gazette", "coastal-times", "coastal-times",
    ]  # fmt: skip
    states = {
        s.url.rsplit("/", 1)[-1]: s
        for s in DynamoFeedStateStore(
            cloud.dynamodb, cloud.env["PARALLAX_FEED_STATE_TABLE"]
        ).list_all()
    }
    assert states["coastal.xml"].etag == '"coastal-1"' and states["coastal.xml"].last_status == 200
    assert states["broken.xml"].consecutive_failures == 1
    assert states["broken.xml"].last_status == 500 and states["broken.xml"].next_attempt_at
    # And the next round asks with the stored ETag (304) and leaves the broken feed in backoff
    feed_worker_handler(sqs_event(_run_schedule(cloud), cloud.queue_arn), FakeLambdaContext())
    assert cloud.server.conditional["/coastal.xml"] == 1
    assert cloud.server.hits["/broken.xml"] == 1


def test_a_throttled_items_table_fails_that_record_and_keeps_the_etag_unstored(
    cloud: Cloud, throttle_proxy: ThrottleProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parallax.ingest.handlers import feed_worker_handler

    messages = {json.loads(m["Body"])["outlet_id"]: m for m in _run_schedule(cloud)}
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", throttle_proxy.url)
    monkeypatch.setenv("PARALLAX_AWS_MAX_ATTEMPTS", "2")
    _fresh_handlers()
    event = sqs_event([messages["coastal-times"], messages["broken-news"]], cloud.queue_arn)
    with throttle_proxy.throttling("UpdateItem"):
        response = feed_worker_handler(event, FakeLambdaContext())
    assert response == {
        "batchItemFailures": [{"itemIdentifier": messages["coastal-times"]["MessageId"]}]
    }
    # The feed's items were not written, so neither was its new ETag: the retry fetches it whole
    state = DynamoFeedStateStore(cloud.dynamodb, cloud.env["PARALLAX_FEED_STATE_TABLE"])
    assert state.get_many([cloud.server.url("/coastal.xml")]) == {}


def test_a_job_that_keeps_failing_ends_in_the_dead_letter_queue(
    cloud: Cloud, throttle_proxy: ThrottleProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

    from parallax.ingest.handlers import feed_worker_handler
    from tests.cloud.template import default

    cloud.sqs.purge_queue(QueueUrl=cloud.queue_url)
    cloud.sqs.send_message(
        QueueUrl=cloud.queue_url,
        MessageBody=json.dumps(
            {"outlet_id": "coastal-times", "feed_url": cloud.server.url("/coastal.xml")}
        ),
    )
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", throttle_proxy.url)
    monkeypatch.setenv("PARALLAX_AWS_MAX_ATTEMPTS", "1")
    _fresh_handlers()
    deliveries = 0
    with throttle_proxy.throttling("UpdateItem"):
        for _ in range(int(default("DlqMaxReceiveCount")) + 1):
            messages = cloud.receive(1, visibility_s=0)
            if not messages:
                break
            deliveries += 1
            # Every record of the batch failed: the invocation fails, and SQS will redeliver
            with pytest.raises(BatchProcessingError):
                feed_worker_handler(sqs_event(messages, cloud.queue_arn), FakeLambdaContext())
    assert deliveries == int(default("DlqMaxReceiveCount"))
    dead = cloud.sqs.receive_message(QueueUrl=cloud.dlq_url, MaxNumberOfMessages=10)
    assert [json.loads(m["Body"])["outlet_id"] for m in dead["Messages"]] == ["coastal-times"]


def test_published_snapshot_serves_related_coverage_and_the_cache_serves_repeats(
    cloud: Cloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parallax.ingest.handlers import feed_worker_handler, index_publisher_handler

    feed_worker_handler(sqs_event(_run_schedule(cloud), cloud.queue_arn), FakeLambdaContext())
    report = index_publisher_handler(scheduled_event("parallax-publish"), FakeLambdaContext())
    assert report["items_indexed"] == 3 and report["location"].endswith("feed-index.sqlite3")
    # When the API function gets the article (a cold start with the deployed environment)
    api = _api_handler(monkeypatch)
    body = {"url": ARTICLE_URL, "html": _article_of(cloud.now), "language": "en"}
    first = api.lambda_handler(http_api_event("POST", "/v1/briefs", body), FakeLambdaContext())
    # Then the related coverage comes from the snapshot: the two barrier stories, not cricket
    assert first["statusCode"] == 200, first["body"]
    brief = json.loads(first["body"])
    related = brief["related"]
    assert related["partial"] is False and related["sources_queried"] == ["index"]
    assert related["index"]["status"] == "filled" and related["index"]["items"] == 3
    urls = {item["url"] for item in related["items"]}
    assert urls == {
        "https://coastal-times.example/2026/kestrel-bay-barrier",
        "https://bay-gazette.example/news/tidal-barrier-vote",
    }
    assert brief["cache"]["hit"] is False
    # And the same article again is a cache hit from DynamoDB (body base64-encoded this time)
    again = api.lambda_handler(
        http_api_event("POST", "/v1/briefs", json.dumps(body), base64_body=True,
                       headers={"Content-Type": "application/json"}),
        FakeLambdaContext(),
    )  # fmt: skip
    assert again["statusCode"] == 200
    assert json.loads(again["body"])["cache"]["hit"] is True


def test_without_a_snapshot_or_a_usable_cache_the_brief_is_partial_never_a_5xx(
    cloud: Cloud, throttle_proxy: ThrottleProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given no snapshot published yet and a cache table that throttles every call
    api = _api_handler(
        monkeypatch, AWS_ENDPOINT_URL_DYNAMODB=throttle_proxy.url, PARALLAX_AWS_MAX_ATTEMPTS="1"
    )
    body = {"url": ARTICLE_URL, "html": _article_of(cloud.now), "language": "en"}
    with throttle_proxy.throttling("GetItem"), throttle_proxy.throttling("PutItem"):
        response = api.lambda_handler(
            http_api_event("POST", "/v1/briefs", body), FakeLambdaContext()
        )
    # Then the reader still gets the article and its summary, related coverage marked partial
    # because the index is not filled yet (which is not a failure of the index)
    assert response["statusCode"] == 200, response["body"]
    brief = json.loads(response["body"])
    assert brief["related"]["partial"] is True
    assert brief["related"]["failed_sources"] == []
    assert brief["related"]["index"]["status"] == "not_filled"
    assert brief["summary"]["bullets"]
    assert throttle_proxy.throttled["GetItem"] == 1 and throttle_proxy.throttled["PutItem"] == 1
    # And the API's other answers keep their shapes: health, and a missing body as a problem
    health = api.lambda_handler(http_api_event("GET", "/v1/health"), FakeLambdaContext())
    assert health["statusCode"] == 200
    missing = api.lambda_handler(
        http_api_event("POST", "/v1/briefs", headers={"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    assert missing["statusCode"] == 400
    assert json.loads(missing["body"])["code"] == "invalid_request"
