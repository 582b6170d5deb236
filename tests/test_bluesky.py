"""Bluesky through the real `atproto` SDK against a fake PDS and chat service on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.clients.bluesky import make_client
from assistant.config import Settings
from assistant.errors import PublishError
from assistant.publish import Outbox
from assistant.publish.bluesky import BlueskyReplies
from assistant.services import Services, build_services
from assistant.sources.bluesky import CURSOR, BlueskyNotifications
from assistant.store import TicketState
from tests.conftest import poll_briefly
from tests.fakes.bluesky_api import (
    OWN_DID,
    OWN_HANDLE,
    PASSWORD,
    FakeBluesky,
    author,
    notification,
    post_uri,
    rate_limited,
)


@pytest.fixture
def fake() -> Iterator[FakeBluesky]:
    server = FakeBluesky()
    yield server
    server.close()


@pytest.fixture
def client(fake: FakeBluesky) -> Any:
    return make_client(fake.url, OWN_HANDLE, PASSWORD)


def test_a_wrong_app_password_is_refused_at_login(fake: FakeBluesky) -> None:
    from atproto_client.exceptions import UnauthorizedError

    with pytest.raises(UnauthorizedError):
        make_client(fake.url, OWN_HANDLE, "wrong-pass-word-here")


def test_mentions_and_replies_become_tickets_with_reach_thread_and_the_cursor_moves(fake: FakeBluesky, client: Any, services: Services) -> None:
    dana, lee = author(1), author(2)
    starter = notification("3kstart0000001", "@nimbushome.bsky.social where is my order? 😞", dana, minute=1)
    fake.add(starter, followers=15_000)
    thread = {"root": {"uri": starter["uri"], "cid": starter["cid"]}, "parent": {"uri": starter["uri"], "cid": starter["cid"]}}
    fake.add(notification("3kreply0000002", "still nothing, it's been a week", dana, reason="reply", reply=thread, minute=2), followers=15_000)
    fake.add(notification("3kother0000003", "how do I reset my password?", lee, minute=3), followers=12)
    fake.add(notification("3klike00000004", "liked", lee, reason="like", minute=4))  # filtered by the server: we ask for mentions and replies
    count = BlueskyNotifications(client, services.store).poll(services.pipeline)
    assert count == 3 and services.store.get_cursor(CURSOR) == "2026-11-26T09:03:01+00:00"
    posts = {t.post.external_id: t.post for t in services.store.list()}
    first = posts[starter["uri"]]
    assert (first.platform, first.author_handle, first.author_followers, first.author_id) == ("bluesky", "customer1.bsky.social", 15_000, dana["did"])
    assert first.url == "https://bsky.app/profile/customer1.bsky.social/post/3kstart0000001"
    assert len(services.store.list()) == 2, "the customer's reply in their own thread joins that ticket"
    assert posts[post_uri(lee, "3kother0000003")].author_followers == 12
    listed = [q for m, nsid, q in fake.requests if nsid == "app.bsky.notification.listNotifications"]
    assert listed and all(h.get("authorization", "").startswith("Bearer ") for h in listed)


def test_bad_notifications_are_rejected_one_by_one_and_the_rest_still_come_in(fake: FakeBluesky, client: Any, services: Services) -> None:
    dana = author(1)
    fake.add(notification("3kgood0000001", "order missing", dana, minute=1))
    fake.add(
        {"uri": "at://did:plc:x/app.bsky.feed.post/../../x", "reason": "mention", "indexedAt": "2026-11-26T09:02:00Z", "author": dana, "record": {"text": "hi"}}
    )
    fake.add({**notification("3knotext00002", "x", dana, minute=3), "record": {"text": "   "}})
    fake.add({**notification("3knodid000003", "hello", dana, minute=4), "author": {"handle": "who"}})
    fake.add({**notification("3kbadtime0004", "hello", dana, minute=5), "record": {"text": "when?", "createdAt": "yesterday"}})
    fake.add([1, 2, 3])  # type: ignore[arg-type]
    fake.add(notification("3kgood0000007", "refund please", dana, minute=7))
    BlueskyNotifications(client, services.store).poll(services.pipeline)
    assert sorted(t.post.external_id for t in services.store.list()) == [post_uri(dana, "3kgood0000001"), post_uri(dana, "3kgood0000007")]
    reasons = sorted(item.reason for item in services.store.rejected())
    assert reasons == sorted(
        [
            "'uri' 'at://did:plc:x/app.bsky.feed.post/../../x' is not a Bluesky post",
            "the post has no text",
            "the author has no DID",
            "'createdAt' 'yesterday' is not a time",
            "a notification must be a JSON object, not list",
        ]
    )
    assert services.store.get_cursor(CURSOR) == "2026-11-26T09:07:01+00:00"


def test_a_poll_pages_back_until_it_reaches_the_cursor(fake: FakeBluesky, client: Any, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.sources.bluesky as bluesky

    monkeypatch.setattr(bluesky, "PAGE_SIZE", 10)  # pages of 10 instead of 50: the same walk, a fifth of the posts to draft
    source = BlueskyNotifications(client, services.store)
    fake.add(notification("3kfirst000000", "first", author(1), minute=0))
    source.poll(services.pipeline)
    for number in range(1, 25):  # 24 arrive between polls: three pages of 10
        fake.add({**notification(f"3kburst{number:06d}", f"question {number}?", author(number % 7)), "indexedAt": f"2026-11-26T10:00:{number:02d}.000Z"})
    fake.requests.clear()
    assert source.poll(services.pipeline) == 24
    assert sum(nsid == "app.bsky.notification.listNotifications" for _, nsid, _ in fake.requests) == 3
    assert sum(nsid == "app.bsky.actor.getProfiles" for _, nsid, _ in fake.requests) == 1, "reach for 7 authors in one call, not one a post"
    assert len(services.store.list()) == 25 and services.store.get_cursor(CURSOR) == "2026-11-26T10:00:24+00:00"
    assert source.poll(services.pipeline) == 0, "the newest item, at the cursor's own time, is deduplicated"


def test_a_rate_limit_waits_for_the_reset_instead_of_spinning(fake: FakeBluesky, client: Any, services: Services) -> None:
    fake.add(notification("3kgood0000001", "order missing", author(1)))
    fake.fail = [rate_limited(120)]
    fake.requests.clear()
    assert poll_briefly(BlueskyNotifications(client, services.store).run, services.pipeline, fake.requests)
    assert len(fake.requests) == 1 and services.store.list() == []


@pytest.fixture
def live(settings: Settings, client: Any) -> Iterator[Services]:
    built = build_services(settings, live={"bluesky": BlueskyReplies(client, Outbox(settings.data_dir / "outbox.jsonl"))})
    built.knowledge.sync()
    yield built
    built.store.close()


def test_a_reply_names_root_and_parent_and_its_mention_and_link_are_facets(fake: FakeBluesky, client: Any, live: Services) -> None:
    dana = author(1)
    starter = notification("3kstart0000001", "the app won't let me sign in", dana, minute=1)
    fake.add(starter)
    thread = {"root": {"uri": starter["uri"], "cid": starter["cid"]}, "parent": {"uri": starter["uri"], "cid": starter["cid"]}}
    fake.add(notification("3kreply0000002", "how do I reset my password? 🙏", dana, reason="reply", reply=thread, minute=2))
    BlueskyNotifications(client, live.store).poll(live.pipeline)
    [ticket] = live.store.list()  # the customer's reply joined the ticket of the post it answers
    assert ticket.draft is not None and [c["article_id"] for c in ticket.draft.citations][:1] == ["reset-password"], ticket.draft
    text = "Héllo @customer1.bsky.social! Tap 'Forgot password' (1/2)\n---\nSteps: https://help.nimbushome.example.com/reset-password (2/2)"
    outcome = live.desk.edit_and_send(ticket.id, "U1", text)
    assert outcome.ticket.state == TicketState.SENT
    first, second = fake.created
    assert first["repo"] == OWN_DID and first["record"]["reply"]["root"]["uri"] == starter["uri"]
    assert first["record"]["reply"]["parent"]["uri"] == post_uri(dana, "3kreply0000002"), "we answer the customer's newest message"
    assert second["record"]["reply"]["parent"]["uri"] == first["uri"] and second["record"]["reply"]["root"]["uri"] == starter["uri"]
    [mention] = first["record"]["facets"]
    raw = first["record"]["text"].encode()
    assert raw[mention["index"]["byteStart"] : mention["index"]["byteEnd"]] == b"@customer1.bsky.social"
    assert mention["features"][0] == {"$type": "app.bsky.richtext.facet#mention", "did": dana["did"]}
    [link] = second["record"]["facets"]
    assert second["record"]["text"].encode()[link["index"]["byteStart"] : link["index"]["byteEnd"]] == b"https://help.nimbushome.example.com/reset-password"


def test_a_private_answer_is_a_reply_then_a_chat_message(fake: FakeBluesky, client: Any, live: Services) -> None:
    fake.add(notification("3kcharge000001", "you charged my card twice for one kettle!!", author(1)))
    BlueskyNotifications(client, live.store).poll(live.pipeline)
    [ticket] = live.store.list()
    assert ticket.draft is not None and ticket.draft.dm_text and ticket.draft.problems == []
    outcome = live.desk.approve(ticket.id, "U1")
    assert outcome.ticket.state == TicketState.SENT and "DM sent." in outcome.message
    assert "DM here on Bluesky" in fake.created[0]["record"]["text"]
    [message] = fake.messages
    assert message["message"]["text"] == ticket.draft.dm_text and message["convoId"].startswith("convo-")
    proxied = [h for _, nsid, h in fake.requests if nsid.startswith("chat.bsky.convo")]
    assert proxied and all(h["atproto-proxy"] == "did:web:api.bsky.chat#bsky_chat" for h in proxied)


def test_without_dm_access_the_message_goes_to_the_outbox_and_says_so(settings: Settings) -> None:
    fake = FakeBluesky(chat_allowed=False)
    try:
        client = make_client(fake.url, OWN_HANDLE, PASSWORD)
        outbox = Outbox(settings.data_dir / "outbox.jsonl")
        result = BlueskyReplies(client, outbox).send_dm(ticket_id=4, platform="bluesky", recipient_id=author(1)["did"], text="Hi, your order is on its way")
        assert result.status == "dry_run" and "no direct-message access" in result.detail
        [kept] = [json.loads(line) for line in outbox.path.read_text().splitlines()]
        assert kept["kind"] == "dm" and kept["recipient_id"] == author(1)["did"] and fake.messages == []
    finally:
        fake.close()


def test_a_deleted_post_a_too_long_reply_and_a_timeout_each_say_what_happened(fake: FakeBluesky, client: Any) -> None:
    replies = BlueskyReplies(client, Outbox(fake_path := __import__("pathlib").Path("/nonexistent/outbox.jsonl")))
    with pytest.raises(PublishError, match="gone from Bluesky") as gone:
        replies.publish(ticket_id=1, platform="bluesky", in_reply_to_id=post_uri(author(1), "3kgone"), text="@x hi")
    assert not gone.value.maybe_posted and fake.created == []
    item = notification("3kthere000001", "hello", author(1))
    fake.add(item)
    with pytest.raises(PublishError, match="refused the post.*300 graphemes") as refused:
        replies.publish(ticket_id=2, platform="bluesky", in_reply_to_id=item["uri"], text="é" * 301)
    assert not refused.value.maybe_posted
    client.request._client.timeout = __import__("httpx").Timeout(0.5)
    posts = json.dumps({"posts": [fake.posts[item["uri"]]]}).encode()
    fake.fail = [(200, {"Content-Type": "application/json"}, posts), "timeout"]
    with pytest.raises(PublishError, match="No answer from Bluesky") as timed_out:
        replies.publish(ticket_id=3, platform="bluesky", in_reply_to_id=item["uri"], text="@customer1.bsky.social hi")
    assert timed_out.value.maybe_posted
    assert not fake_path.exists()


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["uri", "reason", "author", "did", "handle", "record", "text", "createdAt", "reply", "parent", "root", "indexedAt"]),
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
    from assistant.sources.bluesky import notification_post

    try:
        post = notification_post(item, {})
    except Rejected as exc:
        assert str(exc)
    else:
        assert post.platform == "bluesky" and post.external_id.startswith("at://") and post.text.strip()


@given(st.text(max_size=40), st.text(max_size=80), st.sampled_from(["mention", "reply", "like", "follow"]))
@hsettings(max_examples=200, deadline=None)
def test_near_valid_notifications_keep_their_text_and_thread_or_are_rejected(rkey: str, text: str, reason: str) -> None:
    from assistant.posts import PostRejected
    from assistant.sources import Rejected
    from assistant.sources.bluesky import notification_post

    item = notification("x", text, author(1), reason=reason)
    item["uri"] = f"at://{author(1)['did']}/app.bsky.feed.post/{rkey}"
    try:
        post = notification_post(item, {author(1)["did"]: 12})
    except Rejected as exc:
        assert reason not in ("mention", "reply") or not text.strip() or "uri" in str(exc)
        return
    assert post.text == text and post.author_followers == 12 and post.external_id == item["uri"]
    try:
        post.cleaned()
    except PostRejected as exc:
        assert str(exc)


@pytest.mark.parametrize("indexed_at", ["2999-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"])
def test_a_notification_indexed_in_the_future_is_kept_aside_and_never_becomes_the_cursor(
    fake: FakeBluesky, client: Any, services: Services, indexed_at: str
) -> None:
    dana = author(1)
    fake.add(notification("3kfirst0000001", "where is my order?", dana, minute=1))
    poisoned = notification("3kfutur0000002", "from the future", dana, minute=2)
    poisoned["indexedAt"] = indexed_at
    fake.add(poisoned)
    BlueskyNotifications(client, services.store).poll(services.pipeline)
    assert services.store.get_cursor(CURSOR) == "2026-11-26T09:01:01+00:00", "the cursor moved only to the sane position"
    assert any("future" in item.reason for item in services.store.rejected())
    fake.add(notification("3klater0000003", "how do I reset my password?", author(2), minute=3))
    BlueskyNotifications(client, services.store).poll(services.pipeline)
    assert services.store.get_cursor(CURSOR) == "2026-11-26T09:03:01+00:00"
    assert post_uri(author(2), "3klater0000003") in {t.post.external_id for t in services.store.list()}, "the next real mention still comes in"


def test_a_stored_cursor_in_the_future_is_not_believed(fake: FakeBluesky, client: Any, services: Services) -> None:
    services.store.set_cursor(CURSOR, "2999-01-01T00:00:00+00:00")
    fake.add(notification("3kfirst0000001", "where is my order?", author(1), minute=1))
    assert BlueskyNotifications(client, services.store).poll(services.pipeline) == 1
    assert services.store.get_cursor(CURSOR) == "2026-11-26T09:01:01+00:00"
