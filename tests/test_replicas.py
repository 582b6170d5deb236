"""Replicas on one database: a duty is held by one replica and passes on within the lease when its
holder goes silent; work in flight (a send, a draft, a reminder) is taken over only from a replica
that is gone; a late success counts; each reminder, and each escalation's announcement to the
managers, is said once. In-process, with a moved clock, on SQLite and PostgreSQL;
`test_replica_processes.py` runs real `social-reply run` processes."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from assistant.replica import Replica
from assistant.scheduler import Scheduler
from assistant.sla import Targets, parse_targets
from assistant.slack.inbox import ESCALATED, REMINDER
from assistant.store import Store, TicketState
from assistant.store.rows import ESCALATION
from tests.conftest import INBOX, make_post
from tests.fakes.slack_api import FakeSlackAPI
from tests.replica_pair import START, Clock, beat_for, clock, inbox_of, pair, url  # noqa: F401  (fixtures)

S = TicketState


def _ready_ticket(store: Store, number: str) -> int:
    ticket_id, _ = store.add_post(make_post(number).cleaned())
    store.transition(ticket_id, S.AWAITING_REVIEW, actor="system", kind="ready")
    return ticket_id


def test_a_duty_has_one_holder_and_passes_on_within_the_lease_when_it_goes_silent(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    assert one.lease_seconds == 30.0
    assert one.hold("poll:x", one.me) and not two.hold("poll:x", two.me)
    for _ in range(24):  # two minutes of a live holder beating: the other never gets it
        beat_for([one, two], clock, one.beat_every)
        assert not two.hold("poll:x", two.me) and one.hold("poll:x", one.me)
    silent_at = clock.now  # `one` is killed: no more beats
    taken = None
    while taken is None and clock.now < silent_at + timedelta(minutes=5):
        beat_for([two], clock, two.beat_every)
        if two.hold("poll:x", two.me):
            taken = clock.now
    assert taken is not None and (taken - silent_at).total_seconds() <= one.lease_seconds, "taken over within the lease time"
    assert one.leases()["poll:x"][0] == two.me
    assert not one.hold("poll:x", one.me), "a holder back from the dead does not take it back"
    assert one.alive() == {two.me}


def test_leaving_frees_every_duty_at_once(pair: tuple[Store, Store]) -> None:
    one, two = pair
    assert one.hold("poll:x", one.me) and one.hold("recovery", one.me)
    one.leave(one.me)
    assert two.hold("poll:x", two.me) and two.hold("recovery", two.me), "no wait for the lease"
    assert one.alive() == {two.me}


def test_of_many_replicas_asking_at_once_exactly_one_gets_a_free_duty(url: str, clock: Clock) -> None:
    stores = [Store(url, clock=clock, replica_id=f"replica-{n}") for n in range(6)]
    won: list[str] = []
    barrier = threading.Barrier(len(stores))

    def ask(store: Store) -> None:
        barrier.wait()
        if store.hold("poll:mastodon", store.me):
            won.append(store.me)

    threads = [threading.Thread(target=ask, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    for store in stores:
        store.close()


def test_recovery_leaves_a_live_replicas_send_alone_and_settles_a_gone_ones(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    live, dead = _ready_ticket(one, "1"), _ready_ticket(one, "2")
    one.begin_publication(live, actor="U1", text="@sam_k Try this.")
    assert two.recover_interrupted() == {"replies": [], "dms": []}, "a live replica's send is in flight, not interrupted"
    beat_for([one, two], clock, 120)  # however long the platform takes
    assert two.recover_interrupted() == {"replies": [], "dms": []}
    one.finish_publication(live, status="posted", external_id="900")
    assert one.get(live).state == S.SENT

    one.begin_publication(dead, actor="U1", text="@sam_k Try this.")
    beat_for([two], clock, 25)  # `one` went silent
    assert two.recover_interrupted() == {"replies": [dead], "dms": []}
    settled = two.get(dead)
    assert settled.state == S.SEND_FAILED and settled.publication is not None and settled.publication.status == "uncertain"
    # `one` was only slow: its platform call succeeded after all. The reply went out: it is sent.
    one.finish_publication(dead, status="posted", external_id="901")
    late = two.get(dead)
    assert late.state == S.SENT and late.publication is not None and late.publication.external_id == "901"
    assert "went out after all" in late.events[-1].note


def test_a_late_refusal_after_recovery_is_recorded_and_the_ticket_stays_failed(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    ticket_id = _ready_ticket(one, "3")
    one.begin_publication(ticket_id, actor="U1", text="@sam_k Try this.")
    beat_for([two], clock, 25)
    two.recover_interrupted()
    one.finish_publication(ticket_id, status="failed", detail="X said 403")  # no "cannot become send_failed"
    ticket = two.get(ticket_id)
    assert ticket.state == S.SEND_FAILED and ticket.publication is not None and ticket.publication.status == "failed"
    assert ticket.events[-1].kind == "failed" and ticket.events[-1].note == "X said 403"


def test_a_gone_replicas_draft_and_card_are_taken_over_and_a_live_ones_are_not(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    one.draft_lease = two.draft_lease = timedelta(minutes=10)  # the lease alone would keep it 10 minutes
    ticket_id, _ = one.add_post(make_post("4").cleaned())
    assert one.take_for_drafting(ticket_id)
    assert two.undrafted() == [] and not two.take_for_drafting(ticket_id)
    beat_for([two], clock, 25)
    assert two.undrafted() == [ticket_id] and two.take_for_drafting(ticket_id), "its replica is gone: no waiting for the lease"
    two.add_draft(ticket_id, text="@sam_k hello", citations=[], drafter="offline", ready=True)
    assert two.unshown() == [] and one.unshown() == [], "its card is being shown by `two`, which is alive"
    beat_for([one], clock, 25)
    assert one.unshown() == [ticket_id], "`two` went silent before showing it: `one` shows it"


def _follow_up(store: Store, number: str) -> int:
    ticket_id = _ready_ticket(store, number)
    store.set_card(ticket_id, INBOX, f"1700000000.{int(number):06d}")
    store.follow_up(ticket_id, START + timedelta(minutes=1), actor="UAGENT1", note="check the refund")
    return ticket_id


def _said(slack_api: FakeSlackAPI) -> list[str]:
    """The keys of the reminders Slack took (refused calls posted nothing)."""
    taken = [m for messages in slack_api.messages.values() for m in messages]
    return [str(m["metadata"]["event_payload"]["key"]) for m in taken if (m.get("metadata") or {}).get("event_type") == REMINDER]


def test_a_reminder_said_by_a_replica_that_died_before_marking_it_is_not_said_again(pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI) -> None:
    one, two = pair
    ticket_id = _follow_up(one, "5")
    clock.now = START + timedelta(minutes=1)
    [timer] = one.take_due(one.me)
    assert timer.key and not timer.in_doubt
    inbox_of(one, slack_api).tell_owner(ticket_id, "Follow-up due", key=timer.key)  # said; then kill -9 before `fire`
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0, "in flight on a live replica: nobody touches it"
    beat_for([two], clock, 25)
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0, "found in the thread: not said again"
    assert _said(slack_api) == [timer.key]
    [fired] = two.timers(ticket_id, status="fired")
    assert fired.said_ts and [e.kind for e in two.get(ticket_id).events].count("follow_up_reminder") == 1
    methods = [call.method for call in slack_api.calls]
    assert "conversations.replies" in methods


def test_a_reminder_claimed_by_a_replica_that_died_before_saying_it_is_said_once(pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI) -> None:
    one, two = pair
    ticket_id = _follow_up(one, "6")
    clock.now = START + timedelta(minutes=1)
    [timer] = one.take_due(one.me)  # claimed; then kill -9 before Slack heard anything
    beat_for([two], clock, 25)
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 1
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0
    assert _said(slack_api) == [timer.key]
    assert len(two.timers(ticket_id, status="fired")) == 1


def test_a_warning_is_never_said_after_its_own_breach(pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI) -> None:
    one, _ = pair
    ticket_id = _ready_ticket(one, "7")
    one.set_card(ticket_id, INBOX, "1700000000.000007")
    one.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    clock.now = START + timedelta(hours=2)  # the bot was down through the warning and the breach
    assert Scheduler(one, inbox_of(one, slack_api)).tick() == 1
    texts = [m["text"] for m in slack_api.of("chat.postMessage") if m.get("thread_ts")]  # the thread (the channel gets an @here digest)
    assert len(texts) == 1 and "SLA missed" in texts[0]
    assert [t.kind for t in one.timers(ticket_id, status="cancelled")] == ["sla_warning"]


def test_a_warning_rescheduled_for_the_same_wait_is_said_once(pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI) -> None:
    one, _ = pair
    hour, two_hours = parse_targets("urgent=15m,high=1h,normal=4h,low=24h"), parse_targets("urgent=15m,high=2h,normal=4h,low=24h")
    one.default_sla = Targets(hour, hour, 0.5)
    ticket_id = _ready_ticket(one, "8")
    one.set_card(ticket_id, INBOX, "1700000000.000008")
    one.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    scheduler = Scheduler(one, inbox_of(one, slack_api))
    clock.now = START + timedelta(minutes=30)
    assert scheduler.tick() == 1  # the warning, at half of 1 h
    one.set_sla(Targets(two_hours, two_hours, 0.5), actor="UBOSS")  # a manager widens the target
    clock.now = START + timedelta(minutes=61)
    assert scheduler.tick() == 0, "the same wait was warned about already"
    warnings = [m for m in slack_api.of("chat.postMessage") if ":hourglass:" in m["text"]]
    assert len(warnings) == 1
    assert [t.kind for t in one.timers(ticket_id, status="cancelled") if t.note == "said already"] == ["sla_warning"], "the second warning, not the breach"
    clock.now = START + timedelta(hours=2)
    assert scheduler.tick() == 1 and "SLA missed" in slack_api.of("chat.postMessage")[-1]["text"], "the breach of the wider target is still said"


def test_a_reminder_slack_refused_is_said_on_the_next_tick_and_only_then(pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI) -> None:
    one, _ = pair
    ticket_id = _follow_up(one, "9")
    clock.now = START + timedelta(minutes=1)
    slack_api.refuse_next["chat.postMessage"] = "ratelimited"
    scheduler = Scheduler(one, inbox_of(one, slack_api))
    assert scheduler.tick() == 0
    [pending] = one.timers(ticket_id, status="pending")
    assert pending.key is None and pending.taken_by == "", "surely not said: free again, no lookup needed"
    assert scheduler.tick() == 1 and scheduler.tick() == 0
    assert len(_said(slack_api)) == 1


def test_a_replica_object_logs_what_it_holds_and_gives_exclusive_duties_back(pair: tuple[Store, Store]) -> None:
    one, two = pair
    first, second = Replica(one), Replica(two)
    changes: list[tuple[str, bool]] = []
    first.on_change = lambda duty, held: changes.append((duty, held))
    stop = threading.Event()
    with first.exclusive("knowledge", stop) as held:
        assert held and not second.holds("knowledge")
    assert second.holds("knowledge"), "given back when the work is done"
    assert first.holds("poll:x") and first.held() == {"poll:x"}
    assert changes == [("knowledge", True), ("poll:x", True)]


def test_thread_messages_carry_the_reminder_key_as_slack_metadata(pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI) -> None:
    one, _ = pair
    ticket_id = _follow_up(one, "10")
    clock.now = START + timedelta(minutes=1)
    Scheduler(one, inbox_of(one, slack_api)).tick()
    [message] = [m for m in slack_api.of("chat.postMessage") if m.get("thread_ts")]
    assert message["metadata"]["event_type"] == REMINDER and message["metadata"]["event_payload"]["key"].startswith(f"follow_up:{ticket_id}:")
    assert "conversations.replies" not in [call.method for call in slack_api.calls], "a reminder nobody doubts is not looked up (no extra Slack call)"


def test_a_replica_is_alive_up_to_two_thirds_of_the_lease_after_its_beat_and_gone_just_after(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    beat = clock.now
    clock.now = beat + one.gone_after
    assert one.alive() == {one.me, two.me}, "at the limit: alive"
    clock.now = beat + one.gone_after + timedelta(microseconds=1)
    assert one.alive() == set(), "one past it: gone"


def test_joining_forgets_replicas_silent_for_more_than_a_day(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    clock.now = START + timedelta(days=1)
    one.join("replica-c")
    assert {r.id for r in one.replicas()} == {one.me, two.me, "replica-c"}, "silent exactly a day: kept"
    clock.now = START + timedelta(days=1, seconds=1)
    one.join("replica-c")
    assert {r.id for r in one.replicas()} == {"replica-c"}, "silent longer: forgotten"


def test_a_drafting_lease_holds_to_its_last_instant(pair: tuple[Store, Store], clock: Clock) -> None:
    one, two = pair
    ticket_id, _ = one.add_post(make_post("11").cleaned())
    assert one.take_for_drafting(ticket_id)
    end = clock.now + one.draft_lease
    for store in (one, two):
        store.beat(store.me)
    clock.now = end
    two.beat(two.me)
    one.beat(one.me)
    assert two.undrafted() == [] and not two.take_for_drafting(ticket_id), "at the lease's end: still held"
    clock.now = end + timedelta(seconds=1)
    one.beat(one.me)
    two.beat(two.me)
    assert two.undrafted() == [ticket_id], "one second past it, even with its replica alive: free"


def test_a_warning_due_at_its_breach_is_not_said_and_one_a_second_before_is(pair: tuple[Store, Store], clock: Clock) -> None:
    from assistant.scheduler import reminder

    one, _ = pair
    ticket_id = _ready_ticket(one, "12")
    one.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    [warning] = [t for t in one.timers(ticket_id) if t.kind == "sla_warning"]
    ticket = one.get(ticket_id)
    breach = one.sla().deadlines("high", 1, START)[1]
    clock.now = breach - timedelta(seconds=1)
    said = reminder(one, warning, ticket)
    assert said is not None and "due by" in said
    clock.now = breach
    assert reminder(one, warning, ticket) is None


def test_firing_a_timer_that_does_not_exist_changes_nothing(pair: tuple[Store, Store]) -> None:
    one, _ = pair
    assert one.fire(999, worker=one.me, note="x") is False


def _escalated(store: Store, number: str) -> int:
    ticket_id = _ready_ticket(store, number)
    store.set_card(ticket_id, INBOX, f"1700000000.{int(number):06d}")
    store.transition(ticket_id, S.ESCALATED, actor="UAGENT1", kind="escalated", note="threatens legal action")
    return ticket_id


def _announced(slack_api: FakeSlackAPI) -> list[str]:
    """The keys of the escalation messages Slack took in the escalation channel."""
    return [str(m["metadata"]["event_payload"]["key"]) for m in slack_api.messages.get("CESC", []) if (m.get("metadata") or {}).get("event_type") == ESCALATED]


def test_an_escalation_is_announced_once_by_whoever_takes_it_even_when_the_replica_that_made_it_dies(
    pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI
) -> None:
    """The announcement to the managers is a timer made with the escalation: the replica that made
    it says it at once (`say_due`); if it dies before, another says it; if it dies after posting
    and before marking it, another finds the message by its key and does not post it again."""
    one, two = pair
    # Said at once by the replica that escalated, and never again.
    said_now = _escalated(one, "20")
    assert Scheduler(one, inbox_of(one, slack_api)).say_due(said_now, (ESCALATION,)) == 1
    [fired] = one.timers(said_now, status="fired")
    assert fired.kind == ESCALATION and fired.said_ts == one.get(said_now).escalation_ts == slack_api.messages["CESC"][-1]["ts"]
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0 and _announced(slack_api) == [fired.key]
    # Killed after the escalation was stored, before anything was said: the next tick anywhere says it.
    lost_before = _escalated(one, "21")
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 1 and len(_announced(slack_api)) == 2
    # Killed after Slack took the message, before it was marked: left alone while its replica lives,
    # then found in the escalation channel by its key, not posted again.
    lost_after = _escalated(one, "22")
    [timer] = one.take_due(one.me, ticket_id=lost_after, kinds=(ESCALATION,))
    inbox_of(one, slack_api).escalate(lost_after, key=timer.key or "")
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0, "in flight on a live replica: nobody touches it"
    beat_for([two], clock, 25)
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0, "found in the channel: not said again"
    assert _announced(slack_api).count(timer.key) == 1 and len(_announced(slack_api)) == 3
    assert two.timers(lost_after, status="fired")[0].said_ts == two.get(lost_after).escalation_ts
    assert [e.kind for t in (said_now, lost_before, lost_after) for e in two.get(t).events].count("escalation_announced") == 3
    # Back with the agents before anyone said it: nothing to tell the managers.
    returned = _escalated(two, "23")
    two.transition(returned, S.AWAITING_REVIEW, actor="UMANAGER", kind="returned", note="handled it")
    assert Scheduler(two, inbox_of(two, slack_api)).tick() == 0 and len(_announced(slack_api)) == 3
    assert [t.status for t in two.timers(returned) if t.kind == ESCALATION] == ["cancelled"]


def test_an_escalation_slack_refuses_is_said_on_a_later_tick(pair: tuple[Store, Store], slack_api: FakeSlackAPI) -> None:
    one, _ = pair
    ticket_id = _escalated(one, "24")
    slack_api.refuse_next["chat.postMessage"] = "channel_not_found"
    assert Scheduler(one, inbox_of(one, slack_api)).say_due(ticket_id, (ESCALATION,)) == 0
    assert [t.status for t in one.timers(ticket_id) if t.kind == ESCALATION] == ["pending"], "refused: surely not said, due again"
    assert Scheduler(one, inbox_of(one, slack_api)).tick() == 1 and len(_announced(slack_api)) == 1


@pytest.mark.parametrize("kind", ["follow_up", ESCALATION])
def test_a_reminder_a_starved_replica_says_after_another_took_it_over_is_withdrawn(
    pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI, kind: str
) -> None:
    """Replica one, starved past its lease (alive, but silent), claims a reminder (or an
    escalation's announcement) and sends it; while its message is on its way two takes the timer for
    a gone replica's, finds nothing under its key, says it and marks it. One's message reached Slack
    too: one withdraws it, and the ticket's link to the managers' message is the one kept."""
    one, two = pair
    ticket_id, channel = (_escalated(one, "33"), "CESC") if kind == ESCALATION else (_follow_up(one, "33"), INBOX)
    beat_for([two], clock, 90)  # one has not beaten since: gone, as two sees it
    meanwhile: list[int] = []

    def two_says_it(method: str, args: dict) -> None:
        if method == "chat.postMessage" and slack_api.hook is not None:
            slack_api.hook = None  # once: two's own message goes straight through
            meanwhile.append(Scheduler(two, inbox_of(two, slack_api)).tick())

    slack_api.hook = two_says_it
    assert Scheduler(one, inbox_of(one, slack_api)).tick() == 0, "not marked said by one"
    slack_api.hook = None
    assert meanwhile == [1], "two said it while one's message was on its way"
    [fired] = one.timers(ticket_id, status="fired")
    [withdrawn] = slack_api.of("chat.delete")
    assert withdrawn["channel"] == channel and withdrawn["ts"] != fired.said_ts, "one withdrew its own"
    keys = _announced(slack_api) if kind == ESCALATION else _said(slack_api)
    assert keys == [fired.key], "said once, as everyone sees it"
    if kind == ESCALATION:
        assert one.get(ticket_id).escalation_ts == fired.said_ts, "the card's link goes to the message kept"
