"""Text as a check should read it: compatibility forms, invisible characters, lookalike letters and
defanged dots undone, so "ｅｖｉｌ.example", "еvil․example" (Cyrillic е, one-dot leader) and
"evil[.]example" all read "evil.example".

`plain()` keeps the real characters (to compare a link with the articles' links exactly);
`fold()` maps each character of `plain()` to the ASCII it imitates, one for one, so a position in
one is the same position in the other.
"""

from __future__ import annotations

import functools
import json
import re
import string
import unicodedata
from pathlib import Path

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)
# A match starts only where a run of blanks starts: a post of 25,000 spaces is read once, not once per space.
_DEFANGED_DOT = re.compile(r"(?<!\s)\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*|(?<=\w) dot (?=\w)", re.I)
_DOTS = "。｡︒‧·∙⋅・"
_KEEP = string.ascii_letters + string.digits + ".:/@-_"


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Each non-ASCII character that looks like an ASCII letter, digit or URL character → that one
    (Unicode's confusables data, as shipped with `confusable-homoglyphs`)."""
    import confusable_homoglyphs

    data = json.loads((Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text(encoding="utf-8"))
    table: dict[int, str] = {}
    for target, lookalikes in data.items():
        if len(target) == 1 and target in _KEEP:
            for entry in lookalikes:
                char = entry["c"]
                if len(char) == 1 and ord(char) > 127:
                    table.setdefault(ord(char), target)
    for char in _DOTS:
        table[ord(char)] = "."
    return table


def visible(text: str) -> str:
    """NFKC, invisible characters removed; case and punctuation as written."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))


def plain(text: str) -> str:
    """NFKC, invisible characters removed, defanged dots ("[.]", "(dot)", " dot ") restored, lower case."""
    text = visible(text)
    return _DEFANGED_DOT.sub(".", text).lower()


FOLD_CACHE_CHARS = 16_000  # texts up to this long are kept once folded (an article, a draft; not a 25,000-character post)


def fold(text: str) -> str:
    """`plain(text)` with every lookalike replaced by the ASCII character it imitates (same length).
    The last few hundred texts folded are kept: the checks fold the same cited articles for every
    draft (on the sample posts, 50 folds a draft, 0.7 ms each, most of them of articles already
    folded). Bounded by count and length, so hostile posts can't fill memory (at most 256 texts of
    16,000 characters)."""
    return _folded(text) if len(text) <= FOLD_CACHE_CHARS else _fold(text)


@functools.lru_cache(maxsize=256)
def _folded(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    return plain(text).translate(_table()).lower()
