"""SQLAlchemy models: posts, tickets, drafts, the append-only audit log, publications, cursors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A time read back from the store, with its zone: SQLite returns them without one; ours are all UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class PostRow(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_post_platform_external"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(128))
    author_handle: Mapped[str] = mapped_column(String(256))
    author_id: Mapped[str] = mapped_column(String(128), default="")
    author_name: Mapped[str] = mapped_column(String(128), default="")
    author_followers: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2048), default="")
    in_reply_to_id: Mapped[str] = mapped_column(String(128), default="")
    in_reply_to_text: Mapped[str] = mapped_column(Text, default="")  # the replied-to post's text, when the source gave it
    conversation_id: Mapped[str] = mapped_column(String(128), default="", index=True)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The conversation (ticket) the post belongs to: the post that opened it, or one that joined it.
    conversation_ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True, default=None)
    ours: Mapped[bool] = mapped_column(default=False)  # our own account's post, seen in a feed
    reply_url: Mapped[str] = mapped_column(String(2048), default="")  # a webhook sender's callback URL
    reply_source: Mapped[str] = mapped_column(String(32), default="")  # that sender's name

    ticket: Mapped[Ticket] = relationship(back_populates="post", uselist=False)


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), unique=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    intent: Mapped[str] = mapped_column(String(24), default="")
    sentiment: Mapped[str] = mapped_column(String(16), default="")
    priority: Mapped[str] = mapped_column(String(16), default="")
    priority_score: Mapped[int] = mapped_column(Integer, default=0)
    priority_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    no_match: Mapped[bool] = mapped_column(default=False)
    card_channel: Mapped[str] = mapped_column(String(64), default="")
    card_ts: Mapped[str] = mapped_column(String(32), default="")
    escalation_reason: Mapped[str] = mapped_column(Text, default="")
    escalation_channel: Mapped[str] = mapped_column(String(64), default="")
    escalation_ts: Mapped[str] = mapped_column(String(32), default="")
    last_actor: Mapped[str] = mapped_column(String(64), default="")
    claimed_by: Mapped[str] = mapped_column(String(64), default="")  # the one agent working it now
    assigned_to: Mapped[str] = mapped_column(String(64), default="", index=True)  # whose queue it is in (routing)
    # Goes up with every change an agent must have seen before acting (state, draft, override):
    # a click from a card drawn at an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=0)
    drafting_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)
    drafting_by: Mapped[str] = mapped_column(String(64), default="")  # the replica drafting it now
    # The customer's turn we are answering: 1 for the post that opened the ticket, +1 each time the
    # customer writes again after our reply. Publications and SLA timers belong to a round.
    round: Mapped[int] = mapped_column(Integer, default=1)
    # When the customer started waiting for our answer; None while we owe nothing.
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)
    previous_ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None, index=True)  # the older conversation this one follows
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    post: Mapped[PostRow] = relationship(back_populates="ticket")
    drafts: Mapped[list[Draft]] = relationship(back_populates="ticket", order_by="Draft.id")
    events: Mapped[list[Event]] = relationship(back_populates="ticket", order_by="Event.id")
    publications: Mapped[list[Publication]] = relationship(back_populates="ticket", order_by="Publication.id")
    # Every post of the conversation (the customer's, and ours seen in a feed), in the order they came.
    messages: Mapped[list[PostRow]] = relationship(
        PostRow, primaryjoin="foreign(PostRow.conversation_ticket_id) == Ticket.id", viewonly=True, order_by="PostRow.id"
    )

    @property
    def draft(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    @property
    def publication(self) -> Publication | None:
        """This round's public reply, once one was approved."""
        return next((p for p in self.publications if p.kind == REPLY and (p.round or 1) == (self.round or 1)), None)

    @property
    def dm(self) -> Publication | None:
        """The direct message that carries this round's private answer, once its reply was approved."""
        return next((p for p in self.publications if p.kind == DM and (p.round or 1) == (self.round or 1)), None)

    @property
    def replies(self) -> list[Publication]:
        """Every public reply that went out (or may have), all rounds, oldest first."""
        return [p for p in self.publications if p.kind == REPLY and p.status in ("posted", "dry_run")]


