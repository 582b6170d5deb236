"""Arrival: a post stored in its conversation (a new ticket, joining an open one, reopening a
finished one, or a duplicate), deduplicated by the (platform, id) key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.errors import TicketChanged
from assistant.policy import TicketState, arrival
from assistant.posts import Post
from assistant.sla import waiting_from
from assistant.store.models import REPLY, Event, PostRow, Publication, Ticket
from assistant.store.rows import (
    SLA_TIMERS,
    actor_of,
    cancel_timers,
    post_row,
    same_author,
    transition_values,
)
from assistant.store.tickets import Tickets

S = TicketState


@dataclass(frozen=True)
class Arrival:
    """What a post did on arrival: opened a ticket (`opened`), joined an open one (`joined`),
    reopened a finished one (`reopened`), was seen before (`duplicate`), or was our own (`ours`)."""

    ticket_id: int | None
    how: str
    previous_ticket_id: int | None = None

    @property
    def created(self) -> bool:
        return self.how == "opened"


class Arrivals(Tickets):
    def add_post(self, post: Post) -> tuple[int, bool]:
        """Store a post: (its ticket id, whether it opened a new ticket). See `arrive`."""
        came = self.arrive(post)
        return int(came.ticket_id or 0), came.created

    def arrive(self, post: Post, *, ours: bool = False) -> Arrival:
        """Store a post in its conversation. A post answering one of our replies, or in the same
        platform conversation and by the same author as a ticket, joins that ticket: an open one as
        it is, a finished one reopened within the reopen window (a new round), an older one is
        followed by a new ticket linked to it. Anything else opens a ticket. A post seen before
        changes nothing. `ours`: our own account's post; it is recorded in the conversation it
        belongs to (or not at all) and never opens a ticket."""
        for _ in range(5):  # a conditional update lost to another worker: read again and retry
            with self._sessions() as session:
                existing = self._ticket_for_post(session, post.platform, post.external_id)
                if existing is not None:
                    return Arrival(existing, "duplicate")
                if ours and session.scalar(
                    select(Publication.ticket_id).where(Publication.platform == post.platform, Publication.external_id == post.external_id)
                ):
                    return Arrival(None, "duplicate")  # our own reply, echoed by the feed
                ticket = self._conversation_of(session, post, any_author=ours)
                now = self.clock()
                how = "ours" if ours else ("opened" if ticket is None else arrival(ticket, now, self.reopen_window))
                if ours and ticket is None:
                    return Arrival(None, "ours")  # not in any conversation we hold: nothing to record
                row = post_row(post, ours=ours)
                try:
                    if how in ("opened", "linked"):
                        opened = self._open(session, row, now, ticket)
                        session.commit()
                        return Arrival(opened.id, "opened", ticket.id if ticket is not None else None)
                    assert ticket is not None
                    row.conversation_ticket_id = ticket.id
                    session.add(row)
                    if how == "reopened":
                        session.add(Event(ticket_id=ticket.id, actor=actor_of(post, ours), kind="message", text=post.text))
                        if not self._reopen(session, ticket, note="the customer wrote again", written=row.posted_at):
                            session.rollback()
                            continue
                    else:
                        session.add(Event(ticket_id=ticket.id, actor=actor_of(post, ours), kind="ours_seen" if ours else "message", text=post.text))
                        ticket.version = (ticket.version or 0) + 1
                        if not ours and ticket.waiting_since is None and TicketState(ticket.state) not in (S.SENT, S.CLOSED, S.DISMISSED):
                            ticket.waiting_since = waiting_from(row.posted_at, now)
                        elif ours and ticket.waiting_since is not None and TicketState(ticket.state) is not S.SENDING:
                            # Someone answered on the platform itself: the customer's wait is over
                            # (the card warns that approving now would answer them twice).
                            ticket.waiting_since = None
                            cancel_timers(session, ticket.id, SLA_TIMERS)
                    session.commit()
                    return Arrival(ticket.id, how)
                except IntegrityError:
                    # Another worker stored the same post between our check and our insert.
                    session.rollback()
                    existing = self._ticket_for_post(session, post.platform, post.external_id)
                    if existing is not None or ours:
                        return Arrival(existing, "duplicate")
                    continue
        raise TicketChanged(0, "the conversation kept changing while a post arrived; it is picked up on the next poll")

    @staticmethod
    def _open(session: Session, row: PostRow, now: datetime, previous: Ticket | None) -> Ticket:
        """A NEW ticket opened by the post `row` (following `previous`, when the conversation had one)."""
        opened = Ticket(post=row, state=S.NEW, waiting_since=waiting_from(row.posted_at, now), previous_ticket_id=previous.id if previous is not None else None)
        session.add_all([row, opened])
        session.flush()
        row.conversation_ticket_id = opened.id
        note = f"follows ticket #{previous.id}" if previous is not None else ""
        session.add(Event(ticket_id=opened.id, actor="system", kind="received", to_state=S.NEW, note=note))
        return opened

    def placement(self, post: Post) -> str:
        """What `arrive` would do with a customer's post, without storing it: `duplicate`, `opens`
        (a new conversation), or `joins` (one we hold). Read-only; `open_decided` checks again."""
        with self._sessions() as session:
            if self._ticket_for_post(session, post.platform, post.external_id) is not None:
                return "duplicate"
            return "opens" if self._conversation_of(session, post) is None else "joins"

    def unsaved(self, post: Post) -> Ticket:
        """The ticket `post` would open, as a drafter reads one (its post, no replies), never stored."""
        now = self.clock()
        row = post_row(post)
        row.received_at = now
        return Ticket(post=row, state=S.NEW, round=1, version=0, waiting_since=waiting_from(row.posted_at, now), drafts=[], publications=[], events=[])

    def open_decided(self, post: Post, *, triage: dict[str, Any], draft: dict[str, Any]) -> Arrival | None:
        """Open a ticket for a new conversation with its triage and first draft decided already, in
        one transaction: the post, the ticket (awaiting review), its events, SLA timers and draft
        are all written or none is. The post seen before: `duplicate`, nothing written. None, with
        nothing written, when it turns out to belong to a conversation we hold (store it with
        `arrive`, which decides how it joins)."""
        with self._sessions() as session:
            existing = self._ticket_for_post(session, post.platform, post.external_id)
            if existing is not None:
                return Arrival(existing, "duplicate")
            if self._conversation_of(session, post) is not None:
                return None
            now = self.clock()
            targets = self._sla(session)  # read before anything is written (no flush in between)
            try:
                ticket = self._open(session, post_row(post), now, None)
            except IntegrityError:
                # Another worker stored the same post between our check and our insert.
                session.rollback()
                existing = self._ticket_for_post(session, post.platform, post.external_id)
                return None if existing is None else Arrival(existing, "duplicate")
            ticket_id = ticket.id
            self._triaged(session, ticket, targets=targets, **triage)
            self._add_draft(session, ticket, **draft)
            # The ticket is this transaction's own: no other worker can have moved it.
            values = transition_values(S.NEW, S.AWAITING_REVIEW, actor="system", version=ticket.version or 0, now=now)
            for name, value in values.items():
                setattr(ticket, name, value)
            session.add(Event(ticket_id=ticket_id, actor="system", kind="ready", from_state=S.NEW, to_state=S.AWAITING_REVIEW))
            session.commit()
            return Arrival(ticket_id, "opened")

    def _conversation_of(self, session: Session, post: Post, *, any_author: bool = False) -> Ticket | None:
        """The newest ticket of the conversation `post` belongs to, or None."""
        found: int | None = None
        if post.in_reply_to_id:
            found = session.scalar(
                select(Publication.ticket_id).where(
                    Publication.platform == post.platform, Publication.external_id == post.in_reply_to_id, Publication.kind == REPLY
                )
            )
            if found is None:
                parent = session.scalar(select(PostRow).where(PostRow.platform == post.platform, PostRow.external_id == post.in_reply_to_id))
                if parent is not None:
                    found = self._ticket_of_row(session, parent)
            if found is not None and not any_author:
                # Someone else answering our reply to a customer is their own conversation.
                opener = session.scalar(select(PostRow).join(Ticket, Ticket.post_id == PostRow.id).where(Ticket.id == found))
                if opener is None or not same_author(opener, post):
                    found = None
        if found is None and post.conversation_id:
            # Two indexed lookups (an OR of the two would scan every post of the platform): posts
            # in the conversation, and the post that started it.
            in_thread = select(PostRow).where(PostRow.conversation_id == post.conversation_id).order_by(PostRow.id.desc()).limit(200)
            starter = select(PostRow).where(PostRow.platform == post.platform, PostRow.external_id == post.conversation_id)
            rows = sorted({row.id: row for row in [*session.scalars(in_thread), *session.scalars(starter)]}.values(), key=lambda row: -row.id)
            rows = [row for row in rows if row.platform == post.platform and not row.ours]
            found = next((self._ticket_of_row(session, row) for row in rows if any_author or same_author(row, post)), None)
        if found is None:
            return None
        for _ in range(1000):  # the newest ticket of a chain of linked ones
            newer = session.scalar(select(Ticket.id).where(Ticket.previous_ticket_id == found).order_by(Ticket.id.desc()).limit(1))
            if newer is None:
                break
            found = newer
        return session.get(Ticket, found)

    @staticmethod
    def _ticket_of_row(session: Session, row: PostRow) -> int | None:
        return row.conversation_ticket_id or session.scalar(select(Ticket.id).where(Ticket.post_id == row.id))

    @staticmethod
    def _ticket_for_post(session: Session, platform: str, external_id: str) -> int | None:
        found = session.execute(
            select(PostRow.id, PostRow.conversation_ticket_id).where(PostRow.platform == platform, PostRow.external_id == external_id)
        ).first()
        if found is None:
            return None
        return found.conversation_ticket_id or session.scalar(select(Ticket.id).where(Ticket.post_id == found.id))

    def known(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (platform, external id) pairs are stored posts, in one query."""
        by_platform: dict[str, set[str]] = {}
        for platform, external_id in keys:
            by_platform.setdefault(platform, set()).add(external_id)
        found: set[tuple[str, str]] = set()
        with self._sessions() as session:
            for platform, ids in by_platform.items():  # the (platform, external id) index, a query a platform
                query = select(PostRow.external_id).where(PostRow.platform == platform, PostRow.external_id.in_(ids))
                found.update((platform, str(external_id)) for external_id in session.scalars(query))
        return found

    def find_post(self, platform: str, external_id: str) -> PostRow | None:
        """A stored post by its platform and id (ours or a customer's), or None."""
        with self._sessions() as session:
            row = session.scalar(select(PostRow).where(PostRow.platform == platform, PostRow.external_id == external_id))
            if row is not None:
                session.expunge(row)
            return row
