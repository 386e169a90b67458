"""`parallax similarity` and `parallax eval related` as a user runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parallax.cli import main
from tests.conftest import SHARED_DATA


def test_similarity_scores_pairs_and_goes_on_after_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a same-story pair, an unrelated pair, a SemEval row and a broken line
    same = {
        "id": "same",
        "a": {"title": "Floods hit Valencia", "text": "Floods killed 62 people in Valencia on Tuesday."},
        "b": {"title": "Inundaciones en Valencia", "text": "Las inundaciones mataron a 62 personas en Valencia.", "language": "es"},
    }  # fmt: skip
    other = {"id": "other", "a": {"text": "The central bank raised rates."}, "b": {"text": "A new album tops the charts in Korea."}}  # fmt: skip
    semeval = {"pair_id": "1_2", "text1": "Storm hits coast", "text2": "Storm hits the coast", "lang1": "en", "lang2": "en"}  # fmt: skip
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        "\n".join([json.dumps(same), json.dumps(other), json.dumps(semeval), "{"]) + "\n"
    )
    # When they are scored
    assert main(["similarity", "--input", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Then each has a score in [0, 1] (same story above unrelated), and the bad line an error
    scores = {o["id"]: o["score"] for o in out if "score" in o}
    assert set(scores) == {"same", "other", "1_2"}
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert scores["same"] > scores["other"]
    assert out[-1]["error"] == "invalid_request"


def test_eval_related_prints_ours_and_the_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    if not (SHARED_DATA / "related").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"evaluation data missing at {SHARED_DATA}")
        pytest.skip(f"evaluation data not present at {SHARED_DATA}")
    assert main(["eval", "related", "--data", str(SHARED_DATA), "--limit", "60"]) == 0
    out = capsys.readouterr().out
    assert "TF-IDF" in out and "Pearson" in out


def test_eval_related_without_data_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "related", "--data", str(tmp_path / "nowhere")]) == 1
    assert "no evaluation data" in capsys.readouterr().err
