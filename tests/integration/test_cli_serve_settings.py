"""`parallax serve` with settings it cannot use stops at once with one line and a non-zero exit,
never a traceback and never a server that fails each request afterwards (hardening, issue 1);
`parallax brief` says "bad setting" the same way, and a second stop signal is no traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.cli import main
from tests.conftest import PAGES
from tests.support.serve_process import ServeProcess, serve_env

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


@pytest.fixture
def silent_feed() -> Iterator[tuple[int, list[socket.socket]]]:
    """A loopback "feed" that accepts connections and never answers: a poll in progress."""
    accepted: list[socket.socket] = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.2)
        stop = threading.Event()

        def accept() -> None:
            while not stop.is_set():
                try:
                    accepted.append(listener.accept()[0])
                except TimeoutError:
                    continue

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield listener.getsockname()[1], accepted
        stop.set()
        thread.join(timeout=2)
        for conn in accepted:
            conn.close()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (signal.SIGTERM, signal.SIGTERM),
        (signal.SIGINT, signal.SIGINT),
        (signal.SIGINT, signal.SIGTERM),
    ],
    ids=["term-term", "int-int", "int-term"],
)
def test_a_second_stop_signal_while_stopping_is_no_traceback(
    tmp_path: Path,
    silent_feed: tuple[int, list[socket.socket]],
    first: signal.Signals,
    second: signal.Signals,
) -> None:
    # Given serve polling a feed that does not answer
    port, accepted = silent_feed
    catalogue = tmp_path / "catalogue.json"
    outlet = {
        "id": "silent", "name": "Silent", "domains": ["silent.example"], "country": "GB",
        "languages": ["en"], "type": "private", "feeds": [f"http://127.0.0.1:{port}/feed.xml"],
    }  # fmt: skip
    catalogue.write_text(json.dumps({"version": 1, "outlets": [outlet]}), encoding="utf-8")
    env = serve_env(
        tmp_path / "home",
        PARALLAX_CATALOGUE_PATH=str(catalogue),
        PARALLAX_INGEST_INTERVAL_S="60",
        PARALLAX_ALLOW_PRIVATE_HOSTS="1",
        PARALLAX_ALLOWED_PORTS=str(port),
    )
    with ServeProcess(env, console_script=True, args=("--port", "0")) as serve:
        deadline = time.monotonic() + 30
        while not accepted and time.monotonic() < deadline:
            assert serve.process.poll() is None, serve.stderr
            time.sleep(0.05)
        assert accepted, "the poll never started"
        # When it is told to stop twice at once (`timeout` and `uv run` both pass SIGTERM on)
        serve.send_signal(first)
        serve.send_signal(second)
        returncode = serve.wait(timeout=20)
    stderr = serve.stderr
    # Then it stops as asked once, without a traceback
    assert returncode == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "stopping" in stderr


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"PARALLAX_LLM_TIMEOUT_S": "nan"}, "parallax: bad setting: PARALLAX_LLM_TIMEOUT_S: "),
        ({"PARALLAX_LLM_MODEL": " "}, "parallax: bad setting: PARALLAX_LLM_MODEL: "),
        ({"PARALLAX_INDEX_BACKEND": "s3"}, "parallax: bad setting: PARALLAX_INDEX_BUCKET "),
    ],
)
def test_a_bad_setting_is_a_bad_setting_for_brief_too(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    line: str,
) -> None:
    # Given a setting `parallax brief` cannot use
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # When a Brief is asked for on the command line
    code = main(["brief", "https://www.example.org/a", "--html", str(PAGES / "en_article.html")])
    # Then it is the usage error serve gives, not an `internal` problem naming "SettingsError"
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(line) and len(err.strip().splitlines()) == 1, err
