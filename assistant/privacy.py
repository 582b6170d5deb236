"""Personal data in customer posts, masked once on arrival, before anything is stored or shown.

- Card numbers: any Luhn-valid 13-19 digits, however the digits are separated (spaces, several
  spaces, non-breaking spaces, dashes, dots, slashes, " - ") and whatever number stands beside
  them: every run of digit groups is searched window by window, at group boundaries.
- IBANs: checksum-validated by python-stdnum.
- Emails, with non-ASCII local parts and internationalised domains.
- Phone numbers in international and national formats of the configured regions (`phonenumbers`).

Links are left alone (a status id in a URL is not a card). Regexes, checksums and `phonenumbers`
only: nothing downloads a model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.config import DEFAULT_PHONE_REGIONS

DEFAULT_REGIONS = tuple(DEFAULT_PHONE_REGIONS.split(","))
EMAIL, PHONE, CARD, IBAN = "email", "phone number", "card number", "IBAN"

_SPACE = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_DASH = "[-\u2010-\u2015\u2212./]"
# Between two groups of a number: some spaces, or a dash, dot or slash with optional spaces round it.
_SEPARATOR = f"(?:{_SPACE}{{0,3}}{_DASH}{_SPACE}{{0,3}}|{_SPACE}{{1,4}})"
_DIGIT_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}\d+)*(?!\d)")
_GROUP = re.compile(r"\d+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:[\w-]+\.)+[^\W\d_]{2,}/\S*", re.I)
# An address written after an @ is a fediverse handle (@ines@fosstodon.org), public by design: not masked.
_EMAIL = re.compile(
    r"(?<![\w.+@-])[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]{2,})(?![\w-])",
    re.I,
)
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
_IBAN_PART = re.compile(r"[A-Za-z0-9]{1,4}")
MIN_PHONE_DIGITS = 8  # the shortest national numbers (Denmark, Norway); fewer are quantities and codes
# "order 12345678", "ref no. 41234567": numbers named as something else are not phone numbers.
_NOT_A_PHONE = re.compile(
    r"(?:#|\b(?:order|ord|ref|reference|invoice|ticket|case|tracking|parcel|serial|model|sku|id)(?:\s*(?:no\.?|number|num|#))?\s*[:#-]?)\s*$", re.I
)
_DATE_OR_TIME = re.compile(
    r"(?<!\d)(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2}))(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)
_PLACEHOLDERS = {CARD: "[card ••••", IBAN: "[IBAN ••••", EMAIL: "[email]", PHONE: "[phone number]"}


def luhn_valid(digits: str) -> bool:
    from stdnum import luhn

    return luhn.is_valid(digits)


@dataclass(frozen=True)
class Masked:
    """Text with personal data replaced by placeholders, and which kinds were found."""

    text: str
    kinds: tuple[str, ...]


def _spans_outside(text: str, pattern: re.Pattern[str], taken: list[tuple[int, int]]) -> Iterable[re.Match[str]]:
    for match in pattern.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end in taken):
            yield match


def _card_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, last four) of every card number: each window of whole digit groups with 13-19
    digits that passes Luhn. Overlapping windows merge, so a card is masked whole whatever stands
    beside it."""
    found: list[tuple[int, int, str]] = []
    for run in _spans_outside(text, _DIGIT_RUN, taken):
        groups = [(run.start() + g.start(), run.start() + g.end(), g.group(0)) for g in _GROUP.finditer(run.group(0))]
        digits = ["".join(str(unicodedata.decimal(ch)) for ch in group) for _, _, group in groups]
        for first in range(len(groups)):
            count = 0
            for last in range(first, len(groups)):
                count += len(digits[last])
                if count > 19:
                    break
                if count >= 13 and luhn_valid("".join(digits[first : last + 1])):
                    found.append((groups[first][0], groups[last][1], "".join(digits[first : last + 1])[-4:]))
    return _merge(found)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, tail in sorted(spans):
        if merged and start < merged[-1][1]:
            previous = merged[-1]
            merged[-1] = (previous[0], max(previous[1], end), tail if end >= previous[1] else previous[2])
        else:
            merged.append((start, end, tail))
    return merged


def _iban_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """IBANs written compact or in groups of four; the longest prefix that passes the checksum."""
    from stdnum import iban

    found = []
    for start in _spans_outside(text, _IBAN_START, taken):
        position, compact, ends = start.end(), start.group(0), []
        while len(compact) < 34:
            part = _IBAN_PART.match(text, position)
            if part is None:
                gap = re.match(r" ", text[position : position + 1])
                if not gap or not _IBAN_PART.match(text, position + 1):
                    break
                position += 1
                continue
            compact += part.group(0)
            position = part.end()
            ends.append((position, compact))
        for end, candidate in reversed(ends):
            if 15 <= len(candidate) <= 34 and (end >= len(text) or not text[end].isalnum()) and iban.is_valid(candidate):
                found.append((start.start(), end, candidate[-4:]))
                break
    return found


def _phone_spans(text: str, regions: Iterable[str], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """International numbers (+44 …) when they are possible numbers anywhere; national formats when
    they are valid numbers of one of `regions`. Dates, times and named numbers are left alone."""
    if sum(ch.isdigit() for ch in text) < MIN_PHONE_DIGITS:
        return []  # most posts: nothing to look at, and the matcher is the slow part
    import phonenumbers

    taken = taken + [m.span() for m in _DATE_OR_TIME.finditer(text)]
    spans: set[tuple[int, int]] = set()
    searches = [("ZZ", phonenumbers.Leniency.POSSIBLE)] + [(region, phonenumbers.Leniency.VALID) for region in regions]
    for region, leniency in searches:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            span = (match.start, match.end)
            digits = sum(ch.isdigit() for ch in match.raw_string)
            if span in spans or digits < MIN_PHONE_DIGITS or any(s < match.end and match.start < e for s, e in taken):
                continue
            if not match.raw_string.lstrip().startswith("+") and _NOT_A_PHONE.search(text[max(0, match.start - 20) : match.start]):
                continue  # "order 12345678" is an order number
            spans.add(span)
    return sorted(spans)


def mask_personal_data(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> Masked:
    """Replace card numbers, IBANs, emails and phone numbers with placeholders; links stay as written."""
    taken = [m.span() for m in _URL.finditer(text)]
    replacements: list[tuple[int, int, str, str]] = []
    for match in _spans_outside(text, _EMAIL, taken):
        replacements.append((match.start(), match.end(), _PLACEHOLDERS[EMAIL], EMAIL))
    taken += [(s, e) for s, e, _, _ in replacements]
    for start, end, tail in _iban_spans(text, taken):
        replacements.append((start, end, f"{_PLACEHOLDERS[IBAN]}{tail}]", IBAN))
        taken.append((start, end))
    for start, end, tail in _card_spans(text, taken):
        replacements.append((start, end, f"{_PLACEHOLDERS[CARD]}{tail}]", CARD))
        taken.append((start, end))
    for start, end in _phone_spans(text, regions, taken):
        replacements.append((start, end, _PLACEHOLDERS[PHONE], PHONE))
    for start, end, placeholder, _ in sorted(replacements, reverse=True):
        text = text[:start] + placeholder + text[end:]
    kinds = tuple(kind for kind in (CARD, IBAN, EMAIL, PHONE) if any(k == kind for *_, k in replacements))
    return Masked(text, kinds)


def masked_kinds(text: str) -> tuple[str, ...]:
    """Which kinds of personal data were masked in an already-masked text (from its placeholders)."""
    return tuple(kind for kind, placeholder in _PLACEHOLDERS.items() if placeholder in text)
