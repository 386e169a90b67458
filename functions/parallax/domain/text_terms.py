"""Stop words, a tokeniser and a light stemmer for the languages Parallax summarises.

The lists are Python literals (no data file, no I/O at import time) and are turned into sets on
first use. They cover function words: articles, pronouns, prepositions, conjunctions, auxiliary and
modal verb forms, common adverbs. Content words that merely happen to be frequent in news ("said",
"year") are left in on purpose: whether they matter is the scorer's decision, not the list's.
"""

# Cyrillic case endings and names are written in Cyrillic on purpose (walk8).
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import re
from functools import lru_cache

from parallax.domain.languages import primary_language
from parallax.domain.scripts import HAN_OR_KANA, WORD_MARKS

__all__ = [
    "STOP_WORD_LANGUAGES",
    "content_terms",
    "cyrillic_stem",
    "czech_stem",
    "fold_case",
    "has_cjk",
    "index_words",
    "name_stem",
    "polish_stem",
    "stem",
    "stop_words",
    "tokenize",
]

_EN = """
a about above after again against ago all almost along also although always am among an and
another any anybody anyone anything anyway are aren't around as at be became because become been
before being below beside besides between beyond both but by can can't cannot could couldn't did
didn't do does doesn't doing don't done down during each either else enough even ever every
everyone everything few for from further had hadn't has hasn't have haven't having he he'd he'll
he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in
indeed into is isn't it it's its itself just least less let let's like may maybe me might mine
more most mostly much must mustn't my myself neither never nevertheless no nobody none nor not
nothing now of off often on once one only onto or other others otherwise ought our ours ourselves
out over own per perhaps quite rather really same shall shan't she she'd she'll she's should
shouldn't since so some somebody someone something sometimes somewhat still such than that that's
the their theirs them themselves then there there's therefore these they they'd they'll they're
they've this those though through throughout thus to together too toward towards under unless
until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's whatever
when when's whenever where where's whereas wherever whether which while who who's whoever whole
whom whose why why's will with within without won't would wouldn't yet you you'd you'll you're
you've your yours yourself yourselves s t d ll m re ve
"""

