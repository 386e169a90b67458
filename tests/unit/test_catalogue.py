"""The outlet catalogue: every shipped entry is valid, and outlets are found by domain.

Nothing here fetches a feed URL: the URLs are checked for shape only.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from parallax.domain.languages import SUPPORTED_LANGUAGES
from parallax.domain.models import Outlet
from parallax.ingest.catalogue import (
    COUNTRY_CODES,
    OUTLET_TYPES,
    Catalogue,
    CatalogueError,
    OutletEntry,
    load_catalogue,
)

CATALOGUE = load_catalogue()


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "example-news",
        "name": "Example News",
        "domains": ["example-news.org"],
        "country": "DE",
        "languages": ["de"],
        "type": "private",
        "feeds": ["https://example-news.org/rss.xml"],
    }
    entry.update(overrides)
    return entry


def _write(tmp_path: Path, outlets: list[dict[str, Any]]) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"version": 1, "outlets": outlets}), encoding="utf-8")
    return path


# --- the shipped catalogue ------------------------------------------------------------------------


def test_the_catalogue_is_large_and_multilingual() -> None:
    # Given the packaged catalogue
    # When its outlets and the languages of their feeds are counted
    with_feeds = [outlet for outlet in CATALOGUE.outlets if outlet.feeds]
    feed_languages = {outlet.feed_language(feed) for outlet in with_feeds for feed in outlet.feeds}
    wire = [outlet for outlet in CATALOGUE.outlets if outlet.type == "wire_agency"]
    # Then there are at least 80 outlets, feeds in at least 6 languages, and wire agencies
    assert len(CATALOGUE.outlets) >= 80
    assert len(with_feeds) >= 80
    assert len(feed_languages) >= 6
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl"} <= feed_languages
    assert {"reuters", "associated-press", "afp", "dpa", "ansa", "efe", "lusa"} <= {
        outlet.id for outlet in wire
    }


def test_ids_domains_and_feeds_are_unique() -> None:
    # Given every outlet
    ids = Counter(outlet.id for outlet in CATALOGUE.outlets)
    domains = Counter(domain for outlet in CATALOGUE.outlets for domain in outlet.domains)
    feeds = Counter(feed.url for outlet in CATALOGUE.outlets for feed in outlet.feeds)
    # Then no id, domain or feed URL appears twice
    assert [key for key, n in ids.items() if n > 1] == []
    assert [key for key, n in domains.items() if n > 1] == []
    assert [key for key, n in feeds.items() if n > 1] == []


@pytest.mark.parametrize("outlet", CATALOGUE.outlets, ids=lambda outlet: outlet.id)
def test_every_entry_is_well_formed(outlet: OutletEntry) -> None:
    # Given one shipped outlet
    # Then its fields have the shapes the Brief and the ingest rely on
    assert outlet.id == outlet.id.lower() and " " not in outlet.id
    assert outlet.name.strip() == outlet.name and outlet.name
    assert outlet.country in COUNTRY_CODES
    assert outlet.type in OUTLET_TYPES
    assert outlet.languages and set(outlet.languages) <= SUPPORTED_LANGUAGES
    for domain in outlet.domains:
        assert domain == domain.lower() and not domain.startswith("www.") and "." in domain
    for feed in outlet.feeds:
        parts = urlsplit(feed.url)
        assert parts.scheme in {"http", "https"} and parts.hostname
        assert outlet.feed_language(feed) in outlet.languages
    assert outlet.owner is None or outlet.owner.strip()


def test_the_file_round_trips_through_the_model_unchanged() -> None:
    # Given the raw JSON file
    raw = json.loads(
        (
            Path(__file__).resolve().parents[2] / "functions/parallax/ingest/catalogue.json"
        ).read_text(encoding="utf-8")
    )
    # When it is validated directly
    catalogue = Catalogue.model_validate(raw)
    # Then it is the catalogue load_catalogue returns
    assert catalogue.outlets == CATALOGUE.outlets


# --- lookup by domain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "outlet_id"),
    [
        ("https://www.bbc.co.uk/news/world-12345", "bbc-news"),
        ("https://www.bbc.com/mundo/articles/x", "bbc-news"),
        ("https://edition.cnn.com/2024/05/06/world/x", "cnn"),
        ("cnnespanol.cnn.com", "cnn-espanol"),  # a listed subdomain wins over its parent
        ("https://news.sky.com/story/x", "sky-news"),
        ("HTTPS://WWW.LEMONDE.FR./international/", "le-monde"),
        ("www.spiegel.de:443", "der-spiegel"),
        ("fr.euronews.com", "euronews"),
        ("https://ici.radio-canada.ca/nouvelle/1", "radio-canada"),
    ],
)
def test_outlet_for_domain_matches_hosts_and_subdomains(address: str, outlet_id: str) -> None:
    # Given a URL or host of a catalogued outlet
    # When the catalogue is asked which outlet it is
    outlet = CATALOGUE.outlet_for_domain(address)
    # Then the right entry answers
    assert outlet is not None and outlet.id == outlet_id


@pytest.mark.parametrize(
    "address",
    ["sky.com", "https://example.org/a", "co.uk", "uk", "", "   ", "https://", "notbbc.co.uk"],
)
def test_outlet_for_domain_does_not_guess(address: str) -> None:
    # Given a host no outlet lists (or no host at all)
    # Then nothing matches: neither a bare public suffix nor a look-alike domain
    assert CATALOGUE.outlet_for_domain(address) is None


def test_to_outlet_gives_the_brief_model() -> None:
    # Given a catalogue entry
    entry = CATALOGUE.by_id("tagesschau")
    assert entry is not None
    # When it becomes the Brief's Outlet
    outlet = entry.to_outlet()
    # Then id, name, main domain, type and country are filled in
    assert outlet == Outlet(
        id="tagesschau",
        name="tagesschau",
        domain="tagesschau.de",
        type="public_broadcaster",
        country="DE",
    )
    assert entry.to_outlet("www.tagesschau.de").domain == "www.tagesschau.de"


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"country": "UK"}, "ISO 3166-1"),
        ({"country": "de"}, "ISO 3166-1"),
        ({"languages": ["xx"]}, "unsupported languages"),
        ({"languages": []}, "languages"),
        ({"type": "tabloid"}, "type"),
        ({"id": "Example News"}, "slug"),
        ({"domains": ["www.example-news.org"]}, "www"),
        ({"domains": ["Example-News.org"]}, "domain"),
        ({"feeds": ["ftp://example-news.org/rss"]}, "http"),
        ({"feeds": ["/rss.xml"]}, "http"),
        ({"feeds": [{"url": "https://example-news.org/a", "language": "fr"}]}, "outlet language"),
        ({"motto": "news"}, "Extra inputs"),
    ],
)
def test_invalid_entries_are_refused_with_a_reason(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    # Given a catalogue file with one bad field
    path = _write(tmp_path, [_entry(**change)])
    # When it is loaded
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    # Then the load fails and says what is wrong
    assert message in str(caught.value)


def test_duplicate_ids_and_domains_are_refused(tmp_path: Path) -> None:
    # Given two outlets sharing an id, and two sharing a domain
    same_id = _write(tmp_path, [_entry(), _entry(domains=["other.org"], feeds=[])])
    # Then both catalogues are refused
    with pytest.raises(CatalogueError, match="used twice"):
        load_catalogue(same_id)
    other = tmp_path / "other"
    other.mkdir()
    same_domain = _write(other, [_entry(), _entry(id="other", feeds=[])])
    with pytest.raises(CatalogueError, match="belongs to both"):
        load_catalogue(same_domain)


def test_missing_and_non_json_files_are_catalogue_errors(tmp_path: Path) -> None:
    # Given a path that does not exist and a file that is not JSON
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    # Then each load fails with a CatalogueError, not an OSError or a traceback
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "absent.json")
    with pytest.raises(CatalogueError, match="not valid JSON"):
        load_catalogue(broken)


def test_a_custom_catalogue_loads_and_is_cached(tmp_path: Path) -> None:
    # Given a small custom catalogue with a multilingual outlet
    path = _write(
        tmp_path,
        [
            _entry(
                languages=["de", "en"],
                feeds=[
                    "https://example-news.org/de.xml",
                    {"url": "https://example-news.org/en.xml", "language": "en"},
                ],
            )
        ],
    )
    # When it is loaded twice
    first, second = load_catalogue(path), load_catalogue(path)
    # Then it is parsed once, and feed languages default to the outlet's first language
    assert first is second
    entry = first.outlets[0]
    assert [entry.feed_language(feed) for feed in entry.feeds] == ["de", "en"]
    assert first.languages == frozenset({"de", "en"})


def test_an_item_owns_its_url_when_the_host_is_on_its_outlets_catalogue_domain() -> None:
    from parallax.ingest.feeds import FeedItem
    from parallax.ingest.runner import _index_items

    catalogue = Catalogue.model_validate(
        {
            "outlets": [
                _entry(id="owner", domains=["owner.org", "owner.de"], feeds=[]),
                _entry(id="local", domains=["local.owner.org"], feeds=[]),
                _entry(id="aggregator", domains=["aggregator.org"], feeds=[]),
            ]
        }
    )

    def owns(url: str, outlet_id: str) -> bool:
        item = FeedItem(url=url, title="T", summary="", guid=None, language=None, published=None)
        (kept,), _, _ = _index_items([item], outlet_id, None, None, None, catalogue=catalogue)
        return kept.owns_url

    # Its domain, another of its domains, a subdomain of one: the outlet's
    assert owns("https://www.owner.org/a", "owner")
    assert owns("https://owner.de/a", "owner")
    assert owns("https://news.owner.org/a", "owner")
    # A subdomain the catalogue lists as another outlet is that outlet's, not its parent's
    assert not owns("https://local.owner.org/a", "owner")
    assert owns("https://local.owner.org/a", "local")
    # An aggregator listing it owns nothing
    assert not owns("https://www.owner.org/a", "aggregator")
