"""The evaluation metrics on tiny hand-made inputs whose scores can be worked out by hand."""

from __future__ import annotations

import pytest

from parallax.evaluation.metrics import (
    SnippetCounts,
    accuracy,
    body_f1,
    body_page_score,
    count_snippets,
    date_matches,
    f1,
    ngrams,
    rouge,
    snippet_f1,
    timing,
    title_matches,
)

# --- body F1 -------------------------------------------------------------------------------------


def test_tokens_are_word_runs_and_ngrams_are_a_multiset() -> None:
    # "a-b c, d!" has the tokens a b c d: punctuation separates, it is not a token
    assert ngrams("a-b c, d!") == {("a", "b", "c", "d"): 1}
    # a repeated 4-gram counts twice
    assert ngrams("x y z w x y z w")[("x", "y", "z", "w")] == 2


def test_short_texts_are_one_shorter_ngram_and_empty_is_empty() -> None:
    assert ngrams("just two") == {("just", "two"): 1}
    assert not ngrams("")
    assert not ngrams(" ... — !")


def test_identical_texts_score_one() -> None:
    text = "The quick brown fox jumps over the lazy dog."
    score = body_page_score(text, text)
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_both_empty_scores_one() -> None:
    score = body_page_score("", "  \n ")
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_exactly_one_empty_scores_zero() -> None:
    # An empty prediction finds nothing; a prediction for an empty truth finds only noise.
    missed = body_page_score("", "one two three four five")
    noise = body_page_score("one two three four five", "")
    assert (missed.precision, missed.recall) == (0.0, 0.0)
    assert (noise.precision, noise.recall) == (0.0, 0.0)


def test_duplicate_ngrams_match_at_most_as_often_as_they_are_true() -> None:
    # The prediction has "a b c d" twice, the truth once: it matches once (min of the counts).
    predicted = "a b c d a b c d"  # 4-grams: abcd, bcda, cdab, dabc, abcd  -> 5
    true = "a b c d"  # 4-grams: abcd -> 1
    score = body_page_score(predicted, true)
    assert score.precision == pytest.approx(1 / 5)
    assert score.recall == 1.0


def test_partial_overlap_precision_and_recall() -> None:
    # truth: 1 2 3 4 5 6 -> 3 four-grams; prediction adds two tokens of boilerplate at the end:
    # 1 2 3 4 5 6 x y -> 5 four-grams, of which the first 3 match.
    score = body_page_score("1 2 3 4 5 6 x y", "1 2 3 4 5 6")
    assert score.precision == pytest.approx(3 / 5)
    assert score.recall == 1.0


def test_case_matters() -> None:
    assert body_page_score("One Two Three Four", "one two three four").precision == 0.0


def test_body_f1_is_the_f1_of_the_mean_precision_and_mean_recall() -> None:
    pages = [
        ("1 2 3 4 5 6 x y", "1 2 3 4 5 6"),  # P 0.6, R 1
        ("", "a b c d e"),  # P 0, R 0
        ("", ""),  # P 1, R 1
    ]
    score = body_f1(pages)
    precision, recall = (0.6 + 0 + 1) / 3, (1 + 0 + 1) / 3
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert score.pages == 3


def test_body_f1_of_nothing_is_zero() -> None:
    assert body_f1([]).f1 == 0.0


# --- snippet F1 ----------------------------------------------------------------------------------


def test_snippets_match_across_white_space_differences() -> None:
    output = "The  mayor said\non Monday that\tthe bridge\u00a0would close."
    counts = count_snippets(
        output,
        with_=["mayor said on Monday", "the bridge would close", "not in the text"],
        without=["Share on Facebook", "said on\n Monday"],
    )
    assert counts == SnippetCounts(tp=2, fp=1, fn=1)


def test_empty_snippets_are_ignored() -> None:
    assert count_snippets("anything", with_=["", "  "], without=[" "]) == SnippetCounts()


def test_snippet_f1_is_micro_averaged() -> None:
    pages = [SnippetCounts(tp=3, fp=1, fn=0), SnippetCounts(tp=1, fp=0, fn=3)]
    score = snippet_f1(pages)
    # summed: tp 4, fp 1, fn 3 -> P 0.8, R 0.571...
    assert score.precision == pytest.approx(4 / 5)
    assert score.recall == pytest.approx(4 / 7)
    assert score.f1 == pytest.approx(f1(4 / 5, 4 / 7))
    assert (score.tp, score.fp, score.fn) == (4, 1, 3)


