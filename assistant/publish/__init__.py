"""Writers that post approved replies: X through tweepy, or the outbox (dry run) when X isn't configured."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from assistant.drafting.checks import thread_parts
from assistant.errors import PublishError


@dataclass(frozen=True)
class PublishResult:
    status: str  # "posted" or "dry_run"
    external_id: str
    detail: str = ""


class Publisher(Protocol):
    name: str
    dry_run: bool

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult: ...

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult: ...


class Outbox:
    """Dry run: approved replies are appended to `outbox.jsonl` instead of being posted."""

    name = "outbox"
    dry_run = True

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult:
        record: dict[str, object] = {"ticket_id": ticket_id, "kind": "reply", "platform": platform, "in_reply_to_id": in_reply_to_id, "text": text}
        parts = thread_parts(text)
        if len(parts) > 1:
            record["thread"] = parts
        self._write(record)
        return PublishResult("dry_run", f"outbox-{ticket_id}-{in_reply_to_id}", f"written to {self.path}")

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult:
        self._write({"ticket_id": ticket_id, "kind": "dm", "platform": platform, "recipient_id": recipient_id, "text": text})
        return PublishResult("dry_run", f"outbox-dm-{ticket_id}", f"DM written to {self.path}")

    def _write(self, record: dict[str, object]) -> None:
        record["at"] = datetime.now(timezone.utc).isoformat()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


class XReplies:
    """Posts replies on X with `create_tweet(in_reply_to_tweet_id=...)`."""

    name = "x"
    dry_run = False

    def __init__(self, client: Any):
        self.client = client

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult:
        posted: list[str] = []
        parent = in_reply_to_id
        for part in thread_parts(text):
            # Each part of a thread answers the one before it, so they read in order under the post.
            try:
                posted.append(self._tweet(part, parent))
            except PublishError as exc:
                if posted:
                    raise PublishError(f"{exc} (after {len(posted)} part(s) of the thread were posted)", maybe_posted=True) from None
                raise
            parent = posted[-1]
        return PublishResult("posted", posted[0], " ".join(f"https://x.com/i/web/status/{i}" for i in posted))

    def _tweet(self, text: str, in_reply_to_id: str) -> str:
        import requests
        import tweepy

        try:
            response = self.client.create_tweet(text=text, in_reply_to_tweet_id=in_reply_to_id, user_auth=True)
        except tweepy.Forbidden as exc:
            # X answers 403 to duplicate content: the same reply may already be live. Never retry blindly.
            duplicate = "duplicate" in str(exc).lower()
            raise PublishError(f"X refused the reply (403): {_first_line(exc)}", maybe_posted=duplicate) from None
        except tweepy.TooManyRequests:
            raise PublishError("X rate limit reached (429); try again in a few minutes.") from None
        except tweepy.HTTPException as exc:
            raise PublishError(f"X rejected the reply: {_first_line(exc)}", maybe_posted=exc.response.status_code >= 500) from None
        except requests.RequestException as exc:
            # A timeout after sending may mean the tweet exists: a human must check before a retry.
            raise PublishError(f"No answer from X ({type(exc).__name__}); check X before retrying.", maybe_posted=True) from None
        posted = _data(response).get("id")
        if not isinstance(posted, str) or not posted.isdigit():
            raise PublishError("X answered without the new post's id; it may have been posted. Check X before retrying.", maybe_posted=True)
        return posted

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult:
        """A direct message on X to the customer who posted (needs their user id)."""
        import requests
        import tweepy

        if not recipient_id:
            raise PublishError("The post has no X user id to send a DM to; send it by hand.")
        try:
            response = self.client.create_direct_message(participant_id=recipient_id, text=text, user_auth=True)
        except tweepy.HTTPException as exc:
            raise PublishError(f"X refused the DM: {_first_line(exc)}", maybe_posted=exc.response.status_code >= 500) from None
        except requests.RequestException as exc:
            raise PublishError(f"No answer from X for the DM ({type(exc).__name__}); check X before resending.", maybe_posted=True) from None
        event_id = _data(response).get("dm_event_id")
        if not isinstance(event_id, str) or not event_id:
            raise PublishError("X answered without the DM's id; it may have been sent. Check X before resending.", maybe_posted=True)
        return PublishResult("posted", event_id, "DM sent on X")


class PublisherRouter:
    """Picks the live writer for a post's platform, or the outbox when that platform has none."""

    def __init__(self, outbox: Outbox, live: dict[str, Publisher] | None = None):
        self.outbox = outbox
        self.live = live or {}

    def for_platform(self, platform: str) -> Publisher:
        return self.live.get(platform, self.outbox)

    def describe(self) -> str:
        live = ", ".join(sorted(self.live)) or "none"
        return f"live platforms: {live}; everything else goes to the outbox at {self.outbox.path}"


def _data(response: Any) -> dict[str, Any]:
    """The `data` object of an X answer (a raw `requests` response), {} when there is none."""
    from assistant.sources.items import decode, loads

    try:
        document = loads(decode(response.content))
    except (ValueError, AttributeError):
        return {}
    data = document.get("data") if isinstance(document, dict) else None
    return data if isinstance(data, dict) else {}


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
