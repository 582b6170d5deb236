"""What agents and managers do to a ticket: approve, edit, escalate, dismiss, return, close.

Slack listeners and the terminal review queue both call these, so the rules live in one place.
Nothing is posted unless a person approved the exact text, and a ticket's reply is posted at most once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.drafting.checks import THREAD_SEPARATOR, Problem, platform_length, thread_parts
from assistant.errors import IllegalTransition, InvalidReply, PublishError
from assistant.publish import PublisherRouter
from assistant.store import TRANSITIONS, Store, Ticket, TicketState
from assistant.store.models import DM

log = logging.getLogger(__name__)
MAX_REASON_CHARS = 1000


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    message: str


def check_reply(text: str, platform: str = "x") -> str:
    """The text an agent wants posted, normalised; raises InvalidReply with what to fix.

    A thread is written as parts separated by a line holding only `---`; each part must fit.
    """
    text = (text or "").strip().replace("\r\n", "\n")
    parts = thread_parts(text)
    if not parts:
        raise InvalidReply("The reply is empty. Write the reply to post, or dismiss the ticket.")
    for number, part in enumerate(parts, start=1):
        length, limit, unit = platform_length(part, platform)
        if length > limit:
            where = f"Part {number} of the thread" if len(parts) > 1 else "The reply"
            raise InvalidReply(f"{where} is {length} {unit}; the limit is {limit}. Shorten it by {length - limit}, or split it with a line holding only ---.")
    return THREAD_SEPARATOR.join(parts)


Checker = Callable[[Ticket, str, str], list[Problem]]


def blocked_message(ticket_id: int, problems: list[dict[str, str]]) -> str:
    listed = "; ".join(f"{p['name']} ({p['reason']})" for p in problems)
    return f"Approve is blocked on ticket {ticket_id}: {listed}. Edit the reply, or override the checks with a reason."


def unexpected_failure(exc: Exception) -> str:
    """What to tell an agent when their action failed in a way we didn't foresee: the truth, which is
    that we don't know how far it got, and where to look."""
    return (
        f"Something went wrong on our side ({type(exc).__name__}); it was logged. This action may or may not "
        "have taken effect: the ticket's card shows where it stands. If it says Sending or Not sent, check the "
        "platform before doing anything else."
    )


def model_notes(ticket: Ticket) -> list[str]:
    """The model's risk notes as plain quoted words: no formatting, links or mentions can survive
    into the card, and they are labelled as the model's, never as guidance."""
    draft = ticket.draft
    notes = (draft.model_notes or []) if draft else []
    cleaned = [re.sub(r"[*_~`>|<\[\]]", "", " ".join(note.split()))[:300] for note in notes[:5]]
    return [note for note in cleaned if note]


def describe_dm(ticket: Ticket) -> str:
    """Where the ticket's DM is, in words for the card; '' when it has none."""
    dm = ticket.dm
    if dm is None:
        return ""
    return {
        "queued": "DM waiting to be sent after the public reply",
        "pending": "DM being sent",
        "posted": "DM sent",
        "dry_run": "DM written to the outbox (dry run)",
        "failed": f"DM NOT sent ({dm.detail}); send it by hand",
        "uncertain": f"DM may or may not have been sent ({dm.detail})",
    }.get(dm.status, f"DM {dm.status}")


