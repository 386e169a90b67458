"""The `parallax` console script: extract, brief, openapi, help."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from parallax.cli import main
from tests.conftest import PAGES


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_extract_files_one_line_each_and_goes_on_after_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a plain page, a gzipped page, a binary file, a home page and a missing file
    gz = tmp_path / "de.html.gz"
    gz.write_bytes(gzip.compress((PAGES / "de_article.html").read_bytes()))
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    files = [
        str(PAGES / "en_article.html"),
        str(gz),
        str(binary),
        str(PAGES / "home.html"),
        str(tmp_path / "nope.html"),
    ]
    # When they are extracted in one batch
    code = main(["extract", *files, "--url", "https://www.example-news.test/a"])
    out = _lines(capsys.readouterr().out)
    # Then there is one line per file, in order, errors as codes; the home page's text is there
    # too, judged not an article, with the reason a Brief would give
    assert code == 0
    assert [o["path"] for o in out] == files
    assert out[0]["language"] == "en" and out[0]["title"] and out[0]["sentences"]
    assert out[0]["is_article"] is True and out[0]["page_type"] == "article"
    assert out[1]["language"] == "de" and out[1]["is_article"] is True
    assert out[2]["error"] == "unsupported_media"
    assert out[3]["is_article"] is False and out[3]["text"]
    assert out[3]["page_type"] in {"front", "listing"}
    assert out[3]["reason"] in {"section_front", "listing"} and out[3]["detail"]
    assert out[4]["error"] == "fetch_failed"


def test_extract_manifest_echoes_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(PAGES / "fr_article.html", tmp_path / "fr.html")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"id": "a1", "path": "fr.html", "url": "https://www.example.fr/x"}) + "\n"
        + "not json\n"
        + json.dumps({"id": "a2", "path": "missing.html"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    assert main(["extract", "--input", str(manifest)]) == 0
    out = _lines(capsys.readouterr().out)
    assert out[0]["id"] == "a1" and out[0]["language"] == "fr"
    assert out[0]["url"] == "https://www.example.fr/x"
    assert out[1]["error"] == "invalid_request"
    assert out[2]["id"] == "a2" and out[2]["error"] == "fetch_failed"


def test_brief_from_saved_html(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "brief",
            "https://www.example.de/politik/1",
            "--html",
            str(PAGES / "de_article.html"),
            "--language",
            "de",
        ]
    )
    assert code == 0
    brief = json.loads(capsys.readouterr().out)
    assert brief["article"]["language"] == "de" and brief["summary"]["bullets"]


def test_brief_bad_input_is_a_problem_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "ftp://example.org/x"]) == 2
    assert json.loads(capsys.readouterr().err)["code"] == "invalid_request"
    assert main(["brief", "https://example.org/x", "--language", "klingon"]) == 2


def test_console_script_is_installed_and_has_help_with_examples() -> None:
    for command in ([], ["serve"], ["brief"], ["extract"], ["openapi"]):
        result = subprocess.run(
            ["parallax", *command, "--help"], capture_output=True, text=True, check=True, timeout=60
        )
        assert "Example" in result.stdout
