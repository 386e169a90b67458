"""A Persian reader (session 21, walk12): another outlet's report of the story is found in the feed
index and put in the same-story tier, and a Persian report of another story of the same day is
not.

Fixture: tests/fixtures/fa_reports.json (four stories told by two outlets, one of which types
the Arabic ي and ك for the Persian ی and ک or writes Latin digits, and five same-day reports of
other stories sharing the sources' city and words); bench/bench_fa_same_story.py prints the same
counts. Persian had no similarity stop words: the function words every Persian sentence has
(در، به، این، که، را) were shared content, and the Tehran derby and the dollar's price in Tehran
(0.31), the metro contract and the schools closed for smog (0.30), were one story each."""

# The test text is Persian on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from parallax.domain.similarity import analyse_word

BENCH = Path(__file__).resolve().parents[2] / "bench"
DAY = "2026-12-07T08:00:00Z"


def _tiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """Per story: the same-story tier's URLs; the other outlet's URL; the other stories' URLs."""
    monkeypatch.syspath_prepend(str(BENCH))
    reports = __import__("_fixture_reports")
    from parallax.adapters.feed_index import FeedIndex
    from parallax.domain.related_ranking import RelatedRanker, build_query

    data = reports.load("fa")
    items = [reports.report_item(s["id"], s["same"], "fa", DAY) for s in data["stories"]]
    others = [reports.report_item(f"other-{n}", o, "fa", DAY) for n, o in enumerate(data["others"])]
    index = FeedIndex(tmp_path / "index.sqlite3")
    index.upsert_items(items + others)
    tiers: dict[str, list[str]] = {}
    try:
        for story in data["stories"]:
            source = reports.report_article(story["id"], story["source"], "fa", DAY)
            found = index.search(build_query(source, ["fa"]), 20)
            ranked = RelatedRanker().rank_tiers(source, found, max_items=10)
            tiers[story["id"]] = [item.url for item in ranked.items]
    finally:
        index.close()
        sys.modules.pop("_fixture_reports", None)
    wanted = {s["id"]: item.url for s, item in zip(data["stories"], items, strict=True)}
    return tiers, wanted, [o.url for o in others]


def test_each_storys_other_report_is_found_and_put_first_in_the_same_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiers, wanted, _ = _tiers(tmp_path, monkeypatch)
    for story, tier in tiers.items():
        assert tier[:1] == [wanted[story]], (story, tier)


def test_a_persian_report_of_another_story_is_not_the_same_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiers, wanted, others = _tiers(tmp_path, monkeypatch)
    # The metro contract beside the schools closed for smog; the earthquake and the interest
    # rate beside anything; the derby beside the dollar's price. Left in: the metro contract
    # beside the city's budget (same city, same mayor), the derby beside another match of the
    # same day (the same sentences of a match report): near misses, the probability decides.
    assert others[0] not in tiers["metro"]
    assert tiers["quake"] == [wanted["quake"]]
    assert tiers["rate"] == [wanted["rate"]]
    assert others[3] not in tiers["derby"]


@pytest.mark.parametrize("word", ["در", "به", "این", "که", "را", "است", "می", "ها", "های"])
def test_persian_function_words_and_the_pieces_a_non_joiner_leaves_are_no_content(
    word: str,
) -> None:
    assert analyse_word(word, "fa") is None


@pytest.mark.parametrize("word", ["اين", "يك", "ديگر", "كرد"])
def test_a_function_word_typed_with_the_arabic_yeh_or_kaf_is_one_too(word: str) -> None:
    assert analyse_word(word, "fa") is None


def test_a_word_typed_with_the_arabic_yeh_and_kaf_is_the_persian_word() -> None:
    assert analyse_word("شهرداري", "fa") == analyse_word("شهرداری", "fa")
    assert analyse_word("كيلومتر", "fa") == analyse_word("کیلومتر", "fa")
