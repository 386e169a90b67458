"""The claim alignment (parallax.domain.corroboration): support, differs, missing here."""

from __future__ import annotations

import pytest

from parallax.domain.corroboration import (
    DOUBTFUL_SUPPORT_THRESHOLD,
    MAX_MISSING,
    SUPPORT_THRESHOLD,
    Claim,
    PairWeights,
    Report,
    align,
    claim_coverages,
    claim_scores,
    is_notice,
    pair_score,
    pair_support,
    reading_of,
    sentence_differences,
    story_relation,
    support_strength,
    word_keys,
)
from parallax.domain.related_ranking import strip_furniture
from parallax.domain.similarity import Story
from tests.support.cpu_budget import thread_cpu

ARTICLE = [
    "Police in Lyon said 12 people were injured when a tram derailed on Monday morning.",
    "Mayor Grégory Doucet visited the scene and thanked the emergency services.",
    "The tram line will stay closed until Friday, the operator Keolis said.",
    "Investigators are examining the brakes of the vehicle.",
]
CLAIMS = [Claim(ARTICLE[0], (0,)), Claim(ARTICLE[2], (2,))]


def _report(report_id: str, sentences: list[str], language: str = "en") -> Report:
    return Report(report_id, tuple(sentences), language)


def test_the_same_fact_in_other_words_agrees() -> None:
    # Given another outlet that reports the derailment with the same numbers and names
    other = _report(
        "b",
        [
            "A tram derailed in Lyon on Monday morning.",
            "Twelve people were injured, 12 according to police, in the accident in Lyon.",
            "Keolis, the operator, said the line will stay closed until Friday.",
        ],
    )
    # When the bullets are aligned
    result = align(ARTICLE, "en", CLAIMS, [other])
    # Then each bullet is supported, and the relation is agreement
    first, second = result.claims
    assert [m.relation for m in first.support] == ["agrees"]
    assert first.support[0].other == "b"
    assert second.support[0].sentence.startswith("Keolis")
    assert second.support[0].relation == "agrees"
    assert second.support[0].claim_sentence_id == 2


@pytest.mark.parametrize(
    ("there", "kind", "here_value", "there_value"),
    [
        (
            "Police in Lyon said 15 people were injured when a tram derailed on Monday morning.",
            "number",
            "12",
            "15",
        ),
        (
            "Police in Lyon said 12 people were injured when a tram derailed on Tuesday morning.",
            "date",
            "Monday",
            "Tuesday",
        ),
        (
            "Police in Paris said 12 people were injured when a tram derailed on Monday morning.",
            "name",
            "Lyon",
            "Paris",
        ),
    ],
)
def test_a_changed_number_date_or_name_differs(
    there: str, kind: str, here_value: str, there_value: str
) -> None:
    # Given a report whose matching sentence has one fact changed
    result = align(ARTICLE, "en", CLAIMS[:1], [_report("b", [there])])
    # Then the support differs, naming both versions
    match = result.claims[0].support[0]
    assert match.relation == "differs"
    assert [(d.kind, d.here, d.there) for d in match.differences] == [
        (kind, here_value, there_value)
    ]


def test_number_notation_and_plain_rewording_do_not_differ() -> None:
    # Given the same figure written with another thousands separator, and a reworded verb
    here = "The city said 1,200 homes were evacuated on Monday."
    there = "The city stated 1200 homes were evacuated on Monday."
    # Then nothing differs
    assert sentence_differences(here, there) == ()
    assert sentence_differences("Rates rose 3.50 percent.", "Rates rose 3.5 percent.") == ()


