"""Sources: one module per platform, each turning what arrives into `Post`s for an `Intake`.

A polling source (X, Mastodon, Bluesky) reads its new items, maps each to a post or a reason it
can't be one, and hands them to `take`; its cursor moves only after `take` returned, so a crash
mid-poll re-reads those items (the store's dedupe makes that harmless). `poll_forever` is the loop
every poller runs: rate limits wait as the platform says, other failures back off, nothing spins.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from assistant.privacy import masked_text
from assistant.telemetry import polled

if TYPE_CHECKING:
    from assistant.posts import Post
    from assistant.replica import Duty

log = logging.getLogger(__name__)
MAX_BACKOFF = 900.0  # seconds: a failing platform is retried at least every 15 minutes
# How far ahead of our clock a platform's time may be and still be believed (clocks drift; a
# position further ahead would move a cursor past every real item still to come).
CLOCK_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class Ingested:
    """What became of one item: its ticket, or (ticket_id None) why it was kept aside instead.
    `how`: opened, joined, reopened, duplicate, ours (see `Store.arrive`), or rejected."""

    ticket_id: int | None
    created: bool
    rejected: str = ""
    how: str = ""


class Intake(Protocol):
    """Where a source hands its items: the pipeline. Every item ends as a ticket or a rejected item."""

    def ingest(self, post: Post, *, source: str = "", raw: str = "", where: str = "", ours: bool = False) -> Ingested: ...

    def reject(self, source: str, reason: str, raw: str, *, where: str = "", external_id: str = "") -> Ingested: ...

    def draft_pending(self) -> int: ...

    def expect(self, posts: list[Post]) -> None: ...


class Rejected(ValueError):
    """An item that can't become a post, and why (masked: a reason may quote the item's values)."""

    def __init__(self, reason: str):
        super().__init__(masked_text(reason))


@dataclass(frozen=True)
class Item:
    """One item a platform served: the post it maps to, or why it can't be one."""

    raw: str
    post: Post | None = None
    reason: str = ""
    item_id: str = ""  # the platform's id for the item, when it has a usable one, even if rejected
    own: bool = False  # posted by our own account: part of the conversation, never a ticket


def beyond_now(when: datetime, what: str, now: datetime | None = None) -> str:
    """Why a position dated `when` can't be where a cursor goes, or ''. A cursor only moves to a
    position it can compare sanely: one in the future beyond clock skew would skip every real item
    until that time, so its item is kept aside as rejected instead."""
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when > now + CLOCK_SKEW:
        return f"its {what} ({when.isoformat()[:19]}) is in the future; kept aside so the cursor does not skip the real items before it"
    return ""


def read_item(raw: str, item_id: str, read: Callable[[], Post], own_id: str) -> Item:
    """One served item: the post `read` maps it to (ours when its author is `own_id`), or why it
    can't be one."""
    try:
        post = read()
    except Rejected as exc:
        return Item(raw, reason=str(exc), item_id=item_id)
    return Item(raw, post=post, item_id=item_id, own=bool(own_id) and post.author_id == own_id)


def take(intake: Intake, items: Iterable[Item], *, source: str, where: str) -> int:
    """Store each item as a post (ours recorded but never a ticket) or keep it as rejected with its
    reason, then draft what is waiting. The intake hears of the page's posts first, so their
    searches are embedded in one call. Returns how many items from others were new (an item
    served again, which the store recognises, is not counted)."""
    items = list(items)
    intake.expect([item.post for item in items if item.post is not None and not item.own])
    count = 0
    for item in items:
        if item.own:
            if item.post is not None:
                intake.ingest(item.post, source=source, raw=item.raw, ours=True)
            continue
        if item.post is not None:
            arrived = intake.ingest(item.post, source=source, raw=item.raw)
        else:
            arrived = intake.reject(source, item.reason, item.raw, where=where, external_id=item.item_id)
        count += getattr(arrived, "how", "") != "duplicate"
    intake.draft_pending()
    return count


def poll_forever(
    name: str,
    poll: Callable[[], int],
    stop: threading.Event,
    interval: float,
    rate_limited: Callable[[Exception], float | None],
    *,
    duty: Duty | None = None,
) -> None:
    """Call `poll` every `interval` seconds until `stop` is set. `rate_limited(exc)` gives the wait
    a platform's rate limit asks for (None: not a rate limit); other failures double the wait up to
    MAX_BACKOFF. The poller outlives any one failure and never spins.

    With replicas, `duty` says whether this one polls now: of several, only the holder of the
    network's lease polls; the others ask again every `duty.retry` seconds and take over when the
    holder is gone."""
    backoff = interval
    while not stop.is_set():
        if duty is not None and not duty.held():
            stop.wait(min(interval, duty.retry))
            continue
        try:
            count = poll()
            polled(name.lower())
            if count:
                log.info("%s: %d new item(s)", name, count)
            backoff = wait = interval
        except Exception as exc:  # noqa: BLE001 - the poller must outlive any one failure
            limited = rate_limited(exc)
            if limited is not None:
                backoff = wait = max(1.0, min(MAX_BACKOFF, limited))
                log.warning("%s rate limit: waiting %.0f s", name, wait)
            else:
                backoff = wait = min(backoff * 2, MAX_BACKOFF)
                log.warning("%s polling failed (%s: %s); retrying in %.0f s", name, type(exc).__name__, str(exc)[:200], wait)
        stop.wait(wait)
