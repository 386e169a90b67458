"""Real fetches against the loopback fixture site. Only 127.0.0.1 is ever dialled."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher, connect_socket
from parallax.domain.errors import (
    BlockedUrl,
    FetchFailed,
    TooLarge,
    UnsupportedMedia,
    UpstreamTimeout,
)
from tests.support.fixture_site import FixtureSite

OK_PAGE = "/articles/_fetcher_ok.html"
PUBLIC_V4 = "93.184.215.14"


@pytest.fixture(scope="module")
def site() -> Iterator[FixtureSite]:
    with FixtureSite(redirect_target=OK_PAGE) as running:
        yield running


@pytest.fixture
def dev(site: FixtureSite) -> GuardedFetcher:
    """A fetcher allowed to reach the loopback site (development policy, the site's port)."""
    return GuardedFetcher(
        FetchPolicy(allow_private_hosts=True, allowed_ports=frozenset({site.port}), timeout_s=5.0)
    )


class PublicNameOnLoopback:
    """Makes ``news.example`` look like a public host: the resolver answers a public address,
    and the connector carries connections for that address to the loopback site instead.
    The guard sees (and checks) a public address; no packet leaves the machine."""

    def __init__(self, site: FixtureSite, extra: dict[str, list[str]] | None = None) -> None:
        self.site = site
        self.table = {"news.example": [PUBLIC_V4], **(extra or {})}
        self.lookups: list[str] = []
        self.dialled: list[tuple[str, int]] = []

    def resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        self.lookups.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown test host")
        return self.table[host]

    def connect(self, ip: str, port: int, timeout: float | None) -> socket.socket:
        self.dialled.append((ip, port))
        if ip != PUBLIC_V4:
            raise AssertionError(f"the test connector was asked to dial {ip}")
        return connect_socket("127.0.0.1", self.site.port, timeout)

    def fetcher(self, **policy: object) -> GuardedFetcher:
        base = FetchPolicy(allowed_ports=frozenset({self.site.port}), timeout_s=5.0)
        return GuardedFetcher(
            FetchPolicy(**{**_fields(base), **policy}),  # type: ignore[arg-type]
            resolver=self.resolve,
            connector=self.connect,
        )

    def url(self, path: str) -> str:
        return f"http://news.example:{self.site.port}{path}"


def _fields(policy: FetchPolicy) -> dict[str, object]:
    return {name: getattr(policy, name) for name in policy.__dataclass_fields__}


# -- pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/articles/_fetcher_de.html", ["Stadtrat beschließt Haushalt", "„Wir müssen"]),
        ("/articles/_fetcher_en.html", ["€42 million", "“We have to invest now,”"]),
        ("/latin1", ["Größere Straßenbahn für Köln", "Übergabe ist für März"]),
        ("/no-content-type", ["No content type here."]),
    ],
)
def test_articles_are_fetched_and_decoded(
    path: str, expected: list[str], site: FixtureSite, dev: GuardedFetcher
) -> None:
    # Given a German or English article (UTF-8 by header, Latin-1 by <meta>, or unlabelled)
    url = site.url(path)
    # When it is fetched
    page = dev.fetch(url)
    # Then the text is decoded correctly and the page described
    assert all(fragment in page.html for fragment in expected)
    assert (page.url, page.status, page.content_type) == (url, 200, "text/html")


# -- redirects -----------------------------------------------------------------------------------


@pytest.mark.parametrize("hops", [1, 3, 5])
def test_redirect_chains_up_to_the_limit_are_followed(
    hops: int, site: FixtureSite, dev: GuardedFetcher
) -> None:
    # Given a chain of relative 302 redirects no longer than the policy's 5
    # When its start is fetched
    page = dev.fetch(site.url(f"/redirect/{hops}"))
    # Then the final page is returned under its own URL
    assert page.url == site.url(OK_PAGE)
    assert "followed the redirects" in page.html


def test_a_chain_of_six_redirects_is_refused(site: FixtureSite, dev: GuardedFetcher) -> None:
    # Given a chain of 6 redirects (one more than allowed)
    before = site.connections
    # When it is fetched
    with pytest.raises(FetchFailed, match="more than 5"):
        dev.fetch(site.url("/redirect/6"))
    # Then the sixth redirect was not followed (6 requests, each on its own connection at most)
    assert site.connections - before <= 6


@pytest.mark.parametrize("code", [301, 303, 307, 308])
def test_absolute_redirects_of_every_kind_are_followed(
    code: int, site: FixtureSite, dev: GuardedFetcher
) -> None:
    # Given a redirect with an absolute Location
    target = quote(site.url(OK_PAGE), safe="")
    # When it is fetched
    page = dev.fetch(site.url(f"/redirect-to?code={code}&u={target}"))
    # Then it lands on the target
    assert page.url == site.url(OK_PAGE)


