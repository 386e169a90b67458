"""AWS Lambda entry point for the API function (HTTP API, payload format 2.0)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from parallax.api.app import brief_metric_names, create_app, create_misconfigured_app
from parallax.config import SettingsError, get_settings
from parallax.domain.models import Brief
from parallax.wiring import lazy_brief_service, lazy_corroboration_service, model_metrics_sink

__all__ = ["app", "lambda_handler"]

logger = Logger(service="parallax")
metrics = Metrics(namespace="Parallax", service="parallax")
# Only AWS calls are traced. X-Ray's default patches every library it knows, httpx and
# http.client among them, and the httpx patch adds an X-Amzn-Trace-Id header to each request:
# every Google News and GDELT search carried our trace id (test_lambda_tracing). The outlets'
# pages (the fetcher drives httpcore itself) and the model (the SDK's own httpx fork) escaped
# only by how they are built. botocore covers boto3 (DynamoDB, S3, Secrets Manager). Kept the
# same in parallax.ingest.handlers.
tracer = Tracer(service="parallax", patch_modules=("botocore",))


def _count_brief(brief: Brief) -> None:
    for name in brief_metric_names(brief):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)


# The model adapter is imported on the first model call, not at cold start: it is only needed
# with a model.
_record_model_call = model_metrics_sink(metrics)


def _count_misconfigured() -> None:
    # The alarm on it (template.yaml, ApiMisconfiguredAlarm) replaces the Errors alarm, which an
    # init failure used to trip.
    metrics.add_metric(name="Misconfigured", unit=MetricUnit.Count, value=1)


def _cold_start_app() -> APIGatewayHttpResolver:
    """The routes on the settings validated now, at cold start; on settings that cannot be
    used, one structured log line naming them (never their values) and an app answering every
    request ``misconfigured``. Raising here instead was an init failure: a trace in the log and
    API Gateway's bare 500 to every reader."""
    try:
        settings = get_settings()
    except SettingsError as error:
        logger.error("misconfigured", extra=error.log_fields())
        return create_misconfigured_app(on_request=_count_misconfigured)
    briefs = lazy_brief_service(settings, _record_model_call)
    return create_app(
        settings,
        briefs,
        on_brief=_count_brief,
        corroborations=lazy_corroboration_service(settings, briefs, _record_model_call),
        # In Lambda the invocation asking for progress cannot see the one making the Brief
        # (another execution environment): the route answers not_found and the panel shows its
        # generic text.
        progress=briefs.progress,
    )


app = _cold_start_app()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics
# The answer stays out of the trace: by default Powertools puts it there as metadata, and a
# Brief is the reader's URL, the article's text and its summary (docs/security.md: nothing of
# the page is kept outside the cache); over X-Ray's 64 KB segment limit the handler's
# subsegment was not sent at all, so long articles had no trace.
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
