"""The OpenAPI 3.1 document, generated from the route table (``parallax.api.routes``) and the
pydantic models its routes use.

``docs/openapi.json`` is this function's output, committed; a test fails when the two differ, so
the document cannot drift from the code. Regenerate with ``parallax openapi --output docs/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from parallax import __version__
from parallax.api.problems import PROBLEM_CONTENT_TYPE, STATUS_BY_CODE, Problem
from parallax.api.routes import ROUTES, Route

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


def _json_content(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}}


def _operation(route: Route) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": route.operation_id, "summary": route.summary}
    if route.description is not None:
        operation["description"] = route.description
    if route.parameters:
        operation["parameters"] = [dict(parameter) for parameter in route.parameters]
    if route.request_model is not None:
        operation["requestBody"] = {
            "required": True,
            "content": _json_content(route.request_model),
        }
    operation["responses"] = {
        "200": {
            "description": route.response_description,
            "content": _json_content(route.response_model),
        },
        **_problem_responses(*route.problems),
    }
    return operation


def _schema_models() -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for route in ROUTES:
        if route.request_model is not None:
            models.append((route.request_model, "validation"))
        models.append((route.response_model, "serialization"))
    models.append((Problem, "serialization"))
    return models


def build_openapi() -> dict[str, Any]:
    _, schemas = models_json_schema(_schema_models(), ref_template=_REF)
    paths: dict[str, dict[str, Any]] = {}
    for route in sorted(ROUTES, key=lambda r: (r.path, r.method)):
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route)
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
        "paths": paths,
        "components": {"schemas": schemas["$defs"]},
    }
