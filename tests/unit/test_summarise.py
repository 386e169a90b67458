"""The extractive summariser: contract, neutrality, bad input, and its text helpers."""

# ruff: noqa: RUF001 -- punctuation and letters of many scripts are the test data
from __future__ import annotations

import pytest

from parallax.domain.errors import InvalidRequest
from parallax.domain.extractive_summariser import (
    MAX_BULLETS,
    ExtractiveSummariser,
    default_sentence_count,
    is_furniture,
    opinion_share,
    select_sentences,
)
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.ports import Summariser
from parallax.domain.sentences import split_sentences
from parallax.domain.text_terms import (
    STOP_WORD_LANGUAGES,
    content_terms,
    stem,
    stop_words,
    tokenize,
)

NEWS_EN = """\
The city council of Springfield approved a new budget of 120 million dollars on Monday.
The budget raises spending on schools and public transport by ten per cent.
Council members voted 7 to 2 in favour of the plan after a four-hour debate.
The mayor said the budget would be balanced without raising property taxes.
Opponents argued that the transport plan relied on federal grants that were not yet approved.
Schools will receive 8 million dollars more than last year, mostly for teachers' salaries.
The transport department plans to buy twenty electric buses with the new money.
The budget takes effect on July 1 and covers the next fiscal year.
A citizens' group had collected 4,000 signatures asking for more money for parks.
Parks will receive a smaller increase of two per cent under the approved plan.
The council will review spending again in December, officials said.
Local businesses welcomed the decision to keep property taxes unchanged.
"""

NEWS_DE = """\
Der Bundestag hat am Donnerstag ein neues Klimagesetz beschlossen.
Das Gesetz sieht vor, dass Deutschland bis 2045 klimaneutral wird.
Für das Gesetz stimmten 380 Abgeordnete, dagegen 250.
Die Opposition kritisierte, das Gesetz enthalte zu wenige konkrete Maßnahmen.
Die Regierung will die Ausgaben für den Klimaschutz z. B. im Verkehr deutlich erhöhen.
Der Bundesrat muss dem Gesetz am 3. Oktober noch zustimmen.
Umweltverbände begrüßten den Beschluss grundsätzlich.
Die Industrie warnte vor höheren Kosten für Unternehmen.
"""


def make_article(text: str, language: str = "en", title: str = "") -> Article:
    sentences = [Sentence(id=i, text=s) for i, s in enumerate(split_sentences(text, language))]
    return Article(
        url="https://news.example/story",
        canonical_url="https://news.example/story",
        title=title,
        text=text,
        sentences=sentences,
        outlet=Outlet(name="Example News", domain="news.example"),
        language=language,
        word_count=len(text.split()),
    )


# --- the Summariser contract -------------------------------------------------------------------


def test_it_is_a_summariser() -> None:
    # Given the offline summariser / Then it satisfies the port the pipeline depends on
    summariser: Summariser = ExtractiveSummariser()
    assert callable(summariser.summarise)


def test_bullets_are_cited_article_sentences_in_article_order() -> None:
    # Given a full English news article
    article = make_article(NEWS_EN, "en", title="Springfield council approves budget")
    # When it is summarised for an English reader
    summary = ExtractiveSummariser().summarise(article, "en")
    # Then there are three extractive bullets, each one article sentence, in article order
    assert summary.method == "extractive"
    assert summary.language == "en"
    assert summary.notice is None
    assert len(summary.bullets) == 3
    by_id = {s.id: s.text for s in article.sentences}
    ids = [b.sentence_ids[0] for b in summary.bullets]
    assert ids == sorted(set(ids))
    for bullet in summary.bullets:
        assert len(bullet.sentence_ids) == 1
        assert bullet.text == by_id[bullet.sentence_ids[0]]
    # and the lead, which states the story, is among them
    assert ids[0] == 0


def test_a_reader_of_another_language_is_told_the_bullets_are_not_translated() -> None:
    # Given a German article
    article = make_article(NEWS_DE, "de")
    # When an English reader asks, and then a Swiss German reader asks
    for_english = ExtractiveSummariser().summarise(article, "en-GB")
    for_swiss = ExtractiveSummariser().summarise(article, "de-CH")
    # Then the bullets stay German, and only the English reader gets the notice
    assert for_english.language == "de"
    assert for_english.notice == "not_translated"
    assert for_swiss.notice is None
    assert [b.text for b in for_english.bullets] == [b.text for b in for_swiss.bullets]


