"""Social text as search text: what retrieval, the language detector and the gap finder read."""

from __future__ import annotations

import html
import re

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


def clean_query(text: str) -> str:
    """Social text to search text: unescape entities, drop @-handles and links, keep hashtag words,
    turn topic emoji into words, and drop the measure of a thing ("a bag of spinach" is spinach)."""
    text = html.unescape(text)
    text = _LINK.sub(" ", _HANDLE.sub(" ", text))
    text = _MEASURE.sub(r"\1", text)
    for emoji, words in _EMOJI_WORDS.items():
        text = text.replace(emoji, words)
    text = " ".join(text.replace("#", " ").split())
    return _LEADING_JOIN.sub("", text) or text


def in_words(text: str) -> bool:
    """Whether the post says anything in words of its own, handles and links aside ("🏠🔑" does
    not, however `clean_query` reads its emoji)."""
    return any(character.isalpha() for character in _LINK.sub(" ", _HANDLE.sub(" ", html.unescape(text))))


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def word_prefixes(text: str) -> set[str]:
    """The first five letters of each word of four letters or more, lower case: a loose stem that
    lets "refunds" name "refund" and "smartphones" name "smartphone" without a stemmer."""
    return {word.lower()[:5] for word in _LONG_WORD.findall(text)}
