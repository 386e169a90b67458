"""CorroborationService over fake ports: reading the others, failures as data, the cache."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest

from parallax.domain import corroboration_service
from parallax.domain.brief_bounds import MAX_ARTICLE_TEXT_CHARS, MAX_SENTENCES
from parallax.domain.corroboration import Alignment, Report, StoryRelation
from parallax.domain.corroboration_models import CorroborationRequest
from parallax.domain.corroboration_service import CorroborationService
from parallax.domain.errors import BlockedUrl, FetchFailed, NotFound, ParallaxError, TooLarge
from parallax.domain.extraction import extract_article, warm_up
from parallax.domain.models import (
    Brief,
    BriefRequest,
    Bullet,
    CacheInfo,
    Outlet,
    Related,
    RelatedItem,
    Sentence,
    Summary,
)
from parallax.domain.pipeline import PARTIAL_TTL_S
from parallax.domain.ports import FetchedPage
from parallax.domain.similarity import Story
from tests.fakes import MemoryCache, make_article
from tests.support.outlets_site import article_page
from tests.unit.test_corroboration import DERBY, DERBY_TITLE

ARTICLE_URL = "https://here.example/tram"
SENTENCES = [
    "Police in Lyon said 12 people were injured when a tram derailed on Monday morning.",
    "Mayor Grégory Doucet visited the scene and thanked the emergency services.",
    "The tram line will stay closed until Friday, the operator Keolis said.",
]
FILLER = [
    "Passengers waited for buses that the operator sent to replace the trams on the route.",
    "Traffic in the city centre was slow for most of the day as streets were closed off.",
    "Engineers from the manufacturer are expected in the city later this week to help.",
]


def _brief() -> Brief:
    article = make_article(ARTICLE_URL).model_copy(
        update={
            "sentences": [Sentence(id=i, text=s) for i, s in enumerate(SENTENCES)],
            "title": "Tram derails in Lyon",
            "text": " ".join(SENTENCES),
            "word_count": 40,
        }
    )
    return Brief(
        article=article,
        summary=Summary(
            language="en",
            method="extractive",
            bullets=[
                Bullet(text=SENTENCES[0], sentence_ids=[0]),
                Bullet(text=SENTENCES[2], sentence_ids=[2]),
            ],
        ),
        related=Related(),
        cache=CacheInfo(hit=False, key="brief-key", ttl_s=60),
        timings_ms={},
    )


def _page(first: str, *more: str, filler: Sequence[str] = FILLER) -> str:
    return article_page("Tram derails in Lyon", [first, *more, *filler])


@dataclass
class PagesFetcher:
    pages: dict[str, str | ParallaxError] = field(default_factory=dict)
    hang: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def fetch(self, url: str) -> FetchedPage:
        self.calls.append(url)
        if url in self.hang:
            self.release.wait(5)
            raise FetchFailed("timed out")
        page = self.pages.get(url)
        if page is None:
            raise FetchFailed("HTTP 404")
        if isinstance(page, ParallaxError):
            raise page
        return FetchedPage(url=url, html=page, status=200, content_type="text/html")


@dataclass
class RecordingChecker:
    answer: Alignment | None
    calls: list[tuple[int, int]] = field(default_factory=list)

    def check(
        self,
        article_sentences: Sequence[str],
        language: str,
        alignment: Alignment,
        reports: Sequence[Report],
    ) -> Alignment | None:
        self.calls.append((len(alignment.claims), len(reports)))
        return self.answer


def _service(
    fetcher: PagesFetcher,
    *,
    budget_s: float = 2.0,
    max_sources: int = 5,
    cache: MemoryCache | None = None,
    made: list[BriefRequest] | None = None,
    checker: RecordingChecker | None = None,
) -> CorroborationService:
    if cache is None:
        cache = MemoryCache()
        cache.entries["brief-key"] = _brief()

    def make_brief(request: BriefRequest) -> Brief:
        if made is not None:
            made.append(request)
        return _brief()

    return CorroborationService(
        fetcher=fetcher,
        extractor=extract_article,
        brief_cache=cache,
        make_brief=make_brief,
        max_sources=max_sources,
        budget_s=budget_s,
        checker=checker,
        warm_up=warm_up,
    )


def _request(
    *urls: str, key: str | None = "brief-key", url: str | None = None
) -> CorroborationRequest:
    article: dict[str, str] = {"language": "en"}
    if key:
        article["key"] = key
    if url:
        article["url"] = url
    return CorroborationRequest.model_validate(
        {"article": article, "others": [{"url": u} for u in urls]}
    )


AGREES = "https://b.example/lyon"
DIFFERS = "https://c.example/lyon"


def _related_report() -> RelatedItem:
    """The report of the story at AGREES as a Brief's related coverage lists it."""
    return RelatedItem(
        url=AGREES,
        title="Tram",
        outlet=Outlet(name="B", domain="b.example"),
        language="en",
        similarity=0.8,
        provider="index",
    )


