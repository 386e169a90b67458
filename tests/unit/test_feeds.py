"""Feed parsing: hand-written RSS 2.0, RSS 1.0 and Atom, and every kind of bad input."""

from __future__ import annotations

import html
import re
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.domain.errors import ParallaxError, TooLarge, UnsupportedMedia
from parallax.ingest.feeds import (
    MAX_ATTRIBUTES_PER_ELEMENT,
    MAX_FEED_ELEMENTS,
    FeedError,
    MalformedFeed,
    NotAFeed,
    UnsafeFeed,
    looks_like_feed,
    parse_feed,
    plain_text,
)
from tests.support.cpu_budget import thread_cpu

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Beispiel Nachrichten</title>
    <link>https://news.example/</link>
    <language>de-DE</language>
    <item>
      <title>Bundestag beschlie\xc3\x9ft Haushalt</title>
      <link>https://news.example/politik/haushalt-123?utm_source=rss&amp;id=5</link>
      <guid isPermaLink="false">urn:news:123</guid>
      <pubDate>Mon, 06 May 2024 12:00:00 +0200</pubDate>
      <description>&lt;p&gt;Der Bundestag hat den &lt;b&gt;Haushalt&lt;/b&gt; beschlossen.&lt;/p&gt;</description>
    </item>
    <item>
      <title>Relative Links werden aufgel\xc3\xb6st</title>
      <link>/wirtschaft/zinsen-456</link>
      <guid>https://news.example/wirtschaft/zinsen-456</guid>
      <dc:date>2024-05-06T08:30:00Z</dc:date>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Exemple</title>
  <link href="https://atom.example/"/>
  <id>urn:uuid:feed</id>
  <updated>2024-05-06T10:00:00Z</updated>
  <entry>
    <title type="html">&lt;em&gt;Le Parlement&lt;/em&gt; adopte le budget</title>
    <link rel="enclosure" href="https://atom.example/audio.mp3"/>
    <link rel="alternate" href="https://atom.example/2024/05/budget"/>
    <id>tag:atom.example,2024:budget</id>
    <published>2024-05-06T09:00:00+02:00</published>
    <updated>2024-05-06T10:00:00Z</updated>
    <summary type="html">Le texte &lt;a href="x"&gt;passe&lt;/a&gt; en seconde lecture.</summary>
  </entry>
  <entry>
    <title>Sans date de publication</title>
    <link href="https://atom.example/2024/05/sans-date"/>
    <id>tag:atom.example,2024:sans-date</id>
    <updated>2024-05-06T11:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Contenu <b>riche</b>.</p></div></content>
  </entry>
</feed>
"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/">
    <title>Notizie</title>
    <link>https://rdf.example/</link>
    <description>Esempio</description>
    <dc:language>it</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://rdf.example/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example/1">
    <title>Il governo approva la manovra</title>
    <link>https://rdf.example/1</link>
    <description>Testo breve.</description>
    <dc:date>2024-05-06T10:00:00+02:00</dc:date>
  </item>
