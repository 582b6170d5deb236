"""X mentions: polls `GET /2/users/:id/mentions` with tweepy and turns each mention into a `Post`.

Each mention is read and stored on its own: one that can't be (no text or author, wrong types,
broken UTF-8, absurd numbers, deep nesting) becomes a rejected item with its reason, and the
cursor still moves past it. `since_id` lives in the store and only advances after every mention
of the poll was stored or rejected, so a crash mid-poll re-reads those mentions (the store's dedupe
makes that harmless). X serves only the newest 800 mentions this way: when a poll brings 800 and
its cursor was set, older mentions may be lost, and the log and the inbox channel say so.
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
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
from assistant.sources.items import decode, items_at, loads, raw_at
from assistant.store import Store

if TYPE_CHECKING:
    from assistant.replica import Duty

log = logging.getLogger(__name__)
CURSOR = "x:mentions:since_id"
SOURCE = "x:mentions"
PAGE_SIZE = 100
MAX_PAGES = 8  # X returns at most the newest 800 mentions
_SNOWFLAKE = re.compile(r"^[1-9][0-9]{0,18}$")  # X ids: positive, below 2**63


def _snowflake(value: Any) -> str:
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return text if _SNOWFLAKE.match(text) and int(text) < 2**63 else ""


def snowflake_time(snowflake: str) -> datetime:
    """When X made the id: its upper bits are milliseconds since X's epoch (2010-11-04)."""
    return datetime.fromtimestamp(((int(snowflake) >> 22) + 1288834974657) / 1000, tz=UTC)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)


def _page(body: bytes) -> tuple[list[tuple[str, Any]], dict[str, Any], str, dict[str, str]]:
    """A mentions page as (raw text, parsed or exception) per tweet, users by id, next_token, and
    the text of each tweet the page's mentions refer to (`includes.tweets`), by id.

    Parsed whole when it can be; when one item breaks the page (nesting, broken JSON), each item is
    cut out and parsed on its own."""
    text = decode(body)
    try:
        document = loads(text)
        if not isinstance(document, dict):
            raise ValueError("the page is not a JSON object")
        data = document.get("data") or []
        includes = document.get("includes") or {}
        users = includes.get("users") or [] if isinstance(includes, dict) else []
        referred = includes.get("tweets") or [] if isinstance(includes, dict) else []
        meta = document.get("meta") or {}
        tweets: list[tuple[str, Any]] = [(_json(tweet), tweet) for tweet in data] if isinstance(data, list) else []
        user_items = [(_json(user), user) for user in users] if isinstance(users, list) else []
        referred_items = list(referred) if isinstance(referred, list) else []
    except (ValueError, RecursionError):
        tweets, user_items = [], []
        for raw in items_at(text, ("data",)):
            tweets.append((raw, _try(raw)))
        for raw in items_at(text, ("includes", "users")):
            user_items.append((raw, _try(raw)))
        referred_items = [_try(raw) for raw in items_at(text, ("includes", "tweets"))]
        meta = _try(raw_at(text, ("meta",)) or "{}")
    by_id = {}
    for _, user in user_items:
        if isinstance(user, dict) and _snowflake(user.get("id")):
            by_id[_snowflake(user.get("id"))] = user
    # A referred tweet that can't be read is left out: the mention is read without it.
    texts = {
        _snowflake(tweet.get("id")): html.unescape(tweet["text"])
        for tweet in referred_items
        if isinstance(tweet, dict) and _snowflake(tweet.get("id")) and isinstance(tweet.get("text"), str)
    }
    token = meta.get("next_token") if isinstance(meta, dict) else None
    return tweets, by_id, token if isinstance(token, str) and 0 < len(token) <= 200 else "", texts


def _try(raw: str) -> Any:
    try:
        return loads(raw)
    except (ValueError, RecursionError) as exc:
        return Rejected(f"not valid JSON ({str(exc)[:80]})")


def _raw_id(raw: str) -> str:
    """The id of an item too broken to parse whole, read on its own, so the cursor can pass it."""
    try:
        return _snowflake(loads(raw_at(raw, ("id",)) or "null"))
    except (ValueError, RecursionError):
        return ""


