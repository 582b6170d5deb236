"""Each reminder said exactly once by real `social-reply run` replicas on one PostgreSQL, across a
SIGTERM and a kill -9 in the middle of saying it."""

from __future__ import annotations

import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.slack.inbox import REMINDER
from tests.conftest import wait_until
from tests.replica_world import LEASE, card_of, open_store, send_mention


def test_each_reminder_is_said_once_across_sigterm_and_kill_9_during_it(world: dict[str, Any]) -> None:
    """Three replicas: the one saying the first reminder gets SIGTERM, the one saying the second gets
    kill -9, and the third is left to settle what is in doubt."""
    slack_api, mastodon, url = world["slack"], world["mastodon"], world["url"]
    saying = threading.Event()

    def slow_reminders(method: str, args: dict[str, Any]) -> None:
        if method == "chat.postMessage" and "Follow-up due" in str(args.get("text")):
            saying.set()
            time.sleep(2.0)  # Slack is slow; the replica saying it is stopped meanwhile

    slack_api.hook = slow_reminders
    replicas = [world["start"](f"reminders-{n}") for n in range(3)]
    assert wait_until(lambda: all(r.serving() for r in replicas), timeout=180) and all(r.alive() for r in replicas)
    store = open_store(url)
    keys: list[str] = []
    for stop_with, number in ((signal.SIGTERM, 8), (signal.SIGKILL, 9)):
        send_mention(mastodon, number)
        wait_until(lambda: card_of(slack_api, number), timeout=60)  # noqa: B023
        ticket = next(t for t in store.list() if t.post.external_id == str(5000 + number))
        saying.clear()
        store.follow_up(ticket.id, datetime.now(UTC) + timedelta(seconds=1), actor="UAGENT1", note=f"case {number}")
        assert saying.wait(30)
        [timer] = [t for t in store.timers(ticket.id) if t.kind == "follow_up"]
        [sayer] = [r for r in replicas if r.alive() and f":{r.process.pid}:" in timer.taken_by]
        sayer.stop(stop_with)  # in the middle of saying it
        [timer] = [t for t in store.timers(ticket.id) if t.kind == "follow_up"]
        if stop_with == signal.SIGTERM:
            assert timer.status == "fired", "a graceful stop finished the reminder under way"
        keys.append(str(timer.key))
    [survivor] = [r for r in replicas if r.alive()]
    assert wait_until(lambda: all(t.status == "fired" for t in store.timers() if t.kind == "follow_up"), timeout=LEASE * 4), survivor.text[-3000:]
    time.sleep(1.5)  # a few more timer ticks (every 0.5 s): nothing is said again
    said = [
        m["metadata"]["event_payload"]["key"]
        for messages in slack_api.messages.values()
        for m in messages
        if (m.get("metadata") or {}).get("event_type") == REMINDER
    ]
    assert sorted(said) == sorted(keys), said
    assert all(t.said_ts for t in store.timers() if t.kind == "follow_up")
    store.close()
