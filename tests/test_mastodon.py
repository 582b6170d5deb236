"""Mastodon through the real Mastodon.py client against a fake Mastodon server on loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.clients.mastodon import instance_limit, make_client
from assistant.config import Settings
from assistant.errors import PublishError
from assistant.publish.mastodon import MastodonReplies
from assistant.services import Services, build_services
from assistant.sources.mastodon import CURSOR, MastodonMentions, html_text
from assistant.store import TicketState
from tests.conftest import CrashAfterFirst, poll_briefly
from tests.fakes.mastodon_api import (
    OWN,
    FakeMastodon,
    account,
    mention,
    rate_limited,
    status,
)


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    server = FakeMastodon()
    yield server
    server.close()


@pytest.fixture
def client(fake: FakeMastodon) -> Any:
    return make_client(fake.url, "token-1")


def customer_mention(number: int, text: str = "where is my order?", **kw: Any) -> dict[str, Any]:
    author = account(number % 5, followers=10 * number)
    return mention(
        number,
        status(
            str(5000 + number),
            f'<p><span class="h-card"><a href="{OWN["url"]}" class="u-url mention">@<span>NimbusHome</span></a></span> {text}</p>',
            author,
            **kw,
        ),
    )


def test_mentions_become_tickets_with_text_reach_and_thread_and_the_cursor_moves(fake: FakeMastodon, client: Any, services: Services) -> None:
    fake.add(customer_mention(1, "my kettle &amp; base won&#39;t boil<br>any ideas?", reply_to="4999"))
    fake.add(customer_mention(2, "thanks!", spoiler="kettle rant"))
    fake.add(mention(3, status("5003", "<p>@ines thanks, we're on it</p>", OWN, reply_to="5001")))  # our own reply
    count = MastodonMentions(client, services.store).poll(services.pipeline)
    assert count == 2 and services.store.get_cursor(CURSOR) == "3"
    first, second = sorted(services.store.list(), key=lambda t: t.post.external_id)
    assert first.post.text == "@NimbusHome my kettle & base won't boil\nany ideas?"
    assert (first.post.platform, first.post.author_handle, first.post.author_followers, first.post.in_reply_to_id) == (
        "mastodon",
        "customer1@fosstodon.org",
        10,
        "4999",
    )
    assert first.post.author_id == "101" and first.post.url == "https://fosstodon.org/@customer1/5001"
    assert second.post.text.startswith("CW: kettle rant\n\n@NimbusHome thanks!")
    assert len(services.store.list()) == 2, "our own post is part of the conversation, never a ticket"
    assert fake.requests[-1][1].startswith("/api/v1/notifications?") and "types%5B%5D=mention" in fake.requests[-1][1]


def test_bad_notifications_are_rejected_one_by_one_and_the_rest_still_come_in(fake: FakeMastodon, client: Any, services: Services) -> None:
    fake.add(customer_mention(1))
    fake.add({"id": "2", "type": "mention", "status": None})
    broken = customer_mention(3)
    broken["status"]["account"]["followers_count"] = "lots"
    fake.add(broken)
    fake.add({"id": "4", "type": "mention", "status": {"id": "../../etc", "content": "hi", "account": account(1)}})
    fake.add(customer_mention(5, "refund please"))
    fake.add({"id": "6", "type": "mention", "status": {"id": "5006", "content": "", "account": account(2), "created_at": "2026-11-26T09:00:00Z"}})
    fake.add(customer_mention(7, "still waiting", spoiler=""))
    MastodonMentions(client, services.store).poll(services.pipeline)
    assert sorted(t.post.external_id for t in services.store.list()) == ["5001", "5005", "5007"]
    reasons = sorted(item.reason for item in services.store.rejected())
    assert reasons == sorted(
        [
            "the mention carries no status",
            "the account's followers_count None is not a whole number",  # Mastodon.py's typing turns "lots" into None
            "the status id '../../etc' is not a Mastodon id",
            "the status has no text",
        ]
    )
    assert services.store.get_cursor(CURSOR) == "7"


def test_polls_walk_forward_page_by_page_from_the_cursor_so_a_burst_is_not_skipped(
    fake: FakeMastodon, client: Any, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.sources.mastodon as mastodon

    monkeypatch.setattr(mastodon, "PAGE_SIZE", 10)  # pages of 10 instead of 40: the same walk, fewer posts to draft
    source = MastodonMentions(client, services.store)
    fake.add(customer_mention(1))
    source.poll(services.pipeline)
    for number in range(2, 27):  # 25 more between two polls: three pages of 10
        fake.add(customer_mention(number, f"question {number}?"))
    fake.requests.clear()
    assert source.poll(services.pipeline) == 25
    pages = [path for _, path in fake.requests if path.startswith("/api/v1/notifications")]
    assert [p.split("min_id=")[1].split("&")[0] for p in pages] == ["1", "11", "21"]
    assert len(services.store.list()) == 26 and services.store.get_cursor(CURSOR) == "26"
    assert source.poll(services.pipeline) == 0


def test_the_cursor_does_not_move_past_mentions_that_were_not_stored(fake: FakeMastodon, client: Any, services: Services) -> None:
    for number in (1, 2, 3):
        fake.add(customer_mention(number, f"order {number} missing"))
    with pytest.raises(RuntimeError):
        MastodonMentions(client, services.store).poll(CrashAfterFirst(services.pipeline))
    assert services.store.get_cursor(CURSOR) is None
    MastodonMentions(client, services.store).poll(services.pipeline)
    assert len(services.store.list()) == 3 and services.store.get_cursor(CURSOR) == "3"


def test_a_rate_limit_waits_for_the_reset_instead_of_spinning(fake: FakeMastodon, client: Any, services: Services) -> None:
    fake.add(customer_mention(1))
    source = MastodonMentions(client, services.store)
    source.own_id = OWN["id"]
    fake.fail = [rate_limited(120)]
    assert poll_briefly(source.run, services.pipeline, fake.requests)
    assert len(fake.requests) == 1 and services.store.list() == []


def test_html_becomes_text_and_nothing_in_it_is_lost() -> None:
    assert html_text("<p>one</p><p>two<br>three &lt;b&gt;</p>") == "one\n\ntwo\nthree <b>"
    assert (
        html_text('<p><a href="https://x.test/a"><span class="invisible">https://</span><span class="ellipsis">x.test/a</span></a></p>') == "https://x.test/a"
    )


@pytest.fixture
def live(settings: Settings, client: Any) -> Iterator[Services]:
    built = build_services(settings, live={"mastodon": MastodonReplies(client)})
    built.knowledge.sync()
    yield built
    built.store.close()


def test_an_approved_reply_answers_in_the_customers_visibility_and_a_thread_chains(fake: FakeMastodon, client: Any, live: Services) -> None:
    fake.add(customer_mention(1, "how do I reset my password? the app won't let me in", visibility="unlisted"))
    MastodonMentions(client, live.store).poll(live.pipeline)
    [ticket] = live.store.list()
    outcome = live.desk.edit_and_send(
        ticket.id, "U1", "@customer1@fosstodon.org Tap 'Forgot password' on the sign-in screen. (1/2)\n---\nThe link lasts an hour. (2/2)"
    )
    assert outcome.ticket.state == TicketState.SENT
    first, second = fake.posted
    assert (first["in_reply_to_id"], first["visibility"]) == ("5001", "unlisted")
    assert (second["in_reply_to_id"], second["visibility"]) == (first["id"], "unlisted")
    assert second["text"] == "The link lasts an hour. (2/2)" and outcome.ticket.publication.external_id == first["id"]
    assert not live.publishers.outbox.path.exists()


def test_a_private_answer_is_a_reply_then_a_direct_post_mentioning_only_the_customer(fake: FakeMastodon, client: Any, live: Services) -> None:
    fake.add(customer_mention(1, "you charged my card twice for one kettle!!"))
    MastodonMentions(client, live.store).poll(live.pipeline)
    [ticket] = live.store.list()
    assert ticket.draft is not None and ticket.draft.dm_text and ticket.draft.problems == []
    outcome = live.desk.approve(ticket.id, "U1")
    assert outcome.ticket.state == TicketState.SENT and "DM sent." in outcome.message
    reply, direct = fake.posted
    assert reply["visibility"] == "public" and "DM here on Mastodon" in reply["text"]
    assert direct["visibility"] == "direct" and direct["in_reply_to_id"] is None
    assert direct["text"].startswith("Hi @customer1@fosstodon.org") and direct["text"].count("@") == 2  # the customer's handle only


def test_a_retried_part_is_not_posted_twice(fake: FakeMastodon, client: Any) -> None:
    fake.add(customer_mention(1))
    replies = MastodonReplies(client)
    first = replies.publish(ticket_id=7, platform="mastodon", in_reply_to_id="5001", text="@customer1@fosstodon.org Orders ship within 1 business day.")
    again = replies.publish(ticket_id=7, platform="mastodon", in_reply_to_id="5001", text="@customer1@fosstodon.org Orders ship within 1 business day.")
    assert first.external_id == again.external_id and len(fake.posted) == 1


def test_a_deleted_post_a_timeout_and_a_refusal_each_say_what_happened(fake: FakeMastodon, client: Any) -> None:
    replies = MastodonReplies(client)
    with pytest.raises(PublishError, match="gone from Mastodon") as gone:
        replies.publish(ticket_id=1, platform="mastodon", in_reply_to_id="404404", text="@x hi")
    assert not gone.value.maybe_posted and fake.posted == []
    fake.add(customer_mention(1))
    client.request_timeout = 0.5
    fake.fail = [(200, {"Content-Type": "application/json"}, b'{"id": "5001", "visibility": "public"}'), "timeout"]
    with pytest.raises(PublishError, match="No answer from Mastodon") as timed_out:
        replies.publish(ticket_id=2, platform="mastodon", in_reply_to_id="5001", text="@x hi")
    assert timed_out.value.maybe_posted
    fake.fail = [
        (200, {"Content-Type": "application/json"}, b'{"id": "5001", "visibility": "public"}'),
        (422, {"Content-Type": "application/json"}, b'{"error": "Validation failed: Text can\'t be blank"}'),
    ]
    with pytest.raises(PublishError, match="refused the post.*Validation failed") as refused:
        replies.publish(ticket_id=3, platform="mastodon", in_reply_to_id="5001", text="@x hi")
    assert not refused.value.maybe_posted


def test_the_instance_says_its_own_limit(fake: FakeMastodon, client: Any) -> None:
    fake.max_characters = 11_000
    assert instance_limit(client) == 11_000
    fake.fail = [(500, {}, b"oops")]
    assert instance_limit(client) == 0


MASTODON_PY = Path(os.environ.get("MASTODON_PY_REPO", "/work/.mirror/halcy+Mastodon.py/repo"))


def _recorded(name: str, uri_end: str) -> bytes:
    import subprocess

    import yaml

    cassette = yaml.safe_load(subprocess.run(["git", "-C", str(MASTODON_PY), "show", f"HEAD:tests/cassettes/{name}"], capture_output=True, check=True).stdout)
    return next(i["response"]["body"]["string"] for i in cassette["interactions"] if i["request"]["uri"].endswith(uri_end)).encode()


@pytest.mark.skipif(not MASTODON_PY.is_dir(), reason="Mastodon.py's own repository (its recorded exchanges) is not on this machine")
def test_a_notifications_page_recorded_from_a_real_mastodon_becomes_a_ticket(fake: FakeMastodon, client: Any, services: Services) -> None:
    """Mastodon.py's test suite recorded this page from Mastodon 4; served as recorded, byte for byte."""
    page = _recorded("test_notifications_mentions_only.yaml", "/api/v1/notifications?types%5B%5D=mention")
    fake.fail = [(200, {"Content-Type": "application/json; charset=utf-8"}, page)]
    source = MastodonMentions(client, services.store)
    source.own_id = "1"
    assert source.poll(services.pipeline) == 1
    [ticket] = services.store.list()
    assert (ticket.post.external_id, ticket.post.author_handle, ticket.post.text) == ("117020577157693549", "admin", "@mastodonpy_test hello!")
    assert ticket.post.url == "http://localhost:3000/@admin/117020577157693549" and services.store.get_cursor(CURSOR) == "21"


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["id", "type", "status", "account", "acct", "content", "created_at", "followers_count", "in_reply_to_id", "spoiler_text", "url"]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=25,
    )
)
@hsettings(max_examples=300, deadline=None)
def test_any_notification_is_a_post_or_rejected_with_a_reason(item: Any) -> None:
    from assistant.sources import Rejected
    from assistant.sources.mastodon import mention_post

    try:
        post = mention_post(item)
    except Rejected as exc:
        assert str(exc)
    else:
        assert post.platform == "mastodon" and post.external_id and post.text


