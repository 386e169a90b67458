"""The OpenAPI 3.1 document, generated from the pydantic models the routes use.

``docs/openapi.json`` is this function's output, committed; a test fails when the two differ, so
the document cannot drift from the code. Regenerate with ``parallax openapi --output docs/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from parallax import __version__
from parallax.api.app import Health
from parallax.api.problems import PROBLEM_CONTENT_TYPE, STATUS_BY_CODE, Problem
from parallax.domain.corroboration_models import Corroboration, CorroborationRequest
from parallax.domain.models import Brief, BriefRequest
from parallax.domain.progress import REQUEST_ID_HEADER, ProgressAnswer

__all__ = ["build_openapi"]

_REF = "#/components/schemas/{model}"


def _problem_responses(*codes: str) -> dict[str, Any]:
    by_status: dict[int, list[str]] = {}
    for code in codes:
        by_status.setdefault(STATUS_BY_CODE[code], []).append(code)
    return {
        str(status): {
            "description": "Problem: " + ", ".join(f"`{c}`" for c in sorted(names)),
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": _REF.format(model="Problem")}}},
        }
        for status, names in sorted(by_status.items())
    }


def build_openapi() -> dict[str, Any]:
    _, schemas = models_json_schema(
        [
            (BriefRequest, "validation"),
            (Brief, "serialization"),
            (Health, "serialization"),
            (ProgressAnswer, "serialization"),
            (Problem, "serialization"),
            (CorroborationRequest, "validation"),
            (Corroboration, "serialization"),
        ],
        ref_template=_REF,
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Parallax API",
            "version": __version__,
            "description": (
                "Turns a news article into a Brief: the article's metadata and sentences, a "
                "neutral summary whose bullets cite those sentences, and related coverage. "
                "Errors are application/problem+json with a stable `code`."
            ),
        },
        "servers": [{"url": "http://127.0.0.1:8787", "description": "parallax serve"}],
        "paths": {
            "/v1/briefs": {
                "post": {
                    "operationId": "createBrief",
                    "summary": "Make (or fetch from cache) the Brief for an article",
                    "parameters": [
                        {
                            "name": REQUEST_ID_HEADER,
                            "in": "header",
                            "required": False,
                            "description": (
                                "Optional id of this request (16-64 letters, digits, '-', '_'; "
                                "e.g. a UUID), to ask GET /v1/briefs/progress/{request_id} "
                                "which step the Brief is in."
                            ),
                            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": _REF.format(model="BriefRequest")}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The Brief",
                            "content": {
                                "application/json": {"schema": {"$ref": _REF.format(model="Brief")}}
                            },
                        },
                        **_problem_responses(
                            "invalid_request",
                            "blocked_url",
                            "too_large",
                            "unsupported_media",
                            "fetch_failed",
                            "not_an_article",
                            "rate_limited",
                            "internal",
                            "upstream_timeout",
                        ),
                    },
                }
            },
            "/v1/briefs/progress/{request_id}": {
                "get": {
                    "operationId": "getBriefProgress",
                    "summary": "Which step the Brief posted with this request id is in",
                    "description": (
                        "Known only to the process making the Brief, for a few minutes: "
                        "`parallax serve` answers while the Brief is made; in AWS Lambda another "
                        "invocation makes it, so this answers `not_found` and clients show a "
                        "generic progress text."
                    ),
                    "parameters": [
                        {
                            "name": "request_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The step",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": _REF.format(model="ProgressAnswer")}
                                }
                            },
                        },
                        **_problem_responses("invalid_request", "not_found", "rate_limited"),
                    },
                }
            },
            "/v1/corroborations": {
                "post": {
                    "operationId": "createCorroboration",
                    "summary": "Which other reports support each bullet, where they differ, "
                    "what they add",
                    "description": (
                        "The backend fetches the other reports itself (never trusting text a "
                        "client sends), in parallel within a time budget; reports that fail or "
                        "time out are named in `others` and the answer is `partial`."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": _REF.format(model="CorroborationRequest")}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The corroboration",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": _REF.format(model="Corroboration")}
                                }
                            },
                        },
                        **_problem_responses(
                            "invalid_request",
                            "not_found",
                            "blocked_url",
                            "too_large",
                            "unsupported_media",
                            "fetch_failed",
                            "not_an_article",
                            "rate_limited",
                            "internal",
                            "upstream_timeout",
                        ),
                    },
                }
            },
            "/v1/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness",
                    "responses": {
                        "200": {
                            "description": "The service is up",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": _REF.format(model="Health")}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas["$defs"]},
    }
