"""The retrieval harness's SemEval corpus (``parallax eval retrieval``): how pairs become dated
feed items."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from parallax.evaluation import retrieval
from parallax.evaluation.retrieval import (
    _corpus,
    _misses,
    _pair_groups,
    _partner_rate,
    _Query,
    _semeval,
    _uci_metrics,
)

ANCHOR = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _text(name: str) -> str:
    return f"Headline {name} about something\nThe body of text {name} goes on for a while here."


def _write(path: Path, pairs: list[tuple[str, str, float]]) -> Path:
    lines = [
        json.dumps(
            {"text1": _text(a), "lang1": "en", "text2": _text(b), "lang2": "en", "overall": o}
        )
        for a, b, o in pairs
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_text_reused_by_a_later_pair_is_dated_with_its_partner(tmp_path: Path) -> None:
    # Given pairs where a text comes back in a later pair (B in the first and the third pair),
    # and pairs in between that would otherwise get other days
    path = _write(
        tmp_path / "semeval.jsonl",
        [("A", "B", 1.0), ("C", "D", 4.0), ("B", "E", 1.5), ("F", "G", 2.0), ("E", "H", 1.0)],
    )
    # When the harness turns them into items
    items, pairs = _semeval(path, ANCHOR)
    when = {item.url: item.published for item in items}
    # Then both texts of every pair are dated within the hour, as for a real same-day pair
    for pair in pairs:
        first, second = pair["urls"]
        assert abs((when[first] - when[second]).total_seconds()) < 3600, pair
    # And pairs without a shared text still land on different days (distractors from other days)
    assert when[pairs[0]["urls"][0]].date() != when[pairs[1]["urls"][0]].date()


def test_pair_groups_link_pairs_through_shared_texts() -> None:
    # Given pairs a-b, c-d, b-e, e-f: the first, third and fourth are linked through b and e
    groups = _pair_groups([("a", "b"), ("c", "d"), ("b", "e"), ("e", "f")])
    # Then each pair is in the group of the first pair it is linked to
    assert groups == [0, 1, 0, 0]


def _query(name: str, partner: str, kind: str = "same_language") -> _Query:
    return _Query(kind, f"https://a.example/{name}", "a.example", name, ("text",), "en", ANCHOR,
                  frozenset({f"https://b.example/{partner}"}), 1)  # fmt: skip


def test_partner_rate_also_counts_over_the_pages_the_brief_answers() -> None:
    # Given four queries: two found, one refused by the Brief, one missed
    found = [(_query(n, n), [(f"https://b.example/{n}",)]) for n in ("x", "y")]
    refused = (_query("short", "short"), [])
    missed = (_query("m", "m"), [("https://b.example/other",)])
    rows = [*found, refused, missed]
    # When the rate is taken with the refused page named
    rate = _partner_rate(rows, {(refused[0].url, "same_language")})
    # Then the refused page counts as a miss overall, and is left out of the answered subset
    assert rate["in_top_10"] == 2 / 4
    assert rate["answered"] == 3
    assert rate["in_top_10_answered"] == 2 / 3


def test_misses_say_where_the_partner_went() -> None:
    # Given a found partner, a refused page, a partner in the topic tier and one not shown
    hit = _query("hit", "hit")
    short = _query("short", "short")
    on_topic = _query("topic", "topic")
    lost = _query("lost", "lost")
    shown = [(hit, [("https://b.example/hit",)]), (short, []), (on_topic, []), (lost, [])]
    topic = {(on_topic.url, on_topic.kind): [("https://b.example/topic",)]}
    # When the misses are sorted
    misses = _misses(shown, topic, {(short.url, short.kind)})
    # Then each lands in its own bucket and the hit in none
    assert misses == {"refused": 1, "topic_tier": 1, "not_shown": 1}


def test_a_partner_collapsed_as_a_copy_under_another_outlets_row_is_shown() -> None:
    # Given a query whose partner is not a row of its own but a wire copy collapsed into
    # another outlet's row, and one whose partner is a copy in the topic tier
    copied = _query("copied", "partner")
    on_topic = _query("topic", "partner")
    row = ("https://c.example/lead", "https://b.example/partner")
    shown = [(copied, [row]), (on_topic, [("https://c.example/other",)])]
    topic = {(on_topic.url, on_topic.kind): [row]}
    # When the rate and the misses are taken
    rate = _partner_rate(shown)
    misses = _misses(shown, topic, set())
    # Then the copy counts as shown (the reader can open it from the row), and the topic-tier
    # copy is a topic-tier miss, not "not shown"
    assert rate["in_top_10"] == 1 / 2
    assert misses == {"refused": 0, "topic_tier": 1, "not_shown": 0}


def test_a_uci_row_is_relevant_when_a_copy_is_and_counts_once() -> None:
    # Given a UCI query with two relevant items, shown as one row (one the other's copy) and
    # a row of another story
    query = _Query("uci", "https://a.example/q", "a.example", "q", ("text",), "en", ANCHOR,
                   frozenset({"https://b.example/1", "https://c.example/1"}), 2)  # fmt: skip
    ranked = [("https://b.example/1", "https://c.example/1"), ("https://d.example/other",)]
    # When the UCI metrics are taken
    metrics = _uci_metrics([(query, ranked)])
    # Then the row is one hit (of two that could have been shown), first: MRR 1
    assert metrics["precision_at_5"] == 1 / 2
    assert metrics["mrr"] == 1.0
    assert metrics["wrong_share"] == 1 / 2


def _data_dir(tmp_path: Path, pairs: list[tuple[str, str, float]]) -> Path:
    related = tmp_path / "related"
    related.mkdir()
    _write(related / "semeval-dev.jsonl", pairs)
    (related / "uci-dev.csv").write_text(
        "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n"
        "1,Central bank raises rates,https://a.example/1,A,b,s1,a.example,1394470370698\n"
        "2,Central bank lifts its rate,https://b.example/2,B,b,s1,b.example,1394470371207\n",
        encoding="utf-8",
    )
    return tmp_path


def test_pairs_between_unrelated_and_the_grey_floor_are_asked_as_their_own_kind(
    tmp_path: Path,
) -> None:
    # Given a same-story pair, a pair at overall 3.0 and 3.25 (issue 18 calls them unrelated),
    # a known-unrelated pair (3.5) and one in no bucket (2.5)
    data = _data_dir(
        tmp_path,
        [("A", "B", 1.0), ("C", "D", 3.0), ("E", "F", 3.25), ("G", "H", 3.5), ("I", "J", 2.5)],
    )
    # When the harness builds its queries from all pairs
    corpus = _corpus(data, ANCHOR, None, None, 13)
    kinds = Counter(q.kind for q in corpus.queries if q.kind != "uci")
    # Then the two grey-zone pairs are asked in both directions as "grey", the others as before
    assert kinds == {"same_language": 2, "grey": 4, "unrelated": 2}


def test_the_gated_sample_does_not_move_when_grey_pairs_are_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given data with same-story, unrelated and grey-zone pairs
    pairs = [(f"S{i}", f"T{i}", 1.0 + (i % 3)) for i in range(12)]
    pairs += [(f"U{i}", f"V{i}", 3.0 + 0.25 * (i % 4)) for i in range(12)]
    data = _data_dir(tmp_path, pairs)
    # When the CI-gate-style sample is drawn with and without the grey bucket
    with_grey = _corpus(data, ANCHOR, 1, 3, 13)
    monkeypatch.setattr(retrieval, "GREY_MIN_OVERALL", retrieval.UNRELATED_MIN_OVERALL)
    without = _corpus(data, ANCHOR, 1, 3, 13)
    # Then the gated queries are the same ones, and grey queries come on top
    assert [q for q in with_grey.queries if q.kind != "grey"] == without.queries
    assert any(q.kind == "grey" for q in with_grey.queries)