@pytest.mark.parametrize(
    ("here", "there", "expected"),
    [
        # the attribution moved from the end to the start: "12" faced "Police in Lyon said 15"
        (
            "12 people were injured when a tram derailed near the station, police in Lyon said.",
            "Police in Lyon said 15 people were injured when a tram derailed near the station.",
            [("number", "12", "15")],
        ),
        # ... and from the start to the end
        (
            "Police in Lyon said 15 people were injured when a tram derailed near the station.",
            "12 people were injured when a tram derailed near the station, police in Lyon said.",
            [("number", "15", "12")],
        ),
        # the same figure, the attribution moved: nothing differs
        (
            "12 people were injured when a tram derailed near the station, police in Lyon said.",
            "Police in Lyon said 12 people were injured when a tram derailed near the station.",
            [],
        ),
        # a name beside the moved words is no number: nothing differs
        (
            "The council approved the plan on Tuesday, the mayor said.",
            "The mayor of Lyon said the council approved the plan on Tuesday.",
            [],
        ),
    ],
)
def test_a_changed_figure_differs_when_the_attribution_moved(
    here: str, there: str, expected: list[tuple[str, str, str]]
) -> None:
    # Given two sentences of one fact, the source named at the other end of the sentence
    # When their differences are read
    found = sentence_differences(here, there)
    # Then the figures face each other, not the figure and the moved words
    assert [(d.kind, d.here, d.there) for d in found] == expected


def test_a_name_with_a_case_ending_is_the_same_name() -> None:
    # Regression: Turkish "Cengiz'den" (from Cengiz) was reported as another name than "Cengiz"
    here = "Galatasaray Başkanı Mustafa Cengiz açıklama yaptı."  # noqa: RUF001 -- Turkish dotless i
    there = "Galatasaray Başkanı Mustafa Cengiz'den açıklama yaptı."  # noqa: RUF001
    assert sentence_differences(here, there, "tr") == ()
    assert sentence_differences(here, there.replace("Cengiz'den", "Terim"), "tr") != ()


def test_across_languages_names_and_numbers_carry_support_and_a_conflicting_figure_differs() -> (
    None
):
    # Given a German report of the same tram accident, with another casualty count
    other = _report(
        "de",
        [
            "In Lyon sind am Montag bei einer Straßenbahn-Entgleisung 15 Menschen verletzt worden,"
            " teilte die Polizei in Lyon mit.",
            "Der Betreiber Keolis sperrt die Linie bis Freitag.",
        ],
        language="de",
    )
    result = align(ARTICLE, "en", CLAIMS, [other])
    # Then the German sentences support the bullets; the figure that does not match differs
    first, second = result.claims
    assert first.support and first.support[0].sentence_id == 0
    assert first.support[0].relation == "differs"
    assert first.support[0].differences[0].here == "12"
    assert first.support[0].differences[0].there == "15"
    assert second.support and second.support[0].relation == "agrees"


def test_an_unrelated_report_supports_nothing() -> None:
    other = _report(
        "x",
        [
            "The central bank left interest rates unchanged at its meeting in Frankfurt.",
            "Analysts had expected the decision after inflation eased in the autumn.",
        ],
    )
    result = align(ARTICLE, "en", CLAIMS, [other])
    assert all(not c.support for c in result.claims)
    assert claim_scores(ARTICLE, "en", CLAIMS, other) == pytest.approx([0.0, 0.0], abs=0.25)


def test_missing_here_lists_what_others_add_up_to_three_preferring_what_several_report() -> None:
    # Given two reports that each add facts this article does not have, one of them twice
    b = _report(
        "b",
        [
            "Police in Lyon said 12 people were injured when a tram derailed on Monday.",
            "The driver, aged 54, was taken to hospital with minor injuries.",
            "Subscribe to our newsletter for more news from Lyon.",
            "A similar derailment happened on the same line in 2019.",
            "Witnesses described a loud bang before the tram left the rails.",
            "Short.",
        ],
    )
    c = _report(
        "c",
        [
            "Twelve people were hurt in Lyon, police said on Monday.",
            "The 54-year-old driver was taken to hospital with minor injuries on Monday.",
            "Lyon's transport authority ordered an inspection of all 80 trams in the fleet.",
        ],
    )
    result = align(ARTICLE, "en", CLAIMS, [b, c])
    missing = result.missing_here
    # Then at most three come back, the fact both report first, no boilerplate, no stub
    assert 1 <= len(missing) <= MAX_MISSING
    assert "driver" in missing[0].sentence and missing[0].also_in
    texts = " ".join(m.sentence for m in missing)
    assert "Subscribe" not in texts and "Short." not in texts
    # And the article's own facts are never listed as missing
    assert "12 people were injured" not in texts
    # And one fact reported by two outlets appears once
    assert sum("driver" in m.sentence for m in missing) == 1


