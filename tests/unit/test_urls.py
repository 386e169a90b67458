from __future__ import annotations

import hashlib

import pytest

from parallax.domain.urls import brief_cache_key, canonical_url

# (given, canonical form): what must be one key, and what must stay apart. bench/bench_urls.py
# scores courlan's normaliser on the same table.
CANONICAL_CASES: list[tuple[str, str]] = [
    ("HTTPS://WWW.Example.ORG/News/1", "https://www.example.org/News/1"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org:443/a", "https://example.org/a"),
    ("http://example.org:80/a", "http://example.org/a"),
    ("http://example.org:8080/a", "http://example.org:8080/a"),
    ("https://example.org/a#comments", "https://example.org/a"),
    ("https://example.org/a?utm_source=x&utm_medium=y&id=3", "https://example.org/a?id=3"),
    ("https://example.org/a?fbclid=abc&b=2&a=1", "https://example.org/a?a=1&b=2"),
    ("https://user:pw@example.org/a", "https://example.org/a"),
    ("https://example.org./a", "https://example.org/a"),
    ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
    ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
    ("https://example.org/café", "https://example.org/caf%C3%A9"),
    ("https://[2001:DB8::1]/a", "https://[2001:db8::1]/a"),
    # Reserved escapes name another resource: /a%2Fb is not /a/b (was folded into it)
    ("https://example.org/a%2Fb", "https://example.org/a%2Fb"),
    ("https://example.org/a%2fb", "https://example.org/a%2Fb"),
    ("https://example.org/search?q=a%26b&x=1", "https://example.org/search?q=a%26b&x=1"),
    # A byte that is not UTF-8 stays itself (was turned into U+FFFD, one key for all such bytes)
    ("https://example.org/caf%e9", "https://example.org/caf%E9"),
    # Parameters some sites use as content ids stay (were dropped as tracking)
    ("https://example.org/story?ref=123", "https://example.org/story?ref=123"),
    ("https://example.org/story?cid=42&utm_source=x", "https://example.org/story?cid=42"),
    ("https://example.org/s?share=7&via=rss", "https://example.org/s?share=7&via=rss"),
    # UTS 46 as browsers map hosts: straße.de is not strasse.de (Python's IDNA 2003 said it was)
    ("https://straße.de/a", "https://xn--strae-oqa.de/a"),
    ("https://BÜCHER.example/a", "https://xn--bcher-kva.example/a"),
    ("https://xn--bcher-kva.example/a", "https://xn--bcher-kva.example/a"),
    # Escapes of unreserved characters are the characters; dot segments are resolved
    ("https://example.org/%7Euser/%41", "https://example.org/~user/A"),
    ("https://example.org/a/./b/../c", "https://example.org/a/c"),
    ("https://example.org/a/%2E%2E/c", "https://example.org/c"),
    ("https://example.org/..", "https://example.org/"),
    # Case in path and query and the trailing slash are the site's to interpret: kept
    ("https://example.org/A/B?X=Y", "https://example.org/A/B?X=Y"),
    ("https://example.org/a/", "https://example.org/a/"),
    # Tracking parameters in any case; empty pairs; repeated names sorted; non-ASCII escaped
    ("https://example.org/a?gclid=1&UTM_Campaign=x&b=%2f", "https://example.org/a?b=%2F"),
    ("https://example.org/a?fbclid=1", "https://example.org/a"),
    ("https://example.org/a?&&b=1&", "https://example.org/a?b=1"),
    ("https://example.org/a?b=2&a=1&a=0", "https://example.org/a?a=0&a=1&b=2"),
    ("https://example.org/a?q=café", "https://example.org/a?q=caf%C3%A9"),
    ("https://example.org/a b", "https://example.org/a%20b"),
    # Default ports only
    ("HTTP://EXAMPLE.ORG:80", "http://example.org/"),
    ("https://example.org:8443/a", "https://example.org:8443/a"),
    # A route fragment is the page a hash-routed site shows: kept, as the extension's pageKey
    # writes it (#!/x, #/x, #/x/, #!x and #x/y one route; #/ and #! the front); anchors dropped
    ("https://example.org/#!/story/1", "https://example.org/#/story/1"),
    ("https://example.org/#/story/1", "https://example.org/#/story/1"),
    ("https://example.org/#/story/1/", "https://example.org/#/story/1"),
    ("https://example.org/#!story/1", "https://example.org/#/story/1"),
    ("https://example.org/app?utm_source=x#//story/%7e1", "https://example.org/app#/story/~1"),
    ("https://example.org/#/", "https://example.org/"),
    ("https://example.org/#!", "https://example.org/"),
    ("https://example.org/a#section-2", "https://example.org/a"),
    ("https://example.org/a#comments", "https://example.org/a"),
    # A router that writes no leading slash (#story/1): a fragment that reads as a path is a
    # route (session 14; before, an anchor, and every story of the app shared one address)
    ("https://example.org/a#story/1", "https://example.org/a#/story/1"),
    ("https://example.org/a#story/1/", "https://example.org/a#/story/1"),
    (
        "https://example.org/a#politics/2024/harbour-barrier",
        "https://example.org/a#/politics/2024/harbour-barrier",
    ),
    ("https://example.org/a#:~:text=a/b", "https://example.org/a"),
    ("https://example.org/a#page=2/3", "https://example.org/a"),
]


@pytest.mark.parametrize(("given", "expected"), CANONICAL_CASES)
def test_canonical_url_normalises_what_does_not_change_the_article(
    given: str, expected: str
) -> None:
    assert canonical_url(given) == expected


@pytest.mark.parametrize(
    "bad", ["ftp://example.org/", "javascript:alert(1)", "example.org", "https://"]
)
def test_canonical_url_refuses_non_http(bad: str) -> None:
    with pytest.raises(ValueError):
        canonical_url(bad)


def test_cache_key_is_shared_by_tracking_variants_and_split_by_language_and_version() -> None:
    # Given the same article reached through two tracking links
    a = brief_cache_key("https://example.org/a?utm_source=nl", "de", "1")
    b = brief_cache_key("https://EXAMPLE.org/a#top", "de", "1")
    # Then they share one key, and language and pipeline version each make a different key
    assert a == b
    assert a != brief_cache_key("https://example.org/a", "en", "1")
    assert a != brief_cache_key("https://example.org/a", "de", "2")
    assert len(a) == 64 and "example" not in a


def test_urls_that_name_different_articles_get_different_keys() -> None:
    # Given URLs that differ only in a reserved escape or a content-id parameter
    pairs = [
        ("https://example.org/a%2Fb", "https://example.org/a/b"),
        ("https://example.org/s?cid=1", "https://example.org/s?cid=2"),
        ("https://example.org/s?ref=1", "https://example.org/s"),
        # Two routes of one hash-routed site are two articles (shared the front's key)
        ("https://example.org/#/story/1", "https://example.org/#/story/2"),
        ("https://example.org/#!/story/1", "https://example.org/"),
    ]
    # Then each pair gets two keys
    for first, second in pairs:
        assert brief_cache_key(first, "en", "3") != brief_cache_key(second, "en", "3")


def test_keys_made_under_the_old_url_rules_are_never_looked_up() -> None:
    # Given the key the old rules made for a URL (no key-format part in the material)
    url = "https://example.org/s"
    old = hashlib.sha256("\x1f".join((url, "en", "3", "")).encode("utf-8")).hexdigest()
    # Then the key made now differs, so a Brief cached when ?cid=1 and ?cid=2 shared a key is
    # not served
    assert brief_cache_key(url, "en", "3") != old


# Hostile hosts and ports (issue 14 attack): each was given a canonical form and a cache key
# before, although no browser or resolver would reach it ("a..b", a 64-letter label, a host
# UTS 46 cannot encode), and "a....." shared the key of "a". (Invalid A-labels, IPv6 zone ids
# and port 0 are the fetcher guard's: tests/hardening/test_ssrf_suite.py wants blocked_url.)
@pytest.mark.parametrize(
    "bad",
    [
        "http://a..b/",
        "http://.example.org/",
        "http://example.org../",
        "http://a...../",
        "http://" + "a" * 64 + ".com/",
        "http://" + ("a" * 60 + ".") * 5 + "com/",
        "http://\u3002.com/",
        "http://\u200b.com/",
        "http://ex%2ecom/",
        "http://example.org\\a",
        "http://[::1",
    ],
)
def test_canonical_url_refuses_hosts_no_resolver_would_accept(bad: str) -> None:
    # When a URL with such a host or port is canonicalised, Then it is refused as not a URL
    with pytest.raises(ValueError):
        canonical_url(bad)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://" + "a" * 63 + ".com/", "http://" + "a" * 63 + ".com/"),
        ("http://my_site.example.org/a", "http://my_site.example.org/a"),
        ("http://ex\t.com/a\nb", "http://ex.com/ab"),
        ("http://example.org/a%00b?q=%0d%0a", "http://example.org/a%00b?q=%0D%0A"),
        ("http://example.org/%zz?q=%", "http://example.org/%zz?q=%"),
        ("http://[::ffff:127.0.0.1]/", "http://[::ffff:127.0.0.1]/"),
        ("http://1.2.3.4:65535/", "http://1.2.3.4:65535/"),
    ],
)
def test_canonical_url_keeps_unusual_but_valid_urls(given: str, expected: str) -> None:
    assert canonical_url(given) == expected
