"""What agents and managers do to a ticket: approve, edit, escalate, dismiss, return, close.

Slack listeners and the terminal review queue both call these, so the rules live in one place.
Nothing is posted unless a person approved the exact text, and a ticket's reply is posted at most once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from assistant.drafting.length import dm_too_long, length_problems
from assistant.drafting.problem import Problem
from assistant.errors import InvalidReply, PublishError
from assistant.people import person
from assistant.platforms import DEFAULT, Platform, Platforms
from assistant.policy import (
    MANAGER_SETTINGS,
    Action,
    failed_checks,
    manager_refusal,
    refusal,
)
from assistant.publish.router import PublisherRouter
from assistant.sla import SLAError, parse_when
from assistant.store import Store, Ticket, TicketState
from assistant.store.models import DM
from assistant.text.measure import THREAD_SEPARATOR, thread_parts

log = logging.getLogger(__name__)
MAX_REASON_CHARS = 1000


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    message: str


def check_reply(text: str, rules: Platform) -> str:
    """The text an agent wants posted, normalised; raises InvalidReply with what to fix (the same
    length rule the draft checks apply). A thread is parts separated by a line holding only `---`."""
    text = (text or "").strip().replace("\r\n", "\n")
    parts = thread_parts(text)
    if not parts:
        raise InvalidReply("The reply is empty. Write the reply to post, or dismiss the ticket.", "reply")
    problems = length_problems(text, rules)
    if problems:
        raise InvalidReply(problems[0].reason, "reply")
    return THREAD_SEPARATOR.join(parts)


def check_dm(text: str, rules: Platform) -> str:
    """The DM an agent wants sent after the public reply, normalised ('' for none)."""
    text = (text or "").strip().replace("\r\n", "\n")
    if text and not rules.can_dm:
        raise InvalidReply(f"{rules.title} has no direct messages we can send; leave the DM empty and point to the article in the reply.", "dm")
    too_long = dm_too_long(text, rules)
    if too_long:
        raise InvalidReply(f"{too_long[0].upper()}{too_long[1:]}. Shorten it.", "dm")
    return text


def check_reason(text: str, needed: str = "", field: str = "reason") -> str:
    """A reason or note, on one line; required and at most MAX_REASON_CHARS."""
    text = " ".join((text or "").split())
    if not text:
        raise InvalidReply(f"A reason is required. {needed}".strip(), field)
    if len(text) > MAX_REASON_CHARS:
        raise InvalidReply(f"The reason is {len(text)} characters; keep it under {MAX_REASON_CHARS}.", field)
    return text


@dataclass(frozen=True)
class Verdict:
    """The desk's answer to "may this person do this now, with this text?": every surface shows it."""

    ticket: Ticket
    action: Action
    errors: dict[str, str]  # field → what to fix ("ticket" for the ticket itself)
    reply: str = ""  # normalised, when a reply was given
    dm: str = ""
    problems: tuple[Problem, ...] = ()  # failed draft checks (refused unless overridden)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        return " ".join(self.errors.values())

    def raise_if_refused(self) -> Verdict:
        if self.errors:
            field, message = next(iter(self.errors.items()))
            raise InvalidReply(message if len(self.errors) == 1 else self.message(), field)
        return self


Checker = Callable[[Ticket, str, str], list[Problem]]
Progress = Callable[[int], None]  # told the ticket id once a send is claimed, before the platform call


def unexpected_failure(exc: Exception) -> str:
    """What to tell an agent when their action failed in a way we didn't foresee: the truth, which is
    that we don't know how far it got, and where to look."""
    return (
        f"Something went wrong on our side ({type(exc).__name__}); it was logged. This action may or may not "
        "have taken effect: the ticket's card shows where it stands. If it says Sending or Not sent, check the "
        "platform before doing anything else."
    )