def _fetcher() -> PagesFetcher:
    return PagesFetcher(
        pages={
            AGREES: _page(
                "Twelve people were injured, 12 according to police, when a tram derailed in Lyon.",
                "Keolis said the tram line will stay closed until Friday.",
                "The driver, aged 54, was taken to hospital with minor injuries on Monday.",
            ),
            DIFFERS: _page(
                "Police in Lyon said 15 people were injured when a tram derailed on Monday morning.",
                "The 54-year-old driver was taken to hospital, the police said.",
                # Its own filler: sentences shared with another page would make it a wire copy.
                filler=[
                    "Bus services were added across the east of the city during the evening.",
                    "Shops near the station stayed open although the square was cordoned off.",
                ],
            ),
        }
    )


def test_bullets_get_support_from_each_report_with_agrees_and_differs() -> None:
    # Given a briefed article and two other reports, one with another casualty count
    answer = _service(_fetcher()).corroborate(_request(AGREES, DIFFERS))
    # Then the first bullet is supported by both, and differs in one
    first = answer.bullets[0]
    assert first.status == "differs" and first.agreeing == 1 and first.differing == 1
    differing = next(s for s in first.support if s.relation == "differs")
    assert differing.url == DIFFERS and differing.differences[0].there == "15"
    assert answer.bullets[1].status == "agrees"
    # And what the others add is listed with its report, what both report first
    first_missing = answer.missing_here[0]
    assert "driver" in first_missing.sentence and first_missing.url in (AGREES, DIFFERS)
    assert len(first_missing.also_in) == 1 and len(answer.missing_here) <= 3
    assert [o.status for o in answer.others] == ["ok", "ok"]
    assert not answer.partial and answer.method == "offline"


def test_a_report_of_another_story_confirms_no_bullet_and_is_named_so() -> None:
    # Given a report of the same story and, beside it, a football report in Lyon that the
    # related list showed, one of whose sentences matches the first bullet ("Police in Lyon
    # said 3 fans were injured ...")
    derby = "https://d.example/derby"
    fetcher = _fetcher()
    fetcher.pages[derby] = article_page(DERBY_TITLE, DERBY)
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(AGREES, derby))
    # Then each report read is named by how its whole text relates to the article
    relations = {o.url: (o.status, o.story_relation) for o in answer.others}
    assert relations == {AGREES: ("ok", "same_story"), derby: ("ok", "other_story")}
    # And the football report confirms no bullet and adds nothing to "missing here"
    assert [s.url for s in answer.bullets[0].support] == [AGREES]
    assert all(s.url != derby for bullet in answer.bullets for s in bullet.support)
    assert all(m.url != derby for m in answer.missing_here)
    # And a report that was not read is judged on nothing
    unread = _service(_fetcher()).corroborate(_request(AGREES, "https://gone.example/a"))
    assert [o.story_relation for o in unread.others] == ["same_story", None]


@pytest.mark.parametrize(
    "title",
    [
        "Tram derails in Lyon",
        "TRAM DERAILS IN LYON - live",
        "UPDATE 1-Tram derails in Lyon",
        # a letter changed, a word's ending: still the article's headline (before: same_story)
        "Tram derails in Lyom",
        "Tram derailed in Lyon",
        # a breaking-news label in another language, or with a letter changed (stop 33)
        "Dernière minute : Tram derails in Lyon",
        "Son dakika: Tram derails in Lyon",
        "BREAKING NEWS - Tram derails in Lyom",
    ],
)
def test_a_report_of_another_story_under_the_articles_headline_is_still_another_story(
    title: str,
) -> None:
    # Given the football report under the article's own headline (a page that copies a trending
    # headline over its own text), one of whose sentences matches the first bullet
    derby = "https://d.example/derby"
    fetcher = _fetcher()
    fetcher.pages[derby] = article_page(title, DERBY)
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(derby))
    # Then the headline is no evidence of the text: it is judged on its text, another story,
    # and confirms nothing (before: same_story at 0.62, and its topical sentence a chip)
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "other_story")]
    assert all(not b.support for b in answer.bullets)
    assert not answer.missing_here


@pytest.mark.parametrize(
    "first_line",
    [
        "Tram derails in Lyon",
        "Tram derails in Lyon.",
        "BREAKING: Tram derails in Lyon",
        # other languages' labels, a German ticker's, a label and a letter changed (stop 33)
        "Dernière minute : Tram derails in Lyon",
        "Ultim'ora: Tram derails in Lyon",
        "+++ Eilmeldung +++ Tram derails in Lyon",
        "Breaking: Tram derails in Lyom",
    ],
)
def test_a_report_of_another_story_that_echoes_the_articles_headline_is_still_another_story(
    first_line: str,
) -> None:
    # Given the football report under its own headline, whose first line is the article's
    # headline (a page that puts a trending headline above its own text)
    derby = "https://d.example/derby"
    fetcher = _fetcher()
    fetcher.pages[derby] = article_page(DERBY_TITLE, [first_line, *DERBY])
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(derby))
    # Then the echoed line is no evidence of the text: another story, no chip, nothing "missing
    # here" (before: doubtful at 0.30, its sentence about police in Lyon confirmed the first
    # bullet, and three football sentences were what "others report")
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "other_story")]
    assert all(not b.support for b in answer.bullets)
    assert not answer.missing_here