def test_max_bullets_caps_the_summary() -> None:
    # Given a full article
    article = make_article(NEWS_EN)
    # When at most one, and then no bullet is allowed
    one = ExtractiveSummariser().summarise(article, "en", max_bullets=1)
    none = ExtractiveSummariser().summarise(article, "en", max_bullets=0)
    # Then the cap holds
    assert len(one.bullets) == 1
    assert none.bullets == []


def test_ids_follow_the_article_even_when_sentences_are_not_numbered_from_zero() -> None:
    # Given an article whose sentences carry ids 10, 11, ... and arrive out of order
    base = make_article(NEWS_EN)
    shuffled = [Sentence(id=s.id + 10, text=s.text) for s in reversed(base.sentences)]
    article = base.model_copy(update={"sentences": shuffled})
    # When it is summarised
    summary = ExtractiveSummariser().summarise(article, "en")
    # Then every cited id exists, and the order is the article's
    ids = [b.sentence_ids[0] for b in summary.bullets]
    assert set(ids) <= {s.id for s in shuffled}
    assert ids == sorted(ids)
    assert ids[0] == 10


def test_the_summary_is_deterministic() -> None:
    # Given the same article twice / When summarised / Then the same bullets come back
    article = make_article(NEWS_DE, "de")
    assert ExtractiveSummariser().summarise(article, "de") == ExtractiveSummariser().summarise(
        article, "de"
    )


# --- how many sentences ------------------------------------------------------------------------


def test_three_sentences_for_a_full_article_fewer_for_short_texts() -> None:
    # Given texts of 12, 4 and 1 sentences
    full = split_sentences(NEWS_EN)
    short = full[:4]
    single = full[:1]
    # When the default count is asked / Then a summary is shorter than its text
    assert default_sentence_count(full) == 3
    assert default_sentence_count(short) == 2
    assert default_sentence_count(single) == 1
    assert default_sentence_count([]) == 0


def test_select_sentences_returns_ascending_indices() -> None:
    # Given the sentences of an article and a title
    sentences = split_sentences(NEWS_EN)
    # When four are asked for
    chosen = select_sentences(sentences, "en", title="Springfield budget", n=4)
    # Then four distinct, valid indices come back in article order
    assert len(chosen) == 4
    assert chosen == sorted(set(chosen))
    assert all(0 <= i < len(sentences) for i in chosen)


def test_the_title_pulls_its_sentence_into_the_summary() -> None:
    # Given a lead followed by sentences of equal standing, one of which the title names
    sentences = [
        "Officials in the northern province gave an update on Tuesday.",
        "Roads were closed in several districts because of snow.",
        "Schools in the capital will stay open this week.",
        "Farmers reported that the harvest of apples was the largest in a decade.",
        "Trains ran on a reduced timetable during the morning.",
        "Weather services expect more snow at the weekend.",
        "Hospitals said they had enough staff for the holidays.",
        "The regional airport cancelled twelve flights.",
    ]
    # When three are selected without and with a title about the apple harvest
    without = select_sentences(sentences, "en", n=3)
    with_title = select_sentences(sentences, "en", title="Record apple harvest for farmers", n=3)
    # Then only the title brings the apple sentence in, in place of a neighbour
    assert without == [0, 1, 2]
    assert with_title == [0, 1, 3]


def test_a_repeated_sentence_is_not_chosen_twice() -> None:
    # Given an article that repeats its lead verbatim (a teaser and the body)
    lead = "The central bank raised its key interest rate to 4.5 per cent on Thursday."
    sentences = [lead, lead, *split_sentences(NEWS_EN)[1:8]]
    # When three sentences are selected
    chosen = select_sentences(sentences, "en", n=3)
    # Then the lead is there once
    assert chosen[0] == 0
    assert 1 not in chosen


# --- neutrality and hygiene --------------------------------------------------------------------


def test_questions_quotes_and_opinion_give_way_to_report() -> None:
    # Given an article whose early sentences include a question, a quotation and an opinion
    sentences = [
        "The regional government approved a plan to build 5,000 homes on Tuesday.",
        "Is this the end of the housing crisis?",
        "'This is the best thing that has ever happened to our town, and I love it,' one resident said.",
        "Frankly, the shocking and outrageous plan is an absolutely disgraceful, terrible mistake.",
        "The homes will be built on former industrial land near the railway station.",
        "Construction is due to start next spring and to finish within four years.",
        "A third of the homes will be rented at prices below the market rate.",
        "The plan was approved by 40 votes to 12 in the regional parliament.",
        "The opposition said the costs of the plan had not been published.",
        "Officials said the costs would be published in the autumn.",
    ]
    # When three sentences are selected
    chosen = select_sentences(sentences, "en", n=3)
    # Then none of the question, the quotation or the opinion is among them
    assert chosen[0] == 0
    assert not {1, 2, 3} & set(chosen)


