from __future__ import annotations

import pytest

from parallax.domain.urls import brief_cache_key, canonical_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
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
    ],
)
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
