"""What the API function sends to X-Ray when it runs as in Lambda, with active tracing.

The template turns tracing on for every function (``Tracing: Active``) and the handler is wrapped
in Powertools' ``capture_lambda_handler``, which by default puts the handler's whole answer into
the trace as metadata: every sampled Brief's article text, summary and the reader's URL with its
query, in a store the docs' list of what is kept never named; and a Brief over X-Ray's 64 KB
segment limit made the handler's subsegment fail to send ("Message too long", a traceback in the
log), so long articles had no trace at all.

The function runs in a child process (the tracer's settings are read once per process, and
the test suite disables tracing); a UDP socket on loopback plays the X-Ray daemon.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import PAGES
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fake_providers import (
    GDELT_PATH,
    GOOGLE_NEWS_PATH,
    HTML_TYPE,
    FakeProviderServer,
    Reply,
    gdelt_reply,
    google_news_reply,
)

REPO = Path(__file__).resolve().parents[2]

# Two Briefs from the reader's HTML: a short page, and one whose Brief is over 64 KB.
_CHILD = """
import sys
from tests.conftest import PAGES
from tests.events import FakeLambdaContext, http_api_event
import parallax.api.handler as handler

url = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote?reader=r-7731"
short = (PAGES / "en_article.html").read_text(encoding="utf-8")
paragraphs = "".join(
    f"<p>Councillors of Kestrel Bay met for hearing {i} on the tidal barrier and its cost.</p>"
    for i in range(1500)
)
long = f"<html><head><title>Kestrel Bay hearings</title></head><body><article>{paragraphs}</article></body></html>"
for html in (short, long):
    answer = handler.lambda_handler(
        http_api_event("POST", "/v1/briefs", {"url": url, "html": html}), FakeLambdaContext()
    )
    print(answer["statusCode"], len(answer["body"]))
"""


def _segments(received: list[bytes]) -> list[dict[str, object]]:
    """The daemon protocol: a JSON header line, then the segment document."""
    documents: list[dict[str, object]] = []
    for datagram in received:
        header, _, body = datagram.partition(b"\n")
        assert json.loads(header)["format"] == "json"
        documents.append(json.loads(body))
    return documents


def test_traces_hold_no_article_text_or_reader_url_and_long_briefs_are_traced(
    tmp_path: Path,
) -> None:
    # Given the API function as Lambda runs it, tracing on and this invocation sampled, with a
    # loopback socket as the X-Ray daemon
    daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    daemon.bind(("127.0.0.1", 0))
    daemon.settimeout(1.0)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "PARALLAX_"))}
    env.update(
        LAMBDA_TASK_ROOT=str(tmp_path),
        AWS_LAMBDA_FUNCTION_NAME="parallax-api",
        AWS_REGION="eu-central-1",
        AWS_XRAY_DAEMON_ADDRESS=f"127.0.0.1:{daemon.getsockname()[1]}",
        _X_AMZN_TRACE_ID="Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        POWERTOOLS_METRICS_DISABLED="true",
        PARALLAX_HOME=str(tmp_path / "home"),
        PARALLAX_PROVIDERS="index",
        PARALLAX_INGEST_INTERVAL_S="0",
        PYTHONPATH=str(REPO),
    )
    try:
        # When it answers two Briefs, a short one and one of several hundred kilobytes
        child = subprocess.run(
            [sys.executable, "-c", _CHILD],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        received: list[bytes] = []
        while True:
            try:
                received.append(daemon.recv(1 << 17))
            except TimeoutError:
                break
    finally:
        daemon.close()
    assert child.returncode == 0, child.stderr[-3000:]
    answers = [line.split() for line in child.stdout.splitlines()]
    assert [status for status, _ in answers] == ["200", "200"]
    assert int(answers[1][1]) > 65_536, "the long Brief must be over X-Ray's segment limit"
    # Then every invocation's handler subsegment reached the daemon (the long one was lost)
    segments = _segments(received)
    handlers = [s for s in segments if s.get("name") == "## lambda_handler"]
    assert len(handlers) == 2, [s.get("name") for s in segments]
    assert "Message too long" not in child.stderr
    # And no trace holds the article's words, the summary or the reader's query
    sent = b"".join(received)
    for secret in (b"Kestrel", b"Councillors", b"bullets", b"r-7731"):
        assert secret not in sent, secret


# A Brief the backend reads itself (no HTML), with both search providers and the model, all on
# one loopback: every outside request the API function makes for a reader.
_CHILD_OUTSIDE = """
import json
import sys
from tests.events import FakeLambdaContext, http_api_event
import parallax.api.handler as handler
import parallax.ingest.handlers  # noqa: F401 -- its Tracer patches too, in its own functions
from aws_xray_sdk.core.patcher import _PATCHED_MODULES

