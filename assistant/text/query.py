"""Social text as search text: what retrieval, the language detector and the gap finder read."""

from __future__ import annotations

import functools
import html
import re

from assistant.text.loss import without_the_late

_HANDLE = re.compile(r"(?<!\w)@\w{1,30}")
_LINK = re.compile(r"https?://\S+")
# The word a clause is joined on with ("and it takes forever to charge", "+ the I glitch") says
# how it follows the clause before, not what is needed: a clause is searched without it.
_LEADING_JOIN = re.compile(r"^(?:(?:(?:and|also|but|oh|as well as)(?![^\W_])|[+&])[^\w@#]*)+", re.I)
# Emoji that name a support topic; emoji that only carry mood add nothing to retrieval.
_EMOJI_WORDS = {
    "📦": " parcel ",
    "🚚": " delivery ",
    "💳": " card payment ",
    "💸": " money ",
    "💰": " money ",
    "🔑": " password ",
    "🔒": " locked ",
    "🔐": " locked ",
    "📶": " wifi ",
    "🔋": " battery ",
    "🪫": " battery ",
    "🧾": " receipt ",
    "🌡": " temperature ",
    "🔥": " hot ",
    "💨": " smoke ",
    "⚡": " sparks ",
    "🎁": " gift ",
    "📱": " app ",
    "🇺🇸": " USA ",
    "🇦🇺": " Australia ",
    "🇨🇦": " Canada ",
}


# A measure of something is not what it is about: "got a bag of spinach instead of the rocket" is
# about spinach (a substitution), not about bags; "a box of 12 cat food", "a whole bar of dark
# chocolate", "6 bottles of prosecco". The measure word is dropped before "of" when a count or an
# article stands before it.
_MEASURE = re.compile(
    r"\b((?:a|an|one|two|three|four|five|six|\d+|half\s+a|a\s+whole|whole|full)\s+)"
    r"(?:bag|box|pack|packet|bottle|tin|jar|carton|bunch|slice|piece|loaf|bar|cup|glass|pair|handful|tub|crate|sack|roll|punnet|bowl|plate|kilo|litre)s?\s+of\s+(?=\w)",
    re.I,
)


# How old a thing is tells its age, not that it is an old one: "the mattress is sinking and it's only
# 5 months old" is no case of "Taking away your old mattress". The span stays, "old" goes; only
# where the age is said of the thing ("is 2 years old", "only 5 months old"): "my 5 year old" is a
# child, and "a 1 year old bike" keeps its words.
_AGE = re.compile(
    r"\b((?:is|s|was|are|were|be|been|only|just|already|barely|even|under|over|nearly|almost|than)\s+(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|couple(?:\s+of)?)\s*"
    r"(?:-\s*)?(?:days?|wks?|weeks?|months?|mths?|years?|yrs?)(?:\s+and\s+a\s+half)?)(?:\s*-\s*|\s+)old\b",
    re.I,
)
# The weather as people tell it, in the words an article uses for it: heavy rain by its idioms
# ("it's chucking it down", "tipping it down"), and the weather's adjectives beside their nouns
# ("too windy" is "high winds"; "windy" and "winds" share no stem). Water pouring through a ceiling
# is no rain: only "it down" makes the idiom.
_RAIN = re.compile(r"\b(?:chucking|tipping|bucketing|pissing|hammering|lashing|pouring|teeming|throwing)\s+it\s+down\b", re.I)
_WEATHER_ADJECTIVES = re.compile(r"\b(wind|rain|snow|storm|fog|sun)(?:n|g)?y\b|\b(ic)y\b", re.I)


# Being in is being home ("do I need to be in when you clean?", "I won't be in for the delivery"),
# as an article says it ("You don't need to be home"); "be in touch" and "be in the app" are not.
_BE_IN = re.compile(
    r"\b((?:(?:need|needs|have|has|got)\s+to|(?:i|we|someone|somebody|anyone|nobody|no\s+one)(?:'ll|\s+will|\s+won'?t|\s+wont|\s+can'?t|\s+cannot|\s+must|\s+should|\s+might|\s+may)?)\s+be)\s+in"
    r"(?=\s*(?:[?.!,;]|$|when\b|while\b|during\b|all\s+day\b|for\s+(?:the|it|a|an|my|your|them|him|her)\b))",
    re.I,
)


def _weather(text: str) -> str:
    text = _RAIN.sub("raining", text)
    return _WEATHER_ADJECTIVES.sub(lambda found: f"{found.group(0)} {found.group(1) or found.group(2) + 'e'}", text)


