"""bench/replay_spa_head.py replays capturePage's emptying of a stale head in Python: its tag
lists, ``addressNamesAnArticle``'s patterns, ``showsOwnHeadline``'s word count and the route
rule are copies of extension/lib/page.js. Nothing kept the copies equal, so a change in page.js
would leave the replay measuring a rule the extension no longer applies. These checks read the
JavaScript constants with regexes and name what drifted."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterable
from types import ModuleType

import pytest

from parallax.domain import urls
from tests.conftest import REPO

PAGE_JS = REPO / "extension" / "lib" / "page.js"
STATE_JS = REPO / "extension" / "lib" / "state.js"
REPLAY = REPO / "bench" / "replay_spa_head.py"

# A JavaScript regex literal: escapes, character classes (which may hold "/"), other characters.
REGEX_LITERAL = r"/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n\[])+)/([a-z]*)"


def _replay() -> ModuleType:
    spec = importlib.util.spec_from_file_location("replay_spa_head", REPLAY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def replay() -> ModuleType:
    return _replay()


@pytest.fixture(scope="module")
def page_js() -> str:
    return PAGE_JS.read_text(encoding="utf-8")


def _js_set(source: str, name: str) -> set[str]:
    found = re.search(rf"const {name} = new Set\(\[(.*?)\]\);", source, re.DOTALL)
    assert found is not None, f"extension/lib/page.js declares no `const {name} = new Set([...])`"
    return set(re.findall(r'"([^"]*)"', found.group(1)))


def _js_function(source: str, name: str) -> str:
    """The body of ``const name = (...) => { ... };`` (up to the first line closing it at the
    declaration's own indent)."""
    found = re.search(rf"^( *)const {name} = \([^)]*\) =>(.*?)^\1\S", source, re.DOTALL | re.M)
    assert found is not None, f"extension/lib/page.js declares no `const {name} = (...) =>`"
    return found.group(2)


def _js_regexes(code: str) -> list[tuple[str, str]]:
    """Regex literals where page.js uses them (``/x/.test(``, ``.replace(/x/``, ``.split(/x/``,
    ``= /x/``) as (source with ``\\/`` unescaped, flags)."""
    uses = rf"(?:(?:replace|split)\(|=\s*){REGEX_LITERAL}|{REGEX_LITERAL}\.test\("
    found = []
    for match in re.finditer(uses, code):
        source, flags = match.group(1, 2) if match.group(1) is not None else match.group(3, 4)
        found.append((source.replace(r"\/", "/"), flags))
    return found


def _difference(what: str, in_js: Iterable[object], in_replay: Iterable[object]) -> str:
    js_set, replay_set = set(in_js), set(in_replay)
    js_only = sorted(map(str, js_set - replay_set))
    replay_only = sorted(map(str, replay_set - js_set))
    return (
        f"bench/replay_spa_head.py's {what} drifted from extension/lib/page.js: "
        f"only in page.js {js_only}, only in the replay {replay_only}"
    )


@pytest.mark.parametrize("name", ["PAGE_TYPES", "NODE_KEEPS", "SITE_TAGS", "PAGE_TAGS"])
def test_the_replays_tag_lists_are_capture_pages(
    replay: ModuleType, page_js: str, name: str
) -> None:
    in_js = _js_set(page_js, name)
    in_replay = getattr(replay, name)
    assert in_js, f"page.js's {name} reads as empty: the check would prove nothing"
    assert in_js == in_replay, _difference(name, in_js, in_replay)


def test_the_replays_article_address_patterns_are_capture_pages(
    replay: ModuleType, page_js: str
) -> None:
    body = _js_function(page_js, "addressNamesAnArticle")
    in_js = Counter(_js_regexes(body))
    in_replay = Counter(replay.ARTICLE_ADDRESS_PATTERNS.values())
    assert sum(in_js.values()) >= 5, f"read {dict(in_js)} from addressNamesAnArticle: too few"
    assert in_js == in_replay, _difference("ARTICLE_ADDRESS_PATTERNS", in_js, in_replay)
    thresholds = re.findall(r"\.length >= (\d+)", body)
    assert thresholds == [str(replay.MIN_ARTICLE_WORDS)], (
        f"addressNamesAnArticle counts a segment of {thresholds} words as an article's, the "
        f"replay MIN_ARTICLE_WORDS = {replay.MIN_ARTICLE_WORDS}"
    )


def test_the_replays_headline_rule_is_capture_pages(replay: ModuleType, page_js: str) -> None:
    body = _js_function(page_js, "showsOwnHeadline")
    cjk = re.search(rf"const cjk = {REGEX_LITERAL};", body)
    assert cjk is not None, "showsOwnHeadline declares no `const cjk = /.../`"
    assert cjk.group(1) == replay.HAN_OR_KANA.pattern, (
        f"showsOwnHeadline's characters counted as words drifted: page.js {cjk.group(1)}, "
        f"the replay's HAN_OR_KANA {replay.HAN_OR_KANA.pattern}"
    )
    assert re.findall(r"words >= (\d+)", body) == [str(replay.MIN_HEADLINE_WORDS)], (
        "showsOwnHeadline's headline length drifted from the replay's MIN_HEADLINE_WORDS"
    )


def _path_like(source: str, where: str) -> str:
    found = re.search(rf"PATH_LIKE_FRAGMENT = {REGEX_LITERAL};", source)
    assert found is not None, f"{where} declares no `PATH_LIKE_FRAGMENT = /.../`"
    return found.group(1).replace(r"\/", "/")


def test_one_route_rule_in_the_page_the_worker_the_backend_and_the_replay(
    replay: ModuleType, page_js: str
) -> None:
    # Given the rule "a fragment that reads as a path is a route" as each place writes it
    rules = {
        "extension/lib/page.js (capturePage)": _path_like(page_js, "page.js"),
        "extension/lib/state.js (pageKey)": _path_like(STATE_JS.read_text("utf-8"), "state.js"),
        "bench/replay_spa_head.py": replay.PATH_LIKE_FRAGMENT.pattern,
        # fullmatch'ed, so written without anchors
        "functions/parallax/domain/urls.py (hash_route)": (f"^{urls._PATH_LIKE_FRAGMENT.pattern}$"),
    }
    # Then it is one rule
    assert len(set(rules.values())) == 1, f"the route rule drifted apart: {rules}"
