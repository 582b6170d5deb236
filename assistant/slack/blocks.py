"""Block Kit for tickets, built with slack_sdk's typed blocks. Pure functions of a ticket: no I/O."""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from assistant.drafting.limits import X_LIMIT, x_weighted_length
from assistant.review import describe_dm, model_notes
from assistant.slack import constants as c
from assistant.store import Ticket, TicketState

PRIORITY_ICON = {"urgent": ":red_circle:", "high": ":large_orange_circle:", "normal": ":large_blue_circle:", "low": ":white_circle:"}
STATE_LABEL = {
    TicketState.NEW: ":hourglass: Drafting",
    TicketState.AWAITING_REVIEW: ":inbox_tray: Waiting for an agent",
    TicketState.SENDING: ":outbox_tray: Sending",
    TicketState.SENT: ":white_check_mark: Sent",
    TicketState.SEND_FAILED: ":warning: Not sent",
    TicketState.ESCALATED: ":rotating_light: Escalated",
    TicketState.DISMISSED: ":no_entry_sign: Dismissed",
    TicketState.CLOSED: ":lock: Closed",
}
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


def escape(text: str) -> str:
    """Slack mrkdwn escaping so user text can't ping `<!channel>`, mention people or hide links."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def seen_block_id(prefix: str, ticket: Ticket) -> str:
    """A block id that records which version of the ticket the card shows; Slack sends it back with
    every click, so an action on an out-of-date card is refused (button values stay the ticket id)."""
    return f"{prefix}-{ticket.id}-v{ticket.version or 0}"


def seen_version(block_id: str) -> int | None:
    """The version a card or modal was drawn at, from its block id; None if it carries none."""
    match = re.search(r"-v(\d{1,9})$", block_id or "")
    return int(match.group(1)) if match else None


def who(actor: str) -> str:
    return f"<@{actor}>" if _SLACK_USER.match(actor or "") else escape(actor or "someone")


def split_text(text: str, limit: int = c.SECTION_LIMIT) -> list[str]:
    """Split at line or word boundaries so each piece fits one section block."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip()
    return pieces + [text] if text else pieces


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def card_text(ticket: Ticket) -> str:
    """The plain-text fallback (notifications, screen readers)."""
    post = ticket.post
    return f"[{ticket.priority or 'new'}] @{post.author_handle}: {post.text[:150]}"


def _sections(text: str) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in split_text(text)]


def ticket_card(ticket: Ticket) -> list[Block]:
    """The card an agent works from: who, reach, post, priority and why, draft, citations, buttons."""
    post = ticket.post
    draft = ticket.draft
    icon = PRIORITY_ICON.get(ticket.priority, ":white_circle:")
    link = f" · <{post.url}|open post>" if post.url.startswith("https://") else ""
    header = (
        f"{icon} *{(ticket.priority or 'new').upper()}* · {escape(ticket.intent or '?')} · "
        f"{escape(ticket.sentiment or '?')} · *@{escape(post.author_handle)}*"
        f"{' (' + escape(post.author_name) + ')' if post.author_name else ''} · {post.author_followers:,} followers{link}"
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=header))]
    blocks += _sections(_quote(post.text))
    if ticket.priority_reasons:
        why = "Why this priority: " + "; ".join(escape(reason) for reason in ticket.priority_reasons)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=why[: c.SECTION_LIMIT])]))
    blocks.append(DividerBlock())
    if draft and draft.text:
        weight = x_weighted_length(draft.text)
        title = f"*Draft reply* ({draft.drafter}{', by ' + who(draft.author) if draft.author not in ('system', '') else ''}) · {weight}/{X_LIMIT}"
        blocks += _sections(f"{title}\n{escape(draft.text)}")
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*No draft.* Write a reply with *Edit*, escalate, or dismiss.")))
    if draft and draft.dm_text:
        blocks += _sections(f"*DM draft* (sent right after the public reply)\n{escape(draft.dm_text)}")
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_citations(ticket))]))
    problems = _problems(ticket)
    if problems:
        blocks += _sections(problems)
    flags = draft.flags if draft else []
    if flags:
        text = "\n".join(f":triangular_flag_on_post: {escape(flag)}" for flag in flags)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=text[: c.SECTION_LIMIT])]))
    notes = model_notes(ticket)
    if notes:
        # Plain text: the model's words can't format, link or mention anything on the card.
        quoted = " · ".join(f"“{note}”" for note in notes)
        blocks.append(ContextBlock(elements=[PlainTextObject(text=f"The model's own notes (its words, not instructions): {quoted}"[: c.SECTION_LIMIT], emoji=False)]))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_status(ticket))]))
    buttons = _buttons(ticket)
    if buttons:
        blocks.append(ActionsBlock(block_id=seen_block_id("actions", ticket), elements=buttons))
    return blocks


