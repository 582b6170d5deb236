"""Personal data in customer posts: card numbers (Luhn-checked) are masked everywhere on arrival;
emails and phone numbers are found so they never reach the LLM and the card can suggest a DM.
Regexes, the Luhn check and `phonenumbers` only: no model download."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CARD_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE_REGIONS = ("GB", "US")
MIN_PHONE_DIGITS = 10  # shorter digit runs are order numbers, serials and prices far more often


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_card_numbers(text: str) -> str:
    """Replace anything that passes the Luhn check as a 13-19 digit card number, keeping the last 4."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            return "[card ••••" + digits[-4:] + "]"
        return match.group(0)

    return _CARD_CANDIDATE.sub(_mask, text)


def find_emails(text: str) -> list[str]:
    return _EMAIL.findall(text)


def find_phones(text: str) -> list[str]:
    import phonenumbers

    found: list[str] = []
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            raw = match.raw_string
            if len(re.sub(r"\D", "", raw)) >= MIN_PHONE_DIGITS and raw not in found:
                found.append(raw)
    return found


@dataclass(frozen=True)
class PersonalData:
    emails: list[str]
    phones: list[str]

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, values in (("email", self.emails), ("phone number", self.phones)) if values]


def find_personal_data(text: str) -> PersonalData:
    return PersonalData(find_emails(text), find_phones(text))


def redact(text: str) -> str:
    """The post as the LLM may see it: emails and phone numbers replaced by placeholders."""
    for phone in find_phones(text):
        text = text.replace(phone, "[phone number]")
    return _EMAIL.sub("[email]", text)
