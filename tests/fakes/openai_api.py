"""A fake OpenAI-compatible server on loopback (chat and text completions, embeddings), driven by a script of answers."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
import time
from typing import Any

from tests.fakes.http import LoopbackServer, json_response


class FakeOpenAI:
    """Each request pops the next scripted answer: a content string, ("status", code), or ("sleep", s)."""

    def __init__(self) -> None:
        self.script: list[Any] = []
        self.responder: Any = None  # a function of the request, used when the script is empty
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []  # of every request, in order
        self._lock = threading.Lock()
        self.server = LoopbackServer(self._handle)
        self.url = self.server.url + "/v1"

    def _handle(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.headers.append({key.lower(): value for key, value in headers.items()})
        if path.endswith("/embeddings"):
            return self._embeddings(json.loads(body))
        with self._lock:
            self.requests.append(json.loads(body or b"{}"))
            request = self.requests[-1]
            answer = self.script.pop(0) if self.script else None
        if answer is None:
            answer = self.responder(request) if self.responder is not None else '{"reply": "", "cited": []}'
        if isinstance(answer, tuple) and answer[0] == "status":
            return json_response({"error": {"message": "scripted error", "type": "rate_limit"}}, status=answer[1], headers={"retry-after": "0"})
        if isinstance(answer, tuple) and answer[0] == "sleep":
            time.sleep(answer[1])
            answer = answer[2]
        if path.endswith("/completions") and not path.endswith("/chat/completions"):  # the text completions API
            return json_response(
                {
                    "id": "cmpl-test",
                    "object": "text_completion",
                    "created": int(time.time()),
                    "model": "fake-model",
                    "choices": [{"index": 0, "text": answer, "finish_reason": "stop", "logprobs": None}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
                }
            )
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

    def _embeddings(self, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        """Deterministic 64-d bag-of-words vectors: texts sharing words are similar, as with a real model."""
        with self._lock:
            self.requests.append(request)
        texts = request["input"] if isinstance(request["input"], list) else [request["input"]]
        data = []
        for position, text in enumerate(texts):
            vector = [0.0] * 64
            for word in str(text).lower().split():
                vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
            norm = sum(v * v for v in vector) ** 0.5 or 1.0
            vector = [v / norm for v in vector]
            if request.get("encoding_format") == "base64":
                embedding: Any = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            else:
                embedding = vector
            data.append({"object": "embedding", "index": position, "embedding": embedding})
        return json_response({"object": "list", "data": data, "model": request.get("model"), "usage": {"prompt_tokens": 1, "total_tokens": 1}})

    def close(self) -> None:
        self.server.close()
