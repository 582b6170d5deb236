"""Claims: one person works a ticket; escalations stay the managers'; a manager can take any claim
over; a claim nobody acts on lapses; follow-ups follow the claim. Through the real Bolt app and the
loopback Slack where a person would click."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from assistant.errors import AssistantError
from assistant.policy import Action, TicketState, offered
from assistant.scheduler import Scheduler
from assistant.slack import constants as c
from tests.conftest import Clock, SlackHarness, make_post, wait_until

AGENT, OTHER, BOSS = "UAGENT1", "UAGENT2", "UBOSS"


def thread_texts(slack: SlackHarness, ticket_id: int) -> list[str]:
    card_ts = slack.services.store.get(ticket_id).card_ts
    return [m["text"] for m in slack.api.of("chat.postMessage") if m.get("thread_ts") == card_ts]


def ephemerals(slack: SlackHarness, user: str) -> list[str]:
    return [m["text"] for m in slack.api.of("chat.postEphemeral") if m.get("user") == user]


@pytest.fixture
def desk_with_managers(slack: SlackHarness) -> SlackHarness:
    slack.services.desk.is_manager = lambda user: user == BOSS
    return slack


def test_an_agent_cannot_claim_an_escalation_so_the_managers_send_goes_through(desk_with_managers: SlackHarness) -> None:
    slack = desk_with_managers
    services = slack.services
    ticket_id = services.pipeline.ingest(make_post("c1")).ticket_id
    services.desk.claim(ticket_id, AGENT)
    services.desk.escalate(ticket_id, AGENT, "refund over the limit")
    assert services.store.get(ticket_id).claimed_by == "", "escalating hands it on: the claim is dropped"

    # A stale card's Claim button, clicked (and replayed) after the escalation.
    for _ in range(2):
        assert slack.click(c.CLAIM, str(ticket_id), user=OTHER).status_code == 200
    refused = wait_until(lambda: len(ephemerals(slack, OTHER)) >= 2 and ephemerals(slack, OTHER))
    assert all("Only a manager can claim ticket" in text for text in refused)
    assert services.store.get(ticket_id).claimed_by == ""
    with pytest.raises(AssistantError, match="Only a manager can claim"):
        services.store.claim(ticket_id, actor=OTHER, manager=False)  # the store's own update refuses it too

    slack.click(c.APPROVE, str(ticket_id), user=BOSS)
    wait_until(lambda: services.store.get(ticket_id).state == TicketState.SENT)


def test_a_manager_takes_over_a_claim_and_the_former_holder_is_told(desk_with_managers: SlackHarness) -> None:
    slack = desk_with_managers
    services = slack.services
    ticket_id = services.pipeline.ingest(make_post("c2")).ticket_id
    services.desk.claim(ticket_id, AGENT)
    assert Action.TAKE_OVER in offered(services.store.get(ticket_id))
    services.inbox.refresh(ticket_id)
    card = json.dumps(slack.api.of("chat.update")[-1]["blocks"])
    assert c.TAKE_OVER in card and "Take over (managers)" in card

    slack.click(c.TAKE_OVER, str(ticket_id), user=OTHER)
    assert "Only a manager can take over" in wait_until(lambda: ephemerals(slack, OTHER))[0]
    assert services.store.get(ticket_id).claimed_by == AGENT

    slack.click(c.TAKE_OVER, str(ticket_id), user=BOSS)
    wait_until(lambda: services.store.get(ticket_id).claimed_by == BOSS)
    told = wait_until(lambda: [t for t in thread_texts(slack, ticket_id) if "took this ticket over" in t])
    assert f"<@{BOSS}>" in told[0] and f"<@{AGENT}>" in told[0], "the former holder is named, so Slack tells them"
    [event] = [e for e in services.store.get(ticket_id).events if e.kind == "taken_over"]
    assert (event.actor, event.note) == (BOSS, f"from {AGENT}")

    with pytest.raises(AssistantError, match="claimed by"):
        services.desk.approve(ticket_id, AGENT)  # the former holder's card no longer works for them
    with pytest.raises(AssistantError, match="nothing to take over"):
        services.desk.take_over(ticket_id, BOSS)


def test_take_over_from_the_slash_command_and_its_refusals(desk_with_managers: SlackHarness) -> None:
    slack = desk_with_managers
    services = slack.services
    ticket_id = services.pipeline.ingest(make_post("c3")).ticket_id
    assert "nothing to take over" in slack.answer(f"take {ticket_id}", user=BOSS), "an unclaimed ticket"
    services.desk.claim(ticket_id, AGENT)
    assert "Only a manager can take over" in slack.answer(f"take {ticket_id}", user=OTHER)
    assert "took this ticket over" in slack.answer(f"take {ticket_id}", user=BOSS)
    assert services.store.get(ticket_id).claimed_by == BOSS
    assert "Ticket 99999 does not exist" in slack.answer("take 99999", user=BOSS)


def test_follow_ups_on_a_claimed_ticket_are_the_holders_and_managers(desk_with_managers: SlackHarness) -> None:
    services = desk_with_managers.services
    ticket_id = services.pipeline.ingest(make_post("c4")).ticket_id
    services.desk.claim(ticket_id, AGENT)
    with pytest.raises(AssistantError, match="claimed by"):
        services.desk.follow_up(ticket_id, OTHER, "1h")
    assert not services.desk.check(ticket_id, OTHER, Action.FOLLOW_UP).ok
    services.desk.follow_up(ticket_id, AGENT, "1h")
    services.desk.follow_up(ticket_id, BOSS, "2h", "check the refund")
    [timer] = [t for t in services.store.timers(ticket_id, status="pending") if t.kind == "follow_up"]
    assert timer.created_by == BOSS


def test_a_claim_nobody_acts_on_lapses_once_and_its_holder_is_told(desk_with_managers: SlackHarness) -> None:
    slack = desk_with_managers
    services = slack.services
    start = datetime.now(UTC).replace(microsecond=0)
    clock = Clock(start)
    services.store.clock = clock
    lapse = timedelta(hours=1)
    ticket_id = services.pipeline.ingest(make_post("c5")).ticket_id
    services.desk.claim(ticket_id, AGENT)
    one = Scheduler(services.store, services.inbox, claim_lapse=lapse, worker="replica-1")
    two = Scheduler(services.store, services.inbox, claim_lapse=lapse, worker="replica-2")

    clock.now = start + timedelta(minutes=40)
    services.desk.follow_up(ticket_id, AGENT, "4h")  # the holder acting on it keeps the claim alive
    clock.now = start + timedelta(minutes=40) + lapse - timedelta(seconds=1)
    assert one.lapse_claims() == 0 and services.store.get(ticket_id).claimed_by == AGENT, "at lapse - 1 s it still holds"
    clock.now = start + timedelta(minutes=40) + lapse
    assert one.lapse_claims() + two.lapse_claims() == 1, "two replicas sweeping: one releases it"
    assert services.store.get(ticket_id).claimed_by == ""
    [event] = [e for e in services.store.get(ticket_id).events if e.kind == "claim_lapsed"]
    assert event.actor == "system" and AGENT in event.note
    told = [t for t in thread_texts(slack, ticket_id) if "claim lapsed" in t]
    assert len(told) == 1 and f"<@{AGENT}>" in told[0]
    services.desk.claim(ticket_id, OTHER)  # anyone can pick it up
    assert services.store.get(ticket_id).claimed_by == OTHER


def test_the_claim_lapse_setting_is_checked(tmp_path) -> None:  # noqa: ANN001
    from assistant.errors import ConfigError
    from tests.conftest import make_settings

    assert make_settings(tmp_path, claim_lapse="30m").claim_lapse_after == timedelta(minutes=30)
    for wrong in ("0m", "forever", "31d", ""):
        with pytest.raises((ConfigError, ValueError)):
            make_settings(tmp_path, claim_lapse=wrong)
