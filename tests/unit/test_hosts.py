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


# Issue 14 attack: hosts as urlsplit().hostname gives them (IPv6 without brackets) and in the
# other spelling of one IDN. "2001:db8::1" was read as host "2001" with a port, so every such
# address was one "outlet" "2001"; "bücher.de" and its A-label were two outlets.
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8::2", "2001:db8::2"),
        ("::1", "::1"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("https://www.BÜCHER.de/a", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        # No exception and a sensible answer for the rest
        ("bbc.co.uk.", "bbc.co.uk"),
        ("user.github.io", "user.github.io"),
        ("github.io", "github.io"),
        ("co.uk", "co.uk"),
        ("intranet", "intranet"),
        ("..", ""),
        (".", ""),
        ("a..b.com", "b.com"),
        ("http://\u3002.com/", "\u3002.com"),
        ("a" * 100_000 + ".com", "a" * 100_000 + ".com"),
    ],
)
def test_registrable_domain_of_unusual_hosts(given: str, expected: str) -> None:
    assert registrable_domain(given) == expected


def test_host_of_a_bare_ipv6_address_is_the_address() -> None:
    assert host_of("2001:db8::1") == "2001:db8::1"
