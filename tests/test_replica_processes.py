"""Real `social-reply run` processes as replicas on one PostgreSQL, as a team runs them: started
together on an empty database, polling once between them, handing polling over when the leader
is killed, leaving each other's sends alone, and saying each reminder once across SIGTERM and
kill -9. Slack and Mastodon are fakes on loopback; each replica has its own copy of the index, as
replicas on separate machines do. Needs TEST_DATABASE_URL (`.ci/run` starts a server)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.slack import constants as c
from assistant.store import Store
from tests.conftest import INBOX, REPO, SIGNING_SECRET, empty_database, make_settings, postgres_url, wait_until
from tests.fakes.mastodon_api import FakeMastodon, account, mention, status
from tests.fakes.slack_api import FakeSlackAPI, SignedSlackClient

LEASE = 6.0  # seconds: a replica silent for 4 s is gone; its duties move within 5
POLL = 0.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge folder indexed once; each replica starts from its own copy."""
    from assistant.services import build_services

    path = tmp_path_factory.mktemp("replica-index")
    services = build_services(make_settings(tmp_path_factory.mktemp("replica-build"), index_path=path))
    services.knowledge.sync()
    services.store.close()
    return path


class Replica:
    """One `social-reply run` process with its own port, index copy and log."""

    def __init__(self, name: str, env: dict[str, str], tmp_path: Path, index: Path):
        self.name = name
        self.port = _free_port()
        self.log = tmp_path / f"{name}.log"
        copy = tmp_path / f"index-{name}"
        shutil.copytree(index, copy)
        environment = {**env, "PORT": str(self.port), "INDEX_PATH": str(copy), "DATA_DIR": str(tmp_path / f"data-{name}")}
        with self.log.open("w") as output:
            self.process = subprocess.Popen([sys.executable, "-m", "assistant", "run"], cwd=tmp_path, env=environment, stdout=output, stderr=subprocess.STDOUT)

    @property
    def text(self) -> str:
        return self.log.read_text()

    def serving(self) -> bool:
        return "serving" in self.text or self.process.poll() is not None

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, how: int) -> None:
        if self.alive():
            self.process.send_signal(how)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def world(tmp_path: Path, built_index: Path) -> Iterator[dict[str, Any]]:
    url = empty_database(postgres_url("replica_processes"))
    slack_api, mastodon = FakeSlackAPI(), FakeMastodon(max_characters=1000)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": url,
        "KNOWLEDGE_DIR": str(REPO / "knowledge"),
        "PROMPTS_DIR": str(REPO / "prompts"),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_INBOX_CHANNEL": INBOX,
        "SLACK_ESCALATION_CHANNEL": "CESCALATE",
        "SLACK_API_URL": slack_api.url,
        "KB_POLL_SECONDS": "0",
        "OPENAI_API_KEY": "",
        "X_BEARER_TOKEN": "",
        "BLUESKY_HANDLE": "",
        "MASTODON_BASE_URL": mastodon.url,
        "MASTODON_ACCESS_TOKEN": "token-1",
        "MASTODON_POLL_SECONDS": str(POLL),
        "LEASE_SECONDS": str(LEASE),
        "TIMER_POLL_SECONDS": "0.5",
        "WEBHOOK_SECRETS": "",
    }
    started: list[Replica] = []

    def start(name: str) -> Replica:
        replica = Replica(name, env, tmp_path, built_index)
        started.append(replica)
        return replica

    yield {"url": url, "slack": slack_api, "mastodon": mastodon, "start": start}
    for replica in started:
        replica.stop(signal.SIGKILL)
    slack_api.close()
    mastodon.close()


def _mention(mastodon: FakeMastodon, number: int) -> None:
    text = f"<p>@NimbusHome how do I reset my password? the app won't let me in (case {number})</p>"
    mastodon.add(mention(number, status(str(5000 + number), text, account(number))))


def _cards(slack_api: FakeSlackAPI) -> list[dict[str, Any]]:
    return [m for m in slack_api.of("chat.postMessage") if not m.get("thread_ts") and m.get("channel") == INBOX]


def _card_of(slack_api: FakeSlackAPI, number: int) -> list[dict[str, Any]]:
    return [card for card in _cards(slack_api) if f"(case {number})" in json.dumps(card.get("blocks"))]


def _store(url: str) -> Store:
    return Store(url, migrate=False)


