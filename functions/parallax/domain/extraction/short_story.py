"""A page too short to summarise that still names its story (issue 13).

A paywall stub ("You have reached the limit for free access ...") or a one-sentence news item
under a real headline is refused as ``no_text``, and a page whose only readable text is a cookie
or consent notice as ``cookie_wall``: there is nothing to summarise. The reader still wants the
same story from other outlets, and the page says which story it is: its headline, and often a
description. :func:`short_story` decides whether a refused page is such a page and builds the
:class:`~parallax.domain.models.Article` to look for the story with: the headline and the page's
description, plus its few words of text when they are the story's (never a paywall's or a
consent banner's notice). Every other refusal stays a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from parallax.domain.extraction.text import count_words, letters_only
from parallax.domain.models import Article, Sentence
from parallax.domain.page_notices import article_is_about_browsing, is_page_notice
from parallax.domain.page_type import PageJudgement, PageSignals, may_name_its_story
from parallax.domain.sentences import split_sentences

__all__ = [
    "HEADLINE_MAX_CHARS",
    "HEADLINE_MAX_WORDS",
    "HEADLINE_MIN_WORDS",
    "STORY_MIN_TEXT_WORDS",
    "STORY_NOTICES",
    "ShortStory",
    "StoryNotice",
    "names_consent",
    "says_notice",
    "says_paywall",
    "short_story",
    "story_past_notices",
]

StoryNotice = Literal["too_short", "behind_gate", "behind_consent"]
STORY_NOTICES: frozenset[str] = frozenset({"too_short", "behind_gate", "behind_consent"})
"""The ``Summary.notice`` codes of a Brief made from such a page: no bullets, related coverage."""

# "NRW on track for strong FY20" names a story; "Home", "News" or "Sport | Site" do not.
HEADLINE_MIN_WORDS = 3
# Longer than this is a paragraph in the <title>, not a headline.
HEADLINE_MAX_WORDS = 40
# Nor is a "headline" of a few words this long (a hostile og:title of megabytes in one word): of
# the 3,973 SemEval and UCI headlines of 40 words or fewer the longest has 252 characters.
HEADLINE_MAX_CHARS = 600
# A short page's own text must say something besides its headline (a caption of one image, an
# empty body stay refused); a paywall's text is never counted, only its headline and description.
STORY_MIN_TEXT_WORDS = 5

# What a paywall or login gate says (lower-cased). Narrower than the page judgement's gate text,
# which also covers error pages, age gates and consent notices: those stay refused.
_PAYWALL = re.compile(
    r"\b(?:subscribe (?:now |today )?to (?:continue|read|keep|access|unlock)|subscribe now"
    r"|subscribers? only|subscribers?, (?:click|log|sign)|already (?:a )?subscriber"
    r"|reached (?:the|your) (?:limit|maximum)|(?:free )?(?:article|story) limit"
    r"|already have an account|(?:log|sign) ?in to (?:continue|read|your account|access)"
    r"|click below to (?:log|sign) ?in|forgot your password|enter your password"
    r"|create a free account to|register (?:now )?to (?:continue|read)"
    r"|jetzt abonnieren|nur für abonnenten|zum weiterlesen|bereits abonnent"
    r"|réservé aux abonnés|abonnez-vous|déjà abonné"
    r"|suscr[ií]bete|solo para suscriptores|ya eres suscriptor"
    r"|riservato agli abbonati|abbonati (?:ora|per)|sei già abbonato"
    r"|exclusivo para assinantes|assine (?:já|agora)|já é assinante"
    r"|alleen voor abonnees|word abonnee|al abonnee"
    r"|tylko dla (?:prenumeratorów|subskrybentów)|wykup (?:dostęp|prenumeratę|subskrypcję)"
    r"|abone ol(?:un)?|abonelere özel)"
)
# Headlines that are a gate's or an error page's own, not a story's.
_NOT_A_HEADLINE = re.compile(
    r"\b(?:page not found|error 40[34]|40[34] error|access denied|subscribe|log ?in|sign ?in"
    r"|verify your age|are you (?:18|21)|paywall)\b"
)
# An error page's words, in its headline or its text: such a page names no story, whatever it
# declares (a template writes og:type article on its 404 page too). The page judgement's gate
# text knows the common phrasings; these are the ones it does not ("Oops! That page can't be found").
_ERROR_PAGE = re.compile(
    r"(?:^|\n)\s*not found\b"  # a line that says only that
    r"|\b(?:(?:page|article|story|content|link|url|file) (?:(?:can't|cannot|could not|couldn't)"
    r" be found|(?:was |is )?not found|(?:is )?no longer (?:available|online)|(?:has|have) been"
    r" (?:removed|deleted|moved)|(?:does not|doesn't) exist)|(?:can't|cannot) be found"
    r"|nothing (?:was |could be )?found|error (?:404|410|500)|oops)\b"
)
_LETTER = re.compile(r"[^\W\d_]")
# Cookies, consent or privacy: a consent page's description that speaks of them is the banner's
# and stays out of the query; a headline that does may be the banner's (_is_banner_headline:
# "We value your privacy", a title that runs on into the banner, "... - News
# Cookie-Informationen Diese Seite verwendet Cookies", a SemEval page) or news about them.
_CONSENT_WORDS = re.compile(
    r"cookie|consent|einwillig|zustimm|consentement|consentimiento|consenso|privacy|privatsph"
    r"|datenschutz|vie privée|confidentialité|privacidad|riservatezza|privacidade|prywatno"
    r"|gizlilik|before you continue|bevor sie fortfahren"
    r"|avant de continuer|antes de continuar|prima di continuare"
)
# A headline with consent or privacy words is the banner's when it also names cookies, says
# "before you continue", speaks as the site or to the reader ("We value your privacy", "Ihre
# Privatsphäre ist uns wichtig"), or is a label of a few words ("Datenschutzeinstellungen
# verwalten"); news about consent or privacy says none of those ("Bundesrat verweigert
# Zustimmung zum Heizungsgesetz", "EU court strikes down Privacy Shield data deal").
_BANNER_HEADLINE_WORDS = re.compile(
    r"cookie|ciasteczk|çerez|before you continue|bevor sie fortfahren|avant de continuer"
    r"|antes de continuar|prima di continuare"
)
_SPEAKER_OR_READER = frozenset(
    re.findall(
        r"\w+",
        "we our you your yours wir unser unsere uns ihre ihr dein deine euer euch nous notre "
        "nos vous votre vos tu ton ta tes nosotros nuestro nuestra nuestros usted ustedes tus "
        "noi nostro nostra nostri voi vostro vostra tuo tua",
    )
)
_LABEL_MAX_WORDS = 4
# names_consent reads this much of a text: a banner says what it is about in its first lines.
_CONSENT_SAMPLE_CHARS = 6000
# What an age gate or a login wall asks, beside a consent notice: such a page names no story
# (the page judgement's gate text also holds a consent dialog's phrases, so it cannot be asked).
_AGE_OR_LOGIN_GATE = re.compile(
    r"\b(?:must be (?:18|21|of legal)|are you (?:18|21|of legal|over)|legal drinking age"
    r"|verify your age|confirm your (?:age|date of birth)|bestätigen sie ihr alter"
    r"|confirmez votre âge|confirma tu edad|eres mayor de edad|forgot your password"
    r"|enter your password)\b"
)
# A social network's profile page names someone, not a story, whatever date it declares (the
# SemEval query page "New York Daily News on Twitter"). By its title: a handle in parentheses
# ("NY Daily News (@NYDailyNews) / X", "... (@nydailynews) • Instagram photos and videos"), a
# network's name after a separator ("Daily News | Facebook", "Daily News - YouTube"), or a name
# "on Twitter". A tweet ("NYDN on Twitter: \"...\"") is not a profile: the title goes on.
_NETWORKS = r"(?:twitter|facebook|youtube|instagram|linkedin|tiktok|threads|mastodon)"
_PROFILE_HANDLE = re.compile(r"\(@[\w.]{1,30}\)")
_NETWORK_AFTER_SEPARATOR = re.compile(
    rf"\s[|\-\u2013\u2014\u00b7\u2022/]\s*{_NETWORKS}(?: photos and videos)?\s*$", re.I
)
# "on" in lower case: a title-case headline writes "Trump Lashes Out On Twitter", which the
# capitalised words before it would otherwise pass as a name.
_ON_NETWORK = re.compile(rf"^(?P<name>.+?)\s+(?-i:on)\s+{_NETWORKS}\s*$", re.I)
# Words a name may hold in lower case ("Bank of America", "Ville de Paris").
_NAME_PARTICLES = frozenset(
    {"of", "the", "and", "for", "de", "la", "le", "du", "des", "del", "von", "van", "der", "&", "-"}
)
# "Trump lashes out on Twitter" is a headline, "New York Daily News on Twitter" a name's page.
_NAME_MAX_WORDS = 6
# A profile's title is a name and a network; a longer <title> (a hostile page's megabyte) is not
# one and is not searched.
_PROFILE_TITLE_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class ShortStory:
    """A refused page that names its story: the article to look for the story with, and why
    there is no summary (a stable code for ``Summary.notice``)."""

    article: Article
    notice: StoryNotice


def short_story(  # noqa: PLR0911 - one return per kind of page
    article: Article,
    judgement: PageJudgement,
    signals: PageSignals,
    *,
    headline: str | None,
    description: str | None,
    declares_paywall: bool = False,
    page_title: str | None = None,
    site_names: tuple[str, ...] = (),
) -> ShortStory | None:
    """The story a page refused as ``no_text`` or ``cookie_wall`` still names, or None when it
    names none.

    ``article`` is the page as read (its text, however little), ``headline`` the headline the page
    declares (JSON-LD, ``og:title``, a lone ``<h1>`` or the ``<title>`` without the site's name;
    never the text's first line) and ``description`` its JSON-LD or meta description;
    ``declares_paywall`` says the article node is marked ``isAccessibleForFree: false``;
    ``page_title`` is the ``<title>`` element's text (a profile's network may be the site name that
    ``headline`` leaves out); ``site_names`` are the names the page gives its site
    (``og:site_name``, the publisher), which no story's headline is.

    * ``behind_gate``: the text is a paywall or login notice and the page declares an article:
      the story is looked for by the headline and the description; the notice is left out. A
      page marked ``isAccessibleForFree: false`` is behind a gate whatever language its notice
      is in; the few words of its teaser that are not a notice join the query.
    * ``too_short``: fewer words than a summary needs (or one sentence) on a page that declares an
      article: the headline, the description and the text.
    * ``behind_consent``: the page was refused as ``cookie_wall`` (all it shows is a cookie or
      consent notice) and declares an article: the story is looked for by the headline and the
      description, never by the page's text. The banner's sentences are page notices, but its
      buttons and links are not ("OK", "Zur Datenschutzerklärung" on a SemEval page), and no
      story words are left beside them to tell apart. A headline that is the banner's (names
      cookies, speaks as the site or to the reader of consent or privacy, or is a label of a few
      words) names no story: such a page stays refused, as do error pages and age gates; news
      about consent or privacy keeps its headline. A description that speaks of cookies,
      consent or privacy is left out of the query.

    On every path a headline that is only the site's name ("The Harbour Courier",
    "harbourcourier.com") names no story: the page stays refused.

    Pages that declare no article, declare a product, offer or list, are walls of links, show a
    cart or prices or a PDF viewer, an error page or an age gate, ``no_text`` pages that show a
    consent notice, and pages without a headline of a few words or without any text of their
    own stay refused.
    """
    if (
        judgement.is_article
        or judgement.reason not in ("no_text", "cookie_wall")
        or not may_name_its_story(signals)
        or headline is None
        or not _is_headline(headline)
        or any(_names_a_profile(title) for title in (headline, page_title) if title)
        # A headline that is only the site's name (a paywall's or consent page's title when
        # the template hides the article's) names no story: searched for, it finds the site.
        or _names_the_site(headline, (*site_names, article.outlet.name, article.outlet.domain))
    ):
        return None
    if judgement.reason == "cookie_wall":
        return _consent_story(article, headline, description)
    if signals.cookie_text or signals.consent_dialog:
        # Too little text beside consent words the judgement did not take for a wall: neither
        # a recognised notice to leave out nor the story's own words ("reject all" is both).
        return None
    description = _usable_description(description, headline)
    if signals.gate_text and not declares_paywall:
        if not says_paywall(article.text):
            return None  # an error page or an age gate: it names no story
        return ShortStory(_story_article(article, headline, description, []), "behind_gate")
    if _ERROR_PAGE.search(f"{headline}\n{article.text}".casefold()):
        return None  # a 404 or an error page that declares an article: no story to look for
    own_sentences = _without_notices(
        _without_headline(article.text, headline),
        article.language,
        article_is_about_browsing(article),
    )
    if declares_paywall:
        # The publisher's own paywall markup: the teaser's words are the story's, the notice (in
        # whatever language) is dropped sentence by sentence where it is recognised.
        teaser = [sentence for sentence in own_sentences if not says_paywall(sentence)]
        return ShortStory(_story_article(article, headline, description, teaser), "behind_gate")
    own_text = "\n".join(own_sentences)
    if says_paywall(own_text):
        # A paywall's notice the judgement did not recognise as one: still no story words.
        return ShortStory(_story_article(article, headline, description, []), "behind_gate")
    if count_words(own_text) < STORY_MIN_TEXT_WORDS:
        return None
    return ShortStory(_story_article(article, headline, description, own_sentences), "too_short")


def _consent_story(article: Article, headline: str, description: str | None) -> ShortStory | None:
    """``behind_consent`` (see :func:`short_story`): the headline and the description, when they
    are the story's and not the banner's or an error page's."""
    if (
        _is_banner_headline(headline)
        or _ERROR_PAGE.search(f"{headline}\n{article.text}".casefold())
        or _AGE_OR_LOGIN_GATE.search(article.text.casefold())
    ):
        return None
    description = _usable_description(description, headline)
    if description is not None and (
        _CONSENT_WORDS.search(description.casefold()) or says_notice(description)
    ):
        description = None
    return ShortStory(_story_article(article, headline, description, []), "behind_consent")


