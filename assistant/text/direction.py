"""Which way a change goes: up or down a plan, to us or away from us.

Help centres head sections with the two ways of one change ("Upgrading" and "Downgrading",
"Transferring a domain to us" and "Transferring a domain away", "Switching to us" and "Leaving
us"), and MiniLM puts the two headings about as near any post on the change: "how do I upgrade to
business without my site going offline" was told how a downgrade works, "I want to transfer my
domain to another registrar, how do I get the code" how to bring one in. A pair of ways is told by
allow-lists of how each is written, in headings and in posts.
"""

from __future__ import annotations

import re

# Moving a thing, and the thing moved (up to three words: "transfer my .com domain").
_MOVING = r"\b(?:transfer\w*|mov(?:e|es|ed|ing)|switch\w*|port\w*|bring\w*|brought|tak(?:e|es|ing)|took|tranfer\w*)"
_THING = r"(?:(?:my|our|a|the|your|it|them|this|that)\s+)?(?:[\w.-]+\s+){0,3}?"

# Each pair: the two ways of one change. A text is of a way when it says that way and not the
# other ("upgrade or downgrade?" is of neither).
_WAYS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"\bupgrad\w*|\b(?:go|going|move|moving|step|stepping|switch\w*)\s+up\s+(?:to|a)\b|\bmore\s+expensive\s+(?:plan|tier|package)\b", re.I),
        re.compile(r"\bdowngrad\w*|\b(?:go|going|move|moving|step|stepping|switch\w*)\s+down\s+(?:to|a)\b|\bcheaper\s+(?:plan|tier|package)\b", re.I),
    ),
    (
        # To us: "Transferring a domain to us", "Moving to us", "Transfer in", "bringing my domain
        # over from 123-reg", "switching to you from my old bank".
        re.compile(
            rf"{_MOVING}\s+{_THING}(?:(?:over\s+|across\s+)?to\s+(?:us|you|u)\b|(?:over|across)\b(?!\s+to\b)|from\s+(?:another|a\s+different|(?:my|our)\s+(?:old|current|previous|other))\b)"
            rf"|\b(?:transfer\w*|port\w*)\s+{_THING}in\b|\bjoin(?:s|ed|ing)?\s+(?:us|you|u)\b",
            re.I,
        ),
        # Away: "Transferring a domain away", "Leaving us", "Transfer out", "to another registrar",
        # "move it to a different provider".
        re.compile(
            rf"{_MOVING}\s+{_THING}(?:away|elsewhere|out\b(?!\s+of\s+(?:hours|date|stock|office|the\s+country))|to\s+(?:another|a\s+different|(?:a|my|our)\s+new)\b)"
            r"|\bleav(?:e|es|ing)\s+(?:us|you|u)\b",
            re.I,
        ),
    ),
)


def way(text: str) -> list[int]:
    """For each pair of ways (`_WAYS`): 1 when the text says the first way and not the second, 2
    for the second and not the first, 0 otherwise."""
    found = []
    for first, second in _WAYS:
        one, two = bool(first.search(text)), bool(second.search(text))
        found.append(1 if one and not two else 2 if two and not one else 0)
    return found


def against(heading: str, post: str) -> bool:
    """The heading says one way of a change and the post the other."""
    return any(said and asked and said != asked for said, asked in zip(way(heading), way(post), strict=True))


def same_way(heading: str, post: str) -> bool:
    """The heading says the post's way of a change."""
    return any(said and said == asked for said, asked in zip(way(heading), way(post), strict=True))
