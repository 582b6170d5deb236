"""A fake Bluesky PDS and chat service on loopback, answering what the `atproto` SDK asks.

App-password sessions (a JWT the SDK can read), notifications newest first with an opaque
cursor, profiles, posts by URI, `createRecord` (refusing a post over 300 graphemes, as the real
lexicon does), and the chat service behind the `atproto-proxy` header, which refuses an app
password made without direct-message access. `fail` scripts answers for the next calls.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

from assistant.text.measure import graphemes
from tests.fakes.http import LoopbackServer, json_response

OWN_DID = "did:plc:nimbushome0000000000000"
OWN_HANDLE = "nimbushome.bsky.social"
PASSWORD = "abcd-efgh-ijkl-mnop"


def _jwt(did: str, scope: str) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    return f"{part({'alg': 'ES256K', 'typ': 'at+jwt'})}.{part({'scope': scope, 'sub': did, 'iat': now, 'exp': now + 7200, 'aud': 'did:web:pds.test'})}.c2ln"


def author(number: int, followers: int = 30) -> dict[str, Any]:
    return {
        "did": f"did:plc:customer{number:020d}",
        "handle": f"customer{number}.bsky.social",
        "displayName": f"Customer {number}",
        "followersCount": followers,
    }


def post_uri(who: dict[str, Any], rkey: str) -> str:
    return f"at://{who['did']}/app.bsky.feed.post/{rkey}"


def notification(rkey: str, text: str, who: dict[str, Any], *, reason: str = "mention", reply: dict[str, Any] | None = None, minute: int = 0) -> dict[str, Any]:
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text, "createdAt": f"2026-11-26T09:{minute:02d}:00.000Z", "langs": ["en"]}
    if reply:
        record["reply"] = reply
    return {
        "uri": post_uri(who, rkey),
        "cid": f"bafyrei{rkey.lower():a<52}"[:59],
        "author": {k: who[k] for k in ("did", "handle", "displayName")},
        "reason": reason,
        "record": record,
        "isRead": False,
        "indexedAt": f"2026-11-26T09:{minute:02d}:01.000Z",
    }


class FakeBluesky:
    def __init__(self, *, chat_allowed: bool = True):
        self.chat_allowed = chat_allowed
        self.notifications: list[Any] = []  # oldest first; served newest first
        self.profiles: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}  # uri -> post view
        self.created: list[dict[str, Any]] = []  # every record created
        self.messages: list[dict[str, Any]] = []  # every chat message sent
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.fail: list[tuple[int, dict[str, str], bytes] | str] = []
        self._lock = threading.Lock()
        self._token = _jwt(OWN_DID, "com.atproto.appPassPrivileged" if chat_allowed else "com.atproto.appPass")
        self.server = LoopbackServer(self._handle)

    @property
    def url(self) -> str:
        return self.server.url

    def close(self) -> None:
        self.server.close()

    def add(self, item: dict[str, Any], followers: int | None = None) -> None:
        self.notifications.append(item)
        if isinstance(item, dict) and isinstance(item.get("author"), dict) and isinstance(item.get("uri"), str):
            who = item["author"]
            if followers is not None or who.get("did", "") not in self.profiles:
                self.profiles[who.get("did", "")] = {**who, "followersCount": followers if followers is not None else 30}
            self.posts[item["uri"]] = {
                "uri": item["uri"],
                "cid": item.get("cid"),
                "author": who,
                "record": item.get("record"),
                "indexedAt": item.get("indexedAt"),
            }

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        url = urlparse(path)
        query = parse_qs(url.query)
        nsid = url.path.removeprefix("/xrpc/")
        with self._lock:
            self.requests.append((method, nsid, {k.lower(): v for k, v in headers.items()}))
            scripted = self.fail.pop(0) if self.fail and nsid != "com.atproto.server.createSession" else None
        if scripted == "timeout":
            time.sleep(3)
        elif scripted is not None:
            return scripted  # type: ignore[return-value]
        if nsid == "com.atproto.server.createSession":
            fields = json.loads(body)
            if fields.get("password") != PASSWORD or fields.get("identifier") not in (OWN_HANDLE, OWN_DID):
                return json_response({"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, 401)
            return json_response(
                {"did": OWN_DID, "handle": OWN_HANDLE, "accessJwt": self._token, "refreshJwt": _jwt(OWN_DID, "com.atproto.refresh"), "active": True}
            )
        if headers.get("Authorization") != f"Bearer {self._token}":
            return json_response({"error": "InvalidToken", "message": "Token could not be verified"}, 400)
        if headers.get("atproto-proxy", "").startswith("did:web:api.bsky.chat"):
            return self._chat(nsid, query, body)
        if nsid == "app.bsky.actor.getProfile":
            actor = query["actor"][0]
            if actor in (OWN_HANDLE, OWN_DID):
                return json_response({"did": OWN_DID, "handle": OWN_HANDLE, "displayName": "Nimbus Home", "followersCount": 9000})
            found = self.profiles.get(actor)
            return json_response(found) if found else json_response({"error": "InvalidRequest", "message": "Profile not found"}, 400)
        if nsid == "app.bsky.actor.getProfiles":
            return json_response({"profiles": [self.profiles[a] for a in query.get("actors", []) if a in self.profiles]})
        if nsid == "app.bsky.notification.listNotifications":
            return self._notifications(query)
        if nsid == "app.bsky.feed.getPosts":
            return json_response({"posts": [self.posts[u] for u in query.get("uris", []) if u in self.posts]})
        if nsid == "com.atproto.repo.createRecord":
            return self._create(json.loads(body))
        return json_response({"error": "MethodNotImplemented", "message": f"no {nsid}"}, 501)

    def _notifications(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        limit = int(query.get("limit", ["50"])[0])
        reasons = query.get("reasons") or []
        items = [n for n in reversed(self.notifications) if not reasons or not isinstance(n, dict) or n.get("reason") in reasons]
        start = int(query.get("cursor", ["0"])[0])
        page = items[start : start + limit]
        answer: dict[str, Any] = {"notifications": page}
        if start + limit < len(items):
            answer["cursor"] = str(start + limit)
        return json_response(answer)

    def _create(self, fields: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        record = fields.get("record") or {}
        if graphemes(record.get("text", "")) > 300:
            return json_response(
                {"error": "InvalidRequest", "message": "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes"}, 400
            )
        with self._lock:
            rkey = f"3lreply{len(self.created):06d}"
            uri = f"at://{fields.get('repo')}/app.bsky.feed.post/{rkey}"
            cid = f"bafyreireply{len(self.created):048d}"
            self.created.append({"uri": uri, "cid": cid, "repo": fields.get("repo"), "record": record})
            self.posts[uri] = {"uri": uri, "cid": cid, "author": {"did": OWN_DID, "handle": OWN_HANDLE}, "record": record, "indexedAt": record.get("createdAt")}
        return json_response({"uri": uri, "cid": cid, "commit": {"cid": cid, "rev": "3lrev"}})

    def _chat(self, nsid: str, query: dict[str, list[str]], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if not self.chat_allowed:
            return json_response({"error": "InvalidToken", "message": "Bad token scope"}, 400)
        if nsid == "chat.bsky.convo.getConvoForMembers":
            members = [{"did": did, "handle": self.profiles.get(did, {}).get("handle", OWN_HANDLE)} for did in query.get("members", [])]
            return json_response(
                {"convo": {"id": "convo-" + "-".join(m["did"][-4:] for m in members), "rev": "1", "members": members, "muted": False, "unreadCount": 0}}
            )
        if nsid == "chat.bsky.convo.sendMessage":
            fields = json.loads(body)
            with self._lock:
                self.messages.append(fields)
            return json_response(
                {
                    "id": f"msg{len(self.messages)}",
                    "rev": "2",
                    "text": fields["message"]["text"],
                    "sender": {"did": OWN_DID},
                    "sentAt": "2026-11-26T09:30:00.000Z",
                }
            )
        return json_response({"error": "MethodNotImplemented", "message": f"no {nsid}"}, 501)


def rate_limited(seconds: float) -> tuple[int, dict[str, str], bytes]:
    return json_response(
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        429,
        {"ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": str(int(time.time() + seconds))},
    )