def _is_banner_headline(headline: str) -> bool:
    """Whether a consent page's ``headline`` is the banner's, not a story's (see
    :data:`_BANNER_HEADLINE_WORDS`)."""
    folded = headline.casefold()
    if _CONSENT_WORDS.search(folded) is None:
        return False
    if _BANNER_HEADLINE_WORDS.search(folded):
        return True
    words = re.findall(r"\w+", folded)
    return len(words) <= _LABEL_MAX_WORDS or not _SPEAKER_OR_READER.isdisjoint(words)


def _names_the_site(headline: str, names: tuple[str, ...]) -> bool:
    """Whether ``headline`` is only the site's name ("The Harbour Courier", "harbourcourier.com"):
    a short page's title when its template hides the article's."""
    folded = letters_only(headline)
    forms = {letters_only(name) for name in names if name}
    forms |= {letters_only(name.rsplit(".", 1)[0]) for name in names if name and "." in name}
    forms.discard("")
    return folded in forms or folded.removeprefix("the") in forms


def says_paywall(text: str) -> bool:
    """Whether ``text`` says what a paywall or login gate says ("reached the limit for free
    access", "subscribers, click below to login", "abonnez-vous")."""
    return _PAYWALL.search(text.casefold()) is not None


# A text holds a story besides its page notices once this many words of its sentences are no
# notice: the short-article floor (page_type_rules.SHORT_ARTICLE_MIN_WORDS), so that every page
# summarised before for its own words still is.
STORY_PAST_NOTICES_MIN_WORDS = 15
# Sentences read to find them: a real article shows its story's words in its first sentences;
# a text whose first 400 are all notices is a banner, however long (a hostile megabyte of one is
# not read to its end).
STORY_PAST_NOTICES_MAX_SENTENCES = 400


