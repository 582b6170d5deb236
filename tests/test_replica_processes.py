"""Real `social-reply run` processes as replicas on one PostgreSQL, as a team runs them: started
together on an empty database, polling once between them, handing polling over when the leader is
killed, and leaving a live replica's send alone when another (re)starts."""

from __future__ import annotations

import signal
import time
from typing import Any

from assistant.slack import constants as c
from tests.conftest import SIGNING_SECRET, wait_until
from tests.fakes.slack_api import SignedSlackClient
from tests.replica_world import LEASE, POLL, card_of, open_store, send_mention

MASTODON_HOLD = 12.0  # under the Mastodon client's request timeout (assistant.clients.mastodon.TIMEOUT, 15 s)


def test_replicas_start_together_poll_once_hand_polling_over_when_the_leader_dies_and_leave_a_live_send_alone(world: dict[str, Any]) -> None:
    slack_api, mastodon, url = world["slack"], world["mastodon"], world["url"]
    first, second = world["start"]("a"), world["start"]("b")  # the same moment, an empty database
    assert wait_until(lambda: first.serving() and second.serving(), timeout=180)
    assert first.alive() and second.alive(), first.text[-3000:] + second.text[-3000:]
    assert "duplicate key" not in first.text + second.text

    # Polls per minute with two replicas: one poller between them.
    window = 4.0  # eight polls at one every POLL s
    before = len(mastodon.polled_at)
    time.sleep(window)
    polled = len(mastodon.polled_at) - before
    print(f"two replicas: {polled} polls in {window:.0f} s at one every {POLL} s")  # shown with -s
    assert polled <= 1.3 * (window / POLL) + 1, f"{polled} polls in {window} s at one every {POLL} s"
    assert polled >= 0.5 * (window / POLL), "somebody polls"

    for number in (1, 2, 3):
        send_mention(mastodon, number)
    assert wait_until(lambda: all(card_of(slack_api, n) for n in (1, 2, 3)), timeout=60)

    store = open_store(url)
    holder = store.leases()["poll:mastodon"][0]
    leader, other = (first, second) if f":{first.process.pid}:" in holder else (second, first)
    assert f":{leader.process.pid}:" in holder, holder
    leader.stop(signal.SIGKILL)
    killed = time.monotonic()
    for number in (4, 5, 6):
        send_mention(mastodon, number)
    assert wait_until(lambda: any(at > killed for at in mastodon.polled_at), timeout=LEASE * 3)
    handed = min(at for at in mastodon.polled_at if at > killed) - killed
    print(f"polling resumed {handed:.1f} s after the leader was killed (lease {LEASE:.0f} s)")
    assert handed <= LEASE, f"polling resumed {handed:.1f} s after the leader died"
    assert wait_until(lambda: all(card_of(slack_api, n) for n in (4, 5, 6)), timeout=60), other.text[-3000:]
    tickets = store.list()
    posts = sorted(t.post.external_id for t in tickets)
    assert posts == [str(5000 + n) for n in range(1, 7)], "no mention lost, none ingested twice"
    assert all(len(card_of(slack_api, n)) == 1 for n in range(1, 7)), "one card each"
    assert f":{other.process.pid}:" in store.leases()["poll:mastodon"][0], "the survivor holds the poller now"

    # A replica (re)starting while the survivor publishes leaves that send alone.
    [card] = card_of(slack_api, 4)
    # The platform holds the status until the new replica serves (at most MASTODON_HOLD s, under
    # the client's own timeout), so the start happens during the send however slow the machine.
    mastodon.post_delay = MASTODON_HOLD
    mastodon.hold.clear()
    client = SignedSlackClient(f"http://127.0.0.1:{other.port}/slack/events", SIGNING_SECRET)
    assert client.click(c.APPROVE, card["blocks"][-1]["elements"][0]["value"]).status_code == 200
    ticket_id = next(t.id for t in tickets if t.post.external_id == "5004")
    assert wait_until(lambda: store.get(ticket_id).state == "sending" and mastodon.waiting.is_set(), timeout=30)
    late = world["start"]("late")
    assert wait_until(late.serving, timeout=MASTODON_HOLD) and late.alive(), late.text[-3000:]
    assert mastodon.waiting.is_set(), "the send was still in flight when the new replica had started"
    assert store.get(ticket_id).state == "sending", "still in flight on a live replica: left alone"
    mastodon.hold.set()
    assert wait_until(lambda: store.get(ticket_id).state == "sent", timeout=60), other.text[-3000:]
    ticket = store.get(ticket_id)
    assert [p.status for p in ticket.publications] == ["posted"] and len(mastodon.posted) == 1, "sent exactly once"
    assert "uncertain" not in [e.kind for e in ticket.events]
    store.close()
