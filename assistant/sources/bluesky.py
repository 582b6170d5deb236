"""Bluesky mentions and replies: polls the account's notifications with the `atproto` SDK.

Bluesky serves notifications newest first and pages back in time; the stored cursor is the
`indexedAt` time of the newest one stored, and a poll pages back until it reaches that time (at
most MAX_PAGES pages; beyond that the log says some may have been missed). Items are read from
the raw answer one by one, so one broken notification is rejected with its reason and the rest
still come in. A post's reach is its author's follower count (one profiles call per 25 authors).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from assistant.clients.bluesky import raw_call
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
CURSOR = "bluesky:notifications:indexed_at"
SOURCE = "bluesky:notifications"
PAGE_SIZE = 50
MAX_PAGES = 10
REASONS = ["mention", "reply"]
DEFAULT_SERVICE = "https://bsky.social"
_DID = re.compile(r"^did:[a-z]{1,16}:[A-Za-z0-9._:%-]{1,100}$")
_POST_URI = re.compile(r"^at://(did:[a-z]{1,16}:[A-Za-z0-9._:%-]{1,100})/app\.bsky\.feed\.post/([A-Za-z0-9._~:-]{1,64})$")


def _time(value: Any, name: str) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    raise Rejected(f"'{name}' {str(value)[:40]!r} is not a time")


def _uri(value: Any) -> str:
    return value if isinstance(value, str) and len(value) <= 128 and _POST_URI.match(value) else ""


def _reference(reply: Any, which: str) -> str:
    ref = reply.get(which) if isinstance(reply, dict) else None
    return _uri(ref.get("uri")) if isinstance(ref, dict) else ""


def notification_post(item: Any, followers: dict[str, int]) -> Post:
    """Map one notification to a `Post`; raises Rejected with the reason."""
    if not isinstance(item, dict):
        raise Rejected(f"a notification must be a JSON object, not {type(item).__name__}")
    if item.get("reason") not in REASONS:
        raise Rejected(f"a {str(item.get('reason'))[:30]!r} notification, not a mention or reply")
    uri = _uri(item.get("uri"))
    if not uri:
        raise Rejected(f"'uri' {str(item.get('uri'))[:60]!r} is not a Bluesky post")
    author = item.get("author")
    if not isinstance(author, dict) or not isinstance(author.get("did"), str) or not _DID.match(author["did"]):
        raise Rejected("the author has no DID")
    handle = author.get("handle")
    if not isinstance(handle, str) or not handle.strip():
        raise Rejected("the author has no handle")
    record = item.get("record")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise Rejected("the post has no text")
    reply = record.get("reply")
    name = author.get("displayName")
    rkey = _POST_URI.match(uri).group(2)  # type: ignore[union-attr]
    return Post(
        platform="bluesky",
        external_id=uri,
        author_handle=handle,
        author_name=name if isinstance(name, str) else "",
        author_followers=followers.get(author["did"], 0),
        text=record["text"],
        created_at=_time(record.get("createdAt"), "createdAt"),
        url=f"https://bsky.app/profile/{handle}/post/{rkey}" if re.fullmatch(r"[A-Za-z0-9.-]{1,253}", handle) else "",
        in_reply_to_id=_reference(reply, "parent"),
        conversation_id=_reference(reply, "root"),
        author_id=author["did"],
    )


def _read_cursor(stored: str | None) -> datetime | None:
    """The stored cursor: the newest `indexedAt` stored."""
    if not stored:
        return None
    try:
        since = _time(stored, "cursor")
    except Rejected:
        log.warning("the stored Bluesky cursor %r is not a time; reading from the newest page", stored[:40])
        return None
    if beyond_now(since, "cursor"):  # written before positions were checked: it would skip everything
        log.warning("the stored Bluesky cursor %s is in the future; reading from the newest page", stored[:40])
        return None
    return since


class BlueskyNotifications:
    def __init__(self, client: Any, store: Store):
        self.client = client
        self.store = store

    @property
    def own_did(self) -> str:
        me = getattr(self.client, "me", None)
        return str(getattr(me, "did", "") or "")

    def fetch(self) -> tuple[list[Item], str]:
        """New notifications, oldest first, each mapped or refused; and the cursor to store after
        them: the newest `indexedAt` seen. Items indexed at the cursor's own instant are read again
        (another may share that millisecond); the store recognises the ones it has."""
        import json

        from atproto import models

        since = _read_cursor(self.store.get_cursor(CURSOR))
        fresh: list[tuple[datetime | None, str, str, Any]] = []
        future: list[Item] = []
        page_cursor = None
        for page_number in range(MAX_PAGES):
            answer = raw_call(
                self.client,
                "app.bsky.notification.listNotifications",
                models.AppBskyNotificationListNotifications.Params(limit=PAGE_SIZE, cursor=page_cursor, reasons=REASONS),
            )
            items = answer.get("notifications")
            reached = False
            for item in items if isinstance(items, list) else []:
                uri = _uri(item.get("uri")) if isinstance(item, dict) else ""
                try:
                    indexed = _time(item.get("indexedAt"), "indexedAt") if isinstance(item, dict) else None
                except Rejected:
                    indexed = None
                ahead = beyond_now(indexed, "indexedAt") if indexed else ""
                if ahead:  # kept aside as rejected; never the cursor
                    future.append(Item(json.dumps(item, ensure_ascii=False, default=str), reason=ahead))
                    continue
                if since and indexed and indexed < since:
                    reached = True
                    continue
                fresh.append((indexed, uri, json.dumps(item, ensure_ascii=False, default=str), item))
            page_cursor = answer.get("cursor") if isinstance(answer.get("cursor"), str) else None
            if not since or reached or not page_cursor:
                break
            if page_number == MAX_PAGES - 1:
                log.warning("Bluesky notifications may have been missed: %d pages back did not reach %s", MAX_PAGES, since.isoformat())
        authors = {
            item["author"]["did"]
            for *_, item in fresh
            if isinstance(item, dict) and isinstance(item.get("author"), dict) and isinstance(item["author"].get("did"), str)
        }
        followers = self._followers(authors)
        made: list[tuple[datetime, Item]] = []
        oldest = datetime.min.replace(tzinfo=UTC)
        for indexed, uri, raw, item in fresh:
            made.append((indexed or oldest, read_item(raw, uri, lambda: notification_post(item, followers), self.own_did)))  # noqa: B023 - called at once
        made.sort(key=lambda pair: pair[0])
        newest = max((indexed for indexed, *_ in fresh if indexed), default=since)
        return future + [item for _, item in made], newest.isoformat() if newest else ""

    def _followers(self, dids: set[str]) -> dict[str, int]:
        """Follower counts by DID; an author Bluesky won't describe counts 0 (reach unknown)."""
        from atproto import models

        counts: dict[str, int] = {}
        ordered = sorted(did for did in dids if _DID.match(did))
        for start in range(0, len(ordered), 25):
            try:
                answer = raw_call(self.client, "app.bsky.actor.getProfiles", models.AppBskyActorGetProfiles.Params(actors=ordered[start : start + 25]))
            except Exception as exc:  # noqa: BLE001 - reach is a priority hint; the posts still come in
                log.warning("Bluesky profiles unavailable (%s); reach counts 0 for these authors", type(exc).__name__)
                continue
            for profile in answer.get("profiles") or []:
                if isinstance(profile, dict) and isinstance(profile.get("did"), str):
                    count = profile.get("followersCount")
                    if isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 2**31 - 1:
                        counts[profile["did"]] = count
        return counts

    def poll(self, intake: Intake) -> int:
        """Fetch, store or reject each notification, then move the cursor past every one seen."""
        items, cursor = self.fetch()
        count = take(intake, items, source=SOURCE, where="Bluesky notifications")
        if cursor and cursor != self.store.get_cursor(CURSOR):
            self.store.set_cursor(CURSOR, cursor)
        return count

    def run(self, intake: Intake, stop: threading.Event, interval: float, duty: Duty | None = None) -> None:
        from atproto_client.exceptions import RateLimitExceededError

        def rate_limited(exc: Exception) -> float | None:
            if not isinstance(exc, RateLimitExceededError):
                return None
            reset = exc.reset_at
            return reset.timestamp() - time.time() + 1 if reset else interval * 2

        poll_forever("Bluesky", lambda: self.poll(intake), stop, interval, rate_limited, duty=duty)
