"""What the language model is asked, how its answer is read, and what of it is believed.

Pure logic for the LLM summary path; the adapter in ``parallax.adapters.llm`` does the calling.
One module per concern: :mod:`.prompts`, :mod:`.model_output` (parsing), :mod:`.guard` (with
:mod:`parallax.domain.numbers`, which the meaning checks of :mod:`parallax.domain.faithfulness`
read numbers with too, :mod:`.names`, :mod:`.surface_checks`), :mod:`.translation`; bounds in
:mod:`.thresholds`. Only the names in ``__all__`` are for other modules.

* **Prompts.** One fixed system prompt with the neutral style rules (fixed so that it can be cached
  by the API), and a per-article user message in which the article is *data*: its sentences are
  numbered ``<s id="N">`` lines inside an ``<article>`` block, and every angle bracket in the
  article's text is replaced by a look-alike (``‹ ›``) so that no text in the article can close the
  block or open a tag of its own. The message is trimmed to a token budget (news is written
  most-important-first, so the tail goes).
* **Output.** The model answers with a forced tool call whose ``input_schema`` is
  :data:`SUMMARY_TOOL`; :func:`parse_summary_output` validates it with pydantic (a JSON object in
  plain text is accepted too: the shape is what matters, not the channel).
* **Faithfulness guard.** :func:`guard_summary` keeps a bullet only if it cites sentences that were
  sent, and every number and every name in it is found in those sentences; bullets with links or
  markup, in another language than asked, or quoting the system prompt are dropped too. A model
  that obeys an instruction planted in the article therefore loses the bullets it wrote for it.
* **Headline translation.** One batched call for a list of related headlines:
  :func:`build_translation_prompt` and :func:`parse_translation_output`.
* **Sentence translation.** An article too short to be worth a summary call is its own summary
  (its extractive bullets); for a reader who asks for another language those sentences are
  translated whole in one call (:func:`build_sentence_translation_prompt`,
  :func:`parse_sentence_translation_output`, its own fixed system prompt) and the translations go
  through the guard's bullet checks (:func:`guard_bullets`).
"""

# ruff: noqa: RUF002 -- the look-alike angle brackets are the point here
from __future__ import annotations

from parallax.domain.neutral_summary.guard import (
    DroppedBullet,
    DropReason,
    GuardResult,
    guard_bullets,
    guard_summary,
)
from parallax.domain.neutral_summary.model_output import (
    DraftBullet,
    DraftSummary,
    OutputInvalid,
    parse_summary_output,
    strip_bidi_controls,
)
from parallax.domain.neutral_summary.prompts import (
    LANGUAGE_NAMES,
    SENTENCE_TRANSLATION_SYSTEM_PROMPT,
    SENTENCE_TRANSLATION_TOOL,
    SUMMARY_TOOL,
    SUMMARY_TOOL_NAME,
    SYSTEM_PROMPT,
    TRANSLATION_SYSTEM_PROMPT,
    TRANSLATION_TOOL,
    TRANSLATION_TOOL_NAME,
    SummaryPrompt,
    build_summary_prompt,
    escape_text,
    estimate_tokens,
    fixed_prompt_tokens,
    language_name,
)
from parallax.domain.neutral_summary.thresholds import (
    DEFAULT_INPUT_TOKEN_BUDGET,
    MAX_BULLETS,
    MAX_TITLES_PER_CALL,
    MAX_TITLES_TRANSLATED,
    MIN_BULLETS,
    MIN_SENTENCES,
    MIN_SURVIVING_BULLETS,
)
from parallax.domain.neutral_summary.translation import (
    build_sentence_translation_prompt,
    build_translation_prompt,
    estimated_translation_tokens,
    parse_sentence_translation_output,
    parse_translation_output,
    translation_chunks,
)
from parallax.domain.numbers import number_values

__all__ = [
    "DEFAULT_INPUT_TOKEN_BUDGET",
    "LANGUAGE_NAMES",
    "MAX_BULLETS",
    "MAX_TITLES_PER_CALL",
    "MAX_TITLES_TRANSLATED",
    "MIN_BULLETS",
    "MIN_SENTENCES",
    "MIN_SURVIVING_BULLETS",
    "SENTENCE_TRANSLATION_SYSTEM_PROMPT",
    "SENTENCE_TRANSLATION_TOOL",
    "SUMMARY_TOOL",
    "SUMMARY_TOOL_NAME",
    "SYSTEM_PROMPT",
    "TRANSLATION_SYSTEM_PROMPT",
    "TRANSLATION_TOOL",
    "TRANSLATION_TOOL_NAME",
    "DraftBullet",
    "DraftSummary",
    "DropReason",
    "DroppedBullet",
    "GuardResult",
    "OutputInvalid",
    "SummaryPrompt",
    "build_sentence_translation_prompt",
    "build_summary_prompt",
    "build_translation_prompt",
    "escape_text",
    "estimate_tokens",
    "estimated_translation_tokens",
    "fixed_prompt_tokens",
    "guard_bullets",
    "guard_summary",
    "language_name",
    "number_values",
    "parse_sentence_translation_output",
    "parse_summary_output",
    "parse_translation_output",
    "strip_bidi_controls",
    "translation_chunks",
]