class ReviewDesk:
    def __init__(self, store: Store, publishers: PublisherRouter, check: Checker):
        self.store = store
        self.publishers = publishers
        self.check = check

    def claim(self, ticket_id: int, actor: str) -> Outcome:
        """One agent works a ticket at a time: others can't send, edit, escalate or dismiss it."""
        self.store.claim(ticket_id, actor=actor)
        return Outcome(self.store.get(ticket_id), f"Claimed by {actor}.")

    def release(self, ticket_id: int, actor: str) -> Outcome:
        self.store.release(ticket_id, actor=actor)
        return Outcome(self.store.get(ticket_id), f"Released by {actor}; anyone can pick it up.")

    def _not_claimed_by_another(self, ticket: Ticket, actor: str) -> None:
        if ticket.claimed_by and ticket.claimed_by != actor:
            raise InvalidReply(f"Ticket {ticket.id} is claimed by {ticket.claimed_by}, who is working on it. Ask them before acting.")

    def approve(self, ticket_id: int, actor: str, seen: int | None = None) -> Outcome:
        """Post the current draft exactly as the agent saw it (and its DM, if it has one).

        `seen` is the ticket's version on the agent's card: if anything changed since, nothing is sent.
        """
        ticket = self.store.get(ticket_id)
        self._not_claimed_by_another(ticket, actor)
        draft = ticket.draft
        if draft is None or not draft.text.strip():
            raise InvalidReply(f"Ticket {ticket.id} has no drafted reply to send. Use Edit to write one.")
        if draft.blocked:
            raise InvalidReply(blocked_message(ticket.id, draft.problems))
        text = check_reply(draft.text, ticket.post.platform)
        self.store.begin_publication(ticket.id, actor=actor, text=text, dm_text=draft.dm_text, seen=seen)
        return self._deliver(ticket.id, actor)

    def override(self, ticket_id: int, actor: str, reason: str, seen: int | None = None) -> Outcome:
        """Take responsibility for a draft despite its failed checks; the reason goes into the audit log."""
        reason = _reason(reason, "Say why this reply is right despite the failed checks.")
        self._not_claimed_by_another(self.store.get(ticket_id), actor)
        self.store.override_checks(ticket_id, actor=actor, reason=reason, seen=seen)
        return Outcome(self.store.get(ticket_id), f"Checks overridden by {actor}: {reason}")

    def edit_and_send(self, ticket_id: int, actor: str, text: str, override_reason: str = "", seen: int | None = None) -> Outcome:
        """Save the agent's own text as the draft and post it: submitting the edit is the approval.

        The edited text passes the same checks as any draft; a failing edit is refused unless the
        agent gives an override reason. Saving the text and claiming the send are one transaction,
        so no other approval can post this text, and this edit can't land on a finished ticket.
        """
        ticket = self.store.get(ticket_id)
        self._not_claimed_by_another(ticket, actor)
        text = check_reply(text, ticket.post.platform)
        if TicketState.SENDING not in TRANSITIONS[TicketState(ticket.state)]:
            raise IllegalTransition(ticket.id, ticket.state, TicketState.SENDING, "Nothing was sent.")
        dm_text = ticket.draft.dm_text if ticket.draft else ""
        problems = [problem.as_dict() for problem in self.check(ticket, text, dm_text)]
        override_reason = " ".join((override_reason or "").split())
        if problems and not override_reason:
            raise InvalidReply(blocked_message(ticket.id, problems).replace("Approve is blocked", "The edit fails checks"))
        edit = {
            "text": text,
            "citations": ticket.draft.citations if ticket.draft else [],
            "drafter": "agent",
            "author": actor,
            "dm_text": dm_text,
            "problems": problems,
            "override_reason": override_reason if problems else "",
        }
        self.store.begin_publication(ticket.id, actor=actor, text=text, dm_text=dm_text, seen=seen, edit=edit)
        return self._deliver(ticket.id, actor)

    def _deliver(self, ticket_id: int, actor: str) -> Outcome:
        """Post the reply recorded as pending, then its DM. Whatever a writer raises, the ticket ends
        in a defined state and the message says what is known: sent, refused, or maybe sent."""
        ticket = self.store.get(ticket_id)
        post, reply = ticket.post, ticket.publication
        assert reply is not None and reply.status == "pending"
        publisher = self.publishers.for_platform(post.platform)
        try:
            result = publisher.publish(ticket_id=ticket.id, platform=post.platform, in_reply_to_id=post.external_id, text=reply.text)
        except PublishError as exc:
            status = "uncertain" if exc.maybe_posted else "failed"
            self.store.finish_publication(ticket.id, status=status, detail=str(exc), actor=actor)
            return Outcome(self.store.get(ticket.id), f"Not sent: {exc}")
        except Exception as exc:  # noqa: BLE001 - a writer's bug must still leave a true record
            log.exception("the %s writer failed on ticket %s", publisher.name, ticket.id)
            detail = f"unexpected error in the {publisher.name} writer ({type(exc).__name__}); it may have been posted. Check {post.platform} before retrying."
            self.store.finish_publication(ticket.id, status="uncertain", detail=detail, actor=actor)
            return Outcome(self.store.get(ticket.id), f"Not sent for certain: {detail}")
        self.store.finish_publication(ticket.id, status=result.status, external_id=result.external_id, detail=result.detail, actor=actor)
        where = "to the outbox (dry run)" if result.status == "dry_run" else f"on {post.platform}"
        message = f"Reply posted {where} by {actor}."
        dm = self.deliver_dm(ticket.id, actor)
        return Outcome(self.store.get(ticket.id), f"{message} {dm}".strip())

    def deliver_dm(self, ticket_id: int, actor: str) -> str:
        """Send the ticket's queued DM, once, after the public reply that announces it. A failure is
        recorded (failed, or uncertain when it may have gone out) and shown; it is never resent blindly."""
        dm = self.store.begin_dm(ticket_id, actor=actor)
        if dm is None:
            return ""
        post = self.store.get(ticket_id).post
        publisher = self.publishers.for_platform(post.platform)
        try:
            result = publisher.send_dm(ticket_id=dm.ticket_id, platform=post.platform, recipient_id=post.author_id, text=dm.text)
        except PublishError as exc:
            status = "uncertain" if exc.maybe_posted else "failed"
            self.store.finish_publication(ticket_id, kind=DM, status=status, detail=str(exc), actor=actor)
            return f"The DM was NOT sent ({exc}); send it by hand." if status == "failed" else f"The DM may not have been sent ({exc}); check before resending."
        except Exception as exc:  # noqa: BLE001
            log.exception("the %s writer failed on the DM of ticket %s", publisher.name, ticket_id)
            detail = f"unexpected error in the {publisher.name} writer ({type(exc).__name__}); check before resending"
            self.store.finish_publication(ticket_id, kind=DM, status="uncertain", detail=detail, actor=actor)
            return f"The DM may not have been sent ({detail})."
        self.store.finish_publication(ticket_id, kind=DM, status=result.status, external_id=result.external_id, detail=result.detail, actor=actor)
        return "DM sent (dry run)." if result.status == "dry_run" else "DM sent."

    def deliver_queued_dms(self) -> int:
        """DMs whose public reply went out but that were never sent (the process stopped between)."""
        return sum(bool(self.deliver_dm(ticket_id, "system")) for ticket_id in self.store.queued_dms())

    def escalate(self, ticket_id: int, actor: str, reason: str, seen: int | None = None) -> Outcome:
        reason = _reason(reason, "Say why this needs a manager or specialist.")
        self._not_claimed_by_another(self.store.get(ticket_id), actor)
        self.store.transition(ticket_id, TicketState.ESCALATED, actor=actor, kind="escalated", note=reason, seen=seen, claimant=actor)
        return Outcome(self.store.get(ticket_id), f"Escalated by {actor}: {reason}")

    def dismiss(self, ticket_id: int, actor: str, reason: str = "no reply needed", seen: int | None = None) -> Outcome:
        reason = _reason(reason or "no reply needed", "")
        self._not_claimed_by_another(self.store.get(ticket_id), actor)
        self.store.transition(ticket_id, TicketState.DISMISSED, actor=actor, kind="dismissed", note=reason, seen=seen, claimant=actor)
        return Outcome(self.store.get(ticket_id), f"Dismissed by {actor} ({reason}).")

    def return_to_agents(self, ticket_id: int, actor: str, note: str, seen: int | None = None) -> Outcome:
        note = _reason(note, "Add a note for the agent who picks it up.")
        self.store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor=actor, kind="returned", note=note, seen=seen)
        return Outcome(self.store.get(ticket_id), f"Returned to the inbox by {actor}: {note}")

    def close(self, ticket_id: int, actor: str, note: str = "closed without a public reply", seen: int | None = None) -> Outcome:
        note = _reason(note or "closed without a public reply", "")
        self.store.transition(ticket_id, TicketState.CLOSED, actor=actor, kind="closed", note=note, seen=seen)
        return Outcome(self.store.get(ticket_id), f"Closed by {actor} ({note}).")


def _reason(text: str, needed: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise InvalidReply(f"A reason is required. {needed}".strip())
    if len(text) > MAX_REASON_CHARS:
        raise InvalidReply(f"The reason is {len(text)} characters; keep it under {MAX_REASON_CHARS}.")
    return text
