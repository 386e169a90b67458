"""API Gateway HTTP API (payload format 2.0) events, shaped as AWS documents and sends them."""

from __future__ import annotations

import base64
import json
from typing import Any


def http_api_event(
    method: str,
    path: str,
    body: str | bytes | dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    base64_body: bool = False,
) -> dict[str, Any]:
    merged = {"host": "abc123.execute-api.eu-central-1.amazonaws.com", "user-agent": "test"}
    if isinstance(body, dict):
        body = json.dumps(body)
        merged["content-type"] = "application/json"
    merged.update({k.lower(): v for k, v in (headers or {}).items()})
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": merged,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.eu-central-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "test",
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "$default",
            "stage": "$default",
            "time": "29/Nov/2026:14:00:00 +0000",
            "timeEpoch": 1795960800000,
        },
        "isBase64Encoded": base64_body,
    }
    if body is not None:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        event["body"] = (
            base64.b64encode(raw).decode("ascii") if base64_body else raw.decode("utf-8")
        )
    return event


class FakeLambdaContext:
    function_name = "parallax-api"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-central-1:123456789012:function:parallax-api"
    memory_limit_in_mb = 1024
    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    log_group_name = "/aws/lambda/parallax-api"
    log_stream_name = "2026/11/29/[$LATEST]abc"

    def get_remaining_time_in_millis(self) -> int:
        return 20_000
