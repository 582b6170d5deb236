"""Replay source: posts from a JSON Lines file (the format is in the README).

One JSON object per line; `id` and `text` are required:
    {"id": "1", "platform": "x", "author": "sam", "followers": 120, "text": "...", "created_at": "2026-11-20T08:00:00+00:00"}
Extra fields (such as an evaluation case's `expected`) are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from assistant.posts import Post


@dataclass(frozen=True)
class ReplayProblem:
    line: int
    reason: str


def sample_posts_path() -> Path:
    """The sample posts bundled with the package (used by the demo and the evaluations)."""
    return Path(str(resources.files("assistant") / "samples" / "posts.jsonl"))


def parse_line(raw: str) -> Post:
    record = json.loads(raw)
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    text, post_id = record.get("text"), record.get("id")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' is missing or empty")
    if post_id is None or str(post_id).strip() == "":
        raise ValueError("'id' is missing")
    followers = record.get("followers", 0)
    if not isinstance(followers, int) or followers < 0:
        raise ValueError("'followers' must be a whole number ≥ 0")
    created = record.get("created_at")
    created_at = datetime.fromisoformat(created) if created else datetime.now(timezone.utc)
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=timezone.utc)
    return Post(
        platform=str(record.get("platform", "x")),
        external_id=str(post_id),
        author_handle=str(record.get("author", "unknown")),
        author_name=str(record.get("name", "")),
        author_followers=followers,
        text=text,
        created_at=created_at,
        url=str(record.get("url", "")),
        in_reply_to_id=str(record.get("in_reply_to_id", "") or ""),
    )


def read_posts(path: Path, problems: list[ReplayProblem] | None = None) -> Iterator[Post]:
    """Yield each good post; bad lines are added to `problems` (line number, reason) and skipped."""
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield parse_line(raw)
            except (ValueError, TypeError) as exc:
                if problems is not None:
                    problems.append(ReplayProblem(number, str(exc)))
