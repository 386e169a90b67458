"""Bounds of the model's summary and of the guard's word matching: how many bullets, how long the
input may be, how close an inflected name must be to the article's. Data beside the code.
"""

from __future__ import annotations

from typing import Final

MIN_BULLETS: Final = 3
MAX_BULLETS: Final = 5
MIN_SURVIVING_BULLETS: Final = 2
"""Fewer bullets than this after the guard and the summary is not worth showing: fall back."""
MIN_SENTENCES: Final = 3
"""An article shorter than this is its own summary: the model is not asked (3 bullets from 2
sentences would only pad)."""
DEFAULT_INPUT_TOKEN_BUDGET: Final = 2500
"""Estimated input tokens per summary call: system prompt + tool schema + user message."""
MAX_TITLES_PER_CALL: Final = 20
"""Headlines sent in one translation call (a Brief's may take several: translation_chunks). One
call has one output budget, and a stop at it fails what the call did not finish: 40 headlines into
Cyrillic came to about 2,300 tokens against the 2,048 of translate_max_tokens (session 17,
attack11); 20 come to about half of it."""
MAX_TITLES_TRANSLATED: Final = 100
"""Headlines of one Brief translated at most: both tiers of the largest request (2 x MAX_RELATED,
models.py); more are left untranslated, so no caller can make it a hundred calls."""
MAX_TITLE_CHARS: Final = 300
TITLE_OUTPUT_TOKENS_PER_CHAR: Final = 0.75
"""Estimated output tokens per character of a headline (as sent: at most MAX_TITLE_CHARS), for
sizing translation calls. Conservative for the costliest scripts met: attack11's 40 headlines into
Cyrillic, about 57 tokens each, are 12 + 0.75 x 60 characters; Latin-script answers need about
half as many."""
TITLE_OUTPUT_OVERHEAD_TOKENS: Final = 12
"""The tool call's JSON around each translation: ``{"id": 17, "text": "..."}``."""
TRANSLATION_OUTPUT_SHARE: Final = 0.75
"""The share of the call's output budget (translate_max_tokens) a call's headlines may be
estimated to need: the estimate is rough, the rest is margin."""

MAX_BULLET_CHARS: Final = 600

PREFIX_MIN = 4

SUFFIX_SLACK = 3

MIN_TOKENS_FOR_STOPWORDS = 6

UNTRANSLATED_MIN_WORDS = 5
"""A bullet in another language than its sentences is judged untranslated only from this many
words: a run of its sentences' words in their order, after a language tag ("[sv]", "Svenska:").
Until session 14 a bullet was untranslated when nine in ten of its lowercase words of three
letters or more were words of its sentences; faithful translations of another language share
fewer (Norwegian of Danish 6 of 9, English of German full of English terms 5 of 13, Catalan of
Spanish 1 of 6: session 12), but one into a close language may share more (Serbian of Croatian
10 of 11, Indonesian of Malay 14 of 15: tests/unit/test_sentence_translation.py)."""

SHINGLE = 8

OTHER_LANGUAGE_MIN_WORDS = 4
"""A headline translation is judged to be in another language than asked only from this many
words of two letters or more: three words of names ("Merz trifft Macron") say no language."""
OTHER_LANGUAGE_MIN_CJK_CHARS = 8
"""Chinese, Japanese and Korean put no spaces between words (or few): such a headline is judged
from this many Han, kana or Hangul characters instead. Of the openings (first 40 characters) of
the SemEval Chinese texts, the 224 with 8 or more are none given another language than Chinese at
0.8 or more, and all 224 would be refused as a Japanese, Korean or English "translation" (the
data has no headlines; session 15)."""
OTHER_LANGUAGE_CONFIDENCE = 0.8
"""...and when the language model (:mod:`parallax.domain.language_id`) gives another language,
not a close one, at least this probability. On 1,875 real headlines of four words or more
(SemEval titles in 10 languages, 1,500 UCI titles) none was given another language at 0.8 or
more (the highest was 0.70); 91 % of the non-English ones would be refused as a "translation"
for an English reader, 68 % of all of them for a reader of another language (session 14)."""
