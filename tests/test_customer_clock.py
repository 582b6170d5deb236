"""The customer's clock: a wait counts from when the customer wrote, never later than when we
received it. The card shows both times, the SLA timers and the scheduler's reminders run from the
first, and the report's first response counts from it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.metrics import compute
from assistant.policy import TicketState
from assistant.scheduler import reminder
from assistant.services import Services
from assistant.sla import waiting_from
from assistant.slack.cards import ticket_card
from assistant.slack.inbox import card_context
from tests.conftest import Clock, examples, make_post


def stamp(moment: datetime) -> str:
    return f"<!date^{int(moment.timestamp())}^"


RECEIVED = datetime(2026, 11, 30, 16, 18, tzinfo=UTC)
WRITTEN = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_a_post_fetched_hours_late_has_waited_since_it_was_written(services: Services) -> None:
    store = services.store
    store.clock = Clock(RECEIVED)
    ticket_id = services.pipeline.ingest(make_post("7001", created_at=WRITTEN)).ticket_id
    ticket = store.get(ticket_id)
    assert ticket.priority == "normal"
    assert ticket.waiting_since.replace(tzinfo=UTC) == WRITTEN
    due = {t.kind: t.due_at.replace(tzinfo=UTC) for t in store.timers(ticket_id)}
    assert due["sla_breach"] == WRITTEN + timedelta(hours=4), "normal priority: 4 h from when the customer wrote"
    assert due["sla_warning"] == WRITTEN + timedelta(hours=3)

    card = json.dumps([b.to_dict() for b in ticket_card(ticket, card_context(store, ticket))])
    assert f"Waiting since {stamp(WRITTEN)}" in card and f"(it reached us {stamp(RECEIVED)}" in card, "both times are on the card"
    assert f"reply due by {stamp(WRITTEN + timedelta(hours=4))}" in card

    breach = next(t for t in store.timers(ticket_id) if t.kind == "sla_breach")
    said = reminder(store, breach, ticket)
    assert said is not None and "has waited 8h18m" in said

    store.clock.now = RECEIVED + timedelta(minutes=12)
    services.desk.approve(ticket_id, "UAGENT1")
    assert store.get(ticket_id).state in (TicketState.SENT, TicketState.SENDING)
    numbers = compute(store.touches(RECEIVED - timedelta(days=1), RECEIVED + timedelta(days=1)), RECEIVED - timedelta(days=1), RECEIVED + timedelta(days=1))
    assert numbers["first_response_minutes"] == {"median": 510.0, "p90": 510.0}, "8 h 30 min from 08:00 to 16:30, not 12 min"
    assert numbers["reached_us_minutes"] == {"median": 498.0, "p90": 498.0}


def test_a_post_from_a_clock_ahead_of_ours_waits_from_when_it_reached_us(services: Services) -> None:
    store = services.store
    store.clock = Clock(RECEIVED)
    ticket_id = services.pipeline.ingest(make_post("7002", created_at=RECEIVED + timedelta(minutes=20))).ticket_id
    ticket = store.get(ticket_id)
    assert ticket.waiting_since.replace(tzinfo=UTC) == RECEIVED
    card = json.dumps([b.to_dict() for b in ticket_card(ticket, card_context(store, ticket))])
    assert "it reached us" not in card, "one time when they are the same"


def test_a_customer_writing_again_reopens_with_the_wait_from_their_new_message(services: Services) -> None:
    store = services.store
    store.clock = Clock(RECEIVED)
    ticket_id = services.pipeline.ingest(make_post("7003", created_at=RECEIVED - timedelta(minutes=5))).ticket_id
    services.desk.approve(ticket_id, "UAGENT1")
    assert store.get(ticket_id).waiting_since is None
    store.clock.now = RECEIVED + timedelta(hours=2)
    again = make_post(
        "7004", "Still can't get in, the email never came", in_reply_to_id="7003", conversation_id="7003", created_at=RECEIVED + timedelta(minutes=40)
    )
    assert services.pipeline.ingest(again).ticket_id == ticket_id
    ticket = store.get(ticket_id)
    assert ticket.round == 2 and ticket.waiting_since.replace(tzinfo=UTC) == RECEIVED + timedelta(minutes=40)
    breach = next(t for t in store.timers(ticket_id, status="pending") if t.kind == "sla_breach")
    assert breach.due_at.replace(tzinfo=UTC) == RECEIVED + timedelta(minutes=40) + timedelta(hours=4)


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))


@given(moments, moments)
@settings(max_examples=examples(300), deadline=None)
def test_the_wait_starts_at_the_earlier_of_written_and_received(written: datetime, received: datetime) -> None:
    start = waiting_from(written, received)
    assert start <= received and start <= written and start in (written, received)
    assert waiting_from(None, received) == received
    assert waiting_from(written.replace(tzinfo=None), received) == start, "a naive time is UTC"


def test_a_replayed_recording_keeps_its_times_unless_played_as_new(services: Services, tmp_path) -> None:  # noqa: ANN001
    from assistant.sources.replay import replay

    recorded = tmp_path / "recorded.jsonl"
    recorded.write_text(
        json.dumps({"id": "r1", "author": "ann", "text": "How do I reset my password?", "created_at": "2026-11-20T08:00:00+00:00"})
        + "\n"
        + json.dumps({"id": "r2", "author": "bob", "text": "Where is my order NH-48213?", "created_at": "2026-11-20T08:05:00+00:00"})
        + "\n"
    )
    store = services.store
    store.clock = Clock(RECEIVED)
    replay(recorded, services.pipeline)
    kept = {t.post.external_id: t.waiting_since.replace(tzinfo=UTC) for t in store.list()}
    assert kept == {"r1": datetime(2026, 11, 20, 8, tzinfo=UTC), "r2": datetime(2026, 11, 20, 8, 5, tzinfo=UTC)}

    again = tmp_path / "again.jsonl"
    again.write_text(recorded.read_text().replace('"r1"', '"r3"').replace('"r2"', '"r4"'))
    before = datetime.now(UTC)
    store.clock = Clock(datetime.now(UTC) + timedelta(seconds=5))
    replay(again, services.pipeline, as_new=True)
    played = {t.post.external_id: t.waiting_since.replace(tzinfo=UTC) for t in store.list() if t.post.external_id in ("r3", "r4")}
    assert len(played) == 2 and all(before <= when <= datetime.now(UTC) for when in played.values()), "written when replayed"
