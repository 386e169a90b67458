"""Each model request as an X-Ray subsegment ("## model call"), where the function is traced.

The handlers' Powertools ``Tracer`` patches botocore only (parallax.api.handler says why): the
model's requests go through the SDK's own HTTP stack, so a sampled Brief's trace showed its
DynamoDB and Secrets Manager calls and nothing of the seconds spent waiting for the model.

Only names go into the trace: the provider, the model id, the attempt and the outcome (a notice
code and its detail). Never the prompt, the article, the answer or a key: annotations and
metadata are kept by X-Ray and readable by whoever may read traces.

Traced only where X-Ray is already set up and on: in Lambda (``AWS_LAMBDA_FUNCTION_NAME``), with
``aws_xray_sdk`` imported by a handler's ``Tracer`` and not disabled by it (Powertools turns the
SDK off under ``POWERTOOLS_TRACE_DISABLED`` and outside Lambda). Anywhere else (the CLI, ``parallax
serve``, tests) nothing is imported and nothing is logged: a subsegment without a trace makes
the SDK log "cannot find the current segment" at ERROR. A failure of the tracing itself never
fails the call.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, Final

logger = logging.getLogger(__name__)

SUBSEGMENT_NAME: Final = "## model call"

Outcome = Callable[[str, str], None]
"""``(outcome, detail)``: ``"ok"`` or a ``NOTICE_*`` code, and its detail."""


def _recorder() -> Any | None:
    if not os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        return None
    core = sys.modules.get("aws_xray_sdk.core")
    if core is None:
        return None
    from aws_xray_sdk import global_sdk_config  # type: ignore[import-untyped]

    if not global_sdk_config.sdk_enabled():
        return None
    return core.xray_recorder


@contextlib.contextmanager
def model_call_subsegment(provider: str, model: str, attempt: int) -> Iterator[Outcome]:
    """Within the block, one model request is a subsegment; call what it yields with the
    request's outcome before leaving."""
    recorder = _recorder()
    subsegment: Any = None
    if recorder is not None:
        try:
            subsegment = recorder.begin_subsegment(SUBSEGMENT_NAME)
            if subsegment is not None:
                subsegment.put_annotation("llm_provider", provider)
                subsegment.put_annotation("llm_model", model)
                subsegment.put_annotation("llm_attempt", attempt)
        except Exception:  # tracing must never be why a model call fails
            logger.debug("the model call's subsegment could not be started", exc_info=True)
            subsegment = None

    def outcome(code: str, detail: str) -> None:
        if subsegment is None:
            return
        with contextlib.suppress(Exception):
            subsegment.put_annotation("llm_outcome", code)
            subsegment.put_annotation("llm_detail", detail)

    try:
        yield outcome
    finally:
        if subsegment is not None and recorder is not None:
            try:
                recorder.end_subsegment()
            except Exception:
                logger.debug("the model call's subsegment could not be ended", exc_info=True)
