"""Request bodies → validated models, or the domain error that says why not.

One reading for every JSON route: the media type, base64 (API Gateway's binary bodies), the size
bound counted in bytes after decoding, then pydantic's validation mapped to ``invalid_request``,
then a check that no object names a field twice (pydantic keeps the last of them, other readers
of the same body the first: what a proxy or a log checked would not be what was served).
"""

from __future__ import annotations

import base64
import json
from typing import Any, TypeVar

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
        raise UnsupportedMedia("The request body must be application/json.")
    if content_encoding is not None and content_encoding.strip().lower() not in {"", "identity"}:
        # Read as it is, a gzip body was a puzzling "not valid JSON"; inflating it would undo
        # the size bound.
        raise UnsupportedMedia("Compressed request bodies (Content-Encoding) are not accepted.")
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
        parsed = model.model_validate_json(raw)
    except ValidationError as exc:
        raise invalid_request_from(exc) from None
    _refuse_duplicate_fields(raw)
    return parsed


class _DuplicateField(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> None:
    if len({name for name, _ in pairs}) != len(pairs):
        raise _DuplicateField


def _refuse_duplicate_fields(raw: bytes) -> None:
    """``invalid_request`` when an object of the (already valid) body names a field twice.
    Nothing is kept of this second reading; the field's name is not echoed."""
    try:
        json.loads(raw, object_pairs_hook=_no_duplicates)
    except _DuplicateField:
        raise InvalidRequest("The request body names a field twice in one object.") from None
    except (ValueError, RecursionError):  # pydantic read it, so this is not expected
        raise InvalidRequest("The request body is not valid JSON.") from None
