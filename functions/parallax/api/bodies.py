"""Request bodies → validated models, or the domain error that says why not.

One reading for every JSON route: the media type, base64 (API Gateway's binary bodies), the size
bound counted in bytes after decoding, then pydantic's validation mapped to ``invalid_request``.
"""

from __future__ import annotations

import base64
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from parallax.api.problems import invalid_request_from
from parallax.domain.errors import InvalidRequest, TooLarge, UnsupportedMedia

__all__ = ["JSON", "parse_json_body"]

JSON = "application/json"

Model = TypeVar("Model", bound=BaseModel)


def parse_json_body(
    body: str | None,
    is_base64: bool,
    content_type: str | None,
    *,
    model: type[Model],
    max_bytes: int,
    empty_hint: str,
) -> Model:
    """``body`` as ``model``; ``empty_hint`` tells a client what to send when it sent nothing."""
    if content_type:
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != JSON and not media_type.endswith("+json"):
            raise UnsupportedMedia("The request body must be application/json.")
    if not body:
        raise InvalidRequest(f"The request body is empty; {empty_hint}.")
    raw: bytes
    if is_base64:
        try:
            raw = base64.b64decode(body, validate=True)
        except ValueError:
            raise InvalidRequest("The request body is not valid base64.") from None
    else:
        raw = body.encode("utf-8", "surrogatepass")
    if len(raw) > max_bytes:
        raise TooLarge(f"The request body is larger than {max_bytes} bytes.")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise invalid_request_from(exc) from None
