"""Publishing: the right to post claimed before anything is sent, the outcome recorded after, the DM
queued behind its reply, and what a stopped process left in flight."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from assistant.errors import IllegalTransition, TicketNotFound
from assistant.policy import HINTS, TRANSITIONS, TicketState
from assistant.sla import promised_follow_up
from assistant.store.models import DM, REPLY, Event, PostRow, Publication, Ticket
from assistant.store.rows import changed, check_seen, latest_customer_post, load_ticket
from assistant.store.tickets import Tickets

S = TicketState


class Publications(Tickets):
    def publications(self) -> list[Publication]:
        with self._sessions() as session:
            return list(session.scalars(select(Publication).order_by(Publication.id)))

    def begin_publication(
        self,
        ticket_id: int,
        *,
        actor: str,
        text: str,
        dm_text: str = "",
        seen: int | None = None,
        edit: dict[str, Any] | None = None,
    ) -> Publication:
        """Claim the right to post `text` for this ticket: in one transaction, save the agent's edit
        (if any) as the draft, move the ticket to SENDING, record the reply as pending and its DM (if
        any) as queued behind it. Nothing is sent before this commits, so what is sent is recorded.

        Raises IllegalTransition if the ticket cannot be sent now (already sending or sent, dismissed,
        or a previous attempt may have reached the platform), TicketChanged if `seen` is stale.
        """
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            state_before = ticket.state
            check_seen(ticket, seen)
            if S.SENDING not in TRANSITIONS[TicketState(ticket.state)]:
                raise IllegalTransition(ticket.id, ticket.state, S.SENDING, HINTS.get(TicketState(ticket.state), "Nothing was sent."))
            this_round = ticket.round or 1
            previous = {p.kind: p for p in session.scalars(select(Publication).where(Publication.ticket_id == ticket.id, Publication.round == this_round))}
            reply = previous.get(REPLY)
            if reply is not None and reply.status != "failed":
                raise IllegalTransition(
                    ticket.id,
                    state_before,
                    S.SENDING,
                    f"A reply was already handed to {reply.platform} ({reply.status}); check the platform before doing anything else.",
                )
            if edit is not None:
                self._add_draft(session, ticket, **edit)
                session.flush()
                seen = ticket.version
            self._move(session, ticket.id, S.SENDING, actor=actor, kind="approved", text=text, seen=seen, claimant=actor)
            post = ticket.post
            answered = latest_customer_post(session, ticket)  # the reply answers their latest message
            if reply is None:
                reply = Publication(
                    ticket_id=ticket.id, kind=REPLY, round=this_round, platform=post.platform, in_reply_to_id=answered.external_id, status="pending"
                )
                session.add(reply)
            reply.text, reply.status, reply.approved_by, reply.detail, reply.taken_by = text, "pending", actor, "", self.me
            dm = previous.get(DM)
            if dm_text.strip() and (dm is None or dm.status in ("queued", "failed")):
                if dm is None:
                    dm = Publication(
                        ticket_id=ticket.id, kind=DM, round=this_round, platform=post.platform, in_reply_to_id=post.author_id or "", status="queued"
                    )
                    session.add(dm)
                dm.text, dm.status, dm.approved_by, dm.detail = dm_text, "queued", actor, ""
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise IllegalTransition(ticket.id, S.SENDING, S.SENDING, HINTS[S.SENDING]) from None
            return reply

    def finish_publication(
        self,
        ticket_id: int,
        *,
        status: str,
        external_id: str = "",
        detail: str = "",
        actor: str = "system",
        kind: str = REPLY,
        round: int | None = None,
    ) -> None:
        """Record how sending went (`round`: the publication's; the ticket's current one by default).
        The reply: `posted`/`dry_run` → SENT; `failed`/`uncertain` → SEND_FAILED. A sent reply that
        promises to get back sets a follow-up; if the customer wrote again while it was being sent,
        the ticket reopens at once. The DM changes no state; its outcome is an event on the ticket."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            this_round = round if round is not None else (ticket.round or 1)
            publication = session.scalar(
                select(Publication).where(Publication.ticket_id == ticket.id, Publication.kind == kind, Publication.round == this_round)
            )
            if publication is None:
                raise TicketNotFound(ticket_id)
            was = publication.status
            publication.status, publication.external_id, publication.detail = status, external_id, detail
            if kind == REPLY:
                sent = status in ("posted", "dry_run")
                if not sent and TicketState(ticket.state) is S.SEND_FAILED:
                    # Already settled as uncertain (its replica was taken for gone); the platform's
                    # own answer is the better record, and the ticket stays where it is.
                    session.add(Event(ticket_id=ticket.id, actor=actor, kind=status, text=publication.text, note=detail))
                    ticket.version = (ticket.version or 0) + 1
                    session.commit()
                    return
                late = sent and was == "uncertain" and TicketState(ticket.state) is S.SEND_FAILED
                note = f"{detail} (it went out after all: an earlier check had called it uncertain)".strip() if late else detail
                self._move(session, ticket.id, S.SENT if sent else S.SEND_FAILED, actor=actor, kind=status, text=publication.text, note=note)
                if sent:
                    session.flush()
                    ticket = load_ticket(session, ticket.id)
                    session.refresh(ticket)
                    promise = promised_follow_up(publication.text)
                    if promise is not None:
                        self._follow_up(session, ticket, self.clock() + promise, actor="system", note="the reply promised to get back to the customer")
                    answered = session.scalar(
                        select(PostRow.id).where(PostRow.platform == publication.platform, PostRow.external_id == publication.in_reply_to_id)
                    )
                    newer = session.scalar(
                        select(func.min(PostRow.posted_at)).where(
                            PostRow.conversation_ticket_id == ticket.id, PostRow.ours.is_not(True), PostRow.id > (answered or 0)
                        )
                    )
                    if answered and newer is not None:
                        # Our row lock (the move to SENT) holds it: no other worker can have moved it.
                        self._reopen(session, ticket, note="the customer wrote again while our reply was being sent", written=newer)
            else:
                event = {"posted": "dm_sent", "dry_run": "dm_sent", "failed": "dm_failed"}.get(status, "dm_uncertain")
                session.add(Event(ticket_id=publication.ticket_id, actor=actor, kind=event, text=publication.text, note=detail))
                ticket.version = (ticket.version or 0) + 1
            session.commit()

    def begin_dm(self, ticket_id: int, *, actor: str) -> Publication | None:
        """Take the ticket's queued DM for sending (compare-and-swap queued → pending), once the public
        reply of its round has gone out. None when there is nothing to send now (no DM, already taken,
        sent or uncertain, or the reply is not out)."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            out = {p.round for p in ticket.publications if p.kind == REPLY and p.status in ("posted", "dry_run")}
            queued = [p for p in ticket.publications if p.kind == DM and p.status == "queued" and p.round in out]
            if not queued:
                return None
            dm = queued[-1]
            taken = changed(
                session,
                update(Publication)
                .where(Publication.id == dm.id, Publication.status == "queued")
                .values(status="pending", approved_by=actor, taken_by=self.me),
            )
            session.commit()
            if taken != 1:
                return None
            return session.get(Publication, dm.id)

    def queued_dms(self) -> list[int]:
        """Tickets whose reply is out and whose DM still waits (a crash between the two)."""
        with self._sessions() as session:
            published = session.execute(select(Publication.ticket_id, Publication.kind, Publication.round, Publication.status))
            out = {(t, r) for t, k, r, st in published if k == REPLY and st in ("posted", "dry_run")}
            queued = session.execute(select(Publication.ticket_id, Publication.round).where(Publication.kind == DM, Publication.status == "queued"))
            return sorted({t for t, r in queued if (t, r) in out})

    def recover_interrupted(self) -> dict[str, list[int]]:
        """What a replica that is gone was sending may or may not have reached the platform.

        A reply it left pending: the ticket becomes SEND_FAILED with an 'uncertain' publication. A
        DM it left pending becomes 'uncertain'. Either way a person checks the platform before any
        retry. A live replica's sends are left alone, however long they take: it records them itself.
        """
        alive = self.alive() | {self.me}
        with self._sessions() as session:
            pending = select(Publication.ticket_id, Publication.round).where(Publication.status == "pending", Publication.taken_by.not_in(alive))
            replies = {t for t, _ in session.execute(pending.where(Publication.kind == REPLY))}
            sending = set(session.scalars(select(Ticket.id).where(Ticket.state == S.SENDING)))
            stuck = sorted(replies & sending)
            dms = list(session.execute(pending.where(Publication.kind == DM)))
        for ticket_id in stuck:
            try:
                self.finish_publication(ticket_id, status="uncertain", detail="The replica posting it stopped; check the platform before retrying.")
            except IllegalTransition:
                continue  # its replica recorded the outcome meanwhile
        for ticket_id, dm_round in dms:
            self.finish_publication(
                ticket_id, kind=DM, round=dm_round, status="uncertain", detail="The replica sending the DM stopped; check the platform before resending."
            )
        return {"replies": stuck, "dms": [ticket_id for ticket_id, _ in dms]}
