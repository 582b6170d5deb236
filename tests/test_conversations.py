"""A ticket is a conversation: messages join it, our replies are part of it, the second draft knows
the first, and the numbers count responses per interaction. Through the real tweepy client (a
transport adapter on its session), the real Bolt app and a fake Slack Web API on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlparse

import pytest
import requests

from assistant.config import Settings
from assistant.services import Services, build_services
from assistant.slack import constants as c
from assistant.sources.x import XMentions
from assistant.store import TicketState
from assistant.xclient import make_x_client
from tests.conftest import INBOX, SlackHarness, make_post, wait_until
from tests.fakes.slack_api import FakeSlackAPI
from tests.test_x import OWN_ID, mount, page

CUSTOMER = {"id": "42", "username": "sam_k", "name": "Sam", "public_metrics": {"followers_count": 250}}
US = {"id": OWN_ID, "username": "NimbusHome", "name": "Nimbus Home", "public_metrics": {"followers_count": 90000}}


class FakeX:
    """X's API as tweepy meets it: mention pages we script, and the posts we create (ids from 2001)."""

    def __init__(self) -> None:
        self.pages: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
        self.created: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def __call__(self, request: requests.PreparedRequest) -> Any:
        path = urlparse(request.url or "").path
        if request.method == "POST" and path.endswith("/2/tweets"):
            with self.lock:
                body = json.loads(request.body or b"{}")
                new_id = str(2001 + len(self.created))
                self.created.append({"id": new_id, **body})
            return 201, {"content-type": "application/json"}, json.dumps({"data": {"id": new_id, "text": body["text"]}}).encode()
        if request.method == "GET" and "/mentions" in path:
            tweets, users = self.pages.pop(0) if self.pages else ([], [])
            return page(tweets, users)
        return 404, {"content-type": "application/json"}, b'{"title":"Not Found"}'


def tweet(tweet_id: str, text: str, author: str = "42", replied_to: str = "", conversation: str = "1001", minute: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": tweet_id,
        "text": text,
        "author_id": author,
        "conversation_id": conversation,
        "created_at": (datetime.now(timezone.utc) - timedelta(minutes=30 - minute)).isoformat().replace("+00:00", "Z"),
    }
    if replied_to:
        data["referenced_tweets"] = [{"type": "replied_to", "id": replied_to}]
    return data


@pytest.fixture
def x_world(settings: Settings, slack_api: FakeSlackAPI) -> Iterator[tuple[Services, SlackHarness, FakeX, XMentions]]:
    x_settings = settings.model_copy(update={"x_api_key": "ck", "x_api_secret": "cs", "x_access_token": "at", "x_access_token_secret": "ats"})
    client = make_x_client(x_settings)
    fake = FakeX()
    mount(client, fake)
    services = build_services(x_settings, x_client=client)
    services.knowledge.sync()
    harness = SlackHarness(services, slack_api)
    yield services, harness, fake, XMentions(client, services.store, user_id=OWN_ID, user_auth=True)
    harness.close()
    services.store.close()


def cards(api: FakeSlackAPI) -> list[dict[str, Any]]:
    return [m for m in api.of("chat.postMessage") if m["channel"] == INBOX and not m.get("thread_ts")]


def test_a_four_message_conversation_on_x_is_one_ticket_one_card_and_two_responses(x_world: Any) -> None:
    services, slack, x, mentions = x_world
    store = services.store
    # 1. The customer mentions us.
    x.pages.append(([tweet("1001", "@NimbusHome How do I reset my password? The app won't let me in")], [CUSTOMER]))
    mentions.poll(services.pipeline)
    [ticket] = store.list()
    first_draft = ticket.draft
    assert "reset-password" in [c_["article_id"] for c_ in first_draft.citations]
    [card] = cards(slack.api)
    # 2. Our reply, approved in Slack, posted on X in reply to the mention.
    slack.click(c.APPROVE, str(ticket.id), ts=ticket.card_ts)
    wait_until(lambda: store.get(ticket.id).state == TicketState.SENT)
    assert x.created[0]["reply"] == {"in_reply_to_tweet_id": "1001"}
    # 3. The customer answers our reply; the feed also brings our own reply back.
    x.pages.append(
        (
            [
                tweet("2001", x.created[0]["text"], author=OWN_ID, replied_to="1001", minute=5),
                tweet("1002", "@NimbusHome did that, the reset email never arrives. Still locked out", replied_to="2001", minute=9),
            ],
            [CUSTOMER, US],
        )
    )
    mentions.poll(services.pipeline)
    assert [t.id for t in store.list()] == [ticket.id], "one ticket: the answer joined it, our own post opened none"
    again = store.get(ticket.id)
    assert again.state == TicketState.AWAITING_REVIEW and again.round == 2
    second = again.draft
    assert second.round == 2 and second.text != first_draft.text
    assert "reset-password" not in [c_["article_id"] for c_ in second.citations], "the answer already sent is not repeated"
    assert any("already sent" in flag or "same problem" in flag for flag in second.flags)
    # The one card was redrawn in place with the whole conversation; the owner was told in its thread.
    assert cards(slack.api) == [card]
    redrawn = wait_until(lambda: [u for u in slack.api.of("chat.update") if u["ts"] == ticket.card_ts and "Conversation so far" in json.dumps(u["blocks"])])[-1]
    shown = json.dumps(redrawn["blocks"], ensure_ascii=False)
    assert shown.index("How do I reset my password") < shown.index("We replied") < shown.index("reset email never arrives")
    told = wait_until(lambda: [m for m in slack.api.of("chat.postMessage") if m.get("thread_ts") == ticket.card_ts and "wrote again" in m["text"]])
    assert "<@UAGENT1>" in told[0]["text"], "the agent who answered owns the conversation"
    # 4. Our second reply answers the customer's latest post.
    slack.click(c.APPROVE, str(ticket.id), ts=ticket.card_ts)
    wait_until(lambda: store.get(ticket.id).state == TicketState.SENT and len(x.created) == 2)
    assert x.created[1]["reply"] == {"in_reply_to_tweet_id": "1002"} and x.created[1]["text"] == second.text
    final = store.get(ticket.id)
    assert [p.external_id for p in final.replies] == ["2001", "2002"]
    kinds = [e.kind for e in final.events]
    assert kinds.count("message") == 1 and kinds.count("reopened") == 1 and kinds.count("posted") == 2
    from assistant.metrics import report

    numbers = report(store, timedelta(days=7), until=datetime.now(timezone.utc) + timedelta(seconds=1))
    assert numbers["interactions"] == 1 and numbers["responses_per_interaction"] == 2.0 and numbers["resolved_in_one_reply"] == 0.0
