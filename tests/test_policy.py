"""One place decides: for every state a ticket can be in, every claim and every action, the review
desk's check() says "allowed" exactly when doing it succeeds, and the card offers exactly those."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.errors import AssistantError
from assistant.policy import Action, offered
from assistant.services import Services
from assistant.store import TicketState
from tests.conftest import make_post

ME, OTHER = "UAGENT1", "UAGENT2"


_DECIDED: dict[int, tuple[dict, dict]] = {}


def _opened(services: Services, number: int) -> int:
    """A ticket awaiting review, as `pipeline.ingest` opens one for a new post (triage and draft
    decided, then stored in one transaction); the decision for the one post text is made once."""
    from assistant.pipeline import _draft_fields, _triage_fields

    post = make_post(f"p{number}").cleaned()
    if id(services) not in _DECIDED:
        verdict, draft = services.pipeline._decide(services.store.unsaved(post))
        _DECIDED.clear()
        _DECIDED[id(services)] = (_triage_fields(verdict), _draft_fields(draft))
    triage, draft_fields = _DECIDED[id(services)]
    came = services.store.open_decided(post, triage=triage, draft=draft_fields)
    assert came is not None and came.ticket_id is not None
    return came.ticket_id


def _ticket_in(services: Services, state: str, number: int) -> int:
    store, desk = services.store, services.desk
    ticket_id = services.pipeline.ingest(make_post(f"p{number}")).ticket_id if number >= 900 else _opened(services, number)
    text = store.get(ticket_id).draft.text
    if state == "blocked":
        draft = store.get(ticket_id).draft
        store.add_draft(ticket_id, text=draft.text, citations=draft.citations, drafter="llm:test", problems=[{"name": "x", "reason": "y"}])
    elif state == TicketState.ESCALATED:
        desk.escalate(ticket_id, "UBOSS", "needs a lead")
    elif state == TicketState.SENT:
        desk.approve(ticket_id, "UBOSS")
    elif state == TicketState.DISMISSED:
        desk.dismiss(ticket_id, "UBOSS")
    elif state == TicketState.CLOSED:
        desk.escalate(ticket_id, "UBOSS", "needs a lead")
        desk.close(ticket_id, "UBOSS")
    elif state in ("failed", "uncertain"):
        store.begin_publication(ticket_id, actor="UBOSS", text=text)
        store.finish_publication(ticket_id, status=state, detail="platform said no")
    return ticket_id


STATES = [TicketState.AWAITING_REVIEW, "blocked", TicketState.ESCALATED, "failed", "uncertain", TicketState.SENT, TicketState.DISMISSED, TicketState.CLOSED]


def _do(services: Services, action: Action, ticket_id: int) -> Callable[[], object]:
    desk = services.desk
    text = services.store.get(ticket_id).draft.text
    return {
        Action.APPROVE: lambda: desk.approve(ticket_id, ME),
        Action.OVERRIDE: lambda: desk.override(ticket_id, ME, "checked by hand"),
        Action.EDIT: lambda: desk.edit_and_send(ticket_id, ME, text),
        Action.ESCALATE: lambda: desk.escalate(ticket_id, ME, "needs a lead"),
        Action.DISMISS: lambda: desk.dismiss(ticket_id, ME),
        Action.RETURN: lambda: desk.return_to_agents(ticket_id, ME, "over to you"),
        Action.CLOSE: lambda: desk.close(ticket_id, ME),
        Action.CLAIM: lambda: desk.claim(ticket_id, ME),
        Action.RELEASE: lambda: desk.release(ticket_id, ME),
        Action.FOLLOW_UP: lambda: desk.follow_up(ticket_id, ME, "1h"),
        Action.TAKE_OVER: lambda: desk.take_over(ticket_id, ME),
    }[action]


@pytest.mark.parametrize("claim,manager", [("", True), (ME, True), (OTHER, True), ("", False)])
def test_the_desks_check_agrees_with_what_each_action_does(services: Services, claim: str, manager: bool) -> None:
    if not manager:  # MANAGERS names someone else: escalations are theirs to decide
        services.desk.is_manager = lambda actor: actor == "UBOSS"
    number = 0
    disagreements = []
    for state in STATES:
        for action in Action:
            number += 1
            ticket_id = _ticket_in(services, state, number)
            if claim:
                if services.store.get(ticket_id).state in ("awaiting_review", "send_failed", "escalated"):
                    services.store.claim(ticket_id, actor=claim, manager=True)  # held before it was escalated, say
            ticket = services.store.get(ticket_id)
            reply = ticket.draft.text if action is Action.EDIT else None
            verdict = services.desk.check(ticket_id, ME, action, reply=reply)
            try:
                _do(services, action, ticket_id)()
                done = True
            except AssistantError as exc:
                done, why = False, str(exc)
            if verdict.ok != done:
                disagreements.append((state, claim, action.value, verdict.errors, None if done else why))
            if action in offered(ticket) and not claim and manager and not verdict.ok:  # a manager's buttons refuse others politely
                disagreements.append((state, claim, action.value, "offered on the card but refused", verdict.errors))
    assert disagreements == []


def test_claim_only_works_on_open_tickets(services: Services) -> None:
    sent = _ticket_in(services, TicketState.SENT, 900)
    with pytest.raises(AssistantError, match="only open tickets"):
        services.desk.claim(sent, ME)
    with pytest.raises(AssistantError, match="only open tickets"):
        services.store.claim(sent, actor=ME, manager=False)  # the store holds the same rule, atomically
    assert services.store.get(sent).claimed_by == ""


def test_a_non_manager_is_refused_politely_on_escalations_and_each_refusal_is_audited(services: Services) -> None:
    services.desk.is_manager = lambda actor: actor == "UBOSS"
    ticket_id = _ticket_in(services, TicketState.ESCALATED, 950)
    for action in (
        lambda: services.desk.approve(ticket_id, ME),
        lambda: services.desk.close(ticket_id, ME),
        lambda: services.desk.return_to_agents(ticket_id, ME, "yours"),
    ):
        with pytest.raises(AssistantError, match="Only a manager can"):
            action()
    refused = [e for e in services.store.get(ticket_id).events if e.kind == "refused"]
    assert [e.actor for e in refused] == [ME] * 3 and "approve" in refused[0].note
    assert services.store.get(ticket_id).state == TicketState.ESCALATED
    services.desk.close(ticket_id, "UBOSS")  # a manager may
    with pytest.raises(AssistantError, match="Only a manager can change the SLA"):
        services.desk.set_sla(ME, "first", "high", "30m")
    waiting = services.pipeline.ingest(make_post("951")).ticket_id  # normal priority: 4 h
    assert services.desk.set_sla("UBOSS", "first", "normal", "30m").startswith("SLA targets changed")
    assert services.store.sla().first["normal"].total_seconds() == 1800
    ticket = services.store.get(waiting)
    [breach] = [t for t in services.store.timers(waiting, status="pending") if t.kind == "sla_breach"]
    assert (breach.due_at - ticket.waiting_since).total_seconds() == 1800, "waiting tickets' timers follow the new target"
    assert [(e.actor, e.kind) for e in services.store.admin_events()] == [(ME, "refused"), ("UBOSS", "sla_changed")]
