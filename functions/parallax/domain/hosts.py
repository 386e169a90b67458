"""Host names of URLs: the host, the outlet's host, and the registrable domain.

The registrable domain comes from the Public Suffix List shipped with the ``tld`` package
(``www.bbc.co.uk`` → ``bbc.co.uk``, ``www.elysee.gouv.fr`` → ``elysee.gouv.fr``,
``foo.blogspot.com`` stays itself) rather than a hand-kept list of second-level labels, which
made ``gouv.fr``, ``gob.mx`` and ``blogspot.com`` one outlet each.
"""

from __future__ import annotations

import contextlib
import ipaddress
from urllib.parse import urlsplit

__all__ = ["OUTLET_HOST_PREFIXES", "host_of", "outlet_host", "registrable_domain"]

OUTLET_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
"""Labels under which one site serves its desktop, mobile and AMP pages."""


def host_of(domain_or_url: str) -> str | None:
    """The lower-cased host of a URL, a bare domain or a ``Host`` header value
    (``"https://Edition.CNN.com/x"`` → ``"edition.cnn.com"``, ``"[::1]:8787"`` → ``"::1"``),
    without a trailing dot; None when there is none or it cannot be parsed. A value that starts
    with ``//`` is read as host[:port] only, so ``"//" + header`` never takes a URL's host."""
    text = domain_or_url.strip()
    if not text:
        return None
    if text.count(":") > 1 and "/" not in text and "[" not in text:
        # An IPv6 address as urlsplit().hostname gives it, without brackets: read as a host and
        # a port it was "2001" for every 2001:... address.
        try:
            return str(ipaddress.IPv6Address(text))
        except ValueError:
            return None
    if "://" not in text and not text.startswith("//"):
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".")
    return host or None


def outlet_host(domain_or_url: str, prefixes: tuple[str, ...] = OUTLET_HOST_PREFIXES) -> str:
    """The host without one leading ``www.``/``m.``/``amp.``/``mobile.`` (or the given
    ``prefixes``); ``""`` when there is no host."""
    host = host_of(domain_or_url) or ""
    for prefix in prefixes:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _is_ip(host: str) -> bool:
    return ":" in host or host.replace(".", "").isdigit()


def registrable_domain(host_or_url: str) -> str:
    """``https://www.bbc.co.uk/news`` → ``bbc.co.uk``; ``edition.cnn.com`` → ``cnn.com``.

    An IP address is its own answer; a host under a suffix the list does not know (``.test``,
    ``.example``, ``localhost``) keeps its last two labels. ``""`` when there is no host.
    """
    host = host_of(host_or_url) or ""
    if not host or _is_ip(host):
        return host
    from tld import get_fld  # lazy: the suffix list is parsed on first use, not at import

    if not host.isascii():
        import idna  # lazy: only hosts outside ASCII need it

        # The A-label, as canonical_url and the fetcher spell the host: "bücher.de" and
        # "xn--bcher-kva.de" are one outlet. A host UTS 46 cannot encode stays as written.
        with contextlib.suppress(idna.IDNAError, UnicodeError):
            host = idna.encode(host, uts46=True).decode("ascii")
    found = get_fld(host, fix_protocol=True, fail_silently=True)
    if isinstance(found, str) and found:
        return found
    return ".".join(host.split(".")[-2:])
