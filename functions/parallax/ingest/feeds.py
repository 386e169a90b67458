"""Feed parsing: the bytes of an RSS 2.0, RSS 1.0 (RDF) or Atom document → index items.

Pure: no I/O, no clock unless one is passed. Everything a feed can get wrong is either recovered
from or refused with a :class:`FeedError` (or :class:`TooLarge`), never an unexpected exception:

* The document is decoded once, the way feedparser would (HTTP charset, XML declaration, byte
  order mark or the first bytes in UTF-32/UTF-16/EBCDIC), and feedparser is handed that text as
  UTF-8: every check below reads the characters feedparser will parse, whatever the encoding.
* Shapes that make parsing slow are refused before any parser runs, in one linear pass: too many
  attributes on an element (feedparser's SAX handler is quadratic in them), too many elements.
* XML bombs and external entities are refused *before* feedparser sees the document: a defusedxml
  parser reads the prolog (where entity declarations live) and stops at the root element, so a
  billion-laughs feed costs microseconds, not memory. A plain DOCTYPE (RSS 0.91's) is fine.
* An HTML page (a paywall, a "moved" page, an error page served with 200) is refused as not a feed.
* Malformed XML is handed to feedparser, whose lenient parser recovers what it can: a stray ``&``
  should not cost the good items around it.
* Items without a usable link are skipped; items without a date are kept (``published=None``);
  duplicate GUIDs and duplicate URLs within one feed collapse into the first occurrence; HTML in
  titles and summaries is reduced to text.
"""

from __future__ import annotations

import calendar
import html
import io
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin

from parallax.domain.bidi import visible_text
from parallax.domain.errors import TooLarge, UnsupportedMedia
from parallax.domain.languages import SUPPORTED_LANGUAGES, primary_language
from parallax.domain.timestamps import iso_utc
from parallax.domain.urls import canonical_url

__all__ = [
    "FEED_MEDIA_TYPES",
    "MAX_ATTRIBUTES_PER_ELEMENT",
    "MAX_FEED_BYTES",
    "MAX_FEED_ELEMENTS",
    "MAX_ITEMS_PER_FEED",
    "FeedError",
    "FeedItem",
    "MalformedFeed",
    "NotAFeed",
    "ParsedFeed",
    "UnsafeFeed",
    "looks_like_feed",
    "parse_feed",
    "plain_text",
]

MAX_FEED_BYTES: Final = 5_000_000
"""Real feeds are tens to hundreds of kilobytes; 5 MB is the fetcher's page cap too."""
MAX_ITEMS_PER_FEED: Final = 500
MAX_TITLE_CHARS: Final = 400
MAX_SUMMARY_CHARS: Final = 600
MAX_GUID_CHARS: Final = 512
# A date this far ahead is a feed bug (or a time zone typo); treated as unknown so that the item
# does not sit at the top of "newest first" for days.
_FUTURE_SLACK_S: Final = 2 * 86400
_EARLIEST_YEAR: Final = 1995

FEED_MEDIA_TYPES: Final = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
    }
)
_FEED_ROOTS: Final = frozenset({"rss", "feed", "rdf", "channel"})


class FeedError(UnsupportedMedia):
    """The bytes are not a feed Parallax can use. A subclass of ``unsupported_media`` so that
    the code stays one of the stable ones wherever the error ends up."""

    title = "The content is not a usable feed"


class NotAFeed(FeedError):
    """An HTML page, a sitemap, JSON... anything but RSS or Atom."""


class UnsafeFeed(FeedError):
    """Entity declarations or external entities: the shape of an XML bomb or an XXE probe."""


class MalformedFeed(FeedError):
    """Broken beyond what the lenient parser recovers: no items and no recognisable feed."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    """Canonical URL (``parallax.domain.urls.canonical_url``)."""
    title: str
    summary: str
    guid: str | None
    language: str | None
    published: str | None
    """ISO 8601 in UTC, ``YYYY-MM-DDTHH:MM:SSZ``, or None when the feed gives no usable date."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    format: str
    """feedparser's name for it: ``rss20``, ``rss10``, ``atom10``, ..."""
    title: str | None
    link: str | None
    language: str | None
    """The feed's own language declaration (primary subtag), if it names a supported language."""
    items: tuple[FeedItem, ...]
    skipped: int
    """Entries dropped: no usable link, no text at all, duplicates, beyond the item cap."""
    recovered: bool
    """True when the XML was malformed and the lenient parser was needed."""