_DE = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anderm andern anders auch auf aus bei beim bereits bin bis bist bitte bloß da dabei dadurch
dafür dagegen daher dahin damals damit danach daneben dann daran darauf daraus darf darfst darin
darum darunter darüber das dass dasselbe davon davor dazu dein deine deinem deinen deiner deines
dem demselben den denen denn denselben der derer derselbe derselben des deshalb desselben dessen
dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch dürfen
ebenso ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er
es etwa etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte
hatten hattest hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in
indem ins ist ja jede jedem jeden jeder jedes jedoch jene jenem jenen jener jenes jetzt kann
kannst kein keine keinem keinen keiner keines können könnte könnten man manche manchem manchen
mancher manches mehr mein meine meinem meinen meiner meines mich mir mit muss musste müssen nach
nachdem nein nicht nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner
seines seit selbst sich sie sind so solche solchem solchen solcher solches soll sollen sollte
sollten sondern sonst soweit sowie um und uns unser unsere unserem unseren unserer unseres unter
viel viele vom von vor wann war waren warst warum was weg weil weiter welche welchem welchen
welcher welches wenn wer werde werden werdet weshalb wie wieder will wir wird wirst wo wohl
wollen wollte wollten worden wurde wurden während würde würden zu zum zur zwar zwischen über
"""

_FR = """
a afin ai aie aient aies ait alors as au aucun aucune auquel aura aurai auraient aurais aurait
auras aurez auriez aurions aurons auront aussi autre autres aux auxquelles auxquels avaient avais
avait avant avec avez aviez avions avoir avons ayant ayez ayons c ce ceci cela celle celles celui
cependant certes ces cet cette ceux chaque chez ci comme comment contre d dans de depuis des
desquelles desquels dessous dessus donc dont du duquel durant dès elle elles en encore entre es
est et étaient étais était étant été êtes étiez étions être eu eue eues eûmes eurent eus eusse
eussent eusses eussiez eussions eut eût eûtes eux fûmes furent fus fusse fussent fusses fussiez
fussions fut fût fûtes ici il ils j je jusqu jusque l la laquelle le lequel les lesquelles
lesquels leur leurs lors lorsque lui m ma mais me même mêmes mes moi moins mon n ne ni non nos
notre nous on ont ou où par parce parmi pas pendant peu peut peuvent plus plutôt pour pourquoi
pourrait puis qu quand que quel quelle quelles quels qui quoi s sa sans se sera serai seraient
serais serait seras serez seriez serions serons seront ses si sien sienne soi soient sois soit
sommes son sont sous soyez soyons suis sur t ta tandis te tes toi ton tous tout toute toutes très
tu un une vers voici voilà vos votre vous y
"""

_ES = """
a al algo alguna algunas alguno algunos ante antes aquel aquella aquellas aquello aquellos aquí
así aún cada casi como con contra cual cuales cualquier cuando cuanto cuánto de del desde donde
dos durante e el él ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos
esta está estaba estabais estaban estabas estad estada estadas estado estados estamos estando
estar estaremos estará estarán estarás estaré estaréis estaría estaríais estaríamos estarían
estarías estas estás este esté estéis estemos estén estés esto estos estoy estuve estuviera
estuvieron estuvimos estuvo fue fuera fueran fueron fui fuimos ha habéis había habíamos habían
habías han has hasta hay haya hayan he hemos hubiera hubo la las le les lo los más me mi mí mía
mías mientras mío míos mis mismo misma mismos mismas muy nada ni no nos nosotras nosotros nuestra
nuestras nuestro nuestros o os otra otras otro otros para pero poco por porque pues que qué
quien quienes quién se sea sean según ser será serán sería si sí siempre sido sin sobre sois
solo sólo somos son soy su sus suya suyas suyo suyos también tampoco tan tanto te tendrá tendrán
tenemos tener tenga tengo tenía tenían ti tiene tienen todas todo todos tu tú tus tuve tuvo tuya
tuyo u un una unas uno unos usted ustedes vosotras vosotros vuestra vuestro y ya yo
"""

_IT = """
a abbia abbiamo abbiano ad agli ai al alla alle allo allora anche ancora avere aveva avevano
avevo avrà avrebbe c che chi ci come con contro cosa cui da dagli dai dal dalla dalle dallo
degli dei del dell della delle dello dentro di dopo dove e è ebbe ed era erano ero essa esse
essendo essere essi esso fa fare fino fra fu fui furono gli ha hai hanno ho i il in infatti
inoltre io l la le lei li lo loro lui ma me mentre mi mia mie miei mio molto ne negli nei nel
nella nelle nello noi non nostra nostre nostri nostro o ogni oppure per perché però più poi
poiché proprio qua quale quali qualche quando quanto quasi quella quelle quelli quello questa
queste questi questo qui se sarà sarebbe sarebbero sei senza si sia siamo siano sono sopra
sotto sta stata state stati stato stesso su sua sue sugli sui sul sulla sulle sullo suo suoi
tra tanto te ti tra tu tua tue tuo tuoi tutta tutte tutti tutto un una uno vi voi vostra vostro
già ecco essendo fosse fossero avendo altro altra altri altre
"""

_PT = """
a à ao aos aquela aquelas aquele aqueles aquilo as às até com como contra da das de dela delas
dele deles depois do dos e é ela elas ele eles em entre era eram éramos essa essas esse esses
esta está estamos estão estas estava estavam este esteja estejam estes esteve estive estivemos
estiveram estiver estivera estou eu foi fomos for fora foram forem fosse fossem fui há haja hajam
havemos haver hei houve houvemos houveram houver houvera isso isto já lhe lhes mais mas me mesmo
mesma meu meus minha minhas muito muita muitos muitas na não nas nem no nos nós nossa nossas
nosso nossos num numa o os ou para pela pelas pelo pelos por porque pouco quando que quem se
seja sejam sem ser será serão seria seriam seu seus sido só sob sobre somos sou sua suas também
tão te tem têm temos tenho ter teu teus teve tinha tinham tive tivemos tiveram tu tua tuas
um uma umas uns você vocês vos cada onde ainda apenas assim aqui ali lá bem sempre nunca outro
outra outros outras qual quais todo toda todos todas tudo durante enquanto embora segundo
"""

_NL = """
aan aangezien achter af al alle alleen alles als altijd ander andere anders ben bij binnen
boven daar daarna daarom dan dat de deze die dit doch doen door dus een eens eigen en er erg
geen geweest haar had hadden heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja
je jij jou jouw juist kan kon konden kunnen later maar me meer men met mij mijn moet moeten
na naar niet niets nog nu of om omdat ons onder ook op over reeds sinds steeds te tegen toch
toen tot tussen u uit uw van veel voor vooral waar waarom wanneer want waren was wat we wel
welk welke werd werden wie wij wil wilde worden wordt zal ze zei zelf zich zij zijn zo zonder
zou zouden zullen alsof behalve beide daarbij daardoor daarvan dezelfde hetzelfde hoewel hen
hare hierbij jullie mag mogen nadat noch ofwel onze opnieuw zeer zelfs zowel wordt waarbij
waardoor waarin waarop weer zoals dan ieder iedere elk elke geen enkele sommige
"""

_PL = """
a aby ach acz aczkolwiek aj albo ale ależ ani aż bardziej bardzo bo bowiem by byli bym bynajmniej
być był była było były będzie będą cali cała cały chce chociaż choć ci ciebie cię co coraz coś
czy czyli często daleko dla dlaczego dlatego do dokąd dość dużo dwa dwaj dwie dwoje dziś
dzisiaj gdy gdyby gdyż gdzie gdziekolwiek gdzieś go i ich ile im inna inne inny innych iż ja ją
jak jakaś jakby jaki jakichś jakie jakiś jakiż jakkolwiek jako jakoś je jeden jedna jedno jednak
jednakże jego jej jemu jest jestem jeszcze jeśli jeżeli już ją każdy kiedy kilka kimś kto
ktokolwiek ktoś która które którego której który których którym którzy ku lecz lub ma mają
mam mi mimo między mną mnie mogą moi moim moja moje może możliwe można mój mu musi my na nad nam
nami nas nasi nasz nasza nasze naszego naszych natomiast natychmiast nawet nią nic nich nie
niech niego niej niemu nigdy nim nimi niż no o obok od około on ona one oni ono oraz oto owszem
pan pana pani po pod podczas pomimo ponad ponieważ powinien powinna powinni powinno poza prawie
przecież przed przede przedtem przez przy również sam sama są się skąd sobie sobą sposób
swoje ta tak taka taki takie także tam te tego tej temu ten teraz też to tobą tobie toteż
trzeba tu tutaj twoi twoim twoja twoje twym twój ty tych tylko tym u w wam wami was wasz wasza
wasze we według wiele wielu więc więcej wszyscy wszystkich wszystkie wszystkim wszystko wtedy
wy właśnie z za zapewne zawsze ze znowu znów został zostać żaden żadna żadne żadnych że żeby
"""

_RAW: dict[str, str] = {
    "en": _EN,
    "de": _DE,
    "fr": _FR,
    "es": _ES,
    "it": _IT,
    "pt": _PT,
    "nl": _NL,
    "pl": _PL,
}

STOP_WORD_LANGUAGES: frozenset[str] = frozenset(_RAW)

_WORD = re.compile(rf"(?:\w|[{WORD_MARKS}])+")
# Apostrophes split English contractions and French/Italian elisions ("l'homme") into a stop word
# and the content word, which is what the stop lists expect.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language`` (primary subtag used); empty for a language without a list."""
    raw = _RAW.get(primary_language(language))
    if raw is None:
        return frozenset()
    words = {w for w in raw.split() if w}
    # Contractions are listed with an apostrophe; the tokeniser splits them, so add the parts.
    for word in list(words):
        if "'" in word:
            words.update(part for part in word.split("'") if part)
    return frozenset(words)