def test_a_bullet_without_cited_sentences_is_matched_by_its_text() -> None:
    claim = Claim("The tram line stays closed until Friday, Keolis said.", ())
    other = _report("b", ["Keolis said the line stays closed until Friday."])
    result = align(ARTICLE, "en", [claim], [other])
    assert result.claims[0].support[0].claim_sentence_id is None
    # And ids that point outside the article fall back to the text as well
    result = align(ARTICLE, "en", [Claim(claim.text, (99,))], [other])
    assert result.claims[0].support[0].relation == "agrees"


def test_no_others_and_empty_inputs_give_empty_answers() -> None:
    assert align(ARTICLE, "en", CLAIMS, []).claims[0].support == ()
    assert align([], "en", [], []).missing_here == ()
    result = align(ARTICLE, "en", CLAIMS, [_report("e", []), _report("f", ["", "   "])])
    assert all(not c.support for c in result.claims)


def test_unknown_language_and_scripts_without_capitals_still_align_on_numbers() -> None:
    other = _report("ar", ["قالت الشرطة إن 12 شخصا أصيبوا في ليون يوم الاثنين."], language="zz")
    result = align(ARTICLE, "en", CLAIMS, [other])
    assert len(result.claims) == 2  # no error; whatever matches is by numbers


def test_huge_reports_are_read_only_so_far_and_quickly() -> None:
    # Given a 5 MB report (one enormous "sentence" and thousands of sentences)
    sentence = "Officials said the tram network in Lyon reopened after repairs on Monday. "
    huge = _report("h", [sentence * 20_000, *([sentence] * 20_000)])
    with thread_cpu() as cpu:
        result = align(ARTICLE, "en", CLAIMS, [huge])
    # Then the alignment stays bounded
    assert cpu.seconds < 2.0
    assert len(result.claims) == 2


def test_support_strength_ramps_from_no_support_to_full_around_the_threshold() -> None:
    # Given support scores below, at and above the labelling threshold
    # When they are turned into strengths
    # Then the strength is 0 well below, between 0 and 1 at the threshold, 1 well above, monotone
    assert support_strength(0.0) == 0.0
    assert 0.0 < support_strength(SUPPORT_THRESHOLD) < 1.0
    assert support_strength(0.9) == 1.0
    scores = [i / 20 for i in range(21)]
    strengths = [support_strength(s) for s in scores]
    assert strengths == sorted(strengths)
    # And a ramp of zero width is a step
    step = PairWeights(strength_from=0.3, strength_full=0.3)
    assert support_strength(0.29, step) == 0.0
    assert support_strength(0.3, step) == 1.0


