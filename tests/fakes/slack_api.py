"""A Slack Web API on loopback that answers like Slack (slowly, if asked) and refuses what Slack
refuses, and a client that sends the app signed Slack requests. `make bench` measures the real app
against them; the tests read every payload the app sent.

Refusals follow Slack's: a message over 50 blocks or with a block slack_sdk's models reject gets
`invalid_blocks`; a view over 100 blocks, or an input prefilled past its max_length, gets
`invalid_arguments`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

from tests.fakes.http import LoopbackServer, json_response

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_TEXT_CHARS = 40_000  # a message's top-level text


@dataclass
class SlackCall:
    method: str
    args: dict[str, Any]
    refused: str = ""  # the error Slack answered with, if any
    ts: str = ""  # the message it posted (chat.postMessage)


def blocks_problem(blocks: list[dict[str, Any]], limit: int) -> str:
    """Why Slack would refuse these blocks, or '' (slack_sdk's own validation plus the count and
    prefill limits it doesn't check)."""
    from slack_sdk.errors import SlackObjectFormationError
    from slack_sdk.models.blocks import Block

    if len(blocks) > limit:
        return f"{len(blocks)} blocks; at most {limit}"
    for number, raw in enumerate(blocks):
        try:
            parsed = Block.parse(raw)
            if parsed is None:
                return f"block {number} has an unknown type {raw.get('type')!r}"
            parsed.validate_json()
        except (SlackObjectFormationError, KeyError, TypeError, ValueError) as exc:
            return f"block {number}: {exc}"
        element = raw.get("element") or {}
        initial, most = element.get("initial_value"), element.get("max_length")
        if initial is not None and most is not None and len(initial) > most:
            return f"block {number}: initial_value of {len(initial)} characters is over max_length {most}"
        for item in raw.get("elements") or []:
            if isinstance(item, dict) and len(str(item.get("text", ""))) > 3000:
                return f"block {number}: a context element over 3000 characters"
    ids = [raw.get("block_id") for raw in blocks if raw.get("block_id")]
    if len(ids) != len(set(ids)):
        return "duplicate block_id"
    return ""


def _page(messages: list[dict[str, Any]], args: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    """One page of a conversations.* answer: `limit` messages from `cursor`, metadata only when asked for."""
    start = int(args.get("cursor") or 0)
    size = int(args.get("limit") or 100)
    full = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
    shown = [{k: v for k, v in m.items() if v is not None and (full or k != "metadata")} for m in messages[start : start + size]]
    more = start + size < len(messages)
    return json_response({"ok": True, "messages": shown, "has_more": more, "response_metadata": {"next_cursor": str(start + size) if more else ""}})


class FakeSlackAPI:
    """Records every call; `latency` seconds are added to each, as Slack's own 100–500 ms are."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.calls: list[SlackCall] = []
        self.refuse_next: dict[str, str] = {}  # method → error to answer once (a flaky Slack)
        self.hook: Any = None  # called with (method, args) before answering: "meanwhile, elsewhere…"
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel → messages posted, for conversations.replies
        self.uploads: dict[str, bytes] = {}  # file id → the bytes uploaded to its URL
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self.server = LoopbackServer(self._handle)
        self.url = self.server.url + "/api/"

    def _handle(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/upload/"):  # files_upload_v2's second step: the file's bytes to the URL it was given
            with self._lock:
                self.uploads[path.rsplit("/", 1)[-1]] = body
            return 200, {"Content-Type": "text/plain"}, b"OK - " + str(len(body)).encode()
        method = path.split("/api/", 1)[-1].split("?")[0] if "/api/" in path else "respond"  # a response_url
        content_type = headers.get("Content-Type", headers.get("content-type", ""))
        if "json" in content_type:
            args = json.loads(body or b"{}")
        else:
            args = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        if "?" in path:  # GET methods (conversations.replies) carry their arguments in the query
            args.update({key: values[0] for key, values in parse_qs(path.split("?", 1)[1]).items()})
        for key in ("blocks", "view", "metadata"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        if self.latency:
            time.sleep(self.latency)
        if self.hook is not None:
            self.hook(method, args)
        refused = self._refusal(method, args)
        with self._lock:
            if not refused and method in self.refuse_next:
                refused = self.refuse_next.pop(method)
            self.calls.append(SlackCall(method, args, refused))
            ts = f"{int(time.time())}.{next(self._ts):06d}"  # Slack's: its clock's seconds, unique in the channel
        if refused:
            return json_response({"ok": False, "error": refused.split(":")[0], "response_metadata": {"messages": [refused]}})
        if method == "auth.test":
            return json_response({"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "bot", "team": "Test"})
        if method == "chat.postMessage":
            message = {"type": "message", "ts": ts, "text": args.get("text"), "thread_ts": args.get("thread_ts") or ts, "metadata": args.get("metadata")}
            with self._lock:
                self.messages.setdefault(str(args.get("channel")), []).append(message)
                self.calls[-1].ts = ts
            return json_response({"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"text": args.get("text")}})
        if method == "chat.delete":  # the bot's own message, gone from the channel
            with self._lock:
                channel = self.messages.get(str(args.get("channel")), [])
                found = [m for m in channel if m["ts"] == args.get("ts")]
                for message in found:
                    channel.remove(message)
            if not found:
                return json_response({"ok": False, "error": "message_not_found"})
            return json_response({"ok": True, "channel": args.get("channel"), "ts": args.get("ts")})
        if method == "conversations.replies":
            # A thread's messages, oldest first, `limit` a page, metadata only when asked for.
            with self._lock:
                thread = [m for m in self.messages.get(str(args.get("channel")), []) if m["thread_ts"] == args.get("ts")]
            return _page(thread, args)
        if method == "conversations.history":
            # A channel's own messages (no thread replies), newest first, from `oldest` on.
            with self._lock:
                channel = [m for m in self.messages.get(str(args.get("channel")), []) if m["thread_ts"] == m["ts"]]
            oldest = float(args.get("oldest") or 0)
            newest = [m for m in reversed(channel) if float(m["ts"]) >= oldest]
            return _page(newest, args)
        if method == "conversations.open":  # a DM with one person
            return json_response({"ok": True, "channel": {"id": "D" + str(args.get("users", "")).split(",")[0][1:]}})
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts)}"
            return json_response({"ok": True, "file_id": file_id, "upload_url": f"{self.server.url}/upload/{file_id}"})
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return json_response({"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]})
        if method == "chat.update":
            return json_response({"ok": True, "channel": args.get("channel"), "ts": args.get("ts")})
        if method == "chat.getPermalink":
            return json_response(
                {"ok": True, "permalink": f"https://test.slack.com/archives/{args.get('channel')}/p{args.get('message_ts', '').replace('.', '')}"}
            )
        if method in ("views.open", "views.update", "views.publish"):
            return json_response({"ok": True, "view": {"id": args.get("view_id") or f"V{next(self._ts)}", **(args.get("view") or {})}})
        return json_response({"ok": True})

    @staticmethod
    def _refusal(method: str, args: dict[str, Any]) -> str:
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            if len(str(args.get("text") or "")) > MAX_TEXT_CHARS:
                return "msg_too_long"
            problem = blocks_problem(list(args.get("blocks") or []), MAX_MESSAGE_BLOCKS)
            return f"invalid_blocks: {problem}" if problem else ""
        if method in ("views.open", "views.update", "views.push", "views.publish"):
            view = args.get("view") or {}
            problem = blocks_problem(list(view.get("blocks") or []), MAX_VIEW_BLOCKS)
            if not problem and len(str(view.get("private_metadata") or "")) > 3000:
                problem = "private_metadata over 3000 characters"
            return f"invalid_arguments: {problem}" if problem else ""
        return ""

    def of(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [call.args for call in self.calls if call.method == method]

    def standing(self, channel: str) -> list[dict[str, Any]]:
        """The messages posted to `channel`'s top level that are still there (not deleted), as sent."""
        with self._lock:
            there = {m["ts"] for m in self.messages.get(channel, [])}
            return [
                call.args
                for call in self.calls
                if call.method == "chat.postMessage" and call.ts in there and not call.args.get("thread_ts") and call.args.get("channel") == channel
            ]

    def refused(self) -> list[SlackCall]:
        with self._lock:
            return [call for call in self.calls if call.refused]

    def close(self) -> None:
        self.server.close()


class SignedSlackClient:
    """Sends the app requests as Slack does: form-encoded, timestamped and signed with the secret."""

    def __init__(self, url: str, signing_secret: str):
        import requests
        from slack_sdk.signature import SignatureVerifier

        self.url = url
        self.verifier = SignatureVerifier(signing_secret)
        self.session = requests.Session()
        self.session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=128))

    def signed_headers(self, body: str, *, signature: str | None = None, timestamp: int | None = None) -> dict[str, str]:
        """The headers Slack sends with `body`: its timestamp and the signature over both."""
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        return {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature or self.verifier.generate_signature(timestamp=stamp, body=body),
        }

    def post(self, body: str, *, signature: str | None = None, timestamp: int | None = None, headers: dict[str, str] | None = None) -> Any:
        sent = {**self.signed_headers(body, signature=signature, timestamp=timestamp), **(headers or {})}
        return self.session.post(self.url, data=body.encode(), headers=sent, timeout=10)

    def payload(self, payload: dict[str, Any], **kw: Any) -> Any:
        return self.post(urlencode({"payload": json.dumps(payload)}), **kw)

    def click(self, action_id: str, value: str, *, user: str = "UAGENT1", channel: str = "CINBOX", ts: str = "", block_id: str = "actions") -> Any:
        return self.payload(self.click_body(action_id, value, user=user, channel=channel, ts=ts, block_id=block_id))

    @staticmethod
    def interaction(kind: str, user: str, trigger_id: str, **fields: Any) -> dict[str, Any]:
        """The envelope every interactive payload from Slack shares, around `fields`."""
        return {
            "type": kind,
            "team": {"id": "T1", "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": "T1"},
            "api_app_id": "A1",
            "token": "legacy",
            "trigger_id": trigger_id,
            **fields,
        }

    @classmethod
    def click_body(
        cls, action_id: str, value: str, *, user: str = "UAGENT1", channel: str = "CINBOX", ts: str = "", block_id: str = "actions"
    ) -> dict[str, Any]:
        return cls.interaction(
            "block_actions",
            user,
            "111.222.abc",
            container={"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
            channel={"id": channel, "name": "social-inbox"},
            actions=[{"type": "button", "action_id": action_id, "block_id": block_id, "value": value, "action_ts": str(time.time())}],
        )

    def submit(
        self, callback_id: str, metadata: str, state: dict[str, Any], *, user: str = "UAGENT1", view_id: str = "V1", blocks: list[Any] | None = None
    ) -> Any:
        """A modal submission, as Slack sends it: the view with its metadata, blocks and typed state."""
        view = {"id": view_id, "type": "modal", "callback_id": callback_id, "private_metadata": metadata, "blocks": blocks or [], "state": {"values": state}}
        return self.payload(self.interaction("view_submission", user, "333.444.def", view=view))

    def event(self, event: dict[str, Any], *, event_id: str, retry: int = 0) -> Any:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": "T1",
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )
        headers = {"Content-Type": "application/json"}
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        return self.post(body, headers=headers)


def _serve_in_child(latency: float, ready: Any, stop: Any, results: Any) -> None:
    api = FakeSlackAPI(latency=0.0)
    ready.put(api.url)
    while (message := stop.get()) != "stop":
        api.latency = float(message)  # the parent says when cards are up and Slack should turn slow
    results.put({"calls": len(api.calls), "refused": [(c.method, c.refused) for c in api.refused()]})
    api.close()


class RemoteSlackWebAPI:
    """The fake Web API in a process of its own, as Slack's servers are: its parsing and validation
    don't compete with the app under test for the interpreter lock. `slow(latency)` once set up."""

    def __init__(self) -> None:
        from multiprocessing import get_context

        context = get_context("spawn")
        self._ready, self._stop, self._results = context.Queue(), context.Queue(), context.Queue()
        self._process = context.Process(target=_serve_in_child, args=(0.0, self._ready, self._stop, self._results), daemon=True)
        self._process.start()
        self.url = self._ready.get(timeout=60)

    def slow(self, latency: float) -> None:
        self._stop.put(latency)

    def close(self) -> dict[str, Any]:
        self._stop.put("stop")
        results = self._results.get(timeout=60)
        self._process.join(timeout=10)
        return results
