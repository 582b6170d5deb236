"""Modal submissions: the edited reply and DM, an escalation reason, a manager's note, an override.

The ack checks only what needs no database (the text's shape: empty, too long for the platform);
those errors appear on the field at once. Otherwise the modal switches to "working" in the same ack
and the desk decides afterwards: done → the modal says so; refused → the form comes back with what
the agent typed and the reason, so nothing typed is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, InvalidReply
from assistant.review import (
    Outcome,
    check_dm,
    check_reason,
    check_reply,
    unexpected_failure,
)
from assistant.scheduler import Scheduler
from assistant.slack import constants as c
from assistant.slack.listeners.actions import (
    REASON_MODALS,
    after,
    int_id,
    report,
)
from assistant.slack.modals import edit_modal, message_view, read_metadata, reason_modal
from assistant.slack.pacing import work as paced
from assistant.slack.text import say
from assistant.store.rows import ESCALATION

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from assistant.services import Services

log = logging.getLogger(__name__)
FIELD_BLOCKS = {"reply": c.REPLY_BLOCK, "dm": c.DM_BLOCK, "override": c.OVERRIDE_BLOCK, "reason": c.REASON_BLOCK}


def _value(view: dict[str, Any], block: str, action: str) -> str:
    return str(((view.get("state") or {}).get("values") or {}).get(block, {}).get(action, {}).get("value") or "")


def _typed(view: dict[str, Any]) -> dict[str, str]:
    return {
        "reply": _value(view, c.REPLY_BLOCK, c.REPLY_INPUT),
        "dm": _value(view, c.DM_BLOCK, c.DM_INPUT),
        "override": _value(view, c.OVERRIDE_BLOCK, c.OVERRIDE_INPUT),
        "reason": _value(view, c.REASON_BLOCK, c.REASON_INPUT),
    }


def _has_dm_field(view: dict[str, Any]) -> bool:
    return c.DM_BLOCK in ((view.get("state") or {}).get("values") or {}) or any(b.get("block_id") == c.DM_BLOCK for b in view.get("blocks") or [])


def field_errors(exc: InvalidReply, default: str) -> dict[str, str]:
    return {FIELD_BLOCKS.get(exc.field, default): str(exc)[:2000]}


def register(app: App, services: Services) -> None:
    desk, store = services.desk, services.store

    def settle(
        body: dict[str, Any], client: Any, work: Callable[[int, str, int | None], Outcome], form: Callable[[Any, str], Any], announce: bool = False
    ) -> None:
        """Run the desk action; show the outcome in the modal, or the form again with the reason."""
        view, user = body["view"], body["user"]["id"]
        meta = read_metadata(view.get("private_metadata", ""))
        ticket_id: Any = meta.get("ticket")
        seen = meta.get("seen") if isinstance(meta.get("seen"), int) else None
        try:
            ticket_id = int_id(ticket_id)
            outcome = work(ticket_id, user, seen)
        except AssistantError as exc:
            try:
                ticket = store.get(ticket_id) if isinstance(ticket_id, int) else None
            except AssistantError:
                ticket = None
            if ticket is None:
                client.views_update(view_id=view["id"], view=message_view("Not done", f":warning: {say(str(exc))}"))
                return
            client.views_update(view_id=view["id"], view=form(ticket, say(str(exc))))
            if services.inbox is not None and not isinstance(exc, InvalidReply):
                services.inbox.refresh(ticket_id)  # a stale or finished ticket: show what changed
            return
        except Exception as exc:  # noqa: BLE001 - an agent gets the truth, never a traceback
            client.views_update(view_id=view["id"], view=message_view("Something went wrong", f":warning: {say(unexpected_failure(exc))}"))
            report(services, client, "", user, ticket_id, exc)
            return
        client.views_update(view_id=view["id"], view=message_view("Done", ":white_check_mark: " + say(outcome.message)))
        after(services, outcome, user)
        if announce and services.inbox is not None:
            # Told now by this replica, or (if it dies first) by whichever takes the escalation's timer.
            Scheduler(services.store, services.inbox).say_due(ticket_id, (ESCALATION,))

    def working(ack: Ack, title: str) -> None:
        ack(response_action="update", view=message_view(title, ":hourglass_flowing_sand: Working on it… this window shows how it went in a moment."))

    def edit_ack(ack: Ack, view: dict[str, Any]) -> None:
        typed, meta = _typed(view), read_metadata(view.get("private_metadata", ""))
        errors: dict[str, str] = {}
        rules = services.platforms(str(meta.get("platform") or "x"))
        for check in (lambda: check_reply(typed["reply"], rules), lambda: check_dm(typed["dm"], rules)):
            try:
                check()
            except InvalidReply as exc:
                errors.update(field_errors(exc, c.REPLY_BLOCK))
        if typed["override"].strip():
            try:
                check_reason(typed["override"], field="override")
            except InvalidReply as exc:
                errors.update(field_errors(exc, c.OVERRIDE_BLOCK))
        if errors:
            ack(response_action="errors", errors=errors)
            return
        working(ack, "Sending")

    def edit_work(body: dict[str, Any], client: Any) -> None:
        typed = _typed(body["view"])
        dm = typed["dm"] if _has_dm_field(body["view"]) else None
        settle(
            body,
            client,
            lambda ticket_id, user, seen: desk.edit_and_send(
                ticket_id, user, typed["reply"], typed["override"], seen, dm_text=dm, progress=lambda t: services.inbox and services.inbox.refresh(t)
            ),
            lambda ticket, error: edit_modal(ticket, services.platforms(ticket.post.platform), typed, error),
        )

    app.view(c.EDIT_VIEW)(ack=edit_ack, lazy=[paced(edit_work)])

    def reason_view(callback_id: str, modal: tuple[str, str, str, str], work: Callable[[int, str, str, int | None], Outcome]) -> None:
        def reason_ack(ack: Ack, view: dict[str, Any]) -> None:
            try:
                check_reason(_typed(view)["reason"], "Please give a reason.")
            except InvalidReply as exc:
                ack(response_action="errors", errors={c.REASON_BLOCK: str(exc)[:2000]})
                return
            working(ack, modal[1])

        def reason_work(body: dict[str, Any], client: Any) -> None:
            reason = _typed(body["view"])["reason"]
            settle(
                body,
                client,
                lambda ticket_id, user, seen: work(ticket_id, user, reason, seen),
                lambda ticket, error: reason_modal(ticket, *modal, typed=reason, error=error),
                announce=callback_id == c.ESCALATE_VIEW,
            )

        app.view(callback_id)(ack=reason_ack, lazy=[paced(reason_work)])

    def follow_up(ticket_id: int, user: str, when: str, seen: int | None) -> Outcome:
        return desk.follow_up(ticket_id, user, when)

    works: dict[str, Callable[[int, str, str, int | None], Outcome]] = {
        c.ESCALATE: desk.escalate,
        c.RETURN: desk.return_to_agents,
        c.OVERRIDE: desk.override,
        c.FOLLOW_UP: follow_up,
    }
    for action_id, (_, modal) in REASON_MODALS.items():
        reason_view(modal[0], modal, works[action_id])
