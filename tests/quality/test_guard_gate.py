"""The quality gate for the faithfulness guard: catch rate and false drops on the perturbation suite.

The suite (``parallax.evaluation.guard``) is generated from real sentences of ``../shared/data``:
faithful bullets the guard must keep and perturbations (negation, antonyms, swapped and changed
numbers, swapped names, added claims, amounts moved to another actor) it must drop, in en, de, fr
and es. The floors in ``guard_floors.json`` hold on a sample of a few texts per language, which
runs in seconds; ``parallax eval guard`` reports the full set.

Without the data the gate skips with the reason, except in CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.quality.shared_data import shared_data

pytestmark = [pytest.mark.data, pytest.mark.timeout(300)]

FLOORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "guard_floors.json").read_text(encoding="utf-8")
)


def _data() -> Path:
    return shared_data(
        "summaries/cnndm-dev.jsonl",
        "summaries/20min-dev.jsonl",
        "related/semeval-dev.jsonl",
        gate="guard gate",
    )


@pytest.fixture(scope="module")
def guard() -> dict[str, Any]:
    from parallax.evaluation.guard import run_guard_eval

    report = run_guard_eval(_data(), FLOORS["texts_per_language"], baseline=False)
    return {
        **report["guard"],
        "references": report["references"],
        "clock_times": report["clock_times"],
    }


def _catch(guard: dict[str, Any], group: str) -> float:
    return float(
        guard["catch_rate"] if group == "all" else guard["by_language"][group]["catch_rate"]
    )


def _false_drops(guard: dict[str, Any], group: str) -> float:
    if group == "all":
        return float(guard["false_drop_rate"])
    return float(guard["by_language"][group]["false_drop_rate"])


@pytest.mark.parametrize(("group", "floor"), sorted(FLOORS["catch_rate"].items()))
def test_catch_rate_is_not_below_its_floor(guard: dict[str, Any], group: str, floor: float) -> None:
    assert _catch(guard, group) >= floor


@pytest.mark.parametrize(("kind", "floor"), sorted(FLOORS["catch_rate_by_type"].items()))
def test_each_perturbation_type_is_caught(guard: dict[str, Any], kind: str, floor: float) -> None:
    entry = guard["by_type"][kind]
    assert entry["n"] > 0, f"no {kind} perturbations were generated"
    assert entry["rate"] >= floor


@pytest.mark.parametrize(("group", "ceiling"), sorted(FLOORS["max_false_drop_rate"].items()))
def test_false_drops_stay_below_their_ceiling(
    guard: dict[str, Any], group: str, ceiling: float
) -> None:
    assert _false_drops(guard, group) <= ceiling


def test_free_paraphrase_is_not_dropped_more_than_measured(guard: dict[str, Any]) -> None:
    # Human-written summary sentences of cnndm-dev, each citing its two closest sentences.
    references = guard["references"]
    assert references["n"] > 400
    assert references["guard"] <= FLOORS["max_reference_drop_rate"]


def test_a_clock_time_respelt_in_a_translation_is_kept_and_a_moved_one_refused(
    guard: dict[str, Any],
) -> None:
    # Session 12: "14.30 Uhr" was read as 14.3 and "2:30 pm" lost its 2, so a faithful
    # translation of a sentence with a time was refused (45 % kept)
    clock = guard["clock_times"]
    assert clock["n"] > 300
    assert clock["kept"] >= FLOORS["clock_times"]["min_kept"]
    assert clock["refused"] >= FLOORS["clock_times"]["min_refused"]


def test_the_issue_targets_hold_on_the_sample(guard: dict[str, Any]) -> None:
    # Issue 15: catch at least 90 % of the perturbations with at most 5 % false drops, offline.
    assert guard["catch_rate"] >= 0.90
    assert guard["false_drop_rate"] <= 0.05
