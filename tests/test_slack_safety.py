"""Nothing a customer writes can ping, link or impersonate, and nothing we send breaks Block Kit's
limits: generated hostile and extreme tickets through every renderer, and hostile posts through the
whole Slack flow with every payload the fake Web API received scanned."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.people import person
from assistant.platforms import platform
from assistant.slack import constants as c
from assistant.slack.cards import (
    card_text,
    escalation_message,
    escalation_text,
    post_is_cut,
    ticket_card,
)
from assistant.slack.modals import edit_modal, full_post_view, reason_modal
from assistant.slack.text import say
from assistant.store import TicketState
from assistant.store.models import Draft, Event, PostRow, Publication, Ticket
from tests.conftest import (
    ESCALATIONS,
    SlackHarness,
    examples,
    make_post,
    outbox_lines,
    run_env,
    wait_until,
)
from tests.fakes.slack_api import MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS, blocks_problem

HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0ADMIN>",
    "<@U0ADMIN|admin>",
    "<#C0GENERAL>",
    "<!subteam^S123|@team>",
    "<https://evil.example|your refund>",
    "<https://evil.example>",
    "<mailto:a@evil.example|mail>",
    "<!date^1392734382^{date}|x>",
    "&lt;!channel&gt;",
    "&amp;",
    "&",
    "<",
    ">",
    "|",
    "*bold*",
    "\n> quoted",
    "\n*Draft reply* (agent) · Approve me",
    "```",
    "&#60;!here&#62;",
    "<",
    "<<!channel>>",
    "<http://evil.example|x>",
    "@here",
    "@channel",
]
AGENTS = {"UAGENT1", "UAGENT2", "UMANAGER"}
# What an input holds for editing (the exact text to post) and ids: Slack renders none of these.
UNRENDERED = {"initial_value", "value", "private_metadata", "action_id", "block_id", "callback_id", "trigger_id", "view_id", "ts", "channel", "user", "user_id"}
OUR_HOSTS = ("https://x.com/", "https://test.slack.com/", "https://help.nimbushome.example.com/")


def hazards(payload: Any, people: set[str] = AGENTS) -> list[str]:
    """Every `<…>` Slack would act on in any string of the payload, unless it is ours: a mention of
    an agent we named, or a link to one of our hosts with nothing that could relabel it."""
    found: list[str] = []
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in UNRENDERED:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(payload)
    for text in strings:
        for inner in re.findall(r"<([^>]*)>?", text):
            target = inner.split("|", 1)[0]
            if target.startswith("@") and target[1:] in people:
                continue
            if target.startswith(OUR_HOSTS) and not re.search(r"[\s<]", target) and "evil" not in target:
                continue
            if re.fullmatch(r"!date\^\d{1,12}\^\{date_short_pretty\} \{time\}", target) and re.fullmatch(r"[^|]*\|\d{4}-\d\d-\d\d \d\d:\d\d UTC", inner):
                continue  # a time we format (each reader sees their own zone), with its fallback
            found.append(f"<{inner[:80]}> in {text[:120]!r}")
    return found


def cut_entities(blocks: list[dict[str, Any]]) -> list[str]:
    """mrkdwn texts holding an `&` that doesn't start a whole entity: a piece was cut inside one."""
    texts = [b["text"]["text"] for b in blocks if isinstance(b.get("text"), dict) and b["text"].get("type") == "mrkdwn"]
    texts += [e["text"] for b in blocks for e in b.get("elements", []) if isinstance(e, dict) and e.get("type") == "mrkdwn"]
    return [t[:80] for t in texts if re.search(r"&(?!amp;|lt;|gt;)", t)]


