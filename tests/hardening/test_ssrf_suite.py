# ruff: noqa: RUF001 -- full-width and circled characters are the test data
"""SSRF, end to end: ``POST /v1/briefs`` with only a URL, against the server on its default
(production) policy: public hosts only, ports 80 and 443.

Where the fetcher would go is decided by a stub network (``harness.StubNetwork``): DNS answers
come from a table, the one "public" address (``PUBLIC_V4``) is carried to the loopback news site,
and *every other* address the fetcher dials is carried to ``trap``, a loopback listener that counts
connections. Each case asserts that the trap's count did not move, so "refused" means "nothing
reached it", not just "the answer said 403". The hardening conftest also fails any test that
resolves a non-loopback name or connects outside 127.0.0.0/8 for real.

Decision per case: an http(s) URL the guard refuses is ``blocked_url`` (403). A URL with another
scheme never reaches the guard: the request model refuses it as ``invalid_request`` (400), since
it is not a URL of an article at all. A redirect to another scheme is ``blocked_url``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from parallax.adapters.feed_index import FeedIndex
from parallax.adapters.feed_state import SqliteFeedStateStore
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.ssrf_rules import is_public_link
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry, load_catalogue
from parallax.ingest.feeds import parse_feed
from parallax.ingest.runner import IngestRunner, ingest_directory
from tests.hardening.harness import PUBLIC_V4, StubNetwork, serve
from tests.support.fixture_site import FixtureSite

NEWS = "news.example"
ARTICLE = "/articles/en_article.html"

# DNS as the attacker (or a careless zone) would set it up.
DNS: dict[str, list[list[str]]] = {
    NEWS: [[PUBLIC_V4]],
    "internal.example": [["10.0.0.5"]],
    "meta.example": [["169.254.169.254"]],
    "v6meta.example": [["fd00:ec2::254"]],
    "loop6.example": [["::1"]],
    "mapped.example": [["::ffff:127.0.0.1"]],
    "zero.example": [["0.0.0.0"]],
    "mixed.example": [[PUBLIC_V4, "127.0.0.1"]],
    "mixed6.example": [["2606:2800:21f:cb07:6820:80da:af6b:8b2c", "fe80::1"]],
    "cgnat.example": [["100.64.1.1"]],
}

# http(s) URLs that name an internal target on their face: refused before any lookup or dial.
# "{trap}" and "{site}" become the ports of the two loopback listeners.
DIRECT: list[str] = [
    # IPv4 loopback, private, shared, link-local, metadata, special
    "http://127.0.0.1/",
    "https://127.0.0.1/",
    "HTTP://127.0.0.1:80/admin",
    "http://127.0.0.2/",
    "http://127.1/",
    "http://0.0.0.0/",
    "http://0/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://169.254.170.2/v2/credentials",
    "http://255.255.255.255/",
    "http://224.0.0.1/",
    # the same addresses in decimal, hex, octal and mixed spellings
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://017700000001/",
    "http://0xa9fea9fe/",
    "http://2852039166/",
    "http://127.0.0.1./",
    # Unicode spellings a browser (and the guard, through UTS 46) folds to the above
    "http://１２７.０.０.１/",
    "http://127。0。0。1/",
    "http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/",
    # A-labels that decode to nothing valid: the HTTP client's IDNA error was a 500 (issue 15)
    "http://xn--a/",
    "http://xn--/",
    "http://xn--0/",
    "http://xn--ls8h.com/",
    "https://xn--a.com/",
    f"http://xn--a.{NEWS}/",
    # IPv6 loopback, unspecified, mapped, metadata, link-local, ULA, NAT64 and 6to4 embeddings
    "http://[::1]/",
    "https://[0:0:0:0:0:0:0:1]:443/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:7f00:1::]/",
    "http://[fe80::1%25eth0]/",
    # names that are local or metadata whatever DNS says
    "http://localhost/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://instance-data/latest/",
    # userinfo tricks: the host is what follows the last "@"; credentials are refused anyway
    "http://a@127.0.0.1/",
    f"http://{NEWS}@127.0.0.1/",
    f"http://{NEWS}:80@127.0.0.1/",
    f"http://127.0.0.1@{NEWS}/",
    f"http://user:pass@{NEWS}/",
    f"http://{NEWS}\\@127.0.0.1/",
    f"http://127.0.0.1#@{NEWS}/",
    # odd ports, on a public name and on the loopback listeners themselves
    f"http://{NEWS}:22/",
    f"http://{NEWS}:6379/",
    f"http://{NEWS}:8080/",
    f"http://{NEWS}:0/",
    f"http://{NEWS}:{{trap}}/",
    "http://127.0.0.1:{trap}/",
    "http://127.0.0.1:{site}" + ARTICLE,
]

# Names whose DNS answer is internal (in part): refused after one lookup, before any dial.
BY_DNS: list[str] = [
    "http://internal.example/",
    "http://meta.example/latest/meta-data/",
    "http://v6meta.example/",
    "http://loop6.example/",
    "http://mapped.example/",
    "http://zero.example/",
    "http://mixed.example/",
    "http://mixed6.example/",
    "https://cgnat.example/",
]

# Where the "public" news site redirects to: each hop is checked like the first URL.
REDIRECTS: list[tuple[str, int]] = [
    ("http://127.0.0.1/", 302),
    ("http://127.0.0.1:{trap}/", 302),
    ("http://[::1]/", 301),
    ("http://169.254.169.254/latest/meta-data/", 302),
    ("http://[fd00:ec2::254]/", 307),
    ("http://2130706433/", 308),
    ("http://0x7f.1/", 303),
    ("http://localhost/", 302),
    ("http://internal.example/", 302),
    ("http://meta.example/", 301),
    ("http://a@127.0.0.1/", 302),
    (f"http://{NEWS}:6379/", 302),
    ("file:///etc/passwd", 302),
    ("gopher://127.0.0.1:6379/_INFO", 302),
    ("ftp://127.0.0.1/", 302),
    ("http://xn--a/", 302),
    ("https://xn--a.com/", 301),
    ("http://xn--ls8h.com/", 307),
]

# Not http(s) at all: not a URL of an article, refused by the request model.
OTHER_SCHEMES: list[str] = [
    "file:///etc/passwd",
    f"ftp://{NEWS}/",
    "gopher://127.0.0.1:70/_x",
    "dict://127.0.0.1:11211/stats",
    "ldap://127.0.0.1/",
    "javascript:alert(1)",
    "data:text/html,<p>x</p>",
    "//127.0.0.1/",
    "127.0.0.1/",
    "http:/127.0.0.1/",
]


@pytest.fixture(scope="module")
def network(news_site: FixtureSite, trap: FixtureSite) -> StubNetwork:
    return StubNetwork(routes={PUBLIC_V4: news_site.port}, trap_port=trap.port)


@pytest.fixture(scope="module")
def server(network: StubNetwork, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    # Default settings: allow_private_hosts off, ports 80 and 443 only.
    settings = Settings(home=tmp_path_factory.mktemp("ssrf-home"), providers=())
    assert not settings.allow_private_hosts and settings.allowed_ports == (80, 443)
    with serve(settings, network.fetcher(settings)) as running:
        yield running


@pytest.fixture
def net(network: StubNetwork) -> StubNetwork:
    network.reset()
    network.table.clear()
    network.table.update({host: [list(a) for a in answers] for host, answers in DNS.items()})
    return network


def _brief(server: LocalServer, url: str) -> httpx.Response:
    return httpx.post(f"{server.base_url}/v1/briefs", json={"url": url}, timeout=30)


def _ports(url: str, news_site: FixtureSite, trap: FixtureSite) -> str:
    return url.replace("{trap}", str(trap.port)).replace("{site}", str(news_site.port))


def _assert_blocked(response: httpx.Response) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "blocked_url"


def test_the_stub_network_does_reach_the_public_site(
    server: LocalServer, net: StubNetwork, news_site: FixtureSite, trap: FixtureSite
) -> None:
    # The control: without it, "the trap saw nothing" could mean "nothing can be reached at all".
    before, trapped = news_site.connections, trap.connections
    response = _brief(server, f"http://{NEWS}{ARTICLE}")
    assert response.status_code == 200, response.text
    assert net.lookups == [NEWS] and net.dialled == [(PUBLIC_V4, 80)]
    assert news_site.connections == before + 1 and trap.connections == trapped
    # and a redirect chain on the site is followed
    assert _brief(server, f"http://{NEWS}/redirect/2").status_code == 200


@pytest.mark.parametrize("url", DIRECT)
def test_internal_targets_named_in_the_url_are_refused_without_a_lookup_or_a_dial(
    url: str, server: LocalServer, net: StubNetwork, news_site: FixtureSite, trap: FixtureSite
) -> None:
    # Given a URL naming an internal address, a local name, credentials or an odd port
    url = _ports(url, news_site, trap)
    before, trapped = news_site.connections, trap.connections
    # When a Brief is asked for by URL only
    response = _brief(server, url)
    # Then it is refused as blocked_url, no name was looked up, nothing was dialled,
    # and neither loopback listener saw a connection
    _assert_blocked(response)
    assert net.lookups == [] and net.dialled == []
    assert trap.connections == trapped and news_site.connections == before


@pytest.mark.parametrize("url", BY_DNS)
def test_names_resolving_inside_are_refused_after_one_lookup_and_no_dial(
    url: str, server: LocalServer, net: StubNetwork, trap: FixtureSite
) -> None:
    # Given a public-looking name whose DNS answer is (or includes) an internal address
    trapped = trap.connections
    # When a Brief is asked for
    response = _brief(server, url)
    # Then it is refused after exactly one lookup, before any connection
    _assert_blocked(response)
    assert len(net.lookups) == 1 and net.dialled == []
    assert trap.connections == trapped


@pytest.mark.parametrize(("location", "code"), REDIRECTS)
def test_redirects_into_private_space_are_refused_at_the_hop(
    location: str,
    code: int,
    server: LocalServer,
    net: StubNetwork,
    news_site: FixtureSite,
    trap: FixtureSite,
) -> None:
    # Given a page on the public site that redirects into the machine, the network or a
    # non-HTTP scheme
    target = quote(_ports(location, news_site, trap), safe="")
    before, trapped = news_site.connections, trap.connections
    # When its URL is asked for
    response = _brief(server, f"http://{NEWS}/redirect-to?code={code}&u={target}")
    # Then the hop is refused: the site was reached once (the first hop), nothing else was
    # dialled, and the trap saw nothing
    _assert_blocked(response)
    assert net.dialled == [(PUBLIC_V4, 80)]
    assert news_site.connections == before + 1
    assert trap.connections == trapped


def test_dns_answers_that_change_between_requests_are_checked_each_time(
    server: LocalServer, net: StubNetwork, news_site: FixtureSite, trap: FixtureSite
) -> None:
    # Given a rebinding name: public on the first lookup, loopback on every later one
    net.table["rebind.example"] = [[PUBLIC_V4], ["127.0.0.1"]]
    trapped = trap.connections
    # When a first Brief is asked for, it is fetched from the address that was checked
    first = _brief(server, f"http://rebind.example{ARTICLE}")
    assert first.status_code == 200, first.text
    # And when a second one is asked for, the new answer is checked and refused
    second = _brief(server, "http://rebind.example/articles/de_article.html")
    _assert_blocked(second)
    # Then there was one lookup per fetch, one dial (to the public address), and no trap hit
    assert net.lookups == ["rebind.example", "rebind.example"]
    assert net.dialled == [(PUBLIC_V4, 80)]
    assert trap.connections == trapped


def test_dns_answers_that_change_within_one_fetch_are_checked_per_connection(
    server: LocalServer, net: StubNetwork, news_site: FixtureSite, trap: FixtureSite
) -> None:
    # Given a rebinding name, and a page on it redirecting to the same name on another port
    # (so the fetcher needs a new connection, and so a new lookup)
    net.table["rebind.example"] = [[PUBLIC_V4], ["127.0.0.1"]]
    target = quote(f"http://rebind.example:443{ARTICLE}", safe="")
    before, trapped = news_site.connections, trap.connections
    # When it is asked for
    response = _brief(server, f"http://rebind.example/redirect-to?u={target}")
    # Then the second connection's own lookup is checked and refused before dialling
    _assert_blocked(response)
    assert net.lookups == ["rebind.example", "rebind.example"]
    assert net.dialled == [(PUBLIC_V4, 80)]
    assert news_site.connections == before + 1 and trap.connections == trapped


def test_a_redirect_to_a_malformed_url_is_refused_at_the_hop_not_an_internal_error(
    server: LocalServer, net: StubNetwork, news_site: FixtureSite, trap: FixtureSite
) -> None:
    # Given a public page redirecting to a URL whose IPv6 literal is never closed
    before, trapped = news_site.connections, trap.connections
    # When its URL is asked for
    response = _brief(server, f"http://{NEWS}/redirect-to?u={quote('http://[::1', safe='')}")
    # Then the hop is refused as any other hop the guard refuses (it was a 500 `internal`:
    # resolving the Location raised before the guard saw it), and nothing else was dialled
    _assert_blocked(response)
    assert net.dialled == [(PUBLIC_V4, 80)]
    assert news_site.connections == before + 1 and trap.connections == trapped


@pytest.mark.parametrize("cookie", ["s=café; Path=/", "é=1; Path=/", "s=1; Path=/ünï"])
def test_a_cookie_that_cannot_be_sent_back_does_not_cost_the_brief(
    cookie: str, server: LocalServer, net: StubNetwork
) -> None:
    # Given a public page that redirects to the article and sets a cookie with a byte outside
    # ASCII (Latin-1 on the wire, as many servers send it)
    # When its URL is asked for
    response = _brief(server, f"http://{NEWS}/cookie-redirect?c={quote(cookie, safe='')}")
    # Then the Brief is made: the cookie is not sent back (it was a 500 `internal`, the
    # request header could not be encoded), and the article is fetched from the same site
    assert response.status_code == 200, response.text
    assert net.dialled and set(net.dialled) == {(PUBLIC_V4, 80)}


def test_catalogue_feeds_that_lead_inside_are_refused_like_pages(
    net: StubNetwork, news_site: FixtureSite, trap: FixtureSite, tmp_path: Path
) -> None:
    # Given catalogue feeds that name an internal address, resolve to the metadata address, or
    # redirect there (a hijacked outlet, a careless CDN), polled with the production policy
    settings = Settings(home=tmp_path, providers=())
    metadata = quote("http://169.254.169.254/latest/meta-data/", safe="")
    inside = quote("http://internal.example/feed.xml", safe="")
    feeds = [
        f"http://127.0.0.1:{trap.port}/feed.xml",
        "http://meta.example/feed.xml",
        f"http://{NEWS}/redirect-to?u={metadata}",
        f"http://{NEWS}/redirect-to?code=301&u={inside}",
    ]
    outlet = OutletEntry(
        id="hijacked", name="Hijacked", domains=("hijacked.example",), country="GB",
        languages=("en",), type="private", feeds=tuple(FeedSpec(url=url) for url in feeds),
    )  # fmt: skip
    index, state = FeedIndex(tmp_path / "index.sqlite3"), SqliteFeedStateStore(tmp_path / "s")
    before, trapped = news_site.connections, trap.connections
    try:
        runner = IngestRunner(
            catalogue=Catalogue(outlets=(outlet,)), index=index, state=state,
            fetcher=net.fetcher(settings), retention_days=14, concurrency=1,
        )  # fmt: skip
        # When ingest polls them
        report = runner.run_once()
    finally:
        index.close()
        state.close()
    # Then each is a failed feed refused by the guard (recorded with a backoff, the run goes
    # on), only the public site was dialled (once per redirecting feed), and the trap saw nothing
    assert report.feeds_failed == 4 and report.items_inserted == 0
    assert all(f.error.startswith("blocked_url: ") for f in report.failures), report.failures
    assert net.dialled == [(PUBLIC_V4, 80), (PUBLIC_V4, 80)]
    assert news_site.connections == before + 2 and trap.connections == trapped


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss SYSTEM "{trap}/rss.dtd">',
        '<!DOCTYPE rss PUBLIC "-//Example//DTD RSS//EN" "{trap}/rss.dtd">',
        '<?xml-stylesheet type="text/xsl" href="{trap}/feed.xsl"?>',
        '<!DOCTYPE rss SYSTEM "{trap}/rss.dtd"><!-- and malformed: -->',
    ],
)
def test_a_feed_naming_an_external_dtd_or_stylesheet_dials_nothing(
    prolog: str, trap: FixtureSite
) -> None:
    # Given a feed whose prolog names a document type or stylesheet on another host (a parser
    # that loaded it would fetch from wherever the feed says: XXE without an entity)
    prolog = prolog.replace("{trap}", f"http://127.0.0.1:{trap.port}")
    broken = "& stray" if "malformed" in prolog else ""
    data = (
        f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>X {broken}</title>'
        "<item><title>Story</title><link>https://wire.example/a</link>"
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="'
        f'http://127.0.0.1:{trap.port}/x"/></item></channel></rss>'
    ).encode()
    trapped = trap.connections
    # When it is parsed (the strict parser, or the lenient one after it)
    feed = parse_feed(data)
    # Then its item is read and nothing was fetched for the DTD, stylesheet or XInclude
    assert [i.title for i in feed.items] == ["Story"]
    assert trap.connections == trapped


@pytest.mark.parametrize("url", OTHER_SCHEMES)
def test_other_schemes_are_not_article_urls(
    url: str, server: LocalServer, net: StubNetwork, trap: FixtureSite
) -> None:
    # Given a URL that is not http(s)
    trapped = trap.connections
    # When a Brief is asked for, Then the request itself is invalid, before any guard or dial
    response = _brief(server, url)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_request"
    assert net.lookups == [] and net.dialled == [] and trap.connections == trapped


def test_the_suite_is_at_least_forty_http_cases() -> None:
    http_cases = len(DIRECT) + len(BY_DNS) + len(REDIRECTS) + 2  # + the two rebinding tests
    assert http_cases >= 40, http_cases


def test_refusals_are_not_cached_and_do_not_leak_the_address(
    server: LocalServer, net: StubNetwork
) -> None:
    # A refusal names the range, never the address or the name's answer (no mapping of the
    # internal network through error messages), and asking again is refused again.
    for _ in range(2):
        response = _brief(server, "http://internal.example/")
        _assert_blocked(response)
        assert "10.0.0.5" not in response.text and "internal.example" not in response.text


# --- feed items: links into the reader's machine are not related coverage ---------------------

_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
{items}
</channel></rss>
"""
_ITEM = "<item><title>Council vote {n}</title><link>{url}</link><guid>{n}</guid></item>"


