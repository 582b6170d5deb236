"""The ticket card and the managers' escalation message: pure functions of a ticket, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from assistant.conversation import Message, latest_post, messages
from assistant.drafting.length import platform_length
from assistant.platforms import Platform, platform
from assistant.policy import FINISHED, Action, offered
from assistant.presentation import describe_dm, model_notes
from assistant.slack import constants as c
from assistant.slack.text import (
    capped,
    escape,
    link,
    name,
    quoted_pieces,
    quoted_sections,
    sections,
    seen_block_id,
    titled_sections,
    when,
    who,
)
from assistant.store import Ticket, TicketState
from assistant.store.models import aware

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


def card_text(ticket: Ticket) -> str:
    """The top-level fallback (notifications, screen readers): escaped like everything else, since
    phones render it and a `<!channel>` there pings everyone."""
    post = ticket.post
    flat = " ".join(post.text.split())
    network = name(platform(post.platform).title)
    return f"Ticket #{ticket.id} [{ticket.priority or 'new'}] {network} @{name(post.author_handle)}: {escape(flat[:150])}{'…' if len(flat) > 150 else ''}"


MAX_BLOCKS = 50  # Slack refuses a message with more
POST_SECTIONS = 2  # of the post on a card; the rest is one click away ("Show full post")


def post_is_cut(text: str) -> bool:
    return len(quoted_pieces(text)) > POST_SECTIONS


@dataclass(frozen=True)
class CardContext:
    """What a card shows beyond the ticket itself, read from the store when the card is drawn. Only
    absolute times: a redraw of an unchanged ticket draws the same card."""

    earlier: list[Any] = field(default_factory=list)  # the customer's earlier tickets, newest first
    earlier_count: int = 0
    sla_due: datetime | None = None  # when the customer's current wait runs out
    sla_target: str = ""  # "4h (normal, first response)"
    follow_up: datetime | None = None
    follow_up_by: str = ""
    rules: Platform | None = None  # the installation's rules for the ticket's network; the declared ones if not given


MAX_SHOWN_MESSAGES = 6  # of a conversation on the card, the newest; `/social ticket N` lists all
MESSAGE_CHARS = 280


def _message_line(message: Message) -> str:
    text = " ".join(message.text.split())
    text = text[:MESSAGE_CHARS] + ("…" if len(text) > MESSAGE_CHARS else "")
    if message.ours:
        by = "posted outside this app" if message.outside else f"approved by {who(message.who)}"
        return f":speech_balloon: *We replied* ({by}) · {when(message.at)}\n>{escape(text)}"
    return f":bust_in_silhouette: *{name(message.who)}* · {when(message.at)}\n>{escape(text)}"


def conversation_blocks(ticket: Ticket) -> list[Block]:
    """The conversation before the customer's latest message, oldest first (empty for a single post)."""
    said = messages(ticket)
    latest = latest_post(ticket)
    earlier = [m for m in said if not (not m.ours and m.external_id == latest.external_id)]
    if not earlier:
        return []
    shown = earlier[-MAX_SHOWN_MESSAGES:]
    head = f"*Conversation so far* ({len(said)} messages, round {ticket.round or 1})"
    if len(shown) < len(earlier):
        head += f"; the {len(earlier) - len(shown)} oldest are in `/social ticket {ticket.id}`"
    return [SectionBlock(text=MarkdownTextObject(text=capped([head] + [_message_line(m) for m in shown], what="more messages")))]


def answered_outside(ticket: Ticket) -> bool:
    """Our account answered on the platform itself after the customer's latest message, while the
    ticket still waits here: approving would answer them twice."""
    said = messages(ticket)
    return bool(said) and said[-1].outside and TicketState(ticket.state) in (TicketState.AWAITING_REVIEW, TicketState.ESCALATED, TicketState.SEND_FAILED)


def late_by(ticket: Ticket) -> datetime | None:
    """When the message the customer is waiting on reached us, if that was over a minute after its
    wait began (a late poll): the card shows both times, the wait counting from the first."""
    if ticket.waiting_since is None:
        return None
    post = latest_post(ticket)
    received = aware(post.received_at) if post.received_at else None
    if received is None or received - aware(ticket.waiting_since) <= timedelta(minutes=1):
        return None
    return received


