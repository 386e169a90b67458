"""Related coverage of a Polish article (session 21, walk11): another outlet's report of the story
is found in the feed index though it names the story's places and people in other cases.

Polish declines its names as Russian does: one outlet writes "w Krakowie", "premier Donald
Tusk", "prezydentem Wierzbickim", another "Krakowowi", "według Tuska", "prezydent Wierzbicki",
and FTS5 read them as other words. On an index where the search keeps its rarest words (the
names, the postings budget) the Kraków metro's other report was not found. A capitalised Polish
word is searched by its stem as a prefix (``polish_stem``, walk8's rule for Cyrillic).
Fixture: tests/fixtures/pl_reports.json; bench/bench_polish_same_story.py prints the counts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem, query_clauses
from parallax.domain.ports import StoryQuery
from parallax.domain.text_terms import name_stem, polish_stem

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _query(title: str, *terms: str, language: str = "pl") -> StoryQuery:
    return StoryQuery(
        title=title,
        lead="",
        language=language,
        terms=terms,
        published="2026-12-07",
        source_url="https://source.example/story",
        languages=(language,),
    )


def _report(n: str, title: str, summary: str) -> IndexItem:
    return IndexItem(
        url=f"https://gazeta.example/{n}",
        outlet_id="gazeta",
        title=title,
        summary=summary,
        guid=None,
        language="pl",
        published="2026-12-07T08:00:00Z",
        outlet_name="Gazeta",
        outlet_domain="gazeta.example",
    )


def test_a_polish_name_loses_its_case_ending_and_nothing_else() -> None:
    for word in ("Warszawa", "Warszawy", "Warszawie", "Warszawą", "Warszawę"):
        assert polish_stem(word) == "Warszaw", word
    for word in ("Tusk", "Tuska", "Tuskiem", "Tuskowi"):
        assert polish_stem(word) == "Tusk", word
    assert polish_stem("Krakowowi") == polish_stem("Krakowie") == "Krakow"
    assert polish_stem("Wrocławiu") == "Wrocław"
    assert polish_stem("Łodzi") == "Łodz"
    assert polish_stem("Wierzbickim") == "Wierzbick"
    # A place ending in -ów is its own stem (the index folds ó: "krakow" * finds its cases)
    assert polish_stem("Kraków") == "Kraków"
    # Not a name (lower case, digits), short, an acronym of three letters, another script
    for word in ("metro", "Odra", "KPO", "Москва", "A4"):
        assert polish_stem(word) in (None, word), word
    assert polish_stem("metro") is None and polish_stem("Odra") == "Odra"
    # Only Polish, Czech and walk8's Russian and Ukrainian names are stemmed
    assert name_stem("Warszawie", "pl-PL") == "Warszaw"
    assert name_stem("Warszawie", "de") is None and name_stem("Москвы", "ru") == "Москв"


def test_a_polish_name_is_searched_by_its_stem_as_a_prefix() -> None:
    clauses = query_clauses(_query("Kraków dostanie pieniądze", "Donald Tusk", "Krakowie"))
    # (the title's Kraków is the same prefix as the term's Krakowie: the index folds ó)
    assert [c.fts for c in clauses] == [
        '"Donald" * + "Tusk" *',
        '"Krakow" *',
        '"dostanie"',
        '"pieniądze"',
    ]
    # An English article's words are left as written
    assert [c.fts for c in query_clauses(_query("Warsaw Tuska", language="en"))] == [
        '"Warsaw"',
        '"Tuska"',
    ]


def test_a_polish_report_naming_the_story_in_other_cases_is_found(tmp_path: Path) -> None:
    index = FeedIndex(tmp_path / "index.sqlite3")
    try:
        index.upsert_items(
            [
                _report("1", "Rząd da Krakowowi pieniądze", "Według Tuska umowę podpisał "
                        "prezydent Wierzbicki."),
                _report("2", "Wybory w Lublinie", "Mieszkańcy głosują."),
            ]
        )  # fmt: skip
        # Given an article naming the city and the people in the locative and instrumental
        q = _query("Umowa w Krakowie", "Krakowie", "Tomaszem Wierzbickim", "Tuskiem")
        # Then the report naming them in the dative, genitive and nominative is found
        assert [c.url for c in index.search(q, 10)] == ["https://gazeta.example/1"]
    finally:
        index.close()


def test_each_polish_storys_other_report_is_found_and_is_the_same_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    bench = __import__("bench_polish_same_story")
    try:
        # On an index of the fixture's reports, and on one where 3,000 reports share the stories'
        # common words, so that the search keeps its rarest words only (the names)
        for filler in (0, 3000):
            stories, found, in_tier, _ = bench.measure(filler, verbose=False)
            assert (found, in_tier) == (stories, stories), filler
    finally:
        del sys.modules["bench_polish_same_story"]
