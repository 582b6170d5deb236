"""X mentions: polls `GET /2/users/:id/mentions` with tweepy and turns each mention into a `Post`.

`since_id` lives in the store and only advances after every post of the poll was stored, so a crash
mid-poll re-reads those mentions (the store's dedupe makes that harmless). X serves only the newest
800 mentions this way; a longer outage loses older ones, which the log says.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from assistant.posts import Post
from assistant.store import Store

log = logging.getLogger(__name__)
CURSOR = "x:mentions:since_id"
PAGE_SIZE = 100
MAX_PAGES = 8  # X returns at most the newest 800 mentions


class XMentions:
    def __init__(self, client: Any, store: Store, *, user_id: str = "", user_auth: bool = False):
        self.client = client
        self.store = store
        self.user_id = user_id
        self.user_auth = user_auth

    def own_id(self) -> str:
        if not self.user_id:
            me = self.client.get_me(user_auth=True)
            self.user_id = str(me.data["id"])
        return self.user_id

    def fetch(self) -> list[Post]:
        """All mentions newer than the stored `since_id`, oldest first, without the bot's own posts."""
        own = self.own_id()
        since_id = self.store.get_cursor(CURSOR)
        tweets: list[Any] = []
        users: dict[str, Any] = {}
        token = None
        for page in range(MAX_PAGES):
            response = self.client.get_users_mentions(
                id=own,
                since_id=since_id,
                max_results=PAGE_SIZE,
                pagination_token=token,
                expansions=["author_id"],
                tweet_fields=["created_at", "conversation_id", "in_reply_to_user_id", "author_id"],
                user_fields=["username", "name", "public_metrics"],
                user_auth=self.user_auth,
            )
            tweets.extend(response.data or [])
            for user in (response.includes or {}).get("users", []):
                users[str(user.id)] = user
            token = (response.meta or {}).get("next_token")
            if not token:
                break
            if page == MAX_PAGES - 1 and since_id:
                log.warning("more than %d new mentions since %s: X only serves the newest", PAGE_SIZE * MAX_PAGES, since_id)
        unique = {str(tweet.id): tweet for tweet in tweets if str(getattr(tweet, "author_id", "") or "") != own}
        return sorted((self._post(tweet, users) for tweet in unique.values()), key=lambda post: int(post.external_id))

    def poll(self, ingest: Callable[[Post], object]) -> int:
        """Fetch, hand every post to `ingest`, then advance `since_id`. Returns how many posts came."""
        posts = self.fetch()
        for post in posts:
            ingest(post)
        if posts:
            self.store.set_cursor(CURSOR, posts[-1].external_id)
        return len(posts)

    def run(self, ingest: Callable[[Post], object], stop: threading.Event, interval: float) -> None:
        """Poll until `stop` is set, backing off on rate limits and errors (bounded, never spinning)."""
        import tweepy

        backoff = interval
        while not stop.is_set():
            try:
                count = self.poll(ingest)
                if count:
                    log.info("X: %d new mention(s)", count)
                backoff = interval
                wait = interval
            except tweepy.TooManyRequests as exc:
                wait = _reset_wait(exc.response, fallback=min(backoff * 2, 900))
                backoff = wait
                log.warning("X rate limit: waiting %.0f s", wait)
            except Exception as exc:
                backoff = min(backoff * 2, 900)
                wait = backoff
                log.warning("X polling failed (%s); retrying in %.0f s", exc, wait)
            stop.wait(wait)

    @staticmethod
    def _post(tweet: Any, users: dict[str, Any]) -> Post:
        author = users.get(str(getattr(tweet, "author_id", "") or ""))
        metrics = (getattr(author, "public_metrics", None) or {}) if author else {}
        created = getattr(tweet, "created_at", None) or datetime.now(timezone.utc)
        handle = author.username if author else "unknown"
        return Post(
            platform="x",
            external_id=str(tweet.id),
            author_handle=handle,
            author_name=author.name if author else "",
            author_followers=int(metrics.get("followers_count", 0)),
            text=html.unescape(tweet.text),  # X sends &amp; &lt; &gt; escaped
            created_at=created,
            url=f"https://x.com/{handle}/status/{tweet.id}",
            conversation_id=str(getattr(tweet, "conversation_id", "") or ""),
            author_id=str(getattr(tweet, "author_id", "") or ""),
        )


def _reset_wait(response: Any, fallback: float) -> float:
    """Seconds until X's `x-rate-limit-reset`, bounded to 1-15 minutes; `fallback` without the header."""
    reset = getattr(response, "headers", {}).get("x-rate-limit-reset")
    if not reset:
        return fallback
    try:
        return max(1.0, min(900.0, float(reset) - time.time() + 1))
    except ValueError:
        return fallback
