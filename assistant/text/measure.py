"""How long a post is, as each network counts it, and a reply's thread of parts."""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings

X_LIMIT = 280
THREAD_SEPARATOR = "\n---\n"  # a reply of several numbered parts is stored as parts joined by this


def thread_parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(THREAD_SEPARATOR) if part.strip()]


@functools.lru_cache(maxsize=16384)
def x_weighted_length(text: str) -> int:
    """Length as X counts it: twitter-text v3 (NFC, emoji and CJK 2, a link 23). Cached: about 1 ms a
    call, and article replies are measured on every sync.

    twitter-text looks for a host at every dot of a dotted run and reads on to its end, so a run
    of "a.a.a…" takes time with the square of its length (3,000 characters: 12 s; an agent's edit
    may be that long). A host name is at most 253 characters (DNS), so in a longer run no dot
    starts or ends one: those dots are weighed as commas (the same weight), and no host is looked
    for there. Any other text is measured exactly as twitter-text measures it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # twitter-text imports the deprecated pkg_resources
        from twitter_text import parse_tweet

    normal = unicodedata.normalize("NFC", text)
    return int(parse_tweet(_NO_HOST.sub(_dots_as_commas, normal)).weightedLength)


HOST_MAX = 253  # characters of a host name, at most (RFC 1035)
# A run of labels joined by dots, matched from the start of its first label only; the classes
# exclude the dot, so each character is read a bounded number of times.
_NO_HOST = re.compile(r"(?<![^\s./:@])[^\s./:@]+(?:\.[^\s./:@]+)+")


def _dots_as_commas(run: re.Match[str]) -> str:
    found = run.group(0)
    return found.replace(".", ",") if len(found) > HOST_MAX else found


def fits_x(text: str) -> bool:
    return 0 < x_weighted_length(text) <= X_LIMIT


def graphemes(text: str) -> int:
    """User-perceived characters: combining marks, ZWJ sequences, variation selectors, skin tones and
    flag pairs count once (Bluesky counts graphemes)."""
    count, joined, regional = 0, False, 0
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if unicodedata.combining(char) or code in (0xFE0E, 0xFE0F) or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
            continue
        if char == "\u200d":
            joined = True
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:
            regional += 1
            if regional % 2 == 0:
                continue
        else:
            regional = 0
        if joined:
            joined = False
            continue
        count += 1
    return count


# Mastodon counts a link as 23 characters whatever its length, and a mention of someone on another
# server by its local part only (@ines@fosstodon.org counts as @ines).
_LINK = re.compile(r"https?://[^\s<>\"]+", re.I)
_REMOTE_MENTION = re.compile(r"(?<![\w/@])(@\w+)@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def mastodon_length(text: str) -> int:
    return len(_REMOTE_MENTION.sub(r"\1", _LINK.sub("x" * 23, text)))
