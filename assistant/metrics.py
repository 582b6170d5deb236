"""The numbers a support lead reads, computed from the audit log only (events), so they can be
checked by hand and recomputed for any period:

- interactions: conversations (tickets) opened in the period;
- first response: from when the customer wrote (never later than when we received it) to our first
  reply out (median and p90, nearest rank), and how long posts took to reach us;
- responses per interaction: replies out per conversation that got any;
- resolved in one reply: of those, the share answered once and never reopened;
- draft acceptance: each reply out compared with the system's latest draft before it: sent as
  drafted, edited (at most half the characters changed) or rewritten, with the mean edit distance;
- escalation rate: conversations escalated at least once, of those opened;
- per agent: replies sent, each with the same verdict as draft acceptance (as drafted, edited,
  rewritten), escalations, dismissals.

Each figure is defined once, here, and said in words once (`describe`, `agent_line`, `rate`): the
terminal, the Home tab, Slack and the exports all use them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from assistant.sla import waiting_from
from assistant.store.models import aware
from assistant.store.stats import Touch

SENT = ("posted", "dry_run")
EDITED_UP_TO = 0.5  # share of characters changed that still counts as an edit, not a rewrite
_SINCE = re.compile(r"^\s*([0-9]{1,4})\s*(d|h|w)\s*$", re.I)


def parse_since(text: str) -> timedelta:
    """'7d', '30d', '12h', '2w' → a period; anything else is refused with the form to use."""
    match = _SINCE.match(str(text or ""))
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"--since {str(text)[:20]!r}: write a period like 7d, 30d, 12h or 2w")
    unit = {"d": timedelta(days=1), "h": timedelta(hours=1), "w": timedelta(weeks=1)}[match.group(2).lower()]
    return unit * int(match.group(1))


def edit_distance(a: str, b: str, cap: int = 5000) -> int:
    """Levenshtein distance in characters (texts beyond `cap` characters are compared up to it)."""
    a, b = a[:cap], b[:cap]
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def judged(drafted: str, sent: str) -> tuple[str, int]:
    """What a reply out did with the draft before it: `as_drafted`, `edited` (at most EDITED_UP_TO
    of the characters changed) or `rewritten` (or no draft at all), and the edit distance."""
    distance = edit_distance(drafted, sent) if drafted else len(sent)
    if drafted and distance == 0:
        return "as_drafted", distance
    if drafted and distance <= EDITED_UP_TO * max(len(drafted), len(sent)):
        return "edited", distance
    return "rewritten", distance


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def compute(touches: list[Touch], since: datetime, until: datetime) -> dict[str, Any]:
    """The numbers for conversations opened in [since, until) (agents' counts: their events in it)."""
    since, until = aware(since), aware(until)
    by_ticket: dict[int, list[Touch]] = defaultdict(list)
    for touch in sorted(touches, key=lambda t: (aware(t.at), t.ticket_id)):
        if aware(touch.at) < until:
            by_ticket[touch.ticket_id].append(touch)
    opened = {tid: events for tid, events in by_ticket.items() if any(e.kind == "received" and since <= aware(e.at) for e in events)}
    first_minutes: list[float] = []
    late_minutes: list[float] = []
    replies_per: list[int] = []
    one_reply = 0
    escalated = 0
    networks: dict[str, int] = defaultdict(int)
    for events in opened.values():
        received = next(e for e in events if e.kind == "received")
        networks[received.network or "unknown"] += 1
        started = waiting_from(received.written, aware(received.at))  # the customer's clock
        late_minutes.append((aware(received.at) - started).total_seconds() / 60)
        sent = [e for e in events if e.kind in SENT]
        if sent:
            first_minutes.append((aware(sent[0].at) - started).total_seconds() / 60)
            replies_per.append(len(sent))
            if len(sent) == 1 and not any(e.kind == "reopened" for e in events):
                one_reply += 1
        if any(e.kind == "escalated" for e in events):
            escalated += 1
    acceptance = {"as_drafted": 0, "edited": 0, "rewritten": 0}
    distances: list[int] = []
    agents: dict[str, dict[str, int]] = defaultdict(lambda: dict(AGENT_ZERO))
    for events in by_ticket.values():
        drafted = ""
        for event in events:
            if event.kind == "drafted":
                drafted = event.text
            in_period = since <= aware(event.at)
            if event.kind in SENT and in_period:
                verdict, distance = judged(drafted, event.text)
                acceptance[verdict] += 1
                if drafted:
                    distances.append(distance)
                agents[event.actor]["replies"] += 1
                agents[event.actor][verdict] += 1
            elif event.kind in ("escalated", "dismissed") and in_period:
                agents[event.actor][event.kind] += 1
    kinds = [e.kind for events in by_ticket.values() for e in events if since <= aware(e.at)]
    return {
        "since": since.isoformat(timespec="seconds"),
        "until": until.isoformat(timespec="seconds"),
        "interactions": len(opened),
        "answered": len(replies_per),
        "first_response_minutes": {
            "median": round(median(first_minutes), 1) if first_minutes else None,
            "p90": round(nearest_rank(first_minutes, 0.9), 1) if first_minutes else None,
        },
        "reached_us_minutes": {
            "median": round(median(late_minutes), 1) if late_minutes else None,
            "p90": round(nearest_rank(late_minutes, 0.9), 1) if late_minutes else None,
        },
        "responses_per_interaction": round(sum(replies_per) / len(replies_per), 2) if replies_per else None,
        "resolved_in_one_reply": round(one_reply / len(replies_per), 3) if replies_per else None,
        "drafts": {**acceptance, "mean_edit_distance": round(sum(distances) / len(distances), 1) if distances else None},
        "escalated": escalated,
        "escalation_rate": round(escalated / len(opened), 3) if opened else None,
        "sla_breaches": kinds.count("sla_breached"),
        "follow_ups": {"set": kinds.count("follow_up_set"), "reminded": kinds.count("follow_up_reminder")},
        "agents": {actor: dict(counts) for actor, counts in sorted(agents.items()) if actor not in ("", "system")},
        "networks": dict(sorted(networks.items())),
    }


def daily(touches: list[Touch], since: datetime, until: datetime) -> list[tuple[str, dict[str, Any]]]:
    """The same numbers for each UTC day of [since, until): (YYYY-MM-DD, numbers), oldest first."""
    since, until = aware(since), aware(until)
    day = since.replace(hour=0, minute=0, second=0, microsecond=0)
    days = []
    while day < until:
        end = min(day + timedelta(days=1), until)
        days.append((day.date().isoformat(), compute(touches, max(day, since), end)))
        day += timedelta(days=1)
    return days


def article_figures(history: list[Any], since: datetime, until: datetime) -> dict[str, dict[str, int]]:
    """Per article, over the first-round tickets an agent acted on in [since, until) (`Stats.desk_history`):
    how often the draft cited it, and what the agent did with that draft: sent as drafted, edited,
    rewritten (`judged`, as the report's draft acceptance), escalated or dismissed. The article to fix
    first is the one most often cited and then rewritten or escalated."""
    since, until = aware(since), aware(until)
    figures: dict[str, dict[str, int]] = defaultdict(lambda: dict(ARTICLE_ZERO))
    for ticket in history:
        if not since <= aware(ticket.at) < until:
            continue
        for article in ticket.cited:
            counts = figures[article]
            counts["cited"] += 1
            if ticket.action == "approved":
                counts[judged(ticket.drafted, ticket.sent)[0]] += 1
            elif ticket.action in ("escalated", "dismissed"):
                counts[ticket.action] += 1
    return dict(sorted(figures.items(), key=lambda item: (-(item[1]["rewritten"] + item[1]["escalated"]), -item[1]["cited"], item[0])))


ARTICLE_ZERO = {"cited": 0, "as_drafted": 0, "edited": 0, "rewritten": 0, "escalated": 0, "dismissed": 0}


def report(store: Any, period: timedelta, until: datetime | None = None) -> dict[str, Any]:
    until = until or store.clock()
    since = until - period
    numbers = compute(store.touches(since, until), since, until)
    numbers["days"] = round(period / timedelta(days=1), 2)
    return numbers


AGENT_ZERO = {"replies": 0, "as_drafted": 0, "edited": 0, "rewritten": 0, "escalated": 0, "dismissed": 0}


def shown(value: Any, unit: str = "") -> str:
    return "—" if value is None else f"{value}{unit}"


def rate(part: int, whole: int) -> str:
    """A share as people read it: "1 of 211 (0.5%)"; never a rounded-away 0% beside a count."""
    if not whole:
        return "—"
    share = part / whole * 100
    return f"{part} of {whole} ({share:.1f}%)" if 0 < share < 10 else f"{part} of {whole} ({round(share)}%)"


def agent_line(counts: dict[str, int]) -> str:
    """One agent's figures, with the draft verdicts of the overall line."""
    counts = {**AGENT_ZERO, **counts}
    return (
        f"{counts['replies']} replies ({counts['as_drafted']} as drafted, {counts['edited']} edited, {counts['rewritten']} rewritten), "
        f"{counts['escalated']} escalated, {counts['dismissed']} dismissed"
    )


def describe(numbers: dict[str, Any], name: Callable[[str], str] | None = None) -> list[str]:
    """The numbers as lines for a terminal or the Home tab (plain text); `name(actor)` says who an
    agent is (their name, or a mention Slack shows as one), else their id."""

    first = numbers["first_response_minutes"]
    drafts = numbers["drafts"]
    one = numbers["resolved_in_one_reply"]
    lines = [
        f"Conversations: {numbers['interactions']} opened, {numbers['answered']} answered",
        f"First response, from when the customer wrote: median {shown(first['median'], ' min')}, p90 {shown(first['p90'], ' min')}",
        f"Posts reached us after: median {shown(numbers['reached_us_minutes']['median'], ' min')}, p90 {shown(numbers['reached_us_minutes']['p90'], ' min')}",
        f"Responses per interaction: {shown(numbers['responses_per_interaction'])}; resolved in one reply: {shown(None if one is None else round(one * 100), '%')}",
        f"Replies: {drafts['as_drafted']} as drafted, {drafts['edited']} edited, {drafts['rewritten']} rewritten; mean edit distance {shown(drafts['mean_edit_distance'], ' characters')}",
        f"Escalated: {rate(numbers.get('escalated', 0), numbers['interactions'])} conversations; SLA breaches: {numbers['sla_breaches']}; follow-ups set {numbers['follow_ups']['set']}, reminded {numbers['follow_ups']['reminded']}",
    ]
    for actor, counts in numbers["agents"].items():
        lines.append(f"  {name(actor) if name else actor}: {agent_line(counts)}")
    return lines
