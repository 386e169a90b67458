"""URL canonicalisation and the Brief cache key.

Two readers who open the same article through a newsletter link and a social post should share
one cache entry, so tracking parameters, anchors (``#comments``), default ports and letter case
in the scheme and host are dropped before the URL becomes a key. A fragment that is a route
(``#/story/1``, ``#!/story/1``: the page a hash-routed site shows) is kept, normalised as the
extension's ``pageKey`` does (extension/lib/state.js). Nothing that can name a different resource is
dropped or rewritten: the path keeps reserved escapes (``/a%2Fb`` is not ``/a/b``) and bytes that
are not UTF-8, the query keeps every parameter that is not known tracking (``ref``, ``cid``,
``share`` and ``via`` are content ids on some sites), and letter case in path and query stays.

The rules follow RFC 3986 section 6.2.2 (syntax-based normalisation); the hand-made rule set was
chosen over ``courlan.normalize_url`` after measuring both on the table in tests/unit/test_urls.py
(see docs/benchmarks.md, "URL canonicalisation").
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

__all__ = [
    "TRACKING_PARAMETERS",
    "URL_KEY_FORMAT",
    "brief_cache_key",
    "canonical_url",
    "hash_route",
]

# Exact names; anything starting with one of TRACKING_PREFIXES is dropped too. Only names that
# carry nothing but the click's origin: generic words a site may use for its own ids (ref, cid,
# share, shared, via, id, source) stay.
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "ref_src", "ref_url", "referrer", "cmpid", "ocid", "ito", "at_medium", "at_campaign",
        "at_custom1", "at_custom2", "at_custom3", "at_custom4", "wt_mc", "wt.mc_id", "icid", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "s_kwcid", "smid", "sr_share", "xtor",
        "guccounter", "guce_referrer", "guce_referrer_sig",
    }
)  # fmt: skip
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hsa_", "vero_", "__twitter")

URL_KEY_FORMAT = "url3"
"""Part of every cache key: raised when canonical_url's rules change, so that no Brief cached
under the old rules is served under the new (url2: ``?cid=1`` and ``?cid=2`` got two keys; url3:
``#/story/1`` and ``#/story/2`` got two keys, where every route shared the app's front key)."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are (RFC 3986 pchar, "/" and "?" in the query, "%" of an escape).
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = _SAFE_PATH + "?"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# RFC 1035 sizes; "_" is kept because real hosts use it (browsers and resolvers accept it).
_HOST_LABEL = re.compile(r"[a-z0-9_-]{1,63}", re.ASCII)
_MAX_HOST_LENGTH = 253


def _is_tracking(name: str) -> bool:
    lowered = unquote_plus(name).lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def _normal_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _normalise_escapes(text: str, safe: str) -> str:
    """Escapes of unreserved characters decoded, the rest upper-cased and kept (``%2F`` stays a
    slash that is not a separator, ``%E9`` stays a byte that is not UTF-8); characters that must
    be escaped (non-ASCII as UTF-8, space, quotes) escaped."""
    return quote(_ESCAPE.sub(_normal_escape, text), safe=safe)


def _remove_dot_segments(path: str) -> str:
    """``/a/./b/../c`` → ``/a/c`` (RFC 3986 section 5.2.4), as a browser sends it."""
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path
    kept: list[str] = []
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if segment in {".", ".."}:
            if segment == ".." and len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
            continue
        kept.append(segment)
    return "/".join(kept) if kept != [""] else "/"


def _canonical_host(host: str) -> str:
    """The host lower-cased and IDNA-encoded, or ``ValueError`` for a host no resolver would
    accept (an empty or over-long label, a character outside letters, digits, ``-`` and ``_``, a
    host UTS 46 cannot encode): such a host got a cache key of its own before, and ``a.....``
    shared the key of ``a``. A-labels that are not Punycode (``xn--a``), IPv6 zone ids and port 0
    are left to the fetcher's guard (adapters/ssrf.py), which refuses them as ``blocked_url``."""
    if host.endswith("."):
        host = host[:-1]  # one trailing dot names the same host; two make an empty label
    host = host.lower()
    if ":" in host:  # IPv6 literal, checked by urlsplit; the fetcher's guard refuses zone ids
        return host
    if not host.isascii():
        import idna  # lazy: only hosts outside ASCII need it

        # UTS 46 as browsers and the fetcher (adapters/ssrf.py) map it: straße.de stays its own
        # domain (xn--strae-oqa.de), where Python's IDNA 2003 codec made it strasse.de.
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError) as exc:
            raise ValueError("URL has a host that is not a valid domain name") from exc
    if len(host) > _MAX_HOST_LENGTH or not all(
        _HOST_LABEL.fullmatch(label) for label in host.split(".")
    ):
        raise ValueError("URL has a host that is not a valid domain name")
    return host


