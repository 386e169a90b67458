"""The corroboration evaluation's 2-fold figure (parallax.evaluation.corroboration)."""

from __future__ import annotations

from parallax.evaluation.corroboration import _two_fold, format_corroboration_table, roc_auc


def test_two_fold_scores_each_half_with_weights_chosen_on_the_other() -> None:
    # Given same-story pairs with well-covered claims and unrelated ones with little coverage,
    # alternating between the two halves
    same = ([(0.6, 0.7), (0.5, 0.6)], [(0.55, 0.65)])
    unrelated = ([(0.05, 0.1)], [(0.1, 0.2), (0.0, 0.05)])
    coverages = [same, unrelated] * 4
    labels = [True, False] * 4
    halves = [0, 0, 1, 1] * 2
    # When each half is scored with the weights that do best on the other
    scores = _two_fold(coverages, labels, halves)
    # Then every pair has a held-out score and they separate the two kinds
    assert len(scores) == len(coverages)
    assert roc_auc(scores, labels) == 1.0


def test_two_fold_with_one_class_in_a_half_still_scores_every_pair() -> None:
    # Given a half with same-story pairs only (its AUC is undefined)
    coverages = [([(0.6, 0.6)], [(0.6, 0.6)]), ([(0.0, 0.1)], [])]
    scores = _two_fold(coverages, [True, False], [0, 1])
    # Then no error, and every pair gets a score between 0 and 1
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_the_table_shows_the_two_fold_figure_next_to_the_dev_figure() -> None:
    group = {
        "pairs": 10,
        "same_story": 5,
        "auc": 0.9,
        "two_fold_auc": 0.89,
        "one_way_auc": 0.8,
        "whole_text_auc": 0.85,
        "baseline_auc": 0.7,
    }
    report = {
        "same_story": {
            "groups": {"all": group},
            "same_story_supports": 3,
            "same_story_differs_share": 0.0,
            "align_ms_p50": 1.0,
        },
        "differs": {
            "cases": 2,
            "found": 1.0,
            "baseline_found": 1.0,
            "false_differs": 0.0,
            "baseline_false_differs": 0.5,
            "found_by_kind": {"name": 1.0},
            "cases_by_kind": {"name": 2},
        },
    }
    table = format_corroboration_table(report)
    assert "2-fold (weights from the other half), all" in table
    assert "0.890" in table


def test_the_differs_baseline_reads_numbers_as_the_alignment_does() -> None:
    # The baseline compares facts as sets; a thousands separator the house style dropped is no
    # other fact (with the raw strings, 18 of its 19 false differs were that, session 14)
    from parallax.evaluation.corroboration import _fact_set

    assert _fact_set("About 1,000 people marched in Leeds.") == _fact_set(
        "About 1000 people marched in Leeds."
    )
    assert _fact_set("About 1,000 people marched in Leeds.") != _fact_set(
        "About 1,300 people marched in Leeds."
    )