def transient_ticket(
    text: str,
    *,
    handle: str = "sam_k",
    name: str = "",
    url: str = "",
    draft: str = "Hello",
    dm: str = "",
    problems: int = 0,
    citations: int = 1,
    flags: int = 0,
    notes: list[str] | None = None,
    reason: str = "",
    state: str = TicketState.AWAITING_REVIEW,
    claimed_by: str = "",
    platform: str = "x",
    followers: int = 250,
) -> Ticket:
    now = datetime.now(UTC)
    post = PostRow(
        id=1,
        platform=platform,
        external_id="1",
        author_handle=handle,
        author_id="42",
        author_name=name,
        author_followers=followers,
        text=text,
        url=url,
        in_reply_to_id="",
        conversation_id="",
        posted_at=now,
        received_at=now,
    )
    ticket = Ticket(
        id=7,
        post_id=1,
        state=state,
        intent="question",
        sentiment="negative",
        priority="high",
        priority_score=3,
        priority_reasons=[f"reason {n} {text[:50]}" for n in range(3)],
        no_match=False,
        card_channel="CINBOX",
        card_ts="1.1",
        escalation_reason=reason,
        escalation_channel="",
        escalation_ts="",
        last_actor="UAGENT1",
        claimed_by=claimed_by,
        version=3,
        drafting_until=None,
        created_at=now,
        updated_at=now,
    )
    ticket.post = post
    cited = [
        {
            "article_id": f"article-{n}-{text[:20]}",
            "title": f"Title {n} {text[:100]}",
            "url": url if n % 2 else f"https://help.nimbushome.example.com/a{n}",
            "score": 0.8,
        }
        for n in range(citations)
    ]
    ticket.drafts = [
        Draft(
            id=1,
            ticket_id=7,
            text=draft,
            citations=cited,
            drafter="llm:test",
            author="system",
            flags=[f"flag {n}: {text[:300]}" for n in range(flags)],
            model_notes=notes or [],
            dm_text=dm,
            problems=[{"name": f"check {n}", "reason": text[:500]} for n in range(problems)],
            override_by="",
            override_reason="",
            model="",
            latency_ms=0,
            prompt_tokens=0,
            completion_tokens=0,
            created_at=now,
        )
    ]
    ticket.events = [Event(id=1, ticket_id=7, actor="UAGENT1", kind="claimed", at=now, from_state="", to_state="", text="", note="")]
    ticket.publications = (
        []
        if state != TicketState.SEND_FAILED
        else [
            Publication(
                id=1,
                ticket_id=7,
                kind="reply",
                platform=platform,
                in_reply_to_id="1",
                text=draft,
                status="failed",
                external_id="",
                detail=text[:200],
                approved_by="UAGENT1",
                created_at=now,
            )
        ]
    )
    return ticket


hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)), max_size=30).map("".join)
extreme_text = st.one_of(
    hostile_text,
    st.tuples(st.sampled_from(HOSTILE + ["word ", "&", "x" * 100, "\n"]), st.integers(0, 6000)).map(lambda pair: pair[0] * pair[1]),
)


def rendered(ticket: Ticket) -> list[tuple[str, list[dict[str, Any]], int]]:
    """Every message and view we draw for a ticket, as Slack receives them: (what, blocks, limit)."""
    out = [
        ("card", [b.to_dict() for b in ticket_card(ticket)], MAX_MESSAGE_BLOCKS),
        ("escalation", [b.to_dict() for b in escalation_message(ticket, "https://test.slack.com/archives/CINBOX/p1")], MAX_MESSAGE_BLOCKS),
    ]
    for what, view in (
        ("edit modal", edit_modal(ticket, platform(ticket.post.platform))),
        (
            "edit modal, refused",
            edit_modal(
                ticket,
                platform(ticket.post.platform),
                {"reply": ticket.post.text[:3000], "dm": ticket.post.text[:3000], "override": "x"},
                say(ticket.post.text),
            ),
        ),
        ("reason modal", reason_modal(ticket, c.ESCALATE_VIEW, "Escalate", "Why?", "Escalate", typed=ticket.post.text, error=say(ticket.post.text))),
        ("full post", full_post_view(ticket)),
    ):
        data = view.to_dict()
        assert len(data.get("private_metadata", "")) <= 3000
        out.append((what, data["blocks"], MAX_VIEW_BLOCKS))
    return out


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    text=extreme_text,
    handle=hostile_text,
    name=hostile_text,
    draft=extreme_text,
    dm=hostile_text,
    reason=hostile_text,
    problems=st.integers(0, 40),
    citations=st.integers(0, 30),
    flags=st.integers(0, 30),
    url=st.sampled_from(
        ["", "https://x.com/sam/status/1", "https://x.com/a|<!channel>", "https://evil.example/<@U0ADMIN>", "http://x.com/1", "javascript:alert(1)"]
    ),
    state=st.sampled_from(list(TicketState)),
    claimed=st.sampled_from(["", "UAGENT2"]),
)
def test_every_drawing_of_any_ticket_is_within_block_kit_limits_and_pings_no_one(
    text: str, handle: str, name: str, draft: str, dm: str, reason: str, problems: int, citations: int, flags: int, url: str, state: str, claimed: str
) -> None:
    ticket = transient_ticket(
        text,
        handle=handle or "h",
        name=name,
        url=url,
        draft=draft,
        dm=dm,
        problems=problems,
        citations=citations,
        flags=flags,
        notes=[text[:400], "<!channel>"],
        reason=reason,
        state=state,
        claimed_by=claimed,
    )
    for what, blocks, limit in rendered(ticket):
        assert blocks_problem(blocks, limit) == "", f"{what}: {blocks_problem(blocks, limit)}"
        assert hazards(blocks) == [], what
        assert cut_entities(blocks) == [], what
    for top in (card_text(ticket), escalation_text(ticket), say(f"Refused: {text} {person('UAGENT1')}")):
        assert hazards(top) == [] and len(top) < 40_000


