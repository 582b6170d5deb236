"""A fake OpenAI-compatible chat completions server on loopback, driven by a script of answers."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from tests.fakes.http import LoopbackServer, json_response


class FakeOpenAI:
    """Each request pops the next scripted answer: a content string, ("status", code), or ("sleep", s)."""

    def __init__(self) -> None:
        self.script: list[Any] = []
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.server = LoopbackServer(self._handle)
        self.url = self.server.url + "/v1"

    def _handle(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(json.loads(body or b"{}"))
            answer = self.script.pop(0) if self.script else '{"reply": "", "cited": []}'
        if isinstance(answer, tuple) and answer[0] == "status":
            return json_response({"error": {"message": "scripted error", "type": "rate_limit"}}, status=answer[1], headers={"retry-after": "0"})
        if isinstance(answer, tuple) and answer[0] == "sleep":
            time.sleep(answer[1])
            answer = answer[2]
        return json_response(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": "fake-model",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 30, "total_tokens": 130},
            }
        )

    def close(self) -> None:
        self.server.close()
