"""What the store's repositories share: loading a ticket, the values a state change writes, a
post's row, and text any database holds. Functions of a session, so any repository calls them
inside its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Executable, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.errors import IllegalTransition, TicketChanged, TicketNotFound
from assistant.policy import FINISHED, HINTS, TRANSITIONS, TicketState
from assistant.posts import Post
from assistant.privacy import mask_personal_data
from assistant.store.models import PostRow, Setting, Ticket, Timer

S = TicketState
SLA_TIMERS = ("sla_warning", "sla_breach")
# The managers told of an escalation: a timer due at once, made with the escalation itself, so the
# announcement has an owner in the database and a replica dying before (or while) saying it leaves
# it to another (`Scheduler.say_due`), said once.
ESCALATION = "escalation"


def changed(session: Session, statement: Executable) -> int:
    """Run a conditional UPDATE (or DELETE) and say how many rows it changed: the compare-and-swap
    every concurrent step is built on."""
    result = session.execute(statement)
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


def lock(session: Session, name: str, now: datetime) -> None:
    """Make this transaction the only one doing `name` until it ends, across replicas: a row is
    written first (PostgreSQL holds the row's lock, SQLite its write lock, until commit or rollback)."""
    key = f"lock:{name}"[:64]
    if changed(session, update(Setting).where(Setting.name == key).values(value=now.isoformat(), changed_at=now)) == 1:
        return
    try:
        with session.begin_nested():
            session.add(Setting(name=key, value=now.isoformat(), changed_by="", changed_at=now))
    except IntegrityError:  # another replica created it meanwhile: wait for its lock
        changed(session, update(Setting).where(Setting.name == key).values(value=now.isoformat(), changed_at=now))


def load_ticket(session: Session, ticket_id: object) -> Ticket:
    ticket = session.get(Ticket, as_id(ticket_id))
    if ticket is None:
        raise TicketNotFound(ticket_id)
    return ticket


def cancel_timers(session: Session, ticket_id: int, kinds: Iterable[str]) -> None:
    session.execute(update(Timer).where(Timer.ticket_id == ticket_id, Timer.kind.in_(list(kinds)), Timer.status == "pending").values(status="cancelled"))


def transition_values(current: TicketState, to: TicketState, *, actor: str, version: int, now: datetime, note: str = "", ticket_id: int = 0) -> dict[str, Any]:
    """What a ticket's row becomes when it moves from `current` to `to` (IllegalTransition when the
    lifecycle does not allow it)."""
    if to not in TRANSITIONS[current]:
        raise IllegalTransition(ticket_id, current, to, HINTS.get(current, ""))
    values: dict[str, Any] = {"state": to, "updated_at": now, "last_actor": actor, "version": version + 1}
    if to is S.ESCALATED:
        values["escalation_reason"] = note
    if to is S.ESCALATED or current is S.ESCALATED or to in FINISHED:
        values["claimed_by"] = ""  # handed on, returned or finished: nobody holds it any more
    if to in FINISHED:
        values["waiting_since"] = None  # answered or finished: the customer waits for nothing more
    return values


def latest_customer_post(session: Session, ticket: Ticket) -> PostRow:
    """The customer's newest message in the conversation (the opening post when there is no other)."""
    latest = session.scalar(select(PostRow).where(PostRow.conversation_ticket_id == ticket.id, PostRow.ours.is_not(True)).order_by(PostRow.id.desc()).limit(1))
    return latest or ticket.post


def post_row(post: Post, *, ours: bool = False) -> PostRow:
    return PostRow(
        platform=post.platform,
        external_id=post.external_id,
        author_handle=post.author_handle,
        author_id=post.author_id,
        author_name=post.author_name,
        author_followers=post.author_followers,
        text=post.text,
        url=post.url,
        in_reply_to_id=post.in_reply_to_id,
        in_reply_to_text=post.in_reply_to_text,
        conversation_id=post.conversation_id,
        posted_at=post.created_at,
        ours=ours,
        reply_url=post.reply_url,
        reply_source=post.reply_source,
    )


def actor_of(post: Post, ours: bool) -> str:
    """The actor of a message in the audit log: the customer's handle, or 'us' for our own account."""
    return "us" if ours else "@" + post.author_handle[:60]


def same_author(row: PostRow, post: Post) -> bool:
    if row.author_id and post.author_id:
        return row.author_id == post.author_id
    return row.author_handle.lower() == post.author_handle.lower()


def storable(text: str, *, mask: bool = False) -> str:
    """Text any database holds: lone surrogates and NULs written out as escapes; personal data
    masked when `mask` (a rejected item's copy is read by operators)."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return mask_personal_data(text).text if mask else text


def check_seen(ticket: Ticket, seen: int | None) -> None:
    if seen is not None and (ticket.version or 0) != seen:
        raise TicketChanged(ticket.id, what_changed(ticket))


def what_changed(ticket: Ticket) -> str:
    """The latest touch, in words, for the agent whose card was out of date."""
    last = ticket.events[-1] if ticket.events else None
    if last is None:
        return f"it is {ticket.state} now"
    what = {"edited": "the reply was edited", "drafted": "a new draft was written", "override": "the checks were overridden"}.get(
        last.kind, f"{last.kind.replace('_', ' ')}"
    )
    by = f" by {last.actor}" if last.actor and last.actor != "system" else ""
    return (
        f"{what}{by}"
        + (f" ({last.note[:120]})" if last.note and last.kind in ("escalated", "returned", "dismissed", "closed") else "")
        + f"; it is {ticket.state} now"
    )


def as_id(ticket_id: object) -> int:
    try:
        return int(str(ticket_id))
    except ValueError:
        raise TicketNotFound(ticket_id) from None


def override_note(problems: list[dict[str, str]], reason: str) -> str:
    names = ", ".join(problem["name"] for problem in problems) or "checks"
    return f"overrode {names}: {reason}"