def test_a_post_one_character_past_what_a_card_shows_gets_more_and_the_full_post_button() -> None:
    words = "a" * 99 + " "
    fits = words * 30
    while not post_is_cut(fits + "b"):
        fits += "b"
    for text, cut in ((fits, False), (fits + "b", True)):
        card = json.dumps([b.to_dict() for b in ticket_card(transient_ticket(text))], ensure_ascii=False)
        assert ("… more" in card) is cut and (c.SHOW_POST in card) is cut
    full = full_post_view(transient_ticket(fits + "b" * 20_000)).to_dict()
    assert "".join(b["text"]["text"] for b in full["blocks"][1:]).replace("> ", "").replace("\n", "").count("b") >= 20_000


def test_the_approve_and_dismiss_buttons_ask_first_showing_the_reach() -> None:
    card = [b.to_dict() for b in ticket_card(transient_ticket("where is my order", handle="sam_k", followers=52_000))]
    buttons = {e["action_id"]: e for b in card if b["type"] == "actions" for e in b["elements"]}
    assert buttons[c.APPROVE]["confirm"]["text"]["text"] == "Post this reply publicly to @sam_k's 52,000 followers on x?"
    assert "gets no answer" in buttons[c.DISMISS]["confirm"]["text"]["text"]


def hostile_posts(count: int, seed: int = 9) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    posts = []
    for number in range(count):
        text = "How do I reset my password? " + "".join(rng.choice(HOSTILE) + rng.choice([" ", "", "x"]) for _ in range(rng.randint(3, 30)))
        if number % 4 == 0:
            text += " " + "&<!here> " * 900  # long enough to be shortened on the card
        posts.append(
            {
                "external_id": f"h{number}",
                "text": text,
                "author": f"here.channel_{number}",
                "author_name": rng.choice(HOSTILE) * 3,
                "url": rng.choice(["https://x.com/a|<!channel>", "https://x.com/ok/status/1", "https://evil.example/x>y"]),
            }
        )
    return posts


