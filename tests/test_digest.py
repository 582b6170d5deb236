"""Reminders on tickets nobody owns: a line in each card's thread that pings no one, and one @here
digest per interval naming them all, across replicas. A storm of unowned tickets is one ping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient

from assistant.scheduler import DIGEST_LINES, Scheduler, unowned_digest
from assistant.services import Services
from assistant.slack.inbox import SlackInbox
from tests.conftest import ESCALATIONS, INBOX, Clock, make_post
from tests.fakes.slack_api import FakeSlackAPI


def channel_pings(slack_api: FakeSlackAPI) -> list[str]:
    """The @here messages Slack accepted."""
    return [
        c.args["text"]
        for c in slack_api.calls
        if c.method == "chat.postMessage" and not c.refused and not c.args.get("thread_ts") and "<!here>" in c.args["text"]
    ]


def thread_lines(slack_api: FakeSlackAPI) -> list[str]:
    return [m["text"] for m in slack_api.of("chat.postMessage") if m.get("thread_ts")]


def _on_a_clock(services: Services, slack_api: FakeSlackAPI) -> tuple[datetime, Clock, SlackInbox]:
    """The store on a controlled clock, and the inbox on the loopback Slack."""
    start = datetime.now(UTC).replace(microsecond=0)
    clock = Clock(start)
    services.store.clock = clock
    inbox = SlackInbox(WebClient(token="xoxb-test", base_url=slack_api.url + "/"), services.store, INBOX, ESCALATIONS)
    services.attach_inbox(inbox)
    return start, clock, inbox


def test_eighteen_unowned_tickets_make_one_ping_per_interval_across_two_replicas(services: Services, slack_api: FakeSlackAPI) -> None:
    start, clock, inbox = _on_a_clock(services, slack_api)
    tickets = [services.pipeline.ingest(make_post(f"d{n}", author=f"customer_{n}", created_at=start)).ticket_id for n in range(18)]
    owned = tickets[0]
    services.desk.claim(owned, "UAGENT1")
    every = timedelta(hours=2)  # longer than the hour from warning to breach
    replicas = [Scheduler(services.store, inbox, worker=f"replica-{n}", digest_every=every) for n in (1, 2)]

    clock.now = start + timedelta(hours=3)  # normal priority: warned at 3 h
    said = sum(r.tick() for r in replicas)
    assert said == 18 and sum(r.tick() for r in replicas) == 0, "each warning once, whichever replica said it"
    pings = channel_pings(slack_api)
    assert len(pings) == 1, pings
    assert all(f"#{t}" in pings[0] for t in tickets[1:]) and f"#{owned} " not in pings[0] + " ", "the owned ticket's holder was told instead"
    assert "17 ticket(s) nobody owns" in pings[0]
    lines = thread_lines(slack_api)
    assert len(lines) == 18 and not any("<!here>" in line for line in lines), "thread lines ping no one"
    assert sum("<@UAGENT1>" in line for line in lines) == 1

    clock.now = start + timedelta(hours=4)  # the breaches, within the same digest interval
    assert sum(r.tick() for r in replicas) == 18
    assert len(channel_pings(slack_api)) == 1, "no second ping within the interval"

    clock.now = start + timedelta(hours=3) + every - timedelta(seconds=1)  # limit - 1 s (the clock is the store's)
    assert all(r.digest() == 0 for r in replicas) and len(channel_pings(slack_api)) == 1
    clock.now = start + timedelta(hours=3) + every  # at the interval: one more, for the breaches
    assert sum(r.digest() for r in replicas) == 17
    pings = channel_pings(slack_api)
    assert len(pings) == 2 and "SLA missed" in pings[1] and "SLA due soon" not in pings[1]
    clock.now += every * 3
    assert sum(r.digest() for r in replicas) == 0, "nothing new: no ping at all"
    assert len(channel_pings(slack_api)) == 2


def test_a_refused_digest_is_tried_again_and_an_answered_ticket_drops_out(services: Services, slack_api: FakeSlackAPI) -> None:
    start, clock, inbox = _on_a_clock(services, slack_api)
    first = services.pipeline.ingest(make_post("e1", author="ann", created_at=start)).ticket_id
    second = services.pipeline.ingest(make_post("e2", author="bob", created_at=start)).ticket_id
    scheduler = Scheduler(services.store, inbox, worker="replica-1", digest_every=timedelta(minutes=10))
    refusing = {"on": True}

    def refuse_pings(method: str, args: dict) -> None:  # type: ignore[type-arg]
        if method == "chat.postMessage" and "<!here>" in str(args.get("text")) and refusing["on"]:
            slack_api.refuse_next[method] = "channel_not_found"

    slack_api.hook = refuse_pings
    clock.now = start + timedelta(hours=3)
    assert scheduler.tick() == 2 and channel_pings(slack_api) == []
    refusing["on"] = False
    services.desk.approve(first, "UAGENT1")  # answered meanwhile: no longer waiting
    clock.now += timedelta(minutes=10)
    assert scheduler.digest() == 1
    [ping] = channel_pings(slack_api)
    assert f"#{second}" in ping and f"#{first}" not in ping


def test_the_digest_text_is_capped_and_names_the_worst_first(services: Services) -> None:
    ticket = services.store.get(services.pipeline.ingest(make_post("f1", author="U0AGENT1")).ticket_id)
    text = unowned_digest([(ticket, "follow_up_reminder")] * 3 + [(ticket, "sla_breached")] * (DIGEST_LINES + 5))
    lines = text.splitlines()
    assert len(lines) == DIGEST_LINES + 2 and lines[1].endswith("SLA missed") and "and 8 more" in lines[-1]
