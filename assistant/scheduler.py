"""Fires what is due: SLA warnings before a customer's wait runs out, breaches once it has,
follow-up reminders, and the managers' announcement of an escalation (due as it is made). A loop
on the store, not a scheduling library: timers are rows, so they survive restarts; each is claimed
with its key by a conditional update (of two replicas one says it), told to the card's thread (an
escalation to the escalation channel) with the key as message metadata, then marked fired. A
replica that dies between claiming and marking leaves it in doubt: another, once the first is
gone, looks the key up where it would be and says it only if it is not there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

from assistant.conversation import latest_post
from assistant.errors import NotDelivered
from assistant.people import person
from assistant.policy import TicketState, reminded
from assistant.routing import EVEN_OVER, Team, choose, needs
from assistant.sla import short
from assistant.store import Store, Ticket, Timer
from assistant.store.models import aware
from assistant.store.rows import ESCALATION

log = logging.getLogger(__name__)


def _utc(moment: Any) -> str:

    return aware(moment).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def reminder(store: Store, timer: Timer, ticket: Ticket) -> str | None:
    """What to say when `timer` fires, or None when it no longer matters (the customer got their
    answer, the wait it watched is over, or a warning whose breach has come: the breach says it)."""
    handle = "@" + ticket.post.author_handle
    if timer.kind in ("sla_warning", "sla_breach"):
        if ticket.waiting_since is None or (ticket.round or 1) != timer.round:
            return None
        targets = store.sla()
        target = targets.target(ticket.priority, ticket.round or 1)
        now = store.clock()
        waited = short(now - aware(ticket.waiting_since))
        if timer.kind == "sla_warning":
            due = targets.deadlines(ticket.priority, ticket.round or 1, aware(ticket.waiting_since))[1]
            if now >= due:
                return None  # too late to warn: the breach is said instead
            return f":hourglass: SLA: {handle} has waited {waited} for ticket #{ticket.id}; our reply is due by {_utc(due)} ({short(target)} for {ticket.priority})."
        return f":red_circle: SLA missed: {handle} has waited {waited} for ticket #{ticket.id}, past the {short(target)} target for {ticket.priority}."
    if timer.kind == "follow_up":
        why = f" ({timer.note})" if timer.note else ""
        return f":alarm_clock: Follow-up due on ticket #{ticket.id}: get back to {handle}{why}."
    if timer.kind == ESCALATION:  # nothing to tell once it has left the managers (returned, answered)
        return f"Ticket #{ticket.id} escalated: {' '.join(timer.note.split())[:200]}" if ticket.state == TicketState.ESCALATED else None
    return None


DIGEST_LABELS = {"sla_breached": "SLA missed", "sla_warning": "SLA due soon", "follow_up_reminder": "follow-up due"}
DIGEST_LINES = 20


def unowned_digest(waiting: list[tuple[Ticket, str]]) -> str:
    """The @here digest: the tickets nobody owns that need someone, the most urgent first."""
    order = list(DIGEST_LABELS)
    ranked = sorted(waiting, key=lambda item: (order.index(item[1]) if item[1] in order else len(order), item[0].id))
    lines = [f"{len(ranked)} ticket(s) nobody owns need someone; claim one from its card:"]
    lines += [f"• #{ticket.id} @{ticket.post.author_handle}: {DIGEST_LABELS.get(kind, kind)}" for ticket, kind in ranked[:DIGEST_LINES]]
    if len(ranked) > DIGEST_LINES:
        lines.append(f"…and {len(ranked) - DIGEST_LINES} more (`social-reply tickets --sort priority`).")
    return "\n".join(lines)


class Scheduler:
    def __init__(
        self,
        store: Store,
        inbox: Any = None,
        *,
        worker: str = "",
        claim_lapse: timedelta | None = None,
        digest_every: timedelta = timedelta(minutes=10),
        team: Team | None = None,
        tags_of: Callable[[str], tuple[str, ...]] | None = None,
    ):
        self.store = store
        self.inbox = inbox  # SlackInbox: says it in the card's thread (None: recorded only)
        self.worker = worker or store.me  # the replica: its claims are in flight while it beats
        self.claim_lapse = claim_lapse  # claims idle this long are released (None: never)
        self.digest_every = digest_every  # at most one @here digest of unowned tickets per this
        self.team = team or Team()  # routing: who is on shift with which skills (empty: no routing)
        self.tags_of = tags_of  # an article's tags, for skills (None: ids only)

    def needs(self, ticket: Ticket) -> frozenset[str]:
        """The skills a ticket asks for (routing.needs), from the customer's latest message."""
        articles = [str(c.get("article_id", "")) for c in (ticket.draft.citations if ticket.draft else [])]
        tags = [tag for article in articles for tag in (self.tags_of(article) if self.tags_of else ())]
        return needs(ticket.post.platform, latest_post(ticket).text, ticket.intent or "", articles, tags)

    def assign(self) -> int:
        """Route the waiting tickets nobody holds to the agents on shift (routing.choose); each
        assignment is said in the card's thread, naming the agent. Returns how many."""
        if not self.team.agents:
            return 0
        now = self.store.clock()
        present = [agent.id for agent in self.team.agents if agent.on_shift(now)]

        def pick(ticket: Ticket, load: dict[str, int], last: dict[str, int], given: dict[str, int]) -> tuple[str, str]:
            choice = choose(self.team, self.needs(ticket), load, last, now, given)
            return choice.agent, choice.why

        done = self.store.assign_waiting(pick, present=present, counted_since=now - EVEN_OVER, first=lambda ticket: bool(self.needs(ticket) & self.team.skills))
        for ticket_id, agent, why in done:
            if self.inbox is None:
                continue
            try:
                self.inbox.refresh(ticket_id)
                self.inbox.note(ticket_id, f"Assigned to {person(agent)} ({why}).")
            except Exception:  # noqa: BLE001 - assigned and recorded; the card catches up on its next redraw
                log.exception("could not show the assignment of ticket %s in Slack", ticket_id)
        return len(done)

    def digest(self) -> int:
        """One `@here` message naming every ticket nobody owns that had a reminder since it was last
        named, at most once per `digest_every` across replicas (instead of a ping per reminder).
        Returns how many tickets it named. A digest Slack refused is tried again next interval."""
        if self.inbox is None or not self.store.digest_due(self.digest_every):
            return 0  # read first: the waiting tickets are loaded only when a digest may go out
        waiting = self.store.unowned_reminded()
        if not waiting or not self.store.take_digest_slot(self.digest_every, worker=self.worker):
            return 0
        self.inbox.announce(unowned_digest(waiting), here=True)
        self.store.record_pinged([ticket.id for ticket, _ in waiting], note=f"@here digest of {len(waiting)}")
        return len(waiting)

    def lapse_claims(self) -> int:
        """Release the claims nobody has acted on for `claim_lapse`, each told in its card's thread
        to its former holder. The store's update decides which replica releases each."""
        if self.claim_lapse is None:
            return 0
        released = self.store.lapse_claims(self.claim_lapse)
        for ticket_id, holder in released:
            if self.inbox is None:
                continue
            try:
                self.inbox.note(
                    ticket_id, f"{person(holder)}'s claim lapsed: nothing was done on the ticket for {short(self.claim_lapse)}. Anyone can pick it up."
                )
                self.inbox.refresh(ticket_id)
            except Exception:  # noqa: BLE001 - released and recorded; only the message failed
                log.exception("could not say in Slack that the claim on ticket %s lapsed", ticket_id)
        return len(released)

    def tick(self) -> int:
        """Route, say what is due (`say_due`), and send the @here digest when one is due. Returns
        how many reminders were said."""
        self.lapse_claims()
        try:
            self.assign()
        except Exception:  # noqa: BLE001 - the store may be down for a moment; assigned next tick
            log.exception("routing the waiting tickets failed; trying again next tick")
        told = self.say_due()
        try:
            self.digest()
        except Exception:  # noqa: BLE001 - Slack may be down; the tickets are named in the next one
            log.exception("the @here digest of unowned tickets could not be sent; it is tried again next interval")
        return told

    def say_due(self, ticket_id: int | None = None, kinds: tuple[str, ...] = ()) -> int:
        """Say every reminder due now (of one ticket, of these `kinds`, when given), each exactly
        once: claimed with its key before it is said, marked said after. One in doubt (its replica
        died, or a delivery broke half way) is looked up by its key first (in the card's thread; an
        escalation in the escalation channel), and said only if it is not there. An escalation is
        said to the managers, a reminder in the card's thread. Returns how many were said."""
        told = 0
        for timer in self.store.take_due(self.worker, ticket_id=ticket_id, kinds=kinds):
            try:
                ticket = self.store.get(timer.ticket_id)
                text = reminder(self.store, timer, ticket)
                if text is None:
                    self.store.cancel(timer.id)
                    continue
                if timer.in_doubt and self.inbox is not None and (found := self._said_before(timer)) is not None:
                    self.store.fire(timer.id, worker=self.worker, note=text, said_ts=found)
                    log.info("timer %s of ticket %s had been said already (message %s); not said again", timer.id, ticket.id, found)
                    continue
                if timer.kind == ESCALATION:  # to the managers' channel, no one in particular
                    said_ts = self.inbox.escalate(ticket.id, key=timer.key or "") if self.inbox is not None else ""
                    told += self._marked(timer, ticket, said_ts, self.store.fire(timer.id, worker=self.worker, note=text, said_ts=said_ts))
                    continue
                to = reminded(ticket, timer.created_by if timer.kind == "follow_up" else "")
                said_ts = self.inbox.tell_owner(ticket.id, text, to, key=timer.key or "") if self.inbox is not None else ""
                told += self._marked(timer, ticket, said_ts, self.store.fire(timer.id, worker=self.worker, note=text, said_ts=said_ts, unowned=not to))
                if self.inbox is not None and timer.kind != "sla_warning":
                    self.inbox.refresh(ticket.id)  # the card shows the breach, or drops the follow-up
            except NotDelivered as exc:
                log.warning("timer %s of ticket %s: %s; trying again later", timer.id, timer.ticket_id, exc)
                self.store.let_go(timer.id, worker=self.worker, said=False)
            except Exception:  # noqa: BLE001 - one bad timer must not stop the others
                log.exception("timer %s of ticket %s could not be finished; whoever takes it looks it up before saying it", timer.id, timer.ticket_id)
                self.store.let_go(timer.id, worker=self.worker, said=None)  # a no-op once it is marked fired
        return told

    def _marked(self, timer: Timer, ticket: Ticket, said_ts: str, fired: bool) -> bool:
        """`fired`; when it is not because another replica took the timer over while this one was
        starved past its lease (alive, but silent) and marked it said with its own message, this
        replica's message is a second one: it is withdrawn, and the escalation's link points at the
        one kept. (Marked said with this very message, found by its key: it stays.)"""
        kept = "" if fired or not said_ts or self.inbox is None else self.store.said_with(timer.id)
        if kept and kept != said_ts:
            escalation = timer.kind == ESCALATION
            channel = self.inbox.escalation_channel if escalation else ticket.card_channel
            self.inbox.withdraw(ticket.id, channel, said_ts, kept=kept, what="escalation" if escalation else "reminder")
            if escalation:
                self.store.move_escalation(ticket.id, channel, said_ts, kept)
        return fired

    def _said_before(self, timer: Timer) -> str | None:
        """The message that said a timer in doubt, looked up by its key where it would be: an
        escalation in the escalation channel, a reminder in the card's thread."""
        key = timer.key or ""
        if timer.kind == ESCALATION:
            return self.inbox.find_escalation(timer.ticket_id, key, timer.due_at)
        return self.inbox.find_said(timer.ticket_id, key)

    def run(self, stop: threading.Event, interval: float) -> None:
        """Tick until `stop`; a tick under way is finished first (the caller joins this thread)."""
        while not stop.is_set():
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the store may be down for a moment
                log.exception("the timer loop failed; trying again in %.0f s", interval)
            stop.wait(interval)
