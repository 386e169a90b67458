"""Stop words for languages that ``parallax.domain.text_terms`` does not list yet.

The same-story similarity compares articles in Turkish, Arabic, Russian, Ukrainian, Greek and Chinese too
(the SemEval evaluation has Turkish and Arabic pairs). Without a list their function words ("bir",
"ve", "في", "и") count as shared content and every pair in those languages looks related. The
lists are literals (no I/O at import time), turned into sets on first use; the shared module's
lists win for the languages it covers.
"""

# The lists are in Turkish, Arabic, Persian, Cyrillic, Devanagari, Greek, Vietnamese and Bengali script on purpose; their letters are not Latin
# look-alikes by mistake.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import unicodedata
from functools import lru_cache

from parallax.domain.languages import primary_language
from parallax.domain.text_terms import stop_words as shared_stop_words

__all__ = ["CJK_STOP_CHARACTERS", "EXTRA_STOP_WORD_LANGUAGES", "similarity_stop_words"]

_TR = """
acaba ait ama ancak artık aslında az bana bazı belki ben benden beni benim bile bir biri birkaç
birçok birşey biz bizi bizim bu buna bunda bundan bunlar bunları bunların bunu bunun burada
böyle büyük bütün çok çünkü da daha dahi de defa değil diye diğer diğeri dolayı edildi edilen
ediyor eden eğer en etti ettiği fakat gibi göre halde hangi hatta hem hemen hep hepsi her
herhangi herkes hiç hiçbir için ile ilgili ise işte itibaren iyi kadar karşı kendi kendine
kendisi kez ki kim kimse mı mi mu mü nasıl ne neden nerde nerede nereye niçin niye o olan
olarak oldu olduğu olduğunu olmak olması olmayan olmuş olsa olup olur olduğunu ona ondan onlar
onları onların onu onun orada öyle pek rağmen sadece sanki şey siz sizi sizin sonra şöyle şu
şuna şunu tarafından tüm üzere üzerinde var ve veya ya yani yapılan yaptı yine yok zaten
"""

_AR = """
ا أ إ آ أن إن أنه إنه أنها إنها أو أي أيضا إلى الى اذا إذا التي الذي الذين اللذين اللتين
الان الآن ان او اي بعد بعض بين تلك ثم جدا حتى حيث حين خلال ذلك ذلك ذات سوف شيء ضد عبر
عدة عن عند عليه عليها على علي غير فإن فان فقد فقط في فيه فيها قال قالت قبل قد كان كانت
كل كلا كما كيف لا لان لأن لدى لقد لكن لم لما لن له لها لهم ما مع معه مما من منذ منه منها
نحو نحن هذا هذه هل هم هما هنا هناك هو هي و وأن وإن والتي والذي وان وب وعلى وفي وقال وقد
وكان وكانت ولا ولم ومن وهو وهي يا يكون يمكن ضمن كذلك حول أمام امام دون لدي
"""

_RU = """
а без более больше будет будто бы был была были было быть в вам вас ведь во вот впрочем все
всегда всего всех всю вы где да даже для до его ее ей ему если есть еще же за зачем здесь и
из или им иногда их к как какая какой когда конечно кто куда ли лучше между меня мне много
может можно мой моя мы на над надо наконец нас не него нее ней нельзя нет ни нибудь никогда
ним них ничего но ну о об один он она они опять от перед по под после потом потому почти при
про раз разве с сам свою себе себя сейчас со совсем так также такой там тебя тем теперь то
тогда того тоже только том тот три тут ты у уж уже хоть чего чем через что чтоб чтобы чуть
эти этого этой этом этот эту это который которая которые которого которых которой также
"""

_UK = """
а але без би бо був була були було бути в вам вас весь вже ви від він вона вони воно все всі
та те ти то ту ще що щоб як яка який які якщо є з за и із її їх й к коли лише між мене мені
ми на над навіть не нею ні них ним по під після про саме свого свої себе так також там теж
тим того тож той тут у уже хоча це цей ці цього цю чи через який яке
"""

# Hindi (walk9): GDELT and the feeds carry Hindi reports, and without a list the postpositions and
# auxiliaries every Hindi sentence has (में, की, से, है) made an unrelated report of the same city
# look like the same story.
_HI = """
के का की है में से और को ने पर यह वह भी तो ही था थी थे हैं एक कि जो इस उस इन उन लिए तक साथ
बाद कर करने किया गया गई गए हो होगा होगी होंगे रहे रहा रही ना नहीं या अब जब तब कुछ कई सभी
अपने अपना अपनी वे ये यहां यहाँ वहां वहाँ हुआ हुई हुए होता होती होने दिया दी दे लेकिन मगर फिर
बहुत सकता सकती सकते कहा जा जाता जाती जाएगा जाएगी द्वारा बारे तरह पास प्रति वाले वाली वाला
ओर करेगा करेगी करेंगे करते करता करती इसके उसके इसकी उसकी इसे उसे जिसे जिस जिसमें किसी
"""

# Greek (walk10): the articles and prepositions every Greek sentence has (του, της, στο, και, θα)
# were shared content, and a Piraeus port strike and a road closure for the Athens marathon
# scored 0.63 and were shown as one story. Final sigma and a headline's capitals without accents
# are folded as a word is (see similarity_stop_words).
_EL = """
ο η το οι τα του της των τον την τη τους τις στο στη στην στον στα στους στις στης στου στων
ένας ένα μία μια ενός μιας έναν σε από για με προς κατά μετά χωρίς παρά αντί ως έως μέχρι
πριν και κι ή αλλά ούτε όμως ενώ αν όταν που πού ότι πως ώστε καθώς επειδή γιατί αφού
θα να δεν δε μην μη αυτό αυτός αυτή αυτοί αυτά αυτές αυτού αυτής αυτών αυτόν αυτήν μου σου
μας σας τους είναι ήταν έχει έχουν είχε είχαν εάν επίσης ακόμη ακόμα ήδη πολύ πιο μόνο όπως
όλα όλοι όλες όλο όλη κάθε άλλα άλλο άλλη άλλες άλλοι άλλων οποίο οποία οποίος οποίοι
οποίες οποίων οποίου οποίας όπου εκεί εδώ τώρα τι τίποτα κάτι κάποιος κάποια κάποιο
"""

