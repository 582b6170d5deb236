"""A scripted working week through the real Bolt app and the loopback Slack: business hours
(Mon-Fri 08:00-20:00), two shifts with skills, posts written overnight and fetched late, agents
approving what is assigned to them, a morning when the early shift is swamped, and a manager taking
over a claim. The clock is the store's; the scheduler ticks every 30 simulated minutes.

It checks, from what Slack received and the audit log:
- first response is counted from when the customer wrote, and matches the times the script kept;
- no SLA reminder fires outside business hours;
- routing is even within each shift and every Spanish post goes to an agent with `es`;
- no ticket is named in two @here digests within one interval, and the digests are few;
- the manager's takeover is recorded and told to the former holder, and the manager's send goes out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from statistics import median

from assistant.hours import parse_hours
from assistant.metrics import compute, nearest_rank
from assistant.policy import TicketState
from assistant.routing import parse_team
from assistant.scheduler import Scheduler
from assistant.sla import parse_targets
from assistant.slack import constants as c
from tests.conftest import Clock, SlackHarness, make_post, wait_until

MONDAY = datetime(2026, 11, 23, tzinfo=UTC)  # a past week: a post from the future is refused by the real clock
EARLY, LATE = {"U0ANA", "U0BEN"}, {"U0CAL", "U0DAN"}
SPEAKS_ES = {"U0ANA", "U0DAN"}
TEAM = """
max_open: 3
agents:
  - {id: U0ANA, shift: 'mon-fri 08:00-14:00', skills: [es]}
  - {id: U0BEN, shift: 'mon-fri 08:00-14:00'}
  - {id: U0CAL, shift: 'mon-fri 14:00-20:00'}
  - {id: U0DAN, shift: 'mon-fri 14:00-20:00', skills: [es]}
"""
ENGLISH = [
    "How do I reset my password? The app won't let me in",
    "Where is my order NH-48213? It was due yesterday",
    "My kettle stopped heating, the light comes on but the water stays cold",
    "Can I return the toaster I bought last week?",
    "The smart plug won't connect to my wifi after the update",
]
SPANISH = "hola, olvidé mi contraseña y el correo para restablecerla no llega, ¿qué hago?"
DIGEST_EVERY = timedelta(minutes=30)


def _day_posts(day: int) -> list[tuple[timedelta, timedelta, str]]:
    """(written, received, text) as offsets from the day's midnight: one post written overnight and
    fetched by a late poll, the day's posts, one in Spanish in each shift."""
    posts = [(timedelta(hours=2), timedelta(hours=8, minutes=5), ENGLISH[day % 5])]
    for n, hour in enumerate((8.5, 9.5, 11, 12.5, 15, 16, 17.5, 19)):
        at = timedelta(hours=hour)
        posts.append((at - timedelta(minutes=3), at, ENGLISH[(day + n) % 5]))
    posts += [(timedelta(hours=10), timedelta(hours=10), SPANISH), (timedelta(hours=18), timedelta(hours=18), SPANISH)]
    if day == 2:  # Wednesday: a burst while the early shift is in a meeting; more than its queues hold
        posts += [(timedelta(hours=8, minutes=40 + 2 * n), timedelta(hours=8, minutes=40 + 2 * n), ENGLISH[n % 5]) for n in range(8)]
    return posts


def answer(slack: SlackHarness, ticket, agent: str) -> None:  # noqa: ANN001
    """The agent sends the draft as it is, or writes the reply when there is none to send."""
    draft = ticket.draft
    if draft is not None and draft.text.strip() and not draft.blocked:
        slack.click(c.APPROVE, str(ticket.id), user=agent)
    else:
        own = f"@{ticket.post.author_handle} Thanks for asking, yes you can: reply here with your order number and we'll start the return for you."
        slack.submit(c.EDIT_VIEW, str(ticket.id), {c.REPLY_BLOCK: {c.REPLY_INPUT: own}}, user=agent)
    try:
        wait_until(lambda: slack.services.store.get(ticket.id).state == TicketState.SENT, timeout=4)
    except AssertionError:
        print(slack.api.of("views.update")[-1:], slack.api.of("chat.postEphemeral")[-1:])
        raise