@pytest.mark.parametrize("first_line", ["Tram derails in Lyon.", "BREAKING: Tram derails in Lyon"])
def test_a_report_of_another_story_under_the_articles_headline_that_echoes_it_is_another_story(
    first_line: str,
) -> None:
    # Given the football report under the article's own headline whose first line repeats it
    # (a page that copies a trending headline over its text, as its title and as its h1)
    derby = "https://d.example/derby"
    fetcher = _fetcher()
    fetcher.pages[derby] = article_page("Tram derails in Lyon", [first_line, *DERBY])
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(derby))
    # Then neither the headline nor its echo is evidence of the text: another story, no chip,
    # nothing "missing here" (before: the same headlines were left out but the echo was read,
    # doubtful, the police sentence confirmed the first bullet and 3 football sentences filled
    # "what others report")
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "other_story")]
    assert all(not b.support for b in answer.bullets)
    assert not answer.missing_here


def test_a_report_of_the_story_that_opens_with_the_articles_headline_stays_the_same_story() -> None:
    # Given a report of the story in its own words whose first line is the article's headline
    fetcher = _fetcher()
    fetcher.pages[AGREES] = _page(
        "Tram derails in Lyon.",
        "Twelve people were injured, 12 according to police, when a tram derailed in Lyon.",
        "Keolis said the tram line will stay closed until Friday.",
    )
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(AGREES))
    # Then its text alone makes it the same story, and it confirms the bullets
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "same_story")]
    assert [[s.url for s in b.support] for b in answer.bullets] == [[AGREES], [AGREES]]


def test_a_report_of_the_story_under_the_articles_headline_stays_the_same_story() -> None:
    # Given a report of the story in its own words under the article's very headline
    answer = _service(_fetcher()).corroborate(_request(AGREES))
    # Then its text alone makes it the same story, and it confirms the bullets as before
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "same_story")]
    assert [[s.url for s in b.support] for b in answer.bullets] == [[AGREES], [AGREES]]


FOLLOW_UP = [
    "A week after the derailment in Lyon, the tram line reopened on Monday, the operator Keolis said.",
    "Twelve people had been injured when the tram left the rails near the station.",
    "Investigators said a worn rail was the most likely cause and that checks would continue.",
    "Passengers said they were relieved to have the service back after days of replacement buses.",
    "The city council will debate the cost of the repairs at its next meeting.",
]


def test_a_report_of_the_story_weeks_later_is_judged_on_its_text_not_its_date() -> None:
    # Given a report of the story's follow-up, dated 19 days after the article (2026-11-02),
    # which the related list showed among the same story's reports
    later = "https://e.example/lyon-reopens"
    page = article_page("Lyon tram line reopens after derailment", FOLLOW_UP).replace(
        "<head>", '<head><meta property="article:published_time" content="2026-11-21T12:00:00Z">'
    )
    fetcher = _fetcher()
    fetcher.pages[later] = page
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(later))
    # Then its whole text is the same story: the date gap, which the ranking weighed already,
    # does not make it doubtful (with dates its same-story probability falls 0.95 -> 0.35)
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "same_story")]


def test_an_expired_key_is_not_found_even_with_the_url_and_nothing_is_fetched() -> None:
    # Given a Brief key that has expired (or was never made), sent with the article's URL as the
    # panel sends it
    made: list[BriefRequest] = []
    fetcher = _fetcher()
    service = _service(fetcher, cache=MemoryCache(), made=made)
    # When the bullets are to be corroborated, Then the Brief is not made anew from the URL
    # (before: the server's fetch was briefed without related coverage, so any report the client
    # named was fetched, and its bullets need not be the ones the reader sees), and it says so
    for url in (None, ARTICLE_URL):
        with pytest.raises(NotFound, match="ask for the Brief again"):
            service.corroborate(_request(AGREES, DIFFERS, key="no-such-key", url=url))
    assert made == [] and fetcher.calls == []


