"""A SIGTERM stops `parallax serve` cleanly ("stopping", exit 0) from its first moments, not only
once it serves: its handler was set after the imports and the services (a second or more), and a
SIGTERM before ended the process by the signal (-15) without a word.

No timing is assumed: the test waits until the process has a handler for SIGTERM (Linux's
/proc/PID/status `SigCgt`), then sends it. With the handler set only once serving, that moment
came after the "Parallax serving on" line; now it comes while the CLI still imports."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

import parallax.entry
from parallax.api.local_server import LocalServer
from parallax.cli import main
from tests.support.serve_process import ServeProcess, serve_env

_SERVING = "Parallax serving on"


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler of its own for SIGTERM (its `SigCgt` mask)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/status")
@pytest.mark.parametrize("after_s", [0.0, 0.2, 0.5], ids=["at-once", "0.2s", "0.5s"])
def test_a_sigterm_right_after_serve_starts_stops_it_cleanly(
    tmp_path: Path, after_s: float
) -> None:
    # Given `parallax serve` in its own process, as `make run` starts it
    with ServeProcess(serve_env(tmp_path), console_script=True, args=("--port", "0")) as serve:
        # When it has a handler for SIGTERM (and, in two cases, a moment later: while it
        # imports, while it builds its services or, on a fast machine, once it serves)
        deadline = time.monotonic() + 30
        while not _catches_sigterm(serve.process.pid):
            assert serve.process.poll() is None, serve.stderr
            assert time.monotonic() < deadline, "no SIGTERM handler within 30 s"
            time.sleep(0.002)
        time.sleep(after_s)
        returncode = serve.stop(signal.SIGTERM, timeout=30)
    stderr = serve.stderr
    # Then it says "stopping" and exits 0, without a traceback
    assert returncode == 0, stderr
    assert "stopping" in stderr.splitlines(), stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    if after_s == 0.0:
        # And the handler was there before it served (before: only once serving, so this
        # first SIGTERM came after the start lines)
        assert _SERVING not in stderr, stderr


def test_a_sigterm_serve_could_not_act_on_while_starting_stops_it_before_serving(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Given serve started after a SIGTERM whose exit Python could not raise where it came (in
    # a finaliser: "Exception ignored"), so only the mark it left says a stop was asked
    monkeypatch.setenv("PARALLAX_HOME", str(tmp_path))
    monkeypatch.setenv("PARALLAX_INGEST_INTERVAL_S", "0")
    monkeypatch.setenv("PARALLAX_PROVIDERS", "index")
    asked = parallax.entry.StopOnSigterm()
    asked.requested = True
    previous = signal.signal(signal.SIGTERM, asked)

    def serves(self: LocalServer) -> None:
        raise AssertionError("served although a stop was asked")

    monkeypatch.setattr(LocalServer, "serve_forever", serves)
    try:
        # When serve comes to serving
        code = main(["serve", "--port", "0"])
        # Then it stops instead (before: it served until the next signal), and leaves the
        # handlers as it found them
        assert code == 0
        assert _SERVING in capsys.readouterr().err
        assert signal.getsignal(signal.SIGTERM) is asked
    finally:
        signal.signal(signal.SIGTERM, previous)
