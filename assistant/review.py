"""What agents and managers do to a ticket: approve, edit, escalate, dismiss, return, close.

Slack listeners and the terminal review queue both call these, so the rules live in one place.
Nothing is posted unless a person approved the exact text, and a ticket's reply is posted at most once.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.drafting.limits import X_LIMIT, x_weighted_length
from assistant.errors import IllegalTransition, InvalidReply, PublishError
from assistant.publish import PublisherRouter
from assistant.store import TRANSITIONS, Store, Ticket, TicketState

MAX_REASON_CHARS = 1000


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    message: str


def check_reply(text: str) -> str:
    """The text an agent wants posted, normalised; raises InvalidReply with what to fix."""
    text = (text or "").strip()
    if not text:
        raise InvalidReply("The reply is empty. Write the reply to post, or dismiss the ticket.")
    weight = x_weighted_length(text)
    if weight > X_LIMIT:
        raise InvalidReply(
            f"The reply is {weight} characters as X counts them (emoji and CJK count 2, links 23); "
            f"the limit is {X_LIMIT}. Shorten it by {weight - X_LIMIT}."
        )
    return text


class ReviewDesk:
    def __init__(self, store: Store, publishers: PublisherRouter):
        self.store = store
        self.publishers = publishers

    def approve(self, ticket_id: int, actor: str) -> Outcome:
        """Post the current draft exactly as the agent saw it."""
        ticket = self.store.get(ticket_id)
        if ticket.draft is None or not ticket.draft.text.strip():
            raise InvalidReply(f"Ticket {ticket.id} has no drafted reply to send. Use Edit to write one.")
        return self._send(ticket, actor, check_reply(ticket.draft.text))

    def edit_and_send(self, ticket_id: int, actor: str, text: str) -> Outcome:
        """Save the agent's own text as the draft and post it: submitting the edit is the approval."""
        text = check_reply(text)
        ticket = self.store.get(ticket_id)
        if TicketState.SENDING not in TRANSITIONS[TicketState(ticket.state)]:
            # Refuse before saving the draft, so a stale modal can't rewrite a finished ticket's history.
            raise IllegalTransition(ticket.id, ticket.state, TicketState.SENDING, "Nothing was sent.")
        citations = ticket.draft.citations if ticket.draft else []
        self.store.add_draft(ticket.id, text=text, citations=citations, drafter="agent", author=actor)
        return self._send(self.store.get(ticket.id), actor, text)

    def _send(self, ticket: Ticket, actor: str, text: str) -> Outcome:
        self.store.begin_publication(ticket.id, actor=actor, text=text)
        post = ticket.post
        publisher = self.publishers.for_platform(post.platform)
        try:
            result = publisher.publish(
                ticket_id=ticket.id, platform=post.platform, in_reply_to_id=post.external_id, text=text
            )
        except PublishError as exc:
            status = "uncertain" if exc.maybe_posted else "failed"
            self.store.finish_publication(ticket.id, status=status, detail=str(exc), actor=actor)
            return Outcome(self.store.get(ticket.id), f"Not sent: {exc}")
        self.store.finish_publication(
            ticket.id, status=result.status, external_id=result.external_id, detail=result.detail, actor=actor
        )
        where = "to the outbox (dry run)" if result.status == "dry_run" else f"on {post.platform}"
        return Outcome(self.store.get(ticket.id), f"Reply posted {where} by {actor}.")

    def escalate(self, ticket_id: int, actor: str, reason: str) -> Outcome:
        reason = _reason(reason, "Say why this needs a manager or specialist.")
        self.store.transition(ticket_id, TicketState.ESCALATED, actor=actor, kind="escalated", note=reason)
        return Outcome(self.store.get(ticket_id), f"Escalated by {actor}: {reason}")

    def dismiss(self, ticket_id: int, actor: str, reason: str = "no reply needed") -> Outcome:
        reason = _reason(reason or "no reply needed", "")
        self.store.transition(ticket_id, TicketState.DISMISSED, actor=actor, kind="dismissed", note=reason)
        return Outcome(self.store.get(ticket_id), f"Dismissed by {actor} ({reason}).")

    def return_to_agents(self, ticket_id: int, actor: str, note: str) -> Outcome:
        note = _reason(note, "Add a note for the agent who picks it up.")
        self.store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor=actor, kind="returned", note=note)
        return Outcome(self.store.get(ticket_id), f"Returned to the inbox by {actor}: {note}")

    def close(self, ticket_id: int, actor: str, note: str = "closed without a public reply") -> Outcome:
        note = _reason(note or "closed without a public reply", "")
        self.store.transition(ticket_id, TicketState.CLOSED, actor=actor, kind="closed", note=note)
        return Outcome(self.store.get(ticket_id), f"Closed by {actor} ({note}).")


def _reason(text: str, needed: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise InvalidReply(f"A reason is required. {needed}".strip())
    if len(text) > MAX_REASON_CHARS:
        raise InvalidReply(f"The reason is {len(text)} characters; keep it under {MAX_REASON_CHARS}.")
    return text