@given(
    st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=5), "type": st.just("mention")},
        optional={
            "status": st.fixed_dictionaries(
                {
                    "id": st.from_regex(r"[0-9]{1,18}", fullmatch=True),
                    "content": st.text(max_size=200),
                    "account": st.fixed_dictionaries({"id": st.just("7"), "acct": st.text(max_size=30)}, optional={"followers_count": st.integers(-5, 10**10)}),
                },
                optional={"created_at": st.text(max_size=30), "spoiler_text": st.text(max_size=20), "in_reply_to_id": st.text(max_size=10)},
            )
        },
    )
)
@hsettings(max_examples=300, deadline=None)
def test_near_valid_notifications_are_posts_the_store_takes_or_rejected(item: dict[str, Any]) -> None:
    from assistant.posts import PostRejected
    from assistant.sources import Rejected
    from assistant.sources.mastodon import mention_post

    try:
        post = mention_post(item)
    except Rejected as exc:
        assert str(exc)
        return
    try:
        post.cleaned()
    except PostRejected as exc:  # the pipeline keeps it as rejected with this reason
        assert str(exc)


@pytest.mark.parametrize(
    ("bad_id", "created_at"),
    [("9" * 64, None), (str(2**63), None), ("12345678901234567890", None), ("7", "2999-01-01T00:00:00.000Z"), ("8", "2100-01-01T00:00:00+00:00")],
)
def test_a_notification_out_of_range_or_from_the_future_is_kept_aside_and_never_becomes_the_cursor(
    fake: FakeMastodon, client: Any, services: Services, bad_id: str, created_at: str | None
) -> None:
    fake.add(customer_mention(1))
    poisoned = customer_mention(6, "hello from the future")
    poisoned["id"] = bad_id
    if created_at:
        poisoned["created_at"] = created_at
    fake.add(poisoned)
    MastodonMentions(client, services.store).poll(services.pipeline)
    assert services.store.get_cursor(CURSOR) == "1", "the cursor moved only to the sane position"
    assert any("cursor" in item.reason for item in services.store.rejected())
    fake.add(customer_mention(2, "a real mention after the poisoned one"))
    MastodonMentions(client, services.store).poll(services.pipeline)
    assert services.store.get_cursor(CURSOR) == "2" and "5002" in {t.post.external_id for t in services.store.list()}, "the next real mention still comes in"


def test_a_stored_cursor_that_is_no_mastodon_id_is_not_believed(fake: FakeMastodon, client: Any, services: Services) -> None:
    services.store.set_cursor(CURSOR, "9" * 64)
    fake.add(customer_mention(1))
    assert MastodonMentions(client, services.store).poll(services.pipeline) == 1
    assert services.store.get_cursor(CURSOR) == "1"