def fold_case(text: str) -> str:
    """``text`` case-folded as a word index compares it: ``str.casefold`` with the dot of a
    capital "İ" (Turkish, Azerbaijani) dropped.

    Python folds "İ" to "i" + U+0307 (a combining dot above, not a ``\\w`` character), so
    "İstanbul" was tokenised as "i", "stanbul": a Turkish report's İstanbul, İzmir, İran and
    sentence-initial "İçin" were lost as search terms, similarity keys and stop words, while
    SQLite's unicode61 index stores "istanbul" (attack18). The dot over a small "i" says
    nothing a plain "i" does not, so it goes wherever it comes from. Turkish dotless "ı" and
    the "I" → "i" of every other language are left as casefold has them, as the index has them.
    """
    return text.casefold().replace("i\u0307", "i")


def tokenize(text: str) -> list[str]:
    """Lower-cased ``\\w+`` runs (Unicode-aware): the one tokenisation every scorer shares."""
    return _WORD.findall(fold_case(text.translate(_APOSTROPHES)))


def index_words(text: str) -> list[str]:
    """:func:`tokenize`'s words with a German "ß" kept ("ẞ" written "ß"), as SQLite's unicode61
    index holds them: the words a feed index is searched with.

    ``casefold`` writes "ß" as "ss", which the index never folds to: a German article's salient
    "Maßnahmen", "Fußball", "Straße" went into the query as "massnahmen", "fussball", "strasse",
    which matched no report (only a Swiss one, which writes "ss"), and, counted as absent from the
    index, were taken first among the rarest clauses, each a place of the query lost (attack19).
    The scorers keep :func:`tokenize`, where "Straße" and the Swiss "Strasse" are one word."""
    kept = text.translate(_APOSTROPHES).replace("\u1e9e", "\u00df")
    return _WORD.findall("\u00df".join(fold_case(part) for part in kept.split("\u00df")))


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Longest suffix first within each list. Stripping is deliberately timid: a wrong merge of two
# words costs more in a summary's choice than a missed one.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "ed", "es", "er", "ly", "s"),
    "de": ("ungen", "ung", "heit", "keit", "ern", "em", "en", "er", "es", "e", "s"),
    "fr": ("ements", "ement", "ations", "ation", "euses", "euse", "eux", "es", "s", "e"),
    "es": ("aciones", "ación", "amente", "mente", "es", "os", "as", "s", "o", "a", "e"),
    "it": ("azioni", "azione", "mente", "i", "e", "o", "a"),
    "pt": ("ações", "ação", "mente", "es", "os", "as", "s", "o", "a", "e"),
    "nl": ("heden", "heid", "ingen", "ing", "en", "s", "e"),
    "pl": _split("ami ach ów om ego emu ych ymi ie a y i u e ą ę"),
}
_MIN_STEM = 4