def test_hostile_posts_through_the_whole_flow_ping_link_and_impersonate_nothing(slack: SlackHarness) -> None:
    services = slack.services
    ids = []
    for spec in hostile_posts(12):
        ingested = services.pipeline.ingest(
            make_post(spec["external_id"], spec["text"], author=spec["author"], author_name=spec["author_name"], url=spec["url"])
        )
        ids.append(ingested.ticket_id)
    first, second, third, fourth = ids[:4]
    slack.click(c.CLAIM, str(first), user="UAGENT1")
    wait_until(lambda: services.store.get(first).claimed_by == "UAGENT1")
    slack.click(c.EDIT, str(first), user="UAGENT2")  # refused: claimed
    slack.click(c.APPROVE, str(second), user="UAGENT2")
    slack.click(c.SHOW_POST, str(ids[0]))
    slack.submit(c.ESCALATE_VIEW, str(third), {c.REASON_BLOCK: {c.REASON_INPUT: "Customer wrote <!channel> & <@U0ADMIN> <https://evil.example|refund>"}})
    slack.submit(c.EDIT_VIEW, str(fourth), {c.REPLY_BLOCK: {c.REPLY_INPUT: "We can help <!here> <https://evil.example|here>"}}, view_id="V4")
    slack.answer(f"ticket {fourth}")
    slack.answer("stats")
    slack.event({"type": "app_home_opened", "user": "UMANAGER", "tab": "home"}, event_id="EvHostile")
    wait_until(lambda: services.store.get(third).state == TicketState.ESCALATED and services.store.get(second).state == TicketState.SENT)
    wait_until(lambda: [m for m in slack.api.of("chat.postMessage") if m["channel"] == ESCALATIONS])
    wait_until(lambda: slack.api.of("views.publish") and len(slack.api.of("views.open")) >= 1 and slack.modal_result("V4"))
    wait_until(lambda: any("claimed by <@UAGENT1>" in m["text"] for m in slack.api.of("chat.postEphemeral")))
    calls = list(slack.api.calls)
    kinds = {call.method for call in calls}
    assert {"chat.postMessage", "chat.update", "chat.postEphemeral", "views.open", "views.update", "views.publish", "respond"} <= kinds, kinds
    problems = [f"{call.method}: {hazard}" for call in calls for hazard in hazards(call.args)]
    assert problems == []
    assert not slack.api.refused(), "Slack refused nothing we sent"
    # The hostile text is still there for the agent to read, escaped.
    card = json.dumps(slack.api.of("chat.postMessage")[0])
    assert "&lt;!channel&gt;" in card or "&lt;!here&gt;" in card or "&amp;" in card
    assert outbox_lines(services)[0]["ticket_id"] == second


def test_a_card_slack_refuses_is_replaced_by_a_minimal_one_and_counted(slack: SlackHarness) -> None:
    slack.api.refuse_next["chat.postMessage"] = "invalid_blocks"
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    posted = slack.api.of("chat.postMessage")
    assert len(posted) == 2 and f"/social ticket {ticket_id}" in json.dumps(posted[1]["blocks"])
    assert slack.services.store.get(ticket_id).card_ts, "the minimal card is the ticket's card, updated in place later"
    assert "Slack refused 1 card" in slack.answer("stats")


def test_a_retried_event_is_handled_once(slack: SlackHarness) -> None:
    event = {"type": "app_home_opened", "user": "UMANAGER", "tab": "home"}
    assert slack.event(event, event_id="EvRetry").status_code == 200
    assert slack.event(event, event_id="EvRetry", retry=1).status_code == 200
    assert slack.event(event, event_id="EvOther").status_code == 200
    wait_until(lambda: len(slack.api.of("views.publish")) == 2)
    from assistant.slack.app import drain

    drain(slack.app)  # every work half done: a third publish would be here now
    assert len(slack.api.of("views.publish")) == 2


def test_edit_on_a_ticket_another_agent_claimed_opens_nothing_and_says_who(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.services.desk.claim(ticket_id, "UAGENT1")
    for action in (c.EDIT, c.ESCALATE):
        slack.click(action, str(ticket_id), user="UAGENT2")
    refusals = wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 2 and slack.api.of("chat.postEphemeral"))
    assert all("claimed by <@UAGENT1>" in m["text"] and m["user"] == "UAGENT2" for m in refusals)
    assert slack.api.of("views.open") == []


def test_a_submit_refused_by_a_claim_keeps_the_modal_with_what_was_typed(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    typed = "@sam_k Tap 'Forgot password' on the sign-in screen; the link lasts an hour."
    slack.services.desk.claim(ticket_id, "UAGENT1")  # taken while UAGENT2 was typing
    slack.submit(c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: typed}, c.DM_BLOCK: {c.DM_INPUT: "my dm"}}, user="UAGENT2")
    form = slack.modal_result()
    fields = {b["block_id"]: b["element"].get("initial_value") for b in form["blocks"] if b["type"] == "input"}
    assert fields[c.REPLY_BLOCK] == typed and fields[c.DM_BLOCK] == "my dm"
    assert "claimed by <@UAGENT1>" in json.dumps(form["blocks"])
    assert outbox_lines(slack.services) == [] and slack.services.store.get(ticket_id).state == TicketState.AWAITING_REVIEW


