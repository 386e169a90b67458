"""``POST /v1/corroborations``: the body parser and the handler ``create_app`` registers for the
route ``createCorroboration`` of ``parallax.api.routes``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response

from parallax.api.bodies import JSON, parse_json_body
from parallax.domain.corroboration_models import CorroborationRequest
from parallax.domain.errors import NotFound

if TYPE_CHECKING:
    from parallax.domain.corroboration_service import CorroborationService

__all__ = ["MAX_CORROBORATION_BODY_BYTES", "corroboration_handler", "parse_corroboration_request"]

MAX_CORROBORATION_BODY_BYTES = 64_000
"""The body names URLs only (at most 20 of them): anything bigger is not a corroboration request."""


def parse_corroboration_request(
    body: str | None,
    is_base64: bool,
    content_type: str | None,
    *,
    content_encoding: str | None = None,
    query: str | None = None,
) -> CorroborationRequest:
    return parse_json_body(
        body,
        is_base64,
        content_type,
        model=CorroborationRequest,
        max_bytes=MAX_CORROBORATION_BODY_BYTES,
        empty_hint="send {article: {key | url}, others}",
        content_encoding=content_encoding,
        query=query,
    )


def corroboration_handler(
    app: APIGatewayHttpResolver, service: Callable[[], CorroborationService] | None
) -> Callable[[], Response[str]]:
    def create_corroboration() -> Response[str]:
        event = app.current_event
        request = parse_corroboration_request(
            event.body,
            bool(event.is_base64_encoded),
            event.headers.get("content-type"),
            content_encoding=event.headers.get("content-encoding"),
            query=event.raw_event.get("rawQueryString"),
        )
        if service is None:
            raise NotFound("Corroboration is not configured on this server.")
        answer = service().corroborate(request)
        return Response(
            status_code=200, content_type=JSON, body=answer.model_dump_json(exclude_none=True)
        )

    return create_corroboration
