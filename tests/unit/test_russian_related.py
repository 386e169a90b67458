"""Related coverage of a Russian article (session 20, walk8): another outlet's report of the story
is found in the feed index though it names the story's places and people in other cases.

Russian (and Ukrainian) decline their names: one outlet writes "у Оренбурга", another "в
Оренбурге", and FTS5 read them as two words, so such a report was found only through a number or
a common word, and on a large index, where the search keeps its rarest words (the names), not at
all. A capitalised Cyrillic word is searched by its stem as a prefix (``cyrillic_stem``). And the
index's words are looked up as SQLite holds them: it keeps "й", "ё", "ї" (diacritics come off
Latin letters only). Fixture: tests/fixtures/ru_reports.json; bench/bench_russian_same_story.py
prints the same counts."""

# Cyrillic text on purpose.
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem, match_expression, query_clauses
from parallax.domain.ports import StoryQuery
from parallax.domain.text_terms import cyrillic_stem

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _query(title: str, *terms: str, language: str = "ru", prefix_names: bool = False) -> StoryQuery:
    return StoryQuery(
        title=title,
        lead="",
        language=language,
        terms=terms,
        published="2024-10-01",
        source_url="https://source.example/story",
        languages=(language,),
        prefix_names=prefix_names,
    )


def _report(n: str, title: str, summary: str, language: str = "ru") -> IndexItem:
    return IndexItem(
        url=f"https://gazeta.example/{n}",
        outlet_id="gazeta",
        title=title,
        summary=summary,
        guid=None,
        language=language,
        published="2024-10-01T08:00:00Z",
        outlet_name="Газета",
        outlet_domain="gazeta.example",
    )


def test_a_russian_name_loses_its_case_ending_and_nothing_else() -> None:
    for word in ("Москва", "Москвы", "Москве", "Москву", "Москвой"):
        assert cyrillic_stem(word) == "Москв", word
    assert cyrillic_stem("Оренбурге") == "Оренбург"
    assert cyrillic_stem("Путину") == "Путин"
    assert cyrillic_stem("Токаевым") == "Токаев"
    # A name in the nominative is its own stem; a surname's -ев, -ов is no ending
    assert cyrillic_stem("Спартак") == "Спартак"
    assert cyrillic_stem("Токаев") == "Токаев"
    assert cyrillic_stem("Києва") == "Києв"
    # Not a name (lower case), short, an acronym of three letters, another script, a compound
    for word in ("метро", "Рим", "США", "Moscow", "Москва-Сити"):
        assert cyrillic_stem(word) in (None, word), word
    assert cyrillic_stem("метро") is None and cyrillic_stem("Рим") is None


def test_a_russian_report_naming_the_story_in_other_cases_is_found(tmp_path: Path) -> None:
    index = FeedIndex(tmp_path / "index.sqlite3")
    try:
        index.upsert_items(
            [
                _report("1", "Эвакуация в Оренбурге", "Вода в Урале поднялась, «Спартаку» "
                        "перенесли матч."),
                _report("2", "Выборы в Казани", "Горожане голосуют."),
            ]
        )  # fmt: skip
        # Given an article naming the city, the river and the club in the genitive
        q = _query("Уровень Урала у Оренбурга превысил норму", "Оренбурга", "Урала", "Спартака")
        # Then the report naming them in the prepositional and the dative is found
        assert [c.url for c in index.search(q, 10)] == ["https://gazeta.example/1"]
    finally:
        index.close()


def test_a_name_is_searched_by_its_stem_and_a_phrase_by_each_words_stem() -> None:
    clauses = query_clauses(_query("Власти Москвы", "Касым-Жомартом Токаевым"))
    assert [c.fts for c in clauses] == [
        '"Касым" * + "Жомарт" * + "Токаев" *',
        '"Власт" *',
        '"Москв" *',
    ]
    # Words of other languages are left as written
    assert [c.fts for c in query_clauses(_query("Власти Москвы", language="en"))] == [
        '"Власти"',
        '"Москвы"',
    ]


def test_a_cyrillic_word_is_looked_up_as_the_index_holds_it(tmp_path: Path) -> None:
    # SQLite keeps й, ё and ї (it takes diacritics off Latin letters only): folded to и, е and
    # і, the words counted as absent from the index, and a name's prefix matched nothing
    clauses = query_clauses(_query("бирюзовой ёлки Café", language="de"))
    assert [c.tokens for c in clauses] == [("бирюзовой",), ("ёлки",), ("cafe",)]
    index = FeedIndex(tmp_path / "index.sqlite3")
    try:
        index.upsert_items([_report("1", "Конфликт в Йемене", "Переговоры в Києві.", "ru")])
        q = _query("", "Йемен", "Київ", language="en", prefix_names=True)
        assert [c.fts for c in query_clauses(q)] == ['"йемен" *', '"київ" *']
        found = index.search(replace(q, languages=("en", "ru")), 10)
        assert [c.url for c in found] == ["https://gazeta.example/1"]
    finally:
        index.close()


def test_each_russian_storys_other_report_is_found_and_is_the_same_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    bench = __import__("bench_russian_same_story")
    try:
        # On an index of the fixture's reports, and on one where 3,000 reports share the stories'
        # common words, so that the search keeps its rarest words only (the names)
        for filler in (0, 3000):
            stories, found, in_tier, _ = bench.measure(filler, verbose=False)
            assert (found, in_tier) == (stories, stories), filler
    finally:
        del sys.modules["bench_russian_same_story"]


def test_a_name_whose_stem_is_common_past_the_budget_is_searched_as_written() -> None:
    # "Москв" * matches every case of the city and more (Москвич, Москворецкий): on a large
    # Russian index past the postings budget it is searched as the article wrote it, as a
    # common Korean stem is (attack16)
    q = _query("Власти Москвы утвердили", "Москвы")
    frequencies = {"москв*": 50_000, "москвы": 900, "власт*": 10, "утвердили": 20}
    assert match_expression(q, frequencies, budget=4_000) == (
        '"Власт" * OR "утвердили" OR "Москвы"'
    )
