"""Overhead of our code around the model call, and input tokens per summary.

For 1,500-word articles (English: CNN/DailyMail texts from ../shared/data/summaries; German: the
main text of the German pages of ../shared/data/extraction/trafilatura-dev; cut or joined to
1,500 words; a synthetic article when the data is absent) it times what the LLM
summariser does besides waiting for the model: building the prompt, validating the model's tool
input, and the faithfulness guard (p50 / p95, target p50 <= 15 ms). The model's answer is simulated:
five bullets citing two sentences each, with the article's names and numbers in them, checked for a
reader of the article's language and for a Swedish reader (the guard's translation path; Swedish
because the simulated bullets stay in the article's language and Swedish has no stop-word list,
so the language check lets them through to the name and number checks).

Input tokens per summary are estimated two ways: chars/4 over what the request carries (system
prompt, tool schema, user message: what a tokenizer-less count of the request would give) and our
own conservative estimate that the prompt builder trims against (target <= 2,500). With
``--through-fake`` each article is also sent through the real SDK to the loopback fake of the
Messages API, and the count is taken from the recorded request body.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, REPO, machine, median, percentile, progress
from parallax.domain import faithfulness, numbers
from parallax.domain import neutral_summary as ns
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.neutral_summary import names, surface_checks
from parallax.domain.sentences import split_sentences

WORDS = 1500
SETS = (("cnndm-dev", "en", "sv"), ("trafilatura-dev", "de", "sv"))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "example:\n"
            "  uv run python bench/bench_llm_overhead.py\n"
            "  uv run python bench/bench_llm_overhead.py --articles 10 --repeat 20 "
            "--through-fake --json /tmp/llm_overhead.json"
        ),
    )
    parser.add_argument("--articles", type=int, default=20, help="articles per set (default 20)")
    parser.add_argument(
        "--repeat", type=int, default=30, help="timed runs per article (default 30)"
    )
    parser.add_argument(
        "--words", type=int, default=WORDS, help=f"article length (default {WORDS})"
    )
    parser.add_argument(
        "--data", type=Path, default=DATA / "summaries", help="folder with the *.jsonl sets"
    )
    parser.add_argument(
        "--through-fake",
        action="store_true",
        help="also send each article through the SDK to the loopback fake and count its request",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    return parser.parse_args(argv)


def _articles(folder: Path, name: str, language: str, count: int, words: int) -> list[Article]:
    """Articles of exactly about ``words`` words: long texts cut at a sentence, short ones joined."""
    texts = _texts(folder, name, count * 8)
    if not texts:
        texts = [_SYNTHETIC]
    articles: list[Article] = []
    pool: list[str] = []
    index = 0
    while len(articles) < count and index < len(texts) * 3:
        pool.extend(split_sentences(texts[index % len(texts)], language))
        index += 1
        if sum(len(s.split()) for s in pool) < words:
            continue
        kept: list[str] = []
        total = 0
        for sentence in pool:
            if total >= words:
                break
            kept.append(sentence)
            total += len(sentence.split())
        articles.append(_article(kept, language, total))
        pool = []
    return articles


def _texts(folder: Path, name: str, limit: int) -> list[str]:
    path = folder / f"{name}.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line)["article"] for line in handle if line.strip()][:limit]
    pages = DATA / "extraction" / name
    if not (pages / "truth.jsonl").exists():
        return []
    import gzip

    import trafilatura

    texts: list[str] = []
    for line in (pages / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        host = row["id"].split(".")
        if "de" not in host and "at" not in host:
            continue
        page = pages / "pages" / f"{row['id']}.html.gz"
        if page.exists():
            text = trafilatura.extract(
                gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
            )
            if text and len(text.split()) > 150:
                texts.append(text)
        if len(texts) >= limit:
            break
    return texts


def _article(sentences: list[str], language: str, words: int) -> Article:
    return Article(
        url="https://news.example/a",
        canonical_url="https://news.example/a",
        title=sentences[0][:120],
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Example News", domain="news.example"),
        published="2026-11-02",
        language=language,
        word_count=words,
    )


def _model_answer(article: Article, prompt: ns.SummaryPrompt) -> dict[str, Any]:
    """A plausible tool input: five bullets, each two sentences' words, citing both."""
    ids = sorted(prompt.sentence_ids)
    by_id = {s.id: s.text for s in article.sentences}
    bullets = []
    for k in range(5):
        pair = ids[2 * k : 2 * k + 2] or ids[:1]
        words = " ".join(by_id[i] for i in pair).split()
        bullets.append({"text": " ".join(words[:40]), "sentence_ids": pair})
    return {"headline": article.title, "bullets": bullets, "disputed": None}


def _clear_caches() -> None:
    for function in (
        names.fold_word,
        numbers.interpretations,
        surface_checks._prompt_shingles,
        ns.fixed_prompt_tokens,
    ):
        function.cache_clear()
    # The guard's meaning checks (issue 15) cache tokens and folded words too.
    for cached in (faithfulness._tokens, faithfulness._fold):
        cached.cache_clear()


def _once(article: Article, reader: str) -> tuple[float, float, ns.SummaryPrompt, int]:
    """(wall ms, CPU ms, prompt, bullets kept) for prompt building + parsing + the guard; making
    up the model's answer is not timed. CPU time is reported too because a loaded machine
    inflates wall time with waiting that is not our code."""
    wall, cpu = time.perf_counter(), time.process_time()
    prompt = ns.build_summary_prompt(article, reader)
    wall_build, cpu_build = time.perf_counter() - wall, time.process_time() - cpu
    answer = _model_answer(article, prompt)
    wall, cpu = time.perf_counter(), time.process_time()
    draft = ns.parse_summary_output(answer)
    result = ns.guard_summary(draft, article, reader, prompt.sentence_ids)
    wall_check, cpu_check = time.perf_counter() - wall, time.process_time() - cpu
    return (
        (wall_build + wall_check) * 1000.0,
        (cpu_build + cpu_check) * 1000.0,
        prompt,
        len(result.bullets),
    )


