"""The ticket store: one ticket per post, explicit transitions, a complete audit trail."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.errors import IllegalTransition, TicketNotFound
from assistant.store import TRANSITIONS, Store, TicketState
from assistant.store.models import Base
from tests.conftest import make_post


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Every store behaviour holds on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tickets.db'}"
    else:
        url = os.environ.get("TEST_DATABASE_URL", "")
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server when one is installed)")
        Base.metadata.drop_all(Store(url).engine)
    opened = Store(url)
    yield opened
    opened.close()


def test_the_same_post_replayed_makes_one_ticket(store: Store) -> None:
    first = store.add_post(make_post("42").cleaned())
    again = store.add_post(make_post("42", text="edited text, same id").cleaned())
    other_platform = store.add_post(replace(make_post("42").cleaned(), platform="mastodon"))
    assert first == (1, True) and again == (1, False)
    assert other_platform[1] is True, "ids are unique per platform, not across platforms"
    assert store.counts() == {"new": 2}


def test_concurrent_arrivals_of_one_post_make_one_ticket(store: Store) -> None:
    results: list[tuple[int, bool]] = []
    threads = [threading.Thread(target=lambda: results.append(store.add_post(make_post("7").cleaned()))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(created for _, created in results) == 1
    assert {ticket_id for ticket_id, _ in results} == {1}


def test_an_illegal_transition_is_refused_with_a_clear_message(store: Store) -> None:
    ticket_id, _ = store.add_post(make_post().cleaned())
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    store.transition(ticket_id, TicketState.DISMISSED, actor="U1", kind="dismissed", note="venting")
    with pytest.raises(IllegalTransition, match="is dismissed; it cannot become escalated. It was dismissed."):
        store.transition(ticket_id, TicketState.ESCALATED, actor="U2", kind="escalated")
    assert store.get(ticket_id).state == TicketState.DISMISSED


def test_every_transition_records_who_when_from_to_and_the_text(store: Store) -> None:
    ticket_id, _ = store.add_post(make_post().cleaned())
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    store.add_draft(ticket_id, text="@sam_k Try this.", citations=[], drafter="offline")
    store.begin_publication(ticket_id, actor="U1", text="@sam_k Try this.")
    store.finish_publication(ticket_id, status="dry_run", external_id="outbox-1", actor="U1")
    events = store.get(ticket_id).events
    moves = [(e.actor, e.from_state, e.to_state, e.text) for e in events if e.to_state]
    assert moves == [
        ("system", "", "new", ""),
        ("system", "new", "awaiting_review", ""),
        ("U1", "awaiting_review", "sending", "@sam_k Try this."),
        ("U1", "sending", "sent", "@sam_k Try this."),
    ]
    assert all(e.at is not None for e in events)


def test_only_one_of_many_concurrent_publications_wins(store: Store) -> None:
    ticket_id, _ = store.add_post(make_post().cleaned())
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    wins, losses = [], []

    def approve(user: str) -> None:
        try:
            store.begin_publication(ticket_id, actor=user, text="hello")
            wins.append(user)
        except IllegalTransition:
            losses.append(user)

    threads = [threading.Thread(target=approve, args=(f"U{i}",)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wins) == 1 and len(losses) == 9
    assert len(store.publications()) == 1


def test_a_send_that_may_have_reached_the_platform_cannot_be_retried(store: Store) -> None:
    ticket_id, _ = store.add_post(make_post().cleaned())
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    store.begin_publication(ticket_id, actor="U1", text="hello")
    store.finish_publication(ticket_id, status="uncertain", detail="timeout")
    with pytest.raises(IllegalTransition, match="check the platform"):
        store.begin_publication(ticket_id, actor="U1", text="hello")
    store.transition(ticket_id, TicketState.CLOSED, actor="U1", kind="closed", note="it was live")


def test_a_definite_failure_can_be_retried_once_more(store: Store) -> None:
    ticket_id, _ = store.add_post(make_post().cleaned())
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    store.begin_publication(ticket_id, actor="U1", text="hello")
    store.finish_publication(ticket_id, status="failed", detail="429")
    store.begin_publication(ticket_id, actor="U1", text="hello")
    store.finish_publication(ticket_id, status="posted", external_id="123")
    assert store.get(ticket_id).state == TicketState.SENT and len(store.publications()) == 1


def test_unknown_tickets_are_reported_by_id(store: Store) -> None:
    with pytest.raises(TicketNotFound, match="Ticket 404 does not exist"):
        store.get(404)
    with pytest.raises(TicketNotFound):
        store.transition(404, TicketState.DISMISSED, actor="U1", kind="dismissed")


def test_final_states_have_no_way_out() -> None:
    for state in (TicketState.SENT, TicketState.DISMISSED, TicketState.CLOSED):
        assert TRANSITIONS[state] == frozenset()
    reachable_from_start = {TicketState.NEW}
    for _ in TicketState:
        reachable_from_start |= {to for state in reachable_from_start for to in TRANSITIONS[state]}
    assert reachable_from_start == set(TicketState), "every state can be reached"


def test_posts_are_cleaned_on_arrival(store: Store) -> None:
    post = make_post(text="my card 4111 1111 1111 1111 was charged\u200b\u202e twice").cleaned()
    ticket_id, _ = store.add_post(post)
    stored = store.get(ticket_id).post.text
    assert "4111" not in stored and "[card ••••1111]" in stored
    assert "\u200b" not in stored and "\u202e" not in stored
    assert make_post(text="order 1234 5678 9012 3456").cleaned().text == "order 1234 5678 9012 3456", "non-Luhn numbers stay"


def test_of_two_agents_claiming_at_once_one_gets_the_ticket(store: Store) -> None:
    from assistant.errors import InvalidReply

    ticket_id, _ = store.add_post(make_post().cleaned())
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    winners, losers = [], []

    def claim(user: str) -> None:
        try:
            store.claim(ticket_id, actor=user)
            winners.append(user)
        except InvalidReply:
            losers.append(user)

    threads = [threading.Thread(target=claim, args=(f"U{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1 and len(losers) == 7 and store.get(ticket_id).claimed_by == winners[0]
    store.transition(ticket_id, TicketState.ESCALATED, actor=winners[0], kind="escalated", note="needs a lead")
    assert store.get(ticket_id).claimed_by == "", "escalating hands the ticket on"