def test_a_url_alone_makes_the_brief_with_related_coverage_and_only_its_reports_are_read() -> None:
    # Given no key: the service makes (or reuses) the Brief of the article's URL, whose related
    # coverage lists one of the two reports a client names
    item = _related_report()
    made: list[BriefRequest] = []
    fetcher = _fetcher()

    def make_brief(request: BriefRequest) -> Brief:
        made.append(request)
        return _brief().model_copy(update={"related": Related(items=[item])})

    service = CorroborationService(
        fetcher=fetcher,
        extractor=extract_article,
        brief_cache=MemoryCache(),
        make_brief=make_brief,
        max_sources=5,
        budget_s=2.0,
        warm_up=warm_up,
    )
    answer = service.corroborate(_request(AGREES, DIFFERS, key=None, url=ARTICLE_URL))
    # Then the Brief was asked for as a URL-only client asks (summary and related coverage), and
    # only its related report is fetched
    assert [(r.include.summary, r.include.related) for r in made] == [(True, True)]
    assert {o.url: o.status for o in answer.others} == {AGREES: "ok", DIFFERS: "not_in_brief"}
    assert fetcher.calls == [AGREES] and answer.bullets[0].support


def test_a_brief_that_looked_for_coverage_and_found_none_has_no_report_to_read() -> None:
    # Given Briefs whose related coverage was looked for (a source queried) and found nothing:
    # one in the cache, one the service makes from the URL
    cache = MemoryCache()
    cache.entries["brief-key"] = _brief().model_copy(
        update={"related": Related(sources_queried=["index"])}
    )
    fetcher = _fetcher()
    by_key = _service(fetcher, cache=cache).corroborate(_request(AGREES))
    by_url = _service(fetcher, cache=MemoryCache()).corroborate(
        _request(AGREES, key=None, url=ARTICLE_URL)
    )
    # Then the report a client names is not among them and is not fetched (before: an empty
    # list let every address through)
    assert [o.status for o in by_key.others + by_url.others] == ["not_in_brief"] * 2
    assert fetcher.calls == []


def test_failures_are_named_and_the_rest_still_answers() -> None:
    # Given reports that time out, are blocked, too large, not articles, stubs or missing
    fetcher = _fetcher()
    fetcher.hang.add("https://slow.example/a")
    fetcher.pages["https://blocked.example/a"] = BlockedUrl("private address")
    fetcher.pages["https://huge.example/a"] = TooLarge("5 MB")
    fetcher.pages["https://front.example/"] = "<html><body><a href='/a'>A</a></body></html>"
    # A paywall teaser: enough words to pass for a page, too few to be a report.
    fetcher.pages["https://stub.example/a"] = article_page(
        "Tram",
        [
            "Police in Lyon said 12 people were injured when a tram derailed on Monday morning "
            "in the city centre near the main station.",
            "The operator said an investigation had begun and the line would be closed while "
            "engineers checked the track.",
        ],
    )
    urls = [
        "https://slow.example/a",
        "https://blocked.example/a",
        "https://huge.example/a",
        "https://front.example/",
        "https://stub.example/a",
        "https://gone.example/a",
        AGREES,
    ]
    service = _service(fetcher, budget_s=3.0, max_sources=10)
    answer = service.corroborate(_request(*urls))
    fetcher.release.set()
    statuses = {o.url: o.status for o in answer.others}
    assert statuses == {
        "https://slow.example/a": "timeout",
        "https://blocked.example/a": "blocked",
        "https://huge.example/a": "too_large",
        "https://front.example/": "not_an_article",
        "https://stub.example/a": "too_short",
        "https://gone.example/a": "failed",
        AGREES: "ok",
    }
    assert answer.partial
    assert answer.bullets[0].support[0].url == AGREES


def test_with_no_report_compared_no_bullet_is_only_here() -> None:
    # Given reports that all fail, or are read and tell another story
    derby = "https://d.example/derby"
    fetcher = _fetcher()
    fetcher.pages[derby] = article_page(DERBY_TITLE, DERBY)
    fetcher.pages["https://blocked.example/a"] = BlockedUrl("private address")
    for urls in (["https://gone.example/a", "https://blocked.example/a"], [derby]):
        # When the bullets are corroborated
        answer = _service(fetcher).corroborate(_request(*urls))
        # Then no bullet says the article alone reports it: nobody else was compared (before:
        # "only_here" on every bullet, which a client shows as "only this article reports it")
        assert {b.status for b in answer.bullets} == {"unchecked"}
        assert all(b.agreeing == b.differing == 0 and not b.support for b in answer.bullets)
    # And beside one report compared, the bullets are judged by it again
    answer = _service(fetcher).corroborate(_request(AGREES, "https://gone.example/a"))
    assert [b.status for b in answer.bullets] == ["agrees", "agrees"]


def test_wire_copies_count_once_the_article_itself_and_repeats_are_dropped_and_extras_skipped() -> (
    None
):
    fetcher = _fetcher()
    copy = "https://copy.example/lyon"
    fetcher.pages[copy] = fetcher.pages[AGREES]
    service = _service(fetcher, max_sources=3)
    answer = service.corroborate(
        _request(
            AGREES, ARTICLE_URL, AGREES + "?utm_source=x", copy, DIFFERS, "https://d.example/x"
        )
    )
    by_url = {o.url: o for o in answer.others}
    assert ARTICLE_URL not in by_url
    assert by_url[copy].status == "duplicate" and by_url[copy].duplicate_of == by_url[AGREES].id
    assert by_url["https://d.example/x"].status == "skipped"
    assert all(s.url != copy for b in answer.bullets for s in b.support)
    assert "https://d.example/x" not in fetcher.calls