def test_replicas_start_together_poll_once_hand_polling_over_when_the_leader_dies_and_leave_a_live_send_alone(world: dict[str, Any]) -> None:
    slack_api, mastodon, url = world["slack"], world["mastodon"], world["url"]
    first, second = world["start"]("a"), world["start"]("b")  # the same moment, an empty database
    assert wait_until(lambda: first.serving() and second.serving(), timeout=180)
    assert first.alive() and second.alive(), first.text[-3000:] + second.text[-3000:]
    assert "duplicate key" not in first.text + second.text

    # Polls per minute with two replicas: one poller between them.
    window = 8.0
    before = len(mastodon.polled_at)
    time.sleep(window)
    polled = len(mastodon.polled_at) - before
    assert polled <= 1.3 * (window / POLL) + 1, f"{polled} polls in {window} s at one every {POLL} s"
    assert polled >= 0.5 * (window / POLL), "somebody polls"

    for number in (1, 2, 3):
        _mention(mastodon, number)
    assert wait_until(lambda: all(_card_of(slack_api, n) for n in (1, 2, 3)), timeout=60)

    store = _store(url)
    holder = store.leases()["poll:mastodon"][0]
    leader, other = (first, second) if f":{first.process.pid}:" in holder else (second, first)
    assert f":{leader.process.pid}:" in holder, holder
    leader.stop(signal.SIGKILL)
    killed = time.monotonic()
    for number in (4, 5, 6):
        _mention(mastodon, number)
    assert wait_until(lambda: any(at > killed for at in mastodon.polled_at), timeout=LEASE * 3)
    handed = min(at for at in mastodon.polled_at if at > killed) - killed
    assert handed <= LEASE, f"polling resumed {handed:.1f} s after the leader died"
    assert wait_until(lambda: all(_card_of(slack_api, n) for n in (4, 5, 6)), timeout=60), other.text[-3000:]
    tickets = store.list()
    posts = sorted(t.post.external_id for t in tickets)
    assert posts == [str(5000 + n) for n in range(1, 7)], "no mention lost, none ingested twice"
    assert all(len(_card_of(slack_api, n)) == 1 for n in range(1, 7)), "one card each"
    assert f":{other.process.pid}:" in store.leases()["poll:mastodon"][0], "the survivor holds the poller now"

    # A replica (re)starting while the survivor publishes leaves that send alone.
    [card] = _card_of(slack_api, 4)
    mastodon.post_delay = 8.0  # the platform takes its time; a replica starts meanwhile
    client = SignedSlackClient(f"http://127.0.0.1:{other.port}/slack/events", SIGNING_SECRET)
    assert client.click(c.APPROVE, card["blocks"][-1]["elements"][0]["value"]).status_code == 200
    ticket_id = next(t.id for t in tickets if t.post.external_id == "5004")
    assert wait_until(lambda: store.get(ticket_id).state == "sending", timeout=30)
    late = world["start"]("late")
    assert wait_until(late.serving, timeout=180) and late.alive(), late.text[-3000:]
    assert store.get(ticket_id).state == "sending", "still in flight on a live replica: left alone"
    assert wait_until(lambda: store.get(ticket_id).state == "sent", timeout=60), other.text[-3000:]
    ticket = store.get(ticket_id)
    assert [p.status for p in ticket.publications] == ["posted"] and len(mastodon.posted) == 1, "sent exactly once"
    assert "uncertain" not in [e.kind for e in ticket.events]
    store.close()


def test_each_reminder_is_said_once_across_sigterm_and_kill_9_during_it(world: dict[str, Any]) -> None:
    slack_api, mastodon, url = world["slack"], world["mastodon"], world["url"]
    saying = threading.Event()

    def slow_reminders(method: str, args: dict[str, Any]) -> None:
        if method == "chat.postMessage" and "Follow-up due" in str(args.get("text")):
            saying.set()
            time.sleep(3.0)  # Slack is slow; the replica is stopped meanwhile

    slack_api.hook = slow_reminders
    keys: list[str] = []
    for stop_with, number in ((signal.SIGTERM, 8), (signal.SIGKILL, 9)):
        replica = world["start"](f"reminder-{number}")
        assert wait_until(replica.serving, timeout=180) and replica.alive(), replica.text[-3000:]
        _mention(mastodon, number)
        wait_until(lambda: _card_of(slack_api, number), timeout=60)  # noqa: B023
        store = _store(url)
        ticket = next(t for t in store.list() if t.post.external_id == str(5000 + number))
        store.follow_up(ticket.id, datetime.now(UTC) + timedelta(seconds=1), actor="UAGENT1", note=f"case {number}")
        saying.clear()
        assert saying.wait(30), replica.text[-3000:]
        replica.stop(stop_with)  # in the middle of saying it
        [timer] = [t for t in store.timers(ticket.id) if t.kind == "follow_up"]
        if stop_with == signal.SIGTERM:
            assert timer.status == "fired", "a graceful stop finished the reminder under way"
        keys.append(str(timer.key or f"follow_up:{ticket.id}:timer-{timer.id}"))
        store.close()
    survivor = world["start"]("reminder-survivor")
    assert wait_until(survivor.serving, timeout=180) and survivor.alive()
    store = _store(url)
    assert wait_until(lambda: all(t.status == "fired" for t in store.timers() if t.kind == "follow_up"), timeout=LEASE * 4), survivor.text[-3000:]
    time.sleep(2)  # a few more timer ticks: nothing is said again
    said = [m["metadata"]["event_payload"]["key"] for messages in slack_api.messages.values() for m in messages if m.get("metadata")]
    assert sorted(said) == sorted(keys), said
    assert all(t.said_ts for t in store.timers() if t.kind == "follow_up")
    store.close()