def _citations(ticket: Ticket) -> str:
    draft = ticket.draft
    if not draft or not draft.citations:
        return ":warning: *No sources cited* — no article answers this post well enough." if ticket.no_match else ":warning: No sources cited."
    parts = []
    for cited in draft.citations:
        title = escape(str(cited.get("title", cited["article_id"])))
        url = str(cited.get("url", ""))
        shown = f"<{url}|{title}>" if url.startswith("https://") else title
        parts.append(f"{shown} (`{escape(cited['article_id'])}`, match {float(cited.get('score', 0)):.2f})")
    return ":books: Cites " + ", ".join(parts)


def _problems(ticket: Ticket) -> str:
    draft = ticket.draft
    if not draft or not draft.problems:
        return ""
    lines = [f":no_entry: *{escape(p['name'])}*: {escape(p['reason'])}" for p in draft.problems]
    if draft.override_reason:
        lines.append(f":warning: Checks overridden by {who(draft.override_by)}: {escape(draft.override_reason)}")
    else:
        lines.insert(0, "*Approve is blocked* until the reply is edited or the checks are overridden with a reason:")
    return "\n".join(lines)


def _status(ticket: Ticket) -> str:
    state = TicketState(ticket.state)
    text = f"Ticket #{ticket.id} · {STATE_LABEL[state]}"
    if ticket.last_actor and ticket.last_actor != "system":
        text += f" by {who(ticket.last_actor)}"
    if ticket.claimed_by:
        text += f" · claimed by {who(ticket.claimed_by)}"
    if state is TicketState.ESCALATED and ticket.escalation_reason:
        text += f": {escape(ticket.escalation_reason)}"
    publication = ticket.publication
    if publication is not None and state in (TicketState.SENT, TicketState.SEND_FAILED):
        text += f" · {escape(publication.detail or publication.status)}"
    dm = describe_dm(ticket)
    if dm:
        warn = ticket.dm is not None and ticket.dm.status in ("failed", "uncertain")
        text += f" · {':warning: ' if warn else ''}{escape(dm)}"
    return text[: c.SECTION_LIMIT]


def _button(text: str, action_id: str, ticket: Ticket, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=PlainTextObject(text=text), action_id=action_id, value=str(ticket.id), style=style)


def _buttons(ticket: Ticket) -> list[ButtonElement]:
    state = TicketState(ticket.state)
    uncertain = ticket.publication is not None and ticket.publication.status == "uncertain"
    if state is TicketState.AWAITING_REVIEW or (state is TicketState.SEND_FAILED and not uncertain):
        claim = _button("Release", c.RELEASE, ticket) if ticket.claimed_by else _button("Claim", c.CLAIM, ticket)
        return _send_buttons(ticket, "Approve & send") + [claim] + [
            _button("Edit", c.EDIT, ticket),
            _button("Escalate", c.ESCALATE, ticket, "danger"),
            _button("Dismiss", c.DISMISS, ticket),
        ]
    if state is TicketState.SEND_FAILED:
        return [_button("Close (checked on the platform)", c.CLOSE, ticket), _button("Escalate", c.ESCALATE, ticket, "danger")]
    return []


def _send_buttons(ticket: Ticket, label: str) -> list[ButtonElement]:
    """Approve when the draft passed its checks (or they were overridden); otherwise the override."""
    draft = ticket.draft
    if not draft or not draft.text:
        return []
    if draft.blocked:
        return [_button("Override checks…", c.OVERRIDE, ticket)]
    return [_button(label, c.APPROVE, ticket, "primary")]


