"""AWS Lambda entry point for the API function (HTTP API, payload format 2.0)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from parallax.api.app import brief_metric_names, create_app
from parallax.config import get_settings
from parallax.domain.models import Brief
from parallax.wiring import lazy_brief_service, lazy_corroboration_service, model_metrics_sink

__all__ = ["app", "lambda_handler"]

logger = Logger(service="parallax")
metrics = Metrics(namespace="Parallax", service="parallax")
tracer = Tracer(service="parallax")

# Settings are validated at cold start: a misconfigured stage fails its first invocation loudly.
_settings = get_settings()


def _count_brief(brief: Brief) -> None:
    for name in brief_metric_names(brief):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)


# The model adapter is imported on the first model call, not at cold start: it is only needed
# with a model.
_record_model_call = model_metrics_sink(metrics)


_briefs = lazy_brief_service(_settings, _record_model_call)
app = create_app(
    _settings,
    _briefs,
    on_brief=_count_brief,
    corroborations=lazy_corroboration_service(_settings, _briefs, _record_model_call),
    # In Lambda the invocation asking for progress cannot see the one making the Brief (another
    # execution environment): the route answers not_found and the panel shows its generic text.
    progress=_briefs.progress,
)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
