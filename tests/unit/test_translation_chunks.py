"""How a Brief's headlines are cut into translation calls, and what is kept of an answer that
stopped at its output budget."""

from __future__ import annotations

import pytest

from parallax.domain.neutral_summary import (
    MAX_TITLES_PER_CALL,
    OutputInvalid,
    estimated_translation_tokens,
    parse_translation_output,
    translation_chunks,
)

# A headline of a usual length (the longest in ../shared/data/extraction has 142 characters).
HEADLINE = "Regional council approves the budget for schools and buses after a long debate"


def test_forty_headlines_go_in_two_calls_of_twenty_in_order() -> None:
    # Given 40 headlines of a usual length and the default output budget of 2,048 tokens
    titles = [f"{HEADLINE} {n}" for n in range(40)]
    # When they are cut into calls
    chunks = translation_chunks(titles, 2048)
    # Then two calls of 20 take them in order, each estimated inside 3/4 of the budget (one
    # call of 40 came to about 2,300 tokens into Cyrillic, past the budget, and lost all 40)
    assert chunks == [range(0, 20), range(20, 40)]
    for chunk in chunks:
        assert sum(estimated_translation_tokens(titles[i]) for i in chunk) <= 2048 * 0.75


def test_long_headlines_go_in_smaller_calls() -> None:
    # Given 20 headlines of the longest length sent (300 characters)
    titles = ["x" * 400] * 20
    # When they are cut for the default budget
    chunks = translation_chunks(titles, 2048)
    # Then no call holds more than its budget's share, and every headline is in one call
    assert all(len(chunk) < MAX_TITLES_PER_CALL for chunk in chunks)
    assert [i for chunk in chunks for i in chunk] == list(range(20))
    assert all(
        sum(estimated_translation_tokens(titles[i]) for i in chunk) <= 2048 * 0.75
        for chunk in chunks
    )


def test_a_headline_over_the_budget_alone_still_gets_its_call() -> None:
    # Given the smallest budget the settings allow, and headlines each estimated past it
    titles = ["y" * 300, "z" * 300, "short"]
    # Then each long one is sent alone (not dropped, not looping), the short one after them
    assert translation_chunks(titles, 128) == [range(0, 1), range(1, 2), range(2, 3)]


def test_no_headlines_no_calls() -> None:
    assert translation_chunks([], 2048) == []


@pytest.mark.parametrize("count", [1, 19, 20, 21, 100])
def test_every_headline_is_in_exactly_one_call_of_at_most_twenty(count: int) -> None:
    titles = [f"Headline {n}" for n in range(count)]
    chunks = translation_chunks(titles, 2048)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    assert all(1 <= len(chunk) <= MAX_TITLES_PER_CALL for chunk in chunks)


TITLES = ["Rat beschließt Haushalt", "Sturm trifft die Küste", "Bahn streikt am Montag"]


def test_a_cut_off_answer_keeps_the_translations_that_arrived_whole() -> None:
    # Given an answer stopped at the output budget while writing the third translation
    raw = {
        "translations": [
            {"id": 0, "text": "Council passes budget"},
            {"id": 1, "text": "Storm hits the coast"},
            {"id": 2, "text": "Rail strike on Mon"},
        ]
    }
    # When it is read as cut off
    out = parse_translation_output(raw, TITLES, "en", ["de"] * 3, truncated=True)
    # Then the two whole ones are kept, and the last (maybe cut mid-word) is not shown
    assert out == ["Council passes budget", "Storm hits the coast", None]
    # (Read as whole, the same answer would show the cut one)
    assert parse_translation_output(raw, TITLES, "en", ["de"] * 3)[2] == "Rail strike on Mon"


@pytest.mark.parametrize(
    "raw",
    [
        {},  # the service held the cut-off parameter back: nothing of the list arrived
        {"translations": [{"id": 0, "text": "Council pas"}]},  # only the cut one
        '{"translations": [{"id": 0, "text": "Council passes budget"}, {"id": 1, "te',  # prose
    ],
)
def test_a_cut_off_answer_with_nothing_whole_is_invalid(raw: object) -> None:
    with pytest.raises(OutputInvalid) as caught:
        parse_translation_output(raw, TITLES, "en", truncated=True)
    assert caught.value.reason == "max_tokens"


def test_a_cut_off_answer_still_gets_every_check() -> None:
    # Given a cut-off answer whose whole translations include one with a made-up number
    raw = {
        "translations": [
            {"id": 0, "text": "Council passes budget of 40 million"},
            {"id": 1, "text": "Storm hits the coast"},
            {"id": 2, "text": "Rail str"},
        ]
    }
    # Then that one is refused as in any answer, the faithful one kept
    out = parse_translation_output(raw, TITLES, "en", ["de"] * 3, truncated=True)
    assert out == [None, "Storm hits the coast", None]
