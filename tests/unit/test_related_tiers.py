"""The related step through the real feed index: other languages found by names, the count of
reports hidden when the reader wants only their language, and the two tiers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem, IndexProvider
from parallax.domain.models import Article, Outlet, Related, Sentence
from parallax.domain.ports import Candidate
from parallax.domain.related_fanout import RelatedService
from parallax.domain.related_ranking import RelatedRanker

NOW = 1_780_000_000.0  # 2026-05-28T20:26:40Z, the clock of the index
PUBLISHED = "2026-05-28T08:00:00Z"
TEXT = (
    "Spain's prime minister Pedro Sánchez apologised on Tuesday for the government's mistakes "
    "in the coronavirus crisis. Sánchez told the Congress in Madrid that the state of alarm "
    "would be extended until 7 June. The opposition parties PP and Vox criticised him."
)


def _item(n: int, title: str, summary: str, language: str, published: str = PUBLISHED) -> IndexItem:
    return IndexItem(
        url=f"https://outlet{n}.example/a",
        outlet_id=f"outlet{n}",
        title=title,
        summary=summary,
        language=language,
        published=published,
    )


@pytest.fixture
def index(tmp_path: Path) -> Iterator[FeedIndex]:
    feed_index = FeedIndex(tmp_path / "index.sqlite3", clock=lambda: NOW)
    feed_index.upsert_items(
        [
            _item(1, "Sánchez apologises for government mistakes in virus crisis - Reuters",
                  "Pedro Sánchez told the Congress in Madrid the state of alarm is extended "
                  "until 7 June; PP and Vox criticised him.", "en"),
            _item(2, "Sanchez entschuldigt sich für Fehler der Regierung",
                  "Spaniens Regierungschef Pedro Sanchez hat sich im Kongress in Madrid für "
                  "Fehler in der Coronakrise entschuldigt. Der Alarmzustand gilt bis 7. Juni.",
                  "de"),
            _item(3, "Sánchez: Spain's earlier lockdown debate in Congress",
                  "Pedro Sánchez defended the state of alarm in the Congress in Madrid.", "en",
                  published="2026-05-14T08:00:00Z"),
            _item(4, "Harbour council approves budget", "The council voted on Monday.", "en"),
        ]
    )  # fmt: skip
    yield feed_index
    feed_index.close()


def _article() -> Article:
    sentences = TEXT.split(". ")
    return Article(
        url="https://source.example/sanchez",
        canonical_url="https://source.example/sanchez",
        title="UPDATE 1-Spain PM Pedro Sánchez apologises for government's virus 'mistakes'",
        text=TEXT,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Source", domain="source.example"),
        published=PUBLISHED,
        language="en",
        word_count=len(TEXT.split()),
    )


def _find(index: FeedIndex, other_languages: bool) -> Related:
    service = RelatedService([IndexProvider(index, window_days=30)], budget_s=5.0)
    return service.find(_article(), "en", other_languages, max_items=10)


def test_an_english_article_finds_the_german_report_of_its_story(index: FeedIndex) -> None:
    # When the related step runs for the English article with other languages wanted
    related = _find(index, other_languages=True)
    # Then the English and the German reports are the same story, best first, each with a
    # same-story probability; the harbour budget is in neither tier
    urls = [item.url for item in related.items]
    assert "https://outlet1.example/a" in urls and "https://outlet2.example/a" in urls
    assert [i.similarity for i in related.items] == sorted(
        (i.similarity for i in related.items), reverse=True
    )
    shown = urls + [item.url for item in related.topic]
    assert "https://outlet4.example/a" not in shown
    assert related.hidden_other_languages == 0


def test_reports_in_other_languages_are_counted_when_left_out(index: FeedIndex) -> None:
    # When the reader wants English only
    related = _find(index, other_languages=False)
    # Then the German report is not shown but counted
    assert all(item.language == "en" for item in related.items + related.topic)
    assert related.hidden_other_languages == 1


def test_the_same_subject_two_weeks_earlier_is_on_the_topic(index: FeedIndex) -> None:
    # When the related step runs
    related = _find(index, other_languages=True)
    # Then the report from two weeks earlier is background, not the same story
    assert "https://outlet3.example/a" in [item.url for item in related.topic]
    assert "https://outlet3.example/a" not in [item.url for item in related.items]


# newcomer2's walk (session 16): a fixture news site's tram derailment in Lyon, and a trade
# paper's brake inspection report of nine days before, which the index held (it keeps 14 days)
# but never showed: only the 4 days around the article were searched.
LYON_TEXT = (
    "Police in Lyon said 12 people were injured when a tram derailed on Monday morning near "
    "the city's central station. Mayor Grégory Doucet visited the scene and thanked the "
    "emergency services for their quick work. The tram line will stay closed until Friday, the "
    "operator Keolis said in a short statement. Investigators are examining the brakes of the "
    "vehicle and the state of the old track."
)


def test_a_background_report_nine_days_old_is_on_the_topic(tmp_path: Path) -> None:
    # Given the index with the brake inspection report of nine days before the article and a
    # report of the derailment itself
    feed_index = FeedIndex(tmp_path / "index.sqlite3", clock=lambda: NOW)
    feed_index.upsert_items(
        [
            _item(5, "Lyon orders brake inspection of older trams",
                  "Lyon's transport authority Sytral ordered an inspection of the brakes of its "
                  "older trams last month.", "en", published="2026-05-19T08:00:00Z"),
            _item(6, "Twelve hurt as tram derails in Lyon",
                  "Police in Lyon said 12 people were injured when a tram derailed on Monday "
                  "morning near the central station.", "en"),
        ]
    )  # fmt: skip
    article = Article(
        url="https://source.example/lyon-tram",
        canonical_url="https://source.example/lyon-tram",
        title="Tram derails near Lyon's central station, 12 injured",
        text=LYON_TEXT,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(LYON_TEXT.split(". "))],
        outlet=Outlet(name="Lyon Courier", domain="source.example"),
        published=PUBLISHED,
        language="en",
        word_count=len(LYON_TEXT.split()),
    )
    # When the related step runs through the index as `parallax serve` builds it (its default
    # search window)
    service = RelatedService([IndexProvider(feed_index)], budget_s=5.0)
    try:
        related = service.find(article, "en", True, max_items=10)
    finally:
        feed_index.close()
    # Then the derailment report is the same story and the inspection is on the topic (before:
    # the topic tier was empty)
    assert [item.url for item in related.items] == ["https://outlet6.example/a"]
    assert [item.url for item in related.topic] == ["https://outlet5.example/a"]


def _candidate(n: int, title: str, snippet: str, *, background: bool = False) -> Candidate:
    return Candidate(
        url=f"https://outlet{n}.example/a",
        title=title,
        provider="index",
        outlet_name=f"Outlet {n}",
        outlet_domain=f"outlet{n}.example",
        language="en",
        published=PUBLISHED,
        snippet=snippet,
        background=background,
    )


def test_a_background_candidate_is_on_the_topic_only_and_weighs_no_other_decision() -> None:
    # Given a report of this week in the grey zone (probability 0.12: the same story only if
    # its pool cosine with the article, 0.33 among this week's candidates, makes 0.40), five
    # older reports of the subject a search beyond the window found, and the article's twin
    article = _article()
    grey = _candidate(1, "State of alarm extended", "The state of alarm in Spain goes on.")
    older = [
        _candidate(10 + n, f"State of alarm, week {n}", "The state of alarm in Spain was debated.",
                   background=True)
        for n in range(5)
    ]  # fmt: skip
    twin = _candidate(3, article.title, TEXT, background=True)
    ranker = RelatedRanker(similarity=lambda a, b: 0.12, calibration=lambda score, same: score)
    # When both tiers are ranked with and without the background reports
    alone = ranker.rank_tiers(article, [grey], max_items=10)
    beside = ranker.rank_tiers(article, [grey, *older, twin], max_items=10)
    # Then the report of this week is the same story either way: the older ones are in no pool
    # (in it, their shared subject words would have cut its cosine to 0.24 and made it a topic
    # report), and every background report is on the topic, however like the article it reads
    assert [i.url for i in alone.items] == [i.url for i in beside.items] == [grey.url]
    assert {i.url for i in beside.topic} == {c.url for c in [*older, twin]}


# --- the topic tier: this week's reports first, background after (session 18, topiccap) ---------

_PLACES = (
    "Madrid", "Seville", "Valencia", "Bilbao", "Malaga", "Zaragoza", "Murcia", "Palma", "Cadiz",
    "Toledo", "Granada", "Leon", "Burgos", "Vigo", "Gijon", "Oviedo", "Cordoba", "Almeria",
    "Huelva", "Jaen", "Lugo", "Soria",
)  # fmt: skip


def _reports(
    scores: dict[str, float],
    first: int,
    count: int,
    score: float,
    *,
    published: str | None,
    background: bool,
) -> list[Candidate]:
    """``count`` reports of the subject, each its own outlet and place, scored ``score``."""
    made = []
    for n in range(first, first + count):
        title = f"Alarm debate in {_PLACES[n]}"
        scores[title] = score - n / 1000  # distinct, so the expected order is fixed
        made.append(
            Candidate(url=f"https://outlet{n}.example/a", title=title, provider="index",
                      outlet_domain=f"outlet{n}.example", language="en", published=published,
                      background=background)
        )  # fmt: skip
    return made


def _topic(candidates: list[Candidate], scores: dict[str, float], max_items: int) -> list[str]:
    # Probabilities as given; below the same-story threshold (0.25) with the cosine off, so
    # every report of this week is on the topic.
    ranker = RelatedRanker(
        similarity=lambda a, b: scores[b.title or ""],
        calibration=lambda score, same: score,
        lexical_weight=0.0,
    )
    tiers = ranker.rank_tiers(_article(), candidates, max_items=max_items)
    assert tiers.items == []
    return [item.url for item in tiers.topic]


def test_older_reports_do_not_push_this_weeks_out_of_the_topic_tier() -> None:
    # Given ten reports of this week on the topic and the twelve older ones a search beyond
    # the window found, all more probable than this week's (their words match the subject
    # as well, and the similarity cannot tell a week apart from a story)
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 10, 0.15, published=PUBLISHED, background=False)
    older = _reports(scores, 10, 12, 0.22, published="2026-05-19T08:00:00Z", background=True)
    # When the topic tier of ten is ranked
    topic = _topic([*week, *older], scores, max_items=10)
    # Then this week's eight most probable come first and two older ones (a quarter of the
    # tier) after them (before: the ten older ones alone)
    assert topic == [c.url for c in week[:8]] + [c.url for c in older[:2]]


def test_older_reports_fill_the_places_this_weeks_leave_empty() -> None:
    # Given three reports of this week on the topic and twelve older ones, more probable
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 3, 0.12, published=PUBLISHED, background=False)
    older = _reports(scores, 3, 12, 0.2, published="2026-05-19T08:00:00Z", background=True)
    # When the topic tier of ten is ranked
    topic = _topic([*week, *older], scores, max_items=10)
    # Then this week's three come first and seven older ones fill the tier, most probable
    # first (before: the older ones first)
    assert topic == [c.url for c in week] + [c.url for c in older[:7]]


def test_a_probable_older_report_still_shows_after_this_weeks_in_a_full_tier() -> None:
    # Given ten reports of this week on the topic and one older report, more probable
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 10, 0.12, published=PUBLISHED, background=False)
    older = _reports(scores, 10, 1, 0.3, published="2026-05-19T08:00:00Z", background=True)
    # When a topic tier of ten, and one of two, is ranked
    topic = _topic([*week, *older], scores, max_items=10)
    small = _topic([*week, *older], scores, max_items=2)
    # Then the older report keeps a place, after this week's nine most probable (before:
    # first); in a tier of two it keeps one too (a quarter of two is none, one at least)
    assert topic == [c.url for c in week[:9]] + [older[0].url]
    assert small == [week[0].url, older[0].url]


def test_an_undated_older_report_comes_after_the_dated_ones() -> None:
    # Given two reports of this week on the topic, a dated older report and an undated one the
    # search beyond the window found (seen outside it), the undated one scored higher (the
    # similarity discounts only the days it knows)
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 2, 0.12, published=PUBLISHED, background=False)
    dated = _reports(scores, 2, 1, 0.15, published="2026-05-19T08:00:00Z", background=True)
    undated = _reports(scores, 3, 1, 0.3, published=None, background=True)
    # When the topic tier of ten, and one of three, is ranked
    topic = _topic([*week, *dated, *undated], scores, max_items=10)
    small = _topic([*week, *dated, *undated], scores, max_items=3)
    # Then the undated report is last (before: first), and where one older report has a
    # place, it is the dated one's
    assert topic == [week[0].url, week[1].url, dated[0].url, undated[0].url]
    assert small == [week[0].url, week[1].url, dated[0].url]


# --- attack13: the topic tier's limits against the per-outlet limit, and other providers' dates --


def test_an_outlets_cut_older_reports_do_not_take_its_place_for_this_weeks_report() -> None:
    # Given one outlet with two older reports of the subject and its own report of this week,
    # all three more probable than three other outlets' reports of this week
    scores: dict[str, float] = {}
    others = _reports(scores, 0, 3, 0.15, published=PUBLISHED, background=False)
    big: list[Candidate] = []
    for n, (title, score, published, background) in enumerate(
        [
            ("Congress votes on the alarm in March", 0.22, "2026-05-19T08:00:00Z", True),
            ("Opposition walks out over lockdown", 0.21, "2026-05-18T08:00:00Z", True),
            ("Sánchez defends his record to deputies", 0.2, PUBLISHED, False),
        ]
    ):
        scores[title] = score
        big.append(
            Candidate(url=f"https://big.example/{n}", title=title, provider="index",
                      outlet_domain="big.example", language="en", published=published,
                      background=background)
        )  # fmt: skip
    # When a topic tier of four is ranked (one place for older reports)
    topic = _topic([*others, *big], scores, max_items=4)
    # Then the outlet's report of this week is shown, first, and its better older one last
    # (before: its two older reports held both its places under the per-outlet limit, the
    # second was then cut for the older reports' quarter, and its report of this week was
    # never shown)
    assert topic == [big[2].url, others[0].url, others[1].url, big[0].url]


def test_another_providers_report_from_months_before_counts_as_older() -> None:
    # Given ten reports of this week on the topic, and five a search service with no date
    # window (Google News) found from three months before, not marked background by it and
    # more probable than this week's
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 10, 0.12, published=PUBLISHED, background=False)
    months = _reports(scores, 10, 5, 0.22, published="2026-02-20T08:00:00Z", background=False)
    # When the topic tier of ten is ranked
    topic = _topic([*week, *months], scores, max_items=10)
    # Then they are older reports like the index's background: after this week's eight most
    # probable, a quarter of the tier (before: the five first, this week's pushed out)
    assert topic == [c.url for c in week[:8]] + [c.url for c in months[:2]]


def test_a_report_within_the_week_of_another_provider_stays_this_weeks() -> None:
    # Given a report six days after the article (GDELT searches up to five days after it, the
    # index four days either side): this week's, not older
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 10, 0.12, published=PUBLISHED, background=False)
    later = _reports(scores, 10, 3, 0.22, published="2026-06-03T08:00:00Z", background=False)
    # When the topic tier of ten is ranked
    topic = _topic([*week, *later], scores, max_items=10)
    # Then the more probable later reports come first, as any of this week's
    assert topic == [c.url for c in later] + [c.url for c in week[:7]]


def test_this_weeks_copy_of_an_older_report_is_shown_when_the_older_one_is_cut() -> None:
    # Given an older report and another outlet's copy of it this week (the same headline: an
    # agency's report run again), grouped under the older one (the earliest copy leads), a
    # more probable older report, and four other reports of this week
    scores: dict[str, float] = {}
    week = _reports(scores, 0, 4, 0.15, published=PUBLISHED, background=False)
    best_older = _reports(scores, 4, 1, 0.23, published="2026-05-19T08:00:00Z", background=True)
    title = "Congress extends the state of alarm again"
    scores[title] = 0.22
    copies = [
        Candidate(url=f"https://{name}.example/a", title=title, provider="index",
                  outlet_domain=f"{name}.example", language="en", published=published,
                  background=background)
        for name, published, background in [
            ("agency", "2026-05-18T08:00:00Z", True), ("daily", PUBLISHED, False)
        ]
    ]  # fmt: skip
    # When a topic tier of four is ranked (one place for older reports)
    topic = _topic([*week, *best_older, *copies], scores, max_items=4)
    # Then this week's copy is shown, first (its probability), and the better older report
    # last (before: the copy went with its group, whose older lead the quarter cut)
    assert topic == [copies[1].url, week[0].url, week[1].url, best_older[0].url]


@pytest.mark.parametrize("published", ["2036-05-28T08:00:00Z", "2099-12-31"])
def test_a_page_dated_years_ahead_still_finds_its_story(index: FeedIndex, published: str) -> None:
    # Given the article's page dated years ahead (a wrong year; a hostile page: extraction keeps
    # dates up to 2100), read on the day of its story
    article = _article().model_copy(update={"published": published})
    service = RelatedService(
        [IndexProvider(index, window_days=30)],
        budget_s=5.0,
        now=lambda: datetime.fromtimestamp(NOW, UTC),
    )
    # When the related step runs
    related = service.find(article, "en", True, max_items=10)
    # Then the English and German reports of the story are the same story, as for an undated
    # page (before: the index searched the days around the wrong date, its reports were all
    # background and on the topic, the same-story tier empty)
    urls = [item.url for item in related.items]
    assert "https://outlet1.example/a" in urls and "https://outlet2.example/a" in urls
