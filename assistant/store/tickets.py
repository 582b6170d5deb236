"""A ticket's work: reading tickets, triage, drafts, the state machine's moves (each conditional on
the state and version read), claims and the card's place in Slack."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from assistant.errors import (
    IllegalTransition,
    InvalidReply,
    TicketChanged,
    TicketNotFound,
)
from assistant.policy import (
    FINISHED,
    HINTS,
    OPEN,
    REOPEN,
    TicketState,
    claimed_message,
)
from assistant.sla import Targets, waiting_from
from assistant.store.models import Draft, Event, ModelCall, PostRow, Ticket, Timer
from assistant.store.rows import (
    ESCALATION,
    SLA_TIMERS,
    as_id,
    cancel_timers,
    changed,
    check_seen,
    load_ticket,
    override_note,
    transition_values,
    what_changed,
)
from assistant.store.timers import Timers

S = TicketState


class Tickets(Timers):
    def get(self, ticket_id: int) -> Ticket:
        """The ticket with its post, drafts, events and publication loaded."""
        with self._sessions() as session:
            ticket = session.scalar(
                select(Ticket)
                .where(Ticket.id == as_id(ticket_id))
                .options(
                    selectinload(Ticket.post),
                    selectinload(Ticket.drafts),
                    selectinload(Ticket.events),
                    selectinload(Ticket.publications),
                    selectinload(Ticket.messages),
                )
            )
            if ticket is None:
                raise TicketNotFound(ticket_id)
            return ticket

    def list(
        self,
        states: Iterable[str] | None = None,
        limit: int | None = None,
        *,
        no_match: bool | None = None,
        newest_first: bool = False,
        waiting: bool | None = None,
    ) -> builtins.list[Ticket]:
        """Tickets, oldest first; `waiting`: only those whose customer waits for our answer."""
        with self._sessions() as session:
            query = (
                select(Ticket)
                .options(selectinload(Ticket.post), selectinload(Ticket.drafts), selectinload(Ticket.publications), selectinload(Ticket.messages))
                .order_by(Ticket.id.desc() if newest_first else Ticket.id)
                .limit(limit)
            )
            if no_match is not None:
                query = query.where(Ticket.no_match == no_match)
            if states is not None:
                query = query.where(Ticket.state.in_(list(states)))
            if waiting is not None:
                query = query.where(Ticket.waiting_since.is_not(None) if waiting else Ticket.waiting_since.is_(None))
            return list(session.scalars(query))

    def earlier_tickets(self, ticket_id: int, limit: int = 50) -> builtins.list[Ticket]:
        """The same customer's earlier tickets on the same platform, newest first."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            post = ticket.post
            same = PostRow.author_id == post.author_id if post.author_id else func.lower(PostRow.author_handle) == post.author_handle.lower()
            query = (
                select(Ticket)
                .join(PostRow, Ticket.post_id == PostRow.id)
                .where(PostRow.platform == post.platform, same, Ticket.id < ticket.id)
                .options(selectinload(Ticket.post))
                .order_by(Ticket.id.desc())
                .limit(limit)
            )
            return list(session.scalars(query))

    def counts(self) -> dict[str, int]:
        with self._sessions() as session:
            rows = session.execute(select(Ticket.state, func.count()).group_by(Ticket.state))
            return {state: count for state, count in rows}

    def record_triage(self, ticket_id: int, *, intent: str, sentiment: str, priority: str, score: int, reasons: builtins.list[str]) -> None:
        with self._sessions() as session:
            self._triaged(session, load_ticket(session, ticket_id), intent=intent, sentiment=sentiment, priority=priority, score=score, reasons=reasons)
            session.commit()

    def _triaged(
        self,
        session: Session,
        ticket: Ticket,
        *,
        intent: str,
        sentiment: str,
        priority: str,
        score: int,
        reasons: builtins.list[str],
        targets: Targets | None = None,
    ) -> None:
        """Record triage's verdict and start the SLA clock it sets. `targets`: read already, for a
        ticket opened in this transaction (which has no earlier timers to cancel)."""
        ticket.intent, ticket.sentiment, ticket.priority = intent, sentiment, priority
        ticket.priority_score, ticket.priority_reasons = score, list(reasons)
        session.add(Event(ticket_id=ticket.id, actor="system", kind="triaged", note=f"{intent}, {priority}"))
        self._schedule_sla(session, ticket, targets, fresh=targets is not None)

    def _free_to_draft(self) -> Any:
        """Nobody drafts it now: never taken, its lease ran out, or its replica is gone."""
        return (Ticket.drafting_until.is_(None)) | (Ticket.drafting_until < self.clock()) | (Ticket.drafting_by.not_in(self.alive() | {self.me}))

    def take_for_drafting(self, ticket_id: int) -> bool:
        """Lease a NEW ticket for drafting so no other replica drafts it at the same time. False when
        it is drafted already or a live replica holds an unexpired lease on it."""
        now = self.clock()
        free = self._free_to_draft()
        with self._sessions() as session:
            taken = changed(
                session,
                update(Ticket)
                .where(Ticket.id == as_id(ticket_id), Ticket.state == S.NEW)
                .where(free)
                .values(drafting_until=now + self.draft_lease, drafting_by=self.me),
            )
            session.commit()
            return taken == 1

    def undrafted(self) -> builtins.list[int]:
        """NEW tickets nobody is drafting now (never taken, their lease ran out, or their replica is gone)."""
        free = self._free_to_draft()
        with self._sessions() as session:
            query = select(Ticket.id).where(Ticket.state == S.NEW).where(free)
            return list(session.scalars(query.order_by(Ticket.id)))

    def unshown(self) -> builtins.list[int]:
        """Open tickets whose card was never posted, where the replica that drafted them is gone
        (a live one is posting the card now, or will)."""
        owners = self.alive() | {self.me}
        with self._sessions() as session:
            query = select(Ticket.id).where(Ticket.state.in_([str(state) for state in OPEN]), Ticket.card_ts == "", Ticket.drafting_by.not_in(owners))
            return list(session.scalars(query.order_by(Ticket.id)))

    def add_draft(self, ticket_id: int, *, ready: bool = False, seen: int | None = None, **fields: Any) -> None:
        """Save a draft (`fields` as `_add_draft` takes them). `ready`: the system's first draft, which
        moves the NEW ticket to AWAITING_REVIEW in the same transaction (a crash leaves it undrafted,
        never half-drafted). `seen`: only if the ticket is still at this version (TicketChanged)."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            if seen is not None:
                current = changed(session, update(Ticket).where(Ticket.id == ticket.id, Ticket.version == seen).values(version=seen))
                if current != 1:
                    session.rollback()
                    raise TicketChanged(ticket.id, "it changed while a new draft was written")
            self._add_draft(session, ticket, **fields)
            if ready:
                session.flush()
                self._move(session, ticket.id, S.AWAITING_REVIEW, actor="system", kind="ready")
            session.commit()

    def _add_draft(
        self,
        session: Session,
        ticket: Ticket,
        *,
        text: str,
        citations: builtins.list[dict[str, Any]],
        drafter: str,
        author: str = "system",
        flags: builtins.list[str] | None = None,
        no_match: bool | None = None,
        dm_text: str = "",
        problems: builtins.list[dict[str, str]] | None = None,
        override_reason: str = "",
        usage: dict[str, Any] | None = None,
        notes: builtins.list[str] | None = None,
        calls: builtins.list[dict[str, Any]] | None = None,
    ) -> None:
        for call in calls or ():
            session.add(ModelCall(ticket_id=ticket.id, **call))
        session.add(
            Draft(
                ticket_id=ticket.id,
                round=ticket.round or 1,
                text=text,
                citations=citations,
                drafter=drafter,
                author=author,
                flags=flags or [],
                dm_text=dm_text,
                problems=problems or [],
                override_by=author if override_reason else "",
                override_reason=override_reason,
                model_notes=notes or [],
                **(usage or {}),
            )
        )
        if no_match is not None:
            ticket.no_match = no_match
        kind = "drafted" if author == "system" else "edited"
        session.add(Event(ticket_id=ticket.id, actor=author, kind=kind, text=text, note=drafter))
        if override_reason:
            session.add(Event(ticket_id=ticket.id, actor=author, kind="override", note=override_note(problems or [], override_reason)))
        ticket.updated_at = self.clock()
        ticket.version = (ticket.version or 0) + 1

    def override_checks(self, ticket_id: int, *, actor: str, reason: str, seen: int | None = None) -> None:
        """An agent takes responsibility for the current draft despite its failed checks."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            check_seen(ticket, seen)
            draft = session.scalar(select(Draft).where(Draft.ticket_id == ticket.id).order_by(Draft.id.desc()).limit(1))
            if draft is None or not draft.problems:
                raise InvalidReply(f"Ticket {ticket.id}'s draft has no failed checks to override.")
            draft.override_by, draft.override_reason = actor, reason
            ticket.version = (ticket.version or 0) + 1
            session.add(Event(ticket_id=ticket.id, actor=actor, kind="override", note=override_note(draft.problems, reason)))
            session.commit()

    def transition(
        self,
        ticket_id: int,
        to: TicketState,
        *,
        actor: str,
        kind: str,
        text: str = "",
        note: str = "",
        seen: int | None = None,
        claimant: str | None = None,
    ) -> TicketState:
        """Move a ticket to `to` if that is legal from its current state; returns the state it left.

        The update is conditional on the state (and version) we read, so of two concurrent callers
        only one wins. `seen`: the version the acting agent's card showed; stale is refused.
        `claimant`: refuse when someone else holds the ticket (checked in the same update).
        """
        with self._sessions() as session:
            current = self._move(session, ticket_id, to, actor=actor, kind=kind, text=text, note=note, seen=seen, claimant=claimant)
            session.commit()
            return current

    def _move(
        self,
        session: Session,
        ticket_id: int,
        to: TicketState,
        *,
        actor: str,
        kind: str,
        text: str = "",
        note: str = "",
        seen: int | None = None,
        claimant: str | None = None,
    ) -> TicketState:
        ticket = load_ticket(session, ticket_id)
        current = TicketState(ticket.state)
        values = transition_values(current, to, actor=actor, version=ticket.version or 0, now=self.clock(), note=note, ticket_id=ticket.id)
        check_seen(ticket, seen)
        query = update(Ticket).where(Ticket.id == ticket.id, Ticket.state == current, Ticket.version == ticket.version)
        if claimant is not None:
            query = query.where(Ticket.claimed_by.in_(["", claimant]))
        moved = changed(session, query.values(**values))
        if moved != 1:
            session.rollback()
            latest = load_ticket(session, ticket_id)
            session.refresh(latest)
            if claimant is not None and latest.claimed_by not in ("", claimant):
                raise InvalidReply(claimed_message(latest.id, latest.claimed_by))
            if TicketState(latest.state) == current and seen is not None:
                raise TicketChanged(ticket.id, what_changed(latest))
            raise IllegalTransition(ticket.id, latest.state, to, HINTS.get(TicketState(latest.state), "Someone else acted on it first."))
        session.add(Event(ticket_id=ticket.id, actor=actor, kind=kind, from_state=current, to_state=to, text=text, note=note))
        if to is TicketState.ESCALATED:  # the managers are told by whoever takes it first (`Scheduler.say_due`)
            session.add(Timer(ticket_id=ticket.id, kind=ESCALATION, round=ticket.round or 1, due_at=self.clock(), created_by=actor[:64], note=note[:500]))
        if to in FINISHED:
            cancel_timers(session, ticket.id, SLA_TIMERS)
        session.expire(ticket)
        return current

    def _reopen(self, session: Session, ticket: Ticket, *, note: str, written: datetime | None = None) -> bool:
        """The customer wrote again after the ticket finished: policy's reopen edge, a new round with
        the wait counted from when they wrote (`written`, on the customer's clock). Conditional on the state and version read, so of two workers one
        reopens; False when the ticket changed meanwhile (read it again)."""
        session.flush()
        now = self.clock()
        current = TicketState(ticket.state)
        values = transition_values(current, REOPEN, actor="system", version=ticket.version or 0, now=now, ticket_id=ticket.id)
        del values["last_actor"]  # the card still says who finished it
        values.update(round=(ticket.round or 1) + 1, waiting_since=waiting_from(written, now), drafting_until=None)
        moved = changed(session, update(Ticket).where(Ticket.id == ticket.id, Ticket.state == current, Ticket.version == ticket.version).values(**values))
        if moved != 1:
            return False
        session.add(Event(ticket_id=ticket.id, actor="system", kind="reopened", from_state=current, to_state=REOPEN, note=note))
        session.expire(ticket)
        return True

    def note(self, ticket_id: int, *, actor: str, kind: str, note: str = "", text: str = "") -> None:
        """Record a touch that does not change the state (a claim, a comment, an override)."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            session.add(Event(ticket_id=ticket.id, actor=actor, kind=kind, note=note, text=text))
            session.commit()

    def keep_card(self, ticket_id: int, channel: str, ts: str) -> tuple[str, str]:
        """Record `ts` as the ticket's card if it has none yet; the card the ticket keeps (channel,
        ts): this one, or the one another replica recorded first. Of two replicas that each posted
        a card (one starved past its lease while the other took its work over), one keeps its card."""
        with self._sessions() as session:
            session.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.card_ts == "").values(card_channel=channel, card_ts=ts))
            session.commit()
            ticket = load_ticket(session, ticket_id)
            return ticket.card_channel, ticket.card_ts

    def move_escalation(self, ticket_id: int, channel: str, withdrawn: str, kept: str) -> None:
        """The ticket's message to the managers is `kept`, where it was `withdrawn` (a second one,
        deleted); a later escalation's message is left as it is."""
        with self._sessions() as session:
            session.execute(
                update(Ticket).where(Ticket.id == ticket_id, Ticket.escalation_ts == withdrawn).values(escalation_channel=channel, escalation_ts=kept)
            )
            session.commit()

    def set_card(self, ticket_id: int, channel: str, ts: str, *, escalation: bool = False) -> None:
        """Where the ticket's card (or its message to managers) is in Slack, to update it in place."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            if escalation:
                ticket.escalation_channel, ticket.escalation_ts = channel, ts
            else:
                ticket.card_channel, ticket.card_ts = channel, ts
            session.commit()
