"""What the tests of real `social-reply run` replicas share (`test_replica_processes.py`,
`test_replica_reminders.py`): a world of a fake Slack, a fake Mastodon and an empty PostgreSQL
database, and replicas started as processes, each with its own copy of the index, as replicas on
separate machines have. Needs TEST_DATABASE_URL (`.ci/run` starts a server)."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.store import Store
from tests.conftest import INBOX, empty_database, postgres_url, run_env
from tests.fakes.mastodon_api import FakeMastodon, account, mention, status
from tests.fakes.slack_api import FakeSlackAPI

LEASE = 6.0  # seconds: a replica silent for 4 s is gone; its duties move within 5
POLL = 0.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
def world(request: pytest.FixtureRequest, tmp_path: Path, built_index: Path) -> Iterator[dict[str, Any]]:
    # A database per test file: two files of replica tests may run at once on the two workers.
    url = empty_database(postgres_url(request.module.__name__.rsplit(".", 1)[-1]))
    slack_api, mastodon = FakeSlackAPI(), FakeMastodon(max_characters=1000)
    env = run_env(
        tmp_path,
        built_index,
        slack_api.url,
        DATABASE_URL=url,
        MASTODON_BASE_URL=mastodon.url,
        MASTODON_ACCESS_TOKEN="token-1",
        MASTODON_POLL_SECONDS=str(POLL),
        LEASE_SECONDS=str(LEASE),
        TIMER_POLL_SECONDS="0.5",
    )
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


def send_mention(mastodon: FakeMastodon, number: int) -> None:
    text = f"<p>@NimbusHome how do I reset my password? the app won't let me in (case {number})</p>"
    mastodon.add(mention(number, status(str(5000 + number), text, account(number))))


def cards(slack_api: FakeSlackAPI) -> list[dict[str, Any]]:
    """The cards agents see in the inbox: posted and not withdrawn."""
    return slack_api.standing(INBOX)


def card_of(slack_api: FakeSlackAPI, number: int) -> list[dict[str, Any]]:
    return [card for card in cards(slack_api) if f"(case {number})" in json.dumps(card.get("blocks"))]


def open_store(url: str) -> Store:
    return Store(url, migrate=False)
