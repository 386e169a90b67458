"""The HTTP API's routes, declared once: what ``create_app`` registers, what ``build_openapi``
documents, and what tests/unit/test_routes.py checks template.yaml's API events against.

A route is its method and path (in OpenAPI's ``{name}`` form), the models of its body and answer,
and the problem codes it can answer with. The handler that serves it is looked up by
``operation_id`` in ``parallax.api.app``; adding a route here without a handler (or the other way
round) fails when the app is created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from parallax.domain.corroboration_models import Corroboration, CorroborationRequest
from parallax.domain.models import Brief, BriefRequest, StrictModel
from parallax.domain.progress import REQUEST_ID_HEADER, ProgressAnswer

__all__ = ["ROUTES", "Health", "Route", "allowed_methods"]

_PATH_PARAMETER = re.compile(r"\{(\w+)\}")
_REQUEST_ID_SCHEMA = {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"}
# What a route that fetches and reads an article can answer besides its result.
_ARTICLE_PROBLEMS = (
    "invalid_request",
    "blocked_url",
    "too_large",
    "unsupported_media",
    "fetch_failed",
    "not_an_article",
    "rate_limited",
    "internal",
    "upstream_timeout",
    "misconfigured",
)


class Health(StrictModel):
    status: Literal["ok"]
    version: str
    stage: str


@dataclass(frozen=True, slots=True)
class Route:
    method: Literal["GET", "POST"]
    path: str
    """OpenAPI and API Gateway form: ``/v1/briefs/progress/{request_id}``."""
    operation_id: str
    summary: str
    response_model: type[BaseModel]
    response_description: str
    request_model: type[BaseModel] | None = None
    description: str | None = None
    parameters: tuple[dict[str, Any], ...] = ()
    """OpenAPI parameter objects (headers, path parameters)."""
    problems: tuple[str, ...] = ()
    """Problem codes (``parallax.api.problems``) the route can answer with."""

    def matches(self, path: str) -> bool:
        """Whether a request path is this route's (a path parameter is one non-empty segment)."""
        pattern = _PATH_PARAMETER.sub(
            "[^/]+", re.escape(self.path).replace(r"\{", "{").replace(r"\}", "}")
        )
        return re.fullmatch(pattern, path) is not None

    @property
    def resolver_path(self) -> str:
        """The path in Powertools' form: ``/v1/briefs/progress/<request_id>``."""
        return _PATH_PARAMETER.sub(r"<\1>", self.path)


ROUTES: tuple[Route, ...] = (
    Route(
        method="POST",
        path="/v1/briefs",
        operation_id="createBrief",
        summary="Make (or fetch from cache) the Brief for an article",
        request_model=BriefRequest,
        response_model=Brief,
        response_description="The Brief",
        parameters=(
            {
                "name": REQUEST_ID_HEADER,
                "in": "header",
                "required": False,
                "description": (
                    "Optional id of this request (16-64 letters, digits, '-', '_'; "
                    "e.g. a UUID), to ask GET /v1/briefs/progress/{request_id} "
                    "which step the Brief is in."
                ),
                "schema": _REQUEST_ID_SCHEMA,
            },
        ),
        problems=_ARTICLE_PROBLEMS,
    ),
    Route(
        method="GET",
        path="/v1/briefs/progress/{request_id}",
        operation_id="getBriefProgress",
        summary="Which step the Brief posted with this request id is in",
        description=(
            "Known only to the process making the Brief, for a few minutes: "
            "`parallax serve` answers while the Brief is made; in AWS Lambda another "
            "invocation makes it, so this answers `not_found` and clients show a "
            "generic progress text."
        ),
        response_model=ProgressAnswer,
        response_description="The step",
        parameters=(
            {"name": "request_id", "in": "path", "required": True, "schema": _REQUEST_ID_SCHEMA},
        ),
        problems=("invalid_request", "not_found", "rate_limited", "misconfigured"),
    ),
    Route(
        method="POST",
        path="/v1/corroborations",
        operation_id="createCorroboration",
        summary="Which other reports support each bullet, where they differ, what they add",
        description=(
            "The backend fetches the other reports itself (never trusting text a "
            "client sends), in parallel within a time budget; reports that fail or "
            "time out are named in `others` and the answer is `partial`. Only the "
            "Brief's related reports are read (`not_in_brief` otherwise). A Brief key "
            "that has expired is `not_found` even with the article's url beside it: the "
            "Brief is not made anew from the url (its bullets need not be the ones the "
            "reader sees); ask for the Brief again and send its key."
        ),
        request_model=CorroborationRequest,
        response_model=Corroboration,
        response_description="The corroboration",
        problems=(*_ARTICLE_PROBLEMS, "not_found"),
    ),
    Route(
        method="GET",
        path="/v1/health",
        operation_id="health",
        summary="Liveness",
        response_model=Health,
        response_description="The service is up",
        # A stage whose settings cannot be used is not up: its health says so.
        problems=("misconfigured",),
    ),
)


def allowed_methods(path: str) -> tuple[str, ...]:
    """The methods the table declares for a request path (the ``Allow`` of a 405); ``()`` when
    the path is not declared at all (a 404)."""
    return tuple(sorted({route.method for route in ROUTES if route.matches(path)}))