def test_a_partial_wire_copy_confirms_only_with_its_own_sentences() -> None:
    # Given a report of the story and another outlet's page that runs two of its sentences word
    # for word (the same agency text, under the copy share) and tells the rest in its own words
    partial = "https://p.example/lyon"
    fetcher = _fetcher()
    fetcher.pages[partial] = _page(
        "Twelve people were injured, 12 according to police, when a tram derailed in Lyon.",
        "The driver, aged 54, was taken to hospital with minor injuries on Monday.",
        "Keolis, which runs the network, said the line would stay closed until Friday.",
        filler=[
            "Bus services were added across the east of the city during the evening.",
            "Shops near the station stayed open although the square was cordoned off.",
        ],
    )
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(AGREES, partial))
    # Then it is read (not a duplicate), but the agency's sentence confirms the first bullet
    # once, for the report read first (before: a chip said "2 outlets" for one agency sentence)
    assert [o.status for o in answer.others] == ["ok", "ok"]
    assert [s.url for s in answer.bullets[0].support] == [AGREES]
    # And its own wording of the closure still confirms the second bullet
    assert {s.url for s in answer.bullets[1].support} == {AGREES, partial}
    # And one shared sentence alone (a quote two reports both give) is not a copy
    fetcher.pages[partial] = _page(
        "Twelve people were injured, 12 according to police, when a tram derailed in Lyon.",
        "Keolis, which runs the network, said the line would stay closed until Friday.",
        filler=[
            "Bus services were added across the east of the city during the evening.",
            "Shops near the station stayed open although the square was cordoned off.",
        ],
    )
    fresh = _service(fetcher).corroborate(_request(AGREES, partial))
    assert {s.url for s in fresh.bullets[0].support} == {AGREES, partial}


@dataclass
class RedirectingFetcher(PagesFetcher):
    """Answers ``redirects``' addresses with the page at their target, as a redirect ends."""

    redirects: dict[str, str] = field(default_factory=dict)

    def fetch(self, url: str) -> FetchedPage:
        target = self.redirects.get(url)
        if target is None:
            return super().fetch(url)
        return replace(super().fetch(target), url=target)


def test_a_report_that_redirects_to_the_articles_own_outlet_confirms_nothing() -> None:
    # Given reports whose addresses name other hosts but redirect to another article on the
    # article's own site (here.example; one to its www. host), and a report that stays elsewhere
    short, moved = "https://sho.rt/x1", "https://agg.example/r/2"
    own_story = "https://here.example/tram-driver"
    fetcher = RedirectingFetcher(
        pages={**_fetcher().pages, own_story: _fetcher().pages[DIFFERS]},
        redirects={short: own_story, moved: "https://www.here.example/tram-driver"},
    )
    fetcher.pages["https://www.here.example/tram-driver"] = _fetcher().pages[DIFFERS]
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(short, moved, AGREES))
    # Then both are named own_outlet and confirm nothing (before: read as two other outlets,
    # the first bullet "differs" on the outlet's own follow-up), and the other report counts
    by_url = {o.url: o.status for o in answer.others}
    assert by_url == {short: "own_outlet", moved: "own_outlet", AGREES: "ok"}
    assert [[s.url for s in b.support] for b in answer.bullets] == [[AGREES], [AGREES]]
    assert answer.bullets[0].status == "agrees"
    assert all(m.url == AGREES for m in answer.missing_here)


def test_a_report_on_a_sibling_of_the_suffix_is_another_outlet() -> None:
    # Given an article on one registrable domain under a public suffix (a.co.uk) and a report
    # that redirects to another one under the same suffix (b.co.uk)
    brief = _brief()
    article = brief.article.model_copy(
        update={"url": "https://www.a.co.uk/tram", "canonical_url": "https://www.a.co.uk/tram"}
    )
    cache = MemoryCache()
    cache.entries["brief-key"] = brief.model_copy(update={"article": article})
    other = "https://news.b.co.uk/lyon"
    fetcher = RedirectingFetcher(
        pages={**_fetcher().pages, other: _fetcher().pages[AGREES]},
        redirects={"https://b.example/short": other},
    )
    answer = _service(fetcher, cache=cache).corroborate(_request("https://b.example/short"))
    # Then it is read as the other outlet it is
    assert [o.status for o in answer.others] == ["ok"]