def story_past_notices(sentences: list[str], *, page_about_browsing: bool = False) -> bool:
    """Whether ``sentences`` (an article's) hold a story besides page notices: False only when
    some are notices (:func:`parallax.domain.page_notices.is_page_notice`) and the others have
    fewer than ``STORY_PAST_NOTICES_MIN_WORDS`` words together. Such a text is a consent banner
    or an ad-blocker plea read as the article (one longer than the page judgement's cookie-wall
    rule reads, 250 words): summarised, it has no bullet, or a model's bullets about cookies."""
    words = 0
    notices = 0
    for sentence in sentences[:STORY_PAST_NOTICES_MAX_SENTENCES]:
        if is_page_notice(sentence, page_about_browsing=page_about_browsing):
            notices += 1
            continue
        words += count_words(sentence)
        if words >= STORY_PAST_NOTICES_MIN_WORDS:
            return True
    return notices == 0


def names_consent(text: str) -> bool:
    """Whether ``text`` (its first screens) speaks of cookies, consent or privacy."""
    return _CONSENT_WORDS.search(text[:_CONSENT_SAMPLE_CHARS].casefold()) is not None


def says_notice(text: str, *, page_about_browsing: bool = False) -> bool:
    """Whether ``text`` holds a notice that is not the story's ("Please enable JavaScript", "you
    are using an ad blocker"): on a page this short, such a sentence would be a bullet. A
    sentence is a notice when :func:`parallax.domain.page_notices.is_page_notice` says so (told
    whether the page is about cookies, ad blockers, JavaScript or browsers), the one rule the
    summaries and the extraction use too."""
    return any(
        is_page_notice(sentence, page_about_browsing=page_about_browsing)
        for sentence in split_sentences(text, "und")
    )


