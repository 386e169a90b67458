"""The publication date: metadata and ``<time>`` elements first, then the date in the address, then
htmldate's quick search of the page and, last, its text search of the headline's block alone.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from parallax.domain.extraction.addresses import is_http
from parallax.domain.extraction.markers import URL_DATE
from parallax.domain.extraction.thresholds import HEADLINE_BLOCK_CHARS
from parallax.domain.load_once import load_once


def time_element_date(times: list[Any]) -> str | None:
    for element in times:
        if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
            found = normalise_date(element.get("datetime") or element.text_content())
            if found:
                return found
    return None


def in_publisher_day(published: str | None, url: str) -> str | None:
    """``published``, or the day in the address when the two are one day apart.

    Metadata often gives the time in UTC, while a date in the address is the publisher's own
    day: a story posted at 23:30 in Minneapolis carries 05:30 the next day in its metadata.
    """
    if not published or "T" not in published:
        return published
    in_url = URL_DATE.search(url)
    if in_url is None:
        return published
    address_day = normalise_date("-".join(in_url.groups()))
    if address_day is None:
        return published
    try:
        apart = abs((date.fromisoformat(address_day) - date.fromisoformat(published[:10])).days)
    except ValueError:
        return published
    return address_day if apart == 1 else published


def heuristic_date(tree: Any, url: str, times: list[Any], headlines: list[Any]) -> str | None:
    # A date in the address or a <time> element settles it before htmldate's search, which
    # costs a couple of milliseconds (it copies the tree).
    in_url = URL_DATE.search(url)
    if in_url:
        found = normalise_date("-".join(in_url.groups()))
        if found:
            return found
    for element in times:
        found = normalise_date(element.get("datetime"))
        if found:
            return found

    from htmldate import find_date

    try:
        # The tree, never the URL string: given a string that looks like a URL, htmldate
        # downloads it. The quick search only: the extensive one (dates written in the text,
        # read by dateparser) costs 15% more time per page on wcxb-articles-dev over the whole
        # page, so it runs on the headline's block alone, and only when this finds nothing.
        found = find_date(
            tree, extensive_search=False, original_date=True, url=url if is_http(url) else None
        )
    except Exception:  # htmldate's heuristics only refine metadata; a failure costs the date
        return None
    if isinstance(found, str):
        return normalise_date(found)
    return _headline_block_date(headlines)


def _headline_block_date(headlines: list[Any]) -> str | None:
    """A date written in the headline's block, such as a byline's "Posted 11. April 2018".

    htmldate's extensive search (dates in free text) finds these, but over a whole page it costs
    10-25 ms and picks up dates of comments and teasers. Run on the block around the first
    <h1> only, it costs well under a millisecond on most pages.
    """
    if not headlines:
        return None
    block = headlines[0]
    for ancestor in block.iterancestors():
        if ancestor.tag in ("body", "html") or len(ancestor.text_content()) > HEADLINE_BLOCK_CHARS:
            break
        block = ancestor

    from htmldate import find_date

    load_date_tables()
    try:
        # find_date copies an element before it prunes it, so the page's tree is left intact.
        found = find_date(block, extensive_search=True, original_date=True)
    except Exception:  # as above: a failure costs the date, not the article
        return None
    return normalise_date(found) if isinstance(found, str) else None


@load_once
def load_date_tables() -> bool:
    """Build htmldate's table of month names in every locale and dateparser's parser, which its
    text search builds on first use (about 0.45 s once per process), in one thread.

    htmldate caches both with ``functools.lru_cache``, which lets two threads build them at once:
    serve's background warm-up and the first Brief reaching the headline block's text search.
    Asking here first, under one lock, leaves htmldate's own caches filled. False where htmldate
    has no such internals (another version): then this only loses the warm-up."""
    try:
        from htmldate.extractors import external_date_parser, month_words
    except ImportError:
        return False
    month_words()
    external_date_parser("27 January 2022", "%Y-%m-%d")
    return True


def normalise_date(value: str | None) -> str | None:
    """An ISO 8601 date (or date-time when the page gives the time), or None if unreadable."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("/", "-"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
            if match:
                try:
                    year, month, day = (int(g) for g in match.groups())
                    parsed = datetime(year, month, day)
                except ValueError:
                    parsed = None
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    date_only = len(value) <= 10 or (parsed.time() == datetime.min.time() and "T" not in value)
    if date_only:
        return date(parsed.year, parsed.month, parsed.day).isoformat()
    return parsed.isoformat()
