"""Modal submissions: the edited reply, the escalation reason, a manager's note."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, InvalidReply, TicketChanged
from assistant.review import Outcome, check_reply, unexpected_failure
from assistant.slack import constants as c
from assistant.slack.blocks import seen_version
from assistant.slack.listeners.actions import after, int_id
from assistant.store import TRANSITIONS, TicketState

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from assistant.services import Services

log = logging.getLogger(__name__)


def _value(view: dict[str, Any], block: str, action: str) -> str:
    return str(((view.get("state") or {}).get("values") or {}).get(block, {}).get(action, {}).get("value") or "")


def _seen(view: dict[str, Any]) -> int | None:
    """The ticket version the modal was opened at (kept in a block id), so a stale one is refused."""
    return next((v for b in view.get("blocks") or [] if (v := seen_version(str(b.get("block_id", "")))) is not None), None)


def register(app: "App", services: "Services") -> None:
    desk, store = services.desk, services.store

    def finish(body: dict[str, Any], client: Any, ticket_id: int, work: Callable[[], Outcome], announce: bool = False) -> None:
        user = body["user"]["id"]
        try:
            outcome = work()
        except AssistantError as exc:
            # The modal is already closed: say it next to the card.
            tell_user(client, services, ticket_id, user, f":warning: {exc}")
            if isinstance(exc, TicketChanged) and services.inbox is not None:
                services.inbox.refresh(ticket_id)
            return
        except Exception as exc:  # noqa: BLE001 - an agent gets the truth, never a traceback
            log.exception("modal submission for ticket %s failed", ticket_id)
            tell_user(client, services, ticket_id, user, f":warning: {unexpected_failure(exc)}")
            return
        after(services, outcome)
        if announce and services.inbox is not None:
            services.inbox.escalate(ticket_id)

    def precheck(ack: "Ack", ticket_id_text: str, wanted: TicketState, block: str) -> int | None:
        """Refuse in the modal itself, with the reason on the field, when the ticket can't move."""
        try:
            ticket = store.get(int_id(ticket_id_text))
        except AssistantError as exc:
            ack(response_action="errors", errors={block: str(exc)})
            return None
        if wanted not in TRANSITIONS[TicketState(ticket.state)]:
            ack(response_action="errors", errors={block: f"Ticket #{ticket.id} is {ticket.state} now; refresh the card."})
            return None
        return ticket.id

    @app.view(c.EDIT_VIEW)
    def edited(ack: "Ack", body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        text = _value(view, c.REPLY_BLOCK, c.REPLY_INPUT)
        try:
            check_reply(text)
        except InvalidReply as exc:
            ack(response_action="errors", errors={c.REPLY_BLOCK: str(exc)[:150]})
            return
        ticket_id = precheck(ack, view.get("private_metadata", ""), TicketState.SENDING, c.REPLY_BLOCK)
        if ticket_id is None:
            return
        override_reason = _value(view, c.OVERRIDE_BLOCK, c.OVERRIDE_INPUT).strip()
        ticket = store.get(ticket_id)
        problems = services.knowledge.check_reply(ticket, text, ticket.draft.dm_text if ticket.draft else "")
        if problems and not override_reason:
            listed = "; ".join(str(problem) for problem in problems)
            ack(response_action="errors", errors={c.REPLY_BLOCK: f"Fails checks: {listed}. Fix it or give an override reason."[:2000]})
            return
        ack()
        finish(body, client, ticket_id, lambda: desk.edit_and_send(ticket_id, body["user"]["id"], text, override_reason, _seen(view)))

    def reason_view(callback_id: str, wanted: TicketState, work: Callable[[int, str, str, int | None], Outcome]) -> None:
        @app.view(callback_id)
        def submitted(ack: "Ack", body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
            reason = _value(view, c.REASON_BLOCK, c.REASON_INPUT).strip()
            if not reason:
                ack(response_action="errors", errors={c.REASON_BLOCK: "Please give a reason."})
                return
            ticket_id = precheck(ack, view.get("private_metadata", ""), wanted, c.REASON_BLOCK)
            if ticket_id is None:
                return
            ack()
            finish(body, client, ticket_id, lambda: work(ticket_id, body["user"]["id"], reason, _seen(view)), callback_id == c.ESCALATE_VIEW)

    reason_view(c.ESCALATE_VIEW, TicketState.ESCALATED, desk.escalate)
    reason_view(c.RETURN_VIEW, TicketState.AWAITING_REVIEW, desk.return_to_agents)
    # Overriding changes no state; the ticket must still be one that can be sent.
    reason_view(c.OVERRIDE_VIEW, TicketState.SENDING, desk.override)


def tell_user(client: Any, services: "Services", ticket_id: int, user: str, text: str) -> None:
    ticket = services.store.get(ticket_id)
    if ticket.card_channel:
        client.chat_postEphemeral(channel=ticket.card_channel, user=user, text=text)
