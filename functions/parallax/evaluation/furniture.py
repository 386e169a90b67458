"""Is a summary bullet page furniture? The evaluation's own detector.

The summariser has a furniture filter of its own (:func:`parallax.domain.extractive_summariser.is_furniture`);
measuring it with itself would prove nothing. This detector is written apart and works
differently where it can: it compares a bullet with the page's *metadata* (the extracted title and
authors, which the summariser's filter does not see), measures how much of a bullet is date or
interface vocabulary rather than matching anchored patterns, and flags near-duplicate bullets by
word-set overlap rather than TF-IDF cosine. It was checked by reading bullets by hand (see
docs/benchmarks.md, issue 16).

Kinds: ``headline`` (a copy of the title), ``byline`` (the authors' names), ``date`` (a date,
time or update notice with next to nothing else), ``dateline`` (a place in capitals alone),
``interface`` (navigation, subscription and sharing prompts, credits), ``fragment`` (fewer than
four words: not a statement), ``notice`` (the page talking to its reader about itself: cookies,
an ad blocker, JavaScript, the browser, a captcha or block, availability in a country).

``notice`` is counted apart from the product's rule (:mod:`parallax.domain.page_notices`, phrases
searched in the sentence, with a veto on reported speech): here a bullet is a set of words, and a
notice is a short bullet with a word of the reader's or the site's address (second person, "we",
"please") and at least two words of notice or interface vocabulary, one of them a notice topic
(cookie, JavaScript, browser, ad blocker, captcha, robot, IP, consent, privacy).
"""

# ruff: noqa: RUF001 -- Turkish dotless i is the point here

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

__all__ = ["FURNITURE_KINDS", "furniture_kind", "near_duplicate_pairs"]

FURNITURE_KINDS = ("headline", "byline", "date", "dateline", "interface", "fragment", "notice")

_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DATE_VOCABULARY = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "am",
        "pm",
        "gmt",
        "utc",
        "et",
        "est",
        "edt",
        "cet",
        "cest",
        "bst",
        "pt",
        "pst",
        "uhr",
        "updated",
        "update",
        "posted",
        "published",
        "last",
        "modified",
        "aktualisiert",
        "veröffentlicht",
        "stand",
        "zuletzt",
        "publié",
        "mis",
        "à",
        "jour",
        "le",
        "la",
        "de",
        "del",
        "el",
        "on",
        "at",
        "um",
        "the",
        "of",
        "ago",
        "hours",
        "hour",
        "minutes",
        "minute",
        "stunden",
        "stunde",
        "vor",
        "min",
        "h",
    ]
)
_BYLINE_WORDS = frozenset(
    [
        "by",
        "von",
        "par",
        "por",
        "di",
        "door",
        "and",
        "und",
        "et",
        "y",
        "e",
        "with",
        "mit",
        "from",
        "aus",
        "in",
        "for",
        "für",
        "the",
        "der",
        "die",
        "staff",
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "text",
        "photos",
    ]
)
# Phrases of the page's interface, flagged in a bullet of up to 30 words ...
_INTERFACE = (
    "skip to", "main content", "main menu", "sign up for", "sign in to", "log in to",
    "share this", "share on", "follow us on", "read more:", "click here", "all rights reserved",
    "accept cookies", "getty images", "photo:", "image:", "foto:", "bild:", "credit:", "©",
    "jetzt abonnieren", "jetzt lesen", "weiterlesen", "zum inhalt", "lesen sie auch",
    "mehr zum thema", "s'abonner", "abonnez-vous", "lire aussi", "suscríbete", "leer más",
    "back to top", "for more information, see", "download the app", "subscribe now",
    "subscribe to our", "our newsletter", "min read", "on this page",
)  # fmt: skip
# ... and words that are the interface only in a short line ("Newsletter", "Login | Register").
_INTERFACE_WORDS = (
    "navigation", "subscribe", "subscription", "login", "log in", "newsletter", "cookie",
    "advertisement", "copyright", "anmelden", "registrieren", "account", "recommended",
    "sponsored", "watch:", "listen:",
)  # fmt: skip


