"""GuardedFetcher with a stubbed resolver and a recording connector.

No packet leaves the process: the resolver is a dict, and the connector hands the fetcher one end
of a ``socket.socketpair()`` whose other end already holds a canned HTTP response.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest

from parallax.adapters.fetcher import (
    MAX_LINGERING_FETCH_LOOKUPS,
    FetchPolicy,
    GuardedFetcher,
    system_resolver,
)
from parallax.config import Settings
from parallax.domain.errors import (
    BlockedUrl,
    FetchFailed,
    TooLarge,
    UnsupportedMedia,
    UpstreamTimeout,
)

PUBLIC_V4 = "93.184.215.14"
PUBLIC_V4_B = "93.184.215.15"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
HTML = b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"


def http_response(
    status: int = 200,
    body: bytes = HTML,
    headers: Sequence[tuple[str, str]] = (("Content-Type", "text/html; charset=utf-8"),),
) -> bytes:
    lines = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in headers)]
    # Connection: close makes every response end its connection, so each hop dials anew.
    lines += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


@dataclass
class StubResolver:
    """Answers from a table; a host with several answer lists gives the next one per lookup."""

    table: dict[str, list[list[str]]]
    calls: list[str] = field(default_factory=list)
    error: OSError | None = None

    def __call__(self, host: str, port: int, timeout: float | None) -> list[str]:
        self.calls.append(host)
        if self.error is not None:
            raise self.error
        answers = self.table[host]
        return answers.pop(0) if len(answers) > 1 else answers[0]


@dataclass
class RecordingConnector:
    """Records (ip, port) and returns an in-process socket preloaded with the next response.
    With no responses left it refuses, like a closed port."""

    responses: list[bytes] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    calls: list[tuple[str, int]] = field(default_factory=list)
    peers: list[socket.socket] = field(default_factory=list)

    def __call__(self, ip: str, port: int, timeout: float | None) -> socket.socket:
        self.calls.append((ip, port))
        if ip in self.refuse or not self.responses:
            raise ConnectionRefusedError("refused by the test connector")
        ours, peer = socket.socketpair()
        peer.sendall(self.responses.pop(0))
        self.peers.append(peer)
        return ours

    def sent(self, index: int = 0) -> bytes:
        """What the fetcher wrote on connection ``index``."""
        peer = self.peers[index]
        peer.setblocking(False)
        chunks = []
        while True:
            try:
                chunk = peer.recv(65536)
            except BlockingIOError:
                break
            except ConnectionResetError:
                # The fetcher closed with our canned bytes unread; what it wrote is still queued.
                continue
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for peer in self.peers:
            peer.close()


@pytest.fixture
def connector() -> Iterator[RecordingConnector]:
    recording = RecordingConnector()
    yield recording
    recording.close()


POLICY = FetchPolicy(timeout_s=3.0)


def fetcher(
    resolver: StubResolver, connector: RecordingConnector, policy: FetchPolicy = POLICY
) -> GuardedFetcher:
    return GuardedFetcher(policy, resolver=resolver, connector=connector)


# -- DNS answers ---------------------------------------------------------------------------------


def test_hostname_resolving_to_metadata_is_refused_before_connecting(
    connector: RecordingConnector,
) -> None:
    # Given a public-looking name whose DNS answer is the cloud metadata address
    resolver = StubResolver({"news.example": [["169.254.169.254"]]})
    connector.responses.append(http_response())
    # When it is fetched
    with pytest.raises(BlockedUrl, match="cloud metadata"):
        fetcher(resolver, connector).fetch("http://news.example/latest/meta-data/")
    # Then the name was looked up once and nothing was dialled
    assert resolver.calls == ["news.example"]
    assert connector.calls == []


@pytest.mark.parametrize(
    "answer",
    [
        [PUBLIC_V4, "10.0.0.7"],
        ["10.0.0.7", PUBLIC_V4],
        [PUBLIC_V6, "::1"],
        [PUBLIC_V4, "::ffff:127.0.0.1"],
        [PUBLIC_V4, "fd00:ec2::254"],
    ],
)
def test_any_blocked_address_in_the_answer_refuses_the_host(
    answer: list[str], connector: RecordingConnector
) -> None:
    # Given a DNS answer mixing a public and an internal address
    resolver = StubResolver({"news.example": [answer]})
    connector.responses.append(http_response())
    # When the host is fetched
    # Then it is refused as a whole, whatever the order, and nothing is dialled
    with pytest.raises(BlockedUrl):
        fetcher(resolver, connector).fetch("http://news.example/")
    assert connector.calls == []


def test_dns_rebinding_cannot_swap_the_checked_address(connector: RecordingConnector) -> None:
    # Given a rebinding DNS server: public on the first lookup, loopback on any later one
    resolver = StubResolver({"news.example": [[PUBLIC_V4], ["127.0.0.1"]]})
    connector.responses.append(http_response())
    # When the page is fetched
    page = fetcher(resolver, connector).fetch("http://news.example/story")
    # Then there was exactly one lookup for the one connection,
    # and the connection went to the address that was checked
    assert resolver.calls == ["news.example"]
    assert connector.calls == [(PUBLIC_V4, 80)]
    assert page.html.startswith("<!DOCTYPE html>")
    # and the request still names the host, not the IP
    request = connector.sent()
    assert request.startswith(b"GET /story HTTP/1.1\r\n")
    assert b"\r\nHost: news.example\r\n" in request


def test_each_new_connection_is_resolved_and_checked_again(connector: RecordingConnector) -> None:
    # Given a rebinding DNS server and a page that redirects to itself on a new connection
    resolver = StubResolver({"news.example": [[PUBLIC_V4], ["127.0.0.1"]]})
    connector.responses.append(http_response(302, b"", [("Location", "/again")]))
    connector.responses.append(http_response())
    # When it is fetched
    with pytest.raises(BlockedUrl, match="loopback"):
        fetcher(resolver, connector).fetch("http://news.example/")
    # Then the second connection's own lookup was checked and refused before dialling
    assert resolver.calls == ["news.example", "news.example"]
    assert connector.calls == [(PUBLIC_V4, 80)]


def test_redirect_to_a_host_resolving_inside_is_refused(connector: RecordingConnector) -> None:
    # Given a public page redirecting to a name that resolves to a private address
    resolver = StubResolver({"news.example": [[PUBLIC_V4]], "intranet.example": [["10.1.2.3"]]})
    connector.responses.append(
        http_response(301, b"", [("Location", "http://intranet.example/admin")])
    )
    # When it is fetched
    with pytest.raises(BlockedUrl, match="private"):
        fetcher(resolver, connector).fetch("http://news.example/")
    # Then only the first host was dialled
    assert connector.calls == [(PUBLIC_V4, 80)]


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://[::ffff:169.254.169.254]/",
        "http://localhost/",
        "file:///etc/passwd",
        "http://news.example:8080/",
    ],
)
def test_redirect_hops_are_checked_like_the_first_url(
    location: str, connector: RecordingConnector
) -> None:
    # Given a public page redirecting to an internal, non-HTTP or odd-port URL
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(302, b"", [("Location", location)]))
    # When it is fetched
    # Then the hop is refused without a lookup or a second connection
    with pytest.raises(BlockedUrl):
        fetcher(resolver, connector).fetch("http://news.example/")
    assert resolver.calls == ["news.example"]
    assert len(connector.calls) == 1


def test_literal_addresses_are_not_resolved(connector: RecordingConnector) -> None:
    # Given URLs with literal public IPv4 and IPv6 hosts
    resolver = StubResolver({})
    connector.responses += [http_response(), http_response()]
    # When they are fetched
    fetcher(resolver, connector).fetch(f"http://{PUBLIC_V4}/")
    fetcher(resolver, connector).fetch(f"http://[{PUBLIC_V6}]/")
    # Then the resolver was never asked and the literal addresses were dialled
    assert resolver.calls == []
    assert connector.calls == [(PUBLIC_V4, 80), (PUBLIC_V6, 80)]


@pytest.mark.parametrize(
    "url",
    ["ftp://news.example/", "http://news.example:22/", "http://localhost/", "http://0x7f.1/"],
)
def test_refused_urls_touch_neither_dns_nor_network(
    url: str, connector: RecordingConnector
) -> None:
    # Given URLs the guard refuses on their face
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    # When they are fetched
    with pytest.raises(BlockedUrl):
        fetcher(resolver, connector).fetch(url)
    # Then no lookup and no connection happened
    assert resolver.calls == []
    assert connector.calls == []


def test_tls_uses_the_host_name_while_dialling_the_checked_ip(
    connector: RecordingConnector,
) -> None:
    # Given an https URL whose "server" answers the TLS handshake with plain-text garbage
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(b"HTTP/1.1 400 Not TLS\r\n\r\n")
    # When it is fetched
    with pytest.raises(FetchFailed):
        fetcher(resolver, connector).fetch("https://news.example/")
    # Then port 443 of the checked IP was dialled and the ClientHello carried the name as SNI
    assert connector.calls == [(PUBLIC_V4, 443)]
    hello = connector.sent()
    assert hello[:1] == b"\x16"  # TLS handshake record
    assert b"news.example" in hello
    assert PUBLIC_V4.encode() not in hello


def test_next_checked_address_is_tried_when_one_refuses(connector: RecordingConnector) -> None:
    # Given two public answers, the first of which refuses connections
    resolver = StubResolver({"news.example": [[PUBLIC_V4, PUBLIC_V4_B]]})
    connector.refuse.add(PUBLIC_V4)
    connector.responses.append(http_response())
    # When the page is fetched
    fetcher(resolver, connector).fetch("http://news.example/")
    # Then the second address was used, still from the single lookup
    assert resolver.calls == ["news.example"]
    assert connector.calls == [(PUBLIC_V4, 80), (PUBLIC_V4_B, 80)]


@pytest.mark.parametrize(
    ("resolver", "error"),
    [
        (StubResolver({}, error=socket.gaierror(-2, "Name or service not known")), FetchFailed),
        (StubResolver({"news.example": [[]]}), FetchFailed),
        (StubResolver({}, error=TimeoutError("slow DNS")), UpstreamTimeout),
        (StubResolver({"news.example": [["not-an-address"]]}), BlockedUrl),
    ],
)
def test_resolver_failures_become_domain_errors(
    resolver: StubResolver, error: type[Exception], connector: RecordingConnector
) -> None:
    # Given a resolver that fails, answers nothing, times out or answers nonsense
    # When a page is fetched
    # Then the failure is a domain error and nothing is dialled
    with pytest.raises(error):
        fetcher(resolver, connector).fetch("http://news.example/")
    assert connector.calls == []


def test_connection_refused_everywhere_is_fetch_failed(connector: RecordingConnector) -> None:
    # Given a host whose only address refuses connections
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    # When it is fetched
    # Then the fetch fails cleanly
    with pytest.raises(FetchFailed):
        fetcher(resolver, connector).fetch("http://news.example/")


# -- redirects, status, content --------------------------------------------------------------


def test_redirects_are_limited_by_policy(connector: RecordingConnector) -> None:
    # Given a policy that allows no redirect and a page that redirects
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(302, b"", [("Location", "/elsewhere")]))
    policy = FetchPolicy(max_redirects=0, timeout_s=3.0)
    # When it is fetched
    # Then it fails without following
    with pytest.raises(FetchFailed, match="redirected more than 0 times"):
        fetcher(resolver, connector, policy).fetch("http://news.example/")
    assert len(connector.calls) == 1


def test_cookies_set_on_a_redirect_are_sent_on_the_next_hop(connector: RecordingConnector) -> None:
    # Given a consent-style redirect that sets a cookie
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(
        http_response(302, b"", [("Location", "/story"), ("Set-Cookie", "consent=yes; Path=/")])
    )
    connector.responses.append(http_response())
    # When it is followed
    page = fetcher(resolver, connector).fetch("http://news.example/")
    # Then the second request carries the cookie and the final URL is reported
    assert page.url == "http://news.example/story"
    assert b"\r\nCookie: consent=yes\r\n" in connector.sent(1)


@pytest.mark.parametrize("status", [302, 404, 410, 500, 503])
def test_non_2xx_final_status_fails(status: int, connector: RecordingConnector) -> None:
    # Given a final response that is not a 2xx page (a 302 without Location included)
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(status, HTML))
    # When it is fetched
    # Then the fetch fails, naming the status
    with pytest.raises(FetchFailed, match=str(status)):
        fetcher(resolver, connector).fetch("http://news.example/")


@pytest.mark.parametrize(
    ("headers", "body", "error"),
    [
        ((("Content-Type", "image/png"),), b"\x89PNG\r\n\x1a\n", UnsupportedMedia),
        ((("Content-Type", "application/json"),), b"{}", UnsupportedMedia),
        ((("Content-Type", "text/plain"),), b"<html>", UnsupportedMedia),
        ((), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 600, UnsupportedMedia),
        ((), b"%PDF-1.7\n", UnsupportedMedia),
        ((("Content-Type", "text/html"), ("Content-Encoding", "br")), HTML, FetchFailed),
        ((("Content-Type", "text/html"), ("Content-Encoding", "gzip")), b"not gzip", FetchFailed),
    ],
)
def test_content_that_is_not_an_html_page_is_refused(
    headers: tuple[tuple[str, str], ...],
    body: bytes,
    error: type[Exception],
    connector: RecordingConnector,
) -> None:
    # Given a response that is not HTML (by header, or by sniffing when there is no header),
    # or uses an encoding the fetcher cannot cap
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(200, body, headers))
    # When it is fetched
    # Then it is refused with the matching error
    with pytest.raises(error):
        fetcher(resolver, connector).fetch("http://news.example/")


@pytest.mark.parametrize(
    "body",
    [
        HTML,
        b"\n  <html><p>lower case, leading space</p></html>",
        b"<!-- a comment --><p>x</p>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><p>x</p></html>',
        b"\xef\xbb\xbf<!doctype html><p>BOM</p>",
        b'<meta charset="utf-8"><title>t</title><body><p>meta first</p></body>',
    ],
)
def test_missing_content_type_is_sniffed_as_html(
    body: bytes, connector: RecordingConnector
) -> None:
    # Given an HTML body sent without a Content-Type
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(200, body, ()))
    # When it is fetched
    page = fetcher(resolver, connector).fetch("http://news.example/")
    # Then it is accepted as text/html
    assert page.content_type == "text/html"


def test_declared_length_over_the_cap_is_refused_unread(connector: RecordingConnector) -> None:
    # Given a small cap and a response declaring more than that
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n"
    connector.responses.append(head + b"<html>")
    policy = FetchPolicy(max_bytes=1000, timeout_s=3.0)
    # When it is fetched
    # Then it is refused from the header alone (the body is never complete, so it was not read)
    with pytest.raises(TooLarge):
        fetcher(resolver, connector, policy).fetch("http://news.example/")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", None])
def test_body_cap_counts_decoded_bytes(encoding: str | None, connector: RecordingConnector) -> None:
    # Given a 1000-byte cap and a page that decodes to 20 000 bytes
    body = b"<html><body>" + b"a" * 20_000 + b"</body></html>"
    headers = [("Content-Type", "text/html")]
    if encoding == "gzip":
        packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        body = packer.compress(body) + packer.flush()
        headers.append(("Content-Encoding", "gzip"))
    elif encoding == "deflate":
        body = zlib.compress(body)
        headers.append(("Content-Encoding", "deflate"))
    elif encoding == "raw-deflate":
        packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        body = packer.compress(body) + packer.flush()
        headers.append(("Content-Encoding", "deflate"))
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(200, body, headers))
    policy = FetchPolicy(max_bytes=1000, timeout_s=3.0)
    # When it is fetched
    # Then the decoded size hits the cap even though the compressed body is tiny
    with pytest.raises(TooLarge):
        fetcher(resolver, connector, policy).fetch("http://news.example/")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_pages_are_decoded(encoding: str, connector: RecordingConnector) -> None:
    # Given a compressed page under the cap
    if encoding == "gzip":
        packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    elif encoding == "deflate":
        packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS)
    else:
        packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(HTML) + packer.flush()
    content_encoding = "gzip" if encoding == "gzip" else "deflate"
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(
        http_response(
            200, body, [("Content-Type", "text/html"), ("Content-Encoding", content_encoding)]
        )
    )
    # When it is fetched
    page = fetcher(resolver, connector).fetch("http://news.example/")
    # Then the HTML comes back decoded
    assert page.html == HTML.decode()


GERMAN = "<html><head><title>Größe</title></head><body><p>Grüße aus Köln</p></body></html>"


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=utf-8", GERMAN.encode("utf-8"), GERMAN),
        ("text/html; charset=ISO-8859-1", GERMAN.encode("latin-1"), GERMAN),
        ('text/html; charset="windows-1252"', GERMAN.encode("cp1252"), GERMAN),
        ("text/html", b'<meta charset="iso-8859-1">' + GERMAN.encode("latin-1"), None),
        (
            "text/html",
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            + GERMAN.encode("cp1252"),
            None,
        ),
        ("text/html", GERMAN.encode("utf-8"), GERMAN),
        ("text/html; charset=utf-8", b"\xef\xbb\xbf" + GERMAN.encode("utf-8"), GERMAN),
        ("text/html; charset=no-such-charset", GERMAN.encode("utf-8"), GERMAN),
        ("text/html; charset=base64", GERMAN.encode("utf-8"), GERMAN),
        ("text/html", b'<meta charset="rot13">' + GERMAN.encode("utf-8"), None),
    ],
)
def test_pages_are_decoded_by_header_then_meta_then_utf8(
    content_type: str, body: bytes, expected: str | None, connector: RecordingConnector
) -> None:
    # Given a German page labelled by HTTP header, by <meta>, by BOM, mislabelled or unlabelled
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response(200, body, [("Content-Type", content_type)]))
    # When it is fetched
    page = fetcher(resolver, connector).fetch("http://news.example/")
    # Then the umlauts survive (None: the page carries a <meta> prefix, compare the article part)
    assert page.html.endswith(GERMAN) if expected is None else page.html == expected
    assert page.content_type == "text/html"


def test_unlabelled_non_utf8_is_decoded_as_windows_1252(connector: RecordingConnector) -> None:
    # Given an unlabelled page with a byte that is not UTF-8
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(
        http_response(200, b"<p>caf\xe9</p>", [("Content-Type", "text/html")])
    )
    # When it is fetched
    page = fetcher(resolver, connector).fetch("http://news.example/")
    # Then it is read as Windows-1252, the browsers' default for unlabelled Western pages
    assert page.html == "<p>caf\u00e9</p>"


# -- policy and defaults -----------------------------------------------------------------------


def test_policy_from_settings() -> None:
    # Given settings widened for development
    settings = Settings(
        allow_private_hosts=True,
        allowed_ports=(80, 443, 8080),
        fetch_timeout_s=4.5,
        fetch_max_bytes=1234,
        max_redirects=2,
        user_agent="TestBot/1",
    )
    # When the fetch policy is built from them
    policy = FetchPolicy.from_settings(settings)
    # Then every field carries over
    assert policy == FetchPolicy(
        allow_private_hosts=True,
        allowed_ports=frozenset({80, 443, 8080}),
        max_redirects=2,
        max_bytes=1234,
        timeout_s=4.5,
        user_agent="TestBot/1",
    )


def test_default_policy_is_the_production_one() -> None:
    # Given the default policy
    policy = FetchPolicy()
    # Then it matches the default settings: public hosts only, 80/443, 5 redirects, 5 MB, 10 s
    assert policy == FetchPolicy.from_settings(Settings())
    assert not policy.allow_private_hosts and policy.allowed_ports == {80, 443}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allowed_ports": frozenset({0})},
        {"max_redirects": -1},
        {"max_bytes": 0},
        {"timeout_s": 0},
    ],
)
def test_nonsense_policies_are_rejected(kwargs: dict[str, object]) -> None:
    # Given a nonsensical policy value
    # When the policy is built
    # Then it fails loudly
    with pytest.raises(ValueError):
        FetchPolicy(**kwargs)  # type: ignore[arg-type]


def test_user_agent_is_sent(connector: RecordingConnector) -> None:
    # Given a policy with its own user agent
    resolver = StubResolver({"news.example": [[PUBLIC_V4]]})
    connector.responses.append(http_response())
    policy = FetchPolicy(user_agent="ParallaxTest/9", timeout_s=3.0)
    # When a page is fetched
    fetcher(resolver, connector, policy).fetch("http://news.example/")
    # Then the request identifies the bot and only asks for encodings the cap can handle
    request = connector.sent()
    assert b"\r\nUser-Agent: ParallaxTest/9\r\n" in request
    assert b"\r\nAccept-Encoding: gzip, deflate\r\n" in request


def test_system_resolver_returns_literal_addresses_without_dns() -> None:
    # Given a numeric host (getaddrinfo answers those without asking any DNS server)
    # When the default resolver is asked
    # Then it returns the address as a string
    assert system_resolver("127.0.0.1", 80, 2.0) == ["127.0.0.1"]


def test_a_stuck_resolver_parks_a_bounded_number_of_lookup_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a system resolver that never answers (stubbed: no lookup leaves the machine)
    release = threading.Event()
    calls: list[str] = []

    def stuck(host: str, *args: object, **kwargs: object) -> list[object]:
        calls.append(host)
        release.wait(30)
        raise socket.gaierror("stub resolver gave up")

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    try:
        # When more lookups than the bound time out one after another (a flood of pages on
        # distinct hosts), each abandoned thread still blocked in getaddrinfo
        for n in range(MAX_LINGERING_FETCH_LOOKUPS + 5):
            with pytest.raises(TimeoutError):
                system_resolver(f"host{n}.example", 443, 0.01)
        # Then only the bound's worth of lookups ever reached the resolver: the rest timed out
        # waiting for a slot (before: one parked thread per lookup, without limit)
        assert len(calls) == MAX_LINGERING_FETCH_LOOKUPS
    finally:
        release.set()
        monkeypatch.undo()
    # And once the resolver answers, the slots come back (a numeric host: no DNS is asked)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            assert system_resolver("127.0.0.1", 80, 2.0) == ["127.0.0.1"]
            break
        except TimeoutError:
            time.sleep(0.05)
    else:
        pytest.fail("the lookup slots did not come back")