def test_a_report_that_is_the_article_itself_or_a_copy_of_it_confirms_nothing() -> None:
    # Given a report address that redirects to the article itself, another outlet's copy of the
    # article's own text (the same agency report), and a report of the story in its own words
    itself, copy = "https://r.example/lyon", "https://w.example/lyon"
    fetcher = RedirectingFetcher(
        pages={
            **_fetcher().pages,
            ARTICLE_URL: _page(*SENTENCES),
            # The article's three sentences and one of its own: 3 of its 4 are the article's.
            copy: _page(*SENTENCES, filler=FILLER[:1]),
        },
        redirects={itself: ARTICLE_URL},
    )
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(itself, copy, AGREES))
    # Then the article's own text is named a copy of no other report, and confirms nothing: a
    # chip said "2 outlets" for every bullet, one of them the article itself
    by_url = {o.url: o for o in answer.others}
    assert [(by_url[u].status, by_url[u].duplicate_of) for u in (itself, copy)] == [
        ("duplicate", None),
        ("duplicate", None),
    ]
    assert by_url[AGREES].status == "ok"
    assert [[s.url for s in b.support] for b in answer.bullets] == [[AGREES], [AGREES]]
    assert all(m.url == AGREES for m in answer.missing_here)


def test_the_articles_own_sentences_in_a_longer_report_confirm_nothing() -> None:
    # Given a page that carries the article's three sentences and as many of its own: half its
    # sentences are the article's, under the copy share, so it is read as a report
    quoting = "https://q.example/lyon"
    fetcher = PagesFetcher(
        pages={
            ARTICLE_URL: _page(*SENTENCES),
            quoting: _page(*SENTENCES, filler=FILLER),
        }
    )
    # When the bullets are corroborated
    answer = _service(fetcher).corroborate(_request(quoting))
    # Then it is a report of the story, but no bullet is confirmed by the article's own
    # sentence (before: each bullet was, at score 1.0, a chip saying another outlet said so)
    assert [(o.status, o.story_relation) for o in answer.others] == [("ok", "same_story")]
    confirming = [s.sentence for b in answer.bullets for s in b.support]
    assert not set(confirming) & set(SENTENCES), confirming
    # and what it reports beyond the article is still offered
    assert {m.sentence for m in answer.missing_here} <= set(FILLER)


def test_when_the_brief_lists_related_reports_only_those_are_fetched() -> None:
    # Given a Brief whose related coverage lists one report
    brief = _brief()
    item = _related_report()
    cache = MemoryCache()
    cache.entries["brief-key"] = brief.model_copy(update={"related": Related(items=[item])})
    fetcher = _fetcher()
    # When a client names that report and another page
    answer = _service(fetcher, cache=cache).corroborate(_request(AGREES, DIFFERS))
    # Then the other page is not fetched
    assert {o.url: o.status for o in answer.others} == {AGREES: "ok", DIFFERS: "not_in_brief"}
    assert fetcher.calls == [AGREES]


def test_a_report_that_cannot_be_read_is_read_from_its_wire_copy() -> None:
    # Given a Brief whose related report (a paywalled lead copy: a stub) has two wire copies,
    # the first failing and the second readable, and another report that fails with no copies
    from parallax.domain.models import RelatedCopy

    lead, broken, copy = "https://paywall.example/a", "https://broken.example/a", AGREES
    outlets = [Outlet(name=n, domain=f"{n}.example") for n in ("broken", "b")]

    def item(url: str, copies: list[RelatedCopy]) -> RelatedItem:
        return RelatedItem(
            url=url, title="Tram", outlet=Outlet(name="P", domain="paywall.example"),
            language="en", similarity=0.8, also_reported_by=[c.outlet for c in copies],
            copies=copies, provider="index",
        )  # fmt: skip

    copies = [
        RelatedCopy(url=u, title="Tram", outlet=o, language="en")
        for u, o in zip((broken, copy), outlets, strict=True)
    ]
    gone = "https://gone.example/a"
    cache = MemoryCache()
    cache.entries["brief-key"] = _brief().model_copy(
        update={"related": Related(items=[item(lead, copies), item(gone, [])])}
    )
    fetcher = _fetcher()
    fetcher.pages[lead] = article_page("Tram", ["Subscribe to read the whole story today."])
    # When the reader's panel asks about the related reports
    service = _service(fetcher, cache=cache)
    answer = service.corroborate(_request(lead, gone))
    # Then the stub's report is read from its first readable copy and says so; the other fails
    by_url = {o.url: o for o in answer.others}
    assert by_url[lead].status == "ok" and by_url[lead].read_from == copy
    assert by_url[lead].outlet is not None and by_url[lead].outlet.domain == "b.example"
    assert by_url[gone].status == "failed" and by_url[gone].read_from is None
    assert [u for u in fetcher.calls if u != gone] == [lead, broken, copy]  # one after another
    # And the support links to the copy, where its sentences are
    support = answer.bullets[0].support
    assert support and all(s.url == copy and s.other == by_url[lead].id for s in support)
    # And the copy is not kept as the report's page: the next request tries the report again
    service.corroborate(_request(lead))
    assert fetcher.calls.count(lead) == 2


