"""Service levels: how long a customer may wait for our first and next reply, per priority, and when
the team is warned before that time runs out. Parsed from settings (or a manager's change) once, here.

    SLA_FIRST_RESPONSE=urgent=15m,high=1h,normal=4h,low=24h
    SLA_NEXT_RESPONSE=urgent=15m,high=1h,normal=4h,low=24h
    SLA_WARN_AT=0.75   # warn when three quarters of the time has gone
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from assistant.hours import Hours

PRIORITIES = ("urgent", "high", "normal", "low")
DEFAULT_TARGETS = "urgent=15m,high=1h,normal=4h,low=24h"
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*([0-9]{1,6}(?:\.[0-9]{1,3})?)\s*(s|m|min|h|d)\s*$", re.I)
MAX_TARGET = timedelta(days=30)


class SLAError(ValueError):
    """A target that can't be used, with what to write instead."""


def waiting_from(written: datetime | None, received: datetime) -> datetime:
    """The customer's clock: a wait counts from when they wrote, never later than when we received
    it (a post fetched hours late has waited those hours; a platform clock ahead of ours, or no
    time at all, counts from receipt)."""
    received = received if received.tzinfo else received.replace(tzinfo=UTC)
    if written is None:
        return received
    written = written if written.tzinfo else written.replace(tzinfo=UTC)
    return min(written, received)


def parse_duration(text: str, what: str = "a duration") -> timedelta:
    """'15m', '1h', '2.5h', '3d', '90s' → timedelta; refuses anything else (0 and over 30 days too)."""
    match = _DURATION.match(str(text or ""))
    if not match:
        raise SLAError(f"{what}: {str(text)[:40]!r} is not a duration; write it like 15m, 1h, 4h or 2d")
    value = timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2).lower()])
    if not timedelta(0) < value <= MAX_TARGET:
        raise SLAError(f"{what}: {text.strip()} must be more than 0 and at most 30 days")
    return value


def parse_targets(text: str, what: str = "SLA") -> dict[str, timedelta]:
    """'urgent=15m,high=1h,...' → a target per priority. Every priority must be given once."""
    targets: dict[str, timedelta] = {}
    for part in [p for p in str(text or "").split(",") if p.strip()]:
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or name not in PRIORITIES:
            raise SLAError(f"{what}: {part.strip()[:40]!r} should be priority=duration, with priority one of {', '.join(PRIORITIES)}")
        if name in targets:
            raise SLAError(f"{what}: {name} is given twice")
        targets[name] = parse_duration(value, f"{what} {name}")
    missing = [p for p in PRIORITIES if p not in targets]
    if missing:
        raise SLAError(f"{what}: no target for {', '.join(missing)} (write all four, e.g. {DEFAULT_TARGETS})")
    return targets


def describe(targets: dict[str, timedelta]) -> str:
    return ",".join(f"{p}={short(targets[p])}" for p in PRIORITIES)


def short(delta: timedelta) -> str:
    """A duration as people write it: 15m, 1h, 1h30m, 2d."""
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs and not (days or hours) else ""]
    return "".join(parts) or "0m"


@dataclass(frozen=True)
class Targets:
    first: dict[str, timedelta] = field(default_factory=lambda: parse_targets(DEFAULT_TARGETS))
    next: dict[str, timedelta] = field(default_factory=lambda: parse_targets(DEFAULT_TARGETS))
    warn_at: float = 0.75  # share of the target gone when the warning fires
    hours: Hours | None = None  # the clock runs only in business hours (None: around the clock)

    def target(self, priority: str, round_: int) -> timedelta:
        table = self.first if round_ <= 1 else self.next
        return table.get(priority or "normal", table["normal"])

    def deadlines(self, priority: str, round_: int, waiting_since: datetime) -> tuple[datetime, datetime]:
        """(when to warn, when it is late) for a customer waiting since `waiting_since`."""
        target = self.target(priority, round_)
        if self.hours is not None:
            return self.hours.add(waiting_since, target * self.warn_at), self.hours.add(waiting_since, target)
        return waiting_since + target * self.warn_at, waiting_since + target

    def changed(self, which: str, priority: str, duration: str) -> Targets:
        """These targets with one changed (a manager's `/social sla first high 30m`). Raises SLAError."""
        if which not in ("first", "next"):
            raise SLAError(f"say which target: first or next, not {which[:20]!r}")
        if priority not in PRIORITIES:
            raise SLAError(f"priority must be one of {', '.join(PRIORITIES)}, not {priority[:20]!r}")
        table = dict(getattr(self, which))
        table[priority] = parse_duration(duration, f"{which} response for {priority}")
        return replace(self, first=table) if which == "first" else replace(self, next=table)

    def summary(self) -> str:
        clock = f"; counted in business hours: {self.hours.describe()}" if self.hours is not None else "; counted around the clock"
        return f"first response {describe(self.first)}; next response {describe(self.next)}; warning at {round(self.warn_at * 100)}% of the time{clock}"


