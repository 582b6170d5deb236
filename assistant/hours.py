"""Business hours and holidays: when the team answers, so an SLA's clock runs only then.

    BUSINESS_HOURS=mon-fri 08:00-20:00; sat 10:00-16:00     # empty: around the clock
    HOLIDAYS=2026-12-25, 2026-12-26, 2027-01-01              # whole days closed
    TEAM_TIMEZONE=Europe/London                              # the hours are read in it

Each clause is a day or a range of days (mon…sun, a range may wrap: fri-mon) and a span HH:MM-HH:MM
(24:00 ends a day; a span that ends before it starts runs past midnight into the next day).
Clauses are separated by `;` or `,`. A 15-minute target on a ticket written at 19:55 on a Friday is
due at 08:10 on Monday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLAUSE = re.compile(r"^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+([0-9]{1,2}):([0-9]{2})\s*-\s*([0-9]{1,2}):([0-9]{2})$")
MAX_HOLIDAYS = 400
MIN_WEEKLY = 60  # minutes open a week, at least: fewer is a mistake (no target could be met)
# A deadline is looked for this far ahead: 30 days of open time (the longest target) at the
# least open week allowed (MIN_WEEKLY) fits. Beyond it the deadline is taken as that far ahead.
MAX_DAYS_AHEAD = 5200


class HoursError(ValueError):
    """Business hours, holidays or a time zone that can't be used, with what to write instead."""


def _minutes(hours: str, minutes: str, what: str) -> int:
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise HoursError(f"{what}: {hours}:{minutes} is not a time of day (00:00 to 24:00)")
    return value


@dataclass(frozen=True)
class Hours:
    """Open spans per weekday (minutes from midnight, local), closed dates, and the zone."""

    week: tuple[tuple[tuple[int, int], ...], ...]  # 7 days, Monday first: sorted, non-overlapping spans
    holidays: frozenset[date]
    zone: str = "UTC"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def _spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open spans of a local date, as UTC times (a holiday has none)."""
        if day in self.holidays:
            return []
        tz = self.tz
        midnight = datetime.combine(day, time(0))  # local wall clock: a span keeps its hours across DST
        spans = []
        for start, end in self.week[day.weekday()]:
            opens, closes = _local(midnight + timedelta(minutes=start), tz), _local(midnight + timedelta(minutes=end), tz)
            if closes > opens:
                spans.append((opens, closes))
        return spans

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of open time has passed since `start` (UTC)."""
        start = _utc(start)
        left = duration
        day = start.astimezone(self.tz).date() - timedelta(days=1)  # a span past midnight may hold `start`
        for _ in range(MAX_DAYS_AHEAD):
            for opens, closes in self._spans(day):
                begin = max(opens, start)
                if begin >= closes:
                    continue
                if left <= closes - begin:
                    return begin + left
                left -= closes - begin
            day += timedelta(days=1)
        return start + timedelta(days=MAX_DAYS_AHEAD)  # holidays cover every open day ahead: never, in practice

    def open_between(self, start: datetime, end: datetime) -> timedelta:
        """How much open time lies between two moments (0 when `end` is not after `start`)."""
        start, end = _utc(start), _utc(end)
        total = timedelta(0)
        if end <= start:
            return total
        day = start.astimezone(self.tz).date() - timedelta(days=1)
        last = end.astimezone(self.tz).date()
        while day <= last:
            for opens, closes in self._spans(day):
                begin, finish = max(opens, start), min(closes, end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total

    def describe(self) -> str:
        """As people write it: consecutive days with the same hours as a range (mon-fri 08:00-20:00)."""
        parts = []
        number = 0
        while number < 7:
            last = number
            while last + 1 < 7 and self.week[last + 1] == self.week[number]:
                last += 1
            if self.week[number]:
                days = DAYS[number] if last == number else f"{DAYS[number]}-{DAYS[last]}"
                spans = " ".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in self.week[number])
                parts.append(f"{days} {spans}")
            number = last + 1
        closed = f"; {len(self.holidays)} holiday(s)" if self.holidays else ""
        return f"{', '.join(parts)} ({self.zone}){closed}"


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _local(wall: datetime, tz: ZoneInfo) -> datetime:
    """A local wall-clock time (naive) as UTC."""
    return wall.replace(tzinfo=tz).astimezone(UTC)


def zone(text: str) -> str:
    name = str(text or "").strip() or "UTC"
    if len(name) > 64 or not re.fullmatch(r"[A-Za-z0-9_+\-/]+", name):
        raise HoursError(f"TEAM_TIMEZONE: {name[:40]!r} is not a time zone name; write one like Europe/London or America/New_York")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise HoursError(f"TEAM_TIMEZONE: {name[:40]!r} is not a time zone we know; write one like Europe/London or America/New_York") from None
    return name


def parse_holidays(text: str) -> frozenset[date]:
    found: set[date] = set()
    for part in [p.strip() for p in re.split(r"[,;\s]+", str(text or "")) if p.strip()]:
        try:
            found.add(date.fromisoformat(part))
        except ValueError:
            raise HoursError(f"HOLIDAYS: {part[:20]!r} is not a date; write dates like 2026-12-25, separated by commas") from None
    if len(found) > MAX_HOLIDAYS:
        raise HoursError(f"HOLIDAYS: {len(found)} dates; at most {MAX_HOLIDAYS}")
    return frozenset(found)


def parse_hours(text: str, holidays: str = "", tz: str = "UTC") -> Hours | None:
    """BUSINESS_HOURS (and HOLIDAYS, TEAM_TIMEZONE) → Hours; None for around the clock (empty)."""
    name = zone(tz)
    closed = parse_holidays(holidays)
    raw = " ".join(str(text or "").lower().split())
    if raw in ("", "24/7", "always"):
        if closed:
            raise HoursError("HOLIDAYS needs BUSINESS_HOURS: around the clock there are no closed days")
        return None
    week: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    for clause in [c.strip() for c in re.split(r"[;,]", raw) if c.strip()]:
        match = _CLAUSE.match(clause)
        if not match or match.group(1) not in DAYS or (match.group(2) and match.group(2) not in DAYS):
            raise HoursError(f"BUSINESS_HOURS: {clause[:40]!r} should be days and hours, like 'mon-fri 08:00-20:00' (days: {', '.join(DAYS)})")
        first = DAYS.index(match.group(1))
        last = DAYS.index(match.group(2)) if match.group(2) else first
        opens = _minutes(match.group(3), match.group(4), "BUSINESS_HOURS")
        closes = _minutes(match.group(5), match.group(6), "BUSINESS_HOURS")
        if opens == closes:
            raise HoursError(f"BUSINESS_HOURS: {clause[:40]!r} opens and closes at the same time")
        count = (last - first) % 7 + 1
        for step in range(count):
            day = (first + step) % 7
            if closes > opens:
                week[day].append((opens, closes))
            else:  # past midnight: the rest of this day and the start of the next
                week[day].append((opens, 24 * 60))
                if closes:
                    week[(day + 1) % 7].append((0, closes))
    merged = tuple(_merge(spans) for spans in week)
    weekly = sum(end - start for spans in merged for start, end in spans)
    if weekly < MIN_WEEKLY:
        raise HoursError(f"BUSINESS_HOURS: {weekly} minutes open a week; at least {MIN_WEEKLY} are needed for any target to be met")
    return Hours(merged, closed, name)


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)