def test_a_quote_lead_gives_way_to_the_report() -> None:
    # Given a short story that opens with a police statement quoted almost word for word
    sentences = [
        "«Am Sonntag kurz vor Mittag ging bei der Notrufzentrale die Meldung ein, dass in Herisau"
        " ein gestohlenes Auto gefunden worden ist», teilte die Kantonspolizei am Montag mit.",
        "Die Polizisten setzten bei den Ermittlungen die Polizeihündin Puna ein.",
        "Die Hündin führte die Polizei zur Wohnung eines 31-jährigen Mannes.",
        "Der Mann wurde vorläufig festgenommen.",
        "Ob er weitere Straftaten begangen hat, wird nun abgeklärt.",
        "Das gestohlene Auto wurde seinem Besitzer zurückgegeben.",
    ]
    # When two sentences are selected
    chosen = select_sentences(sentences, "de", n=2)
    # Then the quotation, more than two thirds of its sentence, is not one of them
    assert len(chosen) == 2
    assert 0 not in chosen


def test_an_article_of_quotations_still_gets_a_summary() -> None:
    # Given an interview: every sentence is mostly direct speech
    sentences = [
        "“We will open the school next spring and hire local teachers,” the mayor said.",
        "“The library gets a new roof before the winter storms arrive,” the architect added.",
        "“Our pool stays closed until the heating is repaired in March,” a spokesman explained.",
        "“Two doctors join the clinic once their contracts are signed,” the director told us.",
        "“Children asked for a bigger park with trees and benches,” one parent recalled.",
        "“Trains will stop at the new station every twenty minutes,” the operator promised.",
    ]
    # When summarised / Then the quotations are the last resort, but a resort: in article order
    assert select_sentences(sentences, "en", n=3) == [0, 1, 2]


def test_opinion_share_counts_markers_per_word() -> None:
    # Given a report, an opinion, and a German opinion
    report = "The council approved the budget on Monday."
    opinion = "Frankly, this shocking decision is a disgrace and a terrible mistake."
    german = "Leider ist das Ergebnis meiner Meinung nach katastrophal."
    # When measured / Then only the opinions carry markers, in any supported language
    assert opinion_share(report, "en") == 0.0
    assert opinion_share(opinion, "en") > 0.2
    assert opinion_share(german, "de") > 0.2
    assert opinion_share(opinion, "xx") == 0.0


def test_page_furniture_is_not_a_bullet() -> None:
    # Given an article with a "read more" line, a photo credit and a social media call early on
    sentences = [
        "The national football team won the championship final 2-1 on Sunday.",
        "Read more: All the results of the tournament in our live blog.",
        "Photo: Reuters / Jane Doe.",
        "Follow us on social media for the latest news.",
        "The winning goal was scored in the 89th minute by the team captain.",
        "It is the first title for the country since 1998.",
        "Thousands of fans celebrated in the streets of the capital until the morning.",
        "The coach said the team had worked for four years for this victory.",
    ]
    # When three sentences are selected
    chosen = select_sentences(sentences, "en", n=3)
    # Then none of the furniture is chosen
    assert not {1, 2, 3} & set(chosen)


# --- bad input ---------------------------------------------------------------------------------


def test_an_article_without_text_gets_an_empty_summary() -> None:
    # Given an article with no sentences
    article = make_article("", "en")
    # When summarised / Then a well-formed summary without bullets comes back
    summary = ExtractiveSummariser().summarise(article, "en")
    assert summary.bullets == []
    assert summary.method == "extractive"
    assert select_sentences([], "en") == []


def test_an_article_of_one_sentence_is_its_own_summary() -> None:
    # Given a one-sentence article
    article = make_article("The minister resigned on Friday.", "en")
    # When summarised / Then the bullet is that sentence
    summary = ExtractiveSummariser().summarise(article, "en")
    assert [(b.text, b.sentence_ids) for b in summary.bullets] == [
        ("The minister resigned on Friday.", [0])
    ]