def test_pair_support_is_high_for_the_same_story_low_for_another_and_symmetric() -> None:
    # Given the article, a report of the same derailment and a report of something else
    article = Report("a", tuple(ARTICLE), "en")
    same = _report(
        "b",
        [
            "A tram derailed in Lyon on Monday morning and 12 people were injured, police said.",
            "The operator Keolis said the line will stay closed until Friday.",
            "Mayor Grégory Doucet thanked the emergency services at the scene.",
        ],
    )
    other = _report(
        "x",
        [
            "The central bank left interest rates unchanged at its meeting in Frankfurt.",
            "Analysts had expected the decision after inflation eased in the autumn.",
        ],
    )
    same_claims = [Claim(same.sentences[0], (0,)), Claim(same.sentences[1], (1,))]
    other_claims = [Claim(other.sentences[0], (0,))]
    # When the pairs are scored from their claims
    close = pair_support(article, CLAIMS, same, same_claims)
    far = pair_support(article, CLAIMS, other, other_claims)
    # Then the same story scores well above the other, and the order of the pair does not matter
    assert close >= 0.7
    assert far <= 0.1
    assert pair_support(same, same_claims, article, CLAIMS) == pytest.approx(close)


def test_pair_support_without_bullets_on_either_side_is_zero() -> None:
    article = Report("a", tuple(ARTICLE), "en")
    assert pair_support(article, [], article, []) == 0.0


def test_word_keys_are_the_same_story_scores_keys() -> None:
    # Given a name and a stop word
    # Then a name has a term key and a consonant-skeleton name key; a stop word has none
    term, folded, name = word_keys("Doucet", "fr") or ("", "", "")
    assert (term, folded) == ("douc", "doucet")
    assert name
    assert word_keys("the", "en") is None


# --- page notices (issue 18: furniture reaching the claims) --------------------------------------

NOTICES = [
    "We use cookies to ensure that we give you the best experience on our website.",
    "To use this website, cookies must be enabled in your browser.",
    "Ausführliche Informationen zur Datenverarbeitung finden Sie in der Datenschutzerklärung.",
    "Przykro nam, ale z adresu IP, z którego się łączysz, odnotowaliśmy ogromną liczbę połączeń.",
    "Szczegółowy opis procesu przetwarzania danych można znaleźć w polityce prywatności.",
    "Aby poprawić swoją witrynę i wyświetlać dedykowane reklamy, zbieramy informacje techniczne.",
    "Um die Funktion unserer Website zu verbessern und Werbung anzuzeigen, sammeln wir Daten.",
    "Sizlere daha iyi bir hizmet sunabilmek için sitemizde çerezlerden faydalanıyoruz.",  # noqa: RUF001
    "Further slowdown in 2020 TAKE A FREE TRIAL Registered users can read up to 3 reports.",
    "Note our system only accepts work email addresses (e.g. no Gmail, etc.).",
    "Consulte nuestra política de privacidad para más información.",
    "© 2020 Example Media. All rights reserved.",
    'Mit "Akzeptieren und schließen" stimmen Sie der Verarbeitung Ihrer Informationen zu.',
    "Enter your details below for immediate access.",
]
NOT_NOTICES = [
    "A Menlo Park lawyer who advises companies on cybersecurity and privacy said the law helps.",
    "Der Datenschutzbeauftragte kritisierte die Corona-App am Montag scharf.",
    "Zoom said it now has 300 million registered users, up from 10 million in December.",
    "The ministry's website crashed on Monday as thousands applied for the benefit.",
    "Police traced the attack to an address in Lyon, the prosecutor said.",
]


@pytest.mark.parametrize("sentence", NOTICES)
def test_cookie_privacy_ip_block_and_paywall_notices_are_notices(sentence: str) -> None:
    assert is_notice(sentence)


@pytest.mark.parametrize("sentence", NOT_NOTICES)
def test_news_about_privacy_websites_and_users_is_not_a_notice(sentence: str) -> None:
    assert not is_notice(sentence)


def _wall(report_id: str, headline: str, language: str = "en") -> Report:
    return _report(
        report_id,
        [
            f"{headline} TAKE A FREE TRIAL Registered users can read up to 3 reports.",
            "Enter your details below for immediate access.",
            "Note our system only accepts work email addresses (e.g. no Gmail, etc.).",
        ],
        language,
    )


