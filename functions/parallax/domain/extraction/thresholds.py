"""The extraction's tuning thresholds, with how each was measured: data beside the code (the
markup patterns are in :mod:`.markers`). Changing one changes the evaluation's numbers: run
``parallax eval extraction`` before and after.
"""

from __future__ import annotations

from parallax.domain import page_type_rules

# --- page_reading.py, html_input.py: what counts as a page and an article -------------------------

# Below this many words a page is a teaser, a gallery or an error page, not something to summarise.
MIN_WORDS = page_type_rules.MIN_WORDS
# A single sentence is not an article either; the word bound keeps a long text that the splitter
# failed to cut (scripts without capitals, missing spaces after full stops) from being refused.
MIN_SENTENCES = 2
SINGLE_SENTENCE_MAX_WORDS = 150

# How much of a page is inspected to decide that it is binary.
SNIFF_CHARS = 8192
# Text, even badly decoded text, has next to no control characters; a wrongly guessed charset
# leaves replacement characters, but in the text only, never in the markup around it.
MAX_CONTROL_SHARE = 0.05
MAX_REPLACEMENT_SHARE = 0.3

# --- jsonld.py ------------------------------------------------------------------------------------

MAX_JSONLD_ITEMS = 500

# --- language.py: the sample read -----------------------------------------------------------------

# Language identification reads this much text: more only costs time.
LANGUAGE_SAMPLE_CHARS = 2000

# --- main_text.py ---------------------------------------------------------------------------------

# The fast precision text is kept when it has at least this share of the page's paragraph text
# and this many characters; otherwise the full precision mode runs (one page in six to ten on the
# development sets). Lower shares lost body F1 on wcxb-articles-dev, higher ones bought nothing
# for their cost.
FAST_SHARE = 0.6
FAST_MIN_CHARS = 500
# A page with more block elements than this is read in trafilatura's fast form only: the full
# form's jusText comparison takes time quadratic in the page's paragraphs (a hostile page of
# 9,000 "Add to cart" cards, about 18,000 blocks, took some 50 s; 4,000 cards 6.6 s). The largest
# page of the development sets has 8,884 (a school's site); 4 of 1,291 pages pass 5,000.
MAX_COMPARISON_BLOCKS = 5_000
# The full mode runs without asking readability first for texts shorter than this (where jusText
# may rescue them), and otherwise when readability's text is this many times longer: trafilatura's
# own threshold for preferring it. On the development sets: scores unchanged, time per page about
# 5% lower on trafilatura-dev and wcxb-articles-dev, zyte unchanged.
COMPARISON_MIN_CHARS = 250
COMPARISON_LONGER = 2.0
# A mode's text shorter than this share of the page's paragraph text has lost part of the
# article: 0.3 moved the fewest pages on the development sets for nearly all of the gain.
RETRY_SHARE = 0.3
# Paragraphs shorter than this are captions, bylines and teaser labels, not article text.
REFERENCE_PARAGRAPH_WORDS = 8
# The recall mode also runs when the text has less than this share of the page's paragraph and
# list text outside its furniture, if that text is list-heavy (this many times the paragraph
# text) or the text is short beside the paragraphs alone (this share); pages with neither rarely
# gained and cost a recall run each. Its text replaces the shorter one only when it is this much
# longer: recall's extra text is often furniture, and a small gain is more often that than a lost
# section. Measured on the development sets (the recall mode ran on one page in twenty instead of
# one in sixty): trafilatura-dev +0.0024 snippet F1, wcxb-articles-dev +0.0024 body F1, zyte
# unchanged; replacing at 1.1 times the length lost on zyte, and running the full precision mode
# on the same evidence gained a tenth as much for twice the cost.
RECALL_EVIDENCE_SHARE = 0.7
LIST_HEAVY = 1.3
SHORT_SHARE = 0.4
LONGER_RESCUE = 1.25
# List items mostly made of links are teasers and menus, not article text.
MAX_ITEM_LINK_SHARE = 0.5

# --- readability_rescue.py ------------------------------------------------------------------------

