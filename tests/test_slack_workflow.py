"""Agents work tickets in Slack: signed requests into the real Bolt app, a fake Slack Web API on loopback."""

from __future__ import annotations

import json
import threading

from assistant.slack import constants as c
from assistant.store import TicketState
from tests.conftest import (
    ESCALATIONS,
    INBOX,
    SlackHarness,
    make_post,
    outbox_lines,
    wait_until,
)


def card_of(slack: SlackHarness, ticket_id: int) -> str:
    ticket = slack.services.store.get(ticket_id)
    return ticket.card_ts


def blocks_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_a_post_becomes_one_card_with_draft_citation_and_buttons(slack: SlackHarness) -> None:
    ingested = slack.services.pipeline.ingest(make_post())
    [card] = slack.api.of("chat.postMessage")
    assert card["channel"] == INBOX
    text = blocks_text(card["blocks"])
    assert "reset-password" in text and "Approve & send" in text and "@sam_k" in text
    assert "Why this priority" in text
    buttons = [e for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {b["action_id"] for b in buttons} == {c.APPROVE, c.CLAIM, c.EDIT, c.ESCALATE, c.DISMISS, c.FOLLOW_UP}
    assert all(b["value"] == str(ingested.ticket_id) for b in buttons), "button values carry the ticket id only"
    assert slack.services.store.get(ingested.ticket_id).card_ts


def test_approve_posts_exactly_the_draft_once_and_updates_the_card(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    draft = slack.services.store.get(ticket_id).draft.text
    response = slack.click(c.APPROVE, str(ticket_id), ts=card_of(slack, ticket_id))
    assert response.status_code == 200
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    assert [line["text"] for line in outbox_lines(slack.services)] == [draft]
    update = wait_until(lambda: [u for u in slack.api.of("chat.update") if "Sent" in blocks_text(u["blocks"])])[-1]
    assert "<@UAGENT1>" in blocks_text(update["blocks"])
    assert c.APPROVE not in blocks_text(update["blocks"]), "a sent card has no buttons left"
    notes = wait_until(lambda: [m for m in slack.api.of("chat.postMessage") if m.get("thread_ts")])
    assert "posted" in notes[0]["text"]


def test_double_approve_posts_once(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.click(c.APPROVE, str(ticket_id))
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    slack.click(c.APPROVE, str(ticket_id), user="UAGENT2")
    ephemeral = wait_until(lambda: slack.api.of("chat.postEphemeral"))
    assert "already posted" in ephemeral[0]["text"] and ephemeral[0]["user"] == "UAGENT2"
    assert len(outbox_lines(slack.services)) == 1


def test_concurrent_approvals_from_two_agents_post_once(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    threads = [threading.Thread(target=slack.click, args=(c.APPROVE, str(ticket_id)), kwargs={"user": f"UAGENT{i}"}) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 5)
    assert len(outbox_lines(slack.services)) == 1
    sent = [e for e in slack.services.store.get(ticket_id).events if e.kind == "approved"]
    assert len(sent) == 1


def test_slack_retry_of_the_same_click_posts_once(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    for _ in range(3):
        slack.click(c.APPROVE, str(ticket_id))
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)  # the effect asserted below
    wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 2)
    assert len(outbox_lines(slack.services)) == 1


def test_edit_opens_a_prefilled_modal_and_posts_the_edited_text(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    draft = slack.services.store.get(ticket_id).draft.text
    slack.click(c.EDIT, str(ticket_id))
    [opened] = wait_until(lambda: slack.api.of("views.open"))
    assert opened["trigger_id"] == "111.222.abc"
    assert json.loads(opened["view"]["private_metadata"])["ticket"] == ticket_id
    assert draft in blocks_text(opened["view"]["blocks"])
    edited = "@sam_k Tap 'Forgot password' on the sign-in screen; the link lasts an hour. Shout if it doesn't arrive!"
    response = slack.submit(c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: edited}})
    assert response.status_code == 200 and response.json()["response_action"] == "update", "acked at once, with a working view"
    assert "Working on it" in blocks_text(response.json()["view"]["blocks"])
    assert "Reply posted" in blocks_text(slack.modal_result()["blocks"])
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    assert [line["text"] for line in outbox_lines(slack.services)] == [edited]
    ticket = slack.services.store.get(ticket_id)
    assert [(e.kind, e.actor) for e in ticket.events if e.kind in ("edited", "approved")] == [("edited", "UAGENT1"), ("approved", "UAGENT1")]


def test_an_edit_over_the_x_limit_is_refused_on_the_field_and_nothing_is_posted(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    too_long = "Sorry! " + "🙂" * 140  # 7 + 280 weighted characters
    response = slack.submit(c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: too_long}})
    body = response.json()
    assert body["response_action"] == "errors"
    assert "287" in body["errors"][c.REPLY_BLOCK] and "280" in body["errors"][c.REPLY_BLOCK]
    assert outbox_lines(slack.services) == []
    assert slack.services.store.get(ticket_id).state == TicketState.AWAITING_REVIEW


def test_escalate_asks_for_a_reason_then_tells_managers_with_a_link_back(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.click(c.ESCALATE, str(ticket_id))
    [modal] = wait_until(lambda: slack.api.of("views.open"))
    assert modal["view"]["callback_id"] == c.ESCALATE_VIEW
    empty = slack.submit(c.ESCALATE_VIEW, str(ticket_id), {c.REASON_BLOCK: {c.REASON_INPUT: "  "}})
    assert empty.json()["response_action"] == "errors"
    slack.submit(c.ESCALATE_VIEW, str(ticket_id), {c.REASON_BLOCK: {c.REASON_INPUT: "Customer says this is the third lockout"}})
    message = wait_until(lambda: [m for m in slack.api.of("chat.postMessage") if m["channel"] == ESCALATIONS])[0]
    text = blocks_text(message["blocks"])
    assert "third lockout" in text and "https://test.slack.com/archives/CINBOX/" in text
    assert "Return to agents" in text
    ticket = slack.services.store.get(ticket_id)
    assert ticket.state == TicketState.ESCALATED and ticket.escalation_reason == "Customer says this is the third lockout"
    assert outbox_lines(slack.services) == []


def test_a_manager_sends_an_escalated_ticket_and_both_messages_show_it(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.services.desk.escalate(ticket_id, "UAGENT1", "needs a lead")
    slack.services.inbox.escalate(ticket_id)
    escalation_ts = slack.services.store.get(ticket_id).escalation_ts
    slack.click(c.APPROVE, str(ticket_id), user="UMANAGER", channel=ESCALATIONS, ts=escalation_ts)
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    redrawn = wait_until(lambda: [u for u in slack.api.of("chat.update") if u["channel"] == ESCALATIONS and "Sent" in blocks_text(u["blocks"])])
    assert redrawn[-1]["ts"] == escalation_ts and "<@UMANAGER>" in blocks_text(redrawn[-1]["blocks"])
    states = [blocks_text(u["blocks"]) for u in slack.api.of("chat.update") if u["channel"] == INBOX]
    assert any("Sending" in s for s in states) and "Sent" in states[-1], "the card showed the send in progress, then its outcome"
    assert len(outbox_lines(slack.services)) == 1


def test_dismiss_closes_the_ticket_without_a_reply(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post(text="ugh. mondays.")).ticket_id
    slack.click(c.DISMISS, str(ticket_id))
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.DISMISSED)
    update = wait_until(lambda: [u for u in slack.api.of("chat.update") if "Dismissed" in blocks_text(u["blocks"])])[-1]
    assert "Dismissed" in blocks_text(update["blocks"])
    assert outbox_lines(slack.services) == []


def test_a_bad_signature_gets_401_and_changes_nothing(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    forged = slack.payload(
        {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": c.APPROVE, "value": str(ticket_id)}]},
        signature="v0=" + "0" * 64,
    )
    assert forged.status_code == 401
    stale = slack.click  # a correctly signed request that is too old is refused too
    old = slack.payload({"type": "block_actions", "actions": []}, timestamp=1)
    assert old.status_code == 401 and stale
    assert slack.services.store.get(ticket_id).state == TicketState.AWAITING_REVIEW
    assert outbox_lines(slack.services) == []


def test_an_unknown_ticket_gets_a_friendly_message_not_a_traceback(slack: SlackHarness) -> None:
    for value in ("99999", "not-a-number"):
        response = slack.click(c.APPROVE, value)
        assert response.status_code == 200
    messages = wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 2 and slack.api.of("chat.postEphemeral"))
    for message in messages:
        assert "does not exist" in message["text"] and "Traceback" not in message["text"]
    slack.click(c.EDIT, "424242")
    wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 3)
    assert slack.api.of("views.open") == []


def test_customer_text_cannot_ping_the_channel_or_hide_links(slack: SlackHarness) -> None:
    hostile = "<!channel> <!here> <@U0ADMIN> click <https://evil.example|your refund> & win"
    slack.services.pipeline.ingest(make_post(text=hostile))
    [card] = slack.api.of("chat.postMessage")
    text = blocks_text(card["blocks"])
    assert "<!channel>" not in text and "<!here>" not in text and "<@U0ADMIN>" not in text
    assert "&lt;!channel&gt;" in text and "&lt;https://evil.example|your refund&gt; &amp; win" in text


def test_slash_command_reports_the_queue(slack: SlackHarness) -> None:
    slack.services.pipeline.ingest(make_post())
    response = slack.command("stats")
    assert response.status_code == 200 and not response.text, "acknowledged before the database is read"
    assert "awaiting_review: 1" in wait_until(lambda: slack.api.of("respond"))[0]["text"]
    assert "does not exist" in slack.answer("ticket 777")
    assert "/social stats" in slack.answer("")


def blocked_ticket(slack: SlackHarness) -> int:
    """A ticket whose draft fails a check (as an LLM draft with a stray link would)."""
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    store = slack.services.store
    draft = store.get(ticket_id).draft
    store.add_draft(
        ticket_id,
        text=draft.text + " https://evil.example",
        citations=draft.citations,
        drafter="llm:test",
        problems=[{"name": "link not from a cited article", "reason": "https://evil.example"}],
    )
    slack.services.inbox.refresh(ticket_id)
    return ticket_id


def test_a_failed_check_blocks_approve_until_an_agent_overrides_it_with_a_reason(slack: SlackHarness) -> None:
    ticket_id = blocked_ticket(slack)
    card = blocks_text(slack.api.of("chat.update")[-1]["blocks"])
    assert "Approve is blocked" in card and "link not from a cited article" in card
    assert c.OVERRIDE in card and c.APPROVE not in card
    slack.click(c.APPROVE, str(ticket_id))  # a stale card's button
    refused = wait_until(lambda: slack.api.of("chat.postEphemeral"))[0]
    assert "Approve is blocked" in refused["text"] and outbox_lines(slack.services) == []
    slack.click(c.OVERRIDE, str(ticket_id))
    [modal] = wait_until(lambda: slack.api.of("views.open"))
    assert modal["view"]["callback_id"] == c.OVERRIDE_VIEW
    slack.submit(c.OVERRIDE_VIEW, str(ticket_id), {c.REASON_BLOCK: {c.REASON_INPUT: "Link checked: it is our partner's page"}})
    wait_until(lambda: slack.services.store.get(ticket_id).draft.override_reason)
    redrawn = wait_until(lambda: [u for u in slack.api.of("chat.update") if "Checks overridden by" in blocks_text(u["blocks"])])[-1]
    assert c.APPROVE in blocks_text(redrawn["blocks"])
    slack.click(c.APPROVE, str(ticket_id))
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    [override] = [e for e in slack.services.store.get(ticket_id).events if e.kind == "override"]
    assert override.actor == "UAGENT1" and "link not from a cited article" in override.note and "partner's page" in override.note


def test_an_edit_that_fails_a_check_is_refused_on_the_field_unless_overridden(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    redirect = "@sam_k Please DM us."
    slack.submit(c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: redirect}})
    form = slack.modal_result()
    assert "redirect only" in blocks_text(form["blocks"]) and form["callback_id"] == c.EDIT_VIEW, "the form comes back with the reason"
    [reply_input] = [b for b in form["blocks"] if b.get("block_id") == c.REPLY_BLOCK]
    assert reply_input["element"]["initial_value"] == redirect, "what the agent typed is kept"
    slack.submit(
        c.EDIT_VIEW, str(ticket_id), {c.REPLY_BLOCK: {c.REPLY_INPUT: redirect}, c.OVERRIDE_BLOCK: {c.OVERRIDE_INPUT: "Customer asked to talk privately"}}
    )
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    assert [line["text"] for line in outbox_lines(slack.services)] == [redirect]
    assert any(e.kind == "override" and "Customer asked" in e.note for e in slack.services.store.get(ticket_id).events)


def test_a_private_answer_posts_one_public_line_then_the_dm_once(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post(text="you charged my card twice for one kettle!!")).ticket_id
    ticket = slack.services.store.get(ticket_id)
    assert ticket.draft.citations[0]["article_id"] == "charged-twice"
    card = blocks_text(slack.api.of("chat.postMessage")[0]["blocks"])
    assert "DM draft" in card and "sent you a DM here on X" in card
    slack.click(c.APPROVE, str(ticket_id))
    slack.click(c.APPROVE, str(ticket_id))
    # Wait for the last effects themselves: the DM's event (written after its outbox line) and the
    # second click's refusal; on a busy machine an earlier effect says nothing about these.
    wait_until(lambda: [e.kind for e in slack.services.store.get(ticket_id).events].count("dm_sent") == 1)
    wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 1)
    reply, dm = outbox_lines(slack.services)
    assert reply["kind"] == "reply" and "DM" in reply["text"] and "refund" not in reply["text"]
    assert dm["kind"] == "dm" and "refund the duplicate" in dm["text"]
    assert len(outbox_lines(slack.services)) == 2, "neither the reply nor the DM is sent twice"
    ticket = slack.services.store.get(ticket_id)
    assert [e.kind for e in ticket.events].count("dm_sent") == 1 and ticket.dm.status == "dry_run"


