"""`parallax eval` and `parallax summarize` on small inputs the tests write themselves."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from parallax.cli import main

ARTICLE_EN = (
    "The city council approved the new budget on Monday after a long debate. "
    "The plan raises spending on schools and public transport by five percent. "
    "Opposition members said the increase was not enough to cover rising costs. "
    "The mayor said the budget was balanced and would take effect in May. "
    "A final vote on the transport levy is expected next month."
)
ARTICLE_DE = (
    "In Deutschland wütet am Donnerstag das Sturmtief Ignatz. Es wird von umgestürzten Bäumen "
    "berichtet. Die Behörden warnen vor herabfallenden Ästen. Der Bahnverkehr ist in mehreren "
    "Bundesländern eingeschränkt. Am Freitag soll sich die Lage beruhigen."
)


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- summarize -----------------------------------------------------------------------------------


def test_summarize_one_line_per_input_line_and_goes_on_after_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given good lines in both field spellings and every kind of bad line
    lines = [
        json.dumps({"id": "en", "text": ARTICLE_EN, "language": "en"}),
        json.dumps({"id": "de", "article": ARTICLE_DE, "lang": "de"}),
        "not json",
        json.dumps([1, 2]),
        json.dumps({"id": "no-text", "language": "en"}),
        json.dumps({"id": "empty", "text": "  \n ", "language": "en"}),
        json.dumps({"id": "bad-tag", "text": ARTICLE_EN, "language": "!!"}),
        json.dumps(
            {"id": "sw", "text": "Habari ya asubuhi. Jina langu ni Juma.", "language": "sw"}
        ),
        json.dumps({"id": "one", "text": "Only one sentence here", "language": "en"}),
        # mojibake: UTF-8 read as Windows-1252
        json.dumps(
            {
                "id": "moji",
                "text": "F\u00c3\u00bcr die \u00c3\u2013ffentlichkeit gilt: \u00c3\u00a4rger. " * 5,
            }
        ),
        "",
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        ("\n".join(lines) + "\n").encode("utf-8")
        + b'{"id": "bytes", "text": "Caf\xe9 au lait. Un autre.", "language": "fr"}\n'
    )
    # When they are summarised
    code = main(["summarize", "--input", str(source)])
    out = _lines(capsys.readouterr().out)
    # Then each non-blank line has its answer, in order
    assert code == 0
    assert len(out) == 11
    en, de, not_json, array, no_text, empty, bad_tag, sw, one, moji, raw = out
    assert en["id"] == "en" and 1 <= len(en["sentences"]) <= 3
    assert en["summary"] == " ".join(en["sentences"])
    assert all(s in ARTICLE_EN for s in en["sentences"])
    assert de["id"] == "de" and de["sentences"] and "notice" not in de
    assert not_json == {"line": 3, "error": "invalid_request", "detail": "the line is not JSON"}
    assert array["error"] == "invalid_request" and array["line"] == 4
    assert no_text["id"] == "no-text" and no_text["error"] == "invalid_request"
    assert empty["error"] == "invalid_request"
    assert bad_tag["error"] == "invalid_request"
    assert sw["sentences"] and sw["notice"] == "unsupported_language"
    assert one["sentences"] == ["Only one sentence here"]
    assert moji["sentences"] and "error" not in moji
    assert raw["id"] == "bytes" and "error" not in raw


def test_summarize_sentences_option_and_a_megabyte_of_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = (ARTICLE_EN + "\n") * (1_000_000 // len(ARTICLE_EN))
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 1, "text": ARTICLE_EN, "language": "en"})
        + "\n"
        + json.dumps({"id": 2, "text": big, "language": "en"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["summarize", "--input", str(source), "--sentences", "1"]) == 0
    first, second = _lines(capsys.readouterr().out)
    assert len(first["sentences"]) == 1
    assert second["id"] == 2 and ("sentences" in second or "error" in second)


def test_summarize_survives_a_lone_surrogate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # JSON may escape a lone surrogate, which UTF-8 cannot encode; the line must still come out.
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "s\\ud800", "text": "A \\ud800 b. Then a sentence."}\n')
    assert main(["summarize", "--input", str(source)]) == 0
    (line,) = _lines(capsys.readouterr().out)
    assert line["id"] == "s\ud800" and line["sentences"]


def test_summarize_usage_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["summarize", "--input", "x.jsonl", "--sentences", "0"])
    assert usage.value.code == 2
    assert main(["summarize", "--input", str(tmp_path / "missing.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["summarize", "--help"],
        ["eval", "--help"],
        ["eval", "extraction", "--help"],
        ["eval", "retrieval", "--help"],
    ],
)
def test_help_has_an_example(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    assert "Example" in capsys.readouterr().out


# --- eval ----------------------------------------------------------------------------------------


def _page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<html lang='en'><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Share on Facebook. Subscribe to our newsletter.</footer></body></html>"
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    zyte = root / "extraction" / "zyte"
    (zyte / "pages").mkdir(parents=True)
    body = ARTICLE_EN.replace(". ", ".\n")
    truth = {"id": "p1", "url": "https://news.example/a/1", "body": body}
    (zyte / "truth.jsonl").write_text(json.dumps(truth) + "\n", encoding="utf-8")
    (zyte / "pages" / "p1.html.gz").write_bytes(
        gzip.compress(_page("Council approves budget", body).encode("utf-8"))
    )
    summaries = root / "summaries"
    summaries.mkdir()
    item = {"id": "s1", "lang": "en", "article": ARTICLE_EN, "reference": ARTICLE_EN[:140]}
    (summaries / "cnndm-dev.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    return root


def test_eval_extraction_prints_a_table_and_writes_json(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports" / "extraction.json"
    code = main(["eval", "extraction", "--data", str(data), "--sets", "zyte", "--json", str(out)])
    table = capsys.readouterr().out
    assert code == 0
    assert "zyte" in table and "body_f1" in table and "trafilatura" in table
    report = json.loads(out.read_text(encoding="utf-8"))
    zyte = report["sets"]["zyte"]
    assert zyte["items"] == 1
    assert zyte["ours"]["scores"]["body_f1"] > 0.8
    assert 0 < zyte["baseline"]["scores"]["body_f1"] <= 1
    assert zyte["ours"]["time"]["mean_ms"] > 0


def test_eval_summaries_prints_a_table(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "summaries", "--data", str(data), "--sets", "cnndm-dev"])
    table = capsys.readouterr().out
    assert code == 0
    assert "cnndm-dev" in table and "rougeLsum" in table and "Lead-3" in table


def test_eval_without_data_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "extraction", "--data", str(tmp_path / "nowhere")]) == 1
    assert "no evaluation data" in capsys.readouterr().err


def test_eval_retrieval_without_data_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a data folder without the related files
    assert main(["eval", "retrieval", "--data", str(tmp_path / "nowhere")]) == 1
    assert "no evaluation data" in capsys.readouterr().err
    (tmp_path / "related").mkdir()
    # When the folder exists but holds no uci-dev.csv
    assert main(["eval", "retrieval", "--data", str(tmp_path)]) == 1
    # Then the error names the missing file
    assert "uci-dev.csv" in capsys.readouterr().err


def test_eval_with_a_missing_set_or_an_unknown_one(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "extraction", "--data", str(data), "--sets", "wcxb-articles-dev"]) == 1
    assert "truth.jsonl" in capsys.readouterr().err
    assert main(["eval", "summaries", "--data", str(data), "--sets", "nope"]) == 2
    assert "unknown set" in capsys.readouterr().err
