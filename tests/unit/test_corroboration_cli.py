"""`parallax corroborate` (the batch alignment) and `parallax eval corroboration --help`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.cli import main

LINE = {
    "id": "a1",
    "article": {
        "text": "Police in Lyon said 12 people were injured when a tram derailed on Monday. "
        "The tram line will stay closed until Friday, the operator Keolis said. "
        "Investigators are examining the brakes of the vehicle.",
        "language": "en",
    },
    "others": [
        {
            "id": "b",
            "text": "Police in Lyon said 15 people were injured when a tram derailed on Monday. "
            "The driver, aged 54, was taken to hospital with minor injuries.",
            "language": "en",
        }
    ],
}


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str]) -> list[dict]:  # type: ignore[type-arg]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["corroborate", "--input", str(source)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # quiet when not on a terminal
    return [json.loads(line) for line in captured.out.splitlines()]


def test_each_line_gets_bullets_with_support_and_what_is_missing_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (out,) = _run(tmp_path, capsys, [json.dumps(LINE)])
    assert out["id"] == "a1"
    bullet = out["bullets"][0]
    assert set(bullet) == {"text", "sentence_ids", "support"}
    support = bullet["support"][0]
    assert support["other"] == "b" and support["relation"] == "differs"
    assert support["differences"] == [{"kind": "number", "here": "12", "there": "15"}]
    assert [m["other"] for m in out["missing_here"]] == ["b"]
    assert "driver" in out["missing_here"][0]["sentence"]


def test_bad_lines_get_an_error_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        "not json",
        json.dumps({"id": 2, "article": {"text": ""}, "others": []}),
        json.dumps({"id": 3, "article": LINE["article"], "others": "b"}),
        json.dumps({"id": 4, "article": LINE["article"], "others": [{"id": "x"}]}),
        json.dumps({"id": 5, "article": {"text": "x" * 5_000_001}, "others": []}),
        json.dumps(
            {"id": 6, "article": {**LINE["article"], "bullets": [{"text": 1}]}, "others": []}
        ),
        json.dumps(LINE),
    ]
    outs = _run(tmp_path, capsys, lines)
    assert [o.get("error") for o in outs] == [
        "invalid_request",
        "invalid_request",
        "invalid_request",
        "invalid_request",
        "too_large",
        "invalid_request",
        None,
    ]
    assert outs[0]["line"] == 1 and outs[1]["id"] == 2
    assert outs[-1]["bullets"]


def test_given_bullets_are_used_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bullets = [{"text": "Twelve people were hurt in Lyon.", "sentence_ids": [0]}]
    line = {**LINE, "article": {**LINE["article"], "bullets": bullets}}
    (out,) = _run(tmp_path, capsys, [json.dumps(line)])
    assert [b["text"] for b in out["bullets"]] == ["Twelve people were hurt in Lyon."]


@pytest.mark.parametrize("argv", [["corroborate", "--help"], ["eval", "corroboration", "--help"]])
def test_help_has_an_example(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    assert "Example" in capsys.readouterr().out


def test_a_missing_file_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corroborate", "--input", "/nonexistent/x.jsonl"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_an_over_long_line_is_an_error_line_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a line longer than the JSONL bound (shrunk here), then a good line
    import parallax.jsonl

    monkeypatch.setattr(parallax.jsonl, "MAX_LINE_CHARS", 1_000)
    monkeypatch.setattr(parallax.jsonl.bounded_lines, "__defaults__", (1_000, 1_000_000))
    # When the batch runs
    out = _run(tmp_path, capsys, ["x" * 5_000, json.dumps(LINE)])
    # Then the long line is a too_large line, never read whole, and the next line is aligned
    assert out[0] == {"line": 1, "error": "too_large", "detail": "the line is too long"}
    assert out[1]["id"] == "a1" and "bullets" in out[1]
