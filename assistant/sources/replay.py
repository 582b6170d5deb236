"""Replay source: posts from a JSON Lines file (the format is in the README).

One JSON object per line; `id` and `text` are required:
    {"id": "1", "platform": "x", "author": "sam", "followers": 120, "text": "...", "created_at": "2026-11-20T08:00:00+00:00"}
Optional: `in_reply_to_id` and `conversation_id` (a later message joins its conversation's ticket),
`in_reply_to_text` (the text of the post it replies to, shown when the conversation doesn't hold
it), `author_id`, `name`, `url`, and `"ours": true` for our own account's post.
Extra fields (such as an evaluation case's `expected`) are ignored. Each line is read on its own:
a line that can't be a post (broken JSON or UTF-8, wrong types, absurd numbers, deep nesting) is
reported with its number and kept as a rejected item; the others still arrive.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from assistant.posts import Post
from assistant.privacy import masked_text
from assistant.progress import tracked
from assistant.sources import Intake
from assistant.sources.items import Absurd, loads

SOURCE = "replay"
MAX_LINE_BYTES = 1_000_000  # a post is at most 25,000 characters; anything near this is not one


@dataclass(frozen=True)
class ReplayProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ReplayItem:
    """One line of the file: the post it holds, or why it holds none."""

    line: int
    raw: str
    post: Post | None = None
    reason: str = ""


@dataclass
class ReplayReport:
    posts: int = 0
    new_tickets: int = 0
    joined: int = 0  # messages that joined (or reopened) a conversation's ticket
    ours: int = 0  # our own posts, recorded in their conversation
    duplicates: int = 0
    problems: list[ReplayProblem] = field(default_factory=list)


def sample_posts_path() -> Path:
    """The sample posts bundled with the package (used by the demo and the evaluations)."""
    return Path(str(resources.files("assistant") / "samples" / "posts.jsonl"))


def sample_conversations_path() -> Path:
    """Later messages of some sample posts' conversations (customers answering, our own replies),
    replayed by the demo after the posts."""
    return Path(str(resources.files("assistant") / "samples" / "conversations.jsonl"))


def _field(record: dict[str, Any], key: str, default: str = "") -> str:
    value = record.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or isinstance(value, Absurd) or not isinstance(value, (str, int)):
        raise ValueError(f"'{key}' must be text, not {type(value).__name__}")
    return str(value)


def parse_line(raw: str, *, default_platform: str | None = "x") -> Post:
    """One line as a `Post`; raises ValueError saying what is wrong with it. Without a
    `default_platform`, the record must name its platform."""
    try:
        record = loads(raw)
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise ValueError(f"not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' is missing or empty")
    if default_platform is None and not _field(record, "platform").strip():
        raise ValueError("'platform' is required: the network the post is from (facebook, trustpilot, …)")
    post_id = _field(record, "id")
    if not post_id.strip():
        raise ValueError("'id' is missing")
    followers = record.get("followers", 0)
    if isinstance(followers, bool) or not isinstance(followers, int) or followers < 0:
        raise ValueError(f"'followers' must be a whole number ≥ 0, not {followers!r:.40}")
    created = record.get("created_at")
    if created is None or created == "":
        created_at = datetime.now(UTC)
    elif isinstance(created, str):
        try:
            created_at = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"'created_at' {created[:40]!r} is not an ISO 8601 time") from None
    else:
        raise ValueError("'created_at' must be an ISO 8601 time like 2026-11-20T08:00:00+00:00")
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return Post(
        platform=_field(record, "platform", default_platform or ""),
        external_id=post_id,
        author_handle=_field(record, "author", "unknown"),
        author_name=_field(record, "name"),
        author_followers=followers,
        text=text,
        created_at=created_at,
        url=_field(record, "url"),
        in_reply_to_id=_field(record, "in_reply_to_id"),
        in_reply_to_text=_field(record, "in_reply_to_text"),
        conversation_id=_field(record, "conversation_id"),
        author_id=_field(record, "author_id"),
        reply_url=_field(record, "callback_url"),
    )


def is_ours(raw: str) -> bool:
    """A line marked `"ours": true`: our own account's post (a reply made outside this app)."""
    try:
        record = loads(raw)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and record.get("ours") is True