# A fragment that reads as a path without the leading slash: a first segment of URL-safe
# characters, then "/" ("story/123", "politics/abc-def/"), as routers that write no "#/" do
# (Backbone's, hand-made ones). An anchor is an element id, which seldom holds a "/"; one that
# does and names an element of the page is dropped from the address by the extension before it
# sends it (capturePage in extension/lib/page.js), so both read the address sent alike.
_PATH_LIKE_FRAGMENT = re.compile(r"[A-Za-z0-9_.~%-]+/\S*")


def hash_route(fragment: str) -> str:
    """A fragment's route (``story/1`` for ``/story/1/``, ``!/story/1``, ``!story/1`` or
    ``story/1``), or ``""`` for an anchor (``comments``, ``section-2``) and a router's front page
    (``/``, ``!``).

    The extension's rule (``routeOf`` in extension/lib/state.js): a fragment that starts with
    ``/`` or ``!`` is a route, which Angular's, Vue's and React Router's hash routers write, and
    so is one that reads as a path (``_PATH_LIKE_FRAGMENT``); any other is an anchor and names no
    other page."""
    if not fragment.startswith(("/", "!")) and not _PATH_LIKE_FRAGMENT.fullmatch(fragment):
        return ""
    route = fragment.removeprefix("!").lstrip("/").rstrip("/")
    return _normalise_escapes(route, _SAFE_QUERY)


def canonical_url(url: str) -> str:
    """Normal form of an http(s) URL for identity: same article, same string.

    Lower-cases scheme and host (IDNA-encoded), drops userinfo, default ports, an anchor
    fragment and tracking parameters, keeps a route fragment as ``#/route`` (``hash_route``), sorts the remaining query parameters,
    normalises percent-escapes and dot segments and gives an empty path as ``/``. Path case,
    trailing slashes and reserved escapes stay. Raises ``ValueError`` for anything that is not an
    absolute http(s) URL with a host and a valid port.
    """
    parts = urlsplit(url.strip())  # raises ValueError for a broken IPv6 literal
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("not an http(s) URL")
    host = _canonical_host(parts.hostname or "")
    if not host:
        raise ValueError("URL has no host")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError("URL has an invalid port") from exc
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(_normalise_escapes(parts.path, _SAFE_PATH)) or "/"
    pairs = sorted(
        _normalise_escapes(pair, _SAFE_QUERY)
        for pair in parts.query.split("&")
        if pair and not _is_tracking(pair.split("=", 1)[0])
    )
    # An anchor names a place in the page, a route ("#/story/1", "#!/story/1") the page a
    # hash-routed site shows there: two routes are two articles, and must not share the app's
    # front address (as Brief.article.canonical_url, a cache key or a related item's identity).
    route = hash_route(parts.fragment)
    return urlunsplit((scheme, netloc, path, "&".join(pairs), f"/{route}" if route else ""))


def brief_cache_key(
    url: str,
    language: str,
    pipeline_version: str,
    variant: str = "",
) -> str:
    """Stable key: canonical URL + reader language + pipeline version (+ what was asked for).

    Hashed so that keys have a fixed length whatever the URL, and so that a key in a log line does
    not reveal the query string of the page a reader was on.
    """
    material = "\x1f".join(
        (URL_KEY_FORMAT, canonical_url(url), language, pipeline_version, variant)
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