def stem(token: str, language: str) -> str:
    """Strip one common inflectional suffix, keeping at least four characters of the word."""
    return _strip(token, _SUFFIXES.get(primary_language(language), ()))


def _strip(token: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if token.endswith(suffix) and len(token) - len(suffix) >= _MIN_STEM:
            return token[: -len(suffix)]
    return token


# Kana and Han ideographs; Korean is left out because Hangul is written with spaces between words.


def has_cjk(text: str) -> bool:
    """Whether ``text`` has a Chinese or Japanese character (scripts written without spaces)."""
    return HAN_OR_KANA.search(text) is not None


# Korean particles (josa) a noun carries, longest first: 서울시는, 서울시가, 서울시의 are one name.
_KOREAN_PARTICLES: tuple[str, ...] = tuple(
    sorted(
        _split(
            "에서는 에서도 으로는 으로도 에게서 께서는 이라고 에는 에도 까지 부터 에서 에게 "
            "으로 께서 처럼 보다 라고 이나 은 는 이 가 을 를 의 에 와 과 도 로 만"
        ),
        key=len,
        reverse=True,
    )
)
_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")


def korean_stem(word: str) -> str | None:
    """``word`` without the particle a Korean noun carries ("서울시는" → "서울시"), or None when it
    ends in none.

    Korean is written with spaces, but a particle is written onto its noun, so two reports of one
    story name "서울시" as 서울시는 in one and 서울시가 in the other: different words to a word
    index. Timid on purpose: the stem keeps two characters or more, ends in a Hangul syllable
    and not in 하 or 되 ("30만" is a number, "국가" a word, "연장하는" a verb), and a search by
    the stem is a prefix search that still finds the word as written; a verb ending (발표했다)
    is left as it is.
    """
    for particle in _KOREAN_PARTICLES:
        if word.endswith(particle):
            stem = word[: -len(particle)]
            if len(stem) >= 2 and _HANGUL_SYLLABLE.fullmatch(stem[-1]) and stem[-1] not in "하되":
                return stem
            return None
    return None


# Case endings of Russian and Ukrainian nouns and adjectives, longest first: Москва, Москвы,
# Москве, Москву are one name; Оренбургской, Оренбургская one adjective. Not -ов, -ев, -ів
# (a genitive plural, rare in a name, and the end of a surname: Токаев, Соколов, Шевченків).
_CYRILLIC_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        _split(
            "ого его ому ему ыми ими ами ями ой ей ый ий ая яя ое ее ую юю ых их ым им ом ем "
            "ах ях ам ям ою ею ої ій а я ы и у ю е о ь і ї"
        ),
        key=len,
        reverse=True,
    )
)
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_MIN_CYRILLIC_STEM = 4
CYRILLIC_STEM_LANGUAGES: frozenset[str] = frozenset({"ru", "uk"})
"""Languages whose names :func:`cyrillic_stem` reads."""