def test_feed_items_linking_to_internal_or_invalid_hosts_are_refused_at_ingest(
    tmp_path: Path,
) -> None:
    # Given a feed whose items link to loopback, private and invalid hosts, and one public item
    # (issue 15, item 12: they were indexed and shown as related coverage)
    internal = [
        "http://127.0.0.1/admin",
        "http://[::1]/x",
        "https://xn--a/",
        "http://10.0.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:8080/",
        "http://2130706433/",
    ]
    public = "https://wire.example/news/council-vote"
    items = [_ITEM.format(n=n, url=url) for n, url in enumerate([*internal, public])]
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "wire.xml").write_text(_FEED.format(items="\n".join(items)), encoding="utf-8")
    index = FeedIndex(tmp_path / "index.sqlite3")
    try:
        # When the feed is ingested
        report = ingest_directory(feeds, index=index, catalogue=load_catalogue(None))
        count = index.count()
    finally:
        index.close()
    # Then only the public item is indexed, and the others are counted as skipped
    assert report.items_inserted == 1 and count == 1
    assert report.items_skipped >= len(internal)


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://www.example.org/news/1", True),
        ("http://news.example:8080/a", True),
        ("https://bücher.de/x", True),
        ("http://127.0.0.1/admin", False),
        ("http://[::1]/x", False),
        ("https://xn--a/", False),
        ("http://user:pw@example.org/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_a_link_is_judged_by_its_literal_host_without_dns(url: str, public: bool) -> None:
    # The hardening conftest fails any real DNS lookup, so passing here means none was made.
    assert is_public_link(url) is public
