"""Codes a customer quotes: an error or fault code a device shows ("F28 flashing", "error E119",
"it says E21", "error 503"), and the words of a heading written for them ("Fault codes", "Error
codes", "Codes on the display")."""

from __future__ import annotations

import re

# A code or model number: letters and digits in one word ("E21", "F05", "WM8000"), not a time, an
# ordinal or an amount with its unit ("6pm", "3rd", "20GB" is a code only if both say it).
_CODE_WORD = r"\b(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{2,12}\b"
_CODE = re.compile(_CODE_WORD, re.I)
_NOT_A_CODE = re.compile(r"^\d+(?:am|pm|st|nd|rd|th|s)$", re.I)


def codes_in(text: str) -> set[str]:
    """The code-shaped words of a text, lower-cased ("E21", "wm8000"; not "6pm" nor "3rd")."""
    return {code.lower() for code in _CODE.findall(text) if not _NOT_A_CODE.match(code)}


# A code shown to the customer: one beside a word of showing ("F28 flashing", "showing F22",
# "it says E21", "E21 on the display"), or a number named an error or fault code ("error 503",
# "fault code 12"). A model number alone ("my WM8000 won't drain") shows nothing.
_SHOWN_BEFORE = re.compile(
    rf"\b(?:show(?:s|ing|ed|n)?|display(?:s|ing|ed)?|flash(?:es|ing|ed)?|says|said|saying|reads|reading|error|fault|code)\s+(?:(?:an?|the|code|error|is|was|of)\s+){{0,2}}[\"'“‘]?({_CODE_WORD})",
    re.I,
)
_SHOWN_AFTER = re.compile(
    rf"({_CODE_WORD})[\"'”’]?\s+(?:is\s+|keeps\s+)?(?:flash(?:es|ing|ed)?|show(?:s|ing|ed|n)?|display(?:s|ing|ed)?|error|fault|code|(?:on|in)\s+(?:the|its|my)\s+(?:display|screen|panel))\b",
    re.I,
)
_NUMBERED_ERROR = re.compile(r"\b(?:error|fault)\s+(?:code\s+)?#?\d{2,6}\b", re.I)


def shows_a_code(text: str) -> bool:
    """The post quotes a code a device or page shows it (`_SHOWN_BEFORE`, `_SHOWN_AFTER`,
    `_NUMBERED_ERROR`)."""
    codes = codes_in(text)
    shown = {match.group(1).lower() for pattern in (_SHOWN_BEFORE, _SHOWN_AFTER) for match in pattern.finditer(text)}
    return bool(codes & shown) or bool(_NUMBERED_ERROR.search(text))


# A heading written for the codes a device shows.
CODES_HEADING = re.compile(
    r"\b(?:fault|error|warning|status|diagnostic)\s+codes?\b|\bcodes?\s+(?:on|in)\s+the\s+(?:display|screen|panel)\b|\bwhat\s+(?:the\s+|a\s+|each\s+)?codes?\s+means?\b",
    re.I,
)