@pytest.mark.parametrize("language", ["tlh", "xx", "", "zz-Latn-ZZ"])
def test_an_unsupported_language_still_gets_a_summary(language: str) -> None:
    # Given an article tagged with a language nothing here knows
    article = make_article(NEWS_EN, "en").model_copy(update={"language": language})
    # When summarised for an English reader
    summary = ExtractiveSummariser().summarise(article, "en")
    # Then a summary of valid sentences comes back, in the article's stated language
    assert len(summary.bullets) == 3
    assert summary.language == language


def test_an_unknown_reader_language_does_not_crash() -> None:
    # Given a reader language tag that is not well formed
    article = make_article(NEWS_EN, "en")
    # When summarised / Then the bullets are there and the mismatch is stated
    summary = ExtractiveSummariser().summarise(article, "??")
    assert len(summary.bullets) == 3
    assert summary.notice == "not_translated"


def test_mojibake_is_summarised() -> None:
    # Given German text decoded with the wrong charset
    text = NEWS_DE.encode("utf-8").decode("latin-1")
    article = make_article(text, "de")
    # When summarised / Then bullets are valid sentences of the article
    summary = ExtractiveSummariser().summarise(article, "de")
    texts = {s.text for s in article.sentences}
    assert summary.bullets
    assert all(b.text in texts for b in summary.bullets)


def test_a_megabyte_of_text_is_summarised() -> None:
    # Given an article of about 1 MB
    text = (NEWS_EN * 1000)[:1_000_000]
    article = make_article(text, "en")
    # When summarised / Then a long read's summary comes back from the article's opening, each
    # point once although the text repeats it a thousand times
    summary = ExtractiveSummariser().summarise(article, "en")
    assert len(summary.bullets) == MAX_BULLETS
    assert summary.bullets[0].sentence_ids == [0]
    assert len({b.text for b in summary.bullets}) == MAX_BULLETS


def test_text_without_punctuation_or_spaces_is_summarised() -> None:
    # Given 50,000 characters of one unbroken token, and Chinese text
    blob = make_article("x" * 50_000, "en")
    chinese = make_article(
        "今天北京下了大雪。交通受到严重影响。学校停课一天。机场取消了五十个航班。", "zh"
    )
    # When summarised / Then bullets come back without error
    assert ExtractiveSummariser().summarise(blob, "en").bullets
    assert ExtractiveSummariser().summarise(chinese, "zh").bullets


def test_a_negative_count_is_a_clear_error() -> None:
    # Given a caller asking for -1 sentences / When selected / Then it is an invalid request
    with pytest.raises(InvalidRequest):
        select_sentences(["One sentence."], "en", n=-1)


# --- stop words and tokens ---------------------------------------------------------------------


def test_stop_word_lists_cover_the_summary_languages() -> None:
    # Given the languages the summariser promises / Then each has a substantial list
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl"} <= STOP_WORD_LANGUAGES
    for language in STOP_WORD_LANGUAGES:
        assert len(stop_words(language)) >= 150, language
    assert "the" in stop_words("en-GB")
    assert "und" in stop_words("de")
    assert stop_words("xx") == frozenset()


def test_tokens_are_lower_cased_unicode_words() -> None:
    # Given text with accents, apostrophes and CJK / When tokenised / Then words come out whole
    assert tokenize("L’Équipe a gagné, Müller's Öl!") == [
        "l",
        "équipe",
        "a",
        "gagné",
        "müller",
        "s",
        "öl",
    ]
    assert content_terms("Die Behörden warnen vor Stürmen.", "de") == ["behörd", "warn", "stürm"]
    assert "北京" in content_terms("今天北京下雪", "zh")
    assert stem("governments", "en") == "government"
    assert stem("cat", "en") == "cat"