def test_two_paywalls_of_one_site_over_different_stories_are_not_the_same_story() -> None:
    # Given two pages of one site whose text is the same paywall under different headlines
    # (SemEval pair 1543560406_1543583268, scored 1.0 before: the paywall lines supported each other)
    a = _wall("a", "Further slowdown in 2020 with coronavirus a new threat")
    b = _wall("b", "Oil to outperform")
    claims_a = [Claim(s, (i,)) for i, s in enumerate(a.sentences)]
    claims_b = [Claim(s, (i,)) for i, s in enumerate(b.sentences)]
    # When the pair is scored from its claims, and the bullets are aligned
    # Then nothing of the wall counts as support
    assert pair_support(a, claims_a, b, claims_b) == 0.0
    result = align(a.sentences, "en", claims_a, [b])
    assert all(not c.support for c in result.claims)
    assert claim_coverages(a.sentences, "en", claims_a, b) == []


def test_a_notice_bullet_gets_no_support_and_a_notice_in_another_report_supports_nothing() -> None:
    # Given an article with one cookie bullet among real ones, and a report with the same notice
    cookie = "We use cookies to ensure that we give you the best experience on our website."
    article = [*ARTICLE, cookie]
    claims = [*CLAIMS, Claim(cookie, (len(ARTICLE),))]
    other = _report(
        "b",
        [
            cookie,
            "A tram derailed in Lyon on Monday morning and 12 people were injured, police said.",
            "We use cookies to give you the best experience on our website, police said.",
        ],
    )
    # When the bullets are aligned
    result = align(article, "en", claims, [other])
    # Then the real bullet is supported by the report's story, the cookie bullet by nothing
    assert result.claims[0].support and "derailed" in result.claims[0].support[0].sentence
    assert result.claims[2].support == ()
    # And the other report's notice is never "missing here"
    assert all("cookies" not in m.sentence for m in result.missing_here)
    # And for measuring, a notice bullet is left out rather than counted as unsupported
    assert len(claim_coverages(article, "en", claims, other)) == 2


COOKIE_STORY = [
    "Google will stop supporting third-party cookies in Chrome from January, the company said.",
    "Advertisers have used third-party cookies for decades to follow users from site to site.",
    "Safari and Firefox already block third-party cookies by default.",
    "Regulators in Britain reviewed the plan for three years before approving it.",
    "Publishers fear the change could cut their advertising revenue by a fifth.",
]
COOKIE_REPORT = [
    "Chrome will block third-party cookies from January, Google announced on Tuesday.",
    "Third-party cookies have let advertisers track people across websites for decades.",
    "Apple's Safari and Mozilla's Firefox already block such cookies by default.",
    "We use cookies to give you the best experience on our website.",
    "The British competition regulator spent three years reviewing the change.",
    "Some publishers say their advertising income may fall by a fifth.",
    "Browser makers say the cookies will be replaced by a privacy sandbox that advertisers can "
    "query without seeing who the reader is.",
]


def test_on_a_story_about_cookies_the_cookie_claims_are_confirmed_and_the_banner_is_not() -> None:
    # Given tech news whose subject is cookies (most of its sentences speak of them) and
    # another outlet's report of it, with that site's own cookie banner glued in
    claims = [Claim(text, (i,)) for i, text in enumerate(COOKIE_STORY)]
    other = _report("b", COOKIE_REPORT)
    # When the bullets are aligned (the subject decided from the article's sentences)
    result = align(COOKIE_STORY, "en", claims, [other])
    # Then the claims about cookies are confirmed like any other claim, not "only here"
    assert all(claim.support for claim in result.claims)
    assert "Chrome will block" in result.claims[0].support[0].sentence
    # And the other outlet's cookie sentence of the story may be "missing here", its banner not
    missing = [m.sentence for m in result.missing_here]
    assert any("privacy sandbox" in sentence for sentence in missing)
    assert not any("We use cookies" in sentence for sentence in missing)
    # And the same holds for measuring
    assert len(claim_coverages(COOKIE_STORY, "en", claims, other)) == len(claims)
    assert all(
        score >= SUPPORT_THRESHOLD for score in claim_scores(COOKIE_STORY, "en", claims, other)
    )


