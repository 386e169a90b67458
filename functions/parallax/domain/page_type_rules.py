"""Thresholds of the page-type judgement (:mod:`.page_type`), kept apart from the logic so that
they can be re-measured and changed as data. Each says how it was chosen; the measurements are on
``../shared/data/pagetype/wcxb-dev`` (360 non-article pages) and the article sets of
``../shared/data/extraction`` (zyte, trafilatura-dev, wcxb-articles-dev), see docs/benchmarks.md."""

from __future__ import annotations

# How much of the extracted text is read for prices and consent wording.
TEXT_SAMPLE_CHARS = 6_000

# Below this many words a page is a teaser, a gallery or an error page, not something to summarise.
MIN_WORDS = 40
# ... unless it declares itself an article, has at least this many words, this share of them in
# lines that end as sentences do, and fewer than NAVIGATION_MIN_LINKS links (page_type._short_article):
# trafilatura-dev has such articles of 19 and 22 words, read in full (the text is that short).
SHORT_ARTICLE_MIN_WORDS = 15
SHORT_ARTICLE_PROSE_SHARE = 0.5
# ... and at least this many sentence ends: a photo's one-sentence caption under a menu is not one.
SHORT_ARTICLE_MIN_SENTENCES = 2
# A page under this many words whose text says what a paywall, login page, age gate, error page
# or consent dialog says (page_type._GATE) is refused when it declares an article: of the 211
# pages of 40-249 words in the development and article sets, no article page says so (one
# listing does: "personalized ads"); 120 keeps clear of a real article that ends with a
# subscription box.
GATE_MAX_WORDS = 120
# A page with no text but this many links (headline links plus link-label lines) is navigation.
NAVIGATION_MIN_LINKS = 8
# A text this short that names cookies or consent this often is a consent notice.
COOKIE_MIN_MENTIONS = 2
COOKIE_MAX_WORDS = 250
# ... unless it declares an article and its text, once its page notices (page_notices) and a
# banner's buttons are set aside, still reads as one (page_type._story_past_consent): at least
# STORY_MIN_SENTENCES sentences of STORY_SENTENCE_MIN_WORDS words or more, ending as sentences do,
# holding STORY_MIN_WORDS words together (the floor of any page, MIN_WORDS), with fewer than
# COOKIE_MIN_MENTIONS mentions of cookies or consent and no consent dialog's or gate's words left
# among them. Measured in docs/benchmarks.md (session 10, shortconsent): of the consent pages of
# the development sets none passes; of their article pages under COOKIE_MAX_WORDS, see there.
STORY_MIN_SENTENCES = 2
STORY_SENTENCE_MIN_WORDS = 6
STORY_MIN_WORDS = 40

# A text this much made of link labels, without one line of prose, is a menu.
NAVIGATION_LINKED_SHARE = 0.8

# The boosted trees that score a page (domain/data/<this>): trained by scripts/train_page_type.py
# on the development sets, with its decision threshold.
MODEL_RESOURCE = "page_type_model.json"

# A page that declares a product (schema.org Product/Offer, og:type product) and has this many buy
# or booking controls (read from the tree, see page_type._read_markup) is a shop page, whatever the
# trees say. Two, not one: a holiday villa's page in trafilatura-dev (an article there) declares an
# offer and has one booking link; with 2, product pages are refused 80% cross-validated.
PRODUCT_MIN_CART = 2
# A page with this many buy or booking controls, one or more per CART_WALL_WORDS words, is a
# shop's list of products whatever it declares (page_type.judge_page): no article page of the
# article sets has one; see docs/benchmarks.md (issue 16, atk16).
CART_WALL_MIN = 20
CART_WALL_WORDS = 20
# A link label this short that says "add to cart", "book now", "request a quote" is a control.
CONTROL_LABEL_WORDS = 6

# Naming a refused page (the model decides whether; these only say what it is).
PRODUCT_MIN_PRICES = 2
# A refused page whose title or headline names an offer ("Services", "Pricing", "Courses") and
# whose text has this many offer phrases ("we offer", "contact us") is named a service page: on
# the development sets 11 of the 27 refused service pages were named so (1 before), and 2
# collections and no listing; with one phrase, 12 service pages but 3 collections and 2 listings.
SERVICE_MIN_OFFER_PHRASES = 2
TEASER_HEADLINE_LINKS = 12
TEASER_BLOCKS = 8

# The layout rules kept from before the model (see page_type._wall_of_teasers): shares of the
# text made of link labels, and counts of headline links (labels of four words or more).
ROOT_LINKED_SHARE = 0.1
ROOT_HEADLINE_WORDS_SHARE = 0.5
MIN_LINKED_LINES = 5
LINKED_SHARE = 0.3
INDEX_LINKED_SHARE = 0.2
WORDS_PER_LINE = 20
# Teaser cards: at least this many headings that are links, this share of all h2-h4 headings, and
# less than this share of the text in prose lines. On the development sets: 7 collections, 3
# listings, 2 product pages, 13 documentation pages and no article page match.
TEASER_CARDS = 8
TEASER_CARD_SHARE = 0.6
TEASER_CARD_PROSE_SHARE = 0.5

# A page whose <title> begins "List of" (page_type._TITLE_LIST_OF) with at least this many list
# items and table cells together is a list, whatever it declares: on the development sets the two
# Wikipedia lists (308 and 894 list items), no article page (the only article whose headline
# begins so, a blog's ranking of insurers, has another title).
LIST_PAGE_MIN_ITEMS = 50
# ... and less than this share of its words in lines that end as sentences do (the two lists:
# 0.33 and 0.26): a listicle whose 50 items are sentences is left to the trees.
LIST_PAGE_MAX_PROSE_SHARE = 0.5

# Forum software and thread markup: such a page is labelled a forum (and still summarised).
FORUM_MIN_MARKERS = 3

# Paragraphs at least this long are article prose when several share a parent block.
BLOCK_PARAGRAPH_WORDS = 20
# Lines of the extracted text at least this long are prose.
LONG_LINE_WORDS = 25
# Lines shorter than this are labels: list entries, table rows, teaser headlines.
SHORT_LINE_WORDS = 8
