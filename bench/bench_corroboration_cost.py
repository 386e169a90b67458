"""What the model check of a corroboration costs (issue 18): tokens per request and USD by the
price table (``parallax.adapters.llm.PRICES``), for the default model and a larger one.

The requests are those of ``bench_corroboration.py``'s alignment: a CNN/DailyMail dev article and
5 other reports of 1,000 words each. For each, the offline alignment runs and the check prompt
is built exactly as :class:`parallax.adapters.llm_corroboration.LlmAlignmentChecker` sends it
(system prompt, tool schema, user message). No model is called (no network in measurements):
tokens are the tokenizer-free estimate the summariser budgets with
(:func:`parallax.domain.neutral_summary.estimate_tokens`, about 4 ASCII characters per token;
the API's own tool-use preamble of a few hundred tokens is not included), and the answer is the
tool input that judges every pair and picks up to 3 candidates. Cost without the prompt cache:
the fixed prefix (about 360 tokens) is below the cache's minimum cacheable length (1,024 tokens or
more, by model), so it is billed in full on every call. In production the same numbers are reported per call as ``LlmCallMetrics`` with
``operation="corroborate"`` (``LlmInputTokens``, ``LlmOutputTokens``, ``LlmCostUsd``).

Example:
    uv run python bench/bench_corroboration_cost.py --articles 40
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import DATA, bench_parser, machine, median, percentile, progress

WORDS = 1000
MODELS = ("claude-haiku-4-5", "claude-sonnet-4-5")


def _words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--articles", type=int, default=40, help="requests to price")
    args = parser.parse_args()

    from parallax.adapters.llm import estimate_cost_usd
    from parallax.domain.corroboration import Report, align
    from parallax.domain.corroboration_check import (
        CHECK_SYSTEM_PROMPT,
        CHECK_TOOL,
        build_check_prompt,
    )
    from parallax.domain.neutral_summary import estimate_tokens
    from parallax.domain.sentences import split_sentences
    from parallax.evaluation import data_rows
    from parallax.evaluation.corroboration import claims_of

    rows = [row for _, row in data_rows(DATA / "summaries" / "cnndm-dev.jsonl")]
    texts = [r["article"] for r in rows]
    rng = random.Random(18)
    fixed = estimate_tokens(CHECK_SYSTEM_PROMPT) + estimate_tokens(json.dumps(CHECK_TOOL))
    inputs: list[float] = []
    outputs: list[float] = []
    pairs: list[float] = []
    costs: dict[str, list[float]] = {m: [] for m in MODELS}
    skipped = 0
    for index in progress(list(range(min(args.articles, len(texts)))), "requests"):
        pool = texts[index:] + texts[:index]
        sentences = split_sentences(_words(" ".join(pool[:2]), WORDS), "en")
        claims = claims_of(sentences, "en")
        others = []
        for k in range(5):
            body = sentences[1:]
            rng.shuffle(body)
            other = " ".join([sentences[0], *body[: len(body) // 2], pool[2 + k]])
            other = other.replace(" said ", " told reporters ", 1)
            others.append(Report(f"o{k}", tuple(split_sentences(_words(other, WORDS), "en")), "en"))
        alignment = align(sentences, "en", claims, others)
        prompt = build_check_prompt(sentences, alignment, others)
        if not prompt.pairs and not prompt.candidates:
            skipped += 1  # the checker sends nothing
            continue
        answer = {
            "pairs": [{"pair": n, "relation": "agrees"} for n in range(1, len(prompt.pairs) + 1)],
            "missing": list(range(1, min(3, len(prompt.candidates)) + 1)),
        }
        input_tokens = fixed + estimate_tokens(prompt.user_message)
        output_tokens = estimate_tokens(json.dumps(answer))
        inputs.append(input_tokens)
        outputs.append(output_tokens)
        pairs.append(len(prompt.pairs))
        for model in MODELS:
            cost = estimate_cost_usd(model, input_tokens=input_tokens, output_tokens=output_tokens)
            costs[model].append(cost or 0.0)
    print(f"machine: {machine()}")
    print(
        f"model check per corroboration ({len(inputs)} requests, {skipped} needed no check): "
        f"pairs judged p50 {median(pairs):.0f}; input tokens p50 {median(inputs):.0f}, "
        f"p95 {percentile(inputs, 95):.0f} (fixed prompt + tool {fixed}); output tokens "
        f"p50 {median(outputs):.0f}, p95 {percentile(outputs, 95):.0f}"
    )
    for model in MODELS:
        print(
            f"  {model}: USD p50 {median(costs[model]):.5f}, p95 "
            f"{percentile(costs[model], 95):.5f} per corroboration; "
            f"{1000 * median(costs[model]):.2f} USD per 1,000"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
