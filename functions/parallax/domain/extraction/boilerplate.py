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

Past the article, a page's main block often runs on into its trailer: links to related articles,
the list of sources, the comment section, the author's biography. Everything from such a heading
on is cut when the heading sits in the second half of the text (trafilatura-dev +0.001 snippet
F1, wcxb-articles-dev +0.001 body F1, zyte unchanged). "FAQ" headings were left alone: the sets
count the questions and answers as article text.

A line that is nothing but the page's notices to its reader ("We use cookies ...", "Please
disable your ad blocker", "Your browser is out of date": every sentence of it
:func:`parallax.domain.page_notices.is_page_notice`) is furniture too (issue 16, page notices), so
that neither the summary, the corroboration nor the related query reads it. On a page whose
own subject is cookies, ad blockers, JavaScript or browsers (its headline or its lines say so:
:func:`parallax.domain.page_notices.page_is_about_browsing`, decided by the caller), only such
lines in an interface form are dropped: a how-to's "You can block third-party cookies in your
browser settings" stays.

Only the text is looked at, never the site: repetition across a site's pages is not available
when a single page is extracted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from parallax.domain.page_notices import is_notice_line

__all__ = ["declared_body_agrees", "trim_boilerplate"]

_WORD = re.compile(r"\w+")

# A whole line (after stripping) that is page furniture. English first, then the labels other
# supported languages use for the same furniture.
_FURNITURE = re.compile(
    r"""^(?:
    advertisements?|anzeige|publicité|publicidad|pubblicità|werbung|reklama|sponsored
    |\*?(?:advertisement|anzeige|werbung|publicité|publicidad)\ ?[.:\u2013-]\ .{0,200}
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
    |(?:s[ií]guenos|suivez-nous|folgen\ sie\ uns|seguici|follow\ (?:us|the\ \w+))\b.{0,160}
    |crédits?\ photos?\s*:.{0,80}|(?:foto|bild|fotos|bilder)\s*:.{0,80}
    |alle\ angaben\ ohne\ gewähr.{0,40}
    |(?:newsletter\ abonnieren|jetzt\ abonnieren|abonnez-vous|suscríbete|iscriviti)\b.{0,120}
    |follow\b.{0,120}\b(?:twitter|facebook|instagram|tiktok|youtube|linkedin)\b.{0,150}
    |(?:email|e-mail|reach|contact)\b.{0,120}\w@\w.{0,150}
    |(?:filed\ under|tagged(?:\ with)?|tags?|schlagw(?:ö|oe)rter|etiquetas)\s*:.{0,120}|tags
    |(?:tempo\ de\ leitura|reading\ time|lesezeit|temps\ de\ lecture|tiempo\ de\ lectura)
       \s*:?.{0,30}|\d+\ min(?:ute)?s?\ read
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Prompts that can stand anywhere in a short line ("Get the day's headlines delivered to your
# inbox", "For the latest news download our app"): searched for, not matched from the line's start,
# which would cost a scan per possible start on every line of every page.
_PROMPT = re.compile(
    r"\b(?:by\ e-?mail|(?:in|to)\ your\ inbox|(?:download|get)\ (?:the|our)\b.{0,40}\bapps?)\b",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_PROMPT_CHARS = 240
_PROMPT_WORDS = ("mail", "inbox", "app")
# Agency credits ("Additional reporting by ...; editing by ..."), at most this far from either end
# of the line: searched for too, behind a plain substring test, for the same reason.
_CREDIT = re.compile(
    r"""\b(?:contributed\ (?:to\ )?(?:this\ )?report(?:ing)?|additional\ reporting\ by
    |(?:reporting|writing)\ by\b.{0,200}\bediting\ by)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_WORDS = ("report", "writing by")
_CREDIT_MARGIN = 200

# A heading that opens the page's trailer: links to other articles, the sources list, the comment
# section, the author's biography. Everything from such a heading on is cut, when it sits in the
# second half of the text (earlier, "Related" or "References" may head a section of the article).
_TRAILER = re.compile(
    r"""^(?:
    (?:related|similar|recent|latest|popular|recommended|more|other|further)
       \s+(?:articles?|posts?|stories|news|blogs?|reads?|reading|content|guides?)
       (?:\ (?:you\ may\ like|that\ may\ interest\ you|from\ .{1,30}))?
    |you\ (?:may|might)\ also\ (?:like|enjoy|be\ interested\ in).{0,60}|more\ from\ .{1,40}
    |das\ könnte\ sie\ auch\ interessieren|ähnliche\ artikel|weitere\ artikel
    |articles?\ similaires|noticias\ relacionadas|te\ puede\ interesar|artículos\ relacionados
    |podobne\ artykuły
    |(?:article\ )?(?:sources|references|citations|bibliography)|quellen(?:angaben)?|literatur
    |références|referencias|bibliografía
    |(?:\d+\ )?(?:comments?|responses|replies|kommentare?|commentaires?|comentarios?)(?:\ \(\d+\))?
    |leave\ a\ (?:comment|reply)|join\ the\ discussion|schreibe?\ einen\ kommentar
    |laisser\ un\ commentaire|deja\ un\ comentario
    |about\ the\ (?:author|writer)|(?:article\ )?written\ by|meet\ the\ author
    |über\ (?:den\ autor|die\ autorin)|à\ propos\ de\ l['\u2019]auteur|sobre\ el\ autor
    )\s*[:.!]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAILER_FROM = 0.5

# Some pages render the article more than once (a copy per tab or per screen size) and trafilatura
# keeps every copy. A repeated line is a copy's when it is a paragraph (at least _COPY_LINE_CHARS
# long), at least _MIN_COPIED paragraphs are repeated and they add up to at least _COPY_SHARE of
# the text; a lone repeated pull quote (or a short text's one repeated line) stays, since the sets
# count it twice. Measured on the development sets:
# wcxb-articles-dev +0.0016 body F1 (3 pages), zyte and trafilatura-dev unchanged; counting lines
# from 40 characters or from a 0.1 share also touched pull quotes and lost 0.001 on zyte.
_COPY_LINE_CHARS = 80
_COPY_SHARE = 0.3
_MIN_COPIED = 3

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


def trim_boilerplate(
    text: str, titles: Iterable[str | None], *, page_about_browsing: bool = False
) -> str:
    """``text`` without a leading copy of the headline and without furniture lines.

    ``titles`` are the page's own names for the article (JSON-LD headline, ``og:title``, ``<h1>``).
    ``page_about_browsing`` says the page is about cookies, ad blockers, JavaScript or browsers
    (:func:`parallax.domain.page_notices.page_is_about_browsing`): only interface text about those
    is a notice line there. The text is returned unchanged when trimming would leave nothing.
    """
    lines = text.split("\n")
    headings = {key for title in titles if title and (key := _key(title))}
    if len(lines) > 1 and _key(lines[0]) in headings:
        # The title is metadata of its own; in the body it would be read (and summarised) twice.
        lines = lines[1:]
    kept = _without_trailer(
        [line for line in lines if not _is_furniture(line.strip(), page_about_browsing)]
    )
    return "\n".join(_without_copies(kept)) if kept else text


def _without_copies(lines: list[str]) -> list[str]:
    """``lines`` without the second and later copies of their paragraphs, when the copies are a
    large share of the text (see :data:`_COPY_SHARE`)."""
    seen: set[str] = set()
    kept: list[str] = []
    repeated = copied = total = 0
    for line in lines:
        total += len(line) + 1
        if len(line) >= _COPY_LINE_CHARS:
            if line in seen:
                repeated += len(line) + 1
                copied += 1
                continue
            seen.add(line)
        kept.append(line)
    return kept if copied >= _MIN_COPIED and repeated >= _COPY_SHARE * total else lines


def _is_furniture(line: str, page_about_browsing: bool) -> bool:
    folded = line.casefold()
    # Plain substring tests first: the searches behind them are the costlier tests.
    if (
        len(line) <= _MAX_PROMPT_CHARS
        and any(word in folded for word in _PROMPT_WORDS)
        and _PROMPT.search(line)
    ):
        return True
    if any(word in folded for word in _CREDIT_WORDS):
        credit = _CREDIT.search(line)
        if (
            credit
            and credit.start() <= _CREDIT_MARGIN
            and len(line) - credit.end() <= _CREDIT_MARGIN
        ):
            return True
    return _FURNITURE.match(line) is not None or is_notice_line(
        line, page_about_browsing=page_about_browsing
    )


def _without_trailer(lines: list[str]) -> list[str]:
    """``lines`` up to the heading of the page's trailer (:data:`_TRAILER`), if there is one in
    the second half of the text."""
    total = sum(len(line) + 1 for line in lines)
    position = 0
    for index, line in enumerate(lines):
        if index and position >= _TRAILER_FROM * total and _TRAILER.match(line.strip()):
            return lines[:index]
        position += len(line) + 1
    return lines


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