def _replied_to(tweet: dict[str, Any]) -> str:
    """The id of the post this one answers (`referenced_tweets` of type `replied_to`), or ''."""
    references = tweet.get("referenced_tweets")
    if not isinstance(references, list):
        return ""
    for reference in references:
        if isinstance(reference, dict) and reference.get("type") == "replied_to":
            return _snowflake(reference.get("id"))
    return ""


def _text(record: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Rejected(f"'{key}' is missing or not text")
    return value


def mention_post(tweet: Any, users: dict[str, Any], referred: dict[str, str] | None = None) -> Post:
    """Map one tweet of the mentions endpoint to a `Post`; raises Rejected with the reason.
    `referred`: the text of tweets the page refers to, by id (the one it replies to among them)."""
    if isinstance(tweet, Rejected):
        raise tweet
    if not isinstance(tweet, dict):
        raise Rejected(f"a mention must be a JSON object, not {type(tweet).__name__}")
    tweet_id = _snowflake(tweet.get("id"))
    if not tweet_id:
        raise Rejected(f"'id' {str(tweet.get('id'))[:30]!r} is not an X post id")
    text = _text(tweet, "text", required=True)
    author_id = _snowflake(tweet.get("author_id"))
    if not author_id:
        raise Rejected("the author ('author_id') is missing or not an X user id")
    author = users.get(author_id)
    if not isinstance(author, dict):
        raise Rejected(f"the author {author_id} is not among the page's users")
    handle = _text(author, "username", required=True)
    metrics = author.get("public_metrics") or {}
    followers = metrics.get("followers_count", 0) if isinstance(metrics, dict) else None
    if isinstance(followers, bool) or not isinstance(followers, int):
        raise Rejected(f"the author's followers_count {followers!r} is not a whole number")
    created_text = _text(tweet, "created_at")
    try:
        created = datetime.fromisoformat(created_text.replace("Z", "+00:00")) if created_text else datetime.now().astimezone()
    except ValueError:
        raise Rejected(f"'created_at' {created_text[:40]!r} is not a time") from None
    conversation = tweet.get("conversation_id")
    parent = _replied_to(tweet)
    return Post(
        in_reply_to_id=parent,
        in_reply_to_text=(referred or {}).get(parent, "") if parent else "",
        platform="x",
        external_id=tweet_id,
        author_handle=handle,
        author_name=_text(author, "name"),
        author_followers=followers,
        text=html.unescape(text),  # X sends &amp; &lt; &gt; escaped
        created_at=created,
        url=f"https://x.com/{handle}/status/{tweet_id}" if re.fullmatch(r"\w{1,50}", handle) else "",
        conversation_id=_snowflake(conversation) if conversation is not None else "",
        author_id=author_id,
    )


def gap_warning(since_id: str, fetched: int) -> str:
    return (
        f"X mentions may have been missed: one poll brought {fetched} new mentions, the most X serves, so some "
        f"posted after mention {since_id} (the last one read before) may never come in. Look through the brand's "
        "mentions on X for that stretch."
    )


class XMentions:
    def __init__(self, client: Any, store: Store, *, user_id: str = "", user_auth: bool = False, username: str = "", warn: Callable[[str], None] | None = None):
        self.client = client  # made by `make_x_client`: answers are raw `requests` responses
        self.store = store
        self.user_id = user_id
        self.user_auth = user_auth
        self.username = username  # the brand's X handle: how a bearer token alone finds the account
        self.warn = warn  # told when mentions may have been missed (the inbox channel)

    def own_id(self) -> str:
        if not self.user_id:
            if self.user_auth:
                response = self.client.get_me(user_auth=True)
            elif self.username:
                response = self.client.get_user(username=self.username)
            else:
                raise ValueError("with X_BEARER_TOKEN alone X can't say whose mentions to read: put the brand's X handle in OWN_HANDLES")
            self.user_id = _snowflake(((loads(decode(response.content)) or {}).get("data") or {}).get("id"))
            if not self.user_id:
                raise ValueError(f"X did not say which account {'these keys belong to (GET /2/users/me)' if self.user_auth else f'@{self.username} is'}")
        return self.user_id

    def fetch(self) -> list[Item]:
        """Every mention newer than the stored `since_id`, oldest first, each mapped or refused."""
        own = self.own_id()
        since_id = self.store.get_cursor(CURSOR)
        if since_id and (not _snowflake(since_id) or beyond_now(snowflake_time(since_id), "cursor")):
            log.warning("the stored X cursor %s is not a mention id of the past; reading the newest mentions", since_id[:24])
            since_id = None
        mentions: dict[str, Item] = {}
        broken: list[Item] = []
        token = None
        fetched = 0
        for _ in range(MAX_PAGES):
            response = self.client.get_users_mentions(
                id=own,
                since_id=since_id,
                max_results=PAGE_SIZE,
                pagination_token=token,
                expansions=["author_id", "referenced_tweets.id"],
                tweet_fields=["created_at", "conversation_id", "in_reply_to_user_id", "author_id", "referenced_tweets"],
                user_fields=["username", "name", "public_metrics"],
                user_auth=self.user_auth,
            )
            tweets, users, token, referred = _page(response.content)
            fetched += len(tweets)
            for raw, tweet in tweets:
                tweet_id = _snowflake(tweet.get("id")) if isinstance(tweet, dict) else _raw_id(raw)
                ahead = beyond_now(snowflake_time(tweet_id), "id's time") if tweet_id else ""
                if ahead:
                    broken.append(Item(raw, reason=f"mention {tweet_id}: {ahead}"))
                    continue
                mention = read_item(raw, tweet_id, lambda: mention_post(tweet, users, referred), own)  # noqa: B023 - called at once
                if isinstance(tweet, dict) and _snowflake(tweet.get("author_id")) == own:
                    mention = Item(raw, post=mention.post, item_id=tweet_id, own=True)  # ours even when it can't be read
                if tweet_id:
                    mentions[tweet_id] = mention
                else:
                    broken.append(mention)
            if not token:
                break
        if since_id and (token or fetched >= PAGE_SIZE * MAX_PAGES):
            # Paged back as far as X serves without (as far as we can tell) reaching the cursor.
            self._gap(gap_warning(since_id, fetched))
        return broken + sorted(mentions.values(), key=lambda mention: int(mention.item_id))

    def _gap(self, message: str) -> None:
        log.warning(message)
        if self.warn is not None:
            try:
                self.warn(message)
            except Exception:  # noqa: BLE001 - the warning is in the log; polling goes on
                log.exception("could not post the missed-mentions warning to Slack")

    def poll(self, intake: Intake) -> int:
        """Fetch; store each mention or keep it as rejected; draft what is waiting; then advance
        `since_id` past every mention seen. Returns how many mentions came (the bot's own aside)."""
        mentions = self.fetch()
        count = take(intake, mentions, source=SOURCE, where="mentions page")
        newest = max((int(m.item_id) for m in mentions if m.item_id), default=0)
        if newest:
            self.store.set_cursor(CURSOR, str(newest))
        return count

    def run(self, intake: Intake, stop: threading.Event, interval: float, duty: Duty | None = None) -> None:
        """Poll until `stop` is set, backing off on rate limits and errors (bounded, never spinning)."""
        import tweepy

        def rate_limited(exc: Exception) -> float | None:
            return _reset_wait(exc.response, fallback=interval * 2) if isinstance(exc, tweepy.TooManyRequests) else None

        poll_forever("X", lambda: self.poll(intake), stop, interval, rate_limited, duty=duty)


def _reset_wait(response: Any, fallback: float) -> float:
    """Seconds until X's `x-rate-limit-reset`, bounded to 1-15 minutes; `fallback` without the header."""
    reset = getattr(response, "headers", {}).get("x-rate-limit-reset")
    if not reset:
        return fallback
    try:
        return max(1.0, min(900.0, float(reset) - time.time() + 1))
    except ValueError:
        return fallback
