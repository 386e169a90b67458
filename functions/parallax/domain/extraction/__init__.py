"""HTML of a news page → :class:`Article`.

The main text comes from trafilatura (``bare_extraction``, comments left out because readers'
comments are not the article), in precision mode unless the page's own paragraph text shows that
mode lost part of the article (see :func:`.main_text.main_text`); readability-lxml's text replaces it when
it is far shorter than the page's prose and readability finds that prose (articles split over
sibling blocks, :mod:`.readability_rescue`); a JSON-LD ``articleBody`` replaces it when the
page shows that body and the extraction was cut short; headline copies, furniture lines
(newsletter prompts, "Read more", credits) and the trailer after a "Related articles" or
"Comments" heading are then trimmed (:mod:`.boilerplate`); and a lead paragraph that
the page shows as its meta description but the extraction lost is put back in front
(:mod:`.lead_restore`); last, paragraphs the page sets in the same kind of block as the text's
own but that the extraction left out (an article split over repeated blocks) are put back in
place (:mod:`.template_paragraphs`).

Metadata comes first from what the page declares about itself — JSON-LD, ``og:``/``article:``
tags, ``<link rel=canonical>``, ``<html lang>`` — and only then from heuristics, because a
publisher's own declaration is right far more often than a guess from the layout.

Bad input, by design:

* empty or white-space-only HTML → :class:`NotAnArticle` (nothing to read, but nothing wrong with
  the medium either);
* binary data (NUL bytes, mostly control or replacement characters) or text without any markup →
  :class:`UnsupportedMedia` (it is not an HTML page at all);
* HTML whose main text is missing or too short, a home page or a section index →
  :class:`NotAnArticle`.

Anything else that goes wrong inside the parsers is reported as one of those two errors, never as
an unexpected exception. trafilatura, readability and the language model
(parallax.domain.language_id) are loaded on first use: together they cost most of a second, which
a cold start that never extracts should not pay.

One module per step, named for what it holds: :mod:`.html_input` (checks, parsing),
:mod:`.main_text`, :mod:`.readability_rescue`, :mod:`.declared_body`, :mod:`.lead_restore`,
:mod:`.template_paragraphs`, :mod:`.boilerplate`, :mod:`.metadata` (with :mod:`.jsonld`, :mod:`.authors`,
:mod:`.dates`, :mod:`.addresses`), :mod:`.language`, and :mod:`.page_reading`, which runs them in
order. The tuning thresholds are data in :mod:`.thresholds`, the markup patterns in
:mod:`.markers`. Only the names in ``__all__`` are for other modules.
"""

from __future__ import annotations

from parallax.domain.extraction.language import detect_language
from parallax.domain.extraction.page_reading import (
    PageReading,
    extract_article,
    read_page,
    warm_up,
)
from parallax.domain.extraction.text import count_words
from parallax.domain.extraction.thresholds import MIN_SENTENCES, MIN_WORDS

__all__ = [
    "MIN_SENTENCES",
    "MIN_WORDS",
    "PageReading",
    "count_words",
    "detect_language",
    "extract_article",
    "read_page",
    "warm_up",
]