def cyrillic_stem(word: str) -> str | None:
    """The stem of a capitalised Russian or Ukrainian word (a name) without its case ending
    ("Оренбурга" → "Оренбург", "Токаевым" → "Токаев", "Спартак" → "Спартак"), or None for a
    word that is not one.

    Russian declines its names: one outlet writes "у Оренбурга", another "в Оренбурге", and to
    a word index they were two words, so a report naming the story's places and people in
    other cases was found only through a number or a common word, if at all (walk8). Searched
    as a prefix, the stem finds every case and the word as written. Timid on purpose: only a
    capitalised word of Cyrillic letters (Russian capitalises names only; a headline's first
    word is capitalised too, and its stem is harmless), one ending stripped, and a stem of four
    letters or more ("Урала" → "Урал"; "Рима" stays as written: "Рим*" would match every word
    beginning with it). Stems that change their vowel (Київ, Києва) stay apart.
    """
    if not word[:1].isupper() or _CYRILLIC_WORD.fullmatch(word) is None:
        return None
    for ending in _CYRILLIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_CYRILLIC_STEM:
            return word[: -len(ending)]
    return word if len(word) >= _MIN_CYRILLIC_STEM else None


# Case endings of Polish nouns, names and adjectives, longest first: Warszawa, Warszawy,
# Warszawie, Warszawą are one name; Tusk, Tuska, Tuskiem, Tuskowi one person. Not -ów (the end
# of a place's name: Kraków, Rzeszów, Tarnów; as written it is already the prefix of its cases,
# since the index folds "ó" to "o").
_POLISH_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        _split("ami ach ego emu iem owi ich ych ymi imi ej ym im om ie iu em ą ę a y i u e o"),
        key=len,
        reverse=True,
    )
)
# Czech alike: Svoboda, Svobody, Svobodovi, Svobodou; Novák, Nováka, Novákem.
_CZECH_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        _split("ovi ech ách ami emi ích ou em ům ím ě a y e u o i í é á ý"),
        key=len,
        reverse=True,
    )
)
# Latin letters (Polish and Czech ones included), no digit, no apostrophe: a name as written.
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_MIN_LATIN_STEM = 4


def polish_stem(word: str) -> str | None:
    """The stem of a capitalised Polish word (a name) without its case ending ("Warszawie" →
    "Warszaw", "Tuskiem" → "Tusk", "Krakowowi" → "Krakow", "Kraków" → "Kraków"), or None for
    a word that is not one.

    Polish declines its names as Russian does (walk8's :func:`cyrillic_stem`): one outlet writes
    "w Krakowie", "premier Tusk", another "Krakowowi", "według Tuska", and to a word index
    and to the guard's name check they were other words (walk11). The same timid rule: a
    capitalised word of Latin letters, one ending stripped, a stem of four letters or more
    ("Odra" stays as written). A stem whose consonant changes (Odra, Odrze; Marek, Marka)
    stays apart.
    """
    return _latin_stem(word, _POLISH_ENDINGS)


def czech_stem(word: str) -> str | None:
    """:func:`polish_stem` for Czech names ("Svobody" → "Svobod", "Novákem" → "Novák"); a stem
    whose consonant changes (Praha, Praze) stays apart."""
    return _latin_stem(word, _CZECH_ENDINGS)


def _latin_stem(word: str, endings: tuple[str, ...]) -> str | None:
    if not word[:1].isupper() or _LATIN_WORD.fullmatch(word) is None:
        return None
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_LATIN_STEM:
            return word[: -len(ending)]
    return word if len(word) >= _MIN_LATIN_STEM else None


NAME_STEM_LANGUAGES: frozenset[str] = CYRILLIC_STEM_LANGUAGES | {"pl", "cs"}
"""Languages whose declined names :func:`name_stem` reads."""


def name_stem(word: str, language: str) -> str | None:
    """The stem of a capitalised word in a language that declines its names (Russian and
    Ukrainian: :func:`cyrillic_stem`; Polish: :func:`polish_stem`; Czech: :func:`czech_stem`),
    or None."""
    primary = primary_language(language)
    if primary in CYRILLIC_STEM_LANGUAGES:
        return cyrillic_stem(word)
    if primary == "pl":
        return polish_stem(word)
    if primary == "cs":
        return czech_stem(word)
    return None


def content_terms(text: str, language: str) -> list[str]:
    """Stemmed tokens of ``text`` without stop words and one-character tokens.

    Chinese and Japanese are written without spaces, so a ``\\w+`` run is a whole clause; it is
    replaced by its character bigrams, the usual unit of CJK retrieval.
    """
    stops = stop_words(language)
    suffixes = _SUFFIXES.get(primary_language(language), ())
    terms: list[str] = []
    for token in tokenize(text):
        if has_cjk(token):
            terms.extend(token[i : i + 2] for i in range(max(1, len(token) - 1)))
        elif token not in stops and len(token) > 1:
            terms.append(_strip(token, suffixes))
    return terms