def test_a_headline_about_cookies_makes_a_short_story_about_them_and_other_stories_are_as_before() -> (
    None
):
    # Given a story with two sentences about cookies: too few to tell its subject alone
    story, report = COOKIE_STORY[:2], _report("b", COOKIE_REPORT[:2])
    claims = [Claim(text, (i,)) for i, text in enumerate(story)]
    # Then without its headline the cookie sentences are notices, as on any other page
    assert not any(c.support for c in align(story, "en", claims, [report]).claims)
    # And the caller that knows the headline says what the story is about
    told = align(story, "en", claims, [report], about_browsing=True)
    assert all(c.support for c in told.claims)
    # And on a story about something else a cookie sentence stays a notice, banner or not
    tram = align(ARTICLE, "en", CLAIMS, [_report("b", [*ARTICLE, COOKIE_REPORT[3]])])
    assert not any("cookies" in m.sentence for m in tram.missing_here)


def test_across_languages_cognates_raise_the_coverage_of_the_same_story() -> None:
    # Given a German report of the derailment and an English bullet about it
    german = _report(
        "de",
        [
            "In Lyon ist am Montagmorgen eine Tram entgleist, 12 Menschen wurden verletzt.",
            "Der Betreiber Keolis teilte mit, die Linie bleibe bis Freitag gesperrt.",
        ],
        "de",
    )
    unrelated = _report(
        "de2",
        ["Die Zentralbank ließ die Zinsen bei ihrer Sitzung in Frankfurt unverändert."],
        "de",
    )
    # When the bullets' coverage is measured in each
    same = claim_coverages(ARTICLE, "en", CLAIMS, german)
    other = claim_coverages(ARTICLE, "en", CLAIMS, unrelated)
    # Then the same story covers the bullets clearly more than the unrelated report
    assert min(best for best, _ in same) > max(best for best, _ in other) + 0.2
    assert all(whole >= best for best, whole in same)


# --- news-genre words and the lead bullet (issue 18, session 2) ----------------------------------


@pytest.mark.parametrize(
    ("claim", "other", "language"),
    [
        (
            "The minister said on Monday that 40 percent of people were vaccinated this year.",
            "Police said on Monday that 70 percent of people saw the fire this year.",
            "en",
        ),
        (
            "Der Minister sagte am Montag, heute seien Menschen in Berlin geimpft worden.",
            "Die Polizei sagte am Montag, heute seien Menschen in Hamburg gerettet worden.",
            "de",
        ),
        (
            "أكد الوزير اليوم أن المستشفى استقبل المرضى",
            "أكد المدرب اليوم أن الفريق حقق الفوز",
            "ar",
        ),
    ],
)
def test_how_a_report_is_told_is_no_evidence_that_it_tells_the_same_story(
    claim: str, other: str, language: str
) -> None:
    # Given two sentences about different events that share only the words of the news genre
    # (who said, which day, per cent, people)
    # When the claim's coverage by the other sentence is measured
    coverage = claim_scores(
        [claim], language, [Claim(claim, (0,))], _report("o", [other], language)
    )
    # Then it stays below the support threshold: "said on Monday" is how a report is told
    assert coverage[0] < SUPPORT_THRESHOLD


def test_a_changed_weekday_still_differs_though_weekdays_are_no_claim_keys() -> None:
    # Given the same sentence with the weekday changed
    here = "A tram derailed in Lyon on Monday morning and 12 people were injured."
    there = "A tram derailed in Lyon on Tuesday morning and 12 people were injured."
    # Then the difference is found as a date
    assert [d.kind for d in sentence_differences(here, there)] == ["date"]


