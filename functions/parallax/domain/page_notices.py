"""Reader-directed page notices: what a page says about itself, never the article's content.

"We use cookies to give you the best experience on our website", "Please disable your ad
blocker", "Please enable JavaScript in your browser", "Your browser is out of date", "I am not a
robot", "This video is not available in your country": a site writes these into the page for the
reader, and trafilatura often keeps them inside the article's main block. As a summary bullet,
as a claim to corroborate or as words of the related query they are noise, so one detector,
:func:`is_page_notice`, is used wherever a sentence must be the article's own.

A notice needs BOTH of two things, so that news about cookies, ad blockers, browsers or
JavaScript stays news:

* **notice vocabulary**: cookies (beside a word of the web or of consent) and consent, ad
  blockers, JavaScript, browser support (a browser word *and* a word of its state or its use:
  out of date, not supported, enable, update, "you are using"), captchas (with the task they set:
  solve, enter, complete) and traffic or IP blocks, availability in a country or region (a word
  of unavailability *and* a place word), and the condition a wall puts ("... to continue
  reading");
* **address of the reader or the site**: you / your / please / we / our / this site, and the same
  in German, French, Spanish, Italian, Portuguese, Dutch, Polish and Turkish. "The EU court ruled
  that websites must ask users before placing cookies" talks *about* cookies to nobody; "We use
  cookies" talks to the reader.

A sentence that reports someone's words ("..., the company said") is a report, not a notice,
whatever it quotes. German "sie" / "ihr" mean "she/they" / "her/their" in lower case and "you" /
"your" only capitalised, so German address is read from the sentence as written.

The corroboration's :func:`parallax.domain.corroboration.is_notice` is deliberately broader (any
sentence that mentions cookies or a newsletter is no claim worth aligning); this rule is for
what a reader is shown, where a news sentence about cookies must survive.
"""

# ruff: noqa: RUF001 -- Turkish dotless i and typographic apostrophes are the point here

from __future__ import annotations

import re

__all__ = ["MAX_NOTICE_CHARS", "is_notice_line", "is_page_notice"]

MAX_NOTICE_CHARS = 600
"""A notice is a sentence or two of interface text; a longer "sentence" is prose (or a hostile
page's run-on text), and is not even searched: the cost of the test is bounded by this length."""
_MAX_LINE_CHARS = 4 * MAX_NOTICE_CHARS
"""A line of a few notices (a consent banner's paragraph); longer lines are never all notice."""

