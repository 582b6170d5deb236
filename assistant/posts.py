"""`Post`: one social post as every source yields it, cleaned on arrival."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from assistant.privacy import mask_card_numbers

# Zero-width, bidirectional and other invisible format characters: they can hide instructions
# or reorder text on screen, and they never carry meaning a reply needs.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
MAX_POST_CHARS = 25_000  # X Premium's longest post; nothing a customer wrote is cut


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
    author_id: str = ""  # the platform's user id, needed to send a DM

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
            author_id=str(self.author_id or "")[:64],
        )