# Words of the page's notices to its reader, by word start (casefolded): the topics ...
_NOTICE_TOPICS = (
    "cookie", "ciasteczk", "çerez", "javascript", "browser", "webbrowser", "navigateur",
    "navegador", "przeglądar", "tarayıcı", "adblock", "werbeblock", "bloqueur", "bloqueador",
    "blocco", "blokowan", "blokad", "engelleyici", "advertentieblok", "captcha", "recaptcha",
    "robot", "consent", "einwillig", "privacy", "datenschutz", "confidentialité", "privacidad",
    "privacidade", "prywatno", "gizlilik", "unusual", "ungewöhnlich", "inhabituel", "inusual",
    "insolito", "incomum", "ongebruikelijk", "nietypow", "olağandışı", "automation", "denied",
    "verweigert", "refusé", "denegado", "negato", "negado", "geweigerd",
)  # fmt: skip
# ... (whole words: "ip" starts "iphone" too) ...
_NOTICE_TOPIC_WORDS = frozenset({"ip"})
# "available" is a notice's word only when denied, somewhere ("not available in your country").
_AVAILABILITY = (
    "availab", "unavailab", "verfügbar", "disponib", "disponív", "beschikbaar", "dostępn",
    "kullanıl", "mevcut",
)  # fmt: skip
_PLACES = ("countr", "region", "location", "land", "pays", "país", "paese", "kraj", "ülke")
_NEGATIONS = frozenset(
    ("not", "no", "nicht", "kein", "pas", "non", "não", "niet", "nie", "değil", "geen", "n")
)
# ... and what the notices do with them (enable, update, accept, use, view, browse the site).
_NOTICE_ACTIONS = (
    "enabl", "disabl", "activ", "aktivier", "deaktivier", "attiv", "disattiv", "abilit",
    "disabilit", "habilit", "ativ", "desativ", "inschakel", "uitschakel", "włącz", "wyłącz",
    "etkinleştir", "whitelist", "allowlist", "updat", "upgrad", "outdated", "veraltet",
    "obsolète", "desactualiz", "aggiorn", "atualiz", "verouderd", "nieaktualn", "güncel",
    "support", "unterstütz", "compatib", "accept", "akzept", "agree", "zustimm", "use", "using",
    "verwend", "nutz", "utilis", "utiliz", "usamos", "usiamo", "gebruik", "używ", "kullan",
    "notic", "detect", "view", "display", "browse", "browsing", "continu", "site", "website",
    "webseite", "sitio", "sito", "pagina", "página", "page", "seite", "strona", "stron", "sayfa",
    "experience", "erlebnis", "expérience", "experiencia", "esperienza", "experiência",
    "ervaring", "settings", "einstellung", "paramètr", "configura", "impostazion", "instelling",
    "ustawie", "ayar", "third", "terceros", "tiers", "terze", "terceiros", "derden", "partner",
    "human", "mensch", "humain", "humano", "umano", "verkehr", "trafic", "tráfico", "traffico",
    "desactiv", "usand",
    "confirm", "verif", "bestätig", "vérifi", "weryfik", "doğrula", "devre", "block", "kontynu",
)  # fmt: skip
# Words that address the reader (or speak as the site), casefolded ...
_ADDRESSING = frozenset(
    """you your yours please we our us bitte wir unser unsere unseren unserer unserem uns
    dein deine deinen deinem dich dir vous votre vos veuillez nous notre usted ustedes tu tus
    nuestro nuestra nuestros nuestras utilizamos usamos tuo tua tuoi tue ti nostro nostra nostri
    nostre utilizziamo usiamo você vocês nosso nossa nossos nossas uw jij jouw wij onze ons
    twoja twój twoje twojej twoim prosimy proszę używamy nasz nasza nasze naszej naszym naszych
    włącz wyłącz lütfen siz sizin kullanıyoruz je""".split()  # noqa: SIM905 - a word list
)
# ... phrases that do the same ...
_ADDRESSING_PHRASES = (
    "por favor", "per favore", "si prega", "s il vous plaît", "this page", "this site",
    "this website", "diese seite", "diese website", "cette page", "ce site", "esta página",
    "este sitio", "questa pagina", "questo sito", "deze pagina", "deze site", "ta strona",
    "tej strony", "bu sayfa", "bu site", "this content", "dieser inhalt", "ce contenu",
    "este contenido", "questo contenuto", "este conteúdo",
)  # fmt: skip
# ... the possessive "su"/"seu" only in front ("Su navegador no es compatible"), since inside a
# sentence it is as often "his" or "her" ...
_OPENING_ADDRESS = frozenset({"su", "sus", "seu", "sua"})
# ... and German formal address, which is capitalised ("Sie", "Ihr"; "sie", "ihr" are others).
_GERMAN_ADDRESSING = frozenset(
    {"Sie", "Ihnen", "Ihr", "Ihre", "Ihrem", "Ihren", "Ihrer", "Du", "Dein", "Deine", "Deinen"}
)
# A captcha's checkbox speaks for the reader: "I'm not a robot", "Ich bin kein Roboter".
_ROBOT = ("robot", "robô", "roboter")
_TURKISH_YOUR = re.compile(r"\w+(?:[ıiuü]n[ıiuü]z|s[ıiuü]n[ıiuü]z)\w*$")
_NOTICE_MAX_TOKENS = 40


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def furniture_kind(  # noqa: PLR0911 - one return per kind reads best
    bullet: str, title: str | None, authors: Sequence[str] = ()
) -> str | None:
    """The kind of furniture ``bullet`` is, or ``None`` for a statement of the article."""
    tokens = _tokens(bullet)
    cjk = len(_CJK.findall(bullet))
    if len(tokens) + cjk // 2 < 4:
        return "fragment"
    if title and _similar_to_title(bullet, title, tokens):
        return "headline"
    if authors and len(tokens) <= 15 and _names_authors(tokens, authors):
        return "byline"
    dated = [t for t in tokens if t.isdigit() or t in _DATE_VOCABULARY]
    if len(tokens) <= 15 and any(t.isdigit() for t in tokens) and len(dated) >= 0.7 * len(tokens):
        return "date"
    letters = [ch for ch in bullet if ch.isalpha()]
    if len(tokens) <= 6 and letters and all(ch.isupper() for ch in letters):
        return "dateline"
    if _is_notice(bullet, tokens):
        return "notice"
    lowered = bullet.casefold()
    if len(tokens) <= 30 and any(marker in lowered for marker in _INTERFACE):
        return "interface"
    if len(tokens) <= 8 and any(marker in lowered for marker in _INTERFACE_WORDS):
        return "interface"
    # a table row or a menu ("| Su | Mo | Tu |"), an advertising tick list ("✔ Free quote")
    if bullet.count("|") + bullet.count("✔") + bullet.count("✓") >= 2:
        return "interface"
    return None


