from __future__ import annotations

import pytest

from parallax.domain.hosts import host_of, outlet_host, registrable_domain


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://Edition.CNN.com/x", "edition.cnn.com"),
        ("edition.cnn.com", "edition.cnn.com"),
        ("example.org.", "example.org"),
        ("[::1]:8787", "::1"),
        ("127.0.0.1:8787", "127.0.0.1"),
        ("http://user:pw@Example.org:8080/a?b#c", "example.org"),
        ("", None),
        ("   ", None),
        ("https:///nohost", None),
        ("[::1", None),
        ("//localhost:8787", "localhost"),
        # A Host header is host[:port]: read after "//", a URL in it does not name its host
        ("//http://localhost", "http"),
    ],
)
def test_host_of_urls_domains_and_host_headers(given: str, expected: str | None) -> None:
    assert host_of(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("https://m.spiegel.de/a", "spiegel.de"),
        ("amp.theguardian.com", "theguardian.com"),
        ("https://edition.cnn.com/", "edition.cnn.com"),
        ("https://www.m.example.org/", "m.example.org"),  # one prefix only
        ("", ""),
    ],
)
def test_outlet_host_drops_one_mobile_or_www_label(given: str, expected: str) -> None:
    assert outlet_host(given) == expected


def test_outlet_host_with_given_prefixes() -> None:
    assert outlet_host("https://m.example.org/", prefixes=("www.",)) == "m.example.org"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("edition.cnn.com", "cnn.com"),
        ("edition.cnn.com:8080", "cnn.com"),
        ("orf.or.at", "orf.or.at"),
        ("www.abc.net.au", "abc.net.au"),
        ("HTTPS://WWW.BBC.CO.UK./x", "bbc.co.uk"),
        ("www.lemonde.fr", "lemonde.fr"),
        ("orf.at", "orf.at"),
        ("news.orf.or.at", "orf.or.at"),
        ("http://127.0.0.1:8080/x", "127.0.0.1"),
        # The hand-kept label list made these whole suffixes one outlet:
        ("www.elysee.gouv.fr", "elysee.gouv.fr"),
        ("www.presidencia.gob.mx", "presidencia.gob.mx"),
        ("foo.blogspot.com", "foo.blogspot.com"),
        # Not on the suffix list (test fixtures, local names): the last two labels
        ("news.site.example", "site.example"),
        ("localhost", "localhost"),
        # Addresses have no registrable part
        ("127.0.0.1", "127.0.0.1"),
        ("https://[2001:db8::1]:8080/a", "2001:db8::1"),
        ("", ""),
    ],
)
def test_registrable_domain_follows_the_public_suffix_list(given: str, expected: str) -> None:
    assert registrable_domain(given) == expected
