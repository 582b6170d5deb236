"""A ticket is a conversation: messages join it, our replies are part of it, the second draft knows
the first, and the numbers count responses per interaction. Through the real tweepy client (a
transport adapter on its session), the real Bolt app and a fake Slack Web API on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.clients.x import make_x_client
from assistant.config import Settings
from assistant.services import Services, build_services
from assistant.slack import constants as c
from assistant.sources.x import XMentions
from assistant.store import TicketState
from tests.conftest import (
    INBOX,
    Clock,
    SlackHarness,
    empty_database,
    examples,
    make_post,
    postgres_url,
    wait_until,
)
from tests.fakes.slack_api import FakeSlackAPI
from tests.test_x import OWN_ID, mount, page

CUSTOMER = {"id": "42", "username": "sam_k", "name": "Sam", "public_metrics": {"followers_count": 250}}
US = {"id": OWN_ID, "username": "NimbusHome", "name": "Nimbus Home", "public_metrics": {"followers_count": 90000}}


class FakeX:
    """X's API as tweepy meets it: mention pages we script, and the posts we create (ids from 2001)."""

    def __init__(self) -> None:
        self.pages: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
        self.created: list[dict[str, Any]] = []
        self.elsewhere: dict[str, dict[str, Any]] = {}  # tweets on X no mention page holds, by id: what a mention may reply to
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
            status, headers, body = page(tweets, users)
            # As X does: the tweets the mentions reply to come in `includes.tweets` only when asked for.
            if "referenced_tweets.id" in parse_qs(urlparse(request.url or "").query).get("expansions", [""])[0].split(","):
                wanted = {ref["id"] for t in tweets for ref in t.get("referenced_tweets", [])}
                document = json.loads(body)
                document["includes"]["tweets"] = [self.elsewhere[i] for i in sorted(wanted) if i in self.elsewhere]
                body = json.dumps(document).encode()
            return status, headers, body
        return 404, {"content-type": "application/json"}, b'{"title":"Not Found"}'