def test_snippet_f1_edge_cases() -> None:
    assert snippet_f1([]).f1 == 1.0  # nothing to get right or wrong
    only_noise = snippet_f1([SnippetCounts(fp=2)])
    assert (only_noise.precision, only_noise.recall, only_noise.f1) == (0.0, 0.0, 0.0)
    all_missed = snippet_f1([SnippetCounts(fn=2)])
    assert all_missed.f1 == 0.0


def test_empty_output_contains_no_snippet() -> None:
    assert count_snippets("", ["a"], ["b"]) == SnippetCounts(tp=0, fp=0, fn=1)


# --- ROUGE ---------------------------------------------------------------------------------------


def test_rouge_of_identical_summaries_is_100() -> None:
    sentences = ["The council approved the budget.", "It takes effect in May."]
    score = rouge([(sentences, sentences, "en")])
    assert score.rouge1 == pytest.approx(100.0)
    assert score.rouge2 == pytest.approx(100.0)
    assert score.rougeLsum == pytest.approx(100.0)
    assert score.items == 1


def test_rouge_of_an_empty_prediction_is_zero_and_of_nothing_is_zero() -> None:
    score = rouge([([], ["Something happened."], "en")])
    assert (score.rouge1, score.rouge2, score.rougeLsum) == (0.0, 0.0, 0.0)
    assert rouge([]).items == 0


def test_rouge_stems_english_only() -> None:
    # "running" and "runs" share the Porter stem "run": English matches, German does not stem.
    english = rouge([(["dogs running"], ["dog runs"], "en")])
    german = rouge([(["dogs running"], ["dog runs"], "de")])
    assert english.rouge1 == pytest.approx(100.0)
    assert german.rouge1 == pytest.approx(0.0)


def test_rouge_lsum_uses_sentence_lines() -> None:
    # Same words, sentences in the other order: ROUGE-1 is perfect, the summary-level LCS is
    # computed per reference line, so it is perfect too, whereas one long line would not be.
    reference = ["a b c", "d e f"]
    swapped = ["d e f", "a b c"]
    score = rouge([(swapped, reference, "en")])
    assert score.rouge1 == pytest.approx(100.0)
    assert score.rougeLsum == pytest.approx(100.0)
    assert score.rouge2 < 100.0


def test_rouge_averages_items_in_points() -> None:
    score = rouge([(["a b"], ["a b"], "en"), ([], ["a b"], "en")])
    assert score.rouge1 == pytest.approx(50.0)


# --- metadata and time ---------------------------------------------------------------------------


def test_title_match_ignores_case_punctuation_and_space_only() -> None:
    assert title_matches("  „Das Wetter“:  Sturm!  ", "das wetter sturm")
    assert title_matches(
        "L\u2019\u0152uvre", "l\u2019\u0153uvre"
    )  # a curly apostrophe and a ligature
    assert not title_matches("Storm warning | Example News", "Storm warning")
    assert not title_matches(None, "Storm warning")
    assert not title_matches("", "")


def test_date_match_is_the_same_day() -> None:
    assert date_matches("2020-01-05T10:30:00+01:00", "2020-01-05")
    assert date_matches("2020-01-05", "2020-01-05 08:00")
    assert not date_matches("2020-01-06", "2020-01-05")
    assert not date_matches(None, "2020-01-05")
    assert not date_matches("5 January 2020", "2020-01-05")


def test_accuracy() -> None:
    assert accuracy([True, False, True, True]).accuracy == pytest.approx(0.75)
    assert accuracy([]).accuracy is None
    assert accuracy([True]).as_dict() == {"accuracy": 1.0, "correct": 1, "total": 1}


def test_timing_in_milliseconds() -> None:
    stats = timing([0.001, 0.002, 0.003, 0.010])
    assert stats["mean_ms"] == pytest.approx(4.0)
    assert stats["p50_ms"] == pytest.approx(2.0)
    assert stats["p95_ms"] == pytest.approx(10.0)
    assert stats["total_s"] == pytest.approx(0.016)
    assert timing([])["mean_ms"] is None