# --- notice vocabulary (searched in the casefolded sentence) -------------------------------------
# Each alternative is specific to the page's interface; the browser and availability topics need
# a second word (below) because "browser" or "available" alone are ordinary news words.
_TOPIC = re.compile(
    r"""privacy[ -]?(?:policy|beleid|verklaring|settings)|informativa\ (?:sulla\ )?privacy
    |datenschutz(?:erklärung|hinweis|einstellung|richtlinie|bestimmung)
    |politique\ de\ confidentialité|política\ de\ privacidad|política\ de\ privacidade
    |polityk\w*\ prywatności|gizlilik\ (?:politika|bildirim)
    |terms\ of\ (?:use|service)|nutzungsbedingungen|conditions\ d['’]utilisation
    |términos\ de\ uso|termini\ di\ (?:uso|utilizzo)|termos\ de\ uso|gebruiksvoorwaarden
    |kullanım\ koşulları
    |\bad[ -]?block|werbe[ -]?block|bloqueurs?\ de\ pub|bloqueador(?:es)?\ de\ (?:anuncios
       |publicidad|anúncios|publicidade)|blocco\ (?:degli\ |della\ |delle\ )?(?:annunci
       |pubblicit)|advertentieblok|blok\w*\ reklam|reklam\ engel
    |javascript
    |to\ (?:continue|keep)\ reading|zum\ weiterlesen|um\ weiterzulesen|continuer\ (?:à|de)\ lire
    |(?:seguir|continuar)\ leyendo|continuare\ a\ leggere|continuar\ (?:a\ )?ler|verder\ (?:te\ )?lezen
    |czytać\ dalej|okumaya\ devam
    |(?:not|kein|pas|no\ (?:eres|es|soy)|non\ (?:sei|sono|è)|não\ (?:é|és|sou)|geen
       |nie\ jesteś|nie\ jestem)\ (?:a\ |un\ |um\ |uno\ )?robo\w*|robot\ değil
    |(?:you\ are|you're|you’re)\ (?:a\ )?human|ein\ mensch\ sind|êtes\ (?:un\ )?humain
    |eres\ humano|sei\ umano|é\ humano|mens\ bent|jesteś\ człowiekiem|insan\ olduğunuzu
    |access\ (?:to\ this\ (?:page|site|website)\ )?(?:has\ been\ |is\ |was\ )?(?:denied|blocked)
    |zugriff\ verweigert|accès\ refusé|acceso\ denegado|accesso\ negato|acesso\ negado
    |toegang\ geweigerd|dostęp\ zabroniony|erişim\ engellendi
    |automat\w*\ (?:tools|requests|queries)
    |unusual\ traffic|ungewöhnliche[rn]?\ (?:datenverkehr|zugriff)
    |trafic\ inhabituel|tráfico\ inusual|traffico\ insolito|tráfego\ incomum
    |ongebruikelijk\ verkeer|nietypowy\ ruch|olağandışı\ trafik
    |\bip[ -](?:address|adress|adres|indirizz|endereç)|(?:address|adresse|dirección|indirizzo
       |endereço|adres)\ ip\b""",
    re.VERBOSE,
)
# "Cookies" are also baked (and "ciasteczka", "çerez" eaten): a cookie is the page's only beside a
# word of the web, of consent or of its settings.
_COOKIE = re.compile(r"cookie|ciasteczk|çerez")
_COOKIE_CONTEXT = re.compile(
    r"""\b(?:use|used|uses|using)\b|utiliz|usamos|usiamo|verwende|nutze|setzen|einsetz|gebruik
    |używa|wykorzyst|kullan|accept|akzept|agree|consent|einverstanden|zustimm|einwillig|akkoord
    |zgod|onay|polic|richtlinie|politi|setting|einstellung|paramètr|configur|impostazion
    |instelling|ustawie|ayar|site|web|browser|navega|browsing|experience|erlebnis|expérience
    |experiencia|esperienza|experiência|ervaring|wrażeni|deneyim|third[ -]part|drittanbiet|tiers
    |tercer|terze|terceir|derden|trzecich|üçüncü|partner|analy|track|daten|données|datos|dati
    |dados|gegevens|privacy|datenschutz|confidential|privacidad|privacidade|prywatn|gizlilik
    |store|stock|speicher|plików|dosya""",
    re.VERBOSE,
)
_BROWSER = re.compile(r"browser|navigateur|navegador|przeglądar|tarayıcı")
# ... or of the reader's use of it ("Sie verwenden einen Browser, der ..." on a German page of the
# development sets, with no word of its state).
_BROWSER_STATE = re.compile(
    r"""you(?:'re|’re|\ are)\ using|sie\ (?:verwenden|nutzen|benutzen)|du\ (?:verwendest|nutzt
       |benutzt)|vous\ utilisez|estás\ usando|está\ usando|stai\ usando|u\ gebruikt
    |je\ gebruikt|używasz|korzystasz|kullanıyorsunuz
    |out\ of\ date|outdated|not\ (?:fully\ )?supported|no\ longer\ supported|unsupported
    |\bupdat|\bupgrad|\benabl|veraltet|nicht\ (?:mehr\ )?unterstützt|aktualisier
    |obsolète|pas\ (?:à\ jour|pris\ en\ charge|compatible)|mettre\ à\ jour|mettez
    |desactualizado|no\ es\ compatible|actualic|actualiz|obsolet|non\ (?:è\ )?supportat|aggiorn
    |desatualizado|não\ é\ (?:compatível|suportado)|atualiz|verouderd
    |niet\ (?:meer\ )?ondersteund
    |bijwerken|bijgewerkt|nieaktualn|nie\ jest\ obsługiwan|zaktualizuj|güncel\ değil
    |desteklenmiyor|güncelle""",
    re.VERBOSE,
)
# A captcha is the page's only when the reader is asked to pass it: a blog post about scraping
# "without worrying about captchas" (wcxb-articles-dev) is content.
_CAPTCHA = re.compile(r"captcha")
_CAPTCHA_TASK = re.compile(
    r"""\b(?:complete|solve|enter|fill|type|answer|pass|lös|geben|gib|résou|saisi|rempli
    |resuelv|resolv|complet|introduc|risolv|inserisc|preench|digit|vul|los|rozwiąż|wpisz
    |wprowadź|uzupełnij)\w*|çöz|girin|doldurun""",
    re.VERBOSE,
)
# Only what is *not* available: "tickets are available in your region" is a service to readers.
_UNAVAILABLE = re.compile(
    r"""not\ (?:currently\ |yet\ )?available|unavailable|nicht\ (?:mehr\ )?verfügbar
    |pas\ disponible|no\ (?:está\ |es\ )?disponible|non\ (?:è\ )?disponibil
    |não\ (?:está\ |é\ )?disponível|niet\ beschikbaar|niedostępn|nie\ jest\ dostępn
    |kullanılam|mevcut\ değil|geo-?(?:block|restrict)""",
    re.VERBOSE,
)
_PLACE = re.compile(
    r"""countr|region|location|\bland\b|\bpays\b|país|paese|\bkraj|ülke
    |geo-?(?:block|restrict)""",
    re.VERBOSE,
)