answer = handler.lambda_handler(
    http_api_event("POST", "/v1/briefs", {"url": sys.argv[1]}), FakeLambdaContext()
)
print(answer["statusCode"])
print(json.dumps(sorted(_PATCHED_MODULES)))
"""


def test_no_outside_service_gets_our_trace_id(tmp_path: Path) -> None:
    # Given the API function as Lambda runs it with tracing on, reading the article itself,
    # asking Google News, GDELT and the model, each a loopback fake that records headers
    page = (PAGES / "en_article.html").read_bytes()
    with (
        FakeProviderServer(Reply(body=page, content_type=HTML_TYPE)) as outside,
        FakeAnthropic() as model,
    ):
        outside.script(google_news_reply([]), GOOGLE_NEWS_PATH)
        outside.script(gdelt_reply([]), GDELT_PATH)
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "PARALLAX_"))
        }
        env.update(
            LAMBDA_TASK_ROOT=str(tmp_path),
            AWS_LAMBDA_FUNCTION_NAME="parallax-api",
            AWS_REGION="eu-central-1",
            AWS_XRAY_DAEMON_ADDRESS="127.0.0.1:9",  # discard: only the headers are looked at
            _X_AMZN_TRACE_ID="Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            POWERTOOLS_METRICS_DISABLED="true",
            PARALLAX_HOME=str(tmp_path / "home"),
            PARALLAX_PROVIDERS="google_news,gdelt",
            PARALLAX_GOOGLE_NEWS_BASE_URL=outside.base_url,
            PARALLAX_GDELT_BASE_URL=outside.base_url,
            PARALLAX_ALLOW_PRIVATE_HOSTS="true",
            PARALLAX_ALLOWED_PORTS=str(outside.port),
            PARALLAX_LLM_PROVIDER="anthropic",
            PARALLAX_LLM_BASE_URL=model.base_url,
            PARALLAX_LLM_API_KEY="sk-ant-test",
            PYTHONPATH=str(REPO),
        )
        # When it makes the Brief
        child = subprocess.run(
            [sys.executable, "-c", _CHILD_OUTSIDE, f"{outside.base_url}/news/kestrel-bay"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert child.returncode == 0, child.stderr[-3000:]
    status, patched = child.stdout.splitlines()[-2:]
    assert status == "200", child.stdout
    # Then the page, both providers and the model were asked (the test saw every kind of call)
    paths = {seen.path for seen in outside.requests}
    assert {"/news/kestrel-bay", GOOGLE_NEWS_PATH, GDELT_PATH} <= paths, paths
    assert model.requests, "the model was not asked"
    # And none of them got an X-Amzn-Trace-Id: X-Ray traces the AWS calls only
    assert [s.path for s in outside.requests if s.trace_id is not None] == []
    assert [r.path for r in model.requests if "x-amzn-trace-id" in r.headers] == []
    assert json.loads(patched) == ["botocore"]


_CHILD_MODEL = """
from tests.conftest import PAGES
from tests.events import FakeLambdaContext, http_api_event
import parallax.api.handler as handler

url = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote?reader=r-7731"
html = (PAGES / "en_article.html").read_text(encoding="utf-8")
answer = handler.lambda_handler(
    http_api_event("POST", "/v1/briefs", {"url": url, "html": html}), FakeLambdaContext()
)
print(answer["statusCode"], "llm" in answer["body"])
"""


def test_each_model_call_is_a_subsegment_naming_only_the_model_and_outcome(
    tmp_path: Path,
) -> None:
    # Given the API function as Lambda runs it, tracing on and sampled, with a model (the
    # loopback fake) and a loopback socket as the X-Ray daemon
    key = "sk-ant-test-TRACED-KEY-0042"
    daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    daemon.bind(("127.0.0.1", 0))
    daemon.settimeout(1.0)
    with FakeAnthropic() as model:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "PARALLAX_"))
        }
        env.update(
            LAMBDA_TASK_ROOT=str(tmp_path),
            AWS_LAMBDA_FUNCTION_NAME="parallax-api",
            AWS_REGION="eu-central-1",
            AWS_XRAY_DAEMON_ADDRESS=f"127.0.0.1:{daemon.getsockname()[1]}",
            _X_AMZN_TRACE_ID="Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            POWERTOOLS_METRICS_DISABLED="true",
            PARALLAX_HOME=str(tmp_path / "home"),
            PARALLAX_PROVIDERS="index",
            PARALLAX_INGEST_INTERVAL_S="0",
            PARALLAX_LLM_PROVIDER="anthropic",
            PARALLAX_LLM_BASE_URL=model.base_url,
            PARALLAX_LLM_API_KEY=key,
            PYTHONPATH=str(REPO),
        )
        try:
            # When it makes a Brief with the model
            child = subprocess.run(
                [sys.executable, "-c", _CHILD_MODEL],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
            )
            received: list[bytes] = []
            while True:
                try:
                    received.append(daemon.recv(1 << 17))
                except TimeoutError:
                    break
        finally:
            daemon.close()
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.split()[:2] == ["200", "True"], child.stdout
    assert model.requests, "the model was not asked"
    # Then each model request is a subsegment, annotated with the provider, model and outcome
    calls = [s for s in _segments(received) if s.get("name") == "## model call"]
    assert len(calls) == len(model.requests), [s.get("name") for s in _segments(received)]
    annotations = calls[0]["annotations"]
    assert isinstance(annotations, dict)
    assert annotations["llm_provider"] == "anthropic"
    assert annotations["llm_model"] == model.requests[0].body["model"]  # type: ignore[index]
    assert annotations["llm_outcome"] == "ok" and annotations["llm_attempt"] == 1
    assert "cannot find the current segment" not in child.stderr
    # And nothing the model was sent or gave back, nor the key, is in any trace
    sent = b"".join(received)
    prompt = model.requests[0].user_message
    words = [word for word in prompt.split() if len(word) > 8][:5]
    assert words, prompt
    for secret in (key.encode(), b"r-7731", b"bullets", *(w.encode() for w in words)):
        assert secret not in sent, secret