def test_the_dm_is_edited_in_the_modal_and_sent_as_edited(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post(text="you charged my card twice for one kettle!!")).ticket_id
    draft = slack.services.store.get(ticket_id).draft
    slack.click(c.EDIT, str(ticket_id))
    [opened] = wait_until(lambda: slack.api.of("views.open"))
    [dm_field] = [b for b in opened["view"]["blocks"] if b.get("block_id") == c.DM_BLOCK]
    assert dm_field["element"]["initial_value"] == draft.dm_text
    dm = draft.dm_text + " Your case number is 12."
    slack.submit(c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: draft.text}, c.DM_BLOCK: {c.DM_INPUT: dm}}, blocks=opened["view"]["blocks"])
    wait_until(lambda: [e.kind for e in slack.services.store.get(ticket_id).events].count("dm_sent") == 1)
    assert [line["text"] for line in outbox_lines(slack.services)] == [draft.text, dm]


def test_an_edit_longer_than_mastodon_allows_is_refused_on_the_field_by_the_desks_rule(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post(platform="mastodon", external_id="m1")).ticket_id
    limit = slack.services.settings.mastodon_char_limit
    for length, refused in ((limit, False), (limit + 1, True)):
        answer = slack.submit(c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: "a" * length}}).json()
        assert (answer["response_action"] == "errors") is refused
        if refused:
            assert f"{limit + 1} characters (links count 23); Mastodon allows {limit}" in answer["errors"][c.REPLY_BLOCK]


