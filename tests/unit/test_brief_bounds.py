"""What one Brief may hold: the bounds on a related item's copies (issue: wire copies carry
their addresses)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from parallax.domain.brief_bounds import (
    MAX_FIELD_CHARS,
    MAX_RELATED_OUTLETS,
    MAX_TITLE_CHARS,
    bounded_article,
    bounded_related,
)
from parallax.domain.extraction import extract_article
from parallax.domain.models import MAX_URL_LENGTH, Outlet, Related, RelatedCopy, RelatedItem
from tests.support.outlets_site import article_page, tram_story


def _outlet(n: int) -> Outlet:
    return Outlet(name=f"Outlet {n:02d}", domain=f"outlet-{n:02d}.example")


def _item(outlets: list[Outlet], copies: list[RelatedCopy]) -> RelatedItem:
    return RelatedItem(
        url="https://lead.example/a",
        title="Lead",
        outlet=Outlet(name="Lead", domain="lead.example"),
        language="en",
        similarity=0.9,
        also_reported_by=outlets,
        copies=copies,
        provider="index",
    )


def _copy(outlet: Outlet, title: str = "Copy") -> RelatedCopy:
    return RelatedCopy(url=f"https://{outlet.domain}/a", title=title, outlet=outlet, language="en")


def test_copies_are_capped_with_their_outlets_and_their_titles_cut() -> None:
    # Given an item collapsed from 30 outlets, one copy each, the first with a huge title, and
    # the 5th outlet without a copy
    outlets = [_outlet(n) for n in range(30)]
    copies = [_copy(o, "T" * 5000 if n == 0 else "Copy") for n, o in enumerate(outlets) if n != 5]
    related = Related(items=[_item(outlets, copies)])
    # When the Brief's bounds apply
    item = bounded_related(related).items[0]
    # Then the copies are those of the outlets still listed, in their order, titles cut
    assert len(item.also_reported_by) == MAX_RELATED_OUTLETS
    assert [c.outlet for c in item.copies] == [
        o for n, o in enumerate(outlets[:MAX_RELATED_OUTLETS]) if n != 5
    ]
    assert len(item.copies[0].title) == MAX_TITLE_CHARS
    assert item.copies[0].title.endswith("…")


def test_a_brief_cached_before_copies_still_loads_with_none() -> None:
    # Given a related item as Briefs cached before the field was added held it
    body = _item([_outlet(1)], []).model_dump(exclude={"copies"})
    assert "copies" not in body
    # When it is read back
    item = RelatedItem.model_validate(body)
    # Then it loads, with no copies
    assert item.copies == [] and item.also_reported_by == [_outlet(1)]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://copy.example/a",
        "https://copy.example/" + "a" * MAX_URL_LENGTH,
    ],
)
def test_a_copy_address_is_http_or_https_and_bounded(url: str) -> None:
    # A copy's address becomes a link in the panel: the contract itself refuses anything else
    with pytest.raises(ValidationError):
        RelatedCopy(url=url, title="Copy", outlet=_outlet(1), language="en")


def test_outlet_names_and_domains_are_cut_alike_wherever_a_related_item_names_them() -> None:
    # Given a hostile provider's wire row: 20 outlets named with 90,000 characters each (a
    # Google News <source> of a 2 MB answer), each with its copy, and a lead outlet alike
    huge = [
        Outlet(name=f"{n:02d}" + "N" * 90_000, domain=f"outlet-{n:02d}." + "d" * 5_000)
        for n in range(MAX_RELATED_OUTLETS)
    ]
    copies = [
        RelatedCopy(url=f"https://copy-{n}.example/a", title="Copy", outlet=o, language="en")
        for n, o in enumerate(huge)
    ]
    item = _item(huge, copies).model_copy(update={"outlet": huge[0]})
    # When the Brief's bounds apply
    bounded = bounded_related(Related(items=[item])).items[0]
    # Then every outlet the item names is cut to the field bound ...
    named = [bounded.outlet, *bounded.also_reported_by, *(c.outlet for c in bounded.copies)]
    assert all(len(o.name) <= MAX_FIELD_CHARS and len(o.domain) <= MAX_FIELD_CHARS for o in named)
    # ... alike, so each copy still names its outlet (the panel pairs them by name and domain)
    assert [c.outlet for c in bounded.copies] == bounded.also_reported_by
    assert len(bounded.copies) == MAX_RELATED_OUTLETS
    # And the row stays small: before, it held the 20 names twice (3.7 MB)
    assert len(bounded.model_dump_json()) < 40_000


def test_the_articles_own_outlet_name_is_cut() -> None:
    # Given a page whose og:site_name is 100,000 characters (the extraction keeps it whole)
    html = article_page("Tram derails in Lyon", tram_story("x", words=300)).replace(
        "<head>", f'<head><meta property="og:site_name" content="{"S" * 100_000}">', 1
    )
    article = extract_article(html, "https://x.example/a")
    assert len(article.outlet.name) == 100_000
    # When the Brief's bounds apply / Then the name is cut to the field bound
    assert len(bounded_article(article).outlet.name) == MAX_FIELD_CHARS
