"""The retrieval harness's SemEval corpus (``parallax eval retrieval``): how pairs become dated
feed items."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from parallax.evaluation.retrieval import _pair_groups, _semeval

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
