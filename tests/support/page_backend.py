"""A local Parallax backend that briefs pages served by a loopback fixture site: the real path
(fetch through the guarded fetcher, read, judge, summarise) for the pages a test writes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pytest

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.wiring import lazy_brief_service
from tests.support.fixture_site import FixtureSite


@contextmanager
def backend_for_pages(
    pages: Mapping[str, str], tmp_path_factory: pytest.TempPathFactory, label: str
) -> Iterator[tuple[str, FixtureSite]]:
    """Serve ``pages`` (file name → HTML) from a fixture site and a backend allowed to fetch
    from it (loopback, its port only, the feed index as the only related provider); yield the
    backend's base URL and the site."""
    root = tmp_path_factory.mktemp(f"{label}-pages")
    for name, html in pages.items():
        (root / name).write_text(html, encoding="utf-8")
    with FixtureSite(pages_dir=root) as site:
        port = int(site.base_url.rsplit(":", 1)[1])
        settings = Settings(
            home=tmp_path_factory.mktemp(f"home-{label}"),
            allow_private_hosts=True,
            allowed_ports=(port,),
            providers=("index",),
        )
        service = lazy_brief_service(settings)
        local = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0)
        local.start()
        try:
            yield local.base_url, site
        finally:
            local.stop()