# --- furniture, duplicates and length (issue 16) -----------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Von Roland Brockmann und Sebastian Drescher",
        "By Jane Doe and John Smith, Reuters",
        "Analysis by Stephen Collinson, CNN",
        "Posted: Thursday, April 21, 2022.",
        "Aktualisiert am 19.02.2020",
        "Updated at 3:45 p.m. ET on April 5, 2023",
        "Skip to main content",
        "Home › News › Politics",
        "SIOUX FALLS, S.D.",
        "WASHINGTON (AP) —",
        "Subscribe now to read the full story.",
        "Jetzt abonnieren und weiterlesen.",
        "Photo: Reuters/Jane Doe",
        "| Su | Mo | Tu | We | Th | Fr | Sa |",
        "✔ Geprüfte Fachbetriebe in Ihrer Region",
        "For more information, see our tax changes article.",
        "5:45 AM PST 11/19/2019 by Patrick Shanley",
        "21. Jan 2022 // Dominik Ricker",
        "Updated 12:30 PM by Jane Doe",
        "Mon 12 May 2025 09.41 BST // Anna Reporter and Tom Writer",
        "by Jacob Trussell—10 min read",
        "On Behalf of O’Malley Tunstall PLLC | Apr 21, 2017 | Products Liability",
        "On this page",
        "Bill Total",
        "3 Std. 10 Min.",
        "Palm Bay 18 22 13 17 — 70",
        "In einen existierenden Account Zum Login oder einen neuen Account Registrieren.",
    ],
)
def test_page_furniture_is_recognised(line: str) -> None:
    # Given a line of page furniture / When checked / Then it is furniture
    assert is_furniture(line, "Storm floods the lower town")


@pytest.mark.parametrize(
    "line",
    [
        "By Friday the river had risen two metres above its usual level.",
        "The council approved a budget of 12 million dollars on Monday.",
        "Netflix lost 200,000 subscribers in the first quarter, the company said.",
        "Von den 300 Bewohnern mussten 120 ihre Häuser verlassen, sagte der Bürgermeister.",
        "The update to the software, published on 5 May, fixed the flaw.",
        "NASA said the launch would be delayed by at least two weeks.",
        # A short dated statement with "by" / "von" / "par" and a name is no dated byline
        "The company was bought by Google in 2014 for 3.2 billion dollars.",
        "The bill was passed by Congress on 5 May with 62 votes in favour.",
        "Der Stadtrat von Riedstadt hat am Dienstag mit 31 zu 12 Stimmen den Haushalt beschlossen.",
        "Le texte a été adopté par Assemblée nationale le 12 mars.",
    ],
)
def test_statements_are_not_furniture(line: str) -> None:
    # Given a statement of an article / When checked / Then it is not furniture
    assert not is_furniture(line, "Storm floods the lower town")


def test_furniture_lines_never_become_bullets() -> None:
    # Given an article whose text starts with its headline, a byline, an update notice and a
    # dateline on their own, as extraction sometimes leaves them
    furniture = (
        "Storm floods the lower town\n"
        "By Jane Doe and John Smith\n"
        "Updated: Thursday, April 21, 2022.\n"
        "SIOUX FALLS, S.D.\n"
    )
    article = make_article(furniture + NEWS_EN, "en", title="Storm floods the lower town")
    # When summarised
    summary = ExtractiveSummariser().summarise(article, "en")
    # Then every bullet is one of the news sentences
    assert len(summary.bullets) == 3
    assert all(b.text in NEWS_EN for b in summary.bullets)
    assert not any(is_furniture(b.text, article.title) for b in summary.bullets)


def test_a_repeated_lead_is_one_bullet() -> None:
    # Given an article that restates its lead almost word for word (a summary box)
    lead = "The city council of Springfield approved a new budget of 120 million dollars on Monday."
    again = "The Springfield city council approved a new budget of 120 million dollars on Monday."
    article = make_article(lead + "\n" + again + "\n" + NEWS_EN.split("\n", 1)[1], "en")
    # When summarised / Then the point appears once
    bullets = [b.text for b in ExtractiveSummariser().summarise(article, "en").bullets]
    assert not (lead in bullets and again in bullets)


def _long_read(words: int) -> str:
    # distinct sentences of about 20 words that share no content word: no two are duplicates
    sentences = []
    for i in range(words // 20):
        terms = " ".join(f"t{i}x{j}" for j in range(14))
        sentences.append(f"Officials in district {i} said that {terms} mattered most.")
    return "\n".join(sentences)


@pytest.mark.parametrize(("words", "bullets"), [(400, 3), (900, 3), (1500, 5), (3000, 6)])
def test_bullet_count_follows_the_article(words: int, bullets: int) -> None:
    # Given an article of this many words
    article = make_article(_long_read(words), "en")
    # When summarised / Then a news item gets three bullets and a long read five or six, in order
    summary = ExtractiveSummariser().summarise(article, "en")
    assert len(summary.bullets) == bullets
    ids = [b.sentence_ids[0] for b in summary.bullets]
    assert ids == sorted(ids)