def test_the_lead_bullet_weighs_more_than_a_detail_in_the_pair_score() -> None:
    # Given two sides of three bullets each, one bullet fully supported and the others not
    lead_supported = [(1.0, 1.0), (0.0, 0.0), (0.0, 0.0)]
    detail_supported = [(0.0, 0.0), (0.0, 0.0), (1.0, 1.0)]
    weights = PairWeights(lead_weight=2.0)
    # When the pair is scored
    # Then support for the lead counts twice that of a detail, and without a lead weight alike
    assert pair_score(lead_supported, lead_supported, weights) == pytest.approx(0.5)
    assert pair_score(detail_supported, detail_supported, weights) == pytest.approx(0.25)
    plain = PairWeights(lead_weight=1.0)
    assert pair_score(lead_supported, [], plain) == pair_score(detail_supported, [], plain)


def test_arabic_indic_digits_are_the_same_number_as_western_digits() -> None:
    # Given two Arabic reports of the same blast, one writing 12 and one ١٢ (Arabic-Indic digits)
    here = "قتل 12 شخصا في انفجار بمدينة حلب"
    there = "قتل ١٢ شخصا في انفجار بمدينة حلب"
    # When they are compared
    # Then nothing differs and the number is a shared key: the whole claim is supported
    assert sentence_differences(here, there, "ar") == ()
    supported = claim_scores([here], "ar", [Claim(here, (0,))], _report("o", [there], "ar"))
    assert supported == [1.0]
    # And a different number written in Arabic-Indic digits still differs
    assert sentence_differences(here, there.replace("\u0661\u0662", "\u0661\u0665"), "ar") != ()


TRAM_TITLE = "Tram derails in Lyon"
# Another story on a subject the tram article touches (Lyon, police, people injured), with one
# sentence that holds half the first bullet's keys: the kind of same-topic report retrieval shows.
DERBY_TITLE = "Olympique Lyonnais beat Marseille in a tense derby"
DERBY = [
    "Olympique Lyonnais won 2-1 with a late goal from their captain in front of a full stadium.",
    "The coach praised his players and said the team would now focus on the cup semi-final.",
    "Supporters of both clubs had been kept apart by stewards on the way to the ground.",
    "The league will review the footage of the clashes before deciding on any sanctions.",
    "Ticket sales for the next home game opened on the club website on Tuesday evening.",
    "The striker, signed from Monaco last summer, has now scored nine goals this season.",
    "Marseille remain second in the table, four points behind the leaders Paris Saint-Germain.",
    "Their manager complained about the referee and the state of the pitch after the game.",
    "The two sides meet again in the spring, this time at the Stade Vélodrome.",
    "Police in Lyon said 3 fans were injured in clashes before the match against Marseille.",
]
TRAM_RETOLD = [
    "A tram derailed in Lyon on Monday morning, injuring twelve people, police said.",
    "Mayor Grégory Doucet went to the scene and thanked the emergency services.",
    "The operator Keolis said the line would stay closed until Friday.",
    "Investigators are looking at the brakes of the vehicle.",
]


def test_a_report_of_another_story_is_judged_so_on_its_whole_text() -> None:
    # Given the tram article, a football report that shares one sentence's subject with it, and
    # another outlet's retelling of the tram story
    article = Story(" ".join(ARTICLE), TRAM_TITLE, "en")
    derby = Story(" ".join(DERBY), DERBY_TITLE, "en")
    retold = Story(" ".join(TRAM_RETOLD), "Tram derailment injures twelve in Lyon", "en")
    # When each is judged as a whole
    # Then the football report is another story and the retelling the same story
    assert story_relation(article, derby) == "other_story"
    assert story_relation(article, retold) == "same_story"


