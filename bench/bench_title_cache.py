"""Headlines sent to the model, and model calls, for the readers of one story: without the cache of
headline translations (size 0) and with it (the default), in the same run.

Readers come from ../shared/data/related/uci-dev.csv: the stories with at least 30 headlines, and
in each the first ``--readers`` rows in time order, each read by a German reader (every English
headline is foreign), every ``--switch``-th of them then switching to French (the same related
list into another language). A reader's related list is what the index would hold of the story
then: the 15 latest other headlines of the story published up to the reader's article, and on
the topic the 15 latest of other stories of its category (UCI's CATEGORY). The headlines go
through the real translator and SDK to the loopback fake of the Messages API, which answers
each with a translation the parser's checks accept, and counts what each request asks for.
The fake answers at once: this counts what the model is paid for, not its latency.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sys
import tracemalloc
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, REPO, bench_parser, machine

_ITEMS = 15
_TOPIC = 15
_ANSWERS = {
    "de": "Die Zeitung berichtet heute über die neue Meldung {code}",
    "fr": "Le journal parle aujourd'hui de la nouvelle {code}",
}


def _code(text: str) -> str:
    """Letters standing for ``text`` (no digits: the parser refuses numbers the headline lacks)."""
    n = zlib.crc32(text.encode("utf-8"))
    letters = []
    for _ in range(6):
        n, r = divmod(n, 26)
        letters.append(chr(ord("a") + r))
    return "".join(letters)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        sys.exit(f"missing {path}: the evaluation data lives in ../shared/data")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda row: int(row["TIMESTAMP"]))
    return rows


def _briefs(
    rows: list[dict[str, str]], readers: int, switch: int, min_rows: int
) -> list[tuple[str, list[str]]]:
    """(reader's language, foreign headlines: the story's first, then the topic's) per Brief, in
    the order the readers come (story after story, each story's readers in time order)."""
    stories: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        stories[row["STORY"]].append(row)
    briefs: list[tuple[str, list[str]]] = []
    for story, story_rows in stories.items():
        if len(story_rows) < min_rows:
            continue
        for count, row in enumerate(story_rows[:readers], start=1):
            time = int(row["TIMESTAMP"])
            same = [r for r in story_rows if r is not row and int(r["TIMESTAMP"]) <= time]
            same = same[-_ITEMS:] or [r for r in story_rows if r is not row][:_ITEMS]
            topic = [
                r
                for r in rows
                if r["CATEGORY"] == row["CATEGORY"]
                and r["STORY"] != story
                and int(r["TIMESTAMP"]) <= time
            ][-_TOPIC:]
            titles = [r["TITLE"] for r in same] + [r["TITLE"] for r in topic]
            briefs.append(("de", titles))
            if switch and count % switch == 0:
                briefs.append(("fr", titles))
    return briefs


def _run(briefs: list[tuple[str, list[str]]], cache_size: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from pydantic import SecretStr
    from tests.support.fake_anthropic import FakeAnthropic, RecordedRequest, Reply, tool_use_message

    from parallax.adapters.llm import AnthropicClientFactory, LlmSettings, LlmTitleTranslator

    headline = re.compile(r'<t id="(\d+)">(.*?)</t>', re.S)
    sent: list[int] = []

    def answer(request: RecordedRequest) -> Reply:
        pairs = headline.findall(request.user_message)
        sent.append(len(pairs))
        form = _ANSWERS["fr" if "French" in request.user_message else "de"]
        items = [{"id": int(i), "text": form.format(code=_code(text))} for i, text in pairs]
        return Reply(200, tool_use_message(request, {"translations": items}))

    logging.getLogger("parallax").setLevel(logging.ERROR)
    with FakeAnthropic() as fake:
        fake.default = answer
        settings = LlmSettings(
            provider="anthropic",
            base_url=fake.base_url,
            api_key=SecretStr("bench"),
            timeout_s=10,
            translate_cache_size=cache_size,
        )
        translator = LlmTitleTranslator(AnthropicClientFactory(settings), settings)
        asked = translated = 0
        calls_per_brief: list[int] = []
        for language, titles in briefs:
            before = len(sent)
            out = translator.translate(titles, language, ["en"] * len(titles))
            calls_per_brief.append(len(sent) - before)
            asked += len(titles)
            translated += sum(title is not None for title in out.titles)
    return {
        "cache_size": cache_size,
        "briefs": len(briefs),
        "headlines_asked": asked,
        "headlines_translated": translated,
        "headlines_sent": sum(sent),
        "calls": len(sent),
        "briefs_without_call": sum(calls == 0 for calls in calls_per_brief),
    }


def _memory(rows: list[dict[str, str]], entries: int) -> float:
    """Bytes a cache of ``entries`` UCI headlines (and German answers) holds, by tracemalloc."""
    from parallax.adapters.llm.title_cache import TitleCache

    titles = [row["TITLE"] for row in rows][:entries]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    cache = TitleCache(entries)
    for title in titles:
        # Copies, as the SDK's parsed answer and the related items are each their own strings.
        key = ("".join(title), "en", "de", "claude-haiku-4-5")
        cache.put(key, _ANSWERS["de"].format(code=_code(title)) + "")
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return held / max(1, len(cache))


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser(
        __doc__,
        "uv run python bench/bench_title_cache.py\n"
        "uv run python bench/bench_title_cache.py --readers 5 --switch 0 --json /tmp/tc.json",
        data=DATA / "related" / "uci-dev.csv",
        data_help="uci-dev.csv",
    )
    parser.add_argument("--readers", type=int, default=10, help="readers per story (default 10)")
    parser.add_argument(
        "--switch",
        type=int,
        default=5,
        help="every n-th reader also reads the Brief in French (default 5; 0: none)",
    )
    parser.add_argument("--min-rows", type=int, default=30, help="stories with this many rows")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    rows = _rows(args.data)
    briefs = _briefs(rows, args.readers, args.switch, args.min_rows)
    results = [_run(briefs, 0), _run(briefs, 4096)]
    per_entry = _memory(rows, 3000)
    print(f"machine: {machine()}")
    print(
        f"{len(briefs)} Briefs ({args.readers} readers a story of >= {args.min_rows} headlines, "
        f"every {args.switch}th also in French), 15 + 15 foreign headlines each"
    )
    for r in results:
        print(
            f"cache {r['cache_size']:>4}: headlines sent {r['headlines_sent']:>5} of "
            f"{r['headlines_asked']}, calls {r['calls']:>4}, Briefs without a call "
            f"{r['briefs_without_call']}, translated {r['headlines_translated']}"
        )
    print(f"memory: about {per_entry:.0f} bytes an entry (UCI headlines, German answers)")
    if args.json:
        args.json.write_text(
            json.dumps({"results": results, "bytes_per_entry": per_entry}, indent=2),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
