"""Which step a Brief being made is in, for a client that waits (issue 17).

The client names its request with an id (header ``X-Parallax-Request-Id``); the pipeline reports
each step it enters under that id to a ``BriefProgress`` port, and ``GET
/v1/briefs/progress/{request_id}`` reads it back. Only the step is kept: never the URL or any
text of the page, so an id that leaks tells nothing about what its reader reads.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import Field

from parallax.domain.errors import InvalidRequest
from parallax.domain.models import StrictModel

__all__ = [
    "BRIEF_STEPS",
    "REQUEST_ID_HEADER",
    "BriefStep",
    "ProgressAnswer",
    "checked_request_id",
]

BriefStep = Literal["fetching", "reading", "summarising", "finding_coverage", "done"]
BRIEF_STEPS: tuple[str, ...] = get_args(BriefStep)

REQUEST_ID_HEADER = "X-Parallax-Request-Id"
# A UUID (36) or a random token: letters, digits, '-' and '_' only, so the id is safe in a path,
# a log line and a dict key. At least 16 characters, so ids are not guessed one by one.
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def checked_request_id(value: str) -> str:
    """``value`` when it is a well-formed request id; ``InvalidRequest`` otherwise."""
    if not _REQUEST_ID.fullmatch(value):
        raise InvalidRequest(
            f"{REQUEST_ID_HEADER} must be 16 to 64 letters, digits, '-' or '_' (e.g. a UUID)."
        )
    return value


class ProgressAnswer(StrictModel):
    """What ``GET /v1/briefs/progress/{request_id}`` answers."""

    request_id: str = Field(description="The id the client sent with POST /v1/briefs.")
    step: BriefStep = Field(
        description=(
            "The step the Brief is in: fetching the page, reading (extracting) it, summarising "
            "it, finding related coverage, or done (answered, refused or timed out)."
        )
    )