def escalation_message(ticket: Ticket, permalink: str) -> list[Block]:
    """What managers see in the escalation channel: the reason, the context, and their decisions."""
    post = ticket.post
    draft = ticket.draft
    lines = [
        f":rotating_light: *Ticket #{ticket.id} escalated* by {who(ticket.last_actor)}: {escape(ticket.escalation_reason)}",
        f"*@{escape(post.author_handle)}* · {post.author_followers:,} followers · {escape(ticket.priority)} priority",
    ]
    blocks: list[Block] = _sections("\n".join(lines)) + _sections(_quote(post.text))
    if draft and draft.text:
        blocks += _sections("*Current draft*\n" + escape(draft.text))
    if permalink.startswith("https://"):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"<{permalink}|Open the card in the inbox>")]))
    problems = _problems(ticket)
    if problems:
        blocks += _sections(problems)
    if TicketState(ticket.state) is TicketState.ESCALATED:
        buttons = _send_buttons(ticket, "Send draft")
        buttons += [_button("Edit & send", c.EDIT, ticket), _button("Return to agents", c.RETURN, ticket), _button("Close", c.CLOSE, ticket)]
        blocks.append(ActionsBlock(block_id=seen_block_id("manager", ticket), elements=buttons))
    else:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_status(ticket))]))
    return blocks


def edit_modal(ticket: Ticket) -> View:
    """Prefilled with the current draft; validated against X's weighted limit on submit."""
    draft_text = ticket.draft.text if ticket.draft else ""
    return View(
        type="modal",
        callback_id=c.EDIT_VIEW,
        private_metadata=str(ticket.id),
        title=PlainTextObject(text=f"Edit reply #{ticket.id}"[:24]),
        submit=PlainTextObject(text="Send reply"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            SectionBlock(
                block_id=seen_block_id("post", ticket),
                text=MarkdownTextObject(text=f"*@{escape(ticket.post.author_handle)} wrote:*\n{_quote(ticket.post.text)[:2900]}"),
            ),
            InputBlock(
                block_id=c.REPLY_BLOCK,
                label=PlainTextObject(text="Reply (posted exactly as written)"),
                hint=PlainTextObject(text=f"At most {X_LIMIT} characters as X counts them: emoji and CJK count 2, links 23."),
                element=PlainTextInputElement(
                    action_id=c.REPLY_INPUT, multiline=True, initial_value=draft_text or None, max_length=3000
                ),
            ),
            InputBlock(
                block_id=c.OVERRIDE_BLOCK,
                optional=True,
                label=PlainTextObject(text="Override reason (only if a check fails and you are sure)"),
                element=PlainTextInputElement(action_id=c.OVERRIDE_INPUT, max_length=1000),
            ),
        ],
    )


def reason_modal(ticket: Ticket, callback_id: str, title: str, label: str, submit: str) -> View:
    return View(
        type="modal",
        callback_id=callback_id,
        private_metadata=str(ticket.id),
        title=PlainTextObject(text=title[:24]),
        submit=PlainTextObject(text=submit[:24]),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            ContextBlock(block_id=seen_block_id("ticket", ticket), elements=[MarkdownTextObject(text=f"Ticket #{ticket.id} · @{escape(ticket.post.author_handle)}")]),
            InputBlock(
                block_id=c.REASON_BLOCK,
                label=PlainTextObject(text=label),
                element=PlainTextInputElement(action_id=c.REASON_INPUT, multiline=True, max_length=1000),
            )
        ],
    )


def home_view(counts: dict[str, int], gaps: list[Any], limit: int = 5) -> View:
    """The app's Home tab: the queue for managers, the top knowledge gaps for content editors."""
    waiting = counts.get(TicketState.AWAITING_REVIEW, 0)
    queue = " · ".join(f"{STATE_LABEL[TicketState(state)]}: *{count}*" for state, count in sorted(counts.items())) or "No tickets yet."
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*Social inbox* · {waiting} waiting for an agent\n{queue}")),
        DividerBlock(),
    ]
    if not gaps:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Knowledge gaps*\nEvery post so far found an article. :tada:")))
    else:
        lines = ["*Knowledge gaps* — questions no article answers, most asked first. Write these next:"]
        for number, gap in enumerate(gaps[:limit], start=1):
            lines.append(f"{number}. *{gap.size} post(s)* e.g. “{escape(gap.example[:200])}”")
        blocks += _sections("\n".join(lines))
    return View(type="home", blocks=blocks)