# --- sniffing ------------------------------------------------------------------------------------

# Byte order marks, longest first (a UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Without a mark, the first characters of the document in encodings that are not ASCII-compatible
# (XML 1.0, appendix F; the same table feedparser uses): "<" in UTF-32, "<?" in UTF-16, "<?xm" in
# EBCDIC, whose exact code page the declaration names.
_MARKERS: Final = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)
_PROLOG_NOISE: Final = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S
)
_FIRST_TAG: Final = re.compile(rb"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_HTML_DOCTYPE: Final = re.compile(rb"<!doctype\s+html", re.I)


def _sniffed_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding the first bytes announce (a byte order mark, or ``<`` in an encoding that is
    not ASCII-compatible) and the length of the mark to skip; ``(None, 0)`` for ASCII-compatible
    bytes, whose declaration (or the HTTP header) says the rest."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    for marker, codec in _MARKERS:
        if data.startswith(marker):
            return codec, 0
    return None, 0


def _text_head(head: bytes) -> bytes:
    codec, skip = _sniffed_encoding(head)
    if codec is None or codec == "utf-8":
        return head[skip:]
    # The markup is ASCII, so the decoded head, reduced to ASCII, is enough to find the root.
    chunk = head[skip:]
    if codec.startswith("utf-32"):
        chunk = chunk[: len(chunk) - len(chunk) % 4]
    return chunk.decode(codec, "ignore").encode("ascii", "ignore")


def _root_name(head: bytes) -> str | None:
    text = _text_head(head)
    position = 0
    while True:
        noise = _PROLOG_NOISE.match(text, position)
        if noise is None or noise.end() == position:
            break
        position = noise.end()
    tag = _FIRST_TAG.match(text, position)
    return tag.group(2).decode("ascii").lower() if tag else None


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a body open an RSS, RDF or Atom document.

    Used when a server sends no content type, a generic one, or ``text/html`` for what may well be
    a feed (mislabelled feeds are common).
    """
    return _root_name(head) in _FEED_ROOTS


# --- text clean-up -------------------------------------------------------------------------------

_BLOCK_OPENER: Final = re.compile(r"<(script|style|noscript)\b", re.I)
_BLOCK_CLOSERS: Final = {
    name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript")
}
_ELEMENT_TAG: Final = re.compile(r"</?[A-Za-z][^<>]*>")
_BLOCK_TAG: Final = re.compile(r"<(?:br|/p|/div|/li|/h\d)\b[^<>]*>", re.I)
_SPACE: Final = re.compile(r"\s+")
_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


def _drop_blocks(text: str) -> str:
    r"""Each ``<script>``/``<style>``/``<noscript>`` through its first closer → one space; an
    opener without a closer stays. What ``<(script|style|noscript)\b.*?</\1\s*>`` (re.I, re.S)
    substituted, in linear time: that expression scanned to the end of the text from every
    opener without a closer, so 16,000 unclosed ``<script`` in a 176 KB description cost 9 s and
    a 5 MB feed hours. Once a name has no closer after one opener, it has none after later ones."""
    pieces: list[str] = []
    kept_from = search_from = 0
    unclosed: set[str] = set()
    while (opener := _BLOCK_OPENER.search(text, search_from)) is not None:
        name = opener.group(1).lower()
        closer = None if name in unclosed else _BLOCK_CLOSERS[name].search(text, opener.end())
        if closer is None:
            unclosed.add(name)
            search_from = opener.start() + 1
            continue
        pieces += (text[kept_from : opener.start()], " ")
        kept_from = search_from = closer.end()
    return "".join(pieces) + text[kept_from:] if pieces else text


def _drop_tags(text: str) -> str:
    r"""Comments (``<!--`` through the first ``-->``) and things that look like tags removed; what
    ``<(?:!--.*?--|/?[A-Za-z][^<>]*)>`` (re.S) substituted, in linear time (from every ``<!--``
    without a closer, that expression scanned to the end of the text)."""
    pieces: list[str] = []
    kept_from = position = 0
    comments_close = True
    while (start := text.find("<", position)) >= 0:
        end = -1
        if comments_close and text.startswith("<!--", start):
            closer = text.find("-->", start + 4)
            if closer >= 0:
                end = closer + 3
            else:
                comments_close = False  # no "-->" after this one, so none after later ones
        if end < 0 and (tag := _ELEMENT_TAG.match(text, start)) is not None:
            end = tag.end()
        if end < 0:
            position = start + 1
            continue
        pieces.append(text[kept_from:start])
        kept_from = position = end
    return "".join(pieces) + text[kept_from:] if pieces else text


def plain_text(value: str | None, limit: int | None = None) -> str:
    """HTML (or text that merely contains some) → one line of text, cut at a word boundary,
    without bidirectional embeddings, overrides or isolates (:mod:`parallax.domain.bidi`).

    Only things that look like tags are removed (``<b>``, ``</p>``, ``<!-- -->``), so a headline
    such as "Inflation < 2% again" keeps its ``<``. Linear in the length of ``value``.
    """
    if not value:
        return ""
    text = _drop_blocks(value)
    text = _BLOCK_TAG.sub(" ", text)
    text = _drop_tags(text)
    # After unescaping: "&#x202E;" is an override too. Text that shows nothing is no text.
    text = _SPACE.sub(" ", visible_text(html.unescape(text))).strip()
    if not unicodedata.is_normalized("NFC", text):
        # Composed, as a page's text and headline are: a feed written decomposed stored Hangul
        # as its letters (jamo), which FTS5 keeps as they are, so no Korean query word matched
        # it (attack16; Latin letters lose a combining accent in the index either way).
        text = unicodedata.normalize("NFC", text)
    if limit is not None and len(text) > limit:
        cut = text[:limit]
        space = cut.rfind(" ")
        text = (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"
    return text


# --- decoding ------------------------------------------------------------------------------------

_XML_DECLARATION: Final = re.compile(r"^<\?xml[^>]*?>")
_DECLARED_ENCODING: Final = re.compile(r"""^<\?xml[^>\n]*?encoding\s*=\s*["']([^"'>]{1,40})["']""")
_SAME_AS_MARK: Final = frozenset(
    {"utf-16", "utf16", "utf_16", "u16", "utf-32", "utf32", "utf_32", "u32", "ucs-2", "ucs-4"}
    | {"iso-10646-ucs-2", "iso-10646-ucs-4", "csunicode", "csucs4"}
)
_UTF8_DECLARATION: Final = "<?xml version='1.0' encoding='utf-8'?>"


@dataclass(frozen=True, slots=True)
class _Decoded:
    utf8: bytes
    """The document re-encoded as UTF-8, its declaration saying so: what is checked and parsed."""
    overridden: bool
    """The declared (or announced) encoding could not decode it; a fallback did."""


def _decode(data: bytes, http_charset: str | None) -> _Decoded:
    """The document as UTF-8, decoded the way feedparser would: the HTTP charset, then the XML
    declaration's encoding, then what the first bytes announce, then UTF-8, windows-1252 and
    ISO 8859-2 (which decodes anything). feedparser then only ever sees UTF-8, so the safety
    checks below read exactly the text it parses, whatever the encoding (UTF-32 and EBCDIC
    included: expat cannot read those, so checking the raw bytes missed their declarations).
    Unlike feedparser, no chardet guess: it costs seconds a megabyte on bytes that are no text."""
    sniffed, skip = _sniffed_encoding(data)
    body = data[skip:]
    head = body[:1024]
    if sniffed is not None and sniffed != "utf-8":
        head = head[: len(head) - len(head) % 4]
    head_text = head.decode(sniffed or "latin-1", "ignore")
    declared_match = _DECLARED_ENCODING.match(head_text)
    declared = declared_match.group(1).strip().lower() if declared_match else None
    if declared in _SAME_AS_MARK and sniffed is not None:
        declared = sniffed
    candidates: list[str] = []
    for proposed in (http_charset, declared, sniffed, "utf-8", "windows-1252", "iso-8859-2"):
        codec = (proposed or "").strip().lower()
        # gb18030 is a superset of gb2312 (feedparser makes the same swap).
        codec = "gb18030" if codec == "gb2312" else codec
        if codec and codec not in candidates:
            candidates.append(codec)
    for position, codec in enumerate(candidates):
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        text = text.removeprefix("\ufeff")
        if _XML_DECLARATION.match(text):
            text = _XML_DECLARATION.sub(_UTF8_DECLARATION, text, count=1)
        else:
            text = f"{_UTF8_DECLARATION}\n{text}"
        return _Decoded(text.encode("utf-8", "replace"), overridden=position > 0)
    raise MalformedFeed("The feed's character encoding is unknown")  # pragma: no cover


# --- structural limits ---------------------------------------------------------------------------

MAX_FEED_ELEMENTS: Final = 20_000
"""Elements per feed. A feed of 500 items with 20 elements each has 10,000; feedparser spends
15-50 microseconds an element (twice when the strict parse fails), so 20,000 is about a second at
worst, where a 5 MB flood of ``<x/>`` would be a minute."""
MAX_ATTRIBUTES_PER_ELEMENT: Final = 64
MAX_ATTRIBUTE_WORK: Final = 1_000_000
"""Sum over elements of (attributes)²: feedparser's SAX handler looks every attribute up by a
linear scan of the element's attributes (100,000 on one ``<item>`` took 173 s). Real feeds stay in
the thousands; a flood of elements with 64 attributes each hits this before the element cap."""

# Element starts (outside CDATA sections and comments, whose "<" are text) with their attributes.
# Attribute values may not contain "<" (XML forbids it), so no match reaches past the next "<" and
# one pass over the document is linear; unterminated CDATA or comments run to the end.
_MARKUP: Final = re.compile(
    rb"<!\[CDATA\[.*?(?:\]\]>|\Z)"
    rb"|<!--.*?(?:-->|\Z)"
    rb"|<[A-Za-z_:][^\s/>\"'=<]*((?:\s+[^\s=<>/\"']+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)",
    re.S,
)
_ATTRIBUTE_VALUE: Final = re.compile(rb"""=\s*["']""")


_ITEM_START: Final = re.compile(rb"<(?:item|entry)[\s/>]")
# What closes a feed cut short after its last whole item, by root element.
_FEED_CLOSERS: Final = {"rss": b"</channel></rss>", "feed": b"</feed>", "rdf": b"</rdf:RDF>"}


def _last_item_start(utf8: bytes, before: int) -> int | None:
    """Where the last ``<item>``/``<entry>`` that starts before ``before`` starts."""
    found = None
    for match in _ITEM_START.finditer(utf8, 0, before):
        found = match.start()
    return found


def _check_structure(utf8: bytes) -> int | None:
    """Refuse documents whose shape alone makes parsing slow, before any parser sees them.

    A feed that is merely long (10,000 items) is not refused: the offset of the item during which
    the element cap was passed comes back, and the caller parses the items before it, so such a
    feed gives its first items and counts the rest as skipped (issue 13: a clear result, never an
    error). A flood of elements outside any item is refused."""
    elements = 0
    work = 0
    for match in _MARKUP.finditer(utf8):
        attributes = match.group(1)
        if attributes is None:
            continue
        elements += 1
        if elements > MAX_FEED_ELEMENTS:
            cut = _last_item_start(utf8, match.start())
            if cut is None or _ITEM_START.search(utf8, 0, cut) is None:
                # No whole item before the flood: nothing worth parsing.
                raise TooLarge(f"The feed has more than {MAX_FEED_ELEMENTS} elements")
            return cut
        if attributes:
            # An upper bound: "=" and a quote inside a value count too, which only errs high.
            count = len(_ATTRIBUTE_VALUE.findall(attributes))
            if count > MAX_ATTRIBUTES_PER_ELEMENT:
                raise UnsafeFeed(
                    f"An element of the feed has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes"
                )
            work += count * count
            if work > MAX_ATTRIBUTE_WORK:
                raise UnsafeFeed("The feed has too many attributes")
    return None


def _within_element_cap(document: bytes) -> tuple[bytes, int]:
    """The document as it may be parsed, and how many items were cut off its end."""
    cut = _check_structure(document)
    if cut is None:
        return document, 0
    closer = _FEED_CLOSERS.get((_root_name(document[:4096]) or "").split(":")[-1])
    if closer is None:
        raise TooLarge(f"The feed has more than {MAX_FEED_ELEMENTS} elements")
    cut_items = sum(1 for _ in _ITEM_START.finditer(document, cut))
    return document[:cut] + closer, cut_items


# --- safety check --------------------------------------------------------------------------------


class _Root(Exception):
    def __init__(self, tag: str) -> None:
        super().__init__(tag)
        self.tag = tag


class _StopAtRoot:
    """An ElementTree target that stops the parse at the root element: everything that can declare
    an entity comes before it, so the rest of the document need not be read twice."""

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        raise _Root(tag)

    def end(self, tag: str) -> None:
        return None

    def data(self, data: str) -> None:
        return None

    def close(self) -> None:
        return None


def _check_prolog(document: bytes, raw: bytes) -> str | None:
    """Refuse entity declarations; return the root element's local name when expat got there.

    ``document`` is the feed as UTF-8 (what feedparser will parse); ``raw`` the bytes as served.
    """
    import defusedxml  # type: ignore[import-untyped, unused-ignore]
    import defusedxml.ElementTree  # type: ignore[import-untyped, unused-ignore]

    parser = defusedxml.ElementTree.DefusedXMLParser(
        target=_StopAtRoot(), forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(document)
        parser.close()
    except _Root as root:
        return root.tag.rsplit("}", 1)[-1].lower()
    except defusedxml.DefusedXmlException:
        raise UnsafeFeed("The feed declares XML entities, which are not accepted") from None
    except (SyntaxError, ValueError, LookupError):
        # ElementTree's ParseError is a SyntaxError: a malformed prolog, a stray character, ...
        pass
    # expat gave up before the root. feedparser's lenient parser will still try (and honours
    # simple entity declarations), so the one dangerous construct is looked for directly: in the
    # text feedparser will see, and in the raw bytes as UTF-16 in case a mark was missing.
    if b"<!ENTITY" in document or _UTF16_ENTITY in raw or _UTF16_ENTITY[1:] in raw:
        raise UnsafeFeed("The feed declares XML entities, which are not accepted")
    return None


_UTF16_ENTITY: Final = "<!ENTITY".encode("utf-16-be")


# --- parsing -------------------------------------------------------------------------------------


def _language(tag: Any) -> str | None:
    if not isinstance(tag, str) or not tag.strip():
        return None
    primary = primary_language(tag)
    return primary if primary in SUPPORTED_LANGUAGES else None


def _published(entry: Any, now: float) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get, not entry.get: feedparser's own lookup maps a missing updated_parsed onto
        # published_parsed with a DeprecationWarning.
        parsed = dict.get(entry, key) if isinstance(entry, dict) else None
        if not isinstance(parsed, time.struct_time):
            continue
        try:
            # feedparser normalises to UTC; timegm reads the struct as UTC.
            epoch = calendar.timegm(parsed)
        except (OverflowError, ValueError):
            continue
        if parsed.tm_year < _EARLIEST_YEAR or epoch > now + _FUTURE_SLACK_S:
            return None
        return iso_utc(epoch)
    return None


def _entry_link(entry: Any, base_url: str | None) -> str | None:
    # feedparser's `link` is the entry's alternate link (RSS <link>, Atom rel="alternate"). Other
    # Atom rels are enclosures and images, never the article. A permalink GUID is the fallback.
    candidates: list[Any] = [entry.get("link")]
    guid = entry.get("id")
    if isinstance(guid, str) and guid.startswith(("http://", "https://")):
        candidates.append(guid)
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        absolute = urljoin(base_url, candidate.strip()) if base_url else candidate.strip()
        try:
            return canonical_url(absolute)
        except ValueError:
            continue
    return None


def _summary(entry: Any) -> str:
    value = entry.get("summary")
    if not value:
        contents = entry.get("content") or ()
        value = contents[0].get("value") if contents and hasattr(contents[0], "get") else None
    return plain_text(value if isinstance(value, str) else None, MAX_SUMMARY_CHARS)


def parse_feed(
    data: bytes,
    *,
    base_url: str | None = None,
    language: str | None = None,
    default_language: str | None = None,
    content_type: str | None = None,
    max_bytes: int = MAX_FEED_BYTES,
    max_items: int = MAX_ITEMS_PER_FEED,
    now: float | None = None,
) -> ParsedFeed:
    """Parse one feed document.

    ``base_url`` (the feed's own URL) resolves relative item links. Item language: ``language``
    when given (what the catalogue says about this feed; it wins because CMS templates often
    leave the declaration at ``en-us`` whatever the site's language), else the feed's own
    declaration, else ``default_language``. ``content_type`` is the HTTP header, for its charset.
    Raises :class:`FeedError` subclasses or :class:`TooLarge`.
    """
    if len(data) > max_bytes:
        raise TooLarge(f"The feed is larger than {max_bytes} bytes")
    if not data.strip():
        raise MalformedFeed("The feed is empty")
    charset = _CHARSET.search(content_type or "")
    decoded = _decode(data, charset.group(1) if charset else None)
    document = decoded.utf8
    document, cut_items = _within_element_cap(document)
    # expat names the root when the prolog is well-formed; otherwise a lighter look at the head.
    root = _check_prolog(document, data)
    if root is None:
        root = _root_name(document[:4096])
    if root is None and _HTML_DOCTYPE.search(document[:4096]):
        root = "html"
    if root is not None and root not in _FEED_ROOTS:
        raise NotAFeed(f"The document is <{root[:40]}>, not RSS or Atom")

    import feedparser  # type: ignore[import-untyped, unused-ignore]

    # The document is UTF-8 now, and says so: feedparser decodes exactly what was checked. (A
    # feed served as text/html or without a type would be judged "bozo" and parsed leniently,
    # which loses nothing here but misreports good feeds as malformed, so the type is XML.)
    # A stream, never bytes or str: feedparser would treat a str as a URL or file name to open.
    # Sanitising and URI resolution are left out: the text is reduced to plain text below anyway.
    parsed: Any = feedparser.parse(
        io.BytesIO(document),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries: list[Any] = list(parsed.get("entries") or [])
    version = str(parsed.get("version") or "")
    recovered = bool(parsed.get("bozo")) or decoded.overridden
    if not version and not entries:
        if recovered:
            raise MalformedFeed("The feed could not be parsed")
        raise NotAFeed("The document is not RSS or Atom")

    feed: Any = parsed.get("feed") or {}
    declared = _language(feed.get("language"))
    item_language = language or declared or default_language
    clock = time.time() if now is None else now

    items: list[FeedItem] = []
    seen_guids: set[str] = set()
    seen_urls: set[str] = set()
    skipped = max(0, len(entries) - max_items) + cut_items
    for entry in entries[:max_items]:
        url = _entry_link(entry, base_url)
        raw_guid = entry.get("id")
        guid = raw_guid.strip()[:MAX_GUID_CHARS] if isinstance(raw_guid, str) else ""
        summary = _summary(entry)
        title = plain_text(entry.get("title"), MAX_TITLE_CHARS) or plain_text(summary, 140)
        if url is None or not title or url in seen_urls or (guid and guid in seen_guids):
            skipped += 1
            continue
        seen_urls.add(url)
        if guid:
            seen_guids.add(guid)
        items.append(
            FeedItem(
                url=url,
                title=title,
                summary=summary,
                guid=guid or None,
                language=item_language,
                published=_published(entry, clock),
            )
        )
    return ParsedFeed(
        format=version or "unknown",
        title=plain_text(feed.get("title"), MAX_TITLE_CHARS) or None,
        link=feed.get("link") if isinstance(feed.get("link"), str) else None,
        language=declared,
        items=tuple(items),
        skipped=skipped,
        recovered=recovered,
    )
