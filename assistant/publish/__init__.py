"""Writers that post approved replies: one module per network here (`x`, `mastodon`, `bluesky`), the
webhook sender's callback (`webhook`), and the outbox (dry run) for a network that isn't connected.
What each network allows is declared in `assistant.platforms`; `router` picks the writer."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from assistant.text.measure import thread_parts


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
        record["at"] = datetime.now(UTC).isoformat()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def first_line(exc: Exception) -> str:
    """An error's first line, at most 200 characters, for a message an agent reads."""
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
