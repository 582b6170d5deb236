"""Fires what is due: SLA warnings before a customer's wait runs out, breaches once it has, and
follow-up reminders. A loop on the store, not a scheduling library: timers are rows, so they survive
restarts; each is taken by a conditional update (of two bot processes on PostgreSQL one fires it),
told to the card's thread, then marked fired. A bot that dies between taking and marking lets the
timer go after the store's lease, and another fires it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import UTC
from typing import Any

from assistant.sla import short
from assistant.store import Store, Ticket, Timer
from assistant.store.models import aware

log = logging.getLogger(__name__)


def _utc(moment: Any) -> str:

    return aware(moment).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def reminder(store: Store, timer: Timer, ticket: Ticket) -> str | None:
    """What to say when `timer` fires, or None when it no longer matters (the customer got their
    answer, or the wait it watched is over)."""
    handle = "@" + ticket.post.author_handle
    if timer.kind in ("sla_warning", "sla_breach"):
        if ticket.waiting_since is None or (ticket.round or 1) != timer.round:
            return None
        targets = store.sla()
        target = targets.target(ticket.priority, ticket.round or 1)
        waited = short(store.clock() - aware(ticket.waiting_since))
        if timer.kind == "sla_warning":
            due = targets.deadlines(ticket.priority, ticket.round or 1, aware(ticket.waiting_since))[1]
            return f":hourglass: SLA: {handle} has waited {waited} for ticket #{ticket.id}; our reply is due by {_utc(due)} ({short(target)} for {ticket.priority})."
        return f":red_circle: SLA missed: {handle} has waited {waited} for ticket #{ticket.id}, past the {short(target)} target for {ticket.priority}."
    if timer.kind == "follow_up":
        why = f" ({timer.note})" if timer.note else ""
        return f":alarm_clock: Follow-up due on ticket #{ticket.id}: get back to {handle}{why}."
    return None


class Scheduler:
    def __init__(self, store: Store, inbox: Any = None, *, worker: str = ""):
        self.store = store
        self.inbox = inbox  # SlackInbox: says it in the card's thread (None: recorded only)
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    def tick(self) -> int:
        """Fire every timer due now; returns how many were told. A delivery that fails is let go
        and tried again on the next tick."""
        told = 0
        for timer in self.store.take_due(self.worker):
            try:
                ticket = self.store.get(timer.ticket_id)
                text = reminder(self.store, timer, ticket)
                if text is None:
                    self.store.cancel(timer.id)
                    continue
                if self.inbox is not None:
                    self.inbox.tell_owner(ticket.id, text, timer.created_by if timer.kind == "follow_up" and timer.created_by != "system" else "")
                if self.store.fire(timer.id, worker=self.worker, note=text):
                    told += 1
                if self.inbox is not None and timer.kind != "sla_warning":
                    self.inbox.refresh(ticket.id)  # the card shows the breach, or drops the follow-up
            except Exception:  # noqa: BLE001 - one bad timer must not stop the others
                log.exception("timer %s of ticket %s could not be fired; trying again later", timer.id, timer.ticket_id)
                self.store.let_go(timer.id, worker=self.worker)
        return told

    def run(self, stop: threading.Event, interval: float) -> None:
        while not stop.is_set():
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the store may be down for a moment
                log.exception("the timer loop failed; trying again in %.0f s", interval)
            stop.wait(interval)