def _is_headline(headline: str) -> bool:
    # A template's indentation may pad a short headline: the bound is on its words, one space
    # between them, and a looser one before (a megabyte is not split to find out).
    if len(headline) > HEADLINE_MAX_CHARS and (
        len(headline) > 16 * HEADLINE_MAX_CHARS
        or len(" ".join(headline.split())) > HEADLINE_MAX_CHARS
    ):
        return False
    words = count_words(headline)
    return (
        HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
        and len(_LETTER.findall(headline)) >= HEADLINE_MIN_WORDS * 2
        and _NOT_A_HEADLINE.search(headline.casefold()) is None
    )


def _names_a_profile(title: str) -> bool:
    """Whether ``title`` is a social network profile's ("X on Twitter", "X (@x) / X",
    "X | Facebook", "X - YouTube")."""
    # A template's indentation may pad a short title: the bound is on the title with one space
    # between words (after which the patterns never backtrack far), and a looser one before.
    if len(title) > 4 * _PROFILE_TITLE_MAX_CHARS:
        return False
    title = " ".join(title.split())
    if len(title) > _PROFILE_TITLE_MAX_CHARS:
        return False
    if _PROFILE_HANDLE.search(title) or _NETWORK_AFTER_SEPARATOR.search(title):
        return True
    on_network = _ON_NETWORK.match(title)
    if on_network is None:
        return False
    words = on_network["name"].split()
    return len(words) <= _NAME_MAX_WORDS and all(
        word[0].isupper() or word[0].isdigit() or word[0] == "@" or word in _NAME_PARTICLES
        for word in words
    )