def _lines(handle: Any) -> Iterator[tuple[bytes, int]]:
    """(line, its full length): a line longer than MAX_LINE_BYTES is not held in memory whole."""
    while True:
        data = handle.readline(MAX_LINE_BYTES + 1)
        if not data:
            return
        length = len(data)
        while length > MAX_LINE_BYTES and not data.endswith(b"\n"):
            rest = handle.readline(1 << 20)
            if not rest:
                break
            length += len(rest)
            if rest.endswith(b"\n"):
                break
        yield data[: MAX_LINE_BYTES + 1], length


def read_items(path: Path) -> Iterator[ReplayItem]:
    """Every non-blank line of the file, parsed or with the reason it could not be."""
    with path.open("rb") as handle:
        for number, (data, length) in enumerate(_lines(handle), start=1):
            if length > MAX_LINE_BYTES:
                yield ReplayItem(
                    number, data[:2000].decode("utf-8", "backslashreplace"), reason=f"the line is {length:,} bytes; at most {MAX_LINE_BYTES:,} are read"
                )
                continue
            if number == 1:
                data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is fine
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield ReplayItem(
                    number, data.decode("utf-8", "backslashreplace"), reason=f"not UTF-8 text (byte {data[exc.start]:#04x} at column {exc.start + 1})"
                )
                continue
            if not raw.strip():
                continue
            try:
                yield ReplayItem(number, raw, post=parse_line(raw))
            except ValueError as exc:  # its reason may quote a value of the line: masked
                yield ReplayItem(number, raw, reason=masked_text(str(exc)))


def read_posts(path: Path, problems: list[ReplayProblem] | None = None) -> Iterator[Post]:
    """Yield each good post; bad lines are added to `problems` (line number, reason) and skipped."""
    for item in read_items(path):
        if item.post is not None:
            yield item.post
        elif problems is not None:
            problems.append(ReplayProblem(item.line, item.reason))


def _expected(items: Iterator[ReplayItem], intake: Intake, stretch: int = 64) -> Iterator[ReplayItem]:
    """The items in order, the intake told of each stretch's posts before it gets them (one
    embedding call a stretch); the file is still read a stretch at a time, never whole."""
    while True:
        batch = list(itertools.islice(items, stretch))
        if not batch:
            return
        intake.expect([item.post for item in batch if item.post is not None])
        yield from batch


def replay(path: Path, intake: Intake, *, as_new: bool = False) -> ReplayReport:
    """Feed every line to the intake: posts become tickets (once, however often the file is replayed),
    bad lines become rejected items; then whatever was stored but never drafted is drafted.
    `as_new`: each post is taken as written when it is replayed (a recording, such as the bundled
    samples, played as live traffic), not at its recorded `created_at`: a wait is counted from when
    the customer wrote, so recorded posts would all have waited days."""
    report = ReplayReport()
    items = read_items(path)
    if as_new:
        items = (item if item.post is None else dataclasses.replace(item, post=dataclasses.replace(item.post, created_at=datetime.now(UTC))) for item in items)
    for item in tracked(_expected(items, intake), f"Reading {path.name}"):
        where = f"{path}:{item.line}"
        if item.post is None:
            intake.reject(SOURCE, item.reason, item.raw, where=where)
            report.problems.append(ReplayProblem(item.line, item.reason))
            continue
        result = intake.ingest(item.post, source=SOURCE, raw=item.raw, where=where, ours=is_ours(item.raw))
        if result.rejected:
            report.problems.append(ReplayProblem(item.line, result.rejected))
            continue
        report.posts += 1
        report.new_tickets += result.created
        report.joined += result.how in ("joined", "reopened")
        report.ours += result.how == "ours"
        report.duplicates += result.how == "duplicate"
    intake.draft_pending()
    return report
