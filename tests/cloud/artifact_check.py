"""Run inside a built function directory by the runtime's Python (3.12), isolated (-I -S): the
function's directory first on sys.path, the runtime-provided SDK last, as Lambda lays them out.

    python3.12 -I -S artifact_check.py BUILD_DIR RUNTIME_DIR FUNCTION WORK_DIR

Imports the function's handler module, then exercises the code a first request would run (the
API answers a health check and a Brief from HTML; the worker parses a feed; the publisher builds
an FTS5 snapshot; the scheduler loads the packaged catalogue), so that a package missing from
the bundle (e.g. lxml_html_clean, imported only when HTML is cleaned) fails here. Prints JSON.
"""

from __future__ import annotations

import base64
import json
import sys
import time
from pathlib import Path

HANDLERS = {
    "ApiFunction": "parallax.api.handler",
    "IngestSchedulerFunction": "parallax.ingest.handlers",
    "FeedWorkerFunction": "parallax.ingest.handlers",
    "IndexPublisherFunction": "parallax.ingest.handlers",
}

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Kestrel Bay votes for a tidal barrier</title><link>https://a.example/1</link>
<pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item></channel></rss>"""


class Context:
    function_name = "parallax-check"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-central-1:123456789012:function:parallax-check"
    memory_limit_in_mb = 1024
    aws_request_id = "00000000-0000-0000-0000-000000000000"
    log_group_name = "/aws/lambda/parallax-check"
    log_stream_name = "check"

    def get_remaining_time_in_millis(self) -> int:
        return 20_000


def http_event(method: str, path: str, body: dict[str, object] | None = None) -> dict[str, object]:
    event: dict[str, object] = {
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
        "headers": {"content-type": "application/json", "host": "api.example"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc", "domainName": "api.example",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.7", "userAgent": "check"},
            "requestId": "r", "routeKey": "$default", "stage": "$default",
            "time": "29/Nov/2026:14:00:00 +0000", "timeEpoch": 1795960800000,
        },
        "isBase64Encoded": body is not None,
    }  # fmt: skip
    if body is not None:
        event["body"] = base64.b64encode(json.dumps(body).encode()).decode()
    return event


def main() -> None:
    build, runtime, function, work = sys.argv[1:5]
    sys.path.insert(0, build)
    sys.path.append(runtime)
    started = time.perf_counter()
    module = __import__(HANDLERS[function], fromlist=["_"])
    import_s = time.perf_counter() - started
    result: dict[str, object] = {"import_s": round(import_s, 3)}
    if function == "ApiFunction":
        health = module.lambda_handler(http_event("GET", "/v1/health"), Context())
        html = Path(work, "article.html").read_text(encoding="utf-8")
        body = {"url": "https://harbour-courier.example/a", "html": html, "language": "en"}
        brief = module.lambda_handler(http_event("POST", "/v1/briefs", body), Context())
        data = json.loads(brief["body"])
        result.update(
            health=health["statusCode"], brief=brief["statusCode"],
            bullets=len((data.get("summary") or {}).get("bullets", [])),
            related_partial=data.get("related", {}).get("partial"),
        )  # fmt: skip
        # The language model is package data (no numpy in the bundle); courlan's language filter
        # must survive the pruned Babel locales (it is never asked by Parallax, but is reachable).
        from courlan.filters import lang_filter

        from parallax.domain.extraction import detect_language

        result["language"] = detect_language(
            "Kommunfullmäktige beslutade på tisdagen att bygga en ny simhall vid hamnen, trots "
            "att oppositionen anser att pengarna borde gå till skolorna och att den gamla "
            "simhallen kan repareras för en bråkdel av kostnaden."
        )
        result["lang_filter"] = [
            lang_filter("https://a.example/de/politik/a", language)
            for language in ("de", "en", "xx")
        ]
    elif function == "FeedWorkerFunction":
        from parallax.adapters.aws.dynamodb_items import DynamoItemStore  # noqa: F401 - botocore
        from parallax.ingest.feed_worker import FeedWorker  # noqa: F401
        from parallax.ingest.feeds import parse_feed

        result["items"] = len(parse_feed(RSS).items)
    elif function == "IndexPublisherFunction":
        from parallax.adapters.feed_index import FeedIndex, IndexItem
        from parallax.ingest.index_publisher import IndexPublisher  # noqa: F401

        index = FeedIndex(Path(work, "build.sqlite3"))
        index.upsert_items([IndexItem(url="https://a.example/1", outlet_id="a", title="T")])
        index.snapshot(Path(work, "snapshot.sqlite3"))
        index.close()
        result["snapshot_bytes"] = Path(work, "snapshot.sqlite3").stat().st_size
    elif function == "IngestSchedulerFunction":
        from parallax.ingest.catalogue import load_catalogue
        from parallax.ingest.scheduler import feed_jobs

        result["jobs"] = len(feed_jobs(load_catalogue()))
    import sysconfig

    roots = (build, runtime, sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"))
    result["outside"] = sorted(
        name
        for name, mod in list(sys.modules.items())
        if name != "__main__"  # this script
        if (path := getattr(mod, "__file__", None)) and not str(path).startswith(roots)
    )
    result["anthropic_loaded"] = "anthropic" in sys.modules
    print(json.dumps(result))


if __name__ == "__main__":
    main()
