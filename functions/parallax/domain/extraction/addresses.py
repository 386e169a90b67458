"""The page's addresses: the canonical or ``og:url`` address it declares for itself, and the host
and path tests :func:`~parallax.domain.extraction.page_reading.read_page` builds the article's
outlet and canonical URL from.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from parallax.domain.hosts import outlet_host
from parallax.domain.urls import hash_route


def own_address(href: str | None, base: str) -> str | None:
    """An absolute http(s) address the page declares for itself, or None."""
    address = _absolute_http(href, base) if href else None
    # Some sites declare their home page as every page's canonical address; trusting that would
    # merge all their articles into one cache entry.
    if address and path_is_root(address) and not path_is_root(base):
        return None
    return address


def _absolute_http(href: str, base: str) -> str | None:
    try:
        absolute = urljoin(base, href.strip()) if base else href.strip()
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return _route_only(parts)


def _route_only(parts: SplitResult) -> str:
    # A route ("#/story/1", "#!/story/1") names the page a hash-routed site shows, and stays (as
    # "#/story/1", the form canonical_url gives it); an anchor names a place in the page.
    route = hash_route(parts.fragment)
    return urlunsplit(parts._replace(fragment=f"/{route}" if route else ""))


def without_anchor(url: str) -> str:
    """``url`` without an anchor; a hash route stays (written ``#/route``)."""
    try:
        return _route_only(urlsplit(url))
    except ValueError:
        return url


def is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def path_is_root(url: str) -> bool:
    """Whether ``url`` is a site's front address: an empty or ``/`` path, no query, no hash
    route (``https://site/#/story/1`` is a story of a hash-routed site, not its front page)."""
    if not is_http(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path in {"", "/"} and not parts.query and not hash_route(parts.fragment)


def host_domain(url: str) -> str:
    """The host of an http(s) address without ``www.`` (``m.`` and ``amp.`` stay: the page's
    own address is reported as it is); ``""`` for any other address."""
    return outlet_host(url, prefixes=("www.",)) if is_http(url) else ""
