"""URL canonicalisation and the Brief cache key.

Two readers who open the same article through a newsletter link and a social post should share
one cache entry, so tracking parameters, fragments, default ports and letter case in the scheme
and host are dropped before the URL becomes a key.
"""

from __future__ import annotations

import contextlib
import hashlib
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMETERS", "brief_cache_key", "canonical_url"]

# Exact names; anything starting with one of TRACKING_PREFIXES is dropped too.
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "ref", "ref_src", "ref_url", "referrer", "cmpid", "ocid", "ito", "at_medium", "at_campaign",
        "at_custom1", "at_custom2", "at_custom3", "at_custom4", "wt_mc", "wt.mc_id", "icid", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "s_kwcid", "smid", "sr_share", "xtor",
        "share", "shared", "via", "cid", "guccounter", "guce_referrer", "guce_referrer_sig",
    }
)  # fmt: skip
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hsa_", "vero_", "__twitter")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Normal form of an http(s) URL for identity: same article, same string.

    Lower-cases scheme and host, drops userinfo, default ports, fragments and tracking parameters,
    sorts the remaining query parameters, normalises percent-encoding of the path and gives an
    empty path as ``/``. Raises ``ValueError`` for anything that is not an absolute http(s) URL.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("not an http(s) URL")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise ValueError("URL has no host")
    # A host IDNA cannot encode stays as written; the fetcher decides whether it is reachable.
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError("URL has an invalid port") from exc
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_SAFE_PATH) or "/"
    query_pairs = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    ]
    query = urlencode(sorted(query_pairs), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


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
    material = "\x1f".join((canonical_url(url), language, pipeline_version, variant))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
