"""SSRF guard: may the fetcher go to this URL, this address?

Pure decisions, no I/O. :func:`check_url` looks at what a URL names (scheme, port, host written in
any of the forms a resolver or browser would accept), :func:`check_ip` at where a connection would
actually go. The fetcher calls both: the URL check gives early, clear refusals; the address check
on every resolved address is what actually keeps it off internal networks.

With ``allow_private_hosts`` (development and tests only) private and loopback addresses become
reachable; link-local, metadata, multicast, reserved and the other special ranges stay blocked, as
do non-HTTP schemes and ports outside the allowed set.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Set
from dataclasses import dataclass
from typing import Final, Protocol
from urllib.parse import urlsplit

import idna

from parallax.domain.errors import BlockedUrl

__all__ = [
    "CheckedUrl",
    "GuardPolicy",
    "IPAddress",
    "blocked_reason",
    "check_host_name",
    "check_ip",
    "check_url",
    "is_public_link",
    "parse_ip",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class GuardPolicy(Protocol):
    """The part of the fetch policy the guard needs (``FetchPolicy`` satisfies it)."""

    @property
    def allow_private_hosts(self) -> bool: ...

    @property
    def allowed_ports(self) -> Set[int]: ...


@dataclass(frozen=True, slots=True)
class CheckedUrl:
    """A URL that passed :func:`check_url`, rewritten with its normalised host.

    ``url`` is what the fetcher requests: no userinfo, no fragment, the host as ASCII (IDNA),
    lower-case, without a trailing dot, and numeric hosts in dotted/compressed form, so the HTTP
    client and the guard cannot disagree about which host is meant.
    """

    url: str
    scheme: str
    host: str
    port: int
    ip: IPAddress | None


_SCHEMES: Final = {"http": 80, "https": 443}

PRIVATE: Final = "private"
LOOPBACK: Final = "loopback"
METADATA: Final = "cloud metadata"
# What allow_private_hosts opens up: enough to fetch a dev server or a loopback fixture site,
# never the link-local or metadata ranges a cloud host exposes.
_DEV_ALLOWED: Final = frozenset({PRIVATE, LOOPBACK})

# Metadata endpoints are blocked even when private hosts are allowed: on a developer's cloud
# VM or in a Lambda with allow_private_hosts mistakenly on, these hand out credentials.
_METADATA_NETWORKS: Final[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "169.254.169.254/32",  # AWS, GCP, Azure, OCI, OpenStack instance metadata
        "169.254.170.2/32",  # ECS task metadata and credentials
        "169.254.170.23/32",  # EKS pod identity agent
        "100.100.100.200/32",  # Alibaba Cloud
        "192.0.0.192/32",  # Oracle Cloud (legacy)
        "168.63.129.16/32",  # Azure WireServer (a public address, hence listed)
        "fd00:ec2::/32",  # AWS IMDS, pod identity, NTP and DNS over IPv6
    )
)

_METADATA_NAMES: Final = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.com",
    }
)

_V4_RANGES: Final = tuple(
    (ipaddress.IPv4Network(net), reason)
    for net, reason in (
        # 0.0.0.0 reaches the local host on Linux, so "this network" is not harmless.
        ("0.0.0.0/8", "unspecified"),
        ("10.0.0.0/8", PRIVATE),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", LOOPBACK),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", PRIVATE),
        ("192.0.0.0/24", "IETF protocol assignment"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", PRIVATE),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),  # includes the 255.255.255.255 broadcast address
    )
)

_V6_RANGES: Final = tuple(
    (ipaddress.IPv6Network(net), reason)
    for net, reason in (
        ("::/128", "unspecified"),
        ("::1/128", LOOPBACK),
        ("64:ff9b:1::/48", "local-use NAT64"),
        ("100::/64", "discard-only"),
        ("2001:2::/48", "benchmarking"),  # before 2001::/23, which contains it
        ("2001::/23", "IETF protocol assignment"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "SRv6 segment identifier"),
        ("fc00::/7", PRIVATE),  # unique local addresses
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    )
)

_GLOBAL_UNICAST_V6: Final = ipaddress.IPv6Network("2000::/3")
_NAT64_WKP: Final = ipaddress.IPv6Network("64:ff9b::/96")
_SIIT_TRANSLATED: Final = ipaddress.IPv6Network("::ffff:0:0:0/96")

_HOST_LABEL: Final = re.compile(r"[a-z0-9_-]{1,63}")
_DECIMAL: Final = re.compile(r"[0-9]+")
_HEX: Final = re.compile(r"0[xX][0-9a-fA-F]*")
_OCTAL: Final = re.compile(r"0[0-7]+")
_PORT: Final = re.compile(r"[0-9]{1,5}")
# C0 controls and DEL: urlsplit silently drops tabs and newlines, browsers strip them too, so a
# URL carrying them could mean different hosts to different parsers.
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


def parse_ip(value: str | IPAddress) -> IPAddress:
    """An address from a resolver answer or a literal; IPv6 zone ids are dropped."""
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return value
    try:
        return ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        raise BlockedUrl("The address is not a valid IP address") from None


def _v4_reason(ip: ipaddress.IPv4Address) -> str | None:
    for net, reason in _V4_RANGES:
        if ip in net:
            return reason
    # A backstop for ranges the table misses (the stdlib list grows with IANA's registry).
    if not ip.is_global:
        return "reserved"
    return None


def _embedded_reason(kind: str, ip: ipaddress.IPv4Address) -> str | None:
    # Embedded IPv4 is judged strictly (as if private hosts were not allowed): translation and
    # tunnel prefixes are never how a development server is reached.
    inner = _reason(ip, allow_private=False)
    return None if inner is None else f"{kind} embedding of a {inner} IPv4 address"


def _low32(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def _v6_tunnel_reason(ip: ipaddress.IPv6Address) -> str | None:
    if ip in _SIIT_TRANSLATED:
        return _embedded_reason("SIIT", _low32(ip)) or "reserved"
    if ip.sixtofour is not None:
        # 6to4 of a public address falls through to the range table (2002::/16 is global).
        return _embedded_reason("6to4", ip.sixtofour)
    if ip.teredo is not None:
        server, client = ip.teredo
        return (
            _embedded_reason("Teredo", client)
            or _embedded_reason("Teredo server", server)
            or "Teredo tunnel"
        )
    return None


def _v6_range_reason(ip: ipaddress.IPv6Address) -> str | None:
    for net, reason in _V6_RANGES:
        if ip in net:
            return reason
    return None if ip in _GLOBAL_UNICAST_V6 else "reserved"


def _v6_reason(ip: ipaddress.IPv6Address, allow_private: bool) -> str | None:
    mapped = ip.ipv4_mapped
    if mapped is not None:
        # ::ffff:a.b.c.d *is* a.b.c.d on a dual-stack socket: same decision, same allowance.
        inner = _reason(mapped, allow_private)
        return None if inner is None else f"IPv4-mapped {inner}"
    if ip in _NAT64_WKP:
        # NAT64 of a public address is a legitimate route on IPv6-only networks.
        return _embedded_reason("NAT64", _low32(ip))
    return _v6_tunnel_reason(ip) or _v6_range_reason(ip)


def _reason(ip: IPAddress, allow_private: bool) -> str | None:
    if any(ip in net for net in _METADATA_NETWORKS if net.version == ip.version):
        return METADATA
    if isinstance(ip, ipaddress.IPv4Address):
        reason = _v4_reason(ip)
    else:
        reason = _v6_reason(ip, allow_private)
    if reason in _DEV_ALLOWED and allow_private:
        return None
    return reason


def blocked_reason(ip: str | IPAddress, *, allow_private_hosts: bool = False) -> str | None:
    """Why a connection to ``ip`` is refused (e.g. ``"loopback"``), or None when it is allowed."""
    return _reason(parse_ip(ip), allow_private_hosts)


def check_ip(ip: str | IPAddress, policy: GuardPolicy) -> IPAddress:
    """Return the parsed address, or raise :class:`BlockedUrl` if ``policy`` forbids it."""
    address = parse_ip(ip)
    reason = _reason(address, policy.allow_private_hosts)
    if reason is not None:
        # The reason names the range, never the address: answers must not map internal DNS.
        raise BlockedUrl(f"The address is not publicly routable ({reason})")
    return address


def check_host_name(host: str, policy: GuardPolicy) -> None:
    """Refuse host names that always mean a local or metadata service, before any DNS lookup."""
    if host in _METADATA_NAMES:
        raise BlockedUrl(f"The address is not publicly routable ({METADATA})")
    # RFC 6761: *.localhost is loopback whatever DNS says.
    if (host == "localhost" or host.endswith(".localhost")) and not policy.allow_private_hosts:
        raise BlockedUrl(f"The address is not publicly routable ({LOOPBACK})")


def _parse_ipv4_number(part: str) -> int | None:
    if _HEX.fullmatch(part):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        # "08" is neither octal nor (to inet_aton) decimal: ambiguous, so not a number.
        return int(part[1:], 8) if _OCTAL.fullmatch(part) else None
    if _DECIMAL.fullmatch(part):
        return int(part, 10)
    return None


def _ends_in_number(labels: list[str]) -> bool:
    last = labels[-1]
    return bool(_DECIMAL.fullmatch(last) or _HEX.fullmatch(last))


def _parse_ipv4_host(labels: list[str]) -> ipaddress.IPv4Address:
    """The WHATWG IPv4 parser, which is also what inet_aton (and so getaddrinfo) accepts:
    ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` all mean 127.0.0.1."""
    invalid = BlockedUrl("The host is a malformed numeric address")
    if len(labels) > 4:
        raise invalid
    numbers = [_parse_ipv4_number(label) for label in labels]
    if any(n is None for n in numbers):
        raise invalid
    values = [n for n in numbers if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(values)):
        raise invalid
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _normalise_host(raw: str) -> tuple[str, IPAddress | None]:
    if not raw:
        raise BlockedUrl("The URL has no host")
    if raw.startswith("["):
        if not raw.endswith("]") or "%" in raw:
            raise BlockedUrl("The host is a malformed IPv6 address")
        try:
            v6 = ipaddress.IPv6Address(raw[1:-1])
        except ValueError:
            raise BlockedUrl("The host is a malformed IPv6 address") from None
        return v6.compressed, v6
    # Percent-encoded hosts are decoded by browsers but not by every client: refuse the ambiguity.
    if "%" in raw or "\\" in raw:
        raise BlockedUrl("The host contains characters that are not allowed")
    host = raw[:-1] if raw.endswith(".") else raw
    if not host.isascii():
        try:
            # UTS 46 mapping folds full-width digits and ideographic full stops, so a host
            # spelled in them turns into the numeric host it would be in a browser.
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            raise BlockedUrl("The host is not a valid internationalised domain name") from None
    host = host.lower()
    labels = host.split(".")
    if _ends_in_number(labels):
        v4 = _parse_ipv4_host(labels)
        return str(v4), v4
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise BlockedUrl("The host is not a valid domain name")
    if any(label.startswith("xn--") for label in labels):
        # An A-label must decode to a valid U-label ("xn--a", "xn--ls8h" do not); the HTTP client
        # decodes it to build the Host header, and an IDNA error there was a 500 (issue 15).
        try:
            idna.decode(host)
        except (idna.IDNAError, UnicodeError):
            raise BlockedUrl("The host is not a valid internationalised domain name") from None
    return host, None


def _split_authority(netloc: str) -> tuple[bool, str, str]:
    """``(has_userinfo, host, port)`` of a URL authority, split where HTTP clients split it."""
    if "\\" in netloc:
        # WHATWG reads "\" as "/", other parsers as part of the userinfo: two hosts, one URL.
        raise BlockedUrl("The URL authority contains a backslash")
    _, at, hostport = netloc.rpartition("@")
    if not hostport.startswith("["):
        host, _, port = hostport.partition(":")
        return bool(at), host, port
    end = hostport.find("]")
    host, rest = hostport[: end + 1], hostport[end + 1 :]
    if end < 0 or (rest and not rest.startswith(":")):
        raise BlockedUrl("The host is a malformed IPv6 address")
    return bool(at), host, rest[1:]


def _port(text: str, scheme: str, policy: GuardPolicy) -> int:
    if not text:
        port = _SCHEMES[scheme]
    elif _PORT.fullmatch(text) and 0 < int(text) <= 65535:
        port = int(text)
    else:
        raise BlockedUrl("The URL has an invalid port")
    if port not in policy.allowed_ports:
        raise BlockedUrl(f"Port {port} is not allowed")
    return port


def check_url(url: str, policy: GuardPolicy) -> CheckedUrl:
    """Check what ``url`` names against ``policy``; raise :class:`BlockedUrl` when refused.

    Only the literal URL is judged here: a host name still has to be resolved and every address
    checked with :func:`check_ip` before connecting.
    """
    url = url.strip()
    if _CONTROL.search(url):
        raise BlockedUrl("The URL contains control characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BlockedUrl("The URL is malformed") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise BlockedUrl("Only absolute http and https URLs are fetched")
    if scheme not in _SCHEMES:
        shown = scheme if scheme.isalnum() and len(scheme) <= 20 else "this"
        raise BlockedUrl(f"Only http and https URLs are fetched, not {shown!r}")
    has_userinfo, raw_host, port_text = _split_authority(parts.netloc)
    host, ip = _normalise_host(raw_host)
    port = _port(port_text, scheme, policy)
    if ip is not None:
        check_ip(ip, policy)
    else:
        check_host_name(host, policy)
    if has_userinfo:
        # Checked after the host so the reason names the real target; refused because a fetcher
        # sending someone's credentials on to a third party is never what a reader wants.
        raise BlockedUrl("URLs with user credentials are not fetched")

    url_host = f"[{host}]" if isinstance(ip, ipaddress.IPv6Address) else host
    port_part = "" if port == _SCHEMES[scheme] else f":{port}"
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return CheckedUrl(
        url=f"{scheme}://{url_host}{port_part}{path}{query}",
        scheme=scheme,
        host=host,
        port=port,
        ip=ip,
    )


@dataclass(frozen=True, slots=True)
class _AnyPortPolicy:
    allow_private_hosts: bool = False
    allowed_ports: Set[int] = frozenset(range(1, 65536))


_LINK_POLICY: Final = _AnyPortPolicy()


def is_public_link(url: str) -> bool:
    """Whether ``url`` may be shown to a reader as a link to another outlet's report: an http(s)
    URL whose host is a valid name or a public literal address, by the fetcher's own rules.

    Only the literal URL is judged (no DNS lookup: feed items are many, and a reader's browser,
    not this server, follows the link); any port is allowed, credentials are not.
    """
    try:
        check_url(url, _LINK_POLICY)
    except BlockedUrl:
        return False
    return True