# readability runs only when the text has less than this share of the page's prose (the paragraph
# and list text outside its furniture, see :class:`PageEvidence`) and that prose is long enough for
# the loss to matter: one page in twenty-five to sixty on the development sets, since it costs about
# as much as a trafilatura extraction. Its text replaces ours when it is at least
# READABILITY_LONGER times longer yet no more than READABILITY_CEILING times the prose: longer
# still, it has taken in teaser lists and comment threads as well. Measured on the development
# sets: zyte +0.003 and wcxb-articles-dev +0.003 body F1, trafilatura-dev unchanged (the prose
# floor costs nothing there and halves its runs). Running it on more pages (text under 0.9 of the
# prose) gained more on wcxb-articles-dev but lost on the other two sets and ran on a third of the
# pages; trafilatura's own readability port, four times cheaper, misses the sibling blocks of
# split articles that recover these pages.
READABILITY_SHARE = 0.5
READABILITY_MIN_PROSE = 4000
# readability itself runs only when trafilatura's port of it (see :class:`ReadabilityPort`) finds
# this much more than our text: on the development sets that skipped 21 of 25 runs, none of them
# one that readability improved.
PORT_LONGER = 1.15
READABILITY_LONGER = 1.5
READABILITY_CEILING = 1.3

# --- template_paragraphs.py -----------------------------------------------------------------------

# Long-form pages (guides, listicles, reviews of several products) set their article in a row of
# blocks of one kind, one per section; trafilatura sometimes keeps only some of them. A left-out
# paragraph is put back when its parent block has the tag and class of the parents of at least
# TEMPLATE_MIN_KEPT kept paragraphs holding at least TEMPLATE_KEPT_SHARE of the kept paragraph
# text (so the template is the article's, not a sidebar's), sits in another block than any kept
# paragraph (paragraphs trafilatura dropped from beside kept ones were dropped for a reason), reads
# as prose (at least TEMPLATE_MIN_SENTENCES sentence ends, at most TEMPLATE_MAX_LINK_SHARE of it
# linked) and has no furniture between it and the article (see TEMPLATE_NOT_ARTICLE). The
# paragraphs go back only when there are TEMPLATE_MIN_ADDED of them with TEMPLATE_MIN_CHARS:
# single stray paragraphs were footers and disclaimers. Measured on the development sets:
# wcxb-articles-dev body F1 0.9419 → 0.9441 (7 pages change, 6 gain), trafilatura-dev snippet F1
# 0.9420 → 0.9432, zyte unchanged, about 0.2 ms a page. Matching the grandparent's kind too found
# fewer split articles and more footers; looking only at sibling blocks of the one holding most
# of the text found half the gain.
TEMPLATE_MIN_KEPT = 3
TEMPLATE_KEPT_SHARE = 0.3
TEMPLATE_MIN_SENTENCES = 2
TEMPLATE_MAX_LINK_SHARE = 0.2
TEMPLATE_MIN_ADDED = 2
TEMPLATE_MIN_CHARS = 400
# A paragraph is kept when a line of the text starts with its first TEMPLATE_START_CHARS
# characters (white space collapsed), and is already in the text when its first
# TEMPLATE_KEY_CHARS are; a restored one goes after the line that starts the kept paragraph
# before it on the page.
TEMPLATE_START_CHARS = 40
TEMPLATE_KEY_CHARS = 80
# Each left-out paragraph is searched for in the whole text (is it there already, in another
# line?), so the search reads (left-out paragraphs) x (text characters). Past this many, nothing
# is restored: a page with that many left-out paragraphs of the article's kind is not a
# long-form article cut short (a hostile page of 40,000 banner paragraphs, one per block, took
# 16-32 s here). On the 1,291 pages of the extraction and page-type development sets the most is
# 0.93 million (61 left-out paragraphs at most, 37 restored).
TEMPLATE_MAX_SEARCH_CHARS = 20_000_000

# --- lead_restore.py ------------------------------------------------------------------------------

# A lead is a paragraph: at least this many words, with at least one full stop (a one-line dek
# under the headline is a subtitle, not article text, on the development sets).
LEAD_MIN_WORDS = 20
# Shorter descriptions are labels ("News from Berlin"), too short to identify a paragraph by.
DESCRIPTION_MIN_WORDS = 12

# The element holding the description may add a little (a dateline, a "more" link), no more.
LEAD_SLACK = 1.5
LEAD_SLACK_CHARS = 100
# Text the lead is restored into already has it when it holds this share of the lead's 4-grams.
LEAD_PRESENT = 0.5

LEAD_PROBE_CHARS = 30
LEAD_MAX_PROBES = 5

# --- dates.py -------------------------------------------------------------------------------------

# The headline's block (headline, standfirst, byline) is at most this long; beyond, an ancestor
# holds the article or the page.
HEADLINE_BLOCK_CHARS = 4000

# --- declared_body.py -----------------------------------------------------------------------------

# A declared body this much longer than the extraction is evidence that the extraction missed
# part of the article (slightly longer bodies differ only by captions and ads).
LONGER_BODY = 1.5

# --- language.py: function words and the model --------------------------------------------------

CONFIRM_SHARE = 0.15
NAME_SHARE = 0.2
NAME_MARGIN = 1.5

OVERRIDE_CONFIDENCE = 0.9
