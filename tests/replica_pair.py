"""Two replicas' stores on one database and one moved clock (SQLite and PostgreSQL), and an inbox
each on the fake Slack: what the replica tests share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient

from assistant.slack.inbox import SlackInbox
from assistant.store import Store, TicketState
from tests.conftest import INBOX, empty_database, postgres_url
from tests.fakes.slack_api import FakeSlackAPI

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
S = TicketState


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'replicas.db'}"
    return empty_database(postgres_url("replicas"))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pair(url: str, clock: Clock) -> Iterator[tuple[Store, Store]]:
    """Two replicas' stores on one database and one clock, both joined (alive)."""
    one, two = Store(url, clock=clock, replica_id="replica-a"), Store(url, clock=clock, replica_id="replica-b")
    for store in (one, two):
        store.join(store.me)
    yield one, two
    one.close()
    two.close()


def beat_for(stores: list[Store], clock: Clock, seconds: float, step: float = 1.0) -> None:
    """Time passes; the stores listed keep beating every `beat_every` seconds."""
    end = clock.now + timedelta(seconds=seconds)
    last = clock.now
    while clock.now < end:
        clock.now += timedelta(seconds=step)
        if stores and (clock.now - last).total_seconds() >= stores[0].beat_every:
            for store in stores:
                store.beat(store.me)
            last = clock.now


def inbox_of(store: Store, slack_api: FakeSlackAPI) -> SlackInbox:
    return SlackInbox(WebClient(token="xoxb-test", base_url=slack_api.url), store, INBOX, "CESC")