def test_name_posing_as_public_reaches_the_site(site: FixtureSite) -> None:
    # Given the strict policy and a public-looking name carried to the loopback site
    # (the control for the redirect tests below: this setup does reach the site)
    public = PublicNameOnLoopback(site)
    before = site.connections
    # When a page is fetched
    page = public.fetcher().fetch(public.url(OK_PAGE))
    # Then it arrives, after one lookup and one connection to the checked address
    assert "followed the redirects" in page.html
    assert public.lookups == ["news.example"]
    assert public.dialled == [(PUBLIC_V4, site.port)]
    assert site.connections == before + 1


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/articles/_fetcher_ok.html",
        "http://localhost:{port}/articles/_fetcher_ok.html",
        "http://2130706433:{port}/articles/_fetcher_ok.html",
        "http://[::ffff:127.0.0.1]:{port}/articles/_fetcher_ok.html",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.example:{port}/",
    ],
)
def test_redirect_into_the_machine_is_refused(location: str, site: FixtureSite) -> None:
    # Given the strict policy (no private hosts) and a "public" page on the fixture site that
    # redirects to loopback, metadata, or a name resolving to the metadata address
    public = PublicNameOnLoopback(site, extra={"metadata.example": ["169.254.169.254"]})
    target = quote(location.format(port=site.port), safe="")
    before = site.connections
    # When it is fetched
    with pytest.raises(BlockedUrl):
        public.fetcher().fetch(public.url(f"/redirect-to?u={target}"))
    # Then only the first hop reached the site, and nothing else was dialled
    assert site.connections == before + 1
    assert public.dialled == [(PUBLIC_V4, site.port)]


def test_default_policy_refuses_the_site_without_dialling(site: FixtureSite) -> None:
    # Given the production policy, and one that allows the site's port but not loopback
    strict_ports = GuardedFetcher(FetchPolicy())
    strict_hosts = GuardedFetcher(FetchPolicy(allowed_ports=frozenset({site.port})))
    before = site.connections
    # When the loopback site is fetched with each
    with pytest.raises(BlockedUrl, match=f"Port {site.port}"):
        strict_ports.fetch(site.url(OK_PAGE))
    with pytest.raises(BlockedUrl, match="loopback"):
        strict_hosts.fetch(site.url(OK_PAGE))
    # Then both refuse, and the site never saw a connection
    assert site.connections == before


# -- bodies that must not be taken ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/huge", "/huge-declared", "/gzip-bomb"])
def test_oversized_bodies_stop_at_the_cap(
    path: str, site: FixtureSite, dev: GuardedFetcher
) -> None:
    # Given a streamed 6 MB page, one declaring 6 MB up front, and a gzip bomb inflating to 60 MB
    started = time.monotonic()
    # When they are fetched under the 5 MB cap
    with pytest.raises(TooLarge):
        dev.fetch(site.url(path))
    # Then they are refused promptly (the bomb is never inflated in full)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("path", ["/binary", "/text"])
def test_non_html_is_unsupported_media(path: str, site: FixtureSite, dev: GuardedFetcher) -> None:
    # Given a PNG and a text/plain response
    # When they are fetched
    # Then they are refused as not HTML
    with pytest.raises(UnsupportedMedia):
        dev.fetch(site.url(path))


def test_slow_body_hits_the_total_timeout(site: FixtureSite) -> None:
    # Given a 1-second budget and a body that keeps trickling for ~10 seconds
    fetcher = GuardedFetcher(
        FetchPolicy(allow_private_hosts=True, allowed_ports=frozenset({site.port}), timeout_s=1.0)
    )
    started = time.monotonic()
    # When it is fetched
    with pytest.raises(UpstreamTimeout):
        fetcher.fetch(site.url("/slow"))
    # Then the fetch gives up at the deadline, not when the body ends
    assert time.monotonic() - started < 2.5


def test_timeout_spans_all_redirect_hops(site: FixtureSite) -> None:
    # Given a budget too small for anything and a redirect chain
    fetcher = GuardedFetcher(
        FetchPolicy(allow_private_hosts=True, allowed_ports=frozenset({site.port}), timeout_s=0.001)
    )
    # When it is fetched
    # Then the shared deadline runs out
    with pytest.raises(UpstreamTimeout):
        fetcher.fetch(site.url("/redirect/3"))


@pytest.mark.parametrize("code", [404, 500])
def test_error_status_is_fetch_failed(code: int, site: FixtureSite, dev: GuardedFetcher) -> None:
    # Given a page answering with an error status
    # When it is fetched
    # Then the fetch fails
    with pytest.raises(FetchFailed, match=str(code)):
        dev.fetch(site.url(f"/status/{code}"))


def test_missing_article_is_fetch_failed(site: FixtureSite, dev: GuardedFetcher) -> None:
    # Given an article path that does not exist (or tries to leave the pages directory)
    # When it is fetched
    # Then the 404 is a fetch failure
    with pytest.raises(FetchFailed, match="404"):
        dev.fetch(site.url("/articles/no-such-page.html"))
    with pytest.raises(FetchFailed, match="404"):
        dev.fetch(site.url("/articles/..%2F..%2Fconftest.py"))


def test_site_stops_cleanly_while_a_slow_response_is_in_flight() -> None:
    # Given a running site with a client stuck in its slow route
    site = FixtureSite().start()
    client = socket.create_connection(("127.0.0.1", site.port), timeout=5)
    client.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
    client.recv(1024)
    started = time.monotonic()
    # When it is stopped
    site.stop()
    # Then stop() returns promptly, the port is closed, and the counter is still readable
    assert time.monotonic() - started < 2
    assert site.connections == 1
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(client.getpeername()[1])), timeout=1)
    client.close()