# --- address of the reader or the site --------------------------------------------------------
# In the casefolded sentence. Pronouns that are also ordinary words in another listed language are
# left out ("te" is Dutch "to", "su" / "seu" are also "his" / "her"): the possessive counts only
# at the start of the sentence, where a notice puts it ("Su navegador no es compatible").
_ADDRESS = re.compile(
    r"""\b(?:you|your|yours|you're|youre|please|we|we've|we're|our|us
    |this\ (?:site|website|page|content|video)
    |bitte|wir|unser\w*|uns|dein\w*|dich|dir|diese[rsnm]?\ (?:seite|website|webseite|inhalt)
    |vous|votre|vos|veuillez|merci\ de|nous|notre|ce\ site|cette\ page|ce\ contenu
    |usted\w*|tu|tus|por\ favor|utilizamos|usamos|nuestr\w+|le\ rogamos|este\ sitio
    |esta\ (?:web|página)|este\ contenido
    |tuo|tua|tuoi|tue|ti|per\ favore|si\ prega|utilizziamo|usiamo|nostr\w+|vostr\w+|questo\ sito
    |questa\ pagina|questo\ contenuto
    |você|vocês|nosso|nossa|nossos|nossas|este\ site|esta\ página|este\ conteúdo
    |uw|je|jij|jouw|ons|onze|deze\ (?:site|website|pagina)|alstublieft
    |prosimy|proszę|używamy|wykorzystujemy|korzystamy|używasz|korzystasz|wyłącz|włącz
    |zaktualizuj|nasz\w*|tw(?:ój|oj\w*)|ta\ strona|tej\ stron\w*|tę\ stronę|ten\ serwis
    |lütfen|siz|sizin|kullanıyoruz|kullanmaktayız|sitemiz\w*|bu\ (?:site|sayfa|içerik)
    |\w+(?:[ıiuü]n[ıiuü]z|s[ıiuü]n[ıiuü]z)\w*
    )\b
    |(?<![\w.])u\b(?!\.)
    |^(?:su|sus|seu|sua|seus|suas|o\ seu|a\ sua)\ """,
    re.VERBOSE,
)
# German formal "you", read case-sensitively: capitalised "Sie" / "Ihr..." inside a sentence is
# "you"; at its start it may be "she" / "her", so there only "Sie" + a plural verb ("Sie nutzen
# einen Werbeblocker") or "Ihr" + a browser or blocker word counts.
_GERMAN_ADDRESS = re.compile(
    r"""(?<=\S)\s+(?:Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b
    |^\W*Sie\s+\w+en\b|^\W*Du\s+\w+s?t\b
    |^\W*Ihr(?:e|em|en)?\s+\w*(?:[Bb]rowser|[Bb]locker|IP|Zugriff|Land)""",
    re.VERBOSE,
)
# The first-person labels of a captcha's checkbox speak for the reader.
_ROBOT_LABEL = re.compile(
    r"""\bi(?:'m|’m|\ am)\ not\ a\ robot|ich\ bin\ kein\ roboter|je\ ne\ suis\ pas\ un\ robot
    |no\ soy\ un\ robot|non\ sono\ un\ robot|não\ sou\ um\ robô|ik\ ben\ geen\ robot
    |nie\ jestem\ robotem|robot\ değilim""",
    re.VERBOSE,
)

