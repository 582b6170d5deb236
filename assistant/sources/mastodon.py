"""Mastodon mentions: polls the account's mention notifications with Mastodon.py.

The cursor is the newest notification id stored; each poll asks for the page just after it
(`min_id`) and walks forward page by page, so nothing between two polls is skipped however many
arrive. Each notification is mapped on its own: one that can't be a post is kept as rejected with
its reason and the cursor still passes it. Statuses arrive as HTML; the post is their text.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from assistant.posts import Post
from assistant.sources import (
    Intake,
    Item,
    Rejected,
    beyond_now,
    poll_forever,
    read_item,
    take,
)
from assistant.store import Store

if TYPE_CHECKING:
    from assistant.replica import Duty

log = logging.getLogger(__name__)
CURSOR = "mastodon:notifications:min_id"
SOURCE = "mastodon:mentions"
PAGE_SIZE = 40  # Mastodon's most per page for notifications is 80; 40 is its default
MAX_PAGES = 10  # per poll; the rest comes on the next poll, the cursor having moved
# Mastodon's ids are digits in a 64-bit column; Pleroma's and GoToSocial's are base62 or ULIDs (26).
_ID = re.compile(r"^(?:[0-9]{1,19}|[0-9A-Za-z]{1,32})$")


class _Text(HTMLParser):
    """A status's HTML as its text: paragraphs as blank lines, <br> as line breaks, tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(content: str) -> str:
    parser = _Text()
    parser.feed(content)
    parser.close()
    return "".join(parser.parts).strip()


def _id(value: Any) -> str:
    """An id a cursor can be compared with: a number in a 64-bit column, or a short base62 key."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not _ID.match(text) or (text.isdigit() and (len(text) > 19 or int(text) >= 2**63)):
        return ""
    return text


def _order(item_id: str) -> tuple[int, str]:
    return (len(item_id), item_id)  # numeric and base62 ids both sort by length, then characters


def _string(record: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Rejected(f"'{key}' is missing or not text")
    return value


def _time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    raise Rejected(f"'created_at' {str(value)[:40]!r} is not a time")


def mention_post(notification: Any) -> Post:
    """Map one mention notification to a `Post`; raises Rejected with the reason."""
    if not isinstance(notification, dict):
        raise Rejected(f"a notification must be a JSON object, not {type(notification).__name__}")
    if notification.get("type") != "mention":
        raise Rejected(f"a {str(notification.get('type'))[:30]!r} notification, not a mention")
    status = notification.get("status")
    if not isinstance(status, dict):
        raise Rejected("the mention carries no status")
    status_id = _id(status.get("id"))
    if not status_id:
        raise Rejected(f"the status id {str(status.get('id'))[:30]!r} is not a Mastodon id")
    author = status.get("account")
    if not isinstance(author, dict):
        raise Rejected("the status has no account")
    acct = _string(author, "acct", required=True).lstrip("@")
    author_id = _id(author.get("id"))
    if not author_id:
        raise Rejected("the account has no usable id")
    followers = author.get("followers_count", 0)
    if isinstance(followers, bool) or not isinstance(followers, int) or followers < 0:
        raise Rejected(f"the account's followers_count {followers!r} is not a whole number")
    text = html_text(_string(status, "content"))
    warning = _string(status, "spoiler_text").strip()
    if warning:  # a content warning is part of what the customer said
        text = f"CW: {warning}\n\n{text}"
    if not text:
        raise Rejected("the status has no text")
    reply_to = status.get("in_reply_to_id")
    return Post(
        platform="mastodon",
        external_id=status_id,
        author_handle=acct,
        author_name=_string(author, "display_name"),
        author_followers=followers,
        text=text,
        created_at=_time(status.get("created_at")),
        url=_string(status, "url") if _string(status, "url").startswith(("https://", "http://")) else "",
        in_reply_to_id=_id(reply_to) if reply_to is not None else "",
        author_id=author_id,
    )


def _outside(notification: Any) -> str:
    """Why a notification's position can't be a cursor (an id out of Mastodon's range, a time in
    the future), or ''."""
    if not isinstance(notification, dict) or "id" not in notification:
        return ""
    if not _id(notification.get("id")):
        return f"the notification id {str(notification.get('id'))[:24]!r}… is not a Mastodon id (at most 19 digits, below 2**63, or a short key); kept aside so the cursor does not skip real mentions"
    try:
        created = _time(notification.get("created_at"))
    except Rejected:
        return ""  # no time to judge by: the id alone decides
    return beyond_now(created, "time")


def _raw(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, default=str)


class MastodonMentions:
    def __init__(self, client: Any, store: Store):
        self.client = client
        self.store = store
        self.own_id = ""

    def _own(self) -> str:
        if not self.own_id:
            me = self.client.account_verify_credentials()
            self.own_id = _id(me.get("id") if isinstance(me, dict) else None)
            if not self.own_id:
                raise ValueError("Mastodon did not say which account this token belongs to (verify_credentials)")
        return self.own_id

    def fetch(self) -> list[Item]:
        """Every mention after the stored cursor, oldest first (at most MAX_PAGES pages a poll)."""
        own = self._own()
        cursor = self.store.get_cursor(CURSOR)
        if cursor and not _id(cursor):
            log.warning("the stored Mastodon cursor %s… is not a Mastodon id; reading the newest mentions", cursor[:24])
            cursor = None
        items: dict[str, Item] = {}
        broken: list[Item] = []
        for _ in range(MAX_PAGES):
            page = self.client.notifications(types=["mention"], min_id=cursor or None, limit=PAGE_SIZE)
            ids = []
            for notification in page or []:
                raw = _raw(notification)
                notification_id = _id(notification.get("id")) if isinstance(notification, dict) else ""
                outside = _outside(notification)
                if outside:  # kept aside; never the cursor
                    broken.append(Item(raw, reason=outside))
                    continue
                item = read_item(raw, notification_id, lambda: mention_post(notification), own)  # noqa: B023 - called here, in this iteration
                if notification_id:
                    items[notification_id] = item
                    ids.append(notification_id)
                else:
                    broken.append(item)
            if not cursor or len(page or []) < PAGE_SIZE or not ids:
                break  # the first poll takes the newest page; later ones walk forward to the present
            cursor = max(ids, key=_order)
        return broken + sorted(items.values(), key=lambda item: _order(item.item_id))

    def poll(self, intake: Intake) -> int:
        """Fetch, store or reject each mention, then move the cursor past every one seen."""
        items = self.fetch()
        count = take(intake, items, source=SOURCE, where="Mastodon notifications")
        newest = max((item.item_id for item in items if item.item_id), key=_order, default="")
        if newest:
            self.store.set_cursor(CURSOR, newest)
        return count

    def run(self, intake: Intake, stop: threading.Event, interval: float, duty: Duty | None = None) -> None:
        from mastodon import MastodonRatelimitError

        def rate_limited(exc: Exception) -> float | None:
            if not isinstance(exc, MastodonRatelimitError):
                return None
            reset = getattr(self.client, "ratelimit_reset", None)
            return float(reset) - time.time() + 1 if isinstance(reset, (int, float)) else interval * 2

        poll_forever("Mastodon", lambda: self.poll(intake), stop, interval, rate_limited, duty=duty)
