"""Related coverage, the pure part: the search query from an article, and the ranking of what
the providers found.

Query. Providers are keyword search engines, so the query is the few words that pin the story
down: multi-word names ("Olaf Scholz", "Bank of England"), numbers ("4.2", "1,300"), single names
and places, then the most salient ordinary words of the title and lead. Names and numbers are kept
as written because they are what crosses languages; ordinary words are lower-cased and only used
in the article's own language (or in another language when a model translated them).

Ranking. Candidates from every provider are merged and judged by one similarity function (the
one ``parallax similarity`` exposes and the evaluation measures). The order of the steps matters:

1. drop what cannot be shown (no title, not an http(s) URL), the source article itself (same
   canonical URL) and everything from the source's own outlet (same registrable domain, or the
   same catalogue id) or linking to its site under another outlet's name;
2. merge exact duplicates (same canonical URL, found by two providers), filling missing fields;
3. score against the source (titles stripped of wire and syndication furniture first: "UPDATE
   1-", "EXCLUSIVE-", "- Reuters", "| DW", "(AFP)"), turn the score into a calibrated same-story
   probability (:func:`~parallax.domain.similarity.same_story_probability`, one scale for every
   language pair); at or above the threshold is "the same story", between the topic floor and
   the threshold, or a same-story score dated days away from the source, is "on the topic". In
   the source's language the decision is on the probability plus a TF-IDF cosine whose document
   frequencies come from the candidate pool itself (the words every candidate shares with the
   source are the subject that retrieved them; the rare shared words are the event);
4. merge near-identical titles from the same outlet (one article under two URLs);
5. collapse wire copies: several outlets carrying a near-identical headline or snippet become one
   row whose ``also_reported_by`` names the others and whose ``copies`` give their addresses
   (one per outlet, so the reader can open the outlet they prefer);
6. at most two rows per outlet (diversity);
7. keep the ``max_items`` most probable rows of each tier, best first: the order is the
   reader's best guess of what is the same story, not a timeline (newest first cost MRR 0.08 on
   the UCI clusters).
   On the topic, reports found beyond the same-story window (``Candidate.background``) can never
   be the same story, so they come after this week's reports, at most a quarter of the tier
   (:data:`TOPIC_BACKGROUND_SHARE`) unless this week's do not fill it, undated ones last: older
   reports of the subject outscored this week's and pushed them out (a cross-language partner
   of the dev data among them), and an undated one escaped the similarity's age discount.

Reports left out because the reader did not want other languages are still scored, so that the
answer can say how many same-story reports it hid.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from typing import Final

from anyascii import anyascii

from parallax.domain.hosts import outlet_host, registrable_domain
from parallax.domain.languages import primary_language
from parallax.domain.models import MAX_URL_LENGTH, Article, Outlet, RelatedCopy, RelatedItem
from parallax.domain.numbers import number_tokens, support_values
from parallax.domain.ports import Candidate, OutletLookup, StoryQuery
from parallax.domain.similarity import (
    SAME_STORY_THRESHOLD,
    TOPIC_THRESHOLD,
    Story,
    same_story_probability,
    story_similarity,
)
from parallax.domain.text_terms import fold_case, has_cjk, index_words, stop_words, tokenize
from parallax.domain.timestamps import iso_utc, parse_iso_utc
from parallax.domain.urls import canonical_url

__all__ = [
    "MAX_PER_OUTLET",
    "TOPIC_BACKGROUND_SHARE",
    "RankedTiers",
    "RelatedRanker",
    "Similarity",
    "build_query",
    "is_language_neutral",
    "near_identical",
    "rank_related",
    "search_string",
    "search_terms",
    "strip_furniture",
]

Similarity = Callable[[Story, Story], float]
Calibration = Callable[[float, bool], float]
"""(raw similarity, same language?) → same-story probability."""

MAX_PER_OUTLET = 2
TOPIC_BACKGROUND_SHARE = 4
"""The topic tier gives at most ``max(1, max_items // TOPIC_BACKGROUND_SHARE)`` rows to
background reports while this week's fill the rest; the feed index asks for that share of its
limit beyond the window (``feed_index.BACKGROUND_SHARE``)."""
TOPIC_WEEK_DAYS = 7.0
"""A report on the topic dated more than this from the article is an older (or later) one, as a
background report is, even when its provider did not mark it so: Google News searches without a
date window (the index and GDELT search days around the article, well inside a week), and its
reports of months before outscored this week's and pushed them out of the tier, uncapped."""
# Wire groups are re-formed at most this often when their lead is over its outlet's limit: one
# pass is the ordinary case; the bound keeps a hostile candidate list from costing more.
_REGROUP_PASSES = 3
# Same-story decision in one language: probability + LEXICAL_WEIGHT * pool cosine ≥
# COMBINED_THRESHOLD (and the probability at least the topic floor); across languages the
# probability ≥ the threshold alone. Chosen end to end on the dev data (``parallax eval
# retrieval``); 0 for LEXICAL_WEIGHT turns the cosine off (probability ≥ threshold alone).
LEXICAL_WEIGHT = 1.0
COMBINED_THRESHOLD = 0.40
UNDETERMINED_LANGUAGE = "und"
"""BCP 47 "undetermined": a candidate whose provider did not say and whose outlet is unknown."""

# --- wire and syndication furniture ---------------------------------------------------------------

_WIRE_NAMES = (
    r"Reuters|AFP|AP|dpa|DPA|EFE|ANSA|APA|KNA|epd|SDA|ATS|PAP|IANS|PTI|ANI|UPI|Xinhua|AA|"
    r"Bloomberg|MENAFN|Anadolu|Europa Press|Belga|ANP|TT|NTB|Ritzau|Kyodo|Yonhap|TASS|RIA Novosti|"
    r"Interfax|Agence France-Presse|Associated Press|Deutsche Presse-Agentur"
)
# "UPDATE 1-", "EXCLUSIVE-", "BREAKING:", "REFILE-UPDATE 2-", "Live:", "Live updates:" at the
# start, and the breaking-news and live labels of the catalogue's other languages ("Dernière
# minute :", "Última hora:", "Eilmeldung:", "Son dakika:", "Срочно:", "عاجل:"). A label is
# furniture only with its separator after it ("Live:", "Watch -"): "Live Nation", "Watch maker"
# and "Breaking Bad" are words of the headline. German tickers wrap the label instead:
# "+++ Eilmeldung +++".
# A hyphen with no space on either side is a separator only after a label in capitals, as the
# wires write it ("UPDATE 1-", "EXCLUSIVE-Apple"): otherwise it joins a word ("Live-Action
# Titanfall Collaboration Incoming", a title of the dev data, lost "Live-"; "Flash-flood
# warning", "Video-game sales", "Ticker-tape parade", "Watch 24-hour coverage" the same).
_TAGS = (
    r"UPDATE|UPDATED|REFILE|CORRECTED|CORRECTION|EXCLUSIVE|BREAKING(?: NEWS)?|JUST IN|DEVELOPING|"
    r"ANALYSIS|FACTBOX|WRAPUP|INSIGHT|RPT|TIMELINE|PREVIEW|REVIEW|INTERVIEW|COLUMN|VIDEO|WATCH|"
    r"LIVE(?:[ -]?(?:BLOG|UPDATES?))?|PHOTOS|GRAPHIC|POLL|EILMELDUNG|TICKER|LIVETICKER|DIRECT|"
    r"EN DIRECT|DERNI[EÈ]RE MINUTE|FLASH|ÚLTIMA HORA|ULTIMA HORA|URGENTE|EN VIVO|EN DIRECTO|"
    r"AO VIVO|ULTIM['\u2019]ORA|IN DIRETTA|PILNE|SON DAK[İI]KA|СРОЧНО|عاجل|URGENT"
)
_LEADING_TAG = re.compile(
    rf"^(?:(?i:{_TAGS})(?:\s*\d+)?\s*[:\u2013\u2014|]\s*"
    rf"|(?i:{_TAGS})(?:\s*\d+)?(?:\s+-|-\s)\s*"
    rf"|(?:{_TAGS})(?:\s*\d+)?-\s*"
    rf"|\+{{2,}}\s*(?i:{_TAGS})\s*\+{{2,}}\s*)+"
)
# "(AFP)", "(Reuters) -", "(MENAFN - Gulf Times)", "[dpa]" anywhere.
_AGENCY_MARK = re.compile(
    rf"[(\[]\s*(?:{_WIRE_NAMES})\b[^)\]]{{0,40}}[)\]]\s*(?:[-\u2013\u2014:]\s*)?"
)
# A wire's dateline at the start of a teaser: "LYON, Dec 6 (Reuters) - ", "WASHINGTON, Dec. 6,
# 2026 (AP) — ", "Berlin (dpa) - ". Its date is the agency's, not a claim of the report.
_DATELINE = re.compile(
    rf"^[^\W\d_][^()\n]{{0,60}}[(\[]\s*(?:{_WIRE_NAMES})\b[^)\]]{{0,40}}[)\]]\s*[-\u2013\u2014:]\s*"
)
# A site or agency name after a separator at the end: "... - Reuters", "... | DW", "... - BBC News".
_TRAILING_SITE = re.compile(
    r"\s+[|\u2013\u2014~\u00b7\u2022-]\s+([^|\u2013\u2014~\u00b7\u2022]{1,60})$"
)
_TRAILING_PIPE = re.compile(r"\s+\|\s+[^|]{1,60}$")
_WIRE_ONLY = re.compile(rf"^(?:{_WIRE_NAMES})(?:\s*/\s*\w+)?$")


def _looks_like_site_name(segment: str) -> bool:
    words = segment.split()
    if not words or len(words) > 5:
        return False
    if _WIRE_ONLY.match(segment.strip()):
        return True
    # "BBC News", "Tiroler Tageszeitung Online", "The Irish Times", "lemonde.fr".
    if "." in segment and " " not in segment.strip():
        return True
    content = [
        w for w in words if w.casefold() not in {"the", "de", "of", "la", "le", "der", "die"}
    ]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def strip_furniture(title: str) -> str:
    """``title`` without wire and syndication furniture: leading tags ("UPDATE 1-",
    "EXCLUSIVE-"), agency marks ("(AFP)", "(Reuters) -") and a trailing site or agency name
    ("- Reuters", "| DW"). What is left is never empty: a title that is only furniture stays."""
    text = " ".join(title.split())
    cleaned = _LEADING_TAG.sub("", text)
    cleaned = _AGENCY_MARK.sub(" ", cleaned)
    for _ in range(2):  # "Headline | Section | Site"
        if _TRAILING_PIPE.search(cleaned):
            cleaned = _TRAILING_PIPE.sub("", cleaned)
            continue
        match = _TRAILING_SITE.search(cleaned)
        if match and _looks_like_site_name(match.group(1)):
            cleaned = cleaned[: match.start()]
            continue
        break
    cleaned = " ".join(cleaned.split()).strip(" -\u2013\u2014|:")
    return cleaned if _WORD.search(cleaned) else text


# --- query ---------------------------------------------------------------------------------------

_MAX_NAMES = 6
_MAX_NUMBERS = 3
_MAX_TERMS = 12
_LEAD_MIN_CHARS = 160
_LEAD_MAX_CHARS = 400
# Names are looked for in the title and the opening of the text: what a story is about is said
# early, and scanning a 5,000-word feature would only add noise and time.
_SCAN_SENTENCES = 12
_SCAN_CHARS = 3000

# Lower-case words that may sit inside a name: "Bank of England", "Rio de Janeiro",
# "Ursula von der Leyen".
_CONNECTORS = frozenset(
    {"of", "de", "del", "della", "di", "da", "das", "dos", "do", "du", "des", "la", "le", "van",
     "von", "der", "den", "ten", "ter", "al", "bin"}
)  # fmt: skip
_MAX_NAME_WORDS = 5
# Capitalised words that sit next to names without being part of them: roles ("Governor Andrew
# Bailey", "Bundeskanzler Olaf Scholz"), calendar words, and German nouns of amount ("Milliarden
# Euro"). They are trimmed from the edges of a name and are never a name on their own. One mixed
# list for all languages: a collision across languages costs one search term at worst.
_NOT_NAME_WORDS = """
    president presidents vice prime minister ministers chancellor governor mayor senator
    secretary king queen prince princess pope chief ceo judge sir dr mr mrs ms
    spokesman spokeswoman spokesperson
    präsident präsidenten präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin
    minister ministerin ministerpräsident ministerpräsidentin bürgermeister bürgermeisterin
    bundespräsident papst könig königin chef chefin herr frau sprecher sprecherin
    président présidente ministre premier première chancelier chancelière maire roi reine
    pape mme porte-parole presidente ministro ministra canciller alcalde alcaldesa rey reina
    papa señor señora cancelliere sindaco regina prefeito prefeita rei rainha burgemeester
    koning koningin paus prezydent premier kanclerz papież burmistrz
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli
    oktober dezember
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre
    lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio
    julio agosto septiembre octubre noviembre diciembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio aprile maggio
    giugno luglio settembre ottobre dicembre
    euro euros dollar dollars prozent milliarde milliarden million millionen
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_WORD = re.compile(r"\w+(?:[-'\u2019.,]\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# French and Italian elisions glue an article to a name: "l'Élysée", "d'Italia".
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)['\u2019](?=\w)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Languages where every noun is capitalised, so a single capitalised word says nothing.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})


def build_query(article: Article, languages: Sequence[str]) -> StoryQuery:
    """The search query for ``article``; ``languages`` are searched after the article's own."""
    language = primary_language(article.language)
    ordered: list[str] = [language]
    for tag in languages:
        code = primary_language(tag)
        if code and code not in ordered:
            ordered.append(code)
    lead = _lead(article)
    title = strip_furniture(article.title.strip())
    if title != article.title.strip():
        article = article.model_copy(update={"title": title})
    return StoryQuery(
        title=title,
        lead=lead,
        language=language,
        terms=_terms(article, lead, language),
        published=article.published,
        source_url=article.canonical_url or article.url,
        languages=tuple(ordered),
    )


def _lead(article: Article) -> str:
    sentences = [s.text.strip() for s in article.sentences if s.text.strip()]
    if not sentences:
        sentences = [part for part in _SENTENCE_END.split(article.text.strip()) if part]
    lead = ""
    for sentence in sentences:
        lead = f"{lead} {sentence}".strip()
        if len(lead) >= _LEAD_MIN_CHARS:
            break
    if len(lead) > _LEAD_MAX_CHARS:
        lead = lead[:_LEAD_MAX_CHARS].rsplit(" ", 1)[0]
    return lead


@dataclass
class _Tally:
    score: float = 0.0
    forms: Counter[str] = field(default_factory=Counter)
    first_seen: int = 0


def _words(sentence: str, language: str) -> list[str]:
    words: list[str] = []
    for match in _WORD.finditer(sentence):
        word = match.group().rstrip(".,")
        if language in {"fr", "it"}:
            word = _ELISION.sub("", word)
        # "Macron's" is Macron: the possessive would otherwise make a second name.
        word = _POSSESSIVE.sub("", word)
        if word:
            words.append(word)
    return words


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_title_case(title_words: list[str], stops: frozenset[str]) -> bool:
    # "Council Approves Budget For Harbour": every word capitalised tells nothing about names.
    content = [w for w in title_words if w.casefold() not in stops and not w[:1].isdigit()]
    if len(content) < 4:
        return False
    return sum(_is_capitalised(w) for w in content) / len(content) > 0.7


def _terms(article: Article, lead: str, language: str) -> tuple[str, ...]:
    stops = stop_words(language)
    title = article.title.strip()
    title_words = _words(title, language)
    texts = [s.text for s in article.sentences[:_SCAN_SENTENCES]] or [article.text[:_SCAN_CHARS]]
    body: list[str] = []
    size = 0
    for text in texts:
        body.append(text)
        size += len(text)
        if size >= _SCAN_CHARS:
            break
    # (sentence, weight): a word in the title says more about the story than one in paragraph 9.
    scanned: list[tuple[str, float]] = [(text, 1.0) for text in body]
    if title and not _is_title_case(title_words, stops):
        scanned.insert(0, (title, 3.0))

    body_words = [_words(text, language) for text in body]
    # A capitalised word that also occurs in lower case is an ordinary word at a sentence start.
    lower_forms = {w for words in body_words for w in words if not _is_capitalised(w)}
    non_initial_caps = {w for words in body_words for w in words[1:] if _is_capitalised(w)}

    names: dict[str, _Tally] = {}
    numbers: dict[str, _Tally] = {}
    order = 0
    for text, weight in scanned:
        words = _words(text, language)
        for run in _capitalised_runs(words, stops, non_initial_caps, lower_forms, language):
            order += 1
            key = " ".join(run).casefold()
            tally = names.setdefault(key, _Tally(first_seen=order))
            tally.score += weight * (1.5 if len(run) > 1 else 1.0)
            tally.forms[" ".join(run)] += 1
        for word in words:
            if _NUMBER.fullmatch(word) and _is_telling_number(word):
                order += 1
                tally = numbers.setdefault(word, _Tally(first_seen=order))
                tally.score += weight
                tally.forms[word] += 1

    def ranked(tallies: dict[str, _Tally]) -> list[str]:
        best = sorted(tallies.values(), key=lambda t: (-t.score, t.first_seen))
        return [t.forms.most_common(1)[0][0] for t in best]

    multi = [n for n in ranked(names) if " " in n]
    single = [
        n
        for n in ranked(names)
        if " " not in n and not any(n.casefold() in m.casefold().split() for m in multi)
    ]
    chosen_names = (multi + single)[:_MAX_NAMES]
    chosen_numbers = ranked(numbers)[:_MAX_NUMBERS]
    taken = {w.casefold() for term in chosen_names for w in term.split()}
    taken.update(n.casefold() for n in chosen_numbers)

    salient: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for text, weight in [(title, 3.0), (lead, 1.0), *((s, 0.5) for s in body)]:
        # Spelled as the index holds them (a German ß kept), since they are searched there.
        for token in index_words(text):
            folded = fold_case(token)
            if (
                len(token) < 3
                or token in stops
                or folded in stops
                or folded in _NOT_NAMES
                or token.isdigit()
                or folded in taken
            ):
                continue
            salient[token] += weight
            first.setdefault(token, len(first))
    words_ranked = sorted(salient, key=lambda t: (-salient[t], first[t]))
    terms = [*chosen_names, *chosen_numbers, *words_ranked]
    return tuple(terms[:_MAX_TERMS])


def _capitalised_runs(
    words: list[str],
    stops: frozenset[str],
    non_initial_caps: set[str],
    lower_forms: set[str],
    language: str,
) -> Iterable[list[str]]:
    """Maximal runs of capitalised words (with connectors inside), cleaned of false starts."""
    i = 0
    while i < len(words):
        if not (_is_capitalised(words[i]) and not words[i][:1].isdigit()):
            i += 1
            continue
        start = i
        run = [words[i]]
        i += 1
        while i < len(words) and len(run) < _MAX_NAME_WORDS:
            word = words[i]
            if _is_capitalised(word):
                run.append(word)
                i += 1
            elif (
                word in _CONNECTORS
                and i + 1 < len(words)
                and _is_capitalised(words[i + 1])
                and len(run) + 2 <= _MAX_NAME_WORDS
            ):
                run.extend(words[i : i + 2])
                i += 2
            else:
                break
        # "The Bank of England" → "Bank of England"; a sentence-initial word counts only if it is
        # capitalised elsewhere mid-sentence too ("Police arrested Mark Smith" → "Mark Smith").
        while run and (
            run[0].casefold() in stops
            or run[0].casefold() in _NOT_NAMES
            or run[0] in _CONNECTORS
            or (start == 0 and run[0] not in non_initial_caps and not _is_acronym(run[0]))
        ):
            run.pop(0)
            start += 1
        while run and (run[-1] in _CONNECTORS or run[-1].casefold() in _NOT_NAMES):
            run.pop()
        if not run:
            continue
        if len(run) == 1:
            word = run[0]
            if word.casefold() in stops or len(word) < 2:
                continue
            if not _is_acronym(word) and (
                language in _NOUNS_CAPITALISED or word.casefold() in lower_forms
            ):
                continue
        yield run


def _is_telling_number(token: str) -> bool:
    # "3" is in every article; "4.2", "1,300" and "2026" are at least specific to some.
    digits = sum(c.isdigit() for c in token)
    return digits >= 2 or not token.isdigit()


def is_language_neutral(term: str) -> bool:
    """Whether ``term`` reads the same in other languages: a name (capitalised) or a number."""
    return bool(term) and (term[:1].isupper() or any(c.isdigit() for c in term))


def search_terms(query: StoryQuery, language: str) -> tuple[str, ...]:
    """Terms to search with in ``language``.

    The translated terms when a model gave them; in the article's own language every term; in
    another language only names and numbers, because an untranslated ordinary word would only
    match articles in the source language.
    """
    code = primary_language(language)
    if query.translated_terms and query.translated_terms.get(code):
        return query.translated_terms[code]
    if code == primary_language(query.language):
        return query.terms
    return tuple(t for t in query.terms if is_language_neutral(t))


_UNSAFE_IN_TERM = re.compile(r"[\"()\[\]{}<>:;!?*^~|\\]+")


def search_string(
    terms: Sequence[str],
    *,
    max_chars: int,
    max_terms: int = 6,
    min_term_chars: int = 1,
    anchors: int = 1,
) -> str:
    """A compact boolean search string: ``"A B" C (D OR E OR "F G")``.

    The first ``anchors`` terms are required, the rest form one OR group, so a result must share
    the most telling name and at least one more term. Phrases are quoted; characters that are
    search syntax are removed from terms; terms shorter than ``min_term_chars`` (GDELT refuses
    words under three letters) and any term that would overrun ``max_chars`` are left out.
    Parentheses are only written around two or more OR'd terms, the one form every provider
    accepts. Returns an empty string when no term fits.
    """
    cleaned: list[str] = []
    seen: set[str] = set()
    for term in terms:
        words = _UNSAFE_IN_TERM.sub(" ", term).split()
        text = " ".join(words)
        # The length rule is about single words: "Bank of England" is a fine phrase.
        if text and text.casefold() not in seen and len(text) >= min_term_chars:
            seen.add(text.casefold())
            cleaned.append(f'"{text}"' if len(words) > 1 else text)
        if len(cleaned) >= max_terms:
            break

    def render(required: list[str], optional: list[str]) -> str:
        parts = list(required)
        if len(optional) == 1:
            parts.append(optional[0])
        elif optional:
            parts.append("(" + " OR ".join(optional) + ")")
        return " ".join(parts)

    required: list[str] = []
    optional: list[str] = []
    for term in cleaned:
        target = required if len(required) < anchors else optional
        target.append(term)
        if len(render(required, optional)) > max_chars:
            target.pop()
    return render(required, optional)


# --- ranking -------------------------------------------------------------------------------------

_SHINGLE = 3
_TITLE_JACCARD = 0.8
_SNIPPET_JACCARD = 0.6
_MIN_TITLE_TOKENS = 3
_MIN_SNIPPET_TOKENS = 8


def _tokens(text: str | None) -> list[str]:
    # anyascii folds accents and scripts, so "Merz" and "Merz" from two feeds (one with a
    # non-breaking space, one with a typographic apostrophe) compare equal.
    return tokenize(anyascii(text)) if text else []


def _jaccard(a: set[str] | set[tuple[str, ...]], b: set[str] | set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@lru_cache(maxsize=4096)
def _title_tokens(title: str) -> tuple[str, ...]:
    # Cached: wire copies are compared pairwise, and folding with anyascii is the costly part.
    return tuple(_tokens(strip_furniture(title)))


@lru_cache(maxsize=4096)
def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    tokens = _tokens(text)
    if len(tokens) < _MIN_SNIPPET_TOKENS:
        return frozenset()
    return frozenset(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def _same_title(ta: tuple[str, ...], tb: tuple[str, ...], sa: set[str], sb: set[str]) -> bool:
    if ta and ta == tb:
        return True
    if min(len(ta), len(tb)) < _MIN_TITLE_TOKENS:
        return False
    return _jaccard(sa, sb) >= _TITLE_JACCARD


def _same_snippet(
    sa: frozenset[tuple[str, ...]] | None, sb: frozenset[tuple[str, ...]] | None
) -> bool:
    if not sa or not sb:
        return False
    if len(sa & sb) / len(sa | sb) >= _SNIPPET_JACCARD:
        return True
    # A teaser cut short is contained in the longer one.
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & large) / len(small) >= 0.9


@dataclass(frozen=True)
class _StatedNumbers:
    claims: tuple[frozenset[str], ...]
    """Each number the headline and snippet state, with the values that would support it."""
    values: frozenset[str]
    """Every value the headline and snippet support."""


# Number words for one (and zero) are articles in many languages ("a", "un", "ein"): a teaser
# cut before its "a" would otherwise state a number its copy lacks.
_ARTICLE_VALUES: Final = frozenset({"0", "1"})


# A broadcaster's name in a headline's last segment: a call sign or network in capitals,
# alone or with its channel ("WFSB 3 Connecticut", "FOX Carolina 21", "CBS 3 Springfield",
# "FOX5 Vegas", "KTLA 5"), as the local stations that run one wire story write it (uci-dev.csv).
_STATION = re.compile(r"(?<![^\W\d_])[A-Z]{3,}\d*(?![^\W\d_])|(?<![^\W\d_])[A-Z]{2,}\d+(?!\w)")


def _names_a_site(segment: str, names: Collection[str]) -> bool:
    """Whether the headline's trailing ``segment`` (after " - " or " | ") names the site that
    ran it: the row's outlet ("France 24"), a wire, or a broadcaster (:data:`_STATION`) in a
    segment ``strip_furniture`` reads as a site's name that does not open with a number ("12
    Hurt", "20 Minuten" state their number)."""
    if segment.casefold() in names or _WIRE_ONLY.match(segment):
        return True
    return (
        _looks_like_site_name(segment)
        and not segment[:1].isdigit()
        and _STATION.search(segment) is not None
    )


def _claimed_headline(row: _Row) -> str:
    """The headline's words that may state a number: without a wire's leading tags ("UPDATE 2-"
    against "UPDATE 3-"), agency marks, and trailing segments that name the site that ran it
    (:func:`_names_a_site`: "- France 24" of France 24, "- WFSB 3 Connecticut"). Those kept
    apart every copy of a wire story two such sites ran. Any other trailing segment stays:
    ``strip_furniture`` takes "- 12 Hurt" or "- Death Toll Rises To 12" for a site's name too
    (capitalised words), and 12 against 14 there is a claim."""
    text = _AGENCY_MARK.sub(" ", _LEADING_TAG.sub("", " ".join(row.candidate.title.split())))
    names = {
        " ".join(name.split()).casefold()
        for name in (row.outlet.name, row.candidate.outlet_name)
        if name and name.strip()
    }
    for _ in range(2):  # "Headline | Section | Site"
        match = _TRAILING_SITE.search(text)
        if match is None:
            break
        segment = " ".join(match.group(1).split())
        if not _names_a_site(segment, names):
            break
        text = text[: match.start()]
    return text


def _stated_numbers(row: _Row) -> _StatedNumbers:
    title = _claimed_headline(row) if row.candidate.title else None
    # So is a teaser's dateline: a copy that keeps "LYON, Dec 6 (Reuters) -" and is cut before
    # the report's numbers was kept apart from one without it that runs on to them.
    snippet = _DATELINE.sub("", row.candidate.snippet) if row.candidate.snippet else None
    # A line apart: joined by a space, a headline's last number and a teaser's first were one
    # ("Storm kills 12" + "100 homes ..." read as 12 100, which neither copy states).
    text = "\n".join(t for t in (title, snippet) if t)
    tokens = number_tokens(text)
    claims = [values for _, values in tokens]
    values = support_values(text, row.language, numbers=tokens)
    read = set().union(*claims) if claims else set()
    claims += [frozenset({v}) for v in values - read - _ARTICLE_VALUES if v.isdigit()]
    return _StatedNumbers(tuple(claims), frozenset(values))


def _numbers_differ(a: _StatedNumbers, b: _StatedNumbers) -> bool:
    """Whether each of two reports states a number the other does not support ("Twelve hurt"
    and "14 injured"): they tell the story differently, and the reader must see both, not one
    row with the other folded under it as a copy (the corroboration request reads a row, never
    its copies, so the 12 against 14 would never show as "differs"). One side's number missing
    from the other is not enough: a teaser cut short loses the numbers after its cut."""
    return any(not claim & b.values for claim in a.claims) and any(
        not claim & a.values for claim in b.claims
    )


def near_identical(a: str | None, b: str | None, *, kind: str = "title") -> bool:
    """Whether two headlines (``kind="title"``) or snippets (``"snippet"``) are the same text.

    Titles, once stripped of wire furniture ("UPDATE 2-", "- Reuters"): the same words in the
    same order at any length, or word sets overlapping by 80 % when both have three words or
    more (wire copies get a word changed). Snippets: word trigrams overlap by 60 % (teasers get
    cut at different lengths).
    """
    if not a or not b:
        return False
    if kind == "title":
        ta, tb = _title_tokens(a), _title_tokens(b)
        return _same_title(ta, tb, set(ta), set(tb))
    return _same_snippet(_shingles(a), _shingles(b))


@dataclass
class _Row:
    candidate: Candidate
    url: str
    host: str
    domain: str
    outlet: Outlet
    outlet_key: str
    language: str
    when: datetime | None
    score: float = 0.0
    also: list[Outlet] = field(default_factory=list)
    copies: list[RelatedCopy] = field(default_factory=list)

    def richness(self) -> tuple[int, int, int]:
        c = self.candidate
        return (
            int(c.snippet is not None),
            int(c.published is not None),
            int(c.language is not None),
        )


class _Outlets:
    """Outlet labels for domains, looked up once per ranking."""

    def __init__(self, lookup: OutletLookup | None) -> None:
        self._lookup = lookup
        self._seen: dict[str, Outlet | None] = {}

    def find(self, host: str, domain: str) -> Outlet | None:
        if self._lookup is None:
            return None
        for key in dict.fromkeys((host, domain)):
            if key not in self._seen:
                self._seen[key] = self._lookup(key)
            if self._seen[key] is not None:
                return self._seen[key]
        return None


def _outlet_key(outlet: Outlet | None, domain: str) -> str:
    return f"id:{outlet.id}" if outlet is not None and outlet.id else f"domain:{domain}"


@dataclass(frozen=True, slots=True)
class RankedTiers:
    """What the ranking found: the same story, on the topic, and how many same-story reports
    were left out because they are in languages the reader did not want."""

    items: list[RelatedItem]
    topic: list[RelatedItem]
    hidden_other_languages: int = 0


@dataclass(frozen=True)
class RelatedRanker:
    """Merges, judges and orders candidates; see the module docstring for the steps.

    ``similarity`` is injectable so the ranking can be tested (and benchmarked) independently of
    the scorer; production uses :func:`~parallax.domain.similarity.story_similarity`, whose raw
    score ``calibration`` turns into a same-story probability. ``threshold`` and
    ``topic_threshold`` are on that probability. A same-story score dated more than
    ``same_story_days`` from the source is an earlier (or later) story on the topic. In the
    source's language a report is the same story when its probability plus ``lexical_weight``
    times its pool TF-IDF cosine reaches ``combined_threshold`` (0 for ``lexical_weight``: the
    probability and ``threshold`` alone, as across languages). Background reports hold at most
    ``max_items // background_share`` (at least one) of the topic tier's places while this
    week's reports can fill them; a report dated more than ``topic_week_days`` from the source
    counts as background there whether or not its provider said so.
    """

    similarity: Similarity = story_similarity
    threshold: float = SAME_STORY_THRESHOLD
    outlet_lookup: OutletLookup | None = None
    max_per_outlet: int = MAX_PER_OUTLET
    future_tolerance: timedelta = timedelta(days=1)
    calibration: Calibration = same_story_probability
    topic_threshold: float = TOPIC_THRESHOLD
    same_story_days: float = 3.0
    lexical_weight: float = LEXICAL_WEIGHT
    combined_threshold: float = COMBINED_THRESHOLD
    background_share: int = TOPIC_BACKGROUND_SHARE
    topic_week_days: float = TOPIC_WEEK_DAYS

    def rank(
        self,
        source: Article,
        candidates: Sequence[Candidate],
        *,
        max_items: int,
        now: datetime | None = None,
        preferred_languages: Sequence[str] = (),
        allowed_languages: Collection[str] | None = None,
    ) -> list[RelatedItem]:
        """The same-story items for ``source``, at most ``max_items``, best first (see
        :meth:`rank_tiers`)."""
        return self.rank_tiers(
            source,
            candidates,
            max_items=max_items,
            now=now,
            preferred_languages=preferred_languages,
            allowed_languages=allowed_languages,
        ).items

    def rank_tiers(
        self,
        source: Article,
        candidates: Sequence[Candidate],
        *,
        max_items: int,
        now: datetime | None = None,
        preferred_languages: Sequence[str] = (),
        allowed_languages: Collection[str] | None = None,
    ) -> RankedTiers:
        """Both tiers for ``source``, at most ``max_items`` each, best first.

        ``now`` (default: the current time) dates an undated source for time proximity, and any
        candidate dated more than a day after it is treated as undated (a wrong clock or a
        scheduled post says nothing about when the story ran). ``allowed_languages``, when
        given, keeps only items in those languages; the same-story reports it hides are counted.
        ``preferred_languages`` breaks ties between equally probable rows.
        """
        if max_items <= 0 or not candidates:
            return RankedTiers([], [])
        now = (now or datetime.now(UTC)).astimezone(UTC)
        outlets = _Outlets(self.outlet_lookup)
        source_language = primary_language(source.language)
        allowed = (
            None if allowed_languages is None else {primary_language(x) for x in allowed_languages}
        )

        rows = self._admissible(source, candidates, outlets, now)
        if not rows:
            return RankedTiers([], [])
        source_when = parse_iso_utc(source.published) or now
        source_story = Story(
            text=source.text,
            title=strip_furniture(source.title),
            language=source_language,
            published=source.published or iso_utc(now),
        )
        same: list[_Row] = []
        topic: list[_Row] = []
        hidden: set[str] = set()
        # Computed on first need: only a same-language report scored between the topic floor and
        # the combined threshold, dated within the same-story window, needs the pool's cosines.
        # A background candidate (found beyond a provider's window) is in no pool: the words of
        # older coverage must not change which of this week's reports are the same story.
        pool: list[float] = []
        pooled = {
            i: position
            for position, i in enumerate(
                i for i, r in enumerate(rows) if not r.candidate.background
            )
        }

        def cosine(index: int) -> float:
            if not pool:
                pool.extend(
                    _pool_cosines(source, [r.candidate for r in rows if not r.candidate.background])
                )
            return pool[pooled[index]]

        for index, row in enumerate(rows):
            c = row.candidate
            story = Story(
                text=c.snippet or c.title,
                title=strip_furniture(c.title),
                language=None if row.language == UNDETERMINED_LANGUAGE else row.language,
                published=iso_utc(row.when) if row.when else None,
            )
            raw = float(self.similarity(source_story, story))
            if math.isnan(raw):
                continue
            same_language = row.language in (source_language, UNDETERMINED_LANGUAGE)
            row.score = min(1.0, max(0.0, self.calibration(min(1.0, max(0.0, raw)), same_language)))
            if row.score < self.topic_threshold:
                continue
            if allowed is not None and row.language not in allowed:
                same_story_likely = row.score >= self.threshold and not c.background
                if same_story_likely and row.language != UNDETERMINED_LANGUAGE:
                    hidden.add(row.outlet_key)
                continue
            days = abs((row.when - source_when).total_seconds()) / 86_400.0 if row.when else 0.0
            if (
                not c.background
                and days <= self.same_story_days
                and self._is_same_story(row.score, same_language, partial(cosine, index))
            ):
                same.append(row)
            else:
                topic.append(row)

        order = self._language_order(source_language, preferred_languages)
        return RankedTiers(
            items=self._tier(same, max_items, order),
            topic=self._topic_tier(topic, max_items, order, source_when),
            hidden_other_languages=len(hidden),
        )

    def _is_same_story(
        self, probability: float, same_language: bool, cosine: Callable[[], float]
    ) -> bool:
        # Across languages the pool cosine is ~0 (other words): the probability alone decides.
        if not same_language or not self.lexical_weight:
            return probability >= self.threshold
        if probability < self.topic_threshold:
            return False
        if probability >= self.combined_threshold:
            return True  # the cosine is never negative: no need to compute it
        # The probability says how much of the story two texts share; the pool cosine says
        # whether what they share is rare among the candidates (the event) or common to all of
        # them (the subject). Either alone cuts the pairs worse than their sum.
        return probability + self.lexical_weight * cosine() >= self.combined_threshold

    def _tier(self, rows: list[_Row], max_items: int, order: dict[str, int]) -> list[RelatedItem]:
        return [self._item(r) for r in self._best(rows, order)[:max_items]]

    def _best(self, rows: list[_Row], order: dict[str, int]) -> list[_Row]:
        rows = self._grouped(self._same_outlet_duplicates(rows))
        return sorted(rows, key=lambda r: (-r.score, order.get(r.language, len(order)), r.url))

    def _topic_tier(
        self, rows: list[_Row], max_items: int, order: dict[str, int], source_when: datetime
    ) -> list[RelatedItem]:
        """This week's reports on the topic, most probable first, then the background ones.

        Background reports take the places their probability earns among the first
        ``max_items``, but at most ``max(1, max_items // background_share)`` of them, and every
        place this week's reports leave empty. An undated one competes after every dated one:
        the similarity lowers a report's score for the days between it and the article only
        when it knows them, and a background report is days away by construction. Grouping and
        the per-outlet limit run over the tier as a whole first, as for the same story; then
        again without the background reports the limits cut (at most a few passes), which
        held their outlet's places under the per-outlet limit (or led a group of copies) that
        a report of this week would have had: an outlet with two older reports and one of this
        week showed one older report and lost the other two."""
        week = timedelta(days=self.topic_week_days)

        def older(row: _Row) -> bool:
            return row.candidate.background or (
                row.when is not None and abs(row.when - source_when) > week
            )

        chosen: list[_Row] = []
        for _ in range(_REGROUP_PASSES):
            best = self._best(rows, order)
            chosen = self._topic_choice(best, max_items, older, self.background_share)
            shown = {id(row) for row in chosen}
            cut = [row for row in best if older(row) and id(row) not in shown]
            present = {row.url for row in best}
            # Only a cut report that held a place another report lacks changes anything: one
            # of an outlet some of whose reports were left out, or one leading copies.
            crowded = {row.outlet_key for row in rows if row.url not in present}
            if not any(row.also or row.outlet_key in crowded for row in cut):
                break
            gone = {row.url for row in cut}
            rows = [row for row in rows if row.url not in gone]
        return [self._item(row) for row in chosen]

    @staticmethod
    def _topic_choice(
        best: list[_Row], max_items: int, older: Callable[[_Row], bool], share: int
    ) -> list[_Row]:
        week = [r for r in best if not older(r)]
        dated = [r for r in best if older(r) and r.when is not None]
        undated = [r for r in best if older(r) and r.when is None]
        # Undated background after every other row: it earns a place only where nothing else does.
        first = [r for r in best if not (older(r) and r.when is None)] + undated
        earned = sum(1 for r in first[:max_items] if older(r))
        places = min(earned, max(1, max_items // share))
        shown = week[: max_items - places]
        return shown + (dated + undated)[: max_items - len(shown)]

    @staticmethod
    def _language_order(source_language: str, preferred: Sequence[str]) -> dict[str, int]:
        order: dict[str, int] = {source_language: 0}
        for tag in preferred:
            order.setdefault(primary_language(tag), len(order))
        return order

    # -- steps ------------------------------------------------------------------------------------

    def _admissible(
        self,
        source: Article,
        candidates: Sequence[Candidate],
        outlets: _Outlets,
        now: datetime,
    ) -> list[_Row]:
        source_urls: set[str] = set()
        for url in (source.canonical_url, source.url):
            try:
                source_urls.add(canonical_url(url))
            except ValueError:
                continue
        source_domains = {
            registrable_domain(d)
            for d in (
                source.outlet.domain,
                outlet_host(source.url),
                outlet_host(source.canonical_url),
            )
            if d
        }
        source_ids = {source.outlet.id} if source.outlet.id else set()
        for domain in list(source_domains):
            found = outlets.find(domain, domain)
            if found is not None and found.id:
                source_ids.add(found.id)

        by_url: dict[str, _Row] = {}
        for candidate in candidates:
            title = " ".join(candidate.title.split())
            if not title:
                continue
            try:
                url = canonical_url(candidate.url)
            except ValueError:
                continue
            if url in source_urls:
                continue
            # The outlet's own domain when the provider names it: a Google News link points at
            # news.google.com, not at the outlet.
            named = (candidate.outlet_domain or "").strip()
            host = outlet_host(named or url)
            domain = registrable_domain(host)
            if not domain or domain in source_domains:
                continue
            if named and registrable_domain(outlet_host(url)) in source_domains:
                # A feed item or a provider's answer naming another outlet while linking to the
                # reader's own site (an aggregator's feed, a hostile one): the reader would be
                # offered their own outlet under another outlet's name.
                continue
            found = outlets.find(host, domain)
            if found is not None and found.id and found.id in source_ids:
                continue
            outlet = found or Outlet(
                name=(candidate.outlet_name or "").strip() or domain, domain=domain
            )
            language = primary_language(candidate.language) if candidate.language else ""
            language = language or UNDETERMINED_LANGUAGE
            when = parse_iso_utc(candidate.published)
            if when is not None and when > now + self.future_tolerance:
                when = None
            row = _Row(
                candidate=replace(candidate, title=title),
                url=url,
                host=host,
                domain=domain,
                outlet=outlet,
                outlet_key=_outlet_key(found, domain),
                language=language,
                when=when,
            )
            previous = by_url.get(url)
            by_url[url] = row if previous is None else _merge(previous, row)
        return list(by_url.values())

    def _same_outlet_duplicates(self, rows: list[_Row]) -> list[_Row]:
        # The same article reached through two URLs (a provider's redirect link and the real
        # one, an AMP copy): same outlet, same headline. Keep the better-scored one.
        kept: list[_Row] = []
        for row in sorted(rows, key=lambda r: (-r.score, r.url)):
            twin = next(
                (
                    k
                    for k in kept
                    if k.outlet_key == row.outlet_key
                    and near_identical(k.candidate.title, row.candidate.title)
                ),
                None,
            )
            if twin is None:
                kept.append(row)
            else:
                kept[kept.index(twin)] = _merge(twin, row)
        return kept

    def _collapse_wire_copies(self, rows: list[_Row]) -> list[_Row]:
        parent = list(range(len(rows)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        # Each row's title words and snippet trigrams once; the pairs below only compare sets.
        titles = [_title_tokens(r.candidate.title) for r in rows]
        title_sets = [set(t) for t in titles]
        shingles = [_shingles(r.candidate.snippet) if r.candidate.snippet else None for r in rows]
        stated: dict[int, _StatedNumbers] = {}

        def numbers(i: int) -> _StatedNumbers:
            # Read only for the pairs that look like copies: a few of the candidates.
            if i not in stated:
                stated[i] = _stated_numbers(rows[i])
            return stated[i]

        for i, a in enumerate(rows):
            for j in range(i + 1, len(rows)):
                b = rows[j]
                if a.outlet_key == b.outlet_key or root(i) == root(j):
                    continue
                if a.language != b.language and UNDETERMINED_LANGUAGE not in (
                    a.language,
                    b.language,
                ):
                    continue
                if (
                    _same_title(titles[i], titles[j], title_sets[i], title_sets[j])
                    or _same_snippet(shingles[i], shingles[j])
                ) and not _numbers_differ(numbers(i), numbers(j)):
                    parent[root(j)] = root(i)

        clusters: dict[int, list[_Row]] = defaultdict(list)
        for i, row in enumerate(rows):
            clusters[root(i)].append(row)
        collapsed: list[_Row] = []
        for members in clusters.values():
            # The best match stands for the group; on a tie the earliest copy, which is the
            # likeliest to be the agency's original.
            members.sort(key=_representative_order)
            lead, others = members[0], members[1:]
            # One copy per outlet: its best-ordered one, as for the lead. A copy whose address
            # is too long to send (a hostile feed) still names its outlet, without a link.
            copies: dict[str, tuple[Outlet, RelatedCopy | None]] = {}
            for other in others:
                if other.outlet_key == lead.outlet_key:
                    continue
                known = copies.get(other.outlet_key)
                if known is None or known[1] is None:
                    copies[other.outlet_key] = (other.outlet, _copy(other))
            named = sorted(
                copies.values(), key=lambda pair: (pair[0].name.casefold(), pair[0].domain)
            )
            lead.also = [outlet for outlet, _ in named]
            lead.copies = [copy for _, copy in named if copy is not None]
            collapsed.append(lead)
        return collapsed

    def _grouped(self, rows: list[_Row]) -> list[_Row]:
        """``rows`` with wire copies grouped and at most ``max_per_outlet`` rows per outlet.

        The limit counts rows after grouping (an outlet's copy under another outlet's row is
        not one of its rows). A group whose lead is over its outlet's limit is grouped again
        without that lead, so that it is led by another outlet carrying the report instead of
        vanishing with all of them."""
        for _ in range(_REGROUP_PASSES):
            kept, dropped = self._diverse(self._collapse_wire_copies(rows))
            leads = {id(row) for row in dropped if row.also}
            if not leads:
                return kept
            rows = [row for row in rows if id(row) not in leads]
        return self._diverse(self._collapse_wire_copies(rows))[0]

    def _diverse(self, rows: list[_Row]) -> tuple[list[_Row], list[_Row]]:
        """The rows kept under the per-outlet limit (best first), and those dropped."""
        per_outlet: Counter[str] = Counter()
        kept: list[_Row] = []
        dropped: list[_Row] = []
        for row in sorted(rows, key=lambda r: (-r.score, r.url)):
            if per_outlet[row.outlet_key] < self.max_per_outlet:
                per_outlet[row.outlet_key] += 1
                kept.append(row)
            else:
                dropped.append(row)
        return kept, dropped

    @staticmethod
    def _item(row: _Row) -> RelatedItem:
        c = row.candidate
        return RelatedItem(
            url=row.url,
            title=c.title,
            outlet=row.outlet,
            language=row.language,
            published=iso_utc(row.when) if row.when else None,
            snippet=c.snippet,
            similarity=round(row.score, 4),
            also_reported_by=row.also,
            copies=row.copies,
            provider=c.provider,
        )


def _copy(row: _Row) -> RelatedCopy | None:
    """``row`` as a copy under another row; None when its address is too long to send (the
    row's URL is canonical http(s) already: the admission step dropped every other)."""
    if len(row.url) > MAX_URL_LENGTH:
        return None
    return RelatedCopy(
        url=row.url,
        title=row.candidate.title,
        outlet=row.outlet,
        language=row.language,
        published=iso_utc(row.when) if row.when else None,
    )


# --- the candidate pool's TF-IDF cosine -----------------------------------------------------------

# The source's text is read up to here (its lead names the story), a candidate's title and
# snippet up to the second: the work per ranking stays bounded whatever a provider sends.
_POOL_SOURCE_CHARS = 4000
_POOL_CANDIDATE_CHARS = 1000


_LOG_TF = tuple(1.0 + math.log(c) if c else 0.0 for c in range(64))  # sub-linear term frequency


def _pool_counts(text: str) -> Counter[str]:
    counts = Counter(tokenize(text))  # counted in C; the few one-letter words dropped after
    for short in [t for t in counts if len(t) < 2]:
        del counts[short]
    for run in [t for t in counts if has_cjk(t)]:
        # Chinese and Japanese have no spaces: a \w+ run is a clause, which no other text
        # repeats, so two reports of one Chinese story had a cosine of about 0 and only the
        # probability decided (0.39 for a plain same-story pair, under COMBINED_THRESHOLD).
        # Their character bigrams are the words here, as in content_terms (walk6).
        times = counts.pop(run)
        for i in range(len(run) - 1):
            counts[run[i : i + 2]] += times
    return counts


def _pool_cosines(source: Article, candidates: Sequence[Candidate]) -> list[float]:
    """TF-IDF cosine of ``source`` (title and text) with each candidate (title and snippet),
    document frequencies counted over the candidates and the source: a word every candidate
    shares with the source (the subject that retrieved them all) weighs little, one only the
    source and this candidate share (the event) weighs much."""
    docs = [
        _pool_counts(f"{c.title} {c.snippet or ''}"[:_POOL_CANDIDATE_CHARS]) for c in candidates
    ]
    own = _pool_counts(f"{source.title} {source.text[:_POOL_SOURCE_CHARS]}")
    df: Counter[str] = Counter(own.keys())
    for counts in docs:
        df.update(counts.keys())
    base = math.log(len(docs) + 2)  # log(1 + n), n = the candidates and the source
    idf = {t: base - math.log(1 + d) + 1.0 for t, d in df.items()}
    query = {t: (1.0 + math.log(c)) * idf[t] for t, c in own.items()}
    query_norm = math.sqrt(sum(w * w for w in query.values()))
    cosines: list[float] = []
    for counts in docs:
        if not query_norm or not counts:
            cosines.append(0.0)
            continue
        # One pass per candidate (its norm and its dot product with the source): this runs for
        # every candidate of every Brief, inside the related step's CPU budget.
        norm2 = shared = 0.0
        for term, count in counts.items():
            weight = (_LOG_TF[count] if count < len(_LOG_TF) else 1.0 + math.log(count)) * idf[term]
            norm2 += weight * weight
            if term in query:
                shared += weight * query[term]
        cosines.append(shared / (query_norm * math.sqrt(norm2)))
    return cosines


def _representative_order(row: _Row) -> tuple[bool, float, bool, float, int, str]:
    return (
        # An address too long to send would cost the whole group its row (the Brief's bounds
        # drop it): any other copy leads first.
        len(row.url) > MAX_URL_LENGTH,
        -row.score,
        row.when is None,
        row.when.timestamp() if row.when else 0.0,
        -sum(row.richness()),
        row.url,
    )


def _merge(kept: _Row, other: _Row) -> _Row:
    """``kept`` with fields it lacks filled in from ``other`` (the same article)."""
    primary, secondary = (kept, other) if kept.richness() >= other.richness() else (other, kept)
    if kept.score != other.score:
        primary, secondary = (kept, other) if kept.score > other.score else (other, kept)
    p, s = primary.candidate, secondary.candidate
    merged = replace(
        p,
        # Found within some provider's window: not background (the pool and tier it may join).
        background=p.background and s.background,
        snippet=p.snippet or s.snippet,
        published=p.published or s.published,
        language=p.language or s.language,
        outlet_name=p.outlet_name or s.outlet_name,
    )
    return replace(
        primary,
        candidate=merged,
        when=primary.when or secondary.when,
        language=(
            secondary.language if primary.language == UNDETERMINED_LANGUAGE else primary.language
        ),
    )


def rank_related(
    source: Article,
    candidates: list[Candidate],
    *,
    similarity: Similarity = story_similarity,
    threshold: float = SAME_STORY_THRESHOLD,
    max_items: int,
    outlet_lookup: OutletLookup | None = None,
    now: datetime | None = None,
    preferred_languages: Sequence[str] = (),
    allowed_languages: Collection[str] | None = None,
    calibration: Calibration = same_story_probability,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[RelatedItem]:
    """Functional form of :meth:`RelatedRanker.rank` (the same-story tier)."""
    ranker = RelatedRanker(
        similarity=similarity,
        threshold=threshold,
        outlet_lookup=outlet_lookup,
        calibration=calibration,
        lexical_weight=lexical_weight,
    )
    return ranker.rank(
        source,
        candidates,
        max_items=max_items,
        now=now,
        preferred_languages=preferred_languages,
        allowed_languages=allowed_languages,
    )