def _context_line(ticket: Ticket, context: CardContext) -> str:
    parts = []
    if answered_outside(ticket):
        parts.append(":warning: *Already answered outside this app* (see the conversation): approving sends a second reply. Dismiss it if that one was enough")
    if ticket.waiting_since is not None and context.sla_due is not None:
        reached = late_by(ticket)
        late = f" (it reached us {when(reached)})" if reached is not None else ""
        parts.append(f":stopwatch: Waiting since {when(ticket.waiting_since)}{late} · reply due by {when(context.sla_due)} ({escape(context.sla_target)})")
    if ticket.waiting_since is not None and any(e.kind == "sla_breached" and aware(e.at) >= aware(ticket.waiting_since) for e in ticket.events):
        parts.append(":red_circle: *SLA missed*")
    if context.follow_up is not None:
        parts.append(
            f":alarm_clock: Follow up {when(context.follow_up)}"
            + (f" (set by {who(context.follow_up_by)})" if context.follow_up_by not in ("", "system") else " (promised in our reply)")
        )
    if ticket.previous_ticket_id:
        parts.append(f"Follows ticket #{ticket.previous_ticket_id}")
    if context.earlier_count:
        last = context.earlier[0]
        outcome = STATE_LABEL.get(TicketState(last.state), last.state)
        parts.append(f"Earlier tickets from this customer: *{context.earlier_count}* (last: #{last.id}, {name(last.intent or 'untriaged')}, {outcome})")
    return " · ".join(parts)


def ticket_card(ticket: Ticket, context: CardContext | None = None) -> list[Block]:
    """The card an agent works from: who, reach, the conversation, priority and why, SLA, draft,
    citations, buttons. Always within Block Kit's limits, whatever the ticket holds."""
    context = context or CardContext()
    post = latest_post(ticket)  # the customer's latest message: what this round answers
    draft = ticket.draft
    icon = PRIORITY_ICON.get(ticket.priority, ":white_circle:")
    opened = f" · {link(post.url, 'open post')}" if post.url else ""
    header = (
        f"{icon} *{escape((ticket.priority or 'new').upper())}* · *{name(platform(post.platform).title)}* · {name(ticket.intent or '?')} · "
        f"{name(ticket.sentiment or '?')} · *@{name(post.author_handle)}*"
        f"{' (' + name(post.author_name) + ')' if post.author_name else ''} · {post.author_followers:,} followers{opened}"
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=header[: c.SECTION_LIMIT]))]
    talk = conversation_blocks(ticket)
    if talk:
        blocks += talk + [SectionBlock(text=MarkdownTextObject(text=f"*Latest from @{name(post.author_handle)}* · {when(post.posted_at)}"))]
    blocks += quoted_sections(post.text, POST_SECTIONS, "*Show full post* below")
    if ticket.priority_reasons:
        why = "Why this priority: " + "; ".join(escape(reason) for reason in ticket.priority_reasons[:10])
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=capped([why]))]))
    line = _context_line(ticket, context)
    if line:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=capped([line]))]))
    blocks.append(DividerBlock())
    reply_blocks: list[Block] = []
    if draft and draft.text:
        weight, limit, unit = platform_length(draft.text, context.rules or platform(post.platform))
        title = f"*Draft reply* ({escape(draft.drafter)}{', by ' + who(draft.author) if draft.author not in ('system', '') else ''}) · {weight}/{limit} {unit}"
        reply_blocks += titled_sections(title, draft.text)
    else:
        reply_blocks.append(SectionBlock(text=MarkdownTextObject(text="*No draft.* Write a reply with *Edit*, escalate, or dismiss.")))
    if draft and draft.dm_text:
        reply_blocks += titled_sections("*DM draft* (sent right after the public reply)", draft.dm_text)
    tail: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=_citations(ticket))])]
    problems = _problems(ticket)
    if problems:
        tail.append(SectionBlock(text=MarkdownTextObject(text=problems)))
    flags = draft.flags if draft else []
    if flags:
        tail.append(
            ContextBlock(elements=[MarkdownTextObject(text=capped([f":triangular_flag_on_post: {escape(flag)}" for flag in flags], what="more flags"))])
        )
    notes = model_notes(ticket)
    if notes:
        # Plain text: the model's words can't format, link or mention anything on the card.
        quoted = " · ".join(f"“{note}”" for note in notes)
        tail.append(ContextBlock(elements=[PlainTextObject(text=f"The model's own notes (its words, not instructions): {quoted}"[:2000], emoji=False)]))
    tail.append(ContextBlock(elements=[MarkdownTextObject(text=_status(ticket))]))
    full_text_shown = True
    if len(blocks) + len(reply_blocks) + len(tail) + 1 > MAX_BLOCKS:
        # Never approve what can't be seen: a reply too long for the card is read and sent from Edit.
        full_text_shown = False
        reply_blocks = [
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*Draft reply* is too long to show on a card ({len(draft.text if draft else ''):,} characters). Open it with *Edit*."
                )
            )
        ]
    buttons = _buttons(ticket, full_text_shown)
    blocks += reply_blocks + tail
    if buttons:
        blocks.append(ActionsBlock(block_id=seen_block_id("actions", ticket), elements=buttons))
    return blocks


