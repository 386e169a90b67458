"""The SSRF guard's decisions, table-driven. Addresses here are only values: nothing is dialled."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallax.adapters.fetcher import FetchPolicy
from parallax.domain.errors import BlockedUrl
from parallax.domain.ssrf_rules import blocked_reason, check_ip, check_url

STRICT = FetchPolicy()
DEV = FetchPolicy(allow_private_hosts=True)

# (url, a fragment the refusal's detail must contain)
BLOCKED_URLS: list[tuple[str, str]] = [
    # loopback, private, CGNAT, link-local
    ("http://127.0.0.1/", "loopback"),
    ("http://127.255.255.254/admin", "loopback"),
    ("http://localhost/", "loopback"),
    ("http://LOCALHOST./", "loopback"),
    ("http://api.localhost/", "loopback"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://172.31.255.255/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://100.127.255.254/", "carrier-grade NAT"),
    ("http://169.254.1.1/", "link-local"),
    # cloud metadata, IPv4, IPv6 and by name
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://169.254.170.2/v2/credentials", "cloud metadata"),
    ("http://100.100.100.200/latest/meta-data/", "cloud metadata"),
    ("http://192.0.0.192/", "cloud metadata"),
    ("http://168.63.129.16/machine", "cloud metadata"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "cloud metadata"),
    ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
    ("http://instance-data/latest/", "cloud metadata"),
    # unspecified, multicast, reserved, broadcast, benchmarking, documentation
    ("http://0.0.0.0/", "unspecified"),
    ("http://0/", "unspecified"),
    ("http://[::]/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://239.255.255.250:80/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "reserved"),
    ("http://198.18.0.1/", "benchmarking"),
    ("http://198.19.255.255/", "benchmarking"),
    ("http://192.0.2.1/", "documentation"),
    ("http://198.51.100.7/", "documentation"),
    ("http://203.0.113.9/", "documentation"),
    ("http://192.0.0.8/", "IETF protocol assignment"),
    ("http://192.88.99.1/", "6to4 relay anycast"),
    # IPv6 ranges
    ("http://[::1]/", "loopback"),
    ("http://[fc00::1]/", "private"),
    ("http://[fd12:3456:789a::1]/", "private"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fec0::1]/", "site-local"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[2001:db8::1]/", "documentation"),
    ("http://[3fff::1]/", "documentation"),
    ("http://[2001:2::1]/", "benchmarking"),
    ("http://[100::1]/", "discard-only"),
    ("http://[64:ff9b:1::1]/", "local-use NAT64"),
    ("http://[4000::1]/", "reserved"),
    ("http://[::127.0.0.1]/", "reserved"),
    # IPv4 embedded in IPv6
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped loopback"),
    ("http://[::ffff:7f00:1]/", "IPv4-mapped loopback"),
    ("http://[0:0:0:0:0:ffff:169.254.169.254]/", "IPv4-mapped cloud metadata"),
    ("http://[::ffff:10.1.2.3]/", "IPv4-mapped private"),
    ("http://[64:ff9b::a9fe:a9fe]/", "NAT64 embedding of a cloud metadata"),
    ("http://[64:ff9b::127.0.0.1]/", "NAT64 embedding of a loopback"),
    ("http://[2002:7f00:1::1]/", "6to4 embedding of a loopback"),
    ("http://[2002:a9fe:a9fe::]/", "6to4 embedding of a cloud metadata"),
    ("http://[2002:c0a8:101::1]/", "6to4 embedding of a private"),
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo embedding of a loopback"),
    ("http://[2001:0:4136:e378:8000:63bf:a247:28f1]/", "Teredo tunnel"),
    ("http://[::ffff:0:7f00:1]/", "SIIT embedding of a loopback"),
    # numeric host spellings that inet_aton and browsers read as 127.0.0.1 / 169.254.169.254
    ("http://2130706433/", "loopback"),
    ("http://0x7f000001/", "loopback"),
    ("http://0x7f.1/", "loopback"),
    ("http://0X7F.0.0.1/", "loopback"),
    ("http://0177.0.0.1/", "loopback"),
    ("http://0177.1/", "loopback"),
    ("http://017700000001/", "loopback"),
    ("http://127.1/", "loopback"),
    ("http://127.0.1/", "loopback"),
    ("http://127.0.0.1./", "loopback"),
    ("http://0xA9.0xFE.0xA9.0xFE/", "cloud metadata"),
    ("http://2852039166/", "cloud metadata"),
    ("http://169.254.43518/", "cloud metadata"),
    ("http://\uff11\uff12\uff17.0.0.1/", "loopback"),  # full-width digits
    ("http://127\u30020\u30020\u30021/", "loopback"),  # ideographic full stops
    # userinfo and delimiter tricks: the real host is what counts
    ("http://a@127.0.0.1/", "loopback"),
    ("http://example.com@127.0.0.1/", "loopback"),
    ("http://example.com:80@169.254.169.254/", "cloud metadata"),
    ("http://127.0.0.1#@example.com/", "loopback"),
    ("http://127.0.0.1?@example.com/", "loopback"),
    ("http://127.0.0.1\\@example.com/", "backslash"),
    ("http://user:secret@example.com/", "credentials"),
    # schemes
    ("file:///etc/passwd", "'file'"),
    ("ftp://example.com/pub/", "'ftp'"),
    ("gopher://127.0.0.1:70/_stats", "'gopher'"),
    ("javascript:alert(1)", "'javascript'"),
    ("data:text/html,<p>hi</p>", "'data'"),
    ("dict://127.0.0.1:11211/stat", "'dict'"),
    ("ws://example.com/socket", "'ws'"),
    ("//example.com/no-scheme", "absolute"),
    # ports
    ("http://example.com:22/", "Port 22"),
    ("http://example.com:8080/", "Port 8080"),
    ("https://example.com:6379/", "Port 6379"),
    ("http://93.184.215.14:25/", "Port 25"),
    ("http://example.com:0/", "invalid port"),
    ("http://example.com:65536/", "invalid port"),
    ("http://example.com:8o/", "invalid port"),
    # malformed hosts
    ("http:///path", "no host"),
    ("http://exa mple.com/", "not a valid domain"),
    ("http://ex%61mple.com/", "not allowed"),
    ("http://[fe80::1%25eth0]/", "malformed IPv6"),
    ("http://[::1/", "malformed"),
    ("http://1.2.3.4.5/", "malformed numeric"),
    ("http://256.0.0.1/", "malformed numeric"),
    ("http://08.0.0.1/", "malformed numeric"),
    ("http://example.com/\r\nX-Injected: 1", "control characters"),
]

# (url, the URL the fetcher would request)
ALLOWED_URLS: list[tuple[str, str]] = [
    ("http://93.184.215.14/", "http://93.184.215.14/"),
    ("https://example.com/news?id=1#comments", "https://example.com/news?id=1"),
    ("HTTPS://Example.COM./a", "https://example.com/a"),
    ("https://example.com:443/", "https://example.com/"),
    ("http://example.com", "http://example.com/"),
    ("https://bücher.de/seite", "https://xn--bcher-kva.de/seite"),
    ("https://www.spiegel.de/politik/a-123.html", "https://www.spiegel.de/politik/a-123.html"),
    ("http://1.1.1.1/", "http://1.1.1.1/"),
    ("http://1572394766/", "http://93.184.215.14/"),  # decimal form of a public address
    (
        "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
        "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
    ),
    ("http://[64:ff9b::5db8:d70e]/", "http://[64:ff9b::5db8:d70e]/"),  # NAT64 of a public v4
    ("http://[2002:5db8:d70e::1]/", "http://[2002:5db8:d70e::1]/"),  # 6to4 of a public v4
    ("http://[::ffff:93.184.215.14]/", "http://[::ffff:5db8:d70e]/"),
    ("http://news.example/2026/11/29/story", "http://news.example/2026/11/29/story"),
    ("http://under_score.example.com/", "http://under_score.example.com/"),
]


@pytest.mark.parametrize(("url", "reason"), BLOCKED_URLS)
def test_blocked_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    # Given the production policy (public hosts, ports 80/443)
    # When a URL naming an internal, special or malformed target is checked
    with pytest.raises(BlockedUrl) as refused:
        check_url(url, STRICT)
    # Then it is refused, with a detail that says why
    assert reason in refused.value.detail
    assert refused.value.code == "blocked_url"


@pytest.mark.parametrize(("url", "normalised"), ALLOWED_URLS)
def test_public_urls_pass_and_are_normalised(url: str, normalised: str) -> None:
    # Given the production policy
    # When a URL naming a public host on 80/443 is checked
    checked = check_url(url, STRICT)
    # Then it passes, rewritten to what the HTTP client will request
    assert checked.url == normalised


def test_the_refusal_never_echoes_the_address() -> None:
    # Given an internal address
    # When it is refused
    with pytest.raises(BlockedUrl) as refused:
        check_url("http://10.20.30.40/secret?token=abc", STRICT)
    # Then the detail names the range, not the address, path or query
    assert "10.20.30.40" not in refused.value.detail
    assert "token" not in refused.value.detail


def test_checked_url_exposes_parts() -> None:
    # Given a URL with a numeric host in hex
    # When it passes the check
    checked = check_url("http://0x5d.0xb8.0xd7.0x0e:80/a?b=c", STRICT)
    # Then host, port and address are normalised
    assert (checked.scheme, checked.host, checked.port) == ("http", "93.184.215.14", 80)
    assert checked.ip == ipaddress.IPv4Address("93.184.215.14")


DEV_ALLOWED = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://10.0.0.1/",
    "http://172.20.1.1/",
    "http://192.168.1.1/",
    "http://[::1]/",
    "http://[fd12:3456::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
]

DEV_STILL_BLOCKED = [
    ("http://169.254.169.254/", "cloud metadata"),
    ("http://[fd00:ec2::254]/", "cloud metadata"),
    ("http://100.100.100.200/", "cloud metadata"),
    ("http://metadata.google.internal/", "cloud metadata"),
    ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
    ("http://169.254.10.10/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[64:ff9b::7f00:1]/", "NAT64 embedding of a loopback"),
    ("http://127.0.0.1:22/", "Port 22"),
    ("file:///etc/passwd", "'file'"),
    ("gopher://127.0.0.1/", "'gopher'"),
    ("http://user@127.0.0.1/", "credentials"),
]


@pytest.mark.parametrize("url", DEV_ALLOWED)
def test_dev_policy_allows_private_and_loopback(url: str) -> None:
    # Given allow_private_hosts (development and tests only)
    # When a private or loopback URL is checked
    # Then it passes
    check_url(url, DEV)


@pytest.mark.parametrize(("url", "reason"), DEV_STILL_BLOCKED)
def test_dev_policy_still_blocks_metadata_and_special_ranges(url: str, reason: str) -> None:
    # Given allow_private_hosts
    # When a metadata, link-local, special-range, odd-port or non-HTTP URL is checked
    with pytest.raises(BlockedUrl) as refused:
        check_url(url, DEV)
    # Then it is still refused
    assert reason in refused.value.detail


def test_allowed_ports_come_from_the_policy() -> None:
    # Given a policy that allows only port 8080
    policy = FetchPolicy(allowed_ports=frozenset({8080}))
    # When URLs on the default and on the allowed port are checked
    # Then only the allowed port passes, and the default port counts as explicit
    assert check_url("http://example.com:8080/", policy).port == 8080
    with pytest.raises(BlockedUrl, match="Port 80 "):
        check_url("http://example.com/", policy)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("93.184.215.14", None),
        ("8.8.8.8", None),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", None),
        ("127.0.0.1", "loopback"),
        ("10.1.1.1", "private"),
        ("100.64.0.0", "carrier-grade NAT"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("fe80::1%eth0", "link-local"),  # resolvers add zone ids to link-local answers
        ("::ffff:10.0.0.1", "IPv4-mapped private"),
        ("2002:a00:1::", "6to4 embedding of a private IPv4 address"),
        ("64:ff9b::c0a8:1", "NAT64 embedding of a private IPv4 address"),
        ("255.255.255.255", "reserved"),
        ("::", "unspecified"),
    ],
)
def test_blocked_reason_per_address(address: str, reason: str | None) -> None:
    # Given a resolved address
    # When it is classified
    # Then the reason is the range it falls in (None for a public address)
    assert blocked_reason(address) == reason


def test_check_ip_returns_the_parsed_address_or_refuses() -> None:
    # Given the strict policy
    # When a public and a private address are checked
    # Then the public one comes back parsed and the private one is refused
    assert check_ip("93.184.215.14", STRICT) == ipaddress.IPv4Address("93.184.215.14")
    with pytest.raises(BlockedUrl, match="private"):
        check_ip(ipaddress.ip_address("192.168.0.10"), STRICT)
    with pytest.raises(BlockedUrl, match="not a valid IP"):
        check_ip("not-an-ip", STRICT)


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_every_numeric_spelling_gets_the_dotted_decision(value: int) -> None:
    # Given any IPv4 address
    dotted = str(ipaddress.IPv4Address(value))
    spellings = [str(value), hex(value), "0" + oct(value)[2:] if value else "0"]

    def decision(host: str) -> str | None:
        try:
            check_url(f"http://{host}/", STRICT)
        except BlockedUrl as exc:
            return exc.detail
        return None

    # When it is written in decimal, hex and octal instead of dotted quad
    # Then the guard decides exactly as for the dotted form
    expected = decision(dotted)
    assert all(decision(spelling) == expected for spelling in spellings)
