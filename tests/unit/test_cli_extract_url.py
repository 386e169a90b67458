"""`parallax extract --url` takes the addresses the API takes, and refuses the others as a usage
error with the API's own words (hardening, issue 3): it took any string, and read pages as if
served from `ftp://x` or `not a url`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from parallax.cli import main
from parallax.domain.models import BriefRequest
from tests.conftest import PAGES

_PAGE = str(PAGES / "en_article.html")

_REFUSED = [
    "ftp://x",
    "not a url",
    "http://",
    "https://",
    "//example.org/a",
    "https://example.org/" + "a" * 5000,
    "https://exa mple.org/a",
    "https://example.org:99999/a",
    "https://[::1/a",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "",
    "   ",
]
_TAKEN = ["https://example.org/a", "HTTP://Example.org", " https://example.org/a?b=1#c "]


def _api_refuses(url: str) -> bool:
    try:
        BriefRequest.model_validate({"url": url})
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("url", _REFUSED, ids=lambda u: repr(u[:40]))
def test_a_url_the_api_refuses_is_a_usage_error(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a --url POST /v1/briefs would refuse
    assert _api_refuses(url)
    # When extract is run with it
    with pytest.raises(SystemExit) as caught:
        main(["extract", _PAGE, "--url", url])
    captured = capsys.readouterr()
    # Then it is a usage error (exit 2) naming the option and why, and nothing is extracted
    assert caught.value.code == 2
    assert "argument --url: " in captured.err and "Try 'parallax extract --help'" in captured.err
    assert captured.out == ""
    assert "Traceback" not in captured.err and len(captured.err) < 1000


@pytest.mark.parametrize("url", _TAKEN)
def test_a_url_the_api_takes_is_used(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert not _api_refuses(url)
    assert main(["extract", _PAGE, "--url", url]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["is_article"] is True


def test_the_usage_error_says_what_the_api_says(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", _PAGE, "--url", "https://example.org:99999/"])
    assert (
        capsys.readouterr()
        .err.splitlines()[0]
        .endswith("argument --url: URL must have a valid host and port")
    )


def test_a_manifest_line_with_a_bad_url_is_an_error_line_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a manifest whose first line names a URL the API would refuse
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"id": "bad", "path": _PAGE, "url": "ftp://x"})
        + "\n"
        + json.dumps({"id": "good", "path": _PAGE, "url": "https://example.org/a"})
        + "\n",
        encoding="utf-8",
    )
    # When the batch is run
    code = main(["extract", "--input", str(manifest)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Then that line is an invalid_request with the API's words, and the next one is read
    assert code == 0
    assert lines[0] == {
        "id": "bad",
        "path": _PAGE,
        "error": "invalid_request",
        "detail": "URL must be an absolute http or https address",
    }
    assert lines[1]["id"] == "good" and lines[1]["is_article"] is True
