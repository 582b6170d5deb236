"""Buttons on ticket cards and escalation messages. Thin: ack, call the review desk, redraw, note."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, TicketChanged
from assistant.review import Outcome, unexpected_failure
from assistant.slack import constants as c
from assistant.slack.blocks import edit_modal, reason_modal, seen_version

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from assistant.services import Services

log = logging.getLogger(__name__)


def tell(client: Any, body: dict[str, Any], text: str) -> None:
    """An ephemeral message to the person who clicked, where they clicked."""
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
    if channel:
        client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=text)


def after(services: "Services", outcome: Outcome) -> None:
    """Redraw the ticket's messages in place and note what happened in the card's thread."""
    inbox = services.inbox
    if inbox is None:
        return
    inbox.refresh(outcome.ticket.id)
    inbox.note(outcome.ticket.id, outcome.message)


def run_action(
    services: "Services", body: dict[str, Any], client: Any, work: Callable[[str, str, int | None], Outcome]
) -> Outcome | None:
    """Call `work(ticket_id, user, seen)`, `seen` being the ticket version the clicked card shows; a
    user-caused problem becomes a plain message, never a traceback."""
    action = body["actions"][0]
    ticket_id = str(action.get("value", ""))
    user = body["user"]["id"]
    try:
        outcome = work(ticket_id, user, seen_version(str(action.get("block_id", ""))))
    except TicketChanged as exc:
        tell(client, body, f":warning: {exc}")
        if services.inbox is not None:
            services.inbox.refresh(exc.ticket_id)  # show them what changed
        return None
    except AssistantError as exc:
        tell(client, body, f":warning: {exc}")
        return None
    except Exception as exc:  # noqa: BLE001 - an agent gets the truth, never a traceback
        log.exception("action on ticket %s failed", ticket_id)
        tell(client, body, f":warning: {unexpected_failure(exc)}")
        return None
    after(services, outcome)
    return outcome


def register(app: "App", services: "Services") -> None:
    desk, store = services.desk, services.store

    # One-click buttons: action → what the desk does with (ticket id, user, version the card showed).
    one_click: dict[str, Callable[[int, str, int | None], Outcome]] = {
        c.APPROVE: lambda ticket_id, user, seen: desk.approve(ticket_id, user, seen),
        c.DISMISS: lambda ticket_id, user, seen: desk.dismiss(ticket_id, user, "no reply needed", seen),
        c.CLOSE: lambda ticket_id, user, seen: desk.close(ticket_id, user, seen=seen),
        c.CLAIM: lambda ticket_id, user, seen: desk.claim(ticket_id, user),
        c.RELEASE: lambda ticket_id, user, seen: desk.release(ticket_id, user),
    }

    def acts(work: Callable[[int, str, int | None], Outcome]) -> Callable[..., None]:
        # Bolt passes listener arguments by name, so each listener closes over its own work.
        def listener(ack: "Ack", body: dict[str, Any], client: Any) -> None:
            ack()
            run_action(services, body, client, lambda ticket_id, user, seen: work(int_id(ticket_id), user, seen))

        return listener

    for action_id, work in one_click.items():
        app.action(action_id)(acts(work))

    def open_modal(body: dict[str, Any], client: Any, build: Callable[[Any], Any]) -> None:
        # The trigger_id expires 3 s after the click: open the modal before anything slow.
        ticket_id = str(body["actions"][0].get("value", ""))
        try:
            ticket = store.get(int_id(ticket_id))
        except AssistantError as exc:
            tell(client, body, f":warning: {exc}")
            return
        client.views_open(trigger_id=body["trigger_id"], view=build(ticket))

    @app.action(c.EDIT)
    def edit(ack: "Ack", body: dict[str, Any], client: Any) -> None:
        ack()
        open_modal(body, client, edit_modal)

    # Buttons that ask for a reason first: action → (modal, title, question, submit label).
    reason_modals = {
        c.ESCALATE: (c.ESCALATE_VIEW, "Escalate", "Why does this need a manager or specialist?", "Escalate"),
        c.OVERRIDE: (c.OVERRIDE_VIEW, "Override checks", "Why is this reply right despite the failed checks?", "Override"),
        c.RETURN: (c.RETURN_VIEW, "Return to agents", "Note for the agent", "Return"),
    }
    def asks_reason(modal: tuple[str, str, str, str]) -> Callable[..., None]:
        # Bolt passes listener arguments by name, so each listener closes over its own modal.
        def listener(ack: "Ack", body: dict[str, Any], client: Any) -> None:
            ack()
            open_modal(body, client, lambda ticket: reason_modal(ticket, *modal))

        return listener

    for action_id, modal in reason_modals.items():
        app.action(action_id)(asks_reason(modal))


def int_id(value: str) -> int:
    from assistant.errors import TicketNotFound

    try:
        return int(value)
    except (TypeError, ValueError):
        raise TicketNotFound(value) from None
