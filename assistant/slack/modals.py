"""Modals: edit and send, a reason to give, a message, the whole post. Pure functions of a ticket."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from assistant.conversation import latest_post
from assistant.platforms import Platform
from assistant.slack import constants as c
from assistant.slack.text import name, quoted_sections, sections, seen_block_id
from assistant.store import Ticket

INPUT_MAX = 3000  # Slack's longest plain-text input


def modal_metadata(ticket: Ticket) -> str:
    """What a submission needs before touching the database: the ticket, its platform (for the
    length rule) and the version the modal was opened at (so a stale one is refused)."""
    return json.dumps({"ticket": ticket.id, "platform": ticket.post.platform, "seen": ticket.version or 0})


def read_metadata(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {"ticket": text}
    return data if isinstance(data, dict) else {"ticket": str(data)}


def _prefill(text: str) -> tuple[str | None, str]:
    """An input's initial value within its max length, and a note when it had to be cut."""
    if not text:
        return None, ""
    if len(text) <= INPUT_MAX:
        return text, ""
    return text[:INPUT_MAX], f":warning: Only the first {INPUT_MAX:,} of its {len(text):,} characters fit in Slack's field."


def _error_block(error: str) -> SectionBlock:
    """`error` is already Slack text (made by `say`), so the people it names are mentions."""
    return SectionBlock(text=MarkdownTextObject(text=f":warning: *Not done:* {error}" if len(error) < 2900 else ":warning: *Not done.*"))


def edit_modal(ticket: Ticket, rules: Platform, typed: dict[str, str] | None = None, error: str = "") -> View:
    """The reply and the DM, prefilled with the draft (or with what the agent typed, when a submit
    was refused: nothing typed is lost), checked on submit by the review desk's rules."""
    draft = ticket.draft
    typed = typed or {}
    reply, reply_note = _prefill(typed.get("reply", draft.text if draft else ""))
    dm, dm_note = _prefill(typed.get("dm", draft.dm_text if draft else ""))
    override, _ = _prefill(typed.get("override", ""))
    thread_hint = "Split a thread with a line holding only ---." if rules.threads else f"{rules.title} takes one reply, not a thread."
    blocks: list[Block] = []
    if error:
        blocks.append(_error_block(error))
    blocks.append(SectionBlock(block_id=seen_block_id("post", ticket), text=MarkdownTextObject(text=f"*@{name(ticket.post.author_handle)} wrote:*")))
    blocks += quoted_sections(latest_post(ticket).text, 2, "the card's *Show full post* has it all")
    blocks += [
        InputBlock(
            block_id=c.REPLY_BLOCK,
            label=PlainTextObject(text="Public reply (posted exactly as written)"),
            hint=PlainTextObject(
                text=" ".join(filter(None, [f"At most {rules.limit} {rules.unit} on {rules.title}.", rules.counting, thread_hint, reply_note]))
            ),
            element=PlainTextInputElement(action_id=c.REPLY_INPUT, multiline=True, initial_value=reply, max_length=INPUT_MAX),
        ),
    ]
    if rules.can_dm:  # a network without direct messages gets no DM field
        blocks.append(
            InputBlock(
                block_id=c.DM_BLOCK,
                optional=True,
                label=PlainTextObject(text="DM (sent right after the public reply; empty for none)"),
                hint=PlainTextObject(text=(f"At most {rules.dm_limit} on {rules.title}; checked like the reply. " + dm_note).strip()),
                element=PlainTextInputElement(action_id=c.DM_INPUT, multiline=True, initial_value=dm, max_length=INPUT_MAX),
            )
        )
    blocks += [
        InputBlock(
            block_id=c.OVERRIDE_BLOCK,
            optional=True,
            label=PlainTextObject(text="Override reason (only if a check fails and you are sure)"),
            element=PlainTextInputElement(action_id=c.OVERRIDE_INPUT, max_length=1000, initial_value=override[:1000] if override else None),
        ),
    ]
    return View(
        type="modal",
        callback_id=c.EDIT_VIEW,
        private_metadata=modal_metadata(ticket),
        title=PlainTextObject(text=f"Edit reply #{ticket.id}"[:24]),
        submit=PlainTextObject(text="Send reply"),
        close=PlainTextObject(text="Cancel"),
        blocks=blocks,
    )


def reason_modal(ticket: Ticket, callback_id: str, title: str, label: str, submit: str, typed: str = "", error: str = "") -> View:
    blocks: list[Block] = [_error_block(error)] if error else []
    blocks += [
        ContextBlock(block_id=seen_block_id("ticket", ticket), elements=[MarkdownTextObject(text=f"Ticket #{ticket.id} · @{name(ticket.post.author_handle)}")]),
        InputBlock(
            block_id=c.REASON_BLOCK,
            label=PlainTextObject(text=label),
            element=PlainTextInputElement(action_id=c.REASON_INPUT, multiline=True, max_length=1000, initial_value=typed[:1000] or None),
        ),
    ]
    return View(
        type="modal",
        callback_id=callback_id,
        private_metadata=modal_metadata(ticket),
        title=PlainTextObject(text=title[:24]),
        submit=PlainTextObject(text=submit[:24]),
        close=PlainTextObject(text="Cancel"),
        blocks=blocks,
    )


def message_view(title: str, text: str) -> View:
    """A modal that only says something: "working on it", or how it went."""
    return View(type="modal", title=PlainTextObject(text=title[:24]), close=PlainTextObject(text="Close"), blocks=sections(text)[:20])


def full_post_view(ticket: Ticket) -> View:
    """The customer's latest post whole, read-only: what a card shortens with "… more"."""
    post = latest_post(ticket)
    head = SectionBlock(text=MarkdownTextObject(text=f"*@{name(post.author_handle)}* · ticket #{ticket.id} · {len(post.text):,} characters"))
    return View(
        type="modal",
        title=PlainTextObject(text=f"Post of ticket #{ticket.id}"[:24]),
        close=PlainTextObject(text="Close"),
        blocks=[head, *quoted_sections(post.text, 99)],
    )
