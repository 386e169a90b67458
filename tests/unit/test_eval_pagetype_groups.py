"""`parallax eval pagetype` pools the page types the way the issue states its targets."""

from __future__ import annotations

from parallax.evaluation.cli import render_pagetype_table
from parallax.evaluation.pages import _issue_groups


def _entry(pages: int, refused: int, baseline: int) -> dict[str, object]:
    return {
        "pages": pages,
        "refused": refused,
        "baseline_refused": baseline,
        "refused_share": refused / pages,
        "baseline_refused_share": baseline / pages,
        "reasons": {},
    }


def test_listing_and_collection_are_pooled_by_pages_not_by_mean_of_rates() -> None:
    # Given listings 43 of 60 refused and collections 53 of 60, products 58 of 60
    groups = {"listing": _entry(60, 43, 45), "collection": _entry(60, 53, 56),
              "product": _entry(60, 58, 51)}  # fmt: skip
    # When the families are pooled
    pooled = _issue_groups(groups)  # type: ignore[arg-type]
    # Then each family counts its pages; a family with one type present still shows
    assert pooled["listing+collection"]["pages"] == 120
    assert pooled["listing+collection"]["refused_share"] == 96 / 120
    assert pooled["listing+collection"]["baseline_refused_share"] == 101 / 120
    assert pooled["product+service"]["refused"] == 58


def test_no_family_without_its_types() -> None:
    # Given only an article set was measured
    # When pooled
    # Then no family row is invented
    assert _issue_groups({"zyte": _entry(10, 0, 1)}) == {}  # type: ignore[arg-type]


def test_the_table_shows_the_pooled_rows() -> None:
    # Given a report with a pooled family
    groups = {"listing": _entry(60, 43, 45), "collection": _entry(60, 53, 56)}
    report = {
        "groups": groups,
        "issue_groups": _issue_groups(groups),  # type: ignore[arg-type]
        "judgement_time": {"p50_ms": 1.0, "mean_ms": 1.0, "p95_ms": 2.0},
    }
    # When rendered
    table = render_pagetype_table(report)
    # Then the family is a row with its pooled rate
    assert "listing+collection" in table
    assert "80.0%" in table