def test_a_form_slack_no_longer_lets_us_open_says_to_click_again(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.api.refuse_next["views.open"] = "expired_trigger_id"
    slack.click(c.EDIT, str(ticket_id))
    [told] = wait_until(lambda: slack.api.of("chat.postEphemeral"))
    assert "click again" in told["text"] and "Something went wrong" not in told["text"]
    slack.click(c.EDIT, str(ticket_id))
    wait_until(lambda: [call for call in slack.api.calls if call.method == "views.open" and not call.refused])


def test_stopping_run_finishes_the_work_it_already_acknowledged(tmp_path, shared_index, slack_api) -> None:  # noqa: ANN001
    """SIGTERM right after an acknowledged Approve: the reply is posted and the card shows it before exit."""
    import signal
    import socket
    import subprocess
    import sys

    from tests.conftest import SIGNING_SECRET
    from tests.fakes.slack_api import SignedSlackClient

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    posts = tmp_path / "one.jsonl"
    posts.write_text(json.dumps({"id": "900", "platform": "x", "author": "sam_k", "text": "How do I reset my password? The app will not let me in"}) + "\n")
    env = run_env(tmp_path, shared_index, slack_api.url, PORT=str(port))
    bot = subprocess.Popen(
        [sys.executable, "-m", "assistant", "run", "--replay", str(posts)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        try:
            [card] = wait_until(lambda: slack_api.of("chat.postMessage") or bot.poll() is not None and ["exited"], timeout=120)
        except AssertionError:
            card = "no card"
        assert isinstance(card, dict), bot.kill() or bot.communicate()[0]
        slack_api.latency = 0.5  # every redraw and note now takes a while
        client = SignedSlackClient(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET)
        ticket_id = card["blocks"][-1]["elements"][0]["value"]
        assert wait_until(lambda: _answered(client, ticket_id), timeout=30).status_code == 200
        bot.send_signal(signal.SIGTERM)
        output, _ = bot.communicate(timeout=60)
    finally:
        bot.kill()
    assert bot.returncode == 0, output
    assert "finishing the Slack work already acknowledged" in output
    outbox = [json.loads(line) for line in (tmp_path / "data" / "outbox.jsonl").read_text().splitlines()]
    assert [line["ticket_id"] for line in outbox] == [int(ticket_id)]
    assert any("Sent" in json.dumps(update["blocks"]) for update in slack_api.of("chat.update")), "the card showed the outcome before exit"


def _answered(client: Any, ticket_id: str) -> Any:
    try:
        return client.click(c.APPROVE, ticket_id)
    except OSError:
        return None  # still starting


def test_a_ticket_that_changes_while_its_card_is_drawn_is_drawn_again(slack: SlackHarness) -> None:
    """As when another bot process acts between our read and Slack's answer: the card must not be
    left showing the older state."""
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    meanwhile = []

    def elsewhere(method: str, args: dict[str, Any]) -> None:
        if method == "chat.update" and not meanwhile:
            meanwhile.append(method)
            slack.services.store.claim(ticket_id, actor="UAGENT2", manager=False)  # lands after we read the ticket

    slack.api.hook = elsewhere
    slack.services.inbox.refresh(ticket_id)
    updates = slack.api.of("chat.update")
    assert len(updates) == 2 and "claimed by" not in json.dumps(updates[0]["blocks"])
    assert "claimed by <@UAGENT2>" in json.dumps(updates[-1]["blocks"])


def test_a_form_opens_within_slacks_3_seconds_while_a_burst_of_sends_is_queued(slack: SlackHarness) -> None:
    """The trigger of an Edit click expires after 3 s: opening its form must not wait behind the
    work of 40 approvals clicked just before, each several slow Web API calls long."""
    import threading
    import time

    ids = [slack.services.pipeline.ingest(make_post(f"b{n}")).ticket_id for n in range(40)]
    edit_id = slack.services.pipeline.ingest(make_post("edit")).ticket_id
    slack.api.latency = 0.3
    burst = [threading.Thread(target=slack.click, args=(c.APPROVE, str(ticket_id))) for ticket_id in ids]
    for thread in burst:
        thread.start()
    for thread in burst:
        thread.join()
    clicked = time.monotonic()
    slack.click(c.EDIT, str(edit_id))
    wait_until(lambda: slack.api.of("views.open"), timeout=30)
    assert time.monotonic() - clicked < 3.0
    assert len([s for s in (slack.services.store.get(i).state for i in ids) if s != TicketState.SENT]) > 0, "the burst was still being worked"
    slack.api.latency = 0.0  # the rest of the burst drains at once when the app stops


def test_a_customer_whose_handle_looks_like_an_agents_id_is_never_a_mention(slack: SlackHarness) -> None:
    services = slack.services
    ticket_id = services.pipeline.ingest(
        make_post("lookalike-1", "How do I reset my password? UAGENT1 here", author="UAGENT1", author_name="UAGENT1")
    ).ticket_id
    slack.click(c.CLAIM, str(ticket_id), user="UAGENT1")
    wait_until(lambda: services.store.get(ticket_id).claimed_by == "UAGENT1")
    slack.click(c.EDIT, str(ticket_id), user="UAGENT2")  # refused: claimed by the real UAGENT1
    slack.click(c.APPROVE, str(ticket_id), user="UAGENT1")
    wait_until(lambda: services.store.get(ticket_id).state == TicketState.SENT)
    notes = wait_until(lambda: [m for m in slack.api.of("chat.postMessage") if m.get("thread_ts") and "Reply posted" in m["text"]])
    refusal = wait_until(lambda: slack.api.of("chat.postEphemeral"))[0]["text"]
    # Mentions stand only where the desk named a person: the agent who acted or holds the claim.
    assert re.findall(r"<@(\w+)>", notes[0]["text"]) == ["UAGENT1"], notes[0]["text"]
    # A line for the ticket's owner that quotes the customer: the handle stays text beside the one mention.
    services.inbox.tell_owner(ticket_id, "a new message from @UAGENT1 (UAGENT1) is waiting", person="UAGENT2")
    told = wait_until(lambda: [m["text"] for m in slack.api.of("chat.postMessage") if "a new message from" in m["text"]])[0]
    assert re.findall(r"<@(\w+)>", told) == ["UAGENT2"] and "@UAGENT1 (UAGENT1)" in told, told
    assert re.findall(r"<@(\w+)>", refusal) == ["UAGENT1"], refusal
    for call in slack.api.calls:
        if call.method in ("chat.postMessage", "chat.update"):
            drawn = json.dumps(call.args.get("blocks", []), ensure_ascii=False)
            # Customers' links never unfold into previews in the channel.
            assert call.method == "chat.update" or (call.args.get("unfurl_links") is False and call.args.get("unfurl_media") is False), call.args
            # The card names the agents who acted (`who`); the customer's handle and words stay text.
            assert "@<@" not in drawn and "<@UAGENT1> here" not in drawn, drawn[:2000]


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky", "facebook", "someforum"])
def test_the_card_names_the_network_in_its_first_line(services: Any, network: str) -> None:
    ticket_id = services.pipeline.ingest(make_post(f"net-{network}", "where is my order? tracking hasn't moved", platform=network)).ticket_id
    ticket = services.store.get(ticket_id)
    title = platform(network).title
    first = ticket_card(ticket)[0].text.text
    assert f"* · *{title}* · " in first and title in card_text(ticket), first
