"""`Post`: one social post as every source yields it, checked and cleaned on arrival.

`Post.cleaned()` is the one gate between a source and the store: it masks personal data, strips
invisible characters, and refuses (`PostRejected`) what can't be stored faithfully. Nothing is cut
to fit: an id or text over its limit is refused with the reason, never shortened into a collision.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from assistant.errors import AssistantError
from assistant.privacy import DEFAULT_REGIONS, mask_personal_data, masked_text

# Zero-width, bidirectional and other invisible format characters: they can hide instructions
# or reorder text on screen, and they never carry meaning a reply needs.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLATFORM = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")

# What the store holds (the same on SQLite and PostgreSQL, which enforces column sizes).
MAX_POST_CHARS = 25_000  # X Premium's longest post
MAX_ID_CHARS = 128
MAX_HANDLE_CHARS = 256  # Bluesky handles are domain names
MAX_NAME_CHARS = 128
MAX_URL_CHARS = 2048
MAX_FOLLOWERS = 2**31 - 1  # more than anyone has, and what a 32-bit column holds
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


class PostRejected(AssistantError):
    """An item from a source that can't become a ticket as it is; kept aside with this reason. The
    reason may quote the item's values, so it is masked like a post: it reaches logs, the CLI's
    output (`replay --json`) and `social-reply rejected`."""

    def __init__(self, reason: str):
        super().__init__(masked_text(reason))


def plain_text(text: str) -> str:
    """NFKC-normalised (full-width and compatibility forms become plain ones), without invisible or
    control characters other than newlines and tabs."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def clean_text(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> str:
    """Plain text with personal data masked: what a post's text is once it has arrived."""
    return mask_personal_data(plain_text(text), regions).text


def one_line(text: str, limit: int, *, masked: bool = True) -> str:
    """A handle or display name as quoted data: one line, no control characters, at most `limit`
    characters (a longer one ends with '…', so the cut is visible)."""
    text = " ".join((clean_text(text) if masked else plain_text(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_string(name: str, value: object, limit: int, *, required: bool = False, cleaned: bool = False) -> str:
    """`value` as text within `limit`; refused, never cut. `cleaned`: control characters such as NUL
    are removed later (texts and names); in an id they are refused."""
    if not isinstance(value, str):
        raise PostRejected(f"'{name}' must be text, not {type(value).__name__}")
    if _SURROGATE.search(value):
        raise PostRejected(f"'{name}' is not valid Unicode (it holds a lone surrogate: broken UTF-8 upstream)")
    if "\x00" in value and not cleaned:
        raise PostRejected(f"'{name}' contains a NUL character")
    if required and not value.strip():
        raise PostRejected(f"'{name}' is missing or empty")
    if len(value) > limit:
        raise PostRejected(f"'{name}' is {len(value):,} characters; at most {limit:,} are kept, and it is never cut")
    return value


@dataclass(frozen=True)
class Post:
    """A customer's public post, as a source delivers it."""

    platform: str
    external_id: str
    author_handle: str
    text: str
    author_name: str = ""
    author_followers: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    url: str = ""
    in_reply_to_id: str = ""
    # The text of the post this one replies to, when the source gives it with the post (X's
    # referenced tweet): what the customer answers, shown beside a reply to a post we never saw.
    in_reply_to_text: str = ""
    conversation_id: str = ""
    author_id: str = ""  # the platform's user id, needed to send a DM
    # Where an approved reply goes for a network we can't post on: a webhook sender's callback URL,
    # and that sender's name (its WEBHOOK_SECRETS entry signs the callback).
    reply_url: str = ""
    reply_source: str = ""

    def cleaned(self, regions: Iterable[str] = DEFAULT_REGIONS) -> Post:
        """The post as it may be stored: checked, masked and cleaned. Raises PostRejected."""
        platform = _check_string("platform", self.platform, 32, required=True).strip().lower()
        if not _PLATFORM.match(platform):
            raise PostRejected(f"'platform' {platform[:40]!r} is not a platform name like x, mastodon or bluesky")
        external_id = _check_string("id", self.external_id, MAX_ID_CHARS, required=True).strip()
        if any(unicodedata.category(ch)[0] in "CZ" for ch in external_id):
            raise PostRejected("'id' contains spaces or control characters")
        raw_text = _check_string("text", self.text, MAX_POST_CHARS, required=True, cleaned=True)
        text = clean_text(raw_text, regions)
        if not text:
            raise PostRejected("'text' is empty once invisible characters are removed")
        if len(text) > MAX_POST_CHARS:
            raise PostRejected(f"'text' is {len(text):,} characters once normalised; at most {MAX_POST_CHARS:,} are kept")
        handle = one_line(_check_string("author", self.author_handle, MAX_HANDLE_CHARS, cleaned=True), MAX_HANDLE_CHARS, masked=False).lstrip("@")
        if not handle:
            raise PostRejected("'author' is missing or empty")
        if not re.fullmatch(r"[\w.@-]+", handle):
            raise PostRejected(f"'author' {handle[:40]!r} is not a handle (letters, digits, _ . - only)")
        followers = self.author_followers
        if isinstance(followers, bool) or not isinstance(followers, int) or not 0 <= followers <= MAX_FOLLOWERS:
            raise PostRejected(f"'followers' must be a whole number from 0 to {MAX_FOLLOWERS:,}, not {str(followers)[:40]!r}")
        created = self.created_at
        if not isinstance(created, datetime):
            raise PostRejected("'created_at' is not a time")
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        if not EARLIEST <= created <= datetime.now(UTC) + timedelta(days=1):
            raise PostRejected(f"'created_at' {created.isoformat()} is not a plausible time for a post")
        url = _check_string("url", self.url, MAX_URL_CHARS).strip()
        if url and not re.match(r"^https?://\S+$", url):
            raise PostRejected(f"'url' {url[:60]!r} is not an http(s) link")
        reply_url = _check_string("callback_url", self.reply_url or "", MAX_URL_CHARS).strip()
        if reply_url and not re.match(r"^https?://[^\s/?#]+[^\s]*$", reply_url):
            raise PostRejected(f"'callback_url' {reply_url[:60]!r} is not an http(s) URL")
        reply_source = _check_string("reply_source", self.reply_source or "", 32).strip()
        return replace(
            self,
            platform=platform,
            external_id=external_id,
            author_handle=handle,
            text=text,
            author_name=one_line(_check_string("name", self.author_name, 10_000, cleaned=True), MAX_NAME_CHARS),
            author_followers=followers,
            created_at=created,
            url=url,
            in_reply_to_id=_check_string("in_reply_to_id", self.in_reply_to_id or "", MAX_ID_CHARS).strip(),
            # Someone's public words, masked and cleaned like the post's own; context only, so one
            # too long is cut and one that isn't text is left out: the post itself is never refused for it.
            in_reply_to_text=clean_text((self.in_reply_to_text if isinstance(self.in_reply_to_text, str) else "")[:MAX_POST_CHARS], regions)[:MAX_POST_CHARS],
            conversation_id=_check_string("conversation_id", self.conversation_id or "", MAX_ID_CHARS).strip(),
            author_id=_check_string("author_id", self.author_id or "", MAX_ID_CHARS).strip(),
            reply_url=reply_url,
            reply_source=reply_source,
        )
