"""The ticket store: one ticket per post, explicit transitions, a complete audit trail."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import IllegalTransition, TicketNotFound
from assistant.policy import FINISHED, TARGET
from assistant.store import TRANSITIONS, Store, TicketState, make_engine
from tests.conftest import empty_database, make_post, postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Every store behaviour holds on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tickets.db'}"
    else:
        url = empty_database(postgres_url("store"))
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


def test_concurrent_arrivals_decided_before_storing_make_one_ticket_with_one_draft(store: Store, settings: Any) -> None:
    """The one-transaction path (decide, then write post, ticket and draft at once): of six workers
    storing the same post at the same moment one opens the ticket, the rest are told it is a
    duplicate, and nothing is half-written, on each store."""
    from assistant.pipeline import Pipeline
    from assistant.services import build_services

    built = build_services(settings)
    built.knowledge.sync()
    pipeline = Pipeline(store, built.knowledge, built.drafter)
    for attempt in range(3):
        post = make_post(f"race-{attempt}", "where is my order? placed monday, still nothing")
        results: list[Any] = []
        barrier = threading.Barrier(6)

        def arrive() -> None:
            barrier.wait()
            results.append(pipeline.ingest(post))

        workers = [threading.Thread(target=arrive) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert sorted(result.how for result in results) == ["duplicate"] * 5 + ["opened"]
        assert len({result.ticket_id for result in results}) == 1
    tickets = store.list()
    assert len(tickets) == 3
    for ticket in tickets:
        kept = store.get(ticket.id)
        assert kept.state == TicketState.AWAITING_REVIEW and len(kept.drafts) == 1
        assert [event.kind for event in kept.events] == ["received", "triaged", "drafted", "ready"]
        assert len(store.timers(ticket.id)) == 2
    built.store.close()


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


def test_final_states_have_one_way_out_the_customer_writing_again() -> None:
    for state in (TicketState.SENT, TicketState.DISMISSED, TicketState.CLOSED):
        assert TRANSITIONS[state] == frozenset({TicketState.NEW})
    assert FINISHED == {TicketState.SENT, TicketState.DISMISSED, TicketState.CLOSED}
    assert all(TARGET[action] is not TicketState.NEW for action in TARGET), "no agent action reopens a ticket"
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
            store.claim(ticket_id, actor=user, manager=False)
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


OLD_SCHEMA = [
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, platform VARCHAR(32) NOT NULL, external_id VARCHAR(128) NOT NULL, author_handle VARCHAR(64) NOT NULL, "
    "author_id VARCHAR(64), author_name VARCHAR(128), author_followers INTEGER, text TEXT NOT NULL, url VARCHAR(512), in_reply_to_id VARCHAR(128), "
    "conversation_id VARCHAR(128), posted_at TIMESTAMP NOT NULL, received_at TIMESTAMP, CONSTRAINT uq_post_platform_external UNIQUE (platform, external_id))",
    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, post_id INTEGER UNIQUE REFERENCES posts(id), state VARCHAR(24) NOT NULL, intent VARCHAR(24), "
    "sentiment VARCHAR(16), priority VARCHAR(16), priority_score INTEGER, priority_reasons TEXT, no_match BOOLEAN, card_channel VARCHAR(64), "
    "card_ts VARCHAR(32), escalation_reason TEXT, escalation_channel VARCHAR(64), escalation_ts VARCHAR(32), last_actor VARCHAR(64), "
    "claimed_by VARCHAR(64), created_at TIMESTAMP, updated_at TIMESTAMP)",
    "CREATE TABLE publications (id INTEGER PRIMARY KEY, ticket_id INTEGER UNIQUE REFERENCES tickets(id), platform VARCHAR(32) NOT NULL, "
    "text TEXT NOT NULL, in_reply_to_id VARCHAR(128), status VARCHAR(16) NOT NULL, external_id VARCHAR(128), detail TEXT, approved_by VARCHAR(64), created_at TIMESTAMP)",
    "INSERT INTO posts (platform, external_id, author_handle, author_id, author_name, author_followers, text, url, in_reply_to_id, conversation_id, posted_at, received_at) "
    "VALUES ('x', '1001', 'sam_k', '', '', 0, 'hello', '', '', '', '2026-11-20 08:00:00', '2026-11-20 08:00:00')",
    "INSERT INTO tickets (post_id, state, intent, sentiment, priority, priority_score, priority_reasons, no_match, card_channel, card_ts, escalation_reason, "
    "escalation_channel, escalation_ts, last_actor, claimed_by, created_at, updated_at) VALUES (1, 'sent', '', '', '', 0, '[]', FALSE, '', '', '', '', '', '', '', "
    "'2026-11-20 08:00:00', '2026-11-20 08:00:00')",
    "INSERT INTO publications (ticket_id, platform, text, in_reply_to_id, status, external_id, detail, approved_by, created_at) "
    "VALUES (1, 'x', '@sam_k hi', '1001', 'posted', '555', '', 'U1', '2026-11-20 08:00:00')",
]


# The release before conversations: publications keyed by (ticket, kind), one reply per ticket.
KIND_SCHEMA = [
    statement.replace(
        "CREATE TABLE publications (id INTEGER PRIMARY KEY, ticket_id INTEGER UNIQUE REFERENCES tickets(id), platform VARCHAR(32) NOT NULL, ",
        "CREATE TABLE publications (id INTEGER PRIMARY KEY, ticket_id INTEGER REFERENCES tickets(id), kind VARCHAR(8), platform VARCHAR(32) NOT NULL, ",
    )
    .replace(
        "approved_by VARCHAR(64), created_at TIMESTAMP)",
        "approved_by VARCHAR(64), created_at TIMESTAMP, CONSTRAINT uq_publication_ticket_kind UNIQUE (ticket_id, kind))",
    )
    .replace("INSERT INTO publications (ticket_id, platform,", "INSERT INTO publications (ticket_id, kind, platform,")
    .replace("VALUES (1, 'x', '@sam_k hi'", "VALUES (1, 'reply', 'x', '@sam_k hi'")
    for statement in OLD_SCHEMA
]


@pytest.mark.parametrize("schema", [OLD_SCHEMA, KIND_SCHEMA], ids=["one-publication-per-ticket", "keyed-by-kind"])
def test_a_database_from_the_previous_release_is_upgraded_with_its_rows(store: Store, schema: list[str]) -> None:
    from sqlalchemy import text

    url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    engine = make_engine(empty_database(url))
    with engine.begin() as connection:
        for statement in schema:  # as the previous release's models created them
            if engine.dialect.name == "postgresql":
                statement = statement.replace("id INTEGER PRIMARY KEY", "id SERIAL PRIMARY KEY").replace(" TIMESTAMP", " TIMESTAMP WITH TIME ZONE")
            connection.execute(text(statement))
    engine.dispose()
    upgraded = Store(url)
    old = upgraded.get(1)
    assert old.publication is not None and old.publication.kind == "reply" and old.publication.external_id == "555"
    ticket_id, _ = upgraded.add_post(make_post("2", author="h" * 200).cleaned())
    upgraded.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="system", kind="ready")
    upgraded.begin_publication(ticket_id, actor="U1", text="@sam_k hello", dm_text="the answer")
    assert {p.kind for p in upgraded.get(ticket_id).publications} == {"reply", "dm"}, "a reply and its DM are two publications now"
    assert upgraded.get(ticket_id).post.author_handle == "h" * 200, "columns were widened"
    # The old sent ticket takes a second round: its customer answers our reply.
    upgraded.reopen_window = timedelta(days=3650)  # it was sent on 2026-11-20
    came = upgraded.arrive(make_post("1002", "still broken", in_reply_to_id="555").cleaned())
    assert (came.ticket_id, came.how) == (1, "reopened")
    upgraded.add_draft(1, text="@sam_k sorry, try this", citations=[], drafter="offline", ready=True)
    upgraded.begin_publication(1, actor="U1", text="@sam_k sorry, try this")
    upgraded.finish_publication(1, status="posted", external_id="556", actor="U1")
    assert [p.external_id for p in upgraded.get(1).replies] == ["555", "556"], "a second reply per ticket fits the new key"
    assert upgraded.get(1).replies[1].in_reply_to_id == "1002", "the second reply answers the customer's answer"
    upgraded.close()


def test_a_post_at_every_limit_is_stored_whole(store: Store) -> None:
    from assistant.posts import (
        MAX_FOLLOWERS,
        MAX_HANDLE_CHARS,
        MAX_ID_CHARS,
        MAX_NAME_CHARS,
        MAX_POST_CHARS,
        MAX_URL_CHARS,
    )

    post = make_post(
        "9" * MAX_ID_CHARS,
        "w" * (MAX_POST_CHARS - 1) + "😀",
        author="h" * MAX_HANDLE_CHARS,
        followers=MAX_FOLLOWERS,
        author_name="n" * MAX_NAME_CHARS,
        url="https://x.com/" + "u" * (MAX_URL_CHARS - 14),
        in_reply_to_id="8" * MAX_ID_CHARS,
        conversation_id="7" * MAX_ID_CHARS,
        author_id="6" * MAX_ID_CHARS,
    ).cleaned()
    ticket_id, _ = store.add_post(post)
    stored = store.get(ticket_id).post
    assert (stored.external_id, stored.text, stored.author_handle, stored.author_followers, stored.url) == (
        post.external_id,
        post.text,
        post.author_handle,
        post.author_followers,
        post.url,
    )


@pytest.mark.parametrize("field", ["external_id", "author_handle", "in_reply_to_id", "conversation_id", "author_id", "url", "text"])
def test_one_more_character_than_the_store_holds_is_refused_not_cut(field: str) -> None:
    from assistant.posts import (
        MAX_HANDLE_CHARS,
        MAX_ID_CHARS,
        MAX_POST_CHARS,
        MAX_URL_CHARS,
        PostRejected,
    )

    limit = {"author_handle": MAX_HANDLE_CHARS, "url": MAX_URL_CHARS, "text": MAX_POST_CHARS}.get(field, MAX_ID_CHARS)
    value = ("https://x.com/" + "u" * (limit - 13)) if field == "url" else "9" * (limit + 1)
    with pytest.raises(PostRejected, match=f"at most {limit:,} are kept, and it is never cut"):
        replace(make_post(), **{field: value}).cleaned()


def test_values_postgresql_cannot_hold_never_reach_it(store: Store) -> None:
    """NUL characters, lone surrogates and out-of-range numbers are stopped before the database, the
    same way on SQLite (which would take them) and PostgreSQL (which would raise)."""
    from assistant.posts import PostRejected

    ticket_id, _ = store.add_post(make_post("nul", "text with a \x00 NUL").cleaned())
    assert "\x00" not in store.get(ticket_id).post.text
    for bad in (dict(external_id="a\x00b"), dict(text="broken \udc80"), dict(author_followers=2**31), dict(author_followers=-1)):
        with pytest.raises(PostRejected):
            replace(make_post("x"), **bad).cleaned()


def test_a_key_is_remembered_once_across_threads_and_restarts(store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        firsts = list(pool.map(lambda _: store.remember("slack-event:Ev1"), range(16)))
    assert firsts.count(True) == 1
    again = Store(store.engine.url.render_as_string(hide_password=False))
    assert again.remember("slack-event:Ev1") is False and again.remember("slack-event:" + "x" * 500) is True
    again.close()
