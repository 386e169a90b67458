"""The claim alignment (parallax.domain.corroboration): support, differs, missing here."""

from __future__ import annotations

import time

import pytest

from parallax.domain.corroboration import (
    MAX_MISSING,
    Claim,
    Report,
    align,
    claim_scores,
    pair_support,
    sentence_differences,
    support_strength,
    word_keys,
)

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
    started = time.perf_counter()
    result = align(ARTICLE, "en", CLAIMS, [huge])
    # Then the alignment stays bounded
    assert time.perf_counter() - started < 2.0
    assert len(result.claims) == 2


def test_support_strength_ramps_from_no_support_to_full_around_the_threshold() -> None:
    # Given support scores below, at and above the labelling threshold
    # When they are turned into strengths
    # Then the strength is 0 well below, 0.5 at the threshold, 1 well above, and monotone
    assert support_strength(0.0) == 0.0
    assert support_strength(0.25) == pytest.approx(0.5)
    assert support_strength(0.9) == 1.0
    scores = [i / 20 for i in range(21)]
    strengths = [support_strength(s) for s in scores]
    assert strengths == sorted(strengths)


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