def _chars4(prompt: ns.SummaryPrompt) -> int:
    sent = ns.SYSTEM_PROMPT + json.dumps(ns.SUMMARY_TOOL) + prompt.user_message
    return len(sent) // 4


def _through_fake(articles: list[Article], reader: str) -> tuple[list[int], list[float]]:
    """(chars/4 of the recorded request's prompt parts, ms per SDK round trip) via the fake."""
    sys.path.insert(0, str(REPO))
    from pydantic import SecretStr
    from tests.support.fake_anthropic import FakeAnthropic

    from parallax.adapters.llm import AnthropicClientFactory, LlmSettings, LlmSummariser
    from parallax.domain.extractive_summariser import ExtractiveSummariser

    tokens: list[int] = []
    times: list[float] = []
    logging.getLogger("parallax").setLevel(logging.ERROR)  # fallbacks are not news here
    with FakeAnthropic() as fake:
        settings = LlmSettings(
            provider="anthropic", base_url=fake.base_url, api_key=SecretStr("bench"), timeout_s=10
        )
        summariser = LlmSummariser(
            AnthropicClientFactory(settings), settings, ExtractiveSummariser()
        )
        summariser.summarise(articles[0], reader)  # the SDK import is not the overhead
        for article in articles:
            started = time.perf_counter()
            summariser.summarise(article, reader)
            times.append((time.perf_counter() - started) * 1000.0)
            body = fake.requests[-1].body or {}
            text = json.dumps(body.get("tools")) + fake.requests[-1].system_text
            text += fake.requests[-1].user_message
            tokens.append(len(text) // 4)
    return tokens, times


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    rows: list[dict[str, Any]] = []
    for name, language, other in SETS:
        articles = _articles(args.data, name, language, args.articles, args.words)
        for reader in (language, other):
            warm: list[float] = []
            cpu: list[float] = []
            cold: list[float] = []
            ours: list[int] = []
            chars4: list[int] = []
            trimmed: list[int] = []
            sent_words: list[int] = []
            kept: list[int] = []
            for article in progress(articles, f"{name} -> {reader}"):
                _clear_caches()
                elapsed, _, prompt, survivors = _once(article, reader)
                cold.append(elapsed)
                for _ in range(args.repeat):
                    wall, used, _, _ = _once(article, reader)
                    warm.append(wall)
                    cpu.append(used)
                ours.append(prompt.estimated_input_tokens)
                chars4.append(_chars4(prompt))
                trimmed.append(prompt.trimmed_sentences)
                sent_words.append(
                    sum(
                        len(x.text.split())
                        for x in article.sentences
                        if x.id in prompt.sentence_ids
                    )
                )
                kept.append(survivors)
            row: dict[str, Any] = {
                "set": name,
                "article_language": language,
                "reader_language": reader,
                "articles": len(articles),
                "words": args.words,
                "overhead_ms_p50": round(median(warm), 2),
                "overhead_ms_p95": round(percentile(warm, 95), 2),
                "overhead_cpu_ms_p50": round(median(cpu), 2),
                "overhead_ms_first_call_p50": round(median(cold), 2),
                "input_tokens_chars4_p50": int(median([float(c) for c in chars4])),
                "input_tokens_chars4_max": max(chars4, default=0),
                "input_tokens_estimate_max": max(ours, default=0),
                "sentences_trimmed_p50": median([float(t) for t in trimmed]),
                "words_sent_p50": median([float(w) for w in sent_words]),
                "bullets_kept_p50": median([float(k) for k in kept]),
            }
            if args.through_fake and articles:
                recorded, sdk_ms = _through_fake(articles, reader)
                row["input_tokens_recorded_chars4_max"] = max(recorded)
                row["sdk_round_trip_ms_p50"] = round(median(sdk_ms), 2)
            rows.append(row)

    print(f"machine: {machine()}")
    print(
        f"fixed parts (system prompt + tool schema), our estimate: {ns.fixed_prompt_tokens()} tokens"
    )
    header = (
        f"{'set':<16} {'article->reader':<15} {'n':>3} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>7} "
        f"{'1st ms':>7} "
        f"{'tok c/4':>8} {'max c/4':>8} {'max est':>8} {'trimmed':>8} {'sent w':>7} {'kept':>5}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['set']:<16} {r['article_language'] + '->' + r['reader_language']:<15} "
            f"{r['articles']:>3} {r['overhead_ms_p50']:>7.2f} {r['overhead_ms_p95']:>7.2f} "
            f"{r['overhead_cpu_ms_p50']:>7.2f} "
            f"{r['overhead_ms_first_call_p50']:>7.2f} {r['input_tokens_chars4_p50']:>8} "
            f"{r['input_tokens_chars4_max']:>8} {r['input_tokens_estimate_max']:>8} "
            f"{r['sentences_trimmed_p50']:>8} {r['words_sent_p50']:>7} {r['bullets_kept_p50']:>5}"
            + (
                f"  (fake: max {r['input_tokens_recorded_chars4_max']} tok, "
                f"SDK round trip p50 {r['sdk_round_trip_ms_p50']} ms)"
                if "sdk_round_trip_ms_p50" in r
                else ""
            )
        )
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2) + "\n")


_SYNTHETIC = " ".join(
    f"The regional transport authority in Springfield said on day {i} that ticket prices would "
    f"rise by {i % 7}.5 per cent, according to director Maria Keller, who spoke to reporters."
    for i in range(120)
)


if __name__ == "__main__":
    main()