def tweet(tweet_id: str, text: str, author: str = "42", replied_to: str = "", conversation: str = "1001", minute: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": tweet_id,
        "text": text,
        "author_id": author,
        "conversation_id": conversation,
        "created_at": (datetime.now(UTC) - timedelta(minutes=30 - minute)).isoformat().replace("+00:00", "Z"),
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
    from tests.test_cli import run_cli

    result = run_cli("report", "--since", "7d", "--json", env={"DATA_DIR": str(services.settings.data_dir)})
    assert result.returncode == 0, result.stderr
    numbers = json.loads(result.stdout)
    assert numbers["interactions"] == 1 and numbers["responses_per_interaction"] == 2.0 and numbers["resolved_in_one_reply"] == 0.0
    assert numbers["agents"]["UAGENT1"]["replies"] == 2


def test_an_sla_warning_and_a_follow_up_fire_once_at_their_time_after_a_restart(settings: Settings, slack_api: FakeSlackAPI) -> None:
    from slack_sdk import WebClient

    from assistant.scheduler import Scheduler
    from assistant.slack.inbox import SlackInbox

    start = datetime.now(UTC).replace(microsecond=0)
    clock = Clock(start)
    before = build_services(settings, clock=clock)
    before.knowledge.sync()
    before.attach_inbox(SlackInbox(WebClient(token="xoxb-test", base_url=slack_api.url + "/"), before.store, INBOX, "CESC"))
    ticket_id = before.pipeline.ingest(make_post("501", "How do I reset my password? The app won't let me in")).ticket_id
    ticket = before.store.get(ticket_id)
    assert ticket.priority == "normal" and ticket.waiting_since is not None
    before.desk.follow_up(ticket_id, "UAGENT1", "1h")
    before.store.close()  # the bot stops; nothing fired yet

    after = build_services(settings, clock=clock)
    inbox = SlackInbox(WebClient(token="xoxb-test", base_url=slack_api.url + "/"), after.store, INBOX, "CESC")
    scheduler = Scheduler(after.store, inbox)
    thread = lambda: [m["text"] for m in slack_api.of("chat.postMessage") if m.get("thread_ts")]  # noqa: E731

    clock.now = start + timedelta(minutes=59, seconds=59)
    assert scheduler.tick() == 0 and thread() == []
    clock.now = start + timedelta(hours=1)
    assert scheduler.tick() == 1
    [reminder] = thread()
    assert "Follow-up due on ticket" in reminder and "<@UAGENT1>" in reminder, "the reminder is for the one who set it"
    # Normal priority: 4 h to the first reply, warned at 75 % = 3 h.
    clock.now = start + timedelta(hours=2, minutes=59, seconds=59)
    assert scheduler.tick() == 0
    clock.now = start + timedelta(hours=3)
    assert scheduler.tick() == 1 and scheduler.tick() == 0
    warning = thread()[-1]
    assert "SLA" in warning and "has waited 3h" in warning and "due by" in warning
    assert "<!here>" not in warning, "the thread line pings no one"
    digests = [m["text"] for m in slack_api.of("chat.postMessage") if not m.get("thread_ts") and "<!here>" in m["text"]]
    [digest] = digests
    assert digest.startswith("<!here>") and f"#{ticket_id}" in digest and "SLA due soon" in digest, "nobody owns it yet: the channel's digest names it"
    clock.now = start + timedelta(hours=4)
    assert scheduler.tick() == 1 and "SLA missed" in thread()[-1]
    assert len(thread()) == 3
    kinds = [e.kind for e in after.store.get(ticket_id).events]
    assert kinds.count("follow_up_reminder") == 1 and kinds.count("sla_warning") == 1 and kinds.count("sla_breached") == 1
    after.store.close()


def test_a_reply_in_time_cancels_the_sla_timers_and_a_promise_sets_a_follow_up(services: Services) -> None:
    from assistant.scheduler import Scheduler

    clock = Clock(datetime.now(UTC))
    services.store.clock = clock
    ticket_id = services.pipeline.ingest(make_post("601")).ticket_id
    services.desk.edit_and_send(
        ticket_id, "UAGENT1", "@sam_k Tap 'Forgot password' on the sign-in screen. We'll get back to you within 2 hours to check it worked."
    )
    timers = services.store.timers(ticket_id)
    assert {t.kind: t.status for t in timers if t.kind.startswith("sla")} == {"sla_warning": "cancelled", "sla_breach": "cancelled"}
    [follow] = [t for t in timers if t.kind == "follow_up"]
    assert follow.status == "pending" and follow.due_at.replace(tzinfo=UTC) - clock.now == timedelta(hours=2)
    clock.now += timedelta(hours=5)
    assert Scheduler(services.store).tick() == 1, "only the follow-up: the SLA was met"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_bot_processes_fire_each_timer_once(backend: str, tmp_path: Any) -> None:
    import time

    from assistant.scheduler import Scheduler
    from assistant.store import Store

    url = f"sqlite:///{tmp_path / 'timers.db'}" if backend == "sqlite" else empty_database(postgres_url("conversations"))
    clock = Clock(datetime.now(UTC))
    one, two = Store(url, clock=clock), Store(url, clock=clock)
    for bot in (one, two):
        bot.join(bot.me)  # two live replicas: neither takes the other's reminders over
    ids = [one.add_post(make_post(str(700 + n)).cleaned())[0] for n in range(20)]
    for ticket_id in ids:
        one.follow_up(ticket_id, clock.now + timedelta(minutes=5), actor="UAGENT1")

    class SlowThread:
        """The card's thread at Slack's pace (120 ms a call), recording what each bot said."""

        def __init__(self) -> None:
            self.said: list[int] = []

        def tell_owner(self, ticket_id: int, text: str, person: str = "", *, key: str = "") -> str:
            time.sleep(0.12)
            self.said.append(ticket_id)
            return ""

        def refresh(self, ticket_id: int) -> None:
            pass

    inboxes = [SlowThread(), SlowThread()]
    bots = [Scheduler(one, inboxes[0]), Scheduler(two, inboxes[1])]
    clock.now += timedelta(minutes=5)
    for bot in (one, two):
        bot.beat(bot.me)  # both alive through those minutes, as their heartbeat threads keep them
    threads = [threading.Thread(target=bot.tick) for bot in bots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    said = inboxes[0].said + inboxes[1].said
    assert sorted(said) == sorted(ids), "every reminder once, across both processes"
    assert all(bot.tick() == 0 for bot in bots)
    assert len([t for t in one.timers(status="fired")]) == 20
    one.close()
    two.close()


def test_the_home_tab_gives_managers_decisions_slas_follow_ups_and_numbers_and_agents_their_own(slack: SlackHarness) -> None:
    services, store, desk = slack.services, slack.services.store, slack.services.desk
    desk.is_manager = lambda user: user == "UBOSS"
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6)
    clock = Clock(start)
    store.clock = clock
    escalated = services.pipeline.ingest(make_post("801", author="ann")).ticket_id
    desk.escalate(escalated, "UAGENT2", "wants a refund over the limit")
    late = services.pipeline.ingest(make_post("802", author="bob")).ticket_id
    answered = services.pipeline.ingest(make_post("803", author="cy")).ticket_id
    clock.now = start + timedelta(minutes=10)
    desk.approve(answered, "UAGENT1")
    clock.now = start + timedelta(hours=1, minutes=50)
    at_risk = services.pipeline.ingest(make_post("804", author="di")).ticket_id
    desk.claim(at_risk, "UAGENT1")
    clock.now = start + timedelta(hours=5)
    desk.follow_up(late, "UAGENT1", "30m", "promised a call back")

    def home_of(user: str, event_id: str) -> str:
        before = len(slack.api.of("views.publish"))
        slack.event({"type": "app_home_opened", "user": user, "tab": "home"}, event_id=event_id)
        published = wait_until(lambda: slack.api.of("views.publish")[before:])[0]
        assert published["user_id"] == user
        return json.dumps(published["view"]["blocks"], ensure_ascii=False)

    manager = home_of("UBOSS", "EvHome1")
    escalations = manager[manager.index("Escalations waiting") : manager.index("SLA breached")]
    assert f"#{escalated}" in escalations and "wants a refund over the limit" in escalations and "<@UAGENT2>" in escalations and "5h ago" in escalations
    breached = manager[manager.index("SLA breached") : manager.index("About to breach")]
    assert f"#{late}" in breached and f"#{escalated}" in breached and "late by 1h" in breached
    risky = manager[manager.index("About to breach") : manager.index("Follow-ups due")]
    assert f"#{at_risk}" in risky and "50m left" in risky and f"#{late}" not in risky
    follow = manager[manager.index("Follow-ups due") : manager.index("Last 7 days")]
    assert f"#{late}" in follow and "promised a call back" in follow and "due in 30m" in follow
    assert (
        "Responses per interaction: 1.0" in manager
        and "First response, from when the customer wrote: median 10.0 min" in manager
        and "<@UAGENT1>: 1 replies (1 as drafted, 0 edited, 0 rewritten)" in manager
    )
    agent = home_of("UAGENT1", "EvHome2")
    assert "Your conversations" in agent and f"#{at_risk}" in agent and "Escalations waiting" not in agent
    assert "You: 1 replies" in agent and "UAGENT2" not in agent, "an agent sees their own numbers, not everyone's"


def test_a_follow_up_is_set_from_the_card_and_a_bad_time_is_refused_on_the_form(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post("901")).ticket_id
    slack.click(c.FOLLOW_UP, str(ticket_id))
    [opened] = wait_until(lambda: slack.api.of("views.open"))
    assert opened["view"]["callback_id"] == c.FOLLOW_UP_VIEW
    slack.submit(c.FOLLOW_UP_VIEW, str(ticket_id), {c.REASON_BLOCK: {c.REASON_INPUT: "yesterday"}})
    refused = slack.modal_result()
    assert "not a time" in json.dumps(refused["blocks"]) and refused["callback_id"] == c.FOLLOW_UP_VIEW, "the form comes back with the reason"
    slack.submit(c.FOLLOW_UP_VIEW, str(ticket_id), {c.REASON_BLOCK: {c.REASON_INPUT: "2h"}})
    assert "Follow-up set" in json.dumps(slack.modal_result(count=2)["blocks"])
    [timer] = [t for t in slack.services.store.timers(ticket_id) if t.kind == "follow_up"]
    assert timer.created_by == "UAGENT1" and timer.status == "pending"
    wait_until(lambda: any(":alarm_clock: Follow up" in json.dumps(u["blocks"]) for u in slack.api.of("chat.update")))


def test_messages_join_open_tickets_reopen_recent_ones_and_link_old_ones(services: Services) -> None:
    clock = Clock(datetime.now(UTC))
    services.store.clock = clock
    pipeline, store = services.pipeline, services.store
    first = pipeline.ingest(make_post("1", conversation_id="1")).ticket_id
    joined = pipeline.ingest(make_post("2", "hello?? anyone there", conversation_id="1"))
    assert (joined.ticket_id, joined.how) == (first, "joined")
    other = pipeline.ingest(make_post("3", "same problem here", author="someone_else", conversation_id="1"))
    assert other.how == "opened", "another customer in the same thread is their own conversation"
    services.desk.approve(first, "UAGENT1")
    clock.now += timedelta(hours=71, minutes=59)
    reopened = pipeline.ingest(make_post("4", "thanks, that worked!", conversation_id="1"))
    assert (reopened.ticket_id, reopened.how) == (first, "reopened") and store.get(first).round == 2
    services.desk.dismiss(first, "UAGENT1", "thanks only")
    clock.now += timedelta(hours=72, seconds=1)
    linked = pipeline.ingest(make_post("5", "it's broken again", conversation_id="1"))
    assert linked.how == "opened" and linked.ticket_id != first and store.get(linked.ticket_id).previous_ticket_id == first
    again = pipeline.ingest(make_post("6", "still broken", conversation_id="1"))
    assert again.ticket_id == linked.ticket_id, "later messages join the newest ticket of the chain"
    assert pipeline.ingest(make_post("6", "still broken", conversation_id="1")).how == "duplicate"
    assert store.earlier_tickets(linked.ticket_id)[0].id == first


def test_a_message_that_arrives_while_our_reply_is_sent_reopens_the_ticket_at_once(services: Services) -> None:
    store = services.store
    ticket_id = services.pipeline.ingest(make_post("11", conversation_id="11")).ticket_id
    store.begin_publication(ticket_id, actor="UAGENT1", text=store.get(ticket_id).draft.text)
    assert services.pipeline.ingest(make_post("12", "also my app crashes", conversation_id="11")).how == "joined"
    store.finish_publication(ticket_id, status="dry_run", external_id="r1", actor="UAGENT1")
    ticket = store.get(ticket_id)
    assert ticket.state == TicketState.NEW and ticket.round == 2, "the customer's newer message is not left unanswered"
    assert services.pipeline.draft_pending() == 1 and store.get(ticket_id).state == TicketState.AWAITING_REVIEW


def test_the_card_shows_the_customers_earlier_tickets_and_slash_ticket_lists_the_conversation(slack: SlackHarness) -> None:
    services = slack.services
    old = services.pipeline.ingest(make_post("e1", "my card was charged twice for one order", author="repeat_cust")).ticket_id
    services.desk.dismiss(old, "UAGENT1", "duplicate of an email case")
    services.pipeline.ingest(make_post("e2", "where is my order??", author="someone_new"))
    new = services.pipeline.ingest(make_post("e3", "How do I reset my password? The app won't let me in", author="repeat_cust", conversation_id="e3")).ticket_id
    services.pipeline.ingest(make_post("e4", "also the app logs me out every day", author="repeat_cust", conversation_id="e3"))
    card = wait_until(lambda: [u for u in slack.api.of("chat.update") if u["ts"] == services.store.get(new).card_ts])[-1]
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    assert f"Earlier tickets from this customer: *1* (last: #{old}, complaint" in shown and "Dismissed" in shown
    assert "Conversation so far" in shown and "also the app logs me out every day" in shown
    answer = slack.answer(f"ticket {new}")
    assert "2 messages" in answer and "How do I reset my password" in answer and "logs me out" in answer


# Generated arrivals: whatever order posts come in, every customer post belongs to exactly one
# ticket, a ticket's posts are all its opener's author's, our own posts never open one, and a
# post seen again changes nothing.
AUTHORS = ["ann", "bob", "cy"]
arrival_steps = st.lists(st.tuples(st.sampled_from(AUTHORS + ["us"]), st.integers(0, 3), st.integers(-1, 30), st.booleans()), min_size=1, max_size=25)


@given(arrival_steps)
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_arrivals_keep_one_ticket_per_conversation_and_author(tmp_path_factory: Any, steps: list[tuple[str, int, int, bool]]) -> None:
    from assistant.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('arrivals') / 't.db'}")
    seen: dict[str, tuple[Any, bool, int | None]] = {}  # post id → (post, ours, its ticket)
    for number, (author, thread, reply_to, repeat) in enumerate(steps):
        if repeat and seen:  # the same post delivered again (a retried poll, a replayed file)
            post, ours, ticket_id = seen[sorted(seen)[number % len(seen)]]
            came = store.arrive(post, ours=ours)
            if ours and ticket_id is None:  # not stored the first time: recorded now if its conversation has a ticket
                assert came.how in ("ours", "joined", "duplicate") and not came.created
                seen[post.external_id] = (post, ours, came.ticket_id)
            else:
                assert came.how == "duplicate" and came.ticket_id == ticket_id
            continue
        parent = str(reply_to) if 0 <= reply_to < number else ""
        ours = author == "us"
        post = make_post(
            str(number), f"message {number}", author="NimbusHome" if ours else author, conversation_id=f"t{thread}", in_reply_to_id=parent
        ).cleaned()
        came = store.arrive(post, ours=ours)
        assert not ours or (came.how in ("ours", "joined") and not came.created), "our own post never opens a ticket"
        seen[str(number)] = (post, ours, came.ticket_id)
    tickets = store.list()
    for ticket in tickets:
        posts = [row for row in ticket.messages if not row.ours]
        assert posts and {row.author_handle for row in posts} == {ticket.post.author_handle}
    customer_posts = [row.external_id for ticket in tickets for row in ticket.messages if not row.ours]
    assert len(customer_posts) == len(set(customer_posts)), "a post is in one ticket only"
    store.close()


