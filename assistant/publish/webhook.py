"""Replies to a webhook sender's callback URL: how an approved reply reaches a network we can't post on.

Each approved reply is POSTed as JSON to the `callback_url` the post came with:
    {"reply_id": "...", "ticket": 12, "platform": "facebook", "in_reply_to_id": "1234",
     "kind": "reply", "text": "...", "thread": ["part 1", "part 2"]}      (thread: only when several)
signed as the sender signs to us, with its own secret: X-Source, X-Signature-Timestamp and
X-Signature (sha256=HMAC of "<timestamp>.<body>"). The same reply always has the same `reply_id`,
also sent as Idempotency-Key, so a receiver keeps one copy however often it arrives.

Delivery is retried with backoff (1 s, then 4 s) when nothing answered, the answer was lost, or the
receiver said 429 or 5xx; a 2xx ends it, and any other answer (a redirect included: none is
followed) is a refusal (not retried). When every attempt failed and one of them may have reached the
receiver, the desk marks the reply "maybe sent" and never resends it by itself.

The URL is checked again when the reply is sent (`outbound`): the sender must still be allowed that
host, and the connection goes only to a public address the name resolved to.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from assistant.errors import PublishError
from assistant.outbound import CallbackRefused, NoAnswer, NotSent, Outbound
from assistant.publish import PublishResult
from assistant.retrying import attempts
from assistant.sources.webhook import (
    SIGNATURE_HEADER,
    SOURCE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)
from assistant.text.measure import thread_parts

log = logging.getLogger(__name__)
BACKOFF = (1.0, 4.0)  # seconds before the second and third attempts
TIMEOUT = 10.0  # seconds per attempt
USER_AGENT = "social-reply-assistant"


def reply_id(ticket_id: int, in_reply_to_id: str, kind: str, text: str) -> str:
    """The same reply always gets the same id: what a receiver deduplicates on."""
    digest = hashlib.sha256(f"{kind}\n{in_reply_to_id}\n{text}".encode()).hexdigest()[:16]
    return f"ticket-{ticket_id}-{kind}-{digest}"


class CallbackReplies:
    """Posts one post's approved reply to its sender's callback URL (a `Publisher`)."""

    dry_run = False

    def __init__(
        self,
        url: str,
        source: str,
        secret: str,
        outbound: Outbound,
        *,
        backoff: tuple[float, ...] = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = TIMEOUT,
    ):
        self.url = url
        self.source = source
        self.secret = secret
        self.outbound = outbound
        self.backoff = backoff
        self.sleep = sleep
        self.timeout = timeout
        self.name = f"callback:{source}"

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult:
        return self._deliver(ticket_id, platform, in_reply_to_id, "reply", text)

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult:
        return self._deliver(ticket_id, platform, recipient_id, "dm", text)

    def _deliver(self, ticket_id: int, platform: str, in_reply_to_id: str, kind: str, text: str) -> PublishResult:
        key = reply_id(ticket_id, in_reply_to_id, kind, text)
        record: dict[str, Any] = {"reply_id": key, "ticket": ticket_id, "platform": platform, "in_reply_to_id": in_reply_to_id, "kind": kind, "text": text}
        parts = thread_parts(text)
        if kind == "reply" and len(parts) > 1:
            record["thread"] = parts
        body = json.dumps(record, ensure_ascii=False).encode()
        maybe_reached = False
        last = ""
        for _attempt in attempts(self.backoff, self.sleep):
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Idempotency-Key": key,
                SOURCE_HEADER: self.source,
                TIMESTAMP_HEADER: stamp,
                SIGNATURE_HEADER: sign(self.secret, stamp, body),
            }
            try:
                answer = self.outbound.post(self.url, self.source, body, headers, self.timeout)
            except CallbackRefused as exc:  # not allowed (any more): nothing was sent, and nothing will be
                raise PublishError(f"{self.source}'s callback URL is not allowed: {exc}") from None
            except NotSent as exc:  # refused or unreachable: nothing was received
                last = str(exc)
                continue
            except NoAnswer as exc:  # sent, then a timeout or a reset: it may have arrived
                maybe_reached = True
                last = str(exc)
                continue
            if 200 <= answer.status < 300:
                return PublishResult("posted", _given_id(answer.body) or key, f"delivered to {self.source}'s callback (HTTP {answer.status})")
            if answer.status == 429 or answer.status >= 500:
                maybe_reached = maybe_reached or answer.status >= 500
                last = f"HTTP {answer.status}"
                continue
            said = answer.body.decode("utf-8", "replace").strip()[:200]
            raise PublishError(f"{self.source}'s callback refused the {kind} (HTTP {answer.status}): {said}")
        tries = len(self.backoff) + 1
        message = f"{self.source}'s callback did not take the {kind} after {tries} attempts (last: {last})"
        if maybe_reached:
            message += f"; it may have arrived: check with {self.source} before retrying"
        log.warning("%s", message)
        raise PublishError(message, maybe_posted=maybe_reached)


def _given_id(body: bytes) -> str:
    """The id the receiver gave the posted reply, if it answered {"id": "..."}."""
    try:
        document = json.loads(body)
    except ValueError:
        return ""
    given = document.get("id") if isinstance(document, dict) else None
    return str(given)[:128] if isinstance(given, (str, int)) and not isinstance(given, bool) else ""
