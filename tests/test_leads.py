"""Word-led rules (`assistant.text.leads`) find what their plain form finds: every alternative of
each is proved, from its parse, to start only with a word character or an apostrophe, and generated
text finds the same matches in the same places both ways."""

from __future__ import annotations

import re
from re import _constants as C  # the parse tree's op codes: read to prove where a pattern can start
from re import _parser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assistant.text.hazard
import assistant.text.needs
import assistant.text.problem_words  # noqa: F401  (each makes word-led rules on import)
from assistant.text.leads import LEAD, MADE, word_led

_LEAD = re.compile(LEAD)
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}


def _char_led(code: int) -> bool:
    return _LEAD.fullmatch(chr(code)) is not None


def _set_led(items: list) -> bool:
    for op, av in items:
        if op is C.NEGATE:
            return False
        if op is C.LITERAL and not _char_led(av):
            return False
        if op is C.RANGE and not all(_char_led(code) for code in range(av[0], av[1] + 1)):
            return False
        if op is C.CATEGORY and av not in (C.CATEGORY_WORD, C.CATEGORY_DIGIT):
            return False
    return True


def _starts(sequence) -> tuple[bool, bool]:
    """(every first character `sequence` can consume is led, it can match the empty string)."""
    for op, av in sequence:
        if op in _ZERO_WIDTH:  # \b, a lookbehind or a look ahead: consumes nothing, the next item leads
            continue
        if op is C.LITERAL:
            return _char_led(av), False
        if op is C.IN:
            return _set_led(av), False
        if op in (C.SUBPATTERN, C.ATOMIC_GROUP):
            led, empty = _starts(av[-1] if op is C.SUBPATTERN else av)
        elif op is C.BRANCH:
            each = [_starts(branch) for branch in av[1]]
            led, empty = all(led for led, _ in each), any(empty for _, empty in each)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            led, empty = _starts(av[2])
            empty = empty or av[0] == 0
        else:  # any character, a negated one, a back reference: anything may lead
            return False, False
        if not led or not empty:
            return led, False
    return True, True


def word_led_by_parse(pattern: str, flags: int = 0) -> bool:
    """Every match of `pattern` starts at a word character or an apostrophe, and none is empty."""
    led, empty = _starts(_parser.parse(pattern, flags))
    return led and not empty


def test_every_word_led_rule_starts_only_where_its_lead_lets_it():
    assert len(MADE) >= 6  # the problem words, the choices that are no fault, the hazards and doubted messages
    unled = [pattern[:80] for pattern, flags in MADE if not word_led_by_parse(pattern, flags)]
    assert unled == []


@pytest.mark.parametrize(
    ("pattern", "led"),
    [
        (r"\b(?:broken|dead)\b", True),
        (r"(?<!\bnot )\b(?:is|'s)\s+down", True),
        (r"(?:really\s+)?broken", True),
        (r"[a-z0-9_']+", True),
        (r"\w{1,3}?x", True),
        (r"\b(?:broken|£\d+)", False),  # an alternative led by a pound sign
        (r"(?:really\s+)?\s*broken", False),  # optional words, then a blank
        (r"[^.]+", False),
        (r".broken", False),
        (r"\Wbroken", False),
        (r"\s+broken", False),
        (r"(?:broken)?", False),  # matches the empty string anywhere
        (r"(?:x|)", False),
        (r"\d*\s", False),
        (r"(?-i:[A-Z]{2,}_ERROR)|-\d+", False),
    ],
)
def test_the_proof_tells_led_patterns_from_others(pattern, led):
    assert word_led_by_parse(pattern) is led


_PIECES = [
    "not",
    "won't",
    "can’t",
    "broke",
    "froze",
    "the",
    "my",
    "is",
    "'s",
    "gas",
    "leak",
    "smell",
    "down",
    "site",
    "don't need it",
    "caught fire",
    "is this email really from you",
    "é",
    "1",
    "£5",
    "@brand",
    "#",
    "😡",
]
_SEPARATORS = [" ", "  ", ".", ". ", ",", "!", "?", "\n", "'", "-", "/", ""]
_TEXTS = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=30).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_word_led_rules_find_what_their_plain_form_finds(text):
    for pattern, flags in MADE:
        led, plain = re.compile(f"(?={LEAD})(?:{pattern})", flags), re.compile(pattern, flags)
        assert [m.span() for m in led.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_made_rule_is_registered_and_compiled_with_its_lead():
    before = len(MADE)
    rule = word_led(r"\b(?:kettle|toaster)\s+(?:broke|died)\b", re.I)
    assert MADE[before:] == [(r"\b(?:kettle|toaster)\s+(?:broke|died)\b", re.I)]
    del MADE[before:]
    assert [m.group(0) for m in rule.finditer("My Kettle broke. The toaster died!")] == ["Kettle broke", "toaster died"]
    assert rule.pattern.startswith(f"(?={LEAD})")
