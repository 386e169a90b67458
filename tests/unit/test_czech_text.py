"""A Czech article (session 21, walk11, not walked in the browser): the Polish fixes, for Czech.

What failed before: "Podle Svobody vlaky pojedou v roce 2032" of an article writing "Primátor
Bohuslav Svoboda" was dropped as unsupported_name (a declined name whose ending is another);
"v 15.30 hod." was read as the decimal 15.3 ("hod." is a clock word after the time, which the
clock pattern did not know), so a faithful "v 15:30" and an English "at 3.30 pm" were
unsupported_number; and another outlet's report naming the mayor and the city in other cases
shared no name with the article's query."""

from __future__ import annotations

from pathlib import Path

from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.domain.models import Article, Bullet, Outlet, Sentence
from parallax.domain.neutral_summary.guard import guard_bullets
from parallax.domain.numbers import support_values
from parallax.domain.ports import StoryQuery
from parallax.domain.text_terms import czech_stem, name_stem

SENTENCES = [
    "Praha dostane od státu 1,2 mld Kč na stavbu metra. Smlouvu podepsali ve čtvrtek "
    "3. prosince 2026 v 15.30 hod. na magistrátu.",
    "Primátor Bohuslav Svoboda uvedl, že první vlaky pojedou v roce 2032.",
]


def _article() -> Article:
    text = " ".join(SENTENCES)
    return Article(
        url="https://zpravy.example/metro",
        canonical_url="https://zpravy.example/metro",
        title="Praha dostane 1,2 mld Kč na metro D",
        text=text,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(SENTENCES)],
        outlet=Outlet(name="Zprávy", domain="zpravy.example"),
        published="2026-12-03T16:00:00Z",
        language="cs",
        word_count=len(text.split()),
    )


def _kept(text: str, ids: list[int], language: str = "cs") -> bool:
    return bool(guard_bullets([Bullet(text=text, sentence_ids=ids)], _article(), language).bullets)


def test_a_czech_name_loses_its_case_ending() -> None:
    for word in ("Svoboda", "Svobody", "Svobodovi", "Svobodou", "Svobodu"):
        assert czech_stem(word) == "Svobod", word
    assert czech_stem("Novákem") == czech_stem("Nováka") == "Novák"
    assert czech_stem("Brno") == "Brno" and czech_stem("metro") is None
    assert name_stem("Svobody", "cs-CZ") == "Svobod"


def test_a_czech_summary_may_decline_the_articles_names() -> None:
    assert _kept("Podle Svobody vlaky pojedou v roce 2032.", [1])
    assert _kept("Primátorovi Svobodovi se líbí, že vlaky pojedou v roce 2032.", [1])
    # Another person is still dropped
    assert not _kept("Podle Nováka vlaky pojedou v roce 2032.", [1])


def test_a_time_before_hod_is_a_time_of_day() -> None:
    assert _kept("Smlouvu podepsali 3. prosince v 15:30.", [0])
    assert _kept("The contract was signed on 3 December at 3.30 pm.", [0], "en")
    assert not _kept("The contract was signed on 3 December at 4.30 pm.", [0], "en")
    # "7 hodin" may be seven hours: no time of day without minutes
    assert "07:00" not in support_values("Stavba trvala 7 hodin.", "cs")
    assert "07:30" in support_values("Začátek v 7.30 hodin.", "cs")


def test_a_czech_report_naming_the_story_in_other_cases_is_found(tmp_path: Path) -> None:
    index = FeedIndex(tmp_path / "index.sqlite3")
    try:
        index.upsert_items(
            [
                IndexItem(
                    url="https://noviny.example/1",
                    outlet_id="noviny",
                    title="Metro D: Svobodovi se podařilo získat peníze",
                    summary="Podle primátora Svobody pojede metro od roku 2032.",
                    guid=None,
                    language="cs",
                    published="2026-12-03T17:00:00Z",
                    outlet_name="Noviny",
                    outlet_domain="noviny.example",
                ),
            ]
        )
        query = StoryQuery(
            title="Primátor Svoboda podepsal smlouvu",
            lead="",
            language="cs",
            terms=("Bohuslav Svoboda",),
            published="2026-12-03",
            source_url="https://zpravy.example/metro",
            languages=("cs",),
        )
        assert [c.url for c in index.search(query, 10)] == ["https://noviny.example/1"]
    finally:
        index.close()