# A consent banner's instruction: the reader clicks to accept ("Klikając na przycisk „Zaakceptuj i
# zamknij”, aby wyrazić zgodę na przetwarzanie danych", the whole text of two SemEval pages). The
# gerund or conditional of clicking addresses the reader by itself, so no other address is
# needed; a report ("Most users click accept without reading") has no such form.
_CONSENT_CLICK = re.compile(
    r"""\bby\ clicking|\bif\ you\ click|\bclicking\ (?:on\ )?["“'‘]|en\ cliquant|si\ vous\ cliquez
    |al\ (?:hacer\ )?(?:clic|click|pulsar)|si\ (?:haces|hace)\ clic|cliccando|se\ clicchi
    |ao\ clicar|durch\ (?:das\ )?klicken|wenn\ sie\ auf\ .{0,60}klicken|door\ (?:op\ .{0,60})?te\ klikken
    |klikając|kliknięcie|tıklayarak""",
    re.VERBOSE,
)
_CONSENT = re.compile(
    r"""accept|agree|consent|akzept|zustimm|einverstanden|einwillig|accepter|consent|acept
    |consiente|accett|acconsent|aceit|concord|akkoord|toestemming|akcept|zgod|kabul|onay""",
    re.VERBOSE,
)
# A consent banner that names no cookie: the site, speaking of itself ("unsere Webseite", "our
# website"), measures, tracks or advertises ("Zudem messen und werten wir die Besuche aus, um
# unsere Webseite optimal auf Ihre Bedürfnisse anzupassen", "Dafür arbeiten wir mit Partnern und
# Dienstleistern zusammen"). News rarely says "our website"; when it quotes one, it says who said.
_OWN_SITE = re.compile(
    r"""\b(?:our|unser(?:e|er|em|en)?|notre|nos|nuestr[oa]s?|(?:il\ |la\ )?nostr[oa]|noss[oa]s?
    |onze|nasz\w*)\s+(?:web\ ?site|webseite|internetseite|internetauftritt|site|sitio|sito|página
    |pagina|stron\w*|serwis\w*|portal\w*|angebot\w*)|\bsitemiz\w*""",
    re.VERBOSE,
)
_TRACKING = re.compile(
    r"""analy|measur|messen|auswert|werten|track|personali|advertis|werb|anzeigen|partner
    |dienstleister|reklam|publicit|publicidad|pubblicit|statisti|nutzungsverhalten|mesur|medir
    |misur|medi[çc]|meten|mierz|ölç""",
    re.VERBOSE,
)
# A report of someone's words ("..., the company said"): news about a notice, not a notice.
# Verbs only: "according to our cookie policy" is a notice's own phrase.
_ATTRIBUTED = re.compile(
    r"""\b(?:said|says|told|argued|warned|wrote|announced|explained|claimed|stated
    |sagte\w*|sagt|erklärte\w*|betonte\w*|warnte\w*|schrieb\w*|berichtete\w*|kündigte\w*
    |a\ (?:déclaré|dit|affirmé|expliqué|annoncé|averti|indiqué|jugé)|déclare
    |dijo|afirmó|declaró|explicó|anunció|señaló|aseguró|advirtió
    |ha\ (?:detto|dichiarato|affermato|spiegato|annunciato|avvertito)
    |disse|afirmou|declarou|explicou|anunciou|alertou
    |zei|zegt|verklaarde|meldde|schreef|waarschuwde
    |powiedział\w*|stwierdził\w*|oświadczył\w*|poinformował\w*|napisał\w*|ostrzegł\w*
    |dedi|söyledi|açıkladı|belirtti|bildirdi|uyardı)\b""",
    re.VERBOSE,
)
# Every notice holds one of these (a part of a word of each alternative above): the cheap test.
_TRIGGERS = (
    "privacy", "informativa", "datenschutz", "confidentialité", "privacidad", "prywatności",
    "gizlilik", "terms of", "nutzungsbedingungen", "conditions d", "términos", "termini di",
    "termos de", "gebruiksvoorwaarden", "koşulları", "block", "bloqueur", "bloqueador", "blocco",
    "blok", "reklam", "javascript", "reading", "weiter", "lire", "leyendo", "leggere",
    "continuar", "lezen", "czytać", "okumaya", "robo", "human", "mensch", "humain", "umano",
    "mens ", "człowiek", "insan", "traf", "tráf", "verkehr", "verkeer", "ruch", "access",
    "zugriff", "accès", "acceso", "acesso", "toegang", "dostęp", "erişim", "automat", "ip ",
    "ip-", " ip", "cookie", "ciasteczk", "çerez", "browser", "navigateur", "navegador",
    "przeglądar", "tarayıcı", "captcha", "availab", "verfügbar", "disponib", "disponív",
    "beschikbaar", "dostępn", "kullanılam", "mevcut", "geo", "click", "clic", "klick", "klik",
    "tıkla", "site", "seite", "sitio", "sito", "página", "pagina", "stron", "serwis", "portal",
    "internetauftritt", "angebot",
)  # fmt: skip
# Sentences of a line, for :func:`is_notice_line` (the line filter runs before the text's
# language is known, so no language's abbreviations are needed: a notice has none).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def is_page_notice(sentence: str) -> bool:
    """Whether ``sentence`` is a notice of the page to its reader (cookies and consent, an ad
    blocker, JavaScript, browser support, a captcha or traffic block, availability in a region)
    rather than something the article says: notice vocabulary *and* address of the reader or the
    site, and no report of someone's words. Sentences longer than :data:`MAX_NOTICE_CHARS` are
    never notices."""
    if len(sentence) > MAX_NOTICE_CHARS:
        return False
    folded = sentence.casefold()
    if not _has_topic(folded):
        return False
    if _ATTRIBUTED.search(folded):
        return False
    return bool(
        _ADDRESS.search(folded)
        or _GERMAN_ADDRESS.search(sentence.strip())
        or _ROBOT_LABEL.search(folded)
        or _CONSENT_CLICK.search(folded)
    )


def is_notice_line(line: str) -> bool:
    """Whether every sentence of ``line`` (at least one) is a page notice: a line the page
    shows the reader about itself, never part of the article."""
    if not line.strip() or len(line) > _MAX_LINE_CHARS:
        return False
    return all(
        is_page_notice(sentence) for sentence in _SENTENCE_END.split(line.strip()) if sentence
    )


def _has_topic(folded: str) -> bool:
    # Plain substring tests first: most sentences of an article hold no trigger, and the search
    # of the alternatives costs five times as much (about 50 us against 10 for 320 characters; a
    # regular expression of the triggers alone, searched at every position, costs 30).
    if not any(trigger in folded for trigger in _TRIGGERS):
        return False
    if _TOPIC.search(folded):
        return True
    # A topic word that is also a news word counts only beside its second word (see above).
    return any(
        first.search(folded) and second.search(folded)
        for first, second in (
            (_CONSENT_CLICK, _CONSENT),
            (_OWN_SITE, _TRACKING),
            (_COOKIE, _COOKIE_CONTEXT),
            (_CAPTCHA, _CAPTCHA_TASK),
            (_BROWSER, _BROWSER_STATE),
            (_UNAVAILABLE, _PLACE),
        )
    )
