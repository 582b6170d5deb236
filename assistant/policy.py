"""The rules of a ticket's life, in one place: which states follow which, who may act while a ticket
is claimed, and which actions a ticket offers. The review desk applies them; the store enforces the
same rules atomically in its conditional updates; cards, the terminal and the CLI only show them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from assistant.people import person

if TYPE_CHECKING:
    from assistant.store.models import Ticket


class TicketState(StrEnum):
    NEW = "new"  # stored, not yet triaged and drafted
    AWAITING_REVIEW = "awaiting_review"  # drafted, waiting for an agent
    SENDING = "sending"  # approved; the reply is being posted
    SENT = "sent"
    SEND_FAILED = "send_failed"
    ESCALATED = "escalated"
    DISMISSED = "dismissed"
    CLOSED = "closed"


S = TicketState
TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    S.NEW: frozenset({S.AWAITING_REVIEW, S.DISMISSED}),
    S.AWAITING_REVIEW: frozenset({S.SENDING, S.ESCALATED, S.DISMISSED}),
    S.ESCALATED: frozenset({S.SENDING, S.AWAITING_REVIEW, S.CLOSED}),
    S.SENDING: frozenset({S.SENT, S.SEND_FAILED}),
    # SENT from SEND_FAILED: a late success, when a send called uncertain turns out to have gone out.
    S.SEND_FAILED: frozenset({S.SENDING, S.SENT, S.ESCALATED, S.CLOSED}),
    # The one way back from a finished ticket: the customer writing again within the reopen window
    # opens a new round (the store takes this edge, never an agent: no action targets NEW).
    S.SENT: frozenset({S.NEW}),
    S.DISMISSED: frozenset({S.NEW}),
    S.CLOSED: frozenset({S.NEW}),
}
REOPEN = S.NEW

HINTS = {
    S.SENDING: "Someone already approved it; the reply is being posted.",
    S.SENT: "Its reply was already posted.",
    S.DISMISSED: "It was dismissed.",
    S.CLOSED: "It was closed.",
}

# Tickets someone is working on; only these can be claimed.
OPEN = frozenset({S.AWAITING_REVIEW, S.SEND_FAILED, S.ESCALATED})
# Tickets routing assigns to an agent (escalations are the managers'), and those that count
# towards an agent's load while assigned to them.
ASSIGNABLE = frozenset({S.AWAITING_REVIEW, S.SEND_FAILED})
LOADED = frozenset({S.NEW, S.AWAITING_REVIEW, S.SENDING, S.SEND_FAILED})
# Finished tickets: only the customer writing again (the reopen edge) brings one back.
FINISHED = frozenset(state for state, onward in TRANSITIONS.items() if onward == {REOPEN})


def arrival(ticket: Ticket, now: datetime, window: timedelta) -> str:
    """What a customer's new message does to the ticket of its conversation: `joined` (the ticket is
    still being worked), `reopened` (finished within `window`: a new round), or `linked` (finished
    longer ago: a new ticket that follows it)."""
    if TicketState(ticket.state) not in FINISHED:
        return "joined"
    finished = ticket.updated_at or now
    if finished.tzinfo is None:
        finished = finished.replace(tzinfo=UTC)
    return "reopened" if now - finished <= window else "linked"


def owner(ticket: Ticket) -> str:
    """The one person a conversation belongs to: who holds it now, else whom routing assigned it
    to, else who sent our last reply."""
    if ticket.claimed_by:
        return ticket.claimed_by
    if ticket.assigned_to:
        return ticket.assigned_to
    replies = [p for p in ticket.publications if p.kind == "reply" and p.approved_by]
    return replies[-1].approved_by if replies else ""


def reminded(ticket: Ticket, set_by: str = "") -> str:
    """Whom a reminder on `ticket` is for: who set it (a follow-up a person set), else the one
    person the conversation belongs to; '' when nobody owns it (the channel's digest names it)."""
    return set_by if set_by not in ("", "system") else owner(ticket)


class Action(StrEnum):
    APPROVE = "approve"
    OVERRIDE = "override"
    EDIT = "edit"
    ESCALATE = "escalate"
    DISMISS = "dismiss"
    RETURN = "return"
    CLOSE = "close"
    CLAIM = "claim"
    RELEASE = "release"
    TAKE_OVER = "take_over"  # a manager takes someone else's claim
    FOLLOW_UP = "follow_up"


# The state each action moves a ticket to (an override changes none, but needs a sendable ticket).
TARGET: dict[Action, TicketState] = {
    Action.APPROVE: S.SENDING,
    Action.EDIT: S.SENDING,
    Action.OVERRIDE: S.SENDING,
    Action.ESCALATE: S.ESCALATED,
    Action.DISMISS: S.DISMISSED,
    Action.RETURN: S.AWAITING_REVIEW,
    Action.CLOSE: S.CLOSED,
}
# Actions a claim reserves for its holder (and a manager, for a follow-up: a reminder to themselves).
# Escalating hands a ticket on and drops its claim; while escalated only managers can claim it.
CLAIMED = frozenset({Action.APPROVE, Action.OVERRIDE, Action.EDIT, Action.ESCALATE, Action.DISMISS, Action.CLAIM, Action.FOLLOW_UP})
MANAGERS_PAST_CLAIMS = frozenset({Action.FOLLOW_UP})
# What only managers may do to an escalated ticket: send from it, return it, close it (the buttons of
# their message), and hold it.
MANAGER_ONLY = frozenset({Action.APPROVE, Action.OVERRIDE, Action.EDIT, Action.RETURN, Action.CLOSE})
ESCALATION_GUARDED = MANAGER_ONLY | {Action.CLAIM}
_VERBS = {
    Action.APPROVE: "send a reply from",
    Action.OVERRIDE: "override the checks of",
    Action.EDIT: "edit and send",
    Action.RETURN: "return",
    Action.CLOSE: "close",
    Action.CLAIM: "claim",
}


def claimable(manager: bool) -> frozenset[TicketState]:
    """The states in which a person may claim a ticket (the store's claim is conditional on them)."""
    return OPEN if manager else OPEN - {S.ESCALATED}


def manager_refusal(ticket: Ticket, action: Action, manager: bool) -> str:
    """Why a non-manager may not do `action` now ('' when they may): what escalations reserve, and
    taking over someone's claim."""
    if manager:
        return ""
    if action is Action.TAKE_OVER:
        return f"Only a manager can take over ticket {ticket.id} from {person(ticket.claimed_by) if ticket.claimed_by else 'its holder'}; ask them to release it, or ask a manager."
    if TicketState(ticket.state) is not S.ESCALATED or action not in ESCALATION_GUARDED:
        return ""
    return f"Only a manager can {_VERBS[action]} ticket {ticket.id} while it is escalated; it is waiting for one in the managers' channel."


def claim_lapsed(last_activity: datetime, now: datetime, lapse: timedelta) -> bool:
    """A claim whose holder has done nothing on the ticket for `lapse` (their last recorded action,
    the claim itself included) no longer holds: anyone may pick the ticket up."""
    last = last_activity if last_activity.tzinfo else last_activity.replace(tzinfo=UTC)
    return now - last >= lapse


MANAGER_SETTINGS = "Only a manager can change the SLA targets; ask one (MANAGERS in the settings names them)."


def claimed_message(ticket_id: int, holder: str) -> str:
    return f"Ticket {ticket_id} is claimed by {person(holder)}, who is working on it. Ask them, or wait until they release it."


def illegal_message(ticket_id: int, current: str, wanted: str, hint: str = "") -> str:
    return f"Ticket {ticket_id} is {current}; it cannot become {wanted}. {hint}".strip()


def failed_checks(problems: list[dict[str, str]]) -> str:
    """Failed draft checks in a sentence: "name (reason); name (reason)"."""
    return "; ".join(f"{p['name']} ({p['reason']})" for p in problems)


def uncertain(ticket: Ticket) -> bool:
    """A reply may have reached the platform: nothing may resend it until a person has checked."""
    return ticket.publication is not None and ticket.publication.status == "uncertain"


def refusal(ticket: Ticket, action: Action, actor: str, manager: bool = True) -> str:
    """Why `actor` may not do `action` on `ticket` as it is now, or '' when they may (`manager`:
    whether they are one). Text-independent: what an edit or a reason must satisfy is the review
    desk's check."""
    state = TicketState(ticket.state)
    holder = ticket.claimed_by
    if action in CLAIMED and holder and holder != actor and not (manager and action in MANAGERS_PAST_CLAIMS):
        return claimed_message(ticket.id, holder) + (" A manager can take it over." if action is Action.CLAIM else "")
    guarded = manager_refusal(ticket, action, manager)
    if guarded:
        return guarded
    if action is Action.FOLLOW_UP:
        return f"Ticket {ticket.id} was dismissed; there is nothing to follow up." if state is S.DISMISSED else ""
    if action in (Action.CLAIM, Action.TAKE_OVER):
        if state not in OPEN:
            return f"Ticket {ticket.id} is {state}; only open tickets (waiting, not sent, escalated) can be claimed."
        if action is Action.TAKE_OVER and holder in ("", actor):
            return f"Ticket {ticket.id} is not claimed by anyone else; there is nothing to take over." + (" Claim it instead." if not holder else "")
        return ""
    if action is Action.RELEASE:
        return "" if ticket.claimed_by and ticket.claimed_by == actor else f"Ticket {ticket.id} is not claimed by you, so there is nothing to release."
    wanted = TARGET[action]
    if wanted not in TRANSITIONS[state]:
        return illegal_message(ticket.id, state, wanted, HINTS.get(state, ""))
    if wanted is S.SENDING and uncertain(ticket):
        return f"Ticket {ticket.id}'s reply may already be on {ticket.post.platform}; check the platform, then close the ticket."
    draft = ticket.draft
    if action is Action.APPROVE:
        if draft is None or not draft.text.strip():
            return f"Ticket {ticket.id} has no drafted reply to send. Use Edit to write one."
        if draft.blocked:
            return f"Approve is blocked on ticket {ticket.id}: {failed_checks(draft.problems)}. Edit the reply, or override the checks with a reason."
    if action is Action.OVERRIDE and (draft is None or not draft.blocked):
        return f"Ticket {ticket.id}'s draft has no failed checks to override."
    return ""


def offered(ticket: Ticket) -> list[Action]:
    """The actions a ticket's card offers anyone (a claim is checked when someone clicks; taking one
    over, when the one who clicks is a manager)."""
    state = TicketState(ticket.state)
    actions = [action for action in Action if not refusal(ticket, action, ticket.claimed_by or "")]
    actions = [a for a in actions if a is not (Action.CLAIM if ticket.claimed_by else Action.RELEASE)]
    take_over = [Action.TAKE_OVER] if ticket.claimed_by and state in OPEN else []  # refused to the holder `refusal` asked about
    if state is S.ESCALATED:  # the managers' message: send, edit, return, close
        return [a for a in actions if a in MANAGER_ONLY] + take_over
    if state is S.SEND_FAILED and uncertain(ticket):  # only a person who checked the platform can close it
        return [a for a in actions if a in (Action.CLOSE, Action.ESCALATE, Action.FOLLOW_UP)] + take_over
    if state is S.SEND_FAILED:
        return actions + take_over
    return [a for a in actions if a not in (Action.RETURN, Action.CLOSE)] + take_over
