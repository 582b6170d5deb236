"""Long word rules that pass over, in one test, the places where none of their words can start.

Python's `re` tries every alternative of a pattern at every position of the text. A rule of ninety
alternatives, each led by `\\b` or a lookbehind, costs ninety tries at each of the 25,000 positions
of the longest post, though at a full stop, a space or an emoji none of them can match. `word_led`
puts one look ahead in front of the whole rule, so such a position costs one test. It finds the
same matches, in the same places, only when every alternative can start with nothing but a word
character or an apostrophe ("'s"); `tests/test_leads.py` proves that from the parse of every
pattern made here (`MADE`), so a new alternative led by "£" or "#" fails the suite instead of
going unseen."""

from __future__ import annotations

import re

__all__ = ["LEAD", "MADE", "word_led"]

LEAD = r"[\w']"  # what every alternative of a word-led rule starts with
MADE: list[tuple[str, int]] = []  # each word-led rule as written (pattern, flags), for the proof in the tests


def word_led(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled to skip, at once, each position no word character or apostrophe starts.
    Every alternative of it must start so (proved in `tests/test_leads.py`)."""
    MADE.append((pattern, flags))
    return re.compile(f"(?={LEAD})(?:{pattern})", flags)
