"""``POST /v1/corroborations``: the body parser and the route, registered by ``create_app``."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from pydantic import ValidationError

from parallax.api.problems import invalid_request_from
from parallax.domain.corroboration_models import CorroborationRequest
from parallax.domain.errors import InvalidRequest, NotFound, TooLarge, UnsupportedMedia

if TYPE_CHECKING:
    from parallax.domain.corroboration_service import CorroborationService

__all__ = ["MAX_CORROBORATION_BODY_BYTES", "add_corroboration_route", "parse_corroboration_request"]

JSON = "application/json"
MAX_CORROBORATION_BODY_BYTES = 64_000
"""The body names URLs only (at most 20 of them): anything bigger is not a corroboration request."""


def parse_corroboration_request(
    body: str | None, is_base64: bool, content_type: str | None
) -> CorroborationRequest:
    if content_type:
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != JSON and not media_type.endswith("+json"):
            raise UnsupportedMedia("The request body must be application/json.")
    if not body:
        raise InvalidRequest("The request body is empty; send {article: {key | url}, others}.")
    if is_base64:
        try:
            raw = base64.b64decode(body, validate=True)
        except ValueError:
            raise InvalidRequest("The request body is not valid base64.") from None
    else:
        raw = body.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_CORROBORATION_BODY_BYTES:
        raise TooLarge(f"The request body is larger than {MAX_CORROBORATION_BODY_BYTES} bytes.")
    try:
        return CorroborationRequest.model_validate_json(raw)
    except ValidationError as exc:
        raise invalid_request_from(exc) from None


def add_corroboration_route(
    app: APIGatewayHttpResolver, service: Callable[[], CorroborationService] | None
) -> None:
    @app.post("/v1/corroborations")
    def create_corroboration() -> Response[str]:
        event = app.current_event
        request = parse_corroboration_request(
            event.body, bool(event.is_base64_encoded), event.headers.get("content-type")
        )
        if service is None:
            raise NotFound("Corroboration is not configured on this server.")
        answer = service().corroborate(request)
        return Response(
            status_code=200, content_type=JSON, body=answer.model_dump_json(exclude_none=True)
        )