def _is_topic(token: str) -> bool:
    return token.startswith(_NOTICE_TOPICS) or token in _NOTICE_TOPIC_WORDS


def _is_notice(bullet: str, tokens: list[str]) -> bool:
    """A short bullet that addresses the reader and is made of notice vocabulary (see the
    module's docstring)."""
    if len(tokens) > _NOTICE_MAX_TOKENS:
        return False
    # "ad blocker", "ad-blocker" and "adblocker" are one word here.
    joined = _tokens(re.sub(r"(?i)\bad[\s-]+block", "adblock", bullet))
    negated = any(t in _NEGATIONS for t in joined)
    denied_here = negated and any(t.startswith(_PLACES) for t in joined)
    topics = sum(1 for t in joined if _is_topic(t) or (denied_here and t.startswith(_AVAILABILITY)))
    if topics == 0:
        return False
    if negated and any(t.startswith(_ROBOT) for t in joined):
        return True
    actions = sum(
        1
        for t in joined
        if not _is_topic(t)
        and (t.startswith(_NOTICE_ACTIONS) or (denied_here and t.startswith(_PLACES)))
    )
    if topics + actions < 2:
        return False
    text = " ".join(joined)
    words = _TOKEN.findall(bullet)
    return (
        joined[0] in _OPENING_ADDRESS
        # "US" (the country) is not "us"
        or any(t in _ADDRESSING or _TURKISH_YOUR.match(t) for t in joined if t != "us")
        or "us" in words
        or any(word in _GERMAN_ADDRESSING for word in words)
        or any(phrase in text for phrase in _ADDRESSING_PHRASES)
    )


def _similar_to_title(bullet: str, title: str, tokens: list[str]) -> bool:
    headline = _tokens(title)
    if not headline or len(tokens) > 2 * len(headline) + 3:
        return False
    ratio = SequenceMatcher(None, " ".join(tokens), " ".join(headline), autojunk=False).ratio()
    return ratio >= 0.75


def _names_authors(tokens: list[str], authors: Sequence[str]) -> bool:
    """The bullet names an author and says little else (at most three other words): a byline,
    not a sentence that happens to mention the author."""
    joined = f" {' '.join(tokens)} "
    names = [_tokens(a) for a in authors]
    if not any(len(n) >= 2 and f" {' '.join(n)} " in joined for n in names):
        return False
    own = {t for n in names for t in n}
    rest = [t for t in tokens if t not in own and t not in _BYLINE_WORDS]
    return len(rest) <= 3


def near_duplicate_pairs(bullets: Sequence[str], threshold: float = 0.6) -> int:
    """Pairs of bullets whose word sets overlap this much (Jaccard): the same point twice."""
    sets = [set(_tokens(b)) for b in bullets]
    pairs = 0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = sets[i] | sets[j]
            if union and len(sets[i] & sets[j]) / len(union) >= threshold:
                pairs += 1
    return pairs