def test_no_wire_copy_is_read_once_the_budget_is_spent() -> None:
    # Given a related report that hangs past the budget (a fetch time-out as long as the
    # budget, as the wiring sets it) and has a readable wire copy
    from parallax.domain.models import RelatedCopy

    slow = "https://slow.example/a"
    copy = RelatedCopy(
        url=AGREES, title="Tram", outlet=Outlet(name="B", domain="b.example"), language="en"
    )
    cache = MemoryCache()
    cache.entries["brief-key"] = _brief().model_copy(
        update={
            "related": Related(
                items=[
                    RelatedItem(
                        url=slow, title="Tram", outlet=Outlet(name="S", domain="slow.example"),
                        language="en", similarity=0.8, also_reported_by=[copy.outlet],
                        copies=[copy], provider="index",
                    )
                ]
            )
        }
    )  # fmt: skip
    fetcher = _fetcher()
    fetcher.hang.add(slow)
    service = _service(fetcher, cache=cache, budget_s=0.3)
    # When the reader asks, is answered "timeout", and the report's fetch then fails
    answer = service.corroborate(_request(slow))
    assert [(o.status, o.read_from) for o in answer.others] == [("timeout", None)]
    fetcher.release.set()
    service._pool.shutdown(wait=True)
    # Then the worker did not go on to fetch the copy for nobody (holding a worker and a
    # connection for another fetch time-out while the next reader's reports wait)
    assert fetcher.calls == [slow]


def test_answers_are_cached_by_the_reports_and_their_content() -> None:
    fetcher = _fetcher()
    service = _service(fetcher)
    first = service.corroborate(_request(AGREES, DIFFERS))
    second = service.corroborate(_request(DIFFERS, AGREES))
    assert not first.cache.hit and second.cache.hit and first.cache.key == second.cache.key
    # Pages were read once
    assert sorted(fetcher.calls) == sorted([AGREES, DIFFERS])
    # Another set of reports is another answer
    third = service.corroborate(_request(AGREES))
    assert not third.cache.hit


def test_a_cached_answer_carries_the_reports_whole_text_judgements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a service that has answered for a report of the story and one of another story
    # (the whole-text judgement counted: it is the request's costliest step before the cache)
    derby = "https://d.example/derby"
    fetcher = _fetcher()
    fetcher.pages[derby] = article_page(DERBY_TITLE, DERBY)
    service = _service(fetcher)
    judged: list[str] = []
    judge = corroboration_service.story_relation

    def counting(article: Story, report: Story) -> StoryRelation:
        judged.append(report.title)
        return judge(article, report)

    monkeypatch.setattr(corroboration_service, "story_relation", counting)
    first = service.corroborate(_request(AGREES, derby))
    assert len(judged) == 2 and not first.cache.hit
    # When the next reader asks for the same reports (in another order)
    second = service.corroborate(_request(derby, AGREES))
    # Then the answer comes from the cache without judging the reports again, and each report
    # is named as it was
    assert second.cache.hit and len(judged) == 2
    assert (
        {o.url: (o.status, o.story_relation) for o in second.others}
        == {o.url: (o.status, o.story_relation) for o in first.others}
        == {AGREES: ("ok", "same_story"), derby: ("ok", "other_story")}
    )
    assert [o.url for o in second.others] == [derby, AGREES]


def test_the_model_check_is_applied_and_its_absence_is_a_notice() -> None:
    checked = Alignment((), ())
    checker = RecordingChecker(answer=checked)
    answer = _service(_fetcher(), checker=checker).corroborate(_request(AGREES, DIFFERS))
    assert checker.calls == [(2, 2)]
    assert answer.method == "llm" and answer.bullets == [] and answer.missing_here == []
    failing = RecordingChecker(answer=None)
    answer = _service(_fetcher(), checker=failing).corroborate(_request(AGREES, DIFFERS))
    assert answer.method == "offline" and answer.notice == "model_unavailable"
    assert answer.bullets[0].support and len(answer.missing_here) <= 3


def test_an_answer_the_model_failed_on_is_kept_briefly_and_the_model_asked_again() -> None:
    # Given a model that fails once (a rate limit, a timeout), then answers
    now = [0.0]
    checker = RecordingChecker(answer=None)
    service = CorroborationService(
        fetcher=_fetcher(),
        extractor=extract_article,
        brief_cache=MemoryCache(entries={"brief-key": _brief()}),
        make_brief=lambda _request: _brief(),
        max_sources=5,
        budget_s=2.0,
        checker=checker,
        clock=lambda: now[0],
        warm_up=warm_up,
    )
    first = service.corroborate(_request(AGREES, DIFFERS))
    assert first.notice == "model_unavailable"
    checker.answer = Alignment((), ())
    # When the same reader asks again within the Brief's short TTL, the cached answer serves
    assert service.corroborate(_request(AGREES, DIFFERS)).cache.hit
    # But past it (and long before the hour an answer is kept), the model is asked again
    now[0] += PARTIAL_TTL_S + 1
    again = service.corroborate(_request(AGREES, DIFFERS))
    assert not again.cache.hit and again.method == "llm" and again.notice is None
    assert len(checker.calls) == 2
    # And the model's own answer is kept the whole hour
    now[0] += 3000
    assert service.corroborate(_request(AGREES, DIFFERS)).cache.hit


