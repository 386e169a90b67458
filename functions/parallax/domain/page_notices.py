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
whatever it quotes; one that reports the writers' own work ("We tested five ad blockers on our
own site") is a review's voice, not the interface's. German "sie" / "ihr" mean "she/they" / "her/their" in lower case and "you" /
"your" only capitalised, so German address is read from the sentence as written.

**Pages about browsing.** A how-to, a review or tech news about cookies, ad blockers,
JavaScript or browsers speaks to its reader in a notice's words: "You can block third-party
cookies in your browser settings", "If a site breaks, you may need to enable JavaScript again",
"Firefox will warn you if your browser is out of date". The callers tell the rule whether the
page is such a page (:func:`page_is_about_browsing`: its headline names one of the topics, or
many of its sentences talk about them to nobody; a consent banner or a cookie policy speaks to
the reader). There a sentence of that vocabulary is a notice only in a form advice does not
take: a plea ("please", "bitte", "veuillez"), the site's own use of cookies or its policies
("we use cookies", "our privacy policy"), consent ("you agree", "by continuing to browse"), a
detection ("we noticed", "it looks like you"), the page it gates or what for ("this page", "to
continue", "our journalism"), or a statement, not a condition, that the reader uses a blocker or
an old browser ("You are using an ad blocker", "Your browser is out of date"). A bare imperative
("Enable JavaScript in your browser") is read as a how-to's step there. A gate's notice (a
captcha, an IP block, "not available in your country", "... to continue reading") is one on
every page; on every other page the rule is as above.

The corroboration's :func:`parallax.domain.corroboration.is_notice` is deliberately broader (any
sentence that mentions cookies or a newsletter is no claim worth aligning); this rule is for
what a reader is shown, where a news sentence about cookies must survive.
"""

# ruff: noqa: RUF001 -- Turkish dotless i and typographic apostrophes are the point here

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parallax.domain.models import Article

__all__ = [
    "MAX_NOTICE_CHARS",
    "article_is_about_browsing",
    "is_notice_line",
    "is_page_notice",
    "page_is_about_browsing",
]

MAX_NOTICE_CHARS = 600
"""A notice is a sentence or two of interface text; a longer "sentence" is prose (or a hostile
page's run-on text), and is not even searched: the cost of the test is bounded by this length."""
_MAX_LINE_CHARS = 4 * MAX_NOTICE_CHARS
"""A line of a few notices (a consent banner's paragraph); longer lines are never all notice."""

# --- notice vocabulary (searched in the casefolded sentence) -------------------------------------
# Each alternative is specific to the page's interface; the browser and availability topics need
# a second word (below) because "browser" or "available" alone are ordinary news words. The
# browsing vocabulary (this one, cookies, browsers) is also what tech news and how-tos are about:
# on such a page it is a notice only in an interface form (:data:`_INTERFACE_FORM`).
_BROWSING_TOPIC = re.compile(
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
    |javascript""",
    re.VERBOSE,
)
# The rest of the vocabulary is a gate's: what a page puts between the reader and the article
# (a wall's condition, a captcha, a traffic or IP block). Pages about these are rare and their
# sentences do not take these forms, so they are notices on every page.
_GATE_TOPIC = re.compile(
    r"""to\ (?:continue|keep)\ reading|zum\ weiterlesen|um\ weiterzulesen|continuer\ (?:à|de)\ lire
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
    r"""\b(?:use|used|uses|using)\b|utiliz|usamos|usiamo|verwend|nutz|setzen|einsetz|gebruik
    |używa|wykorzyst|kullan|accept|akzept|agree|consent|einverstanden|zustimm|einwillig|akkoord
    |zgod|onay|polic|richtlinie|politi|setting|einstellung|paramètr|configur|impostazion
    |instelling|ustawie|ayar|site|web|browser|navega|browsing|experience|erlebnis|expérience
    |experiencia|esperienza|experiência|ervaring|wrażeni|deneyim|third[ -]part|drittanbiet|tiers
    |tercer|terze|terceir|derden|trzecich|üçüncü|partner|analy|track|daten|données|datos|dati
    |dados|gegevens|privacy|datenschutz|confidential|privacidad|privacidade|prywatn|gizlilik
    |store|stock|speicher|plików|dosya|preferen|préférence""",
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
    |questa\ pagina|questo\ contenuto|puoi|acconsenti|accetti
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
# A consent dialog's buttons, as the text shows them when extraction keeps them: a "sentence"
# made of nothing but their labels ("Accept all", "Manage preferences", "Accetta tutti o gestisci
# le preferenze", "Alle akzeptieren oder Einstellungen verwalten"). Matched whole, so that a
# how-to's step that quotes a button ("Click Reject all to refuse them") stays advice and a report
# ("Most users accept all cookies") stays news.
_CONSENT_BUTTON = r"""(?:
    (?:accept|reject|refuse|decline|allow|deny)\ all(?:\ cookies)?
    |manage\ (?:your\ |my\ )?(?:cookie\ |privacy\ |consent\ |ad\ )?(?:preferences|settings|options
       |choices|cookies|consent)|(?:cookie|privacy|consent)\ (?:settings|preferences|options)
    |customi[sz]e\ (?:settings|cookies|choices)|save\ (?:and\ exit|preferences|settings|choices)
       |(?:agree|accept)\ and\ (?:close|continue)
    |alle\ (?:cookies\ )?(?:akzeptieren|ablehnen|annehmen|zulassen)|cookie-einstellungen
       (?:\ verwalten|\ anpassen)?|(?:einstellungen|präferenzen)\ (?:verwalten|anpassen)
       |akzeptieren\ und\ schließen
    |tout\ accepter|tout\ refuser|accepter\ et\ fermer|continuer\ sans\ accepter
       |(?:gérer|paramétrer|personnaliser)\ (?:mes\ |vos\ |les\ )?(?:préférences|paramètres|choix
       |cookies)|paramètres\ des\ cookies
    |(?:aceptar|rechazar)\ (?:todo|todas)(?:\ las\ cookies)?|(?:gestionar|configurar|personalizar)
       \ (?:mis\ |sus\ |las\ )?(?:preferencias|opciones|cookies)|configuración\ de\ (?:las\ )?cookies
    |(?:accett|rifiut)[ao]\ tutt[io](?:\ i\ cookie)?|(?:accetta|rifiuta)\ e\ chiudi
       |continua\ senza\ accettare|(?:gestisci|personalizza)\ (?:le\ |i\ )?(?:preferenze|opzioni
       |impostazioni|cookie|scelte)|impostazioni\ (?:dei\ )?cookie
    |(?:aceitar|rejeitar|recusar)\ (?:tudo|todos)(?:\ os\ cookies)?|(?:gerir|gerenciar)
       \ (?:as\ |os\ )?(?:preferências|opções|cookies)
    |alle(?:s|\ cookies)\ (?:accepteren|weigeren|toestaan)|(?:voorkeuren|instellingen)\ beheren
    |(?:zaakceptuj|akceptuj|odrzuć)\ wszystk\w*|zarządzaj\ (?:preferencjami|ustawieniami|zgodami)
    |tümünü\ (?:kabul\ et|reddet)|tercihleri\ yönet
    )"""
_CONSENT_BUTTONS = re.compile(
    rf"""\W*{_CONSENT_BUTTON}(?:\s*(?:or|and|oder|und|ou|et|o|y|e|of|en|lub|i|veya|ya\ da|/|\||,)
    \s*{_CONSENT_BUTTON})*\W*""",
    re.VERBOSE,
)
_CONSENT_BUTTONS_MAX_CHARS = 120
# The first-person labels of a captcha's checkbox speak for the reader.
_ROBOT_LABEL = re.compile(
    r"""\bi(?:'m|’m|\ am)\ not\ a\ robot|ich\ bin\ kein\ roboter|je\ ne\ suis\ pas\ un\ robot
    |no\ soy\ un\ robot|non\ sono\ un\ robot|não\ sou\ um\ robô|ik\ ben\ geen\ robot
    |nie\ jestem\ robotem|robot\ değilim""",
    re.VERBOSE,
)

# A consent banner's instruction: the reader clicks to accept ("Klikając na przycisk „Zaakceptuj i
# zamknij”, aby wyrazić zgodę na przetwarzanie danych", the whole text of two SemEval pages;
# "Indem Sie „Akzeptieren und schließen“ anklicken, stimmen Sie ... zu", Sputnik's German one). The
# gerund or conditional of clicking addresses the reader by itself, so no other address is
# needed; a report ("Most users click accept without reading") has no such form.
_CONSENT_CLICK = re.compile(
    r"""\bby\ clicking|\bif\ you\ click|\bclicking\ (?:on\ )?["“'‘]|en\ cliquant|si\ vous\ cliquez
    |al\ (?:hacer\ )?(?:clic|click|pulsar)|si\ (?:haces|hace)\ clic|cliccando|se\ clicchi
    |ao\ clicar|durch\ (?:das\ )?(?:an)?klicken|(?:wenn|indem)\ sie\ .{0,60}klicken|door\ (?:op\ .{0,60})?te\ klikken
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
# The IAB consent framework's banner (TCF), the most common consent dialog in Europe, names no
# cookie in its first sentence: "We and our partners store and/or access information on a
# device", "Wir und unsere Partner speichern und/oder greifen auf Informationen auf einem Gerät
# zu", "Noi e i nostri partner archiviamo e/o accediamo a informazioni su un dispositivo", and
# "With your permission we and our partners may use precise geolocation data". The site and its
# partners, in one phrase (which also addresses the reader: the site speaks), beside a device,
# personal data, personalised ads, geolocation or measurement. News says "we and our partners"
# in a quote, and a quote says who said it (:data:`_ATTRIBUTED`); "The company and its partners
# access information on millions of devices" is not the site speaking.
_SITE_AND_PARTNERS = re.compile(
    r"""\bwe\ and\ our\ (?:\d+\ |\w+\ )?(?:partners|vendors)\b|\bour\ partners\ and\ we\b
    |\bwir\ und\ unsere\ (?:\d+\ |\w+\ )?partner\b
    |\bnous\ et\ nos\ (?:\d+\ |\w+\ )?partenaires\b|\bnos\ (?:\d+\ )?partenaires\ et\ nous\b
    |\bnosotros\ y\ nuestros\ (?:\d+\ |\w+\ )?(?:socios|partners)\b
    |\bnoi\ e\ i\ nostri\ (?:\d+\ |\w+\ )?partner\b
    |\bn[óo]s\ e\ (?:os\ )?nossos\ (?:\d+\ |\w+\ )?parceiros\b
    |\b(?:wij|we)\ en\ onze\ (?:\d+\ |\w+\ )?partners\b
    |\bmy\ i\ nasi\ (?:\d+\ |\w+\ )?partnerzy\b|\b(?:wraz\ )?z\ naszymi\ (?:\w+\ )?partnerami\b
    |\bbiz\ ve\ (?:iş\ )?ortaklarımız""",
    re.VERBOSE,
)
_DEVICE_DATA = re.compile(
    r"""device|personal\ data|personali[sz]|geoloc|audience|identifier|measurement
    |gerät|personenbezogen|geolokal|standortdaten|zielgruppen|messung
    |appareil|terminal|données\ personnelles|personnalis|géoloc|mesure
    |dispositivo|datos\ personales|geolocaliz|audiencia|medición
    |dati\ personali|personalizz|misurazion
    |dados\ pessoais|medição
    |apparaat|persoonsgegevens|gepersonaliseerd|geolocatie|doelgroep|meting
    |urządzen|danych\ osobowych|dane\ osobowe|spersonalizowan|geolokaliz|pomiar
    |cihaz|kişisel\ veri|kişiselleştiril|konum|ölçüm""",
    re.VERBOSE,
)
# The rest of the framework's banner asks for consent to the processing it lists ("You may click
# to consent to our and our partners' processing", "Please note that some processing of your
# personal data may not require your consent, but you have a right to object to such
# processing") and says where the choices apply ("Your preferences will apply to this website
# only"): consent or objection beside data, its processing or the reader's choices, addressed to
# the reader; the reader's choices beside this site.
_CONSENT_GIVEN = re.compile(
    r"""consent|legitimate\ interest|right\ to\ object|einwillig|zustimm|berechtigte[sn]?\ interesse
    |intérêt\ légitime|vous\ opposer|interés\ legítimo|oponerse|consenso|consentimiento
    |legittimo\ interesse|opporsi|interesse\ legítimo|opor-se|consentimento""",
    re.VERBOSE,
)
_DATA_CHOICE = re.compile(
    r"""processing|\bprocess\b|personal\ data|preferences|choices|vendors|partners
    |verarbeit|personenbezogen|präferenzen|auswahl|partner|traitement|traiter|données|préférences
    |choix|partenaires|tratamiento|tratar|datos|preferencias|opciones|socios|trattamento|trattare
    |\bdati\b|preferenze|scelte|tratamento|dados|preferências|escolhas|parceiros|verwerk|gegevens
    |voorkeuren|keuzes|przetwarza|\bdan(?:e|ych)\b|preferencj|wybor|işlen|veri|tercih|ortak""",
    re.VERBOSE,
)
# Every match of the first part of each pair holds one of these: the cheap test in front of the
# pair, and triggers of the whole test (:data:`_TRIGGERS`). Few and short, since every sentence
# of every article that is no notice is tested against all the triggers: a broader word
# ("partner") sends a few more sentences through the whole test, which costs less than a longer
# list.
_PARTNER_WORDS = ("partner", "partenaires", "socios", "parceiros", "vendors", "ortaklar")
# The consent pair's rest of the banner is read in English, German, French, Spanish, Italian and
# Portuguese (the framework's first sentence, above, in all nine languages).
_CONSENT_WORDS = (
    "consen", "gitim", "gittim", "right to object", "einwillig", "zustimm", "berechtigte", "oppos",
    "opon",
)  # fmt: skip
# Not among the triggers: the pair's second part, "this site", holds one of them ("site",
# "seite", "sitio", "sito", "página", "pagina", "stron").
_CHOICE_WORDS = (
    "your pref", "your choices", "your consent", "your privacy", "ihre präferenzen", "ihre auswahl",
    "ihre einstellungen", "vos préférences", "vos choix", "preferencias", "opciones",
    "le tue preferenze", "le tue scelte", "preferências", "escolhas", "uw voorkeuren", "uw keuzes",
    "twoje", "tercihleriniz",
)  # fmt: skip
_YOUR_CHOICES = re.compile(
    r"""\byour\ (?:preferences|choices|consent\ choices|privacy\ choices)\b
    |\bihre\ (?:präferenzen|auswahl|einstellungen|entscheidung)\b|\bvos\ (?:préférences|choix)\b
    |\b(?:sus|tus)\ (?:preferencias|opciones)\b|\ble\ tue\ (?:preferenze|scelte)\b
    |\b(?:as\ )?suas\ (?:preferências|escolhas)\b|\buw\ (?:voorkeuren|keuzes)\b
    |\btwoje\ (?:preferencje|wybory|ustawienia)\b|tercihleriniz""",
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
# --- pages about browsing: editorial voice, and the forms only interface text takes ------------
# A review or a how-to speaks for its writers ("We tested five ad blockers on our own site"): a
# report of their own work, never the page's interface, on any page.
_EDITORIAL_VOICE = re.compile(
    r"""\bwe(?:'ve|’ve|\ have)?\ (?:\w+\ )?(?:tested|tried|reviewed|compared|benchmarked
       |measured|rated|ranked|installed)\b|\bour\ (?:tests?|testing|review|benchmarks?
       |comparison)\b
    |\bwir\ (?:haben\b[^.!?]{0,160}?\ )?(?:getestet|testeten|geprüft|prüften|verglichen
       |ausprobiert|probierten|gemessen|maßen)\b|\b(?:im|in\ unserem)\ (?:test
       |vergleich|praxistest)\b
    |\bnous\ avons\ (?:\w+\ )?(?:testé|essayé|comparé|mesuré)|\bnotre\ (?:test|comparatif|essai)\b
    |\bhemos\ (?:\w+\ )?(?:probado|comparado|analizado|medido)|\b(?:probamos|comparamos)\b
       |\bnuestr[ao]s?\ (?:pruebas?|análisis|comparativa)\b
    |\babbiamo\ (?:\w+\ )?(?:testato|provato|confrontato|misurato)|\bnostr[oaie]\ (?:test|prov[ae])\b
    |\b(?:testamos|experimentamos)\b|\bnoss[oa]s?\ (?:testes?|análise)\b
    |\b(?:we|wij)\ (?:hebben\b[^.!?]{0,160}?\ )?(?:getest|testten|vergeleken|geprobeerd
       |gemeten)\b
       |\bonze\ test\b
    |przetestowaliśmy|sprawdziliśmy|porównaliśmy|testowaliśmy|\bnaszym\ teście
    |test\ ettik|karşılaştırdık|denedik|inceledik""",
    re.VERBOSE,
)
# Every editorial phrase holds one of these (the cheap test in front of the search).
_EDITORIAL_TRIGGERS = (
    "test", "tried", "review", "compar", "measur", "benchmark", "rated", "ranked", "install",
    "geprüft", "prüften", "verglich", "probier", "gemessen", "maßen", "vergleich", "essai",
    "essayé", "mesuré", "probado", "analizado", "medido", "probamos", "prueba", "análisis",
    "provato", "confrontato", "misurato", "prov", "experimentamos", "análise", "geprobeerd",
    "gemeten", "vergeleken", "sprawdzili", "porównali", "teście", "karşılaştırdık", "denedik",
    "inceledik",
)  # fmt: skip
# On a page about browsing (a how-to, a review, tech news: :func:`page_is_about_browsing`), a
# sentence of the browsing vocabulary addressed to the reader is advice as often as a notice:
# "You can block third-party cookies in your browser settings", "If a site breaks, you may need to
# enable JavaScript again". There it is a notice only in a form that advice does not take:
# * a plea: "please", "bitte", "veuillez" ...;
_PLEA = re.compile(
    r"""\b(?:please|bitte|veuillez|merci\ de|por\ favor|le\ rogamos|per\ favore|si\ prega
    |gelieve|alstublieft|prosimy|proszę|lütfen)\b""",
    re.VERBOSE,
)
# * the site's own use of cookies: "we use cookies", "this site uses cookies", "Wir verwenden
#   Cookies", "utilizamos cookies" (with a cookie word: :data:`_COOKIE`), or its own policies
#   ("our privacy policy", "unsere Datenschutzerklärung");
_SITE_USE = re.compile(
    r"""\bwe\ (?:and\ our\ (?:\w+\ )?partners\ )?(?:\w+\ )?(?:use|place|set|store|collect)\b
    |\b(?:this|our)\ (?:site|website|page)\ (?:\w+\ )?uses\b
    |\bwir\ (?:\w+\ )?(?:verwenden|nutzen|setzen|benutzen|speichern)\b
       |\bvon\ uns\ (?:\w+\ )?(?:verwendet|genutzt|benutzt|eingesetzt|gesetzt)\w*
       |\b(?:diese|unsere)\ (?:website|webseite|seite|internetseite)\ (?:\w+\ )?(?:verwendet
       |nutzt|setzt|benutzt)\b
    |\bnous\ (?:\w+\ )?(?:utilisons|déposons|collectons)\b|\b(?:ce|notre)\ site\ (?:web\ )?utilise
    |\b(?:utilizamos|usamos|empleamos|utilizziamo|usiamo)\b
       |\b(?:este|questo)\ (?:sitio|sito|site|portal)\ (?:web\ )?(?:utiliza|usa)\b
    |\b(?:wij|we)\ (?:\w+\ )?(?:gebruiken|plaatsen)\b|\bdeze\ (?:site|website)\ (?:gebruikt
       |plaatst)\b
    |\b(?:używamy|wykorzystujemy|stosujemy|korzystamy)\b|\b(?:ta\ strona|serwis)\ (?:używa
       |wykorzystuje|stosuje)\b
    |kullanıyoruz|kullanmaktayız|kullanılmaktadır""",
    re.VERBOSE,
)
_OWN_POLICY = re.compile(
    r"""\b(?:our|unser(?:e|er|em|en)?|notre|nuestra|(?:la\ )?nostra|nossa|onze|nasz\w*)
    \ (?:\w+\ )?(?:privacy|cookie|datenschutz|politique|política|informativa|polityk
       |privacybeleid|cookiebeleid|terms|nutzungsbedingungen|conditions)""",
    re.VERBOSE,
)
# * consent: "you agree", "by continuing to browse", "accept all", "Sie stimmen ... zu";
_AGREEMENT = re.compile(
    r"""\byou\ (?:\w+\ )?(?:agree|consent|accept)\b|\bby\ (?:continuing|using|browsing|staying)
    |\bcontinu\w*\ to\ (?:use|browse)\b|\b(?:accept|agree)\ (?:all|and\ (?:close|continue))\b
    |\bi\ (?:agree|accept)\b
    |\b(?:stimmen|willigen)\ sie\b|^\W*sie\ (?:stimmen|willigen)\b.{0,120}\b(?:zu|ein)\W*$|\beinverstanden\b|\berklären\ sie\ sich\b
       |\bdurch\ die\ (?:weitere\ )?nutzung\b|\bakzeptieren\ sie\b|\balle\ akzeptieren\b
    |\bvous\ (?:acceptez|consentez)\b|\ben\ (?:poursuivant|continuant)\b|\btout\ accepter\b
    |\b(?:aceptas|consientes)\b|\bcontin[uú]as?\ navegando\b|\bal\ (?:continuar|seguir|navegar)\b
       |\baceptar\ todo\b
    |\b(?:accetti|acconsenti)\b|\bproseguendo\b|\bcontinuando\ (?:la\ )?navigazione\b
    |\b(?:concorda|consente)\ com\b|\bao\ (?:continuar|navegar)\b|\baceitar\ tudo\b
    |\b(?:ga\ je|gaat\ u)\ (?:\w+\ )?akkoord\b|\bdoor\ verder\ te\b|\balles\ accepteren\b
    |\b(?:zgadzasz|akceptujesz)\b|\bwyrażasz\ zgodę\b|\bkontynuując\b
    |kabul\ etmiş|kabul\ ediyorsunuz|onaylamış|devam\ ederek""",
    re.VERBOSE,
)
# * a detection: "we noticed", "it looks like you", "wir haben festgestellt";
_DETECTION = re.compile(
    r"""\bwe(?:'ve|’ve|\ have)?\ (?:\w+\ )?(?:noticed|detected)\b|\b(?:looks|seems)\ like\ you
    |\byou\ (?:appear|seem)\ to\b
    |\bwir\ haben\ (?:\w+\ ){0,3}?(?:festgestellt|bemerkt|erkannt)\b|\bes\ (?:sieht\ so\ aus
       |scheint\ so)
    |\bnous\ avons\ (?:\w+\ )?(?:détecté|remarqué|constaté)\b|\bil\ semble(?:rait)?\ que\ vous\b
    |\bhemos\ (?:\w+\ )?(?:detectado|notado)\b|\bparece\ que\ (?:estás|está|usas|utilizas)\b
    |\babbiamo\ (?:\w+\ )?(?:rilevato|notato)\b|\bsembra\ che\ (?:tu|lei|stai)\b
    |\b(?:detectamos|notamos|percebemos)\b
    |\b(?:we|wij)\ (?:hebben\ )?(?:\w+\ )?(?:gemerkt|gedetecteerd|opgemerkt)\b
    |wykryliśmy|zauważyliśmy|tespit\ ettik|algıladık""",
    re.VERBOSE,
)
# * the page it gates, or what for: "this page", "to continue", "um fortzufahren", "our
#   journalism";
_GATED_PAGE = re.compile(
    r"""\bthis\ (?:page|site|website|content|video|article|map|feature|player|story)\b
    |\bto\ (?:continue|proceed)\b|\b(?:support|enjoying|enjoy)\ (?:our|us)\b
    |\bour\ (?:journalism|reporting|site|website|content|articles?|domain)\b
    |\bdiese[rsnm]?\ (?:seite|website|webseite|inhalt|artikel|funktion|video)\b
       |\bum\ (?:fortzufahren|weiter\w*)\b|\bunser(?:e|en|er)?\ (?:journalismus|arbeit|angebot
       |artikel|inhalte|domain)\b
    |\bcette\ page\b|\bce\ (?:site|contenu)\b|\bpour\ (?:continuer|poursuivre)\b
       |\bnos\ articles\b|\bnotre\ (?:journalisme|domaine)\b
    |\best[ae]\ (?:página|web|sitio|site|contenido|conteúdo)\b|\bpara\ (?:continuar|seguir)\b
       |\bnuestr[oa]s?\ (?:artículos|periodismo|dominio|contenidos?)\b
       |\bnoss[oa]s?\ (?:artigos|jornalismo|domínio|conteúdos?)\b
    |\bquest[oa]\ (?:pagina|sito|contenuto)\b|\bper\ (?:continuare|proseguire)\b
       |\bnostr[oi]\ (?:articoli|giornalismo|dominio|contenuti)\b
    |\bdeze\ (?:pagina|site|website)\b|\bom\ (?:door\ te\ gaan|verder\ te)\b
       |\bonze\ (?:artikelen|journalistiek|site|website)\b
    |\b(?:tej|tę|ta)\ stron\w*|\baby\ (?:kontynuować|przejść|czytać|przeczytać)\b
       |\bnasz\w*\ (?:artykuł\w*|domen\w*|treści|serwis\w*)
    |\bbu\ (?:sayfa|site|içerik)\w*|devam\ etmek\ için""",
    re.VERBOSE,
)
# * a statement, not a condition, that the reader uses a blocker or an old browser: "You are using
#   an ad blocker", "Sie verwenden einen Browser, der ...", "Your browser is out of date" (but
#   "Firefox will warn you if your browser is out of date" is advice).
_READER_USES = re.compile(
    r"""\byou(?:'re|’re|\ are)\ (?:\w+\ )?using\b|\bsie\ (?:verwenden|nutzen|benutzen)\ ein
    |\bdu\ (?:verwendest|nutzt|benutzt)\b|\bvous\ utilisez\b|\b(?:estás|está|stai)\ usando\b
    |\bu\ gebruikt\b|\bje\ gebruikt\b|\bużywasz\b|\bkorzystasz\b|kullanıyorsunuz
    |\b(?:your|ihr|dein|votre|ton|tu|su|il\ tuo|o\ seu|uw|je|twoja)\ (?:web\ |internet\ )?
       (?:browser|navigateur|navegador|przeglądarka)\w*\ (?:version\ )?(?:is|isn't|does|doesn't
       |ist|wird|n'est|est|no\ es|no\ está|es|non\ è|è|não\ é|está|jest|nie\ jest)\b
    |tarayıcınız\ (?:güncel|desteklen)""",
    re.VERBOSE,
)
_CONDITION = re.compile(
    r"""\b(?:if|when|whenever|unless|whether|once|wenn|falls|sobald|ob|si|quand|lorsque|cuando
    |quando|indien|zodra|jeśli|jeżeli|gdy|eğer)\b""",
    re.VERBOSE,
)
# A sentence that opens with a condition about whatever site the reader visits ("If a site asks
# you to accept ...", "Wenn eine Website ...", "Si un site ...", "Cuando una página ..."): a
# how-to's advice, never a site's notice about itself, which speaks of "this site", "we" or the
# reader's continuing.
_ANY_SITE_CONDITION = re.compile(
    r"""^\W*(?:\b(?:if|when|whenever)\ (?:a|an|any|some)\ (?:\w+\ )?(?:site|website|web\ site|page
    |banner|pop-?up|dialog(?:ue)?|notice|prompt)\b
    |\b(?:wenn|falls|sobald)\ (?:eine?|irgendeine?)\ (?:\w+\ )?(?:website|webseite|seite
    |internetseite|banner|dialog|hinweis)\b
    |\b(?:si|quand|lorsqu'|lorsque)\ ?(?:un|une)\ (?:\w+\ )?(?:site|page|bannière|fenêtre)\b
    |\b(?:si|cuando)\ (?:un|una|algún|alguna)\ (?:\w+\ )?(?:sitio|web|página|banner
    |ventana)\b)""",
    re.VERBOSE,
)
# What a page about browsing is about: its headline names it, or many of its sentences do. The
# share was chosen on the 1,291 pages of the extraction and page-type development sets: the pages
# it picks are about Chrome, Safe Browsing, a browser bug report; a OneTrust cookie policy of 41
# sentences is not picked (counting only sentences that are no notice: 4 of 41).
_BROWSING_SUBJECT = re.compile(
    r"""cookie|ciasteczk|çerez|javascript|\bad[ -]?block|werbe[ -]?block|bloqueurs?\ de\ pub
    |bloqueador(?:es)?\ de\ (?:anuncios|publicidad|anúncios|publicidade)
    |blocco\ (?:degli\ |della\ |delle\ )?(?:annunci|pubblicit)
    |advertentieblok|blok\w*\ reklam|reklam\ engel|browser|navigateur|navegador|przeglądar
    |tarayıcı|firefox|\bchrome\b|chromium""",
    re.VERBOSE,
)
_SUBJECT_MIN_SENTENCES = 3
_SUBJECT_MIN_SHARE = 0.2

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
    "internetauftritt", "angebot", *_PARTNER_WORDS, *_CONSENT_WORDS,
)  # fmt: skip
# Sentences of a line, for :func:`is_notice_line` (the line filter runs before the text's
# language is known, so no language's abbreviations are needed: a notice has none).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Every subject word holds one of these.
_SUBJECT_TRIGGERS = (
    "cookie", "ciasteczk", "çerez", "javascript", "adblock", "ad block", "ad-block", "werbeblock",
    "werbe-block", "werbe block", "bloqueur", "bloqueador", "blocco", "blok", "reklam", "browser",
    "navigateur", "navegador", "przeglądar", "tarayıcı", "firefox", "chrome", "chromium",
)  # fmt: skip


def is_page_notice(sentence: str, *, page_about_browsing: bool = False) -> bool:
    """Whether ``sentence`` is a notice of the page to its reader (cookies and consent, an ad
    blocker, JavaScript, browser support, a captcha or traffic block, availability in a region)
    rather than something the article says: notice vocabulary *and* address of the reader or the
    site, and no report of someone's words nor of the writers' own work ("We tested ...").

    ``page_about_browsing`` is whether the page's own subject is cookies, ad blockers,
    JavaScript or browsers (:func:`page_is_about_browsing`): there, a sentence of that vocabulary
    is a notice only in an interface form (a plea, the site's own use of cookies, consent, a
    detection, the page it gates, a statement that the reader uses a blocker or an old browser);
    a gate's notice (a captcha, an IP block, "not available in your country", "... to continue
    reading") is one on every page. Sentences longer than :data:`MAX_NOTICE_CHARS` are never
    notices."""
    if len(sentence) > MAX_NOTICE_CHARS:
        return False
    folded = sentence.casefold()
    if len(folded) <= _CONSENT_BUTTONS_MAX_CHARS and _CONSENT_BUTTONS.fullmatch(folded.strip()):
        return True
    # Plain substring tests first: most sentences of an article hold no trigger, and the search
    # of the alternatives costs five times as much (about 50 us against 10 for 320 characters; a
    # regular expression of the triggers alone, searched at every position, costs 30).
    if not any(trigger in folded for trigger in _TRIGGERS):
        return False
    # The gate's vocabulary is searched only when the answer depends on it: most notices are
    # of the browsing vocabulary, and the gate's alternatives cost as much again.
    browsing = _has_browsing_topic(folded)
    if (
        not (browsing or _has_gate_topic(folded))
        or _ATTRIBUTED.search(folded)
        or (browsing and _speaks_for_its_writers(folded))
    ):
        return False
    addressed = (
        _ADDRESS.search(folded)
        or _GERMAN_ADDRESS.search(sentence.strip())
        or _ROBOT_LABEL.search(folded)
        or _CONSENT_CLICK.search(folded)
        or _SITE_AND_PARTNERS.search(folded)
    )
    if not addressed:
        return False
    # On a page about browsing, its vocabulary is a notice only in an interface form.
    return not (
        browsing and page_about_browsing and not _has_gate_topic(folded)
    ) or _has_interface_form(folded)


def is_notice_line(line: str, *, page_about_browsing: bool = False) -> bool:
    """Whether every sentence of ``line`` (at least one) is a page notice: a line the page
    shows the reader about itself, never part of the article. ``page_about_browsing`` as for
    :func:`is_page_notice`."""
    if not line.strip() or len(line) > _MAX_LINE_CHARS:
        return False
    return all(
        is_page_notice(sentence, page_about_browsing=page_about_browsing)
        for sentence in _SENTENCE_END.split(line.strip())
        if sentence
    )


def page_is_about_browsing(titles: Iterable[str | None], texts: Iterable[str]) -> bool:
    """Whether a page's own subject is cookies, ad blockers, JavaScript or browsers: one of its
    ``titles`` (its declared headline or ``<title>``; not every ``<h1>``, which may be an ad-block
    wall's "We need to talk about your ad blocker") names one, or at least
    :data:`_SUBJECT_MIN_SENTENCES` and :data:`_SUBJECT_MIN_SHARE` of the sentences of ``texts``
    (lines or sentences of its text) do while talking to nobody (not notices by the rule for
    other pages): a consent banner or a site's cookie policy, many lines long on some pages,
    speaks to the reader about the site's cookies; tech news speaks about them."""
    if any(title and _BROWSING_SUBJECT.search(title.casefold()) for title in titles):
        return True
    texts = list(texts)
    # Most pages hold no subject word at all: one look at the whole text, not one per line.
    folded = "\n".join(texts).casefold()
    if not any(word in folded for word in _SUBJECT_TRIGGERS):
        return False
    sentences = on_subject = 0
    for text in texts:
        parts = [part for part in _SENTENCE_END.split(text.strip()) if part]
        sentences += len(parts)
        folded = text.casefold()
        if not any(word in folded for word in _SUBJECT_TRIGGERS):
            continue
        on_subject += sum(
            1
            for sentence in parts
            if _BROWSING_SUBJECT.search(sentence.casefold()) and not is_page_notice(sentence)
        )
    return on_subject >= max(_SUBJECT_MIN_SENTENCES, _SUBJECT_MIN_SHARE * sentences)


def article_is_about_browsing(article: Article) -> bool:
    """Whether ``article``'s subject is browsing: the decision its page's reading carries
    (:attr:`~parallax.domain.models.Article.about_browsing`, made once from the page's declared
    titles and the text it shows), or, for an article that was not read from a page (an
    evaluation's text, an older cached Brief), :func:`page_is_about_browsing` of its title and
    sentences. The summary, its prompt and the corroboration read the article with one decision,
    not one each (it cost a few milliseconds per call on a long page, 27 on 2,400 lines)."""
    if article.about_browsing is not None:
        return article.about_browsing
    sentences = sorted(article.sentences, key=lambda s: s.id)
    return page_is_about_browsing([article.title], (s.text for s in sentences))


def _has_browsing_topic(folded: str) -> bool:
    """Cookies, consent, privacy policies, ad blockers, JavaScript, browsers."""
    # A topic word that is also a news word counts only beside its second word (see above).
    return bool(
        _BROWSING_TOPIC.search(folded)
        or (_COOKIE.search(folded) and _COOKIE_CONTEXT.search(folded))
        or (_BROWSER.search(folded) and _BROWSER_STATE.search(folded))
    )


def _speaks_for_its_writers(folded: str) -> bool:
    """A report of the writers' own work (:data:`_EDITORIAL_VOICE`) that no gate's words make a
    notice."""
    return (
        any(word in folded for word in _EDITORIAL_TRIGGERS)
        and _EDITORIAL_VOICE.search(folded) is not None
        and not _has_gate_topic(folded)
    )


def _has_gate_topic(folded: str) -> bool:
    """A wall's condition, a captcha, a robot check, a traffic or IP block, a region, a consent
    banner's click, the site's own measuring."""
    return (
        bool(_GATE_TOPIC.search(folded))
        or any(
            first.search(folded) and second.search(folded)
            for first, second in (
                (_CONSENT_CLICK, _CONSENT),
                (_OWN_SITE, _TRACKING),
                (_CAPTCHA, _CAPTCHA_TASK),
                (_UNAVAILABLE, _PLACE),
            )
        )
        or _has_consent_framework_topic(folded)
    )


def _has_consent_framework_topic(folded: str) -> bool:
    """The IAB framework's banner: the site and its partners beside a device or personal data,
    consent beside data or choices, the reader's choices beside this site. Each pair is searched
    only when a word of its first part is in the sentence (plain substring tests): their
    alternatives, searched at every position, cost more than the rest of the test."""
    return any(
        any(word in folded for word in words) and first.search(folded) and second.search(folded)
        for words, first, second in (
            (_PARTNER_WORDS, _SITE_AND_PARTNERS, _DEVICE_DATA),
            (_CONSENT_WORDS, _CONSENT_GIVEN, _DATA_CHOICE),
            (_CHOICE_WORDS, _YOUR_CHOICES, _GATED_PAGE),
        )
    )


def _has_interface_form(folded: str) -> bool:
    """Whether a sentence of the browsing vocabulary takes a form that only interface text
    takes (see :data:`_PLEA` and the expressions after it). Advice about what any site shows
    ("If a site asks you to accept all cookies, click Reject all") is the how-to's own."""
    if _ANY_SITE_CONDITION.search(folded):
        return False
    if _PLEA.search(folded) or _AGREEMENT.search(folded) or _DETECTION.search(folded):
        return True
    if _GATED_PAGE.search(folded) or _OWN_POLICY.search(folded):
        return True
    if _COOKIE.search(folded) and _SITE_USE.search(folded):
        return True
    uses = _READER_USES.search(folded)
    return uses is not None and not _CONDITION.search(folded, 0, uses.start())
