"""The real backend, in process on loopback, over a feed index holding given reports: offline,
or with the model on a loopback fake of the Messages API. The reader walks' set-up (Chinese and
Japanese: walk6; Korean: walk7), once instead of a copy in each of their four files."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from tests.support.fake_anthropic import RecordedRequest, Reply, tool_use_message

# A headline in a translation request's prompt.
_HEADLINE: Final = re.compile(r'<t id="(\d+)">(.*?)</t>')


@contextmanager
def backend_over_index(
    home: Path,
    reports: Iterable[Any],
    *,
    site_port: int | None = None,
    model_url: str | None = None,
) -> Iterator[str]:
    """The backend's base URL while the block runs; its index holds ``reports`` (IndexItems).

    ``site_port``: the fixture site's port, which the backend may then fetch from, for the
    extension's origin (a walk through the panel); without it Briefs are asked with the page's
    HTML. ``model_url``: the Anthropic fake's base URL (no retries, 5 s), else the offline
    summariser."""
    from parallax.adapters.feed_index import FeedIndex
    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import Settings
    from parallax.wiring import lazy_brief_service
    from tests.e2e.harness import EXTENSION_ORIGIN

    extra: dict[str, Any] = {}
    if site_port is not None:
        extra.update(
            allow_private_hosts=True,
            allowed_ports=(site_port,),
            cors_origins=(EXTENSION_ORIGIN,),
        )
    if model_url is not None:
        extra.update(
            llm_provider="anthropic",
            llm_base_url=model_url,
            llm_api_key="sk-test-not-a-real-key",
            llm_timeout_s=5.0,
            llm_max_retries=0,
        )
    settings = Settings(home=home, providers=("index",), ingest_interval_s=0, **extra)
    index = FeedIndex(settings.index_path)
    try:
        index.upsert_items(list(reports))
    finally:
        index.close()
    service = lazy_brief_service(settings)
    with LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0) as server:
        yield server.base_url


def scripted_model(
    summaries: Mapping[str, Any], translated: Mapping[str, str]
) -> Callable[[RecordedRequest], Reply]:
    """The Anthropic fake's answer for a walk: the summary written for the request's target
    language (``summaries``), and each headline of a translation request that ``translated``
    holds, translated (the others left out, as a model that skipped them)."""

    def answer(request: RecordedRequest) -> Reply:
        if "translat" in request.tool_name:
            found = _HEADLINE.findall(request.user_message)
            items = [
                {"id": int(i), "text": translated[text]} for i, text in found if text in translated
            ]
            return Reply(body=tool_use_message(request, {"translations": items}))
        return Reply(body=tool_use_message(request, summaries[request.language]))

    return answer