class ReviewDesk:
    def __init__(
        self, store: Store, publishers: PublisherRouter, check: Checker, managers: Callable[[str], bool] | None = None, platforms: Platforms = DEFAULT
    ):
        self.platforms = platforms  # the installation's rules: its limits
        self.store = store
        self.publishers = publishers
        self.check_draft = check
        # Who manages (MANAGERS in the settings; Slack resolves user groups); None: everyone may.
        self.is_manager: Callable[[str], bool] = managers or (lambda actor: True)

    def check(
        self,
        ticket_id: int,
        actor: str,
        action: Action,
        *,
        reply: str | None = None,
        dm: str | None = None,
        override_reason: str = "",
        reason: str | None = None,
    ) -> Verdict:
        """Whether `actor` may do `action` on the ticket now, and what is wrong with the text they
        typed: the one decision the Slack modal, the terminal queue and the CLI all show. Writes
        nothing, except a permission refusal to the audit log."""
        ticket = self.store.get(ticket_id)
        errors: dict[str, str] = {}
        manager = self.is_manager(actor)
        refused = refusal(ticket, action, actor, manager)
        if refused:
            errors["ticket"] = refused
            if manager_refusal(ticket, action, manager):
                self.store.note(ticket.id, actor=actor, kind="refused", note=f"{action.value}: {refused}")  # permissions are audited

        def checked(rule: Callable[[], str]) -> str:
            try:
                return rule()
            except InvalidReply as exc:
                errors[exc.field] = str(exc)
                return ""

        text, dm_text = "", ""
        problems: tuple[Problem, ...] = ()
        if reply is not None:
            text = checked(lambda: check_reply(reply, self.platforms(ticket.post.platform)))
        if dm is not None or reply is not None:
            dm_text = checked(lambda: check_dm(dm if dm is not None else (ticket.draft.dm_text if ticket.draft else ""), self.platforms(ticket.post.platform)))
        if reason is not None:
            checked(lambda: check_reason(reason))
        if text and not errors:
            problems = tuple(self.check_draft(ticket, text, dm_text))
            if problems and not override_reason.strip():
                listed = failed_checks([p.as_dict() for p in problems])
                errors["reply"] = f"The edit fails checks: {listed}. Fix it, or give an override reason if you are sure."
        if override_reason:
            checked(lambda: check_reason(override_reason, field="override"))
        return Verdict(ticket, action, errors, text, dm_text, problems)

    def claim(self, ticket_id: int, actor: str) -> Outcome:
        """One agent works a ticket at a time: others can't send, edit, escalate or dismiss it."""
        self.check(ticket_id, actor, Action.CLAIM).raise_if_refused()
        self.store.claim(ticket_id, actor=actor, manager=self.is_manager(actor))
        return Outcome(self.store.get(ticket_id), f"Claimed by {person(actor)}.")

    def take_over(self, ticket_id: int, actor: str) -> Outcome:
        """A manager takes someone's claim; it is recorded, and the message (said in the card's
        thread) tells the former holder."""
        holder = self.check(ticket_id, actor, Action.TAKE_OVER).raise_if_refused().ticket.claimed_by
        self.store.take_over(ticket_id, actor=actor, holder=holder)
        return Outcome(self.store.get(ticket_id), f"{person(actor)} took this ticket over from {person(holder)}, who no longer holds it.")

    def release(self, ticket_id: int, actor: str) -> Outcome:
        self.check(ticket_id, actor, Action.RELEASE).raise_if_refused()
        self.store.release(ticket_id, actor=actor)
        return Outcome(self.store.get(ticket_id), f"Released by {person(actor)}; anyone can pick it up.")

    def approve(self, ticket_id: int, actor: str, seen: int | None = None, progress: Progress | None = None) -> Outcome:
        """Post the current draft exactly as the agent saw it (and its DM, if it has one).

        `seen` is the ticket's version on the agent's card: if anything changed since, nothing is sent.
        `progress` is told once the send is claimed (the ticket is SENDING), before the platform call.
        """
        ticket = self.check(ticket_id, actor, Action.APPROVE).raise_if_refused().ticket
        draft = ticket.draft
        if draft is None:  # `check` refuses an approve without a draft; this keeps the types honest
            raise InvalidReply(f"Ticket {ticket.id} has no drafted reply to send. Use Edit to write one.")
        text = check_reply(draft.text, self.platforms(ticket.post.platform))
        self.store.begin_publication(ticket.id, actor=actor, text=text, dm_text=draft.dm_text, seen=seen)
        if progress is not None:
            progress(ticket.id)
        return self._deliver(ticket.id, actor)

    def override(self, ticket_id: int, actor: str, reason: str, seen: int | None = None) -> Outcome:
        """Take responsibility for a draft despite its failed checks; the reason goes into the audit log."""
        reason = check_reason(reason, "Say why this reply is right despite the failed checks.")
        self.check(ticket_id, actor, Action.OVERRIDE).raise_if_refused()
        self.store.override_checks(ticket_id, actor=actor, reason=reason, seen=seen)
        return Outcome(self.store.get(ticket_id), f"Checks overridden by {person(actor)}: {reason}")

    def edit_and_send(
        self,
        ticket_id: int,
        actor: str,
        text: str,
        override_reason: str = "",
        seen: int | None = None,
        dm_text: str | None = None,
        progress: Progress | None = None,
    ) -> Outcome:
        """Save the agent's own text (and DM, if given) as the draft and post it: submitting the edit
        is the approval.

        The edited text passes the same checks as any draft; a failing edit is refused unless the
        agent gives an override reason. Saving the text and claiming the send are one transaction,
        so no other approval can post this text, and this edit can't land on a finished ticket.
        """
        verdict = self.check(ticket_id, actor, Action.EDIT, reply=text, dm=dm_text, override_reason=override_reason).raise_if_refused()
        ticket = verdict.ticket
        problems = [problem.as_dict() for problem in verdict.problems]
        override_reason = " ".join((override_reason or "").split())
        edit = {
            "text": verdict.reply,
            "citations": ticket.draft.citations if ticket.draft else [],
            "drafter": "agent",
            "author": actor,
            "dm_text": verdict.dm,
            "problems": problems,
            "override_reason": override_reason if problems else "",
        }
        self.store.begin_publication(ticket.id, actor=actor, text=verdict.reply, dm_text=verdict.dm, seen=seen, edit=edit)
        if progress is not None:
            progress(ticket.id)
        return self._deliver(ticket.id, actor)

    def _deliver(self, ticket_id: int, actor: str) -> Outcome:
        """Post the reply recorded as pending, then its DM. Whatever a writer raises, the ticket ends
        in a defined state and the message says what is known: sent, refused, or maybe sent."""
        ticket = self.store.get(ticket_id)
        post, reply = ticket.post, ticket.publication
        assert reply is not None and reply.status == "pending"
        answered = self.store.find_post(post.platform, reply.in_reply_to_id) if reply.in_reply_to_id else None
        publisher = self.publishers.for_post(answered or post)  # the message answered says where its reply goes
        try:
            result = publisher.publish(ticket_id=ticket.id, platform=post.platform, in_reply_to_id=reply.in_reply_to_id or post.external_id, text=reply.text)
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
        where = (
            "to the outbox (dry run)"
            if result.status == "dry_run"
            else f"through {publisher.name.split(':', 1)[1]}'s callback"
            if publisher.name.startswith("callback:")
            else f"on {post.platform}"
        )
        message = f"Reply posted {where} by {person(actor)}."
        dm = self.deliver_dm(ticket.id, actor)
        return Outcome(self.store.get(ticket.id), f"{message} {dm}".strip())

    def deliver_dm(self, ticket_id: int, actor: str) -> str:
        """Send the ticket's queued DM, once, after the public reply that announces it. A failure is
        recorded (failed, or uncertain when it may have gone out) and shown; it is never resent blindly."""
        dm = self.store.begin_dm(ticket_id, actor=actor)
        if dm is None:
            return ""
        post = self.store.get(ticket_id).post
        publisher = self.publishers.for_post(post)
        try:
            result = publisher.send_dm(ticket_id=dm.ticket_id, platform=post.platform, recipient_id=post.author_id, text=dm.text)
        except PublishError as exc:
            status = "uncertain" if exc.maybe_posted else "failed"
            self.store.finish_publication(ticket_id, kind=DM, round=dm.round, status=status, detail=str(exc), actor=actor)
            return f"The DM was NOT sent ({exc}); send it by hand." if status == "failed" else f"The DM may not have been sent ({exc}); check before resending."
        except Exception as exc:  # noqa: BLE001
            log.exception("the %s writer failed on the DM of ticket %s", publisher.name, ticket_id)
            detail = f"unexpected error in the {publisher.name} writer ({type(exc).__name__}); check before resending"
            self.store.finish_publication(ticket_id, kind=DM, round=dm.round, status="uncertain", detail=detail, actor=actor)
            return f"The DM may not have been sent ({detail})."
        self.store.finish_publication(
            ticket_id, kind=DM, round=dm.round, status=result.status, external_id=result.external_id, detail=result.detail, actor=actor
        )
        return "DM sent (dry run)." if result.status == "dry_run" else "DM sent."

    def deliver_queued_dms(self) -> int:
        """DMs whose public reply went out but that were never sent (the process stopped between)."""
        return sum(bool(self.deliver_dm(ticket_id, "system")) for ticket_id in self.store.queued_dms())

    def escalate(self, ticket_id: int, actor: str, reason: str, seen: int | None = None) -> Outcome:
        reason = check_reason(reason, "Say why this needs a manager or specialist.")
        self.check(ticket_id, actor, Action.ESCALATE).raise_if_refused()
        self.store.transition(ticket_id, TicketState.ESCALATED, actor=actor, kind="escalated", note=reason, seen=seen, claimant=actor)
        return Outcome(self.store.get(ticket_id), f"Escalated by {person(actor)}: {reason}")

    def dismiss(self, ticket_id: int, actor: str, reason: str = "no reply needed", seen: int | None = None) -> Outcome:
        reason = check_reason(reason or "no reply needed")
        self.check(ticket_id, actor, Action.DISMISS).raise_if_refused()
        self.store.transition(ticket_id, TicketState.DISMISSED, actor=actor, kind="dismissed", note=reason, seen=seen, claimant=actor)
        return Outcome(self.store.get(ticket_id), f"Dismissed by {person(actor)} ({reason}).")

    def return_to_agents(self, ticket_id: int, actor: str, note: str, seen: int | None = None) -> Outcome:
        note = check_reason(note, "Add a note for the agent who picks it up.")
        self.check(ticket_id, actor, Action.RETURN).raise_if_refused()
        self.store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor=actor, kind="returned", note=note, seen=seen)
        return Outcome(self.store.get(ticket_id), f"Returned to the inbox by {person(actor)}: {note}")

    def follow_up(self, ticket_id: int, actor: str, when: str, note: str = "") -> Outcome:
        """Remind `actor` about this conversation at `when` ('1h', 'tomorrow', a date; see
        `sla.parse_when`); any earlier follow-up of the ticket is replaced."""
        ticket = self.check(ticket_id, actor, Action.FOLLOW_UP).raise_if_refused().ticket
        try:
            due = parse_when(when, self.store.clock())
        except SLAError as exc:
            raise InvalidReply(str(exc), "when") from None
        note = " ".join((note or "").split())[:MAX_REASON_CHARS]
        self.store.follow_up(ticket.id, due, actor=actor, note=note)
        return Outcome(self.store.get(ticket.id), f"Follow-up set by {person(actor)} for {due.strftime('%Y-%m-%d %H:%M UTC')}.")

    def set_sla(self, actor: str, which: str, priority: str, duration: str) -> str:
        """A manager changes one SLA target (`first`/`next`, a priority, a duration); every open
        ticket's timers follow. Refused politely, and audited, for anyone else."""
        if not self.is_manager(actor):
            self.store.admin_note(actor=actor, kind="refused", note=f"sla {which} {priority} {duration}: {MANAGER_SETTINGS}")
            raise InvalidReply(MANAGER_SETTINGS)
        try:
            targets = self.store.sla().changed(which, priority, duration)
        except SLAError as exc:
            raise InvalidReply(str(exc)) from None
        self.store.set_sla(targets, actor=actor)
        self.store.admin_note(actor=actor, kind="sla_changed", note=targets.summary())
        return f"SLA targets changed by {person(actor)}: {targets.summary()}."

    def close(self, ticket_id: int, actor: str, note: str = "closed without a public reply", seen: int | None = None) -> Outcome:
        note = check_reason(note or "closed without a public reply")
        self.check(ticket_id, actor, Action.CLOSE).raise_if_refused()
        self.store.transition(ticket_id, TicketState.CLOSED, actor=actor, kind="closed", note=note, seen=seen)
        return Outcome(self.store.get(ticket_id), f"Closed by {person(actor)} ({note}).")
