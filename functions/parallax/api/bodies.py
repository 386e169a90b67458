"""Request bodies → validated models, or the domain error that says why not.

One reading for every JSON route: the media type, base64 (API Gateway's binary bodies), the size
bound counted in bytes after decoding, a check of the JSON's objects (none names a field twice:
pydantic keeps the last of them, other readers of the same body the first, so what a proxy or a
log checked would not be what was served; none has hundreds of thousands of fields), then
pydantic's validation mapped to ``invalid_request``.
"""

from __future__ import annotations

import base64
import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from parallax.api.problems import invalid_request_from
from parallax.domain.errors import InvalidRequest, TooLarge, UnsupportedRequestMedia

__all__ = ["JSON", "MAX_FIELDS_PER_OBJECT", "check_json_objects", "parse_json_body"]

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
    content_encoding: str | None = None,
    query: str | None = None,
) -> Model:
    """``body`` as ``model``; ``empty_hint`` tells a client what to send when it sent nothing.
    ``query`` is the request's query string: a route with a body takes none."""
    if query:
        # As for an unknown body field: an option the client believes it set (?language=de)
        # must be an error, not silently ignored.
        raise InvalidRequest("This route takes no query parameters; send them in the JSON body.")
    # No Content-Type is refused too: a web page can POST a typeless Blob to the local server
    # cross-origin without a preflight (a CORS "simple" request), as it can text/plain.
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != JSON and not media_type.endswith("+json"):
        raise UnsupportedRequestMedia("The request body must be application/json.")
    if content_encoding is not None and content_encoding.strip().lower() not in {"", "identity"}:
        # Read as it is, a gzip body was a puzzling "not valid JSON"; inflating it would undo
        # the size bound.
        raise UnsupportedRequestMedia(
            "Compressed request bodies (Content-Encoding) are not accepted."
        )
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
    check_json_objects(raw)
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise invalid_request_from(exc) from None


MAX_FIELDS_PER_OBJECT = 64
"""No request object has more than 6 fields. 400,000 unknown ones (5.5 MB) cost pydantic 0.3 s
to find and 1.1 s to list as errors; refused before it reads them."""


class _DuplicateField(Exception):
    pass


class _TooManyFields(Exception):
    pass


def _checked_object(pairs: list[tuple[str, Any]]) -> None:
    if len(pairs) > MAX_FIELDS_PER_OBJECT:
        raise _TooManyFields
    if len({name for name, _ in pairs}) != len(pairs):
        raise _DuplicateField


def check_json_objects(raw: bytes) -> None:
    """``invalid_request`` for a body that is not JSON, or one of whose objects names a field
    twice or has more than ``MAX_FIELDS_PER_OBJECT`` fields. Nothing is kept of this reading
    (pydantic reads the body for its values); no field name is echoed."""
    try:
        json.loads(raw, object_pairs_hook=_checked_object)
    except _DuplicateField:
        raise InvalidRequest("The request body names a field twice in one object.") from None
    except _TooManyFields:
        raise InvalidRequest(
            f"An object in the request body has more than {MAX_FIELDS_PER_OBJECT} fields."
        ) from None
    except (ValueError, RecursionError):  # bad syntax or UTF-8, a 5,000-digit number, depth
        raise InvalidRequest("The request body is not valid JSON.") from None