@pytest.mark.parametrize("label", ["Breaking News: ", "LIVE: ", "Son dakika: ", "VIDEO: "])
def test_a_label_both_headlines_carry_does_not_make_another_story_doubtful(label: str) -> None:
    # Given the tram article and the football report, both under a breaking-news or live label
    article = Story(" ".join(ARTICLE), label + TRAM_TITLE, "en")
    derby = Story(" ".join(DERBY), label + DERBY_TITLE, "en")
    # When the report is judged as a whole
    # Then the label is furniture, as in the ranking: another story (before: doubtful, 0.19 to
    # 0.38 on the label alone)
    assert story_relation(article, derby) == "other_story"
    # And the retelling under a label stays the same story
    retold = Story(" ".join(TRAM_RETOLD), label + "Tram derailment injures twelve in Lyon", "en")
    assert story_relation(article, retold) == "same_story"


def test_headlines_lose_their_furniture_once_when_a_report_is_judged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given two headlines of other stories, "Place | Event | Detail | Section | Site": the
    # furniture rule takes up to two trailing segments after a pipe
    import parallax.domain.corroboration as corroboration

    judged: list[tuple[str | None, str | None, bool]] = []
    same_headline = corroboration._same_headline

    def recording(a: str | None, b: str | None) -> bool:
        same = same_headline(a, b)
        judged.append((a, b, same))
        return same

    monkeypatch.setattr(corroboration, "_same_headline", recording)
    tram = "Lyon | Tram derails | Twelve injured | Europe | BBC News"
    derby = "Lyon | Derby win | Marseille beaten | Sport | Le Progrès"
    article = Story(" ".join(ARTICLE), tram, "en")
    report = Story(" ".join(DERBY), derby, "en")
    # When the report is judged as a whole
    assert story_relation(article, report) == "other_story"
    # Then the two headlines are not taken for one: each pass of the furniture rule takes up to
    # two trailing segments, and the headlines, stripped before and again when compared, were
    # both "Lyon" (before: the first comparison said the same headline, so both were left out)
    assert judged and judged[0][:2] == (tram, derby) and not judged[0][2]
    # And the report's sentences are compared with the page's headline too, not a stripped one
    assert all(headline == tram for headline, _, _ in judged)
    # And stripped once, the headline keeps its words before the section and the site
    assert strip_furniture(tram) == "Lyon | Tram derails | Twelve injured"


def test_another_story_confirms_nothing_though_one_of_its_sentences_matches_a_bullet() -> None:
    # Given the football report, one of whose sentences holds half of the first bullet's keys
    derby = _report("d", DERBY)
    assert align(ARTICLE, "en", CLAIMS, [derby]).claims[0].support  # read sentence by sentence
    # When it is read as its whole text was judged (another story)
    reading = reading_of(derby, "other_story")
    # Then the alignment does not read it at all
    assert reading is None


def test_a_doubtful_report_supports_a_bullet_only_with_a_strong_match() -> None:
    # Given a report whose best sentence for the first bullet holds a quarter of its keys
    # (police and tram, of 8): enough for a report of the same story
    weak = _report(
        "w",
        [
            "Police closed the old town to trams for the festival of lights.",
            "Organisers expect two million visitors over the four evenings of the event.",
        ],
    )
    score = align(ARTICLE, "en", CLAIMS, [weak]).claims[0].support[0].score
    assert SUPPORT_THRESHOLD <= score < DOUBTFUL_SUPPORT_THRESHOLD
    # When the report's whole text was judged doubtful
    doubtful = reading_of(weak, "doubtful")
    assert doubtful is not None and doubtful.support_threshold == DOUBTFUL_SUPPORT_THRESHOLD
    # Then that match no longer counts, while a strong match of a doubtful report still does
    assert not align(ARTICLE, "en", CLAIMS, [doubtful]).claims[0].support
    strong = reading_of(_report("s", TRAM_RETOLD), "doubtful")
    assert strong is not None and align(ARTICLE, "en", CLAIMS, [strong]).claims[0].support
    # And a report of the same story is read as it is
    assert reading_of(weak, "same_story") == weak