def test_a_claimed_ticket_is_worked_by_one_agent_only(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.click(c.CLAIM, str(ticket_id), user="UAGENT1")
    wait_until(lambda: slack.services.store.get(ticket_id).claimed_by == "UAGENT1")
    card = wait_until(lambda: [u for u in slack.api.of("chat.update") if "claimed by" in blocks_text(u["blocks"])])[-1]
    assert "claimed by <@UAGENT1>" in blocks_text(card["blocks"]) and c.RELEASE in blocks_text(card["blocks"])
    for action in (c.CLAIM, c.APPROVE, c.DISMISS):
        slack.click(action, str(ticket_id), user="UAGENT2")
    refusals = wait_until(lambda: len(slack.api.of("chat.postEphemeral")) == 3 and slack.api.of("chat.postEphemeral"))
    assert all("claimed by <@UAGENT1>" in m["text"] and m["user"] == "UAGENT2" for m in refusals)
    assert slack.services.store.get(ticket_id).state == TicketState.AWAITING_REVIEW and outbox_lines(slack.services) == []
    slack.click(c.APPROVE, str(ticket_id), user="UAGENT1")
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.SENT)
    ticket = slack.services.store.get(ticket_id)
    assert ticket.claimed_by == "" and len(outbox_lines(slack.services)) == 1


def test_releasing_a_claim_lets_another_agent_take_over(slack: SlackHarness) -> None:
    ticket_id = slack.services.pipeline.ingest(make_post()).ticket_id
    slack.services.desk.claim(ticket_id, "UAGENT1")
    slack.click(c.RELEASE, str(ticket_id), user="UAGENT2")
    wait_until(lambda: slack.api.of("chat.postEphemeral"))
    assert slack.services.store.get(ticket_id).claimed_by == "UAGENT1", "only the holder can release"
    slack.click(c.RELEASE, str(ticket_id), user="UAGENT1")
    wait_until(lambda: slack.services.store.get(ticket_id).claimed_by == "")
    slack.click(c.DISMISS, str(ticket_id), user="UAGENT2")
    wait_until(lambda: slack.services.store.get(ticket_id).state == TicketState.DISMISSED)
