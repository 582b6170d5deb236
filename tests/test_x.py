"""X through the real tweepy client, with a transport adapter on its session (recorded or scripted answers)."""

from __future__ import annotations

import html
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.clients.x import TimeoutAdapter, make_x_client
from assistant.config import Settings
from assistant.services import Services, build_services
from assistant.sources.x import CURSOR, XMentions
from assistant.store import TicketState
from tests.conftest import CrashAfterFirst, make_post
from tests.fakes.x_transport import CASSETTES, XTransport, cassette_response, json_body

OWN_ID = "900"
needs_cassettes = pytest.mark.skipif(not CASSETTES.is_dir(), reason="../shared/x-cassettes is not present")


@pytest.fixture
def x_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"x_api_key": "ck", "x_api_secret": "cs", "x_access_token": "at", "x_access_token_secret": "ats", "x_timeout_seconds": 7.5}
    )


def mount(client: Any, responder: Any) -> XTransport:
    transport = XTransport(responder)
    adapter = client.session.get_adapter("https://api.twitter.com/")
    assert isinstance(adapter, TimeoutAdapter)
    adapter.inner = transport
    return transport


def page(tweets: list[dict[str, Any]], users: list[dict[str, Any]] | None = None, next_token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    meta: dict[str, Any] = {"result_count": len(tweets)}
    if next_token:
        meta["next_token"] = next_token
    if users is None:  # every author present, as X sends them with the author expansion
        users = [{"id": a, "username": f"user{a}", "name": f"User {a}", "public_metrics": {"followers_count": 5}} for a in {t["author_id"] for t in tweets}]
    return json_body({"data": tweets, "includes": {"users": users}, "meta": meta})


def recorded_mentions(with_authors: bool) -> tuple[int, dict[str, str], bytes]:
    """The real recorded page. It was recorded without the author expansion our poller asks for;
    `with_authors` adds what X sends for that request (author ids and the users they point to)."""
    status, headers, body = cassette_response("test_client_get_users_mentions.yaml")
    if not with_authors:
        return status, headers, body
    document = json.loads(body)
    for number, tweet in enumerate(document["data"]):
        tweet["author_id"] = str(5000 + number % 3)
    document["includes"] = {
        "users": [{"id": str(5000 + n), "username": f"customer{n}", "name": f"Customer {n}", "public_metrics": {"followers_count": 10 * n}} for n in range(3)]
    }
    return status, headers, json.dumps(document).encode()


@needs_cassettes
@pytest.mark.parametrize("with_authors", [True, False])
def test_recorded_mentions_become_tickets_or_rejected_items_and_since_id_advances(x_settings: Settings, services: Services, with_authors: bool) -> None:
    client = make_x_client(x_settings)

    def responder(request: requests.PreparedRequest) -> Any:
        if "pagination_token" in (request.url or ""):
            return page([])  # the recorded page says more follow; end there
        return recorded_mentions(with_authors)

    transport = mount(client, responder)
    source = XMentions(client, services.store, user_id="783214", user_auth=True)
    count = source.poll(services.pipeline)
    recorded = json.loads(cassette_response("test_client_get_users_mentions.yaml")[2])["data"]
    stored, rejected = services.store.list(), services.store.rejected()
    assert count == len(recorded) == len(stored) + len(rejected)
    if with_authors:
        assert not rejected and {t.post.author_handle for t in stored} == {"customer0", "customer1", "customer2"}
    else:
        assert not stored and all("author" in item.reason for item in rejected), "a mention without its author can't be answered"
    newest = max(int(tweet["id"]) for tweet in recorded)
    assert services.store.get_cursor(CURSOR) == str(newest), "the cursor moves past rejected mentions too"
    assert set(transport.timeouts) == {7.5}, "every request carries our timeout; tweepy sets none"
    source.poll(services.pipeline)
    query = parse_qs(urlparse(transport.requests[-1].url).query)
    assert query["since_id"] == [str(newest)]
    assert len(services.store.list()) == len(stored) and len(services.store.rejected()) == len(rejected), "a replayed page adds nothing"


def test_own_posts_are_ignored_and_authors_reach_is_kept(x_settings: Settings, services: Services) -> None:
    client = make_x_client(x_settings)
    tweets = [
        {"id": "12", "text": "@NimbusHome how do I reset my password?", "author_id": "1", "edit_history_tweet_ids": ["12"]},
        {"id": "13", "text": "@sam Tap Forgot password", "author_id": OWN_ID, "edit_history_tweet_ids": ["13"]},
        {"id": "11", "text": "@NimbusHome kettle &amp; base won&#39;t boil", "author_id": "2", "edit_history_tweet_ids": ["11"]},
    ]
    users = [
        {"id": "1", "username": "sam_k", "name": "Sam", "public_metrics": {"followers_count": 15400}},
        {"id": "2", "username": "jo", "name": "Jo", "public_metrics": {"followers_count": 12}},
    ]
    mount(client, lambda request: page(tweets, users))
    XMentions(client, services.store, user_id=OWN_ID).poll(services.pipeline)
    stored = services.store.list()
    assert [(t.post.external_id, t.post.author_handle, t.post.author_followers) for t in stored] == [("11", "jo", 12), ("12", "sam_k", 15400)]
    assert stored[0].post.text == "@NimbusHome kettle & base won't boil", "X's HTML entities are decoded once"
    assert services.store.get_cursor(CURSOR) == "13", "the cursor moves past the bot's own posts too"


def test_since_id_does_not_advance_past_posts_that_were_not_stored(x_settings: Settings, services: Services) -> None:
    client = make_x_client(x_settings)
    tweets = [{"id": str(i), "text": f"where is my order {i}?", "author_id": "1", "edit_history_tweet_ids": [str(i)]} for i in (21, 22, 23)]
    mount(client, lambda request: page(tweets))
    with pytest.raises(RuntimeError):
        XMentions(client, services.store, user_id=OWN_ID).poll(CrashAfterFirst(services.pipeline))
    assert services.store.get_cursor(CURSOR) is None
    XMentions(client, services.store, user_id=OWN_ID).poll(services.pipeline)
    assert len(services.store.list()) == 3 and services.store.get_cursor(CURSOR) == "23"


def test_pages_are_followed_up_to_the_800_mentions_x_serves(x_settings: Settings, services: Services) -> None:
    client = make_x_client(x_settings)

    def responder(request: requests.PreparedRequest) -> Any:
        token = parse_qs(urlparse(request.url).query).get("pagination_token", ["0"])[0]
        n = int(token)
        return page([{"id": str(1000 + n), "text": "hello?", "author_id": "1", "edit_history_tweet_ids": [str(1000 + n)]}], next_token=str(n + 1))

    transport = mount(client, responder)
    posts = XMentions(client, services.store, user_id=OWN_ID).fetch()
    assert len(transport.requests) == 8 and len(posts) == 8


def test_a_rate_limit_backs_off_until_the_reset_instead_of_spinning(x_settings: Settings, services: Services) -> None:
    client = make_x_client(x_settings)
    reset = str(int(time.time()) + 120)
    transport = mount(client, lambda request: (429, {"x-rate-limit-reset": reset, "content-type": "application/json"}, b'{"title":"Too Many Requests"}'))
    stop = threading.Event()
    worker = threading.Thread(target=XMentions(client, services.store, user_id=OWN_ID).run, args=(services.pipeline, stop, 0.01))
    worker.start()
    time.sleep(0.5)
    stop.set()
    worker.join(timeout=5)
    assert not worker.is_alive() and len(transport.requests) == 1


def reply_services(x_settings: Settings, responder: Any) -> tuple[Services, XTransport]:
    client = make_x_client(x_settings)
    transport = mount(client, responder)
    built = build_services(x_settings, x_client=client)
    built.knowledge.sync()
    return built, transport


@needs_cassettes
def test_an_approved_reply_is_posted_to_x_in_reply_to_the_post(x_settings: Settings) -> None:
    services, transport = reply_services(x_settings, lambda request: cassette_response("test_client_create_and_delete_tweet.yaml", 0))
    ticket_id = services.pipeline.ingest(make_post("1578516295611748353")).ticket_id
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SENT and outcome.ticket.publication.external_id == "1456012973835788293"
    [request] = transport.requests
    body = json.loads(request.body)
    assert body["reply"] == {"in_reply_to_tweet_id": "1578516295611748353"}
    assert body["text"] == services.store.get(ticket_id).draft.text
    assert request.headers["Authorization"].startswith("OAuth "), "posted with the account's user context"
    assert not services.publishers.outbox.path.exists(), "a live reply is not also written to the outbox"


def test_a_duplicate_403_is_treated_as_maybe_posted_and_never_retried(x_settings: Settings) -> None:
    duplicate = json_body({"detail": "You are not allowed to create a Tweet with duplicate content.", "title": "Forbidden", "status": 403}, status=403)
    services, transport = reply_services(x_settings, lambda request: duplicate)
    ticket_id = services.pipeline.ingest(make_post("55")).ticket_id
    outcome = services.desk.approve(ticket_id, "U1")
    assert "Not sent" in outcome.message and outcome.ticket.state == TicketState.SEND_FAILED
    assert outcome.ticket.publication.status == "uncertain"
    with pytest.raises(Exception, match="check the platform"):
        services.desk.approve(ticket_id, "U2")
    assert len(transport.requests) == 1


def test_a_timeout_while_posting_is_uncertain_and_a_plain_refusal_can_be_retried(x_settings: Settings) -> None:
    answers: list[Any] = [requests.ReadTimeout("read timed out")]

    def responder(request: requests.PreparedRequest) -> Any:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    services, transport = reply_services(x_settings, responder)
    first = services.pipeline.ingest(make_post("61")).ticket_id
    assert services.desk.approve(first, "U1").ticket.publication.status == "uncertain"
    answers += [json_body({"title": "Invalid Request", "detail": "bad"}, status=400), json_body({"data": {"id": "777", "text": "ok"}}, status=201)]
    second = services.pipeline.ingest(make_post("62", "how do I cancel nimbus plus")).ticket_id
    assert services.desk.approve(second, "U1").ticket.state == TicketState.SEND_FAILED
    retried = services.desk.approve(second, "U1")
    assert retried.ticket.state == TicketState.SENT and retried.ticket.publication.external_id == "777"


@needs_cassettes
def test_a_private_answer_is_a_public_reply_then_a_dm_to_the_author_on_x(x_settings: Settings) -> None:
    def responder(request: requests.PreparedRequest) -> Any:
        if "/dm_conversations/" in (request.url or ""):
            return cassette_response("test_manage_and_lookup_direct_messages.yaml", 0)
        return cassette_response("test_client_create_and_delete_tweet.yaml", 0)

    services, transport = reply_services(x_settings, responder)
    post = make_post("1578516295611748353", "you charged my card twice for one kettle!!", author_id="750362064426721281")
    ticket_id = services.pipeline.ingest(post).ticket_id
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SENT and "DM sent." in outcome.message
    tweet, dm = transport.requests
    assert tweet.url.endswith("/2/tweets") and "DM" in json.loads(tweet.body)["text"]
    assert dm.url.endswith("/2/dm_conversations/with/750362064426721281/messages")
    assert json.loads(dm.body)["text"] == services.store.get(ticket_id).draft.dm_text
    [sent] = [e for e in services.store.get(ticket_id).events if e.kind == "dm_sent"]
    assert sent.text.startswith("Hi @sam_k")


def test_a_thread_is_posted_part_by_part_each_replying_to_the_last(x_settings: Settings) -> None:
    ids = iter(["501", "502", "503"])
    services, transport = reply_services(x_settings, lambda request: json_body({"data": {"id": next(ids), "text": "x"}}, status=201))
    ticket_id = services.pipeline.ingest(make_post("77")).ticket_id
    services.desk.edit_and_send(ticket_id, "U1", "@sam_k Tap 'Forgot password'. (1/2)\n---\nThe reset link lasts an hour. (2/2)")
    first, second = (json.loads(r.body) for r in transport.requests)
    assert first["reply"] == {"in_reply_to_tweet_id": "77"} and second["reply"] == {"in_reply_to_tweet_id": "501"}
    assert second["text"] == "The reset link lasts an hour. (2/2)"


def _hundred_per_page(request: requests.PreparedRequest) -> Any:
    """X's newest 800 mentions, 100 a page, newest first; the eighth page still offers a next one."""
    n = int(parse_qs(urlparse(request.url).query).get("pagination_token", ["0"])[0])
    tweets = [{"id": str(90_000 - 100 * n - i), "text": "where is my order?", "author_id": "1", "edit_history_tweet_ids": []} for i in range(100)]
    return page(tweets, next_token=str(n + 1))


@pytest.mark.parametrize(("cursor", "per_page", "warned"), [("5000", 100, True), ("", 100, False), ("5000", 99, False)])
def test_a_poll_that_reaches_the_800_x_serves_warns_that_mentions_may_be_missing(
    x_settings: Settings, services: Services, caplog: pytest.LogCaptureFixture, cursor: str, per_page: int, warned: bool
) -> None:
    client = make_x_client(x_settings)

    def responder(request: requests.PreparedRequest) -> Any:
        status, headers, body = _hundred_per_page(request)
        document = json.loads(body)
        document["data"] = document["data"][:per_page]
        n = int(parse_qs(urlparse(request.url).query).get("pagination_token", ["0"])[0])
        if per_page < 100 and n == 7:
            document["meta"].pop("next_token")  # fewer than 800 in all: X has nothing older to give
        return status, headers, json.dumps(document).encode()

    mount(client, responder)
    if cursor:
        services.store.set_cursor(CURSOR, cursor)
    told: list[str] = []
    with caplog.at_level("WARNING", logger="assistant.sources.x"):
        mentions = XMentions(client, services.store, user_id=OWN_ID, warn=told.append).fetch()
    assert len(mentions) == 8 * per_page
    if warned:
        assert len(told) == 1 and "may have been missed" in told[0] and "800 new mentions" in told[0] and cursor in told[0]
        assert told[0] in caplog.text
    else:
        assert told == [] and "may have been missed" not in caplog.text


def test_the_missed_mentions_warning_reaches_the_inbox_channel_and_a_slack_failure_does_not_stop_polling(
    x_settings: Settings, services: Services, slack_api: Any
) -> None:
    client = make_x_client(x_settings)
    mount(client, _hundred_per_page)
    services.store.set_cursor(CURSOR, "5000")
    from assistant.slack.app import build_app

    build_app(services)  # connects the inbox, as `run` does
    XMentions(client, services.store, user_id=OWN_ID, warn=services.inbox.announce).fetch()
    [call] = [call for call in slack_api.calls if call.method == "chat.postMessage"]
    assert call.args["channel"] == x_settings.slack_inbox_channel and "may have been missed" in call.args["text"]

    def broken(message: str) -> None:
        raise RuntimeError("slack is down")

    assert len(XMentions(client, services.store, user_id=OWN_ID, warn=broken).fetch()) == 800


def test_with_a_bearer_token_alone_the_account_is_found_by_its_handle(x_settings: Settings, services: Services) -> None:
    bearer = x_settings.model_copy(update={"x_api_key": "", "x_api_secret": "", "x_access_token": "", "x_access_token_secret": "", "x_bearer_token": "AAAA"})
    client = make_x_client(bearer)

    def responder(request: requests.PreparedRequest) -> Any:
        if "/2/users/by/username/NimbusHome" in (request.url or ""):
            return json_body({"data": {"id": "900", "username": "NimbusHome", "name": "Nimbus"}})
        assert "/2/users/900/mentions" in (request.url or "")
        return page([{"id": "31", "text": "where is my order?", "author_id": "1"}])

    transport = mount(client, responder)
    assert XMentions(client, services.store, username="NimbusHome").poll(services.pipeline) == 1
    assert all(r.headers["Authorization"] == "Bearer AAAA" for r in transport.requests)
    with pytest.raises(ValueError, match="put the brand's X handle in OWN_HANDLES"):
        XMentions(client, services.store).own_id()


def _snowflake_at(when: datetime) -> str:
    return str((int(when.timestamp() * 1000) - 1288834974657) << 22)


@pytest.mark.parametrize("ahead", [timedelta(minutes=11), timedelta(days=365 * 30), None])
def test_a_mention_whose_id_lies_in_the_future_is_kept_aside_and_never_becomes_since_id(
    x_settings: Settings, services: Services, ahead: timedelta | None
) -> None:
    now = datetime.now(UTC)
    real = _snowflake_at(now - timedelta(minutes=1))
    future = str(2**63 - 1) if ahead is None else _snowflake_at(now + ahead)
    client = make_x_client(x_settings)
    tweets = [
        {"id": real, "text": "@NimbusHome where is my order?", "author_id": "1"},
        {"id": future, "text": "@NimbusHome hello from the future", "author_id": "2"},
    ]
    mount(client, lambda request: page(tweets))
    XMentions(client, services.store, user_id=OWN_ID).poll(services.pipeline)
    assert services.store.get_cursor(CURSOR) == real, "the cursor moved only to the sane position"
    assert [t.post.external_id for t in services.store.list()] == [real]
    assert any("future" in item.reason for item in services.store.rejected())


def test_a_mention_within_the_clock_skew_is_taken(x_settings: Settings, services: Services) -> None:
    soon = _snowflake_at(datetime.now(UTC) + timedelta(minutes=9))
    client = make_x_client(x_settings)
    mount(client, lambda request: page([{"id": soon, "text": "@NimbusHome where is my order?", "author_id": "1"}]))
    XMentions(client, services.store, user_id=OWN_ID).poll(services.pipeline)
    assert services.store.get_cursor(CURSOR) == soon


def test_a_stored_since_id_in_the_future_is_not_believed(x_settings: Settings, services: Services) -> None:
    services.store.set_cursor(CURSOR, _snowflake_at(datetime.now(UTC) + timedelta(days=400)))
    client = make_x_client(x_settings)
    transport = mount(client, lambda request: page([{"id": "12", "text": "@NimbusHome where is my order?", "author_id": "1"}]))
    XMentions(client, services.store, user_id=OWN_ID).poll(services.pipeline)
    assert "since_id" not in transport.requests[-1].url and services.store.get_cursor(CURSOR) == "12"


_REFERRED = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.lists(
        st.one_of(
            st.none(),
            st.integers(),
            st.fixed_dictionaries({"id": st.sampled_from(["500", "501", 500, None, "x"]), "text": st.one_of(st.text(max_size=300), st.integers(), st.none())}),
        ),
        max_size=4,
    ),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(referred=_REFERRED)
@example(referred=[{"id": "500", "text": "Which kettle is it? &amp; when did you buy it?"}])
@example(referred=[None, 7, {"id": "501", "text": "another"}, {"id": 500, "text": "Which kettle?"}, {"id": "x", "text": None}])
def test_any_referenced_tweets_leave_the_mention_read_and_quote_only_a_text(x_settings: Settings, services: Services, referred: Any) -> None:
    """X's `includes.tweets`, as a flaky or hostile server may send it: missing, not a list, items
    that aren't objects, ids and texts of the wrong type. The mention is read all the same, and
    what it replies to is quoted only when that tweet's text is text."""
    client = make_x_client(x_settings)
    mention = {"id": "30", "text": "@NimbusHome it's the Smart Kettle 2", "author_id": "1", "referenced_tweets": [{"type": "replied_to", "id": "500"}]}
    _, _, body = page([mention])
    document = json.loads(body)
    document["includes"]["tweets"] = referred
    mount(client, lambda request: json_body(document))
    [item] = XMentions(client, services.store, user_id=OWN_ID).fetch()
    assert item.post is not None and item.post.text == "@NimbusHome it's the Smart Kettle 2" and item.post.in_reply_to_id == "500"
    texts = (
        [t["text"] for t in referred if isinstance(t, dict) and t.get("id") in ("500", 500) and isinstance(t.get("text"), str)]
        if isinstance(referred, list)
        else []
    )
    assert item.post.in_reply_to_text == (html.unescape(texts[-1]) if texts else "")
