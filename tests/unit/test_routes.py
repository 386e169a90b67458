"""The route table (``parallax.api.routes``) is the one declaration of the HTTP API: the app
serves exactly its routes, the OpenAPI document describes exactly them, and template.yaml's API
events name exactly them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parallax.api import app as app_module
from parallax.api.openapi import build_openapi
from parallax.api.routes import ROUTES, Route
from parallax.config import Settings
from tests.cloud.template import properties
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import fake_api_app

_NO_SUCH_ROUTE = "There is no such route. See docs/openapi.json."
_DECLARED = {(route.method, route.path) for route in ROUTES}


def _app() -> Any:
    return fake_api_app(Settings.from_env({}))


def _concrete(path: str) -> str:
    return path.replace("{request_id}", "3f2b9c1e-8d4a-4b7e-9f10-2a6c5d7e8f90")


def test_template_api_events_are_the_declared_routes() -> None:
    # Given the API function's HttpApi events in template.yaml
    events = properties("ApiFunction")["Events"].values()
    deployed = {
        (event["Properties"]["Method"], event["Properties"]["Path"])
        for event in events
        if event["Type"] == "HttpApi"
    }
    # Then API Gateway routes exactly what the app serves
    assert deployed == _DECLARED


def test_the_openapi_document_describes_the_declared_routes() -> None:
    paths = build_openapi()["paths"]
    documented = {(method.upper(), path) for path, ops in paths.items() for method in ops}
    assert documented == _DECLARED


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.operation_id)
def test_every_declared_route_is_served(route: Route) -> None:
    # When the route is called (with no body: the answer may be a problem about the request)
    event = http_api_event(route.method, _concrete(route.path))
    response = _app().resolve(event, FakeLambdaContext())
    # Then a handler answered it, not the resolver's "no such route"
    assert json.loads(response["body"]).get("detail") != _NO_SUCH_ROUTE


def test_an_undeclared_path_is_no_such_route() -> None:
    response = _app().resolve(http_api_event("GET", "/v1/briefs"), FakeLambdaContext())
    assert response["statusCode"] in {404, 405}


def test_a_declared_route_without_a_handler_stops_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a route table with one route the app has no handler for
    extra = Route(
        method="GET",
        path="/v1/unserved",
        operation_id="unserved",
        summary="x",
        response_model=ROUTES[0].response_model,
        response_description="x",
    )
    monkeypatch.setattr(app_module, "ROUTES", (*ROUTES, extra))
    # When the app is created, Then it refuses to start, naming the route
    with pytest.raises(RuntimeError, match="unserved"):
        _app()


def test_resolver_paths_use_angle_brackets() -> None:
    paths = {route.path: route.resolver_path for route in ROUTES}
    assert paths["/v1/briefs/progress/{request_id}"] == "/v1/briefs/progress/<request_id>"
    assert paths["/v1/briefs"] == "/v1/briefs"


# A method the route table does not declare for a declared path was answered 404 "There is no
# such route" without an Allow header (issue 14 attack); RFC 9110 says 405 with Allow.
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/v1/briefs", "POST"),
        ("DELETE", "/v1/briefs", "POST"),
        ("PATCH", "/v1/briefs", "POST"),
        ("GET", "/v1/briefs", "POST"),
        ("HEAD", "/v1/health", "GET"),
        ("POST", "/v1/health", "GET"),
        ("DELETE", "/v1/briefs/progress/3f2b9c1e-8d4a-4b7e-9f10-2a6c5d7e8f90", "GET"),
        ("GET", "/v1/corroborations", "POST"),
    ],
)
def test_an_undeclared_method_on_a_declared_path_is_405_with_allow(
    method: str, path: str, allowed: str
) -> None:
    # When a declared path is called with a method the table does not declare for it
    response = _app().resolve(http_api_event(method, path), FakeLambdaContext())
    # Then the answer is a 405 problem naming the methods it does take
    assert response["statusCode"] == 405
    assert response["headers"]["Content-Type"] == "application/problem+json"
    assert response["headers"]["Allow"] == allowed
    assert json.loads(response["body"])["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "path",
    ["/nope", "/", "/v1/health/", "/v1//health", "/v1/briefs/", "/v1/briefs/progress/a/b"],
)
def test_an_undeclared_path_stays_404_without_allow(path: str) -> None:
    response = _app().resolve(http_api_event("PUT", path), FakeLambdaContext())
    assert response["statusCode"] == 404
    assert "Allow" not in response["headers"]
    assert json.loads(response["body"])["code"] == "not_found"
