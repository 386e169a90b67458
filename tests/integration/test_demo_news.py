"""The README's offline demo (`scripts/demo_news.py`): the commands it prints, run as written,
show related coverage in both tiers without network (session 17: a newcomer trying the product
on loopback saw none, and the README said only why)."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from parallax.cli import main
from tests.support.serve_process import ServeProcess, serve_env

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "demo_news.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_news", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its NamedTuple looks itself up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_demos_commands_show_the_story_elsewhere_and_on_the_topic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the made-up news world written where the README says
    demo = _script()
    assert demo.main([str(tmp_path / "demo")]) == 0
    printed = capsys.readouterr().err
    lines = [line.strip() for line in printed.splitlines()]
    # When its printed commands are run as written (the environment, then ingest and brief)
    export = next(line for line in lines if line.startswith("export "))
    for pair in shlex.split(export)[1:]:
        name, value = pair.split("=", 1)
        monkeypatch.setenv(name, value)
    commands = [shlex.split(line)[3:] for line in lines if line.startswith("uv run parallax ")]
    assert [c[0] for c in commands] == ["ingest", "brief"]
    assert main(commands[0]) == 0
    ingested = json.loads(capsys.readouterr().out)
    assert (ingested["items_inserted"], ingested["items_skipped"]) == (4, 0)
    assert main(commands[1]) == 0
    related = json.loads(capsys.readouterr().out)["related"]
    # Then the Brief lists the other outlets' reports of the derailment as the same story (in
    # English and French) and the brake inspection nine days before on the topic
    same = {item["outlet"]["name"] for item in related["items"]}
    assert {"Rhone Post", "Journal du Rhône", "Valley Herald"} == same, related
    assert [item["title"] for item in related["topic"]] == [
        "Lyon orders brake inspection of older trams"
    ]
    assert related["index"]["status"] == "filled" and not related["partial"]
    # And the demo's index is its own, never the reader's
    assert str(tmp_path / "demo" / "home") in export


def test_make_demo_serves_the_page_and_the_backend_in_one_process(tmp_path: Path) -> None:
    # Given the demo as `make demo` starts it (before: two terminals, one for http.server), its
    # page and backend on free ports
    command = [sys.executable, str(SCRIPT), "--serve", "--site-port", "0", str(tmp_path / "demo")]
    env = serve_env(tmp_path / "elsewhere", PARALLAX_PORT="0")
    with ServeProcess(env, command=command) as demo:
        base_url = demo.wait_serving()
        page_url = demo.wait_for(re.compile(r"Demo page: (http://\S+)")).group(1)
        # When the reader opens the page and the extension asks for its Brief
        page = httpx.get(page_url, timeout=10)
        body = {"url": page_url, "html": page.text, "language": "en"}
        brief = httpx.post(f"{base_url}/v1/briefs", json=body, timeout=60)
        code = demo.stop(signal.SIGTERM)
    # Then the page is served, and the Brief lists the story elsewhere and on the topic from the
    # demo's own index (its own home, whatever PARALLAX_HOME said)
    assert page.status_code == 200 and "tram" in page.text.lower()
    assert brief.status_code == 200, brief.text
    related = brief.json()["related"]
    assert len(related["items"]) == 3 and len(related["topic"]) == 1, related
    assert related["index"]["status"] == "filled" and not related["partial"], related
    # And its start lines say the index holds the demo's items (before: "fill it with `parallax
    # ingest --once`", beside the index the demo had just filled)
    assert "feed index: not polled (PARALLAX_INGEST_INTERVAL_S=0); it holds 4 items" in demo.stderr
    # And Ctrl-C's sibling stops both, cleanly
    assert code == 0 and "Traceback" not in demo.stderr, demo.stderr


@pytest.mark.parametrize("spelling", ["{port}", "{port}.0"])
def test_make_demo_with_its_backend_port_taken_says_so_before_any_page_line(
    tmp_path: Path, spelling: str
) -> None:
    # Given another program listening on the backend's port, PARALLAX_PORT as serve reads it
    # ("8787.0" is serve's 8787; attack16: the demo's own int() skipped the check)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [
            sys.executable,
            str(SCRIPT),
            "--serve",
            "--site-port",
            "0",
            str(tmp_path / "demo"),
        ]
        env = serve_env(tmp_path / "elsewhere", PARALLAX_PORT=spelling.format(port=port))
        # When `make demo` starts
        done = subprocess.run(
            command, check=False, env=env, capture_output=True, text=True, timeout=120
        )
    # Then it stops at once with one line naming the port and how to pick another, and no
    # "Demo page: ... the backend URL: the line below" pointing at that error (before)
    assert done.returncode == 1, done.stderr
    assert f"demo: the backend cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "PARALLAX_PORT=8788 make demo" in done.stderr
    assert "Demo page:" not in done.stderr and "Traceback" not in done.stderr


def test_make_demo_with_the_page_on_the_backends_port_says_so_at_once(tmp_path: Path) -> None:
    # Given DEMO_SITE_PORT set to the backend's port (attack15: the page took it, then serve
    # said "cannot listen" under a "Demo page" line pointing at it)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    command = [sys.executable, str(SCRIPT), "--serve", "--site-port", str(port), str(tmp_path)]
    env = serve_env(tmp_path / "elsewhere", PARALLAX_PORT=str(port))
    # When `make demo` starts
    done = subprocess.run(
        command, check=False, env=env, capture_output=True, text=True, timeout=120
    )
    # Then it stops at once, saying both were asked for one port
    assert done.returncode == 1, done.stderr
    assert f"the page and the backend cannot both listen on 127.0.0.1:{port}" in done.stderr
    assert "Demo page:" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("mode", [0o777, 0o1777], ids=["open-to-all", "open-to-all-sticky"])
def test_the_demo_writes_into_no_directory_others_may_write_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    # Given the demo's directory open to every user of the machine (`make demo` writes under the
    # predictable /tmp/parallax-demo: another user could have made it first, with links in it)
    demo = _script()
    out = tmp_path / "demo"
    out.mkdir()
    out.chmod(mode)
    # When the demo is asked to write there
    code = demo.main([str(out)])
    # Then it refuses, naming the place, and writes nothing there (attack12: it wrote its feeds
    # through whatever links were there, over the reader's own files)
    assert code == 1
    assert f"demo: {out} may be changed by other users" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_the_demo_writes_under_a_sticky_directory_open_to_all(tmp_path: Path) -> None:
    # Given a directory like /tmp (open to all, sticky: no one replaces what is another's)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    # When the demo writes its own directory in it, then it does
    assert _script().main([str(shared / "demo")]) == 0
    assert (shared / "demo" / "feeds").is_dir()


def test_the_demo_writes_under_no_directory_open_to_all_that_is_not_sticky(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a directory open to all without the sticky bit: anyone may rename the demo's away
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    # When the demo is asked to write below it, then it refuses, naming it
    assert _script().main([str(shared / "demo")]) == 1
    assert f"demo: {shared} may be changed by other users" in capsys.readouterr().err
    assert not (shared / "demo").exists()


def test_the_demo_writes_into_no_directory_its_group_s_other_members_may_write_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the demo's directory writable by its group (a team's shared directory, 2775), a
    # group another user of the machine is in
    import grp

    out = tmp_path / "demo"
    out.mkdir()
    out.chmod(0o2775)
    group = grp.getgrgid(out.stat().st_gid)
    shared = grp.struct_group((group.gr_name, group.gr_passwd, group.gr_gid, ["mallory"]))
    monkeypatch.setattr(grp, "getgrgid", lambda gid: shared)
    # When the demo is asked to write there
    code = _script().main([str(out)])
    # Then it refuses, naming the place, and writes nothing there (before: only a directory open
    # to all was refused; the group's other members could plant links as in /tmp)
    assert code == 1
    assert f"demo: {out} may be changed by other users" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_the_demo_writes_into_a_group_writable_directory_of_its_own_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the demo's directory writable by its group, a group of the reader's alone (the
    # private group a user is given)
    import grp

    out = tmp_path / "demo"
    out.mkdir()
    out.chmod(0o775)
    group = grp.getgrgid(out.stat().st_gid)
    alone = grp.struct_group((group.gr_name, group.gr_passwd, group.gr_gid, []))
    monkeypatch.setattr(grp, "getgrgid", lambda gid: alone)
    monkeypatch.setattr("pwd.getpwall", lambda: [])
    # When the demo writes there, then it does
    assert _script().main([str(out)]) == 0
    assert (out / "feeds").is_dir()
