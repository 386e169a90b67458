"""Lines of an extracted text that are not the article, and a check that a declared body is real.

trafilatura keeps the main block of a page, but that block often carries furniture the reader does
not want: the headline again (the article has its own title), newsletter and share prompts, "Read
more" and "Related:" teasers, photo credits, copyright lines, advertising labels, contributor
credits and "follow the author" lines, tag lists, reading-time labels. Each rule matches a whole
line, and only a short one (a label, or a prompt of a sentence or two), so a paragraph that merely
mentions a newsletter survives. Measured on the 931 pages of the development sets (zyte,
trafilatura-dev, wcxb-articles-dev), every rule kept raised body or snippet F1 on the sets it
touched; "Also read: ..." lines, bare URLs and repeated lines were left alone because the sets
disagree about them.

Only the text is looked at, never the site: repetition across a site's pages is not available
when a single page is extracted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["declared_body_agrees", "trim_boilerplate"]

_WORD = re.compile(r"\w+")

# A whole line (after stripping) that is page furniture. English first, then the labels other
# supported languages use for the same furniture.
_FURNITURE = re.compile(
    r"""^(?:
    advertisements?|anzeige|publicité|publicidad|pubblicità|werbung|reklama|sponsored
    |(?:read|see|show|load|view)\ (?:more|all)[.…!\s]*
    |(?:read\ (?:the\ )?)?full\ (?:story|article)[.…!\s]*
    |related(?:\ (?:articles?|posts?|stories|content|reading|links))?\s*:.{0,160}
    |more\s*:|see\ also
    |(?:share|follow)\ (?:this|us|on)\b.{0,60}|like\ this\ story\?.{0,80}
    |(?:sign\ up|subscribe)\b.{0,160}|get\ the\ latest\b.{0,120}|join\ our\b.{0,100}
    |.{0,40}\bnewsletters?\b.{0,100}
    |thanks?\ (?:you\ )?for\ (?:signing\ up|subscribing)\b.{0,80}
    |(?:copyright|©|ⓒ|\(c\)).{0,150}|.{0,100}all\ rights\ reserved\.?
    |comments?|leave\ a\ (?:comment|reply)|no\ comments
    |you\ may\ also\ like.{0,40}|recommended(?:\ for\ you)?|popular\ on\b.{0,40}
    |photo\s*:.{0,80}|image(?:\ credit)?\s*:.{0,80}
    |\(?(?:photos?|images?|fotos?|bild)\ (?:by|credit|courtesy)\b.{0,80}
    |(?:lesen\ sie\ (?:auch|mehr)|mehr\ zum\ thema|à\ lire\ (?:aussi|également)|lire\ aussi
       |leia\ também|lea\ también|lee\ también|leggi\ anche|czytaj\ (?:także|też|również))\b.{0,160}
    |(?:keine\ )?kommentare?|commentaires?|comentarios?|commenti|komentarze
    |(?:síguenos|suivez-nous|folgen\ sie\ uns|seguici|follow\ (?:us|the\ \w+))\b.{0,160}
    |crédits?\ photos?\s*:.{0,80}|(?:foto|bild|fotos|bilder)\s*:.{0,80}
    |alle\ angaben\ ohne\ gewähr.{0,40}
    |(?:newsletter\ abonnieren|jetzt\ abonnieren|abonnez-vous|suscríbete|iscriviti)\b.{0,120}
    |follow\b.{0,120}\b(?:twitter|facebook|instagram|tiktok|youtube|linkedin)\b.{0,150}
    |(?:email|e-mail|reach|contact)\b.{0,120}\w@\w.{0,150}
    |.{0,200}\b(?:contributed\ (?:to\ )?(?:this\ )?report(?:ing)?|additional\ reporting\ by
       |(?:reporting|writing)\ by\b.{0,200}\bediting\ by)\b.{0,200}
    |(?:filed\ under|tagged(?:\ with)?|tags?|schlagw(?:ö|oe)rter|etiquetas)\s*:.{0,120}|tags
    |(?:tempo\ de\ leitura|reading\ time|lesezeit|temps\ de\ lecture|tiempo\ de\ lectura)
       \s*:?.{0,30}|\d+\ min(?:ute)?s?\ read
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# A declared body is trusted over the extraction when at least this share of its sentences of at
# least _MIN_SENTENCE_WORDS words can be read on the page itself.
_AGREEMENT = 0.8
_MIN_SENTENCE_WORDS = 6
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_VISIBLE_TEXT = (
    "//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def trim_boilerplate(text: str, titles: Iterable[str | None]) -> str:
    """``text`` without a leading copy of the headline and without furniture lines.

    ``titles`` are the page's own names for the article (JSON-LD headline, ``og:title``, ``<h1>``).
    The text is returned unchanged when trimming would leave nothing.
    """
    lines = text.split("\n")
    headings = {key for title in titles if title and (key := _key(title))}
    if len(lines) > 1 and _key(lines[0]) in headings:
        # The title is metadata of its own; in the body it would be read (and summarised) twice.
        lines = lines[1:]
    kept = [line for line in lines if not _FURNITURE.match(line.strip())]
    return "\n".join(kept) if kept else text


def declared_body_agrees(body: str, tree: Any) -> bool:
    """Whether the sentences of a declared ``articleBody`` are (nearly all) visible on the page.

    Some publishers declare the full text while the page shows a teaser that trafilatura cuts
    short; others declare a different text (another article, an older version, a summary padded
    with boilerplate). The first kind can be read, word for word, in the page's own markup.
    """
    sentences = [
        key
        for part in _SENTENCE_END.split(body)
        if (key := _key(part)).count(" ") + 1 >= _MIN_SENTENCE_WORDS
    ]
    if not sentences:
        return False
    # Text nodes joined as the browser shows them (no space between inline elements).
    visible = _key("".join(tree.xpath(_VISIBLE_TEXT)))
    found = sum(1 for sentence in sentences if sentence in visible)
    return found >= _AGREEMENT * len(sentences)