def _usable_description(description: str | None, headline: str) -> str | None:
    """The description when it says something of the story: not empty, not the headline
    again, not a gate's notice."""
    if not description or count_words(description) < HEADLINE_MIN_WORDS:
        return None
    folded = description.casefold()
    if folded.strip() == headline.casefold().strip() or says_paywall(folded):
        return None
    return description.strip()


def _without_headline(text: str, headline: str) -> str:
    """The text without lines that only repeat the headline."""
    folded = headline.casefold().strip()
    return "\n".join(
        line for line in text.splitlines() if line.strip() and line.casefold().strip() != folded
    )


def _without_notices(text: str, language: str, page_about_browsing: bool) -> list[str]:
    """The sentences of ``text`` without those of a notice that is not the story's ("Please
    enable JavaScript to view this page", "We noticed you are using an ad blocker")."""
    return [
        sentence
        for sentence in split_sentences(text, language)
        if sentence.strip()
        and not is_page_notice(sentence, page_about_browsing=page_about_browsing)
    ]


def _story_article(
    article: Article, headline: str, description: str | None, own_sentences: list[str]
) -> Article:
    """``article`` with the headline as its title and, as its text, the description and the
    page's own sentences (each once), so that the related query is made of the story only.

    ``own_sentences`` are already split (one a line in the text); only the description is split
    here, and a line break always ends a sentence, so the text's sentences are the description's
    followed by the page's own."""
    own_text = "\n".join(own_sentences)
    sentences = list(own_sentences)
    parts: list[str] = []
    if description is not None and description.casefold() not in own_text.casefold():
        parts.append(description)
        sentences = [*split_sentences(description, article.language), *own_sentences]
    if own_text:
        parts.append(own_text)
    text = "\n".join(parts)
    return article.model_copy(
        update={
            "title": headline,
            "text": text,
            "sentences": [Sentence(id=i, text=s) for i, s in enumerate(sentences)],
            "word_count": count_words(text),
        }
    )
