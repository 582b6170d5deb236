"""A fake Mastodon server on loopback, answering what Mastodon.py asks the way Mastodon does.

Notifications page by `min_id` (the page just after it, newest first) with `Link` headers; a
status posted with an `Idempotency-Key` already seen returns the first one instead of a second
post; `fail` scripts answers (429 with `X-RateLimit-Reset`, 500, a timeout) for the next calls.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fakes.http import LoopbackServer, json_response

OWN = {
    "id": "1",
    "username": "NimbusHome",
    "acct": "NimbusHome",
    "display_name": "Nimbus Home",
    "followers_count": 5400,
    "url": "https://mastodon.test/@NimbusHome",
}


def account(number: int, acct: str = "", followers: int = 12) -> dict[str, Any]:
    acct = acct or f"customer{number}@fosstodon.org"
    return {
        "id": str(100 + number),
        "username": acct.split("@")[0],
        "acct": acct,
        "display_name": f"Customer {number}",
        "followers_count": followers,
        "url": f"https://fosstodon.org/@{acct.split('@')[0]}",
    }


def status(
    status_id: str,
    content: str,
    author: dict[str, Any],
    *,
    visibility: str = "public",
    reply_to: str | None = None,
    spoiler: str = "",
    created_at: str = "",
) -> dict[str, Any]:
    """A status as Mastodon returns it, written just now unless `created_at` says otherwise."""
    return {
        "id": status_id,
        "created_at": created_at or datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "in_reply_to_id": reply_to,
        "visibility": visibility,
        "spoiler_text": spoiler,
        "content": content,
        "url": f"https://fosstodon.org/@{author['username']}/{status_id}",
        "account": author,
        "mentions": [{"id": OWN["id"], "acct": OWN["acct"], "username": OWN["username"], "url": OWN["url"]}],
    }


def mention(notification_id: int, post: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(notification_id), "type": "mention", "created_at": post["created_at"], "account": post["account"], "status": post}


class FakeMastodon:
    def __init__(self, max_characters: int = 500):
        self.max_characters = max_characters
        self.notifications: list[dict[str, Any]] = []  # any JSON; ordered by id
        self.statuses: dict[str, dict[str, Any]] = {}
        self.posted: list[dict[str, Any]] = []  # every status created, with its visibility and reply
        self.requests: list[tuple[str, str]] = []
        self.polled_at: list[float] = []  # time.monotonic() of each notifications page asked for
        self.post_delay = 0.0  # seconds a status takes to be created (a slow platform mid-send)
        self.hold = threading.Event()  # cleared: a status is created only once the test sets it (or after post_delay)
        self.hold.set()
        self.waiting = threading.Event()  # set while a status creation is being held
        self.fail: list[tuple[int, dict[str, str], bytes] | str] = []  # scripted answers for the next calls
        self._keys: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._next = 9000
        self.server = LoopbackServer(self._handle)

    @property
    def url(self) -> str:
        return self.server.url

    def close(self) -> None:
        self.server.close()

    def add(self, notification: dict[str, Any]) -> None:
        self.notifications.append(notification)
        item = notification.get("status") if isinstance(notification, dict) else None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            self.statuses[item["id"]] = item

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        url = urlparse(path)
        query = parse_qs(url.query)
        url = url._replace(path=url.path.rstrip("/") or "/")  # Rails routes /api/v2/instance/ like /api/v2/instance
        with self._lock:
            self.requests.append((method, path))
            scripted = self.fail.pop(0) if self.fail else None
        if scripted == "timeout":
            time.sleep(3)
        elif scripted is not None:
            return scripted  # type: ignore[return-value]
        if headers.get("Authorization") != "Bearer token-1":
            return json_response({"error": "The access token is invalid"}, 401)
        if url.path == "/api/v2/instance":
            return json_response({"domain": "mastodon.test", "version": "4.3.0", "configuration": {"statuses": {"max_characters": self.max_characters}}})
        if url.path == "/api/v1/accounts/verify_credentials":
            return json_response(OWN)
        if url.path.startswith("/api/v1/accounts/"):
            wanted = url.path.rsplit("/", 1)[-1]
            found = next(
                (n["account"] for n in self.notifications if isinstance(n, dict) and isinstance(n.get("account"), dict) and n["account"].get("id") == wanted),
                None,
            )
            return json_response(found) if found else json_response({"error": "Record not found"}, 404)
        if url.path == "/api/v1/notifications" and method == "GET":
            with self._lock:
                self.polled_at.append(time.monotonic())
            return self._page(query)
        if url.path.startswith("/api/v1/statuses/") and method == "GET":
            found = self.statuses.get(url.path.rsplit("/", 1)[-1])
            return json_response(found) if found else json_response({"error": "Record not found"}, 404)
        if url.path == "/api/v1/statuses" and method == "POST":
            return self._post(headers, body)
        return json_response({"error": f"no such endpoint {method} {url.path}"}, 404)

    def _page(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        limit = min(int(query.get("limit", ["40"])[0]), 80)
        types = query.get("types[]") or query.get("types")

        def number(item: Any) -> int:
            try:
                return int(item["id"])
            except (TypeError, KeyError, ValueError):
                return -1

        items = [n for n in self.notifications if number(n) >= 0 and (not types or not isinstance(n, dict) or n.get("type") in types)]
        items.sort(key=number)
        if "min_id" in query:
            start = int(query["min_id"][0])
            page = [n for n in items if number(n) > start][:limit]
        else:
            page = items[-limit:]
        page = list(reversed(page))  # newest first, as Mastodon answers
        headers = {}
        if page:
            newest, oldest = number(page[0]), number(page[-1])
            headers["Link"] = f'<{self.url}/api/v1/notifications?max_id={oldest}>; rel="next", <{self.url}/api/v1/notifications?min_id={newest}>; rel="prev"'
        return 200, {"Content-Type": "application/json", **headers}, json.dumps(page).encode()

    def _post(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if not self.hold.is_set():
            self.waiting.set()
            self.hold.wait(self.post_delay or None)
            self.waiting.clear()
        elif self.post_delay:
            time.sleep(self.post_delay)
        content_type = headers.get("Content-Type", "")
        fields: dict[str, Any] = json.loads(body) if "json" in content_type else {k: v[0] for k, v in parse_qs(body.decode()).items()}
        text = str(fields.get("status", ""))
        if len(text) > self.max_characters + 200:  # loose: the real rule counts links as 23
            return json_response({"error": "Validation failed: Text character limit of 500 exceeded"}, 422)
        key = headers.get("Idempotency-Key", "")
        with self._lock:
            if key and key in self._keys:
                return json_response(self._keys[key])
            self._next += 1
            created = {
                "id": str(self._next),
                "created_at": datetime.now(UTC).isoformat(),
                "in_reply_to_id": fields.get("in_reply_to_id"),
                "visibility": fields.get("visibility") or "public",
                "content": f"<p>{text}</p>",
                "url": f"https://mastodon.test/@NimbusHome/{self._next}",
                "account": OWN,
                "mentions": [],
            }
            self.statuses[created["id"]] = created
            self.posted.append({**created, "text": text})
            if key:
                self._keys[key] = created
        return json_response(created)


def rate_limited(seconds: float) -> tuple[int, dict[str, str], bytes]:
    reset = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return json_response({"error": "Too many requests"}, 429, {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
