"""A fake Slack Web API on loopback, in the spirit of slack-bolt's own `mock_web_api_server`.

It answers the methods the app calls and records every call so tests can read what Slack received.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from tests.fakes.http import LoopbackServer, json_response


@dataclass
class SlackCall:
    method: str
    args: dict[str, Any]


class FakeSlackAPI:
    def __init__(self) -> None:
        self.calls: list[SlackCall] = []
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self.server = LoopbackServer(self._handle)
        self.url = self.server.url + "/api/"

    def _handle(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        method = path.split("/api/", 1)[-1].split("?")[0]
        content_type = headers.get("Content-Type", headers.get("content-type", ""))
        if "json" in content_type:
            args = json.loads(body or b"{}")
        else:
            args = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        for key in ("blocks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        with self._lock:
            self.calls.append(SlackCall(method, args))
            ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            return json_response({"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "bot", "team": "Test"})
        if method == "chat.postMessage":
            return json_response({"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"text": args.get("text")}})
        if method == "chat.update":
            return json_response({"ok": True, "channel": args.get("channel"), "ts": args.get("ts")})
        if method == "chat.getPermalink":
            return json_response({"ok": True, "permalink": f"https://test.slack.com/archives/{args.get('channel')}/p{args.get('message_ts', '').replace('.', '')}"})
        return json_response({"ok": True})

    def of(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [call.args for call in self.calls if call.method == method]

    def close(self) -> None:
        self.server.close()