def test_a_huge_report_is_read_within_the_bounds_of_a_briefs_article() -> None:
    # Given a report whose page holds 6,000 sentences (about 460 KB of text: a hostile page
    # within the structural limits, which go to 30,000 elements and 5 MB)
    hearings = [
        f"Councillors met for hearing {i} on the tram. The vote on item {i} was put off again."
        for i in range(3_000)
    ]
    fetcher = _fetcher()
    fetcher.pages[AGREES] = _page(
        "Twelve people were injured, 12 according to police, when a tram derailed in Lyon.",
        filler=[*FILLER, *hearings],
    )
    seen: list[tuple[int, int]] = []

    class SizeChecker:
        def check(
            self,
            article_sentences: Sequence[str],
            language: str,
            alignment: Alignment,
            reports: Sequence[Report],
        ) -> Alignment | None:
            seen.extend((len(r.sentences), sum(map(len, r.sentences))) for r in reports)
            return alignment

    service = _service(fetcher, budget_s=30.0)
    service._checker = SizeChecker()
    # When the bullets are corroborated with it
    answer = service.corroborate(_request(AGREES))
    # Then the report is read, and what is kept and compared of it is bounded as a Brief's own
    # article is (brief_bounds): before, every sentence was kept, and the service's page cache
    # (256 reads) held about 37 MB for each such 4.5 MB page, gigabytes in all
    assert [o.status for o in answer.others] == ["ok"]
    assert answer.bullets[0].agreeing == 1
    assert len(seen) == 1
    sentences, characters = seen[0]
    assert sentences <= MAX_SENTENCES and characters <= MAX_ARTICLE_TEXT_CHARS, seen


def test_request_validation() -> None:
    with pytest.raises(ValueError, match="key or the article"):
        CorroborationRequest.model_validate({"article": {"language": "en"}, "others": []})
    with pytest.raises(ValueError):
        CorroborationRequest.model_validate(
            {"article": {"key": "k"}, "others": [{"url": "file:///etc/passwd"}]}
        )
    with pytest.raises(ValueError):
        CorroborationRequest.model_validate(
            {
                "article": {"key": "k"},
                "others": [{"url": f"https://x.example/{i}"} for i in range(21)],
            }
        )
    with pytest.raises(ValueError):
        CorroborationRequest.model_validate(
            {"article": {"key": "k"}, "others": [], "text": "client-sent text is refused"}
        )


@pytest.mark.parametrize(
    ("title", "about_browsing"),
    [
        ("Chrome ends third-party cookies", None),
        # the decision its page's reading carried (a headline on the page that names it, say)
        ("Regulator approves Google plan", True),
    ],
    ids=["headline names the subject", "article carries the page's decision"],
)
def test_a_story_whose_headline_is_about_cookies_gets_its_cookie_claims_confirmed(
    title: str, about_browsing: bool | None
) -> None:
    # Given a briefed story headlined about cookies, with two sentences about them (too few to
    # tell its subject without the headline), and another outlet's report of it
    sentences = [
        "Google will stop supporting third-party cookies in Chrome from January.",
        "Advertisers have used third-party cookies for decades to follow users across sites.",
        "Regulators in Britain reviewed the plan for three years before approving it.",
    ]
    brief = _brief()
    brief = brief.model_copy(
        update={
            "article": brief.article.model_copy(
                update={
                    "title": title,
                    "sentences": [Sentence(id=i, text=s) for i, s in enumerate(sentences)],
                    "text": " ".join(sentences),
                    "about_browsing": about_browsing,
                }
            ),
            "summary": Summary(
                language="en",
                method="extractive",
                bullets=[Bullet(text=s, sentence_ids=[i]) for i, s in enumerate(sentences)],
            ),
        }
    )
    cache = MemoryCache()
    cache.entries["brief-key"] = brief
    other = "https://d.example/chrome-cookies"
    fetcher = PagesFetcher(
        pages={
            other: article_page(
                "Chrome to block third-party cookies",
                [
                    "Chrome will block third-party cookies from January, Google announced.",
                    "Third-party cookies have let advertisers follow people across sites for "
                    "decades.",
                    "The British regulator spent three years reviewing the plan before it "
                    "approved it.",
                    *FILLER,
                ],
            )
        }
    )
    # When it is corroborated
    answer = _service(fetcher, cache=cache).corroborate(_request(other))
    # Then every bullet, those about cookies too, is confirmed by the other outlet
    assert [b.status for b in answer.bullets] == ["agrees", "agrees", "agrees"]
