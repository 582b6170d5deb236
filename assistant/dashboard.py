"""What the Home tab shows, read from the store when someone opens it: for managers, escalations
waiting for a decision, SLA breaches and tickets about to breach, follow-ups due, and the numbers
over 7 and 30 days; for an agent, their own queue and numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from assistant.metrics import report
from assistant.policy import TicketState, owner
from assistant.store import Store
from assistant.store.models import aware

SHOWN = 10  # rows per list; the rest are counted


@dataclass(frozen=True)
class Row:
    ticket_id: int
    handle: str
    text: str  # what the row says (a reason, how late)
    since: datetime  # when it started (escalated, waiting, due)
    who: str = ""  # who escalated / owns it


@dataclass
class Home:
    manager: bool
    now: datetime
    escalations: list[Row] = field(default_factory=list)
    breached: list[Row] = field(default_factory=list)
    at_risk: list[Row] = field(default_factory=list)
    follow_ups: list[Row] = field(default_factory=list)
    mine: list[Row] = field(default_factory=list)  # an agent's own open tickets
    week: dict[str, Any] = field(default_factory=dict)
    month: dict[str, Any] = field(default_factory=dict)


def home(store: Store, user: str, manager: bool) -> Home:
    now = store.clock()
    view = Home(manager, now, week=report(store, timedelta(days=7)), month=report(store, timedelta(days=30)))
    targets = store.sla()
    waiting = store.list(waiting=True)
    for ticket in waiting:
        handle = "@" + ticket.post.author_handle
        if ticket.state == TicketState.ESCALATED:
            events = store.get(ticket.id).events
            escalated = next((e.at for e in reversed(events) if e.kind == "escalated"), ticket.updated_at)
            view.escalations.append(Row(ticket.id, handle, ticket.escalation_reason, aware(escalated or now), ticket.last_actor))
        if ticket.priority:
            warn, due = targets.deadlines(ticket.priority, ticket.round or 1, aware(ticket.waiting_since or now))
            if now >= due:
                view.breached.append(Row(ticket.id, handle, f"{ticket.priority}, due {due:%H:%M} UTC", due, owner(ticket)))
            elif now >= warn:
                view.at_risk.append(Row(ticket.id, handle, f"{ticket.priority}, due {due:%H:%M} UTC", due, owner(ticket)))
        if not manager and owner(ticket) == user:
            view.mine.append(Row(ticket.id, handle, ticket.state, aware(ticket.waiting_since or now), user))
    soon = now + timedelta(hours=24)
    for timer in store.timers(status="pending"):
        if timer.kind == "follow_up" and aware(timer.due_at) <= soon and (manager or timer.created_by == user):
            ticket = store.get(timer.ticket_id)
            view.follow_ups.append(Row(ticket.id, "@" + ticket.post.author_handle, timer.note or "follow up", aware(timer.due_at), timer.created_by))
    view.escalations.sort(key=lambda row: row.since)
    view.breached.sort(key=lambda row: row.since)
    view.at_risk.sort(key=lambda row: row.since)
    return view
