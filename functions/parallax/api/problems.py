"""The one place where errors become HTTP: RFC 9457 problem+json with a stable ``code``.

Routes raise domain errors; this module decides the status. Nothing here echoes request input
or exception text that was not written for the reader, and no stack trace ever leaves the process.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, ValidationError

from parallax.domain.errors import (
    BlockedUrl,
    FetchFailed,
    InternalError,
    InvalidRequest,
    MethodNotAllowed,
    Misconfigured,
    NotAnArticle,
    NotFound,
    Overloaded,
    ParallaxError,
    RateLimited,
    TooLarge,
    UnsupportedMedia,
    UpstreamTimeout,
)
from parallax.domain.models import StrictModel
from parallax.domain.page_type import REASONS, RefusalReason

__all__ = [
    "MAX_FIELD_ERRORS",
    "PROBLEM_CODES",
    "PROBLEM_CONTENT_TYPE",
    "STATUS_BY_CODE",
    "FieldError",
    "Problem",
    "invalid_request_from",
    "problem_for",
]

PROBLEM_CONTENT_TYPE = "application/problem+json"

# A page that cannot be fetched or is not an article is a property of what the client asked for,
# so those are 4xx: only our own faults and upstream time-outs are 5xx.
STATUS_BY_CODE: dict[str, int] = {
    InvalidRequest.code: 400,
    BlockedUrl.code: 403,
    NotFound.code: 404,
    MethodNotAllowed.code: 405,
    TooLarge.code: 413,
    UnsupportedMedia.code: 415,
    FetchFailed.code: 422,
    NotAnArticle.code: 422,
    RateLimited.code: 429,
    InternalError.code: 500,
    # The operator's settings, not a fault of this request: unavailable until they are fixed.
    Misconfigured.code: 503,
    # The local server at its connection cap (a transport answer, not a route's).
    Overloaded.code: 503,
    UpstreamTimeout.code: 504,
}

# Every code a problem can carry, listed in the OpenAPI document as the enum of Problem.code: a
# client can switch over them (docs/openapi.json named none, so `overloaded` and
# `method_not_allowed` were found only by meeting them). A unit test checks this equals the codes
# of the domain error hierarchy.
PROBLEM_CODES: tuple[str, ...] = tuple(sorted(STATUS_BY_CODE))


class FieldError(StrictModel):
    location: str = Field(description="Where in the request body, e.g. 'include.summary'.")
    message: str


class Problem(StrictModel):
    """``application/problem+json`` body (RFC 9457) with Parallax's stable ``code``."""

    type: str = Field(description="A URI naming the problem type: 'urn:parallax:problem:<code>'.")
    title: str
    status: int
    # A str with a documented enum, not a Literal: the schema lists the codes, and a code added to
    # the hierarchy but not yet here still makes a problem (500) instead of failing validation.
    code: str = Field(
        description="Stable, machine-readable; the extension localises by it.",
        json_schema_extra={"enum": list(PROBLEM_CODES)},
    )
    detail: str
    errors: list[FieldError] | None = None
    reason: RefusalReason | None = Field(
        default=None,
        description=(
            "For 'not_an_article': why, as a stable code the extension localises: "
            "'section_front', 'listing', 'product_page', 'service_page', 'navigation_only', "
            "'cookie_wall', 'pdf_viewer' or 'no_text'. A page refused 'no_text' or "
            "'cookie_wall' that declares an article and names its story by its headline is not "
            "refused by POST /v1/briefs: it gets a Brief without bullets (Summary.notice)."
        ),
    )


def problem_for(error: ParallaxError) -> Problem:
    status = STATUS_BY_CODE.get(error.code, 500)
    errors = None
    if isinstance(error, InvalidRequest) and error.errors:
        errors = [FieldError(location=e["location"], message=e["message"]) for e in error.errors]
    return Problem(
        type=f"urn:parallax:problem:{error.code}",
        title=error.title,
        status=status,
        code=error.code,
        detail=error.detail,
        errors=errors,
        reason=_reason(error),
    )


def _reason(error: ParallaxError) -> RefusalReason | None:
    if not isinstance(error, NotAnArticle):
        return None
    reason = error.reason
    return reason if reason in REASONS else "no_text"  # type: ignore[return-value]


# A body of 400,000 unknown fields (5.5 MB) got one error each: a 26 MB answer, over Lambda's
# 6 MB response limit (API Gateway would have answered 502). A client fixes the first few first.
MAX_FIELD_ERRORS = 20


def invalid_request_from(exc: ValidationError) -> InvalidRequest:
    """Turn a pydantic error into ``invalid_request`` without echoing the input back; at most
    ``MAX_FIELD_ERRORS`` field errors are listed, the detail says how many there were."""
    errors: list[dict[str, str]] = []
    for err in exc.errors(include_input=False, include_url=False):
        if err["type"] == "json_invalid":
            return InvalidRequest("The request body is not valid JSON.")
        if len(errors) < MAX_FIELD_ERRORS:
            location = ".".join(str(part) for part in err["loc"]) or "body"
            message: Any = err["msg"]
            errors.append({"location": location[:200], "message": str(message)[:200]})
    summary = ", ".join(e["location"] for e in errors[:5])
    more = exc.error_count() - min(len(errors), 5)
    if more > 0:
        summary += f" and {more} more"
    return InvalidRequest(f"The request body has invalid or unknown fields: {summary}.", errors)
