"""Fixtures of the cloud tests: moto's server on loopback, resources made from template.yaml.

Every AWS call goes to ``ThreadedMotoServer`` on 127.0.0.1 over HTTP (boto3 is pointed at it with
``AWS_ENDPOINT_URL_*``); dummy credentials, and no profile or instance metadata is ever read.
Each test gets its own tables, bucket and queues (unique names), so tests share one server.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from parallax.adapters.aws.clients import aws_client
from parallax.config import Settings
from tests.cloud.template import default, properties, table_definition
from tests.cloud.throttle_proxy import ThrottleProxy

REGION = "eu-central-1"


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def aws_env(
    moto_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL_DYNAMODB": moto_url,
        "AWS_ENDPOINT_URL_S3": moto_url,
        "AWS_ENDPOINT_URL_SQS": moto_url,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield env


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", aws_region=REGION, aws_read_timeout_s=5.0)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def dynamodb(settings: Settings) -> Any:
    return aws_client("dynamodb", settings)


@pytest.fixture
def s3(settings: Settings) -> Any:
    return aws_client("s3", settings)


@pytest.fixture
def sqs(settings: Settings) -> Any:
    return aws_client("sqs", settings)


@pytest.fixture
def make_table(dynamodb: Any) -> Callable[[str], str]:
    """Create the table that template.yaml defines as ``resource`` (key schema, billing, TTL,
    point-in-time recovery) under a fresh name; returns the name."""

    def make(resource: str) -> str:
        name = unique(resource)
        dynamodb.create_table(TableName=name, **table_definition(resource))
        props = properties(resource)
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        pitr = props.get("PointInTimeRecoverySpecification")
        if pitr:
            dynamodb.update_continuous_backups(
                TableName=name, PointInTimeRecoverySpecification=pitr
            )
        return name

    return make


@pytest.fixture
def make_bucket(s3: Any) -> Callable[[], str]:
    def make() -> str:
        name = unique("parallax-index")
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        versioning = properties("IndexBucket").get("VersioningConfiguration")
        if versioning:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=versioning)
        return name

    return make


@pytest.fixture
def make_queues(sqs: Any) -> Callable[[], tuple[str, str]]:
    """The feed queue and its dead-letter queue as template.yaml wires them; returns the URLs."""

    def make() -> tuple[str, str]:
        dlq = sqs.create_queue(QueueName=unique("feed-dlq"))["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        feed = properties("FeedQueue")
        redrive = {
            "deadLetterTargetArn": dlq_arn,
            "maxReceiveCount": str(default("DlqMaxReceiveCount")),
        }
        queue = sqs.create_queue(
            QueueName=unique("feed-jobs"),
            Attributes={
                "VisibilityTimeout": str(feed["VisibilityTimeout"]),
                "MessageRetentionPeriod": str(feed["MessageRetentionPeriod"]),
                "RedrivePolicy": json.dumps(redrive),
            },
        )["QueueUrl"]
        return queue, dlq

    return make


@pytest.fixture
def throttle_proxy(moto_url: str) -> Iterator[ThrottleProxy]:
    proxy = ThrottleProxy(moto_url).start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def proxied_dynamodb(
    throttle_proxy: ThrottleProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """A DynamoDB client made by the production factory, through the throttling proxy, with two
    attempts per call (one retry) to keep botocore's backoff short."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", throttle_proxy.url)
    return aws_client(
        "dynamodb", Settings(home=tmp_path / "home", aws_region=REGION, aws_max_attempts=2)
    )


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