def _citations(ticket: Ticket) -> str:
    draft = ticket.draft
    if not draft or not draft.citations:
        return ":warning: *No sources cited* — no article answers this post well enough." if ticket.no_match else ":warning: No sources cited."
    parts: list[str] = []
    used = 0
    for cited in draft.citations:
        title = str(cited.get("title", cited.get("article_id", "")))[:150]
        part = f"{link(str(cited.get('url', ''))[:500], title)} (`{name(str(cited.get('article_id', '')))}`, match {float(cited.get('score', 0) or 0):.2f})"
        if used + len(part) > 2600:  # whole links only: a cut one could turn into markup
            break
        parts.append(part)
        used += len(part) + 2
    more = f" and {len(draft.citations) - len(parts)} more" if len(parts) < len(draft.citations) else ""
    return ":books: Cites " + ", ".join(parts) + more


MAX_PROBLEMS = 8


def _problems(ticket: Ticket) -> str:
    draft = ticket.draft
    if not draft or not draft.problems:
        return ""
    lines = [f":no_entry: *{escape(p.get('name', ''))}*: {escape(str(p.get('reason', ''))[:400])}" for p in draft.problems[:MAX_PROBLEMS]]
    if len(draft.problems) > MAX_PROBLEMS:
        lines.append(f"… {len(draft.problems) - MAX_PROBLEMS} more failed checks (`/social ticket {ticket.id}` lists them all)")
    if draft.override_reason:
        lines.append(f":warning: Checks overridden by {who(draft.override_by)}: {escape(draft.override_reason)}")
    else:
        lines.insert(0, "*Approve is blocked* until the reply is edited or the checks are overridden with a reason:")
    return capped(lines, what="more lines")


def _status(ticket: Ticket) -> str:
    state = TicketState(ticket.state)
    text = f"Ticket #{ticket.id} · {STATE_LABEL[state]}"
    if ticket.last_actor and ticket.last_actor != "system":
        text += f" by {who(ticket.last_actor)}"
    if ticket.claimed_by:
        text += f" · claimed by {who(ticket.claimed_by)}"
    if ticket.assigned_to and ticket.assigned_to != ticket.claimed_by and state not in FINISHED:
        text += f" · assigned to {who(ticket.assigned_to)}"
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


def _button(text: str, action_id: str, ticket: Ticket, style: str | None = None, confirm: ConfirmObject | None = None) -> ButtonElement:
    return ButtonElement(text=PlainTextObject(text=text), action_id=action_id, value=str(ticket.id), style=style, confirm=confirm)


def _handle_plain(ticket: Ticket) -> str:
    """A handle for plain-text fields (confirmations): one line, no characters Slack could parse."""
    return re.sub(r"[<>&|]", "", " ".join(ticket.post.author_handle.split()))[:60]


def _reach(ticket: Ticket) -> str:
    post = ticket.post
    handle = _handle_plain(ticket)
    return f"@{handle}'s {post.author_followers:,} followers on {post.platform}"


