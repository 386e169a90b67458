"""The guard's perturbation suite (`parallax eval guard`) on texts the tests write themselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.cli import main
from parallax.evaluation.clock_times import respell_times
from parallax.evaluation.guard import (
    FAITHFUL_TYPES,
    UNFAITHFUL_TYPES,
    SourceText,
    generate_cases,
)

ARTICLE = (
    "On Monday, the city council of Springfield approved the budget by 31 votes to 12. "
    "Mayor Ana Lopez said the plan would raise spending on schools by 4 per cent. "
    "Councillor Tom Baker, who led the opposition, said the city could not afford it. "
    "The state will pay 2 million dollars, according to Lopez."
)


def _source() -> SourceText:
    from parallax.domain.sentences import split_sentences

    return SourceText("t1", "en", tuple(split_sentences(ARTICLE, "en")))


def test_the_generator_makes_every_type_from_real_looking_sentences() -> None:
    # Given one English article with numbers, names, an opener, a clause and a negation
    cases = generate_cases([_source()])
    kinds = {case.type for case in cases}
    # Then every faithful and unfaithful type is made at least once, and deterministically
    assert kinds == set(FAITHFUL_TYPES) | set(UNFAITHFUL_TYPES)
    assert cases == generate_cases([_source()])
    swap = next(c for c in cases if c.type == "number_swap")
    assert "12 votes to 31" in swap.bullet
    negated = next(c for c in cases if c.type == "negation" and "afford" in c.bullet)
    assert "not" not in negated.bullet


def _write_data(root: Path) -> None:
    (root / "summaries").mkdir(parents=True)
    (root / "related").mkdir()
    row = {"id": "a", "lang": "en", "article": ARTICLE, "reference": ""}
    (root / "summaries" / "cnndm-dev.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (root / "summaries" / "20min-dev.jsonl").write_text("", encoding="utf-8")
    (root / "related" / "semeval-dev.jsonl").write_text("", encoding="utf-8")


def test_eval_guard_prints_the_table_and_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_data(tmp_path / "data")
    out = tmp_path / "guard.json"
    assert main(["eval", "guard", "--data", str(tmp_path / "data"), "--json", str(out)]) == 0
    table = capsys.readouterr().out
    assert "catch rate" in table and "false drops" in table and "lexical" in table
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["guard"]["by_language"]["en"]["unfaithful"] > 0
    assert report["guard"]["catch_rate"] > report["lexical"]["catch_rate"]


TIMED_ARTICLE = (
    "The council met at 2:30 pm on Monday in Springfield. "
    "It approved the budget by 31 votes to 12 shortly before 6 pm."
)


def test_times_are_respelt_as_each_language_writes_them() -> None:
    sentence = "The council met at 2:30 pm and again at 9 am, 1:35.782 after the race."
    assert respell_times(sentence, "en", "de") == (
        "The council met at 14.30 Uhr and again at 9 Uhr, 1:35.782 after the race."
    )
    assert respell_times(sentence, "en", "fr", shift_hours=1) == (
        "The council met at 15 h 30 and again at 10 h, 1:35.782 after the race."
    )
    assert respell_times("Um 14.30 Uhr begann es.", "de", "en") == "Um 2:30 pm begann es."
    assert respell_times("A las 14.30 horas.", "es", "fr") == "A las 14 h 30."
    # No time, or a duration: nothing to respell
    assert respell_times("It lasted 48 h and cost 3.5 million.", "en", "de") is None


def test_eval_guard_reports_times_kept_in_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given data whose English article holds two sentences with a time
    data = tmp_path / "data"
    _write_data(data)
    row = {"id": "b", "lang": "en", "article": TIMED_ARTICLE, "reference": ""}
    with (data / "summaries" / "cnndm-dev.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
    out = tmp_path / "guard.json"
    assert main(["eval", "guard", "--data", str(data), "--json", str(out)]) == 0
    # Then each is respelt into three languages, kept, and refused with the time moved
    assert "clock times respelt" in capsys.readouterr().out
    clock = json.loads(out.read_text(encoding="utf-8"))["clock_times"]
    assert (clock["sentences"], clock["n"], clock["kept"], clock["refused"]) == (2, 6, 1.0, 1.0)


def test_eval_guard_without_data_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "guard", "--data", str(tmp_path / "nowhere")]) == 1
    assert "no evaluation data" in capsys.readouterr().err


def test_eval_guard_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["eval", "guard", "--help"])
    assert done.value.code == 0
    assert "Example: parallax eval guard" in capsys.readouterr().out
