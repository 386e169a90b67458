"""`parallax serve` with settings it cannot use stops at once with one line and a non-zero exit,
never a traceback and never a server that fails each request afterwards (hardening, issue 1)."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator

import pytest

_SECRET = "sk-ant-api03-NEVER-PRINT-THIS"


def _serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``parallax serve`` in its own process; one that starts serving is stopped after 20 s and
    counts as the failure it is here."""
    return subprocess.run(
        ["parallax", "serve", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=20,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize(
    ("env", "exit_code", "line"),
    [
        ({"PARALLAX_PORT": "seventy"}, 2, "parallax: bad setting: PARALLAX_PORT: "),
        (
            {"PARALLAX_LLM_MODEL": "   "},
            2,
            "parallax: bad setting: PARALLAX_LLM_MODEL: must not be blank",
        ),
        (
            {"PARALLAX_LLM_PROVIDER": _SECRET},
            2,
            "parallax: bad setting: PARALLAX_LLM_PROVIDER: ",
        ),
        # Checked when the adapters are built: before, the server started and failed requests
        (
            {"PARALLAX_INDEX_BACKEND": "s3"},
            2,
            "parallax: bad setting: PARALLAX_INDEX_BUCKET is required",
        ),
        (
            {"PARALLAX_CATALOGUE_PATH": "/nonexistent/catalogue.json"},
            1,
            "parallax serve: cannot start: CatalogueError: cannot read the outlet catalogue",
        ),
    ],
    ids=["not-a-number", "blank", "secret-in-wrong-variable", "s3-without-bucket", "catalogue"],
)
def test_a_bad_setting_stops_serve_with_one_line(
    env: dict[str, str], exit_code: int, line: str
) -> None:
    # Given a setting serve cannot use
    # When serve is started
    result = _serve(env, "--port", "0")
    # Then it exits non-zero with one line saying which setting and why, and no traceback
    assert result.returncode == exit_code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(line), result.stderr
    assert "Traceback" not in result.stderr and _SECRET not in result.stderr
    assert result.stdout == ""


def test_a_port_in_use_stops_serve_with_one_line(busy_port: int) -> None:
    # Given the port is taken by another program
    result = _serve({}, "--port", str(busy_port))
    # Then serve says so in one line and exits 1, instead of an OSError traceback
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        f"parallax serve: cannot listen on 127.0.0.1:{busy_port}: Address already in use"
    )