def test_a_scripted_week_with_business_hours_two_shifts_routing_digests_and_a_takeover(slack: SlackHarness) -> None:
    services = slack.services
    store, desk = services.store, services.desk
    desk.is_manager = lambda user: user == "UBOSS"
    clock = Clock(MONDAY + timedelta(hours=7))
    store.clock = clock
    hours = parse_hours("mon-fri 08:00-20:00", tz="UTC")
    store.default_sla = replace(store.default_sla, first=parse_targets("urgent=15m,high=30m,normal=1h,low=4h"), hours=hours)
    scheduler = Scheduler(store, services.inbox, team=parse_team(TEAM), digest_every=DIGEST_EVERY, claim_lapse=timedelta(hours=2))

    written: dict[int, datetime] = {}
    received: dict[int, datetime] = {}
    spanish: set[int] = set()
    sent_at: dict[int, datetime] = {}
    swamped = (MONDAY + timedelta(days=2, hours=8), MONDAY + timedelta(days=2, hours=11))  # Wednesday: the early shift is in a meeting
    taken_over = 0
    number = 0
    for day in range(5):
        midnight = MONDAY + timedelta(days=day)
        arrivals = sorted(_day_posts(day), key=lambda post: post[1])
        clock.now = midnight + timedelta(hours=7)
        while clock.now <= midnight + timedelta(hours=21):
            while arrivals and midnight + arrivals[0][1] <= clock.now:
                wrote, _, text = arrivals.pop(0)
                number += 1
                post = make_post(f"w{number}", text, author=f"customer_{number}", created_at=midnight + wrote)
                ticket_id = services.pipeline.ingest(post).ticket_id
                written[ticket_id] = midnight + wrote
                received[ticket_id] = clock.now
                if text == SPANISH:
                    spanish.add(ticket_id)
            scheduler.tick()
            waiting_for_ben = [t for t in store.assigned_to("U0BEN") if t.state == TicketState.AWAITING_REVIEW]
            if day == 3 and waiting_for_ben and not taken_over:
                # Thursday morning: U0BEN claims one of theirs and goes quiet; the manager takes it over.
                held = waiting_for_ben[0]
                slack.click(c.CLAIM, str(held.id), user="U0BEN")
                wait_until(lambda: store.get(held.id).claimed_by == "U0BEN")  # noqa: B023
                assert "took this ticket over" in slack.answer(f"take {held.id}", user="UBOSS")
                answer(slack, store.get(held.id), "UBOSS")
                sent_at[held.id] = clock.now
                taken_over = held.id
            if not swamped[0] <= clock.now < swamped[1]:
                for agent in sorted(EARLY | LATE):
                    for ticket in store.assigned_to(agent):
                        if ticket.state != TicketState.AWAITING_REVIEW or ticket.id in sent_at:
                            continue
                        assigned = max(e.at for e in ticket.events if e.kind == "assigned").replace(tzinfo=UTC)
                        if clock.now - assigned >= timedelta(minutes=30):  # an agent answers by the next tick
                            answer(slack, ticket, agent)
                            sent_at[ticket.id] = clock.now
            clock.now += timedelta(minutes=30)

    assert len(written) == 63 and len(sent_at) == 63, "every post of the week was answered"

    # First response counts from when the customer wrote: the report matches the script's own times.
    numbers = compute(store.touches(MONDAY, MONDAY + timedelta(days=7)), MONDAY, MONDAY + timedelta(days=7))
    expected = [(sent_at[t] - written[t]).total_seconds() / 60 for t in written]
    assert numbers["answered"] == 63 and numbers["first_response_minutes"]["median"] == round(median(expected), 1)
    overnight = [t for t in written if written[t].hour == 2]
    assert len(overnight) == 5 and all(sent_at[t] - written[t] >= timedelta(hours=6) for t in overnight), "the night's wait counts"
    late = [(received[t] - written[t]).total_seconds() / 60 for t in written]
    assert numbers["reached_us_minutes"] == {"median": round(median(late), 1), "p90": round(nearest_rank(late, 0.9), 1)}
    assert max(late) >= 360, "the overnight posts reached us hours late"

    # SLA reminders only in business hours.
    reminders = [e for t in written for e in store.get(t).events if e.kind in ("sla_warning", "sla_breached")]
    assert reminders, "the swamped morning breached some"
    assert all(e.at.replace(tzinfo=UTC).weekday() < 5 and 8 <= e.at.replace(tzinfo=UTC).hour < 20 for e in reminders)

    # Routing: every Spanish post to an agent with es, and even within each shift.
    assigned = {t: [e.text for e in store.get(t).events if e.kind == "assigned"] for t in written}
    assert all(assigned[t] and set(assigned[t]) <= SPEAKS_ES for t in spanish), {t: assigned[t] for t in spanish}
    first = {t: next(e for e in store.get(t).events if e.kind == "assigned") for t in written}
    assert {event.text for event in first.values()} == EARLY | LATE
    for day in range(5):  # in turn, even over each shift (a skilled ticket is its agent's turn too)
        for shift in (EARLY, LATE):
            counts = Counter(e.text for e in first.values() if e.at.replace(tzinfo=UTC).date() == (MONDAY + timedelta(days=day)).date() and e.text in shift)
            assert max(counts[a] for a in shift) - min(counts[a] for a in shift) <= 1, (day, counts)

    # @here digests: few, at least an interval apart, and no ticket named twice within one.
    digests = [e for t in written for e in store.get(t).events if e.kind == "here_pinged"]
    pings = [m for m in slack.api.of("chat.postMessage") if not m.get("thread_ts") and "<!here>" in str(m.get("text"))]
    unowned_reminders = [e for t in written for e in store.get(t).events if e.kind == "needs_someone"]
    assert pings and len(pings) < len(unowned_reminders), (len(pings), len(unowned_reminders))
    times = sorted({e.at.replace(tzinfo=UTC) for e in digests})
    assert len(times) == len(pings) and all(later - earlier >= DIGEST_EVERY for earlier, later in zip(times, times[1:], strict=False))
    named = Counter((e.ticket_id, e.at) for e in digests)
    assert max(named.values()) == 1

    # The takeover: recorded, the former holder told in the thread, the manager's reply sent.
    ticket = store.get(taken_over)
    [event] = [e for e in ticket.events if e.kind == "taken_over"]
    assert (event.actor, event.note) == ("UBOSS", "from U0BEN")
    thread = [m["text"] for m in slack.api.of("chat.postMessage") if m.get("thread_ts") == ticket.card_ts]
    assert any("took this ticket over" in line and "<@U0BEN>" in line for line in thread)
    assert ticket.state == TicketState.SENT and ticket.replies[-1].approved_by == "UBOSS"
