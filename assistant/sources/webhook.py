"""The signed webhook: posts from anywhere we don't poll ourselves (Meta's networks, review sites,
app stores), forwarded by an automation tool as `POST /webhooks/posts`.

The body is one post in the replay format (see `sources.replay`), with `platform` required:
    {"platform": "facebook", "id": "1234", "author": "sam", "text": "where is my order?",
     "followers": 120, "url": "...", "in_reply_to_id": "...", "conversation_id": "...", "created_at": "...",
     "callback_url": "https://hooks.example.com/replies"}
Each sending source has its own secret (WEBHOOK_SECRETS="zapier=…,reviews=…") and signs every
request:
    X-Source: zapier
    X-Signature-Timestamp: <unix seconds>
    X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the source's secret>
A timestamp more than five minutes away is refused, so a captured request can't be replayed later.
The answer is 202 once the post is stored (drafting follows); the same (platform, id) again
changes nothing. An approved reply to a post with a `callback_url` is POSTed there, signed the
same way with the sender's secret (see `publish.webhook`); without one it goes to the outbox. A
`callback_url` must name a host the sender is allowed (WEBHOOK_CALLBACK_HOSTS, see `outbound`): any
other is refused with 400 when the post arrives, before anything is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from http import HTTPStatus
from typing import Any

from assistant.outbound import CallbackRefused, Outbound
from assistant.privacy import masked_text
from assistant.serving import StoppableServer
from assistant.sources.replay import parse_line

log = logging.getLogger(__name__)

PATH = "/webhooks/posts"
WINDOW_SECONDS = 300
MAX_BODY = 64_000  # bytes; a post is at most 25,000 characters
SOURCE_HEADER = "X-Source"
TIMESTAMP_HEADER = "X-Signature-Timestamp"
SIGNATURE_HEADER = "X-Signature"
Response = tuple[int, dict[str, str], bytes]


class Refused(Exception):
    """A request we won't take, with the HTTP status and the reason the sender sees."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Signature value for `body` sent at `timestamp` (unix seconds, as text)."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secrets: dict[str, str], headers: dict[str, str], body: bytes, now: float) -> str:
    """The sending source's name, if the request is signed by its secret within the window."""
    lower = {key.lower(): value for key, value in headers.items()}
    source = lower.get(SOURCE_HEADER.lower(), "")
    secret = secrets.get(source)
    if not secret:
        raise Refused(401, f"unknown source {source[:40]!r}: send {SOURCE_HEADER} with a name set in WEBHOOK_SECRETS")
    stamp = lower.get(TIMESTAMP_HEADER.lower(), "")
    if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        raise Refused(401, f"{TIMESTAMP_HEADER} must be the time of sending in unix seconds")
    if abs(now - int(stamp)) > WINDOW_SECONDS:
        raise Refused(401, f"{TIMESTAMP_HEADER} is more than {WINDOW_SECONDS // 60} minutes from now: sign each request when you send it")
    given = lower.get(SIGNATURE_HEADER.lower(), "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), sign(secret, stamp, body).encode()):
        raise Refused(401, f"{SIGNATURE_HEADER} does not match: sha256=<hex HMAC-SHA256 of '<timestamp>.<body>' with {source}'s secret>")
    return source


def parse(body: bytes) -> Any:
    """The post in the body; Refused(400) saying what is wrong with it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the body is not UTF-8") from None
    try:
        post = parse_line(text, default_platform=None)
    except ValueError as exc:
        raise Refused(400, masked_text(str(exc))) from None
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,31}", post.platform):
        raise Refused(400, f"'platform' {post.platform[:40]!r} must be a short name in lowercase letters, digits, '.', '-' or '_' (like facebook)")
    return post


class Webhook:
    """Takes signed posts into the pipeline: stored before the answer, drafted after it, in order."""

    def __init__(self, secrets: dict[str, str], pipeline: Any, *, outbound: Outbound | None = None, clock: Callable[[], float] = time.time):
        self.secrets = secrets
        self.pipeline = pipeline
        self.outbound = outbound or Outbound()  # which callback hosts each sender may name
        self.clock = clock
        self.drafting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="webhook-drafts")

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Response:
        if path.split("?", 1)[0] != PATH:
            return _answer(404, {"error": f"not found: post to {PATH}"})
        if method != "POST":
            return _answer(405, {"error": f"use POST {PATH}"}, {"Allow": "POST"})
        if not _is_json(headers):
            return _answer(415, {"error": "send the post as JSON, with Content-Type: application/json"})
        if len(body) > MAX_BODY:
            return _answer(413, {"error": f"the body is over {MAX_BODY:,} bytes"})
        try:
            source = verify(self.secrets, headers, body, self.clock())
        except Refused as exc:
            log.warning("webhook request refused: %s", exc.message)
            return _answer(exc.status, {"error": exc.message})
        name = f"webhook:{source}"
        try:
            post = parse(body)
        except Refused as exc:
            # Signed, so it came from the source: kept as a rejected item for `social-reply rejected`.
            self.pipeline.reject(name, exc.message, body.decode("utf-8", "replace"), where=PATH)
            return _answer(exc.status, {"error": exc.message})
        if post.reply_url:  # the reply goes back to this sender, signed with its secret, if it may go there
            try:
                self.outbound.check(post.reply_url, source)
            except CallbackRefused as exc:
                message = f"'callback_url' refused: {exc}"
                if "WEBHOOK_CALLBACK_HOSTS" not in message:
                    message += f" (callbacks go only to the hosts WEBHOOK_CALLBACK_HOSTS allows {source})"
                self.pipeline.reject(name, message, body.decode("utf-8", "replace"), where=PATH)
                return _answer(400, {"error": message})
            post = replace(post, reply_source=source)
        ingested, follow_up = self.pipeline.store_post(post, source=name, raw=body.decode("utf-8"))
        if ingested.ticket_id is None and ingested.rejected:
            return _answer(400, {"error": ingested.rejected})
        self.drafting.submit(self._safely, follow_up)
        return _answer(202, {"ticket": ingested.ticket_id, "status": ingested.how})

    def _safely(self, follow_up: Callable[[], None]) -> None:
        try:
            follow_up()
        except Exception:  # noqa: BLE001 - stored; drafted again by draft_pending or on resume
            log.exception("drafting after a webhook post failed")

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """The same as `handle`, as a WSGI app (served by waitress in `run`)."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            status, headers, payload = _answer(413 if length > MAX_BODY else 400, {"error": f"send a Content-Length of at most {MAX_BODY:,} bytes"})
        else:
            request_headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")}
            request_headers["Content-Type"] = environ.get("CONTENT_TYPE", "")
            # Only a JSON body is read; any other is refused (415) unread.
            body = environ["wsgi.input"].read(length) if length and _is_json(request_headers) else b""
            status, headers, payload = self.handle(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""), request_headers, body)
        start_response(f"{status} {HTTPStatus(status).phrase}", [*headers.items(), ("Content-Length", str(len(payload)))])
        return [payload]

    def close(self) -> None:
        self.drafting.shutdown(wait=True)


def _is_json(headers: dict[str, str]) -> bool:
    """True when the request says its body is JSON (`application/json`, any parameters)."""
    kind = next((value for key, value in headers.items() if key.lower() == "content-type"), "")
    return kind.split(";", 1)[0].strip().lower() == "application/json"


def _answer(status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode()


def webhook_server(webhook: Webhook, host: str, port: int) -> Any:
    """The webhook on waitress (`run()` serves, `close()` stops). waitress refuses a longer body
    itself (413) before buffering it; it refuses at its limit, not above."""
    return StoppableServer(webhook.wsgi, host, port, setting="WEBHOOK_PORT", threads=4, max_request_body_size=MAX_BODY + 1)