def test_a_message_joining_an_unanswered_ticket_redrafts_it_unless_an_agent_wrote_the_draft(services: Services) -> None:
    store, pipeline = services.store, services.pipeline
    ticket_id = pipeline.ingest(make_post("r1", "hi, quick question about my account", conversation_id="r1")).ticket_id
    before = store.get(ticket_id)
    assert pipeline.ingest(make_post("r2", "how do I reset my password? the app won't let me in", conversation_id="r1")).how == "joined"
    after = store.get(ticket_id)
    assert len(after.drafts) == len(before.drafts) + 1 and after.draft.author == "system" and after.state == TicketState.AWAITING_REVIEW
    assert "reset-password" in [c_["article_id"] for c_ in after.draft.citations], "the new draft answers what the customer added"
    assert after.version > before.version, "a card drawn before the message can't approve the old draft"
    store.add_draft(ticket_id, text="@sam_k Let me check that for you.", citations=[], drafter="agent", author="UAGENT1")
    pipeline.ingest(make_post("r3", "also the app logs me out every day", conversation_id="r1"))
    assert store.get(ticket_id).draft.author == "UAGENT1", "an agent's own draft is never replaced"


def test_a_reply_posted_outside_the_app_ends_the_wait_and_the_card_warns_before_a_second_one(slack: SlackHarness) -> None:
    services = slack.services
    ticket_id = services.pipeline.ingest(make_post("o1", conversation_id="o1")).ticket_id
    assert services.store.get(ticket_id).waiting_since is not None
    came = services.pipeline.ingest(
        make_post("o2", "@sam_k Tap Forgot password on the sign-in screen.", author="NimbusHome", conversation_id="o1", in_reply_to_id="o1"), ours=True
    )
    assert (came.ticket_id, came.how) == (ticket_id, "ours")
    ticket = services.store.get(ticket_id)
    assert ticket.waiting_since is None and ticket.state == TicketState.AWAITING_REVIEW
    assert {t.status for t in services.store.timers(ticket_id) if t.kind.startswith("sla")} == {"cancelled"}, "no SLA warning for an answered customer"
    card = wait_until(lambda: [u for u in slack.api.of("chat.update") if "Already answered outside this app" in json.dumps(u["blocks"])])[-1]
    assert "posted outside this app" in json.dumps(card["blocks"])


