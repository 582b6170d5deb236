"""Buttons on ticket cards and escalation messages.

Every listener is two halves (Bolt's lazy listeners): the ack, which runs in the HTTP request and
touches nothing (no database, no model, no Web API), and the work, which runs afterwards on the app's
bounded worker pool: ask the review desk, redraw, note, tell the agent. Listeners only translate;
the desk decides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from assistant.errors import AssistantError, TicketChanged, TicketNotFound
from assistant.people import person
from assistant.policy import Action
from assistant.review import Outcome, unexpected_failure
from assistant.slack import constants as c
from assistant.slack.modals import edit_modal, full_post_view, reason_modal
from assistant.slack.pacing import work as paced
from assistant.slack.text import say, seen_version
from assistant.store.models import Ticket

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from slack_bolt import Ack, App

    from assistant.services import Services

log = logging.getLogger(__name__)


def ack_now(ack: Ack) -> None:
    ack()


def tell(client: Any, channel: str, user: str, text: str) -> None:
    """An ephemeral message to one person, escaped, naming only the people our code named."""
    if channel and user:
        client.chat_postEphemeral(channel=channel, user=user, text=say(text))


def clicked_channel(body: dict[str, Any]) -> str:
    return str((body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id") or "")


def after(services: Services, outcome: Outcome, user: str) -> None:
    """Redraw the ticket's messages in place and note what happened in the card's thread."""
    inbox = services.inbox
    if inbox is None:
        return
    inbox.refresh(outcome.ticket.id)
    inbox.note(outcome.ticket.id, outcome.message, user)


def report(services: Services, client: Any, channel: str, user: str, ticket_id: Any, exc: Exception) -> None:
    """Tell the agent why their action did nothing, or, for a failure we didn't foresee, the truth
    that we don't know how far it got (ephemeral, and in the card's thread where others look)."""
    inbox = services.inbox
    if isinstance(exc, AssistantError):
        tell(client, channel, user, f":warning: {exc}")
        if isinstance(exc, TicketChanged) and inbox is not None:
            inbox.refresh(exc.ticket_id)  # show them what changed
        return
    log.error("action on ticket %s failed", ticket_id, exc_info=exc)
    tell(client, channel, user, f":warning: {unexpected_failure(exc)}")
    if inbox is not None and isinstance(ticket_id, int):
        try:
            inbox.note(ticket_id, f":warning: An action by {person(user)} failed unexpectedly: {unexpected_failure(exc)}", user)
            inbox.refresh(ticket_id)
        except Exception:  # noqa: BLE001 - Slack itself may be what failed; the log has it
            log.exception("could not report the failure on ticket %s in Slack", ticket_id)


def int_id(value: Any) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise TicketNotFound(value) from None


def register(app: App, services: Services, forms: Executor) -> None:
    desk, store = services.desk, services.store

    def refresh_now(ticket_id: int) -> None:
        if services.inbox is not None:
            services.inbox.refresh(ticket_id)  # the card says "Sending" before the platform call

    # One-click buttons: action → what the desk does with (ticket id, user, version the card showed).
    one_click: dict[str, Callable[[int, str, int | None], Outcome]] = {
        c.APPROVE: lambda ticket_id, user, seen: desk.approve(ticket_id, user, seen, progress=refresh_now),
        c.DISMISS: lambda ticket_id, user, seen: desk.dismiss(ticket_id, user, "no reply needed", seen),
        c.CLOSE: lambda ticket_id, user, seen: desk.close(ticket_id, user, seen=seen),
        c.CLAIM: lambda ticket_id, user, seen: desk.claim(ticket_id, user),
        c.RELEASE: lambda ticket_id, user, seen: desk.release(ticket_id, user),
        c.TAKE_OVER: lambda ticket_id, user, seen: desk.take_over(ticket_id, user),
    }

    def acts(work: Callable[[int, str, int | None], Outcome]) -> Callable[..., None]:
        # Bolt passes listener arguments by name, so each listener closes over its own work.
        def do(body: dict[str, Any], client: Any) -> None:
            action, user, channel = body["actions"][0], body["user"]["id"], clicked_channel(body)
            ticket_id: Any = action.get("value", "")
            try:
                ticket_id = int_id(ticket_id)
                outcome = work(ticket_id, user, seen_version(str(action.get("block_id", ""))))
            except Exception as exc:  # noqa: BLE001 - every failure becomes a message to the agent
                report(services, client, channel, user, ticket_id, exc)
                return
            try:
                after(services, outcome, user)
            except Exception as exc:  # noqa: BLE001 - it was done; only the redraw failed
                log.exception("redrawing ticket %s after %s failed", ticket_id, action.get("action_id"))
                tell(client, channel, user, f":warning: {outcome.message} (the card could not be redrawn: {type(exc).__name__})")

        return do

    for action_id, work in one_click.items():
        app.action(action_id)(ack=ack_now, lazy=[paced(acts(work))])

    def opens(action: Action | None, build: Callable[[Any], Any]) -> Callable[..., None]:
        """Open a modal once the desk says this person may do this now; otherwise say why (who holds
        the claim, or what state the ticket is in) and open nothing."""

        def do(body: dict[str, Any], client: Any) -> None:
            user, channel = body["user"]["id"], clicked_channel(body)
            ticket_id: Any = body["actions"][0].get("value", "")
            try:
                ticket_id = int_id(ticket_id)
                if action is None:
                    ticket = store.get(ticket_id)
                else:
                    ticket = desk.check(ticket_id, user, action).raise_if_refused().ticket
                client.views_open(trigger_id=body["trigger_id"], view=build(ticket))
            except SlackApiError as exc:
                if (exc.response or {}).get("error") != "expired_trigger_id":
                    report(services, client, channel, user, ticket_id, exc)
                    return
                # Slack lets a click open a form for 3 s; under a burst of work the form came too late.
                tell(client, channel, user, ":hourglass: We were busy and Slack's 3-second window to open the form passed. Please click again.")
            except Exception as exc:  # noqa: BLE001
                report(services, client, channel, user, ticket_id, exc)

        return do

    def on_forms_pool(open_form: Callable[..., None]) -> Callable[..., None]:
        """A form must open within Slack's 3 s of the click, so it never queues behind sends and
        redraws: the ack hands it to a pool of its own, where it starts once the ack is out."""
        paced_open = paced(open_form)

        def ack_then_open(ack: Ack, body: dict[str, Any], client: Any) -> None:
            ack()
            forms.submit(paced_open, body=body, client=client)

        return ack_then_open

    app.action(c.EDIT)(on_forms_pool(opens(Action.EDIT, lambda ticket: edit_modal(ticket, services.platforms(ticket.post.platform)))))
    app.action(c.SHOW_POST)(on_forms_pool(opens(None, full_post_view)))

    def reason_form(modal: tuple[str, str, str, str]) -> Callable[[Ticket], View]:
        return lambda ticket: reason_modal(ticket, *modal)

    for action_id, (action, modal) in REASON_MODALS.items():
        app.action(action_id)(on_forms_pool(opens(action, reason_form(modal))))


# Buttons that ask for a reason first: action → (desk action, (modal, title, question, submit label)).
REASON_MODALS: dict[str, tuple[Action, tuple[str, str, str, str]]] = {
    c.ESCALATE: (Action.ESCALATE, (c.ESCALATE_VIEW, "Escalate", "Why does this need a manager or specialist?", "Escalate")),
    c.OVERRIDE: (Action.OVERRIDE, (c.OVERRIDE_VIEW, "Override checks", "Why is this reply right despite the failed checks?", "Override")),
    c.RETURN: (Action.RETURN, (c.RETURN_VIEW, "Return to agents", "Note for the agent", "Return")),
    c.FOLLOW_UP: (Action.FOLLOW_UP, (c.FOLLOW_UP_VIEW, "Follow up", "When? 1h, 4h, tomorrow, or a date and time like 2026-12-01 14:30 (UTC)", "Set reminder")),
}
