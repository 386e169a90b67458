"""The `parallax` console script: extract, brief, openapi, help."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from parallax.cli import main
from parallax.domain.html_limits import MAX_ATTRIBUTES_PER_ELEMENT, MAX_DEPTH, MAX_ELEMENTS
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


def test_brief_names_the_html_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a --html file that is not there (a newcomer's typo in the README's demo command)
    missing = tmp_path / "tram-derails.html"
    assert main(["brief", "https://www.example.org/a", "--html", str(missing)]) == 1
    problem = json.loads(capsys.readouterr().err)
    # Then the problem names that file, so it does not read as the URL's fetch having failed
    # (before: "cannot read the file: No such file or directory")
    assert problem["code"] == "fetch_failed"
    assert problem["detail"] == f"cannot read the --html file {missing}: No such file or directory"


def test_console_script_is_installed_and_has_help_with_examples() -> None:
    for command in ([], ["serve"], ["brief"], ["extract"], ["openapi"]):
        result = subprocess.run(
            ["parallax", *command, "--help"], capture_output=True, text=True, check=True, timeout=60
        )
        assert "Example" in result.stdout


def test_extract_goes_on_after_a_corrupt_gzip_and_a_url_that_is_not_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a manifest with a corrupt .gz (valid magic, broken deflate stream), a line whose url
    # is a number, and a good page (issue 15, item 7: the batch used to abort)
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    shutil.copy(PAGES / "en_article.html", tmp_path / "en.html")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"id": "gz", "path": "broken.html.gz"}) + "\n"
        + json.dumps({"id": "n", "path": "en.html", "url": 5}) + "\n"
        + json.dumps({"id": "ok", "path": "en.html", "url": "https://www.example.org/a"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    # When the batch runs
    code = main(["extract", "--input", str(manifest)])
    out = _lines(capsys.readouterr().out)
    # Then each bad line has its error and the good page is still extracted
    assert code == 0
    assert [o["id"] for o in out] == ["gz", "n", "ok"]
    assert out[0]["error"] == "unsupported_media"
    assert out[1]["error"] == "invalid_request" and "url" in str(out[1]["detail"])
    assert out[2]["language"] == "en" and "error" not in out[2]


def test_extract_refuses_pages_past_the_structural_limits_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given saved pages just past each of the server's structural limits (issue 15: the CLI did
    # not check them, so a hostile saved page held the batch for minutes) and a real article
    article = (PAGES / "en_article.html").read_text(encoding="utf-8")
    attributes = " ".join(f"a{n}=x" for n in range(MAX_ATTRIBUTES_PER_ELEMENT + 1))
    hostile = {
        "attributes.html": article.replace("<h1", f"<h1 {attributes}", 1),
        "elements.html": article.replace("</body>", "<i></i>" * (MAX_ELEMENTS + 1) + "</body>"),
        "depth.html": article.replace(
            "</body>", "<div>" * (MAX_DEPTH + 1) + "x" + "</div>" * (MAX_DEPTH + 1) + "</body>"
        ),
    }
    for name, html in hostile.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    files = [*(str(tmp_path / name) for name in hostile), str(PAGES / "en_article.html")]
    # When they are extracted in one batch
    code = main(["extract", *files, "--url", "https://www.example-news.test/a"])
    out = _lines(capsys.readouterr().out)
    # Then each hostile page is a too_large line, and the batch goes on to the real article
    assert code == 0
    assert [o["path"] for o in out] == files
    assert [o.get("error") for o in out] == ["too_large", "too_large", "too_large", None]
    assert out[3]["language"] == "en" and out[3]["sentences"]


def test_similarity_on_an_endless_line_stops_cleanly_with_bounded_memory() -> None:
    # Given an input that is one endless line (/dev/zero: it once grew to 23.5 GB)
    # When similarity reads it
    result = subprocess.run(
        ["parallax", "similarity", "--input", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Then the line gets an error, the command stops with a message and no traceback
    assert result.returncode == 1
    assert json.loads(result.stdout.splitlines()[0])["error"] == "too_large"
    assert "does not end" in result.stderr and "Traceback" not in result.stderr


def test_a_too_long_line_is_an_error_and_the_next_line_is_read(tmp_path: Path) -> None:
    # Given a line past the bound followed by a good line
    source = tmp_path / "pairs.jsonl"
    good = {"id": "g", "a": {"text": "The council approved the budget."}, "b": {"text": "Budget."}}
    with source.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "big", "a": {"text": "x" * 4_100_000}, "b": {"text": "y"}}))
        handle.write("\n" + json.dumps(good) + "\n")
    result = subprocess.run(
        ["parallax", "similarity", "--input", str(source)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = _lines(result.stdout)
    assert lines[0] == {"line": 1, "error": "too_large", "detail": "the line is too long"}
    assert lines[1]["id"] == "g" and "score" in lines[1]


def test_a_brief_for_an_invalid_punycode_host_is_a_problem_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given A-labels that decode to nothing (issue 15, item 4: an idna traceback)
    for url in ("http://xn--a/", "https://xn--a.com/", "http://xn--ls8h.com/"):
        # When a Brief is asked for on the command line
        code = main(["brief", url, "--no-related"])
        err = capsys.readouterr().err
        # Then a blocked_url problem is printed, with no traceback
        assert code == 1
        assert json.loads(err)["code"] == "blocked_url" and "Traceback" not in err