# A reply that says we will come back to the customer: "we'll get back to you", "I'll update you
# within 2 hours", "we'll follow up tomorrow", "keep you posted".
_PROMISE = re.compile(
    r"\b(?:we|i)(?:'ll| will| shall|'re going to| are going to| am going to)\s+(?:\w+\s+){0,2}?"
    r"(?:get back to you|follow up|update you|come back to you|be in touch|keep you posted|let you know|reach out|check back|circle back)\b",
    re.I,
)
_WITHIN = re.compile(r"\b(?:within|in|in the next)\s+(?:the\s+next\s+)?(\d{1,3}|an?|one|two|three|24|48)\s*(minutes?|mins?|hours?|hrs?|days?)\b", re.I)
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
DEFAULT_PROMISE = timedelta(hours=24)


def promised_follow_up(text: str) -> timedelta | None:
    """When a reply promises to get back to the customer, how soon (what it says, or 24 hours);
    None when it promises nothing."""
    text = str(text or "")
    if not _PROMISE.search(text.replace("\u2019", "'")):
        return None
    within = _WITHIN.search(text)
    if within:
        word = within.group(1).lower()
        amount = int(word) if word.isdigit() else _WORDS.get(word, 1)
        unit = within.group(2).lower()
        seconds = 60 if unit.startswith("m") else 3600 if unit.startswith("h") else 86400
        if amount > 0 and amount * seconds <= MAX_TARGET.total_seconds():
            return timedelta(seconds=amount * seconds)
    if re.search(r"\btomorrow\b", text, re.I):
        return timedelta(hours=24)
    return DEFAULT_PROMISE


FOLLOW_UP_LIMIT = timedelta(days=90)


def parse_when(text: str, now: datetime) -> datetime:
    """When a follow-up is due, as an agent says it: '1h', '30m', '2d', 'tomorrow' (this time
    tomorrow), a date '2026-12-01' (09:00 UTC), a date and time '2026-12-01 14:30' (UTC), or a Unix
    time (what Slack's date-time picker sends). In the future, at most 90 days ahead."""

    raw = " ".join(str(text or "").split()).lower()
    if not raw:
        raise SLAError("say when: 1h, tomorrow, or a date like 2026-12-01 14:30 (UTC)")
    if raw == "tomorrow":
        due = now + timedelta(days=1)
    elif re.fullmatch(r"[0-9]{9,12}", raw):
        try:
            due = datetime.fromtimestamp(int(raw), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise SLAError(f"{raw} is not a time we can read; write 1h, tomorrow, or a date like 2026-12-01 14:30 (UTC)") from None
    elif _DURATION.match(raw):
        due = now + parse_duration(raw, "follow up in")
    else:
        try:
            parsed = datetime.fromisoformat(raw.replace(" utc", "").replace("z", "+00:00"))
        except ValueError:
            raise SLAError(f"{str(text)[:40]!r} is not a time; write 1h, tomorrow, or a date like 2026-12-01 14:30 (UTC)") from None
        if len(raw) == 10:
            parsed = parsed.replace(hour=9)
        due = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if due <= now:
        raise SLAError(f"{str(text)[:40]} is in the past; a follow-up must be later than now")
    if due - now > FOLLOW_UP_LIMIT:
        raise SLAError(f"{str(text)[:40]} is more than 90 days away; set a nearer follow-up")
    return due