class Draft(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    drafter: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(Integer, default=1)  # the ticket's round it answers
    author: Mapped[str] = mapped_column(String(64), default="")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    model_notes: Mapped[list[str] | None] = mapped_column(JSON, default=list, nullable=True)  # the model's words, shown as such
    dm_text: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # failed checks, block Approve
    override_by: Mapped[str] = mapped_column(String(64), default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    model: Mapped[str] = mapped_column(String(128), default="")
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="drafts")

    @property
    def blocked(self) -> bool:
        """Failed checks that nobody has overridden: Approve must wait."""
        return bool(self.problems) and not self.override_reason


class Event(Base):
    """One touch on a ticket. Rows are only ever inserted."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(24), default="")
    to_state: Mapped[str] = mapped_column(String(24), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    ticket: Mapped[Ticket] = relationship(back_populates="events")


REPLY, DM = "reply", "dm"


class Publication(Base):
    """One thing sent for a ticket: a round's public reply, or the DM that follows it. Each is recorded
    before it is sent and after; unique (ticket, kind, round) is the last guard against sending twice."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("ticket_id", "kind", "round", name="uq_publication_ticket_kind_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default=REPLY)
    round: Mapped[int] = mapped_column(Integer, default=1)  # the ticket's round it answers
    platform: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    in_reply_to_id: Mapped[str] = mapped_column(String(128), default="")
    # queued (a DM waiting for its reply), pending (handed to the platform now), posted, dry_run,
    # failed (refused: safe to retry), uncertain (may have gone out: a person checks first)
    status: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128), default="", index=True)  # what a customer's answer replies to
    detail: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    # The replica that handed it to the platform: while that replica lives, nobody else calls it uncertain.
    taken_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="publications")


class Cursor(Base):
    """Where a source left off (for example X's `since_id`)."""

    __tablename__ = "cursors"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class Receipt(Base):
    """Something delivered to us that must be handled once only (a Slack event id): seen before → skip."""

    __tablename__ = "receipts"

    key: Mapped[str] = mapped_column(String(191), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class RejectedItem(Base):
    """An item a source delivered that could not become a ticket: why, and a masked copy of it."""

    __tablename__ = "rejected_items"
    __table_args__ = (UniqueConstraint("source", "digest", name="uq_rejected_source_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))  # x:mentions, replay, webhook
    where: Mapped[str] = mapped_column(Text, default="")  # file and line, or the page
    external_id: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)  # personal data masked, at most RAW_KEPT characters
    digest: Mapped[str] = mapped_column(String(64))  # of the raw item: the same item is kept once
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Timer(Base):
    """Something due at a time: an SLA warning or breach, a follow-up reminder, the managers told
    of an escalation (due at once).

    pending → saying (one replica claimed it and recorded the reminder's key, before saying it) →
    fired, or cancelled. The key is unique: one reminder is claimed once, whichever timer row
    carries it. A `saying` timer whose replica died is in doubt: the message is looked up by its key
    before anything is said again."""

    __tablename__ = "timers"
    __table_args__ = (Index("uq_timers_key", "key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # sla_warning, sla_breach, follow_up, escalation
    round: Mapped[int] = mapped_column(Integer, default=1)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)  # pending, saying, fired, cancelled
    taken_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)  # unused since revision 0002
    taken_by: Mapped[str] = mapped_column(String(64), default="")
    key: Mapped[str | None] = mapped_column(String(96), nullable=True, default=None)  # the reminder's idempotency key (unique)
    said_ts: Mapped[str] = mapped_column(String(32), default="")  # the Slack message that said it
    created_by: Mapped[str] = mapped_column(String(64), default="system")
    note: Mapped[str] = mapped_column(Text, default="")
    fired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    in_doubt = False  # not stored: set by `take_due` on a timer that may have been said already


class Replica(Base):
    """One running bot process. It beats every few seconds; one that stopped beating for the lease
    time is gone, and only then is its unfinished work (a send, a draft, a reminder) taken over."""

    __tablename__ = "replicas"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(128), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)


class Lease(Base):
    """A duty exactly one replica does (a network's poller, the knowledge sync, recovery): held by
    `holder` until `expires_at`, renewed by its heartbeat, taken by another replica once expired."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64), default="")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)
    acquired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)


class Setting(Base):
    """A setting a manager changed at run time (SLA targets); it overrides the environment's."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ModelCall(Base):
    """One request to a language model while drafting, whatever came of it (accepted, no answer,
    rejected, unsupported, failed), with the reason in plain words."""

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    model: Mapped[str] = mapped_column(String(128))
    mode: Mapped[str] = mapped_column(String(16))
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")


class Person(Base):
    """Slack's name for a person who used the app (learned from their own requests), so the
    command line and the report can say who an id is without asking Slack."""

    __tablename__ = "people"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AdminEvent(Base):
    """A touch on the team's settings rather than a ticket (an SLA change, a refused one)."""

    __tablename__ = "admin_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