# Vietnamese (session 21, a summary language now): a word is written as syllables with spaces
# between them, and the syllables every sentence has (của, và, các, được, trong, người) were
# shared content: a Hanoi marathon's road closures and Hanoi's flat prices scored 0.57, "the
# same story".
_VI = """
và của là các những được trong cho với có không này đã sẽ đang tại khi về từ theo đến ra một
để cũng như nhưng thì mà do bị vào nên hay hoặc lại rất nhiều đó nay sau trước trên dưới
ông bà anh chị họ chúng tôi ta bạn năm ngày tháng còn vẫn đều chỉ nếu vì qua nào gì ở làm
cùng này cái việc sự điều nơi lúc hơn nữa người khoảng thời gian
"""

# Bengali (session 21): postpositions and auxiliaries as for Hindi.
_BN = """
এবং ও এ এই সে তার তাদের তিনি তারা আমরা আমি করে করা করেন হয় হয়েছে হবে হচ্ছে থেকে জন্য সঙ্গে
সাথে মধ্যে একটি এক কি না নয় যে যা যারা এর বলেন বলে জানান জানিয়েছে ছিল ছিলেন হলে পর আর
কোনো কিন্তু তবে দিয়ে নিয়ে গত প্রায় বেশি এখন সেই ওই তাই যদি কারণে নিয়ে উপর পরে আগে
"""

# Persian (walk12): the prepositions, conjunctions and auxiliaries every Persian sentence has
# (در، به، از، که، این، را، با، است، شد) were shared content, and a derby report and the dollar's
# price in Tehran on the same day scored 0.31, one story to the reader. Also the pieces a
# zero-width non-joiner (U+200C) leaves of a word, which every tokeniser here cuts there as
# SQLite's unicode61 does: the verb prefix می/نمی (می‌شود), the plural ها/های and the
# indefinite ای (زلزله‌ای), the endings اند/ایم/ترین. Written with the Persian ی and ک; a word
# typed with the Arabic ي and ك is compared folded to them (similarity._FA_NORMAL).
_FA = """
از به با در بر برای تا که را و یا اما ولی نیز هم اگر چون چه پس این آن اینکه آنکه همین همان
او وی ما شما ایشان آنان خود من تو هر همه چند یک هیچ دیگر دیگری بین میان روی
زیر پیش پس از بعد قبل طی طبق درباره توسط سوی جز مانند بدون است هست نیست بود بودند باشد
باشند شد شده شدند شود شوند کرد کرده کردند کند کنند کنیم کردن داد داده دادند دهد
دارد دارند داشت داشته خواهد خواهند گفت گفته گفتند باید نباید توان تواند می نمی ها های ای
ی اند ایم اید ام اش تر ترین هنوز اکنون حالا البته فقط تنها بسیار خیلی نه آیا کدام چرا وقتی
زیرا بنابراین همچنین چنین چنان هستند
"""

# Urdu (session 21, a summary language now): Hindi's postpositions and auxiliaries in Arabic
# script (کے، کا، کی، ہے، میں، سے، نے), written with the Urdu ی، ک، ہ، ے.
_UR = """
کے کا کی ہے ہیں میں سے اور کو نے پر یہ وہ بھی تو ہی تھا تھی تھے ایک کہ جو اس ان لیے تک ساتھ
بعد کر کرنے کیا گیا گئی گئے ہو ہوگا ہوگی ہوں گے نہیں یا اب جب کچھ کئی سب اپنے اپنی اپنا وہاں
یہاں ہوا ہوئی ہوئے دیا دی لیکن مگر پھر بہت سکتا سکتی سکتے کہا جا جاتا جاتی رہا رہی رہے والے
والی والا طرف بارے مطابق دوران جبکہ کیونکہ
"""

_RAW: dict[str, str] = {
    "tr": _TR, "ar": _AR, "ru": _RU, "uk": _UK, "hi": _HI, "el": _EL, "vi": _VI, "bn": _BN,
    "fa": _FA, "ur": _UR,
}  # fmt: skip

EXTRA_STOP_WORD_LANGUAGES: frozenset[str] = frozenset(_RAW)

# Chinese is compared as character bigrams; bigrams made only of these function characters
# (的 了 是 在 ...) are dropped the way stop words are.
CJK_STOP_CHARACTERS: frozenset[str] = frozenset(
    "的了是在和也有就不都这那我你他她它们个一上中为与及等将对从被把而之以其或于着说到要会"
)


@lru_cache(maxsize=64)
def similarity_stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language``: the shared list where it has one, else ours, else empty."""
    shared = shared_stop_words(language)
    if shared:
        return shared
    primary = primary_language(language)
    raw = _RAW.get(primary)
    if not raw:
        return frozenset()
    # Words are compared case-folded: casefold() turns a final sigma into a medial one ("της").
    # Greek capitals are written without accents ("ΑΠΟ" for από), so a Greek word also counts
    # without them; only Greek's: a Devanagari vowel sign is a combining mark too.
    words = {word.casefold() for word in raw.split()}
    if primary == "el":
        words |= {_without_marks(word) for word in words}
    return frozenset(words)


def _without_marks(word: str) -> str:
    return unicodedata.normalize(
        "NFC",
        "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)),
    )
