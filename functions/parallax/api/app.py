"""Routes: parse → call the domain → typed response. Shared by Lambda and the local server.

``create_app`` registers the routes on a Powertools resolver; ``parallax.api.handler`` wraps it
for Lambda and ``parallax.api.local_server`` feeds it API Gateway v2 events built from plain HTTP
requests, so both runtimes run exactly these functions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic_core import to_json

from parallax import __version__
from parallax.api.bodies import JSON, parse_json_body
from parallax.api.problems import PROBLEM_CONTENT_TYPE, problem_for
from parallax.api.routes import ROUTES, Health, allowed_methods
from parallax.config import Settings, SettingsError
from parallax.domain.errors import (
    InternalError,
    InvalidRequest,
    MethodNotAllowed,
    Misconfigured,
    NotFound,
    ParallaxError,
)
from parallax.domain.models import Brief, BriefRequest
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import BriefProgress
from parallax.domain.progress import REQUEST_ID_HEADER, ProgressAnswer, checked_request_id

if TYPE_CHECKING:
    from parallax.domain.corroboration_service import CorroborationService

__all__ = [
    "Health",
    "ThreadSafeHttpResolver",
    "brief_metric_names",
    "create_app",
    "create_misconfigured_app",
    "parse_brief_request",
    "problem_response",
    "quiet_third_party_loggers",
]

logger = Logger(service="parallax", child=True)


# Libraries that log what a reader's request carries: httpx every request URL with its query at
# INFO (the related-coverage searches are made of the article's names and title words), the
# anthropic SDK the request body (the article) at DEBUG, trafilatura and its helpers the page URL
# with its query at DEBUG, botocore and urllib3 bodies and URLs at DEBUG (a Secrets Manager answer
# is the API key).
_CHATTY_LOGGERS = (
    "httpx",
    "httpcore",
    "anthropic",
    # anthropic 2.x's HTTP stack: a line per model call at INFO, its response headers at DEBUG.
    "httpx2",
    "httpcore2",
    "trafilatura",
    "htmldate",
    "courlan",
    "botocore",
    "urllib3",
)


def quiet_third_party_loggers() -> None:
    """Hold the chatty clients at WARNING whatever level the root logger is given, so that
    running at INFO or DEBUG in production shows Parallax's own (redacted) logs only."""
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class ThreadSafeHttpResolver(APIGatewayHttpResolver):
    """The HTTP API resolver, safe to resolve several events at once in one process.

    Powertools keeps the current event and Lambda context on its ``BaseRouter`` *class* and the
    route context on the instance, so two threads resolving at once would read each other's
    event (its body, its ``Origin`` for CORS). Here the three are per thread: the properties below
    shadow the class attributes for this resolver, and :meth:`resolve` sets them for the calling
    thread. In Lambda (one event per invocation) this changes nothing; the local server resolves
    requests concurrently with it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Before super().__init__, which assigns self.context.
        self._per_thread = threading.local()
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def current_event(self) -> BaseProxyEvent:
        event: BaseProxyEvent = self._per_thread.event
        return event

    @current_event.setter
    def current_event(self, value: BaseProxyEvent) -> None:
        self._per_thread.event = value

    @property
    def lambda_context(self) -> LambdaContext:
        context: LambdaContext = self._per_thread.lambda_context
        return context

    @lambda_context.setter
    def lambda_context(self, value: LambdaContext) -> None:
        self._per_thread.lambda_context = value

    @property
    def context(self) -> dict[str, Any]:
        if not hasattr(self._per_thread, "context"):
            self._per_thread.context = {}
        context: dict[str, Any] = self._per_thread.context
        return context

    @context.setter
    def context(self, value: dict[str, Any]) -> None:
        self._per_thread.context = value

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        raw = event.raw_event if isinstance(event, BaseProxyEvent) else event
        self._per_thread.event = self._to_proxy_event(dict(raw))
        self._per_thread.lambda_context = context
        self._per_thread.context = {}
        return super().resolve(event, context)


def brief_metric_names(brief: Brief) -> list[str]:
    """The counters one Brief adds: cache hit or miss, and on a fresh Brief every degradation
    the reader saw (a related source that failed, a summary that fell back), by name."""
    if brief.cache.hit:
        return ["CacheHit"]
    names = ["CacheMiss"]
    if brief.related.partial:
        names.append("RelatedPartial")
        names.extend(f"RelatedSourceFailed_{source}" for source in brief.related.failed_sources)
    if brief.summary is not None and brief.summary.notice:
        names.append(f"SummaryNotice_{brief.summary.notice}")
    return names


def problem_response(error: ParallaxError) -> Response[str]:
    problem = problem_for(error)
    headers = {"Allow": ", ".join(error.allowed)} if isinstance(error, MethodNotAllowed) else None
    return Response(
        status_code=problem.status,
        content_type=PROBLEM_CONTENT_TYPE,
        body=problem.model_dump_json(exclude_none=True),
        headers=headers,
    )


def parse_brief_request(
    body: str | None,
    is_base64: bool,
    content_type: str | None,
    max_body_bytes: int,
    *,
    content_encoding: str | None = None,
    query: str | None = None,
) -> BriefRequest:
    """Body of ``POST /v1/briefs`` → ``BriefRequest``, or the domain error that says why not."""
    return parse_json_body(
        body,
        is_base64,
        content_type,
        model=BriefRequest,
        max_bytes=max_body_bytes,
        empty_hint="send a JSON object with at least 'url'",
        content_encoding=content_encoding,
        query=query,
    )


def create_app(
    settings: Settings,
    service: Callable[[], BriefService],
    on_brief: Callable[[Brief], None] | None = None,
    corroborations: Callable[[], CorroborationService] | None = None,
    progress: BriefProgress | None = None,
) -> APIGatewayHttpResolver:
    """The resolver serving the routes of ``parallax.api.routes.ROUTES``, each by its handler here.

    ``service`` is called per request and is expected to build the BriefService once and cache it
    (see ``parallax.wiring``), so importing the handler opens no file and no socket.
    ``on_brief(brief)`` lets the Lambda runtime turn each Brief into metrics.
    ``corroborations`` serves ``POST /v1/corroborations`` (issue 18); without it the route
    answers ``not_found``.
    ``progress`` is where ``GET /v1/briefs/progress/{request_id}`` reads the step a Brief is in
    (the same store the service reports to); without it that route answers ``not_found``.
    """
    quiet_third_party_loggers()
    cors = CORSConfig(
        allow_origin=settings.cors_origins[0] if settings.cors_origins else "",
        extra_origins=list(settings.cors_origins[1:]),
        allow_headers=["Content-Type", REQUEST_ID_HEADER],
        max_age=600,
    )
    app = ThreadSafeHttpResolver(cors=cors if settings.cors_origins else None)

    def health() -> Response[str]:
        body = Health(status="ok", version=__version__, stage=settings.stage)
        return Response(status_code=200, content_type=JSON, body=body.model_dump_json())

    def create_brief() -> Response[str]:
        event = app.current_event
        request = parse_brief_request(
            event.body,
            bool(event.is_base64_encoded),
            event.headers.get("content-type"),
            settings.max_body_bytes,
            content_encoding=event.headers.get("content-encoding"),
            query=event.raw_event.get("rawQueryString"),
        )
        # Optional: a client that sends it may ask the progress route which step this is in.
        raw_id = event.headers.get(REQUEST_ID_HEADER.lower())
        request_id = checked_request_id(raw_id) if raw_id is not None else None
        brief = service().brief(request, request_id=request_id)
        if on_brief is not None:
            on_brief(brief)
        # Optional fields that are None are left out, but `summary` is required by the document
        # (null when include.summary is false): dropping it broke the contract (schemathesis).
        body = brief.model_dump(mode="json", exclude_none=True)
        body.setdefault("summary", None)
        return Response(status_code=200, content_type=JSON, body=to_json(body).decode("utf-8"))

    def brief_progress(request_id: str) -> Response[str]:
        checked_request_id(request_id)
        step = progress.current(request_id) if progress is not None else None
        if step is None:
            # Never sent, expired, or (in Lambda) made by another invocation than this one.
            raise NotFound("No Brief with this request id is known here.")
        body = ProgressAnswer(request_id=request_id, step=step)
        return Response(status_code=200, content_type=JSON, body=body.model_dump_json())

    from parallax.api.corroborations import corroboration_handler

    handlers: dict[str, Callable[..., Response[str]]] = {
        "createBrief": create_brief,
        "getBriefProgress": brief_progress,
        "createCorroboration": corroboration_handler(app, corroborations),
        "health": health,
    }
    declared = {route.operation_id for route in ROUTES}
    if declared != handlers.keys():
        # A route without a handler, or a handler no route declares: a bug, found at start-up.
        raise RuntimeError(f"routes and handlers differ: {sorted(declared ^ handlers.keys())}")
    for route in ROUTES:
        app.route(route.resolver_path, method=route.method)(handlers[route.operation_id])

    def handle_domain_error(error: ParallaxError) -> Response[str]:
        if isinstance(error, InternalError):
            logger.error("internal error", extra={"code": error.code})
        else:
            logger.info("request refused", extra={"code": error.code})
        return problem_response(error)

    @app.not_found
    def handle_not_found(_: NotFoundError) -> Response[str]:
        event = app.current_event
        allowed = allowed_methods(event.path)
        if event.http_method.upper() in allowed:
            # The table declares this path for this method, yet the resolver did not match it:
            # its pattern for a path parameter refused a character ('©', a quote, a control
            # character). A malformed parameter, as a too-short id is (a 400 from the handler);
            # it was a 405 "This route takes GET" to a GET.
            return problem_response(
                InvalidRequest("A path parameter of this route is not well-formed.")
            )
        if allowed:
            return problem_response(
                MethodNotAllowed(f"This route takes {', '.join(allowed)}.", allowed)
            )
        return problem_response(NotFound("There is no such route. See docs/openapi.json."))

    def handle_unexpected(error: Exception) -> Response[str]:
        # The trace goes to our logs only; the client gets a stable code and nothing else.
        logger.exception("unexpected error", extra={"error_type": type(error).__name__})
        return problem_response(InternalError("Something went wrong on our side."))

    def handle_settings_error(error: SettingsError) -> Response[str]:
        # A setting that only the first use of an adapter checks (PARALLAX_CACHE_TABLE with
        # PARALLAX_CACHE_BACKEND=dynamodb) was a 500 `internal` with a trace in the log.
        logger.error("misconfigured", extra=error.log_fields())
        return problem_response(_MISCONFIGURED)

    # Registered as calls, not decorators: the decorator is untyped and would erase the signatures.
    app.exception_handler(ParallaxError)(handle_domain_error)
    app.exception_handler(SettingsError)(handle_settings_error)
    app.exception_handler(Exception)(handle_unexpected)
    return app


_MISCONFIGURED = Misconfigured(
    "The server's settings cannot be used; its operator has to fix them (see its log)."
)


def create_misconfigured_app(
    on_request: Callable[[], None] | None = None,
) -> APIGatewayHttpResolver:
    """What a Lambda execution environment whose settings failed at cold start serves: every
    request, on every path and method, gets the ``misconfigured`` problem (503) instead of API
    Gateway's bare 500 for a function that cannot start. Its CORS is API Gateway's own.
    ``on_request()`` is called for each (the handler counts them: no invocation fails now, so the
    Lambda Errors alarm no longer sees a stage that cannot start)."""
    app = ThreadSafeHttpResolver()

    @app.not_found
    def misconfigured(_: NotFoundError) -> Response[str]:
        if on_request is not None:
            on_request()
        return problem_response(_MISCONFIGURED)

    return app