</rdf:RDF>
"""


def rss(items: str, *, channel: str = "", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel>'
        f"<title>T</title><link>https://feed.example/</link>{channel}{items}</channel></rss>"
    ).encode()


def item(title: str = "A title", link: str | None = "https://feed.example/a", **extra: str) -> str:
    parts = [f"<title>{title}</title>"]
    if link is not None:
        parts.append(f"<link>{link}</link>")
    parts += [f"<{key}>{value}</{key}>" for key, value in extra.items()]
    return "<item>" + "".join(parts) + "</item>"


# --- the three formats ----------------------------------------------------------------------------


def test_rss20_items_are_parsed_and_cleaned() -> None:
    # Given a hand-written RSS 2.0 feed with HTML in a description and a relative link
    # When it is parsed with its own URL as base
    feed = parse_feed(RSS20, base_url="https://news.example/feed.xml", now=NOW)
    # Then both items come out with canonical URLs, plain text and UTC dates
    assert feed.format == "rss20" and feed.language == "de" and not feed.recovered
    assert feed.title == "Beispiel Nachrichten"
    first, second = feed.items
    assert first.url == "https://news.example/politik/haushalt-123?id=5"
    assert first.title == "Bundestag beschließt Haushalt"
    assert first.summary == "Der Bundestag hat den Haushalt beschlossen."
    assert first.guid == "urn:news:123"
    assert first.published == "2024-05-06T10:00:00Z"
    assert first.language == "de"
    assert second.url == "https://news.example/wirtschaft/zinsen-456"
    assert second.published == "2024-05-06T08:30:00Z"


def test_atom_entries_use_the_alternate_link_and_xml_lang() -> None:
    # Given an Atom feed whose first entry lists an enclosure before its alternate link
    feed = parse_feed(ATOM, now=NOW)
    # Then the article link is the alternate one, HTML titles are text, and the language is fr
    assert feed.format == "atom10" and feed.language == "fr"
    first, second = feed.items
    assert first.url == "https://atom.example/2024/05/budget"
    assert first.title == "Le Parlement adopte le budget"
    assert first.summary == "Le texte passe en seconde lecture."
    assert first.published == "2024-05-06T07:00:00Z"
    # An entry with only <updated> is dated by it; XHTML content becomes the summary
    assert second.published == "2024-05-06T11:00:00Z"
    assert second.summary == "Contenu riche."


def test_rss10_rdf_is_parsed() -> None:
    # Given an RSS 1.0 (RDF) feed with a Dublin Core language and date
    feed = parse_feed(RSS10, now=NOW)
    # Then its item is read like any other
    assert feed.format == "rss10" and feed.language == "it"
    (only,) = feed.items
    assert (only.url, only.title, only.published) == (
        "https://rdf.example/1",
        "Il governo approva la manovra",
        "2024-05-06T08:00:00Z",
    )


def test_language_precedence_is_catalogue_then_feed_then_default() -> None:
    # Given a feed declaring en-US
    data = rss(item(), channel="<language>en-US</language>")
    undeclared = rss(item())
    # Then a catalogue language wins, else the declaration, else the default
    assert parse_feed(data, language="de", now=NOW).items[0].language == "de"
    assert parse_feed(data, default_language="de", now=NOW).items[0].language == "en"
    assert parse_feed(undeclared, default_language="de", now=NOW).items[0].language == "de"
    assert parse_feed(undeclared, now=NOW).items[0].language is None


# --- items that are incomplete, repeated or dressed up -----------------------------------------


def test_items_without_links_are_skipped_and_undated_items_kept() -> None:
    # Given items without a link, with a non-http link, and without a date
    data = rss(
        item("No link", None, guid="plain-guid")
        + item("Mail link", "mailto:desk@feed.example")
        + item("Undated", "https://feed.example/undated")
    )
    # When the feed is parsed
    feed = parse_feed(data, now=NOW)
    # Then only the undated item remains, with published=None, and two are counted as skipped
    assert [(i.title, i.published) for i in feed.items] == [("Undated", None)]
    assert feed.skipped == 2


def test_a_permalink_guid_stands_in_for_a_missing_link() -> None:
    # Given an item whose only URL is its GUID
    feed = parse_feed(rss(item("Guid only", None, guid="https://feed.example/by-guid")), now=NOW)
    # Then the GUID is its link
    assert [i.url for i in feed.items] == ["https://feed.example/by-guid"]


def test_duplicate_guids_and_urls_collapse_into_the_first() -> None:
    # Given a feed repeating a GUID with another URL, and a URL with another GUID
    data = rss(
        item("First", "https://feed.example/1", guid="g-1")
        + item("Same guid", "https://feed.example/2", guid="g-1")
        + item("Same url", "https://feed.example/1?utm_medium=x", guid="g-3")
        + item("Other", "https://feed.example/4", guid="g-4")
    )
    # When it is parsed
    feed = parse_feed(data, now=NOW)
    # Then each article appears once, the first occurrence kept
    assert [i.title for i in feed.items] == ["First", "Other"]
    assert feed.skipped == 2


def test_html_in_titles_is_stripped_but_text_angle_brackets_survive() -> None:
    # Given titles with markup, entities, CDATA, a script, and a literal "<"
    data = rss(
        item(
            "&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &lt;i&gt;italic&lt;/i&gt;", "https://feed.example/1"
        )
        + item(
            "<![CDATA[<span class='x'>Caf&eacute; <br/>society</span>]]>", "https://feed.example/2"
        )
        + item("&lt;script&gt;alert(1)&lt;/script&gt;Safe", "https://feed.example/3")
        + item("Inflation &lt; 2% and rates &gt; 4%", "https://feed.example/4")
    )
    # When it is parsed
    titles = [i.title for i in parse_feed(data, now=NOW).items]
    # Then titles are plain text
    assert titles == ["Bold & italic", "Café society", "Safe", "Inflation < 2% and rates > 4%"]


def test_dates_in_the_far_future_or_past_count_as_unknown() -> None:
    # Given items dated next year and in 1970
    data = rss(
        item("Future", "https://feed.example/f", pubDate="Wed, 06 May 2026 12:00:00 GMT")
        + item("Epoch", "https://feed.example/e", pubDate="Thu, 01 Jan 1970 00:00:00 GMT")
        + item("Garbage", "https://feed.example/g", pubDate="yesterday-ish")
    )
    # Then none of them carries a date (the items themselves are kept)
    assert [i.published for i in parse_feed(data, now=NOW).items] == [None, None, None]


def test_an_item_without_title_borrows_its_summary() -> None:
    # Given an item with only a description, and one with neither title nor text
    data = rss(
        "<item><link>https://feed.example/1</link><description>Only a teaser here.</description></item>"
        "<item><link>https://feed.example/2</link></item>"
    )
    feed = parse_feed(data, now=NOW)
    # Then the first is titled by its summary and the empty one is skipped
    assert [i.title for i in feed.items] == ["Only a teaser here."]
    assert feed.skipped == 1


def test_items_beyond_the_cap_are_dropped_and_counted() -> None:
    # Given a feed with more items than the cap
    data = rss("".join(item(f"N{n}", f"https://feed.example/{n}") for n in range(12)))
    # When it is parsed with a cap of 5
    feed = parse_feed(data, max_items=5, now=NOW)
    # Then the first five are kept and the rest counted as skipped
    assert [i.title for i in feed.items] == ["N0", "N1", "N2", "N3", "N4"]
    assert feed.skipped == 7


# --- bad input ------------------------------------------------------------------------------------


def test_malformed_xml_keeps_the_good_items() -> None:
    # Given a feed with a bare ampersand and an unclosed tag: not well-formed XML
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
        b"<item><title>Salt & pepper</title><link>https://feed.example/1</link></item>"
        b"<item><title>Fine</title><link>https://feed.example/2</link><b></item>"
        b"</channel></rss>"
    )
    # When it is parsed
    feed = parse_feed(data, now=NOW)
    # Then the lenient parser recovers both items and says it had to
    assert feed.recovered
    assert [i.title for i in feed.items] == ["Salt & pepper", "Fine"]


def test_a_truncated_feed_keeps_the_items_before_the_cut() -> None:
    # Given a feed cut off in the middle of its third item
    full = rss("".join(item(f"N{n}", f"https://feed.example/{n}") for n in range(3)))
    data = full[: full.index(b"<item><title>N2") + 20]
    # Then the complete items survive
    feed = parse_feed(data, now=NOW)
    assert [i.title for i in feed.items][:2] == ["N0", "N1"]


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02 binary garbage \xff\xfe",
        b"just some text, no markup at all",
        b'{"items": [{"title": "JSON Feed"}]}',
        b"   \n\t  ",
        b"",
    ],
)
def test_garbage_is_refused_as_a_feed_error(data: bytes) -> None:
    # Given bytes that are no feed at all
    # Then parsing raises a FeedError (unsupported_media), never another exception
    with pytest.raises(FeedError) as caught:
        parse_feed(data, now=NOW)
    assert caught.value.code == "unsupported_media"


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><head><title>Paywall</title></head><body>Subscribe</body></html>",
        b"<html lang='en'><body><p>Moved</p></body></html>",
        b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head></html>',
        b"\n\n  <!-- generated --><!doctype html><p>an error page",
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
    ],
)
def test_html_pages_and_other_xml_are_not_feeds(data: bytes) -> None:
    # Given an HTML page (or a sitemap) where a feed was expected
    # Then it is refused as not a feed
    with pytest.raises(NotAFeed):
        parse_feed(data, now=NOW)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title>'
    + "<item><title>&lol9;</title><link>https://feed.example/lol</link></item></channel></rss>"
).encode()


def test_billion_laughs_is_refused_quickly_and_cheaply() -> None:
    # Given the classic exponential entity expansion (a gigabyte of "lol" if expanded)
    tracemalloc.start()
    # When it is parsed
    with thread_cpu() as cpu, pytest.raises(UnsafeFeed):
        parse_feed(BILLION_LAUGHS, now=NOW)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Then it is refused before any expansion: in milliseconds and with little memory
    assert cpu.seconds < 0.5
    assert peak < 5_000_000


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>',
        '<!DOCTYPE rss [<!ENTITY harmless "just text">]>',
    ],
)
def test_entity_declarations_and_external_entities_are_refused(prolog: str) -> None:
    # Given a feed declaring an external (or any) entity
    data = rss(item("&xxe;"), prolog=prolog)
    # Then it is refused before feedparser sees it: nothing is read from disk or network
    with pytest.raises(UnsafeFeed):
        parse_feed(data, now=NOW)


def test_an_entity_bomb_in_an_encoding_expat_lacks_is_still_refused() -> None:
    # Given a bomb whose XML declaration names an encoding expat cannot decode
    data = BILLION_LAUGHS.replace(b'version="1.0"?>', b'version="1.0" encoding="x-nonesuch"?>', 1)
    # Then the fallback check still finds the entity declarations
    with pytest.raises(UnsafeFeed):
        parse_feed(data, now=NOW)


def test_a_plain_doctype_without_entities_is_fine() -> None:
    # Given an RSS 0.91 feed with Netscape's external DTD reference
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Old</title><link>https://old.example/</link><language>en</language>"
        b"<item><title>Still here</title><link>https://old.example/1</link></item></channel></rss>"
    )
    # Then it parses (the DTD is not fetched)
    assert [i.title for i in parse_feed(data, now=NOW).items] == ["Still here"]


def test_a_feed_over_the_size_cap_is_too_large() -> None:
    # Given a feed larger than the cap
    data = rss("".join(item(f"N{n}", f"https://feed.example/{n}") for n in range(200)))
    # Then it is refused as too_large without being parsed
    with pytest.raises(TooLarge):
        parse_feed(data, max_bytes=len(data) - 1, now=NOW)
    assert len(parse_feed(data, max_bytes=len(data), now=NOW).items) == 200


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=80), link=st.text(max_size=40), tail=st.binary(max_size=40))
def test_arbitrary_content_never_raises_anything_but_a_parallax_error(
    title: str, link: str, tail: bytes
) -> None:
    # Given a feed with arbitrary title and link text, followed by arbitrary bytes
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    data = rss(item(escaped, link)) + tail
    # When it is parsed
    try:
        feed = parse_feed(data, now=NOW)
    except ParallaxError:
        return
    # Then whatever comes out has canonical http(s) URLs and one-line text
    for parsed in feed.items:
        assert parsed.url.startswith(("http://", "https://"))
        assert "\n" not in parsed.title


# --- sniffing and text helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (RSS20[:1024], True),
        (ATOM[:1024], True),
        (RSS10[:1024], True),
        (b"\xef\xbb\xbf<rss version='2.0'>", True),
        ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>".encode("utf-16"), True),
        (b"<?xml-stylesheet href='x.xsl'?><!-- c --><rss>", True),
        (b"<!DOCTYPE html><html>", False),
        (b"<html><body>", False),
        (b"plain text", False),
        (b"", False),
    ],
)
def test_looks_like_feed(head: bytes, expected: bool) -> None:
    assert looks_like_feed(head) is expected


def test_plain_text_cuts_at_a_word_boundary() -> None:
    # Given a long HTML paragraph
    text = plain_text("<p>" + "word " * 50 + "</p>", limit=30)
    # Then it is cut at a space and marked as cut
    assert text.endswith("…") and len(text) <= 31 and "  " not in text
    assert plain_text(None) == ""


# The expressions plain_text used before it read markup in linear time: the reference its
# results must equal (they scanned to the end of the text from every unclosed <script or <!--).
_OLD_DROP_BLOCKS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_OLD_BLOCK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h\d)\b[^<>]*>", re.I)
_OLD_TAG = re.compile(r"<(?:!--.*?--|/?[A-Za-z][^<>]*)>", re.S)


def _old_markup_removal(value: str) -> str:
    return _OLD_TAG.sub("", _OLD_BLOCK_TAG.sub(" ", _OLD_DROP_BLOCKS.sub(" ", value)))


_MARKUP_PIECES = st.sampled_from(
    ["<", ">", "/", "!--", "--", "-->", "script", "SCRIPT", "style", "noscript", "p", "br",
     " ", "a", "x", "\n", "</script >", "<script", "<!--", "<b>", "é"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_MARKUP_PIECES, max_size=30).map("".join))
def test_plain_text_removes_markup_exactly_as_the_expressions_did(value: str) -> None:
    assert plain_text(value) == plain_text_of(_old_markup_removal(value))


def plain_text_of(stripped: str) -> str:
    """The rest of plain_text after markup removal (unescaping, white space), unchanged."""
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


@pytest.mark.parametrize(
    "unit",
    [
        "&lt;script ",
        "&lt;STYLE x",
        "&lt;!--",
        "&lt;noscript&gt;",
        "&lt;!-- --",
        "&lt;script&gt;&lt;!--",
    ],
)
def test_a_description_of_unclosed_markup_is_read_in_linear_time(unit: str) -> None:
    # Given an item whose description is 20,000 openers that never close (about 220 KB: the
    # expressions plain_text used scanned to the end from each, 9 s at 176 KB, hours at 5 MB)
    data = rss(item("Markup storm", description=unit * 20_000))
    # When it is parsed
    with thread_cpu() as cpu:
        feed = parse_feed(data, now=NOW)
    # Then the item is read, its summary cut as usual, in about the time feedparser takes
    assert [i.title for i in feed.items] == ["Markup storm"]
    assert len(feed.items[0].summary) <= 601
    assert cpu.seconds < 3, cpu.seconds


def test_feed_errors_keep_a_stable_code() -> None:
    # Every refusal is an unsupported_media ParallaxError, whichever subclass it is
    for error in (NotAFeed, UnsafeFeed, MalformedFeed):
        assert issubclass(error, UnsupportedMedia)
        assert error("x").code == "unsupported_media"


# --- issue 15: hostile shapes and encodings --------------------------------------------------------


def test_an_item_with_a_hundred_thousand_attributes_is_refused_at_once() -> None:
    # Given a 1 MB feed whose one item carries 100,000 attributes (feedparser's SAX handler looks
    # each attribute up by a scan of all of them: this took 173 s)
    attributes = " ".join(f'a{n}="x"' for n in range(100_000))
    data = rss(f"<item {attributes}><title>T</title><link>https://feed.example/a</link></item>")
    assert len(data) > 1_000_000
    # When it is parsed
    with thread_cpu() as cpu, pytest.raises(UnsafeFeed):
        parse_feed(data, now=NOW)
    # Then it is refused by the structural check, before any parser (bench/bench_feeds.py times it)
    assert cpu.seconds < 10


def test_attributes_hidden_in_values_or_cdata_are_counted_right() -> None:
    # Given values with ">" in them (legal in XML), which must not end the count early
    many = " ".join(f'a{n}=">"' for n in range(MAX_ATTRIBUTES_PER_ELEMENT + 1))
    with pytest.raises(UnsafeFeed):
        parse_feed(rss(f"<item {many}><title>T</title><link>https://f.example/a</link></item>"))
    # And HTML inside CDATA, which is text, not elements
    cdata = "<![CDATA[<p " + " ".join(f'a{n}="x"' for n in range(500)) + ">x</p>]]>"
    feed = parse_feed(rss(item("Kept", description=cdata)), now=NOW)
    assert [i.title for i in feed.items] == ["Kept"]


def test_a_flood_of_elements_is_too_large() -> None:
    # Given a small feed (0.1 MB) with more elements than any real feed has
    data = rss(
        item("Flood", "https://feed.example/f", description="<x/>" * (MAX_FEED_ELEMENTS + 1))
    )
    # Then it is refused as too_large without being parsed
    with pytest.raises(TooLarge):
        parse_feed(data, now=NOW)


def test_a_flood_after_whole_items_keeps_those_items_and_counts_the_rest_skipped() -> None:
    # Given two ordinary items, then one item flooded with elements, then one more item
    flood = item("Flood", "https://feed.example/f", description="<x/>" * (MAX_FEED_ELEMENTS + 1))
    data = rss(
        item("First", "https://feed.example/1")
        + item("Second", "https://feed.example/2")
        + flood
        + item("Last", "https://feed.example/3")
    )
    # When it is parsed
    feed = parse_feed(data, now=NOW)
    # Then the items before the flood are read, and the flooded one and the rest are skipped,
    # not parsed
    assert [i.title for i in feed.items] == ["First", "Second"]
    assert feed.skipped == 2


def test_a_very_long_atom_feed_is_read_in_part() -> None:
    # Given an Atom feed with more entries than the element cap allows
    entries = "".join(
        f'<entry><title>Entry {n}</title><link href="https://feed.example/{n}"/>'
        f"<id>urn:e:{n}</id><updated>2024-05-06T10:00:00Z</updated></entry>"
        for n in range(MAX_FEED_ELEMENTS // 4 + 100)
    )
    data = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>T</title>{entries}</feed>"
    ).encode()
    # When it is parsed, Then it gives its first entries and says how many it left out
    feed = parse_feed(data, now=NOW, max_items=50)
    assert len(feed.items) == 50
    assert feed.items[0].title == "Entry 0"
    assert len(feed.items) + feed.skipped == MAX_FEED_ELEMENTS // 4 + 100


def test_many_elements_with_some_attributes_each_are_bounded_too() -> None:
    # Given hundreds of elements, each just under the per-element cap
    attributes = " ".join(f'a{n}="x"' for n in range(MAX_ATTRIBUTES_PER_ELEMENT))
    data = rss(item("Wide", "https://feed.example/w", description=f"<x {attributes}/>" * 400))
    # Then the total attribute work is bounded as well
    with pytest.raises(UnsafeFeed):
        parse_feed(data, now=NOW)


def test_a_normal_feed_with_namespaces_and_media_attributes_is_unchanged() -> None:
    # Given a feed of 500 items with typical media attributes and a root full of namespaces
    namespaces = " ".join(f'xmlns:n{n}="urn:n{n}"' for n in range(20))
    media = '<enclosure url="https://feed.example/i.jpg" length="1" type="image/jpeg"/>'
    items = "".join(
        f"<item><title>N{n}</title><link>https://feed.example/{n}</link>{media}</item>"
        for n in range(500)
    )
    data = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {namespaces}><channel>'
        f"<title>T</title><link>https://feed.example/</link>{items}</channel></rss>"
    ).encode()
    # Then every item is there and the parse was strict
    feed = parse_feed(data, now=NOW)
    assert len(feed.items) == 500
    assert not feed.recovered


ENTITY_FEED = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE rss [<!ENTITY e "expanded">]>\n'
    '<rss version="2.0"><channel><title>T</title><link>https://feed.example/</link>'
    "<item><title>&e;</title><link>https://feed.example/e</link></item></channel></rss>"
)
SAFE_FEED = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<rss version="2.0"><channel><title>T</title><link>https://feed.example/</link>'
    "<item><title>Caf\u00e9 ouvert</title><link>https://feed.example/c</link></item>"
    "</channel></rss>"
)
ENCODINGS = [
    # (declared encoding, codec, byte order mark)
    ("UTF-32", "utf-32-le", b"\xff\xfe\x00\x00"),
    ("UTF-32", "utf-32-be", b"\x00\x00\xfe\xff"),
    ("UTF-32LE", "utf-32-le", b""),
    ("UTF-32BE", "utf-32-be", b""),
    ("UTF-16", "utf-16-le", b"\xff\xfe"),
    ("UTF-16BE", "utf-16-be", b""),
    ("cp037", "cp037", b""),
    ("cp500", "cp500", b""),
    ("cp1140", "cp1140", b""),
    ("cp273", "cp273", b""),
    ("UTF-7", "utf-7", b""),
]


@pytest.mark.parametrize(("declared", "codec", "bom"), ENCODINGS)
def test_entity_declarations_are_refused_in_every_encoding(
    declared: str, codec: str, bom: bytes
) -> None:
    # Given a feed declaring an entity, written in an encoding expat cannot read (or can)
    data = bom + ENTITY_FEED.format(encoding=declared).encode(codec)
    # Then the declaration is found in the text feedparser would parse, and refused
    with pytest.raises(UnsafeFeed):
        parse_feed(data, now=NOW)


@pytest.mark.parametrize(("declared", "codec", "bom"), ENCODINGS)
def test_feeds_in_those_encodings_still_parse(declared: str, codec: str, bom: bytes) -> None:
    # Given the same feed without the entity
    data = bom + SAFE_FEED.format(encoding=declared).encode(codec)
    # Then it parses, accents intact
    assert [i.title for i in parse_feed(data, now=NOW).items] == ["Caf\u00e9 ouvert"]


def test_an_encoding_named_only_by_the_http_header_is_checked_too() -> None:
    # Given an EBCDIC feed with no XML declaration, its code page only in the Content-Type
    body = ENTITY_FEED.split("\n", 1)[1].encode("cp500")
    # Then the entity declaration is still found
    with pytest.raises(UnsafeFeed):
        parse_feed(body, content_type="application/rss+xml; charset=cp500", now=NOW)


def test_bytes_in_no_declared_encoding_are_not_guessed_at_length() -> None:
    # Given a megabyte of bytes that are neither UTF-8 nor declared (feedparser would run chardet
    # on all of it: about 7 s a megabyte)
    data = rss(item("Bytes " + "\u00e9" * 10)).replace(
        b"Bytes", b"Bytes " + bytes(range(128, 256)) * 8000
    )
    # When it is parsed
    with thread_cpu() as cpu:
        feed = parse_feed(data, now=NOW)
    # Then a fallback encoding decodes it without a guess, and says it had to
    assert feed.recovered
    assert len(feed.items) == 1
    assert cpu.seconds < 5


@pytest.mark.parametrize(
    "head",
    [
        "<?xml version='1.0'?><rss version='2.0'>".encode("utf-32"),
        "<?xml version='1.0'?><rss version='2.0'>".encode("utf-32-be"),
        "<?xml version='1.0' encoding='cp037'?><rss version='2.0'>".encode("cp037"),
    ],
)
def test_looks_like_feed_reads_utf32_and_ebcdic_heads(head: bytes) -> None:
    assert looks_like_feed(head)