def test_an_sla_warning_mentions_the_agent_who_claimed_the_ticket(slack: SlackHarness) -> None:
    from assistant.scheduler import Scheduler

    services = slack.services
    clock = Clock(datetime.now(UTC))
    services.store.clock = clock
    ticket_id = services.pipeline.ingest(make_post("w1")).ticket_id
    services.desk.claim(ticket_id, "UAGENT7")
    clock.now += timedelta(hours=3)  # normal: warned at 75 % of 4 h
    assert Scheduler(services.store, services.inbox).tick() == 1
    card_ts = services.store.get(ticket_id).card_ts
    [warning] = [m["text"] for m in slack.api.of("chat.postMessage") if m.get("thread_ts") == card_ts and "SLA" in m["text"]]
    assert warning.startswith("<@UAGENT7>") and "<!here>" not in warning


def test_a_mention_replying_to_a_post_we_never_saw_is_read_beside_it(x_world: Any) -> None:
    """A mention that replies to a post this tool never saw (our reply from before it was
    installed, another customer's post) may only make sense beside it: with nothing asked of its
    own it gets no article, and every card of such a conversation names the post to read, until
    we have replied ourselves."""
    services, slack, x, mentions = x_world
    store = services.store
    # Our reply from before the tool was installed, which X sends beside the mention that answers it.
    x.elsewhere["999"] = {
        "id": "999",
        "text": "@sam_k Sorry to hear that! Which kettle is it, and which firmware? &amp; when did you buy it? <!here>",
        "author_id": OWN_ID,
    }
    x.pages.append(
        (
            [
                tweet("3001", "@NimbusHome It's the Smart Kettle 2, bought in March, firmware 4.1", replied_to="999", conversation="999"),
                tweet("3002", "@NimbusHome my kettle won't heat up at all, what do I do?", author="43", replied_to="998", conversation="998", minute=1),
                tweet("3003", "@NimbusHome It's the Smart Kettle 2, bought in March, firmware 4.1", author="44", conversation="3003", minute=2),
            ],
            [CUSTOMER, {**CUSTOMER, "id": "43", "username": "ann_b"}, {**CUSTOMER, "id": "44", "username": "lee_c"}],
        )
    )
    mentions.poll(services.pipeline)
    by_post = {t.post.external_id: store.get(t.id) for t in store.list()}
    context, asks, alone = by_post["3001"], by_post["3002"], by_post["3003"]
    assert context.intent == "answer" and context.draft.text == "" and context.draft.citations == []
    [seen] = [flag for flag in context.draft.flags if "x post 999" in flag]
    assert "“@sam_k Sorry to hear that! Which kettle is it, and which firmware? & when did you buy it? <!here>”" in seen, "what it answers"
    assert "kettle-not-heating" in [c_["article_id"] for c_ in asks.draft.citations], "a need of its own is answered"
    [unknown] = [flag for flag in asks.draft.flags if "x post 998" in flag]
    assert "“" not in unknown, "a post X didn't send is named by its id alone"
    card = json.dumps([m["blocks"] for m in cards(slack.api) if str(context.id) in json.dumps(m["blocks"])])
    assert "Which kettle is it" in card and "<!here>" not in card, "shown to the agent, as text: it pings no one"
    assert alone.intent != "answer" and not any("doesn't hold" in flag for flag in alone.draft.flags), "the same words opening a conversation"
    # Once we have replied, the conversation is one we hold: the customer's next message is read as such.
    slack.click(c.APPROVE, str(asks.id), ts=asks.card_ts)
    wait_until(lambda: store.get(asks.id).state == TicketState.SENT)
    x.pages.append(
        (
            [tweet("3004", "@NimbusHome It's the Smart Kettle 2, bought in March", author="43", replied_to=x.created[0]["id"], conversation="998", minute=9)],
            [{**CUSTOMER, "id": "43", "username": "ann_b"}],
        )
    )
    mentions.poll(services.pipeline)
    again = store.get(asks.id)
    assert again.round == 2 and again.intent != "answer" and not any("doesn't hold" in flag for flag in again.draft.flags), again.draft.flags