# A size written as one word ("140x200", "55x40x20cm") is its numbers, as an article writes them
# ("140 x 200").
_BY = re.compile(r"(?<=\d)\s*[x×]\s*(?=\d)", re.I)


_FOR_EVER = re.compile(r"\bfor\s+ever\b", re.I)  # not "for everyone", "for every day"


@functools.lru_cache(maxsize=256)  # asked of one post and its parts by retrieval, its words and the decision
def clean_query(text: str, *, for_search: bool = True) -> str:
    """Social text to search text: unescape entities, drop @-handles and links, keep hashtag words,
        turn topic emoji into words, drop the measure of a thing ("a bag of spinach" is spinach) and
        the "old" of an age ("5 months old") and the "late" of someone who died ("my late husband"), tell
    the weather in an article's words ("chucking it down" is raining, "windy" wind), read being in as
    being home, write a size's numbers apart ("140 x 200"), and "for ever" as the one word MiniLM
    reads it as ("takes for ever to charge" is 0.44 near "Won't charge or charges slowly", "takes
    forever to charge" 0.67)."""
    text = html.unescape(text)
    text = _LINK.sub(" ", _HANDLE.sub(" ", text))
    text = _MEASURE.sub(r"\1", text)
    text = _FOR_EVER.sub("forever", text)
    if for_search:  # language detection reads the words as written
        text = _BY.sub(" x ", _AGE.sub(r"\1", _BE_IN.sub(r"\1 home", _weather(without_the_late(text)))))
    for emoji, words in _EMOJI_WORDS.items():
        text = text.replace(emoji, words)
    text = " ".join(text.replace("#", " ").split())
    return _LEADING_JOIN.sub("", text) or text


def in_words(text: str) -> bool:
    """Whether the post says anything in words of its own, handles and links aside ("🏠🔑" does
    not, however `clean_query` reads its emoji)."""
    return any(character.isalpha() for character in _LINK.sub(" ", _HANDLE.sub(" ", html.unescape(text))))


_LONG_WORD = re.compile(r"[^\W\d_]{3,}")
# Words of three letters that name nothing (a closed class: articles, pronouns, auxiliaries, the
# pieces of "don't"); any other names a thing as a longer word does: a box, a bag, an app, a fee.
_SHORT_FUNCTION_WORDS = frozenset(
    "the and for you not are but can was has had her him his how its may now off our out own she too two who why yet all any "
    "get got did let per via one six ten few see put way ago lot lol pls plz omg ive thx btw etc amp yes nor won don isn "
    "aren didn doesn hasn haven wasn weren couldn wouldn shouldn ain".split()
)


# Short words whose "s" is no plural's.
_SINGULAR_S = frozenset("lens gas bus yes news plus atlas alas chaos bias iris this thus less".split())


_DOUBLED = re.compile(r"^([a-z]*[aeiou])([bgmnprt])\2(?:ed|ing)$")  # "stopped", "dropping", "planned": a short verb's consonant doubled


def _prefix(word: str) -> str:
    """Five letters cover a long word's plural ("refunds", "refund"); a short one's plural is said
    without its "s" or "es" first ("bags", "cards", "boxes", "lenses"), and a short verb whose last
    letter an ending doubles without it ("stopped" is "stop", "dropping" "drop")."""
    if doubled := _DOUBLED.match(word):
        return (doubled.group(1) + doubled.group(2))[:5]
    if 5 <= len(word) <= 6 and word.endswith("es") and word[-3] in "xsz":
        word = word[:-2]
    elif len(word) <= 5 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in _SINGULAR_S:
        word = word[:-1]
    return word[:5]


def word_prefixes(text: str) -> set[str]:
    """The first five letters of each word of three letters or more (not a word that names nothing,
    `_SHORT_FUNCTION_WORDS`), lower case, a short word's plural as its singular (`_prefix`): a loose
    stem that lets "refunds" name "refund", "smartphones" name "smartphone" and "bags" name a bag
    without a stemmer."""
    return {_prefix(word) for word in map(str.lower, _LONG_WORD.findall(text)) if len(word) > 3 or word not in _SHORT_FUNCTION_WORDS}


def names_the_post(heading: str, post: str) -> bool:
    """Every word of the heading that `word_prefixes` keeps is a word of the post (a plural or a
    verb's ending aside): "No smartphone" names "my nan doesn't have a smartphone";
    "Boarding pass won't load" does not name "do I need to print my boarding pass?"."""
    words = word_prefixes(heading)
    return bool(words) and words <= word_prefixes(post)
