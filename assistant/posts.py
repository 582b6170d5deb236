"""`Post`: one social post as every source yields it, cleaned on arrival."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

# Zero-width, bidirectional and other invisible format characters: they can hide instructions
# or reorder text on screen, and they never carry meaning a reply needs.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_CARD_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
MAX_POST_CHARS = 4000


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


def clean_text(text: str) -> str:
    """NFC-normalise, strip invisible characters and NULs, mask card numbers, bound the length."""
    text = unicodedata.normalize("NFC", text or "")
    text = _INVISIBLE.sub("", text).replace("\x00", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return mask_card_numbers(text.strip())[:MAX_POST_CHARS]


@dataclass(frozen=True)
class Post:
    """A customer's public post, as a source delivers it."""

    platform: str
    external_id: str
    author_handle: str
    text: str
    author_name: str = ""
    author_followers: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    url: str = ""
    in_reply_to_id: str = ""
    conversation_id: str = ""

    def cleaned(self) -> "Post":
        handle = clean_text(self.author_handle).lstrip("@")[:64] or "unknown"
        return Post(
            platform=self.platform.strip().lower() or "unknown",
            external_id=str(self.external_id).strip()[:128],
            author_handle=handle,
            text=clean_text(self.text),
            author_name=clean_text(self.author_name)[:128],
            author_followers=max(0, int(self.author_followers or 0)),
            created_at=self.created_at,
            url=self.url[:512],
            in_reply_to_id=str(self.in_reply_to_id or "")[:128],
            conversation_id=str(self.conversation_id or "")[:128],
        )