def _confirm(title: str, text: str, yes: str) -> ConfirmObject:
    # Plain text: a handle in a confirmation can't format or mention anything.
    return ConfirmObject(
        title=PlainTextObject(text=title), text=PlainTextObject(text=text[:300]), confirm=PlainTextObject(text=yes), deny=PlainTextObject(text="Cancel")
    )


def _buttons(ticket: Ticket, full_text_shown: bool = True, manager: bool = False) -> list[ButtonElement]:
    """The card's buttons are the actions the policy offers for the ticket as it is now."""
    actions = offered(ticket)
    buttons: list[ButtonElement] = []
    if Action.APPROVE in actions and full_text_shown:
        label = "Send draft" if manager else "Approve & send"
        buttons.append(_button(label, c.APPROVE, ticket, "primary", _confirm("Post publicly?", f"Post this reply publicly to {_reach(ticket)}?", "Post it")))
    if Action.OVERRIDE in actions:
        buttons.append(_button("Override checks…", c.OVERRIDE, ticket))
    if not manager and Action.CLAIM in actions:
        buttons.append(_button("Claim", c.CLAIM, ticket))
    if not manager and Action.RELEASE in actions:
        buttons.append(_button("Release", c.RELEASE, ticket))
    if Action.TAKE_OVER in actions:
        buttons.append(_button("Take over" if manager else "Take over (managers)", c.TAKE_OVER, ticket))
    if Action.EDIT in actions:
        buttons.append(_button("Edit & send" if manager else "Edit", c.EDIT, ticket))
    if Action.ESCALATE in actions:
        buttons.append(_button("Escalate", c.ESCALATE, ticket, "danger"))
    if Action.DISMISS in actions:
        buttons.append(
            _button(
                "Dismiss",
                c.DISMISS,
                ticket,
                None,
                _confirm("Dismiss?", f"Dismiss without replying? @{_handle_plain(ticket)} gets no answer from us.", "Dismiss"),
            )
        )
    if not manager and Action.FOLLOW_UP in actions:
        buttons.append(_button("Follow up…", c.FOLLOW_UP, ticket))
    if Action.RETURN in actions:
        buttons.append(_button("Return to agents", c.RETURN, ticket))
    if Action.CLOSE in actions:
        label = "Close (checked on the platform)" if TicketState(ticket.state) is TicketState.SEND_FAILED else "Close"
        buttons.append(_button(label, c.CLOSE, ticket))
    if post_is_cut(latest_post(ticket).text):
        buttons.append(_button("Show full post", c.SHOW_POST, ticket))
    return buttons[:25]


def escalation_message(ticket: Ticket, permalink: str) -> list[Block]:
    """What managers see in the escalation channel: the reason, the context, and their decisions."""
    post = ticket.post
    draft = ticket.draft
    lines = [
        f":rotating_light: *Ticket #{ticket.id} escalated* by {who(ticket.last_actor)}: {escape(ticket.escalation_reason)}",
        f"*@{name(post.author_handle)}* · {post.author_followers:,} followers · {escape(ticket.priority)} priority",
    ]
    blocks: list[Block] = sections("\n".join(lines))[:2] + conversation_blocks(ticket)
    blocks += quoted_sections(latest_post(ticket).text, POST_SECTIONS, "*Show full post* below")
    full_text_shown = True
    if draft and draft.text:
        drafted = titled_sections("*Current draft*", draft.text)
        if len(drafted) > 30:
            full_text_shown = False
            drafted = [SectionBlock(text=MarkdownTextObject(text="*Current draft* is too long to show here; open it with *Edit &amp; send*."))]
        blocks += drafted
    if permalink:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=link(permalink, "Open the card in the inbox"))]))
    problems = _problems(ticket)
    if problems:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=problems)))
    if TicketState(ticket.state) is TicketState.ESCALATED:
        buttons = _buttons(ticket, full_text_shown, manager=True)
        if buttons:
            blocks.append(ActionsBlock(block_id=seen_block_id("manager", ticket), elements=buttons))
    else:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_status(ticket))]))
    return blocks


def escalation_text(ticket: Ticket) -> str:
    return f"Ticket #{ticket.id} escalated: {escape(' '.join(ticket.escalation_reason.split())[:200])}"
