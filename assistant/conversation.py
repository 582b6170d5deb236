"""A ticket's conversation: the customer's messages and our replies in the order they happened, and
what a drafter needs to know of it (what we already said, which articles we already sent)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from assistant.store.models import aware

if TYPE_CHECKING:
    from assistant.store.models import PostRow, Ticket

MAX_QUOTED = 12  # messages a drafter is given (the newest), each at most QUOTED_CHARS
QUOTED_CHARS = 1000


@dataclass(frozen=True)
class Message:
    at: datetime
    ours: bool  # our reply (through the tool, or seen in the feed), else the customer's
    who: str  # "@handle" for the customer; the approving agent's id, or "" for our account
    text: str
    external_id: str = ""
    outside: bool = False  # ours, but posted outside this tool (seen in the feed)


def _aware(moment: datetime | None) -> datetime:
    return datetime.min.replace(tzinfo=UTC) if moment is None else aware(moment)


def posts_of(ticket: Ticket) -> list[PostRow]:
    """Every post of the conversation, the opening one first (a ticket from before conversations
    has only that one)."""
    rows = list(ticket.messages or [])
    if ticket.post is not None and all(row.id != ticket.post.id for row in rows):
        rows.insert(0, ticket.post)
    return rows


def messages(ticket: Ticket) -> list[Message]:
    """The conversation in order: posts by when they reached us, our replies by when they were
    approved (each message shows the platform's own time)."""
    found: list[tuple[datetime, int, Message]] = []
    for row in posts_of(ticket):  # in the order they reached us (platform times can be skewed)
        who = "" if row.ours else "@" + row.author_handle
        found.append((_aware(row.received_at), 0, Message(_aware(row.posted_at), bool(row.ours), who, row.text, row.external_id, outside=bool(row.ours))))
    for reply in ticket.replies:  # when they were approved and handed to the platform
        found.append((_aware(reply.created_at), 1, Message(_aware(reply.created_at), True, reply.approved_by, reply.text, reply.external_id)))
    return [message for _, _, message in sorted(found, key=lambda item: (item[0], item[1]))]


def customer_posts(ticket: Ticket) -> list[PostRow]:
    return [row for row in posts_of(ticket) if not row.ours]


def unanswered_posts(ticket: Ticket) -> list[PostRow]:
    """The customer's posts since our last reply (all of them before our first)."""
    said = messages(ticket)
    last_ours = max((i for i, m in enumerate(said) if m.ours), default=-1)
    waiting = {m.external_id for m in said[last_ours + 1 :] if not m.ours}
    rows = [row for row in customer_posts(ticket) if row.external_id in waiting]
    return rows or customer_posts(ticket)[-1:]


@dataclass(frozen=True)
class Parent:
    """The post a conversation's first message replies to, which the conversation doesn't hold."""

    external_id: str
    text: str = ""  # its text, when the source gave it with the reply (X's referenced tweet)


def unseen_parent(ticket: Ticket) -> Parent | None:
    """The post the conversation's first message replies to, when the conversation doesn't hold
    it and we have not replied since (None otherwise): the customer answers something this tool
    never saw (a reply sent before it was installed, another customer's post, their own post that
    didn't mention us). What they say may only make sense beside it ("It's the Smart Kettle 2,
    firmware 4.1"). Once we have replied, the conversation is ours to read."""
    rows = posts_of(ticket)
    first = next((row for row in rows if not row.ours), None)
    if first is None or not first.in_reply_to_id or ticket.replies:
        return None
    held = {row.external_id for row in rows} | {reply.external_id for reply in ticket.replies if reply.external_id}
    return None if first.in_reply_to_id in held else Parent(first.in_reply_to_id, first.in_reply_to_text or "")


def latest_post(ticket: Ticket) -> PostRow:
    """The customer's newest message: what the current round answers."""
    return customer_posts(ticket)[-1]


@dataclass(frozen=True)
class History:
    """What a drafter knows of the conversation before the message it answers."""

    messages: list[Message] = field(default_factory=list)
    sent_articles: frozenset[str] = frozenset()  # cited by replies we already sent
    replies: int = 0  # replies we already sent

    def fresh(self, matched: list[tuple[Any, float]]) -> list[tuple[Any, float]]:
        """Matched articles we have not sent yet: a follow-up never repeats an answer."""
        return [(article, score) for article, score in matched if article.id not in self.sent_articles]

    def quoted(self) -> str:
        """The conversation as quoted data for a model: one JSON object per line, newest last,
        each text capped, so nothing the customer wrote can close the quote or fake a section."""
        lines = []
        for message in self.messages[-MAX_QUOTED:]:
            text = " ".join(message.text.split())
            lines.append(
                json.dumps(
                    {"from": "us" if message.ours else "customer", "at": message.at.isoformat(timespec="minutes"), "text": text[:QUOTED_CHARS]},
                    ensure_ascii=False,
                )
            )
        return "\n".join(lines) or "(none: this is the first message)"


def history_of(ticket: Ticket) -> History:
    """The conversation so far and the articles our earlier rounds cited, for the current round's draft."""
    answered = {reply.round or 1 for reply in ticket.replies if (reply.round or 1) < (ticket.round or 1)}
    last_draft = {draft.round or 1: draft for draft in ticket.drafts}  # the latest of each round is what went out
    sent = frozenset(str(c.get("article_id", "")) for r in answered if r in last_draft for c in (last_draft[r].citations or []))
    return History(messages(ticket), sent, len(ticket.replies))
