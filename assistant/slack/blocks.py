"""Block Kit for tickets, built with slack_sdk's typed blocks. Pure functions of a ticket: no I/O."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from dataclasses import dataclass, field
from datetime import datetime, timezone

from assistant.conversation import Message, latest_post, messages
from assistant.drafting.checks import platform_length
from assistant.platforms import platform as platform_rules
from assistant.policy import Action, offered
from assistant.review import describe_dm, model_notes
from assistant.slack import constants as c
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
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


def escape(text: str) -> str:
    """Slack mrkdwn escaping so user text can't ping `<!channel>`, mention people or hide links."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def name(text: str, limit: int = 80) -> str:
    """A handle or display name on one line, escaped and cut (never inside an entity)."""
    flat = " ".join((text or "").split())
    return escape(flat[:limit] + ("…" if len(flat) > limit else ""))


def link(url: str, label: str) -> str:
    """A link we build: only https URLs with nothing that could end the link or relabel it."""
    if url.startswith("https://") and not re.search(r"[|<>\s]", url):
        return f"<{url}|{escape(label)}>"
    return escape(label)


def say(text: str, people: set[str] | frozenset[str] = frozenset(), limit: int = 2900) -> str:
    """A message of ours for Slack: cut to `limit`, everything escaped, then the people we name
    (Slack user ids we know: the clicking agent, the ticket's actors) made into mentions. Nothing
    else can ping."""
    text = text or ""
    if len(escape(text)) > limit:
        text = split_raw(text, limit - 10)[0] + " …"
    escaped = escape(text)
    ids = sorted((p for p in people if p and _SLACK_USER.match(p)), key=len, reverse=True)
    if not ids:
        return escaped
    return re.sub(r"\b(" + "|".join(map(re.escape, ids)) + r")\b", lambda m: f"<@{m.group(1)}>", escaped)


def people_of(ticket: Ticket, *more: str) -> set[str]:
    return {ticket.claimed_by, ticket.last_actor, *(event.actor for event in ticket.events), *more} - {"", "system"}


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


def split_raw(text: str, limit: int, render: Any = escape) -> list[str]:
    """Split raw text at line or word boundaries so that each piece, rendered, fits `limit`: entities
    are made after the split, so none is ever cut."""
    pieces: list[str] = []
    text = text or ""
    while text and len(render(text)) > limit:
        cut = min(len(text), limit)
        while cut > 1 and len(render(text[:cut])) > limit:
            cut = max(1, int(cut * 0.9))
        soft = max(text.rfind("\n", 0, cut), text.rfind(" ", 0, cut))
        cut = soft if soft > cut // 2 else cut
        pieces.append(text[:cut])
        text = text[cut:].lstrip()
    return pieces + [text] if text else pieces


def split_text(text: str, limit: int = c.SECTION_LIMIT) -> list[str]:
    """Split text of our own (already escaped, no entities at risk) to fit section blocks."""
    return split_raw(text, limit, render=lambda piece: piece)


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


@lru_cache(maxsize=256)
def _quoted_pieces(text: str) -> tuple[str, ...]:
    """A post split for quoting, once per text (a card, its buttons and the escalation all need it)."""
    return tuple(split_raw(text, c.SECTION_LIMIT - 150, render=_quote))  # room for the "… more" line


def quoted_sections(text: str, max_sections: int, more: str = "") -> list[Block]:
    """Customer text as quoted sections: every piece quoted, so nothing in it can pass for the card's
    own text; past `max_sections` it ends with a visible "… more"."""
    pieces = _quoted_pieces(text)
    shown = [_quote(piece) for piece in pieces[:max_sections]]
    if len(pieces) > max_sections:
        shown[-1] += f"\n_… more ({len(text):,} characters in all){(' · ' + more) if more else ''}_"
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in shown]


def _without_cut_entity(text: str) -> str:
    """Text of ours cut somewhere: drop a trailing `&amp`-style fragment the cut left."""
    return re.sub(r"&[a-z]{0,3}$", "", text)


def fit(text: str, limit: int = 3000) -> str:
    """Slack text of ours (already escaped) cut to `limit` at a line end, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 2]
    cut = cut[: cut.rfind("\n")] if cut.rfind("\n") > limit // 2 else _without_cut_entity(cut)
    return cut + "\n…"


def capped(lines: list[str], limit: int = c.SECTION_LIMIT, what: str = "more") -> str:
    """Lines joined up to `limit` characters, then "… N more"."""
    kept: list[str] = []
    used = 0
    for number, line in enumerate(lines):
        tail = f"\n… {len(lines) - number} {what}"
        line = line if len(line) <= limit - 40 else _without_cut_entity(line[: limit - 41].rsplit(" ", 1)[0]) + "…"
        if used + len(line) + 1 + len(tail) > limit and number < len(lines):
            kept.append(tail.strip())
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def card_text(ticket: Ticket) -> str:
    """The top-level fallback (notifications, screen readers): escaped like everything else, since
    phones render it and a `<!channel>` there pings everyone."""
    post = ticket.post
    flat = " ".join(post.text.split())
    return f"Ticket #{ticket.id} [{ticket.priority or 'new'}] @{name(post.author_handle)}: {escape(flat[:150])}{'…' if len(flat) > 150 else ''}"


def _sections(text: str) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in split_text(text)]


def titled_sections(title: str, raw: str) -> list[Block]:
    """Our title over someone's text (a draft, a DM): the text is split before it is escaped, so
    no piece ends inside an entity."""
    pieces = split_raw(raw, c.SECTION_LIMIT - len(title) - 2)
    shown = [f"{title}\n{escape(pieces[0]) if pieces else ''}"] + [escape(piece) for piece in pieces[1:]]
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in shown]


MAX_BLOCKS = 50  # Slack refuses a message with more
POST_SECTIONS = 2  # of the post on a card; the rest is one click away ("Show full post")


def post_is_cut(text: str) -> bool:
    return len(_quoted_pieces(text)) > POST_SECTIONS


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


def when(moment: datetime, style: str = "{date_short_pretty} {time}") -> str:
    """A time every reader sees in their own time zone (UTC in the fallback text)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    fallback = aware.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(aware.timestamp())}^{style}|{fallback}>"


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


def _context_line(ticket: Ticket, context: CardContext) -> str:
    parts = []
    if answered_outside(ticket):
        parts.append(":warning: *Already answered outside this app* (see the conversation): approving sends a second reply. Dismiss it if that one was enough")
    if ticket.waiting_since is not None and context.sla_due is not None:
        parts.append(f":stopwatch: Waiting since {when(ticket.waiting_since)} · reply due by {when(context.sla_due)} ({escape(context.sla_target)})")
    if ticket.waiting_since is not None and any(e.kind == "sla_breached" and aware(e.at) >= aware(ticket.waiting_since) for e in ticket.events):
        parts.append(":red_circle: *SLA missed*")
    if context.follow_up is not None:
        parts.append(f":alarm_clock: Follow up {when(context.follow_up)}" + (f" (set by {who(context.follow_up_by)})" if context.follow_up_by not in ("", "system") else " (promised in our reply)"))
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
        f"{icon} *{escape((ticket.priority or 'new').upper())}* · {name(ticket.intent or '?')} · "
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
        weight, limit, unit = platform_length(draft.text, post.platform)
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
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=capped([f":triangular_flag_on_post: {escape(flag)}" for flag in flags], what="more flags"))]))
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
        reply_blocks = [SectionBlock(text=MarkdownTextObject(text=f"*Draft reply* is too long to show on a card ({len(draft.text if draft else ''):,} characters). Open it with *Edit*."))]
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
    return ConfirmObject(title=PlainTextObject(text=title), text=PlainTextObject(text=text[:300]), confirm=PlainTextObject(text=yes), deny=PlainTextObject(text="Cancel"))


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
    if Action.EDIT in actions:
        buttons.append(_button("Edit & send" if manager else "Edit", c.EDIT, ticket))
    if Action.ESCALATE in actions:
        buttons.append(_button("Escalate", c.ESCALATE, ticket, "danger"))
    if Action.DISMISS in actions:
        buttons.append(_button("Dismiss", c.DISMISS, ticket, None, _confirm("Dismiss?", f"Dismiss without replying? @{_handle_plain(ticket)} gets no answer from us.", "Dismiss")))
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
    blocks: list[Block] = _sections("\n".join(lines))[:2] + conversation_blocks(ticket)
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


def edit_modal(ticket: Ticket, typed: dict[str, str] | None = None, error: str = "") -> View:
    """The reply and the DM, prefilled with the draft (or with what the agent typed, when a submit
    was refused: nothing typed is lost), checked on submit by the review desk's rules."""
    draft = ticket.draft
    typed = typed or {}
    reply, reply_note = _prefill(typed.get("reply", draft.text if draft else ""))
    dm, dm_note = _prefill(typed.get("dm", draft.dm_text if draft else ""))
    override, _ = _prefill(typed.get("override", ""))
    rules = platform_rules(ticket.post.platform)
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
            hint=PlainTextObject(text=" ".join(filter(None, [f"At most {rules.limit} {rules.unit} on {rules.title}.", rules.counting, thread_hint, reply_note]))),
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
    return View(type="modal", title=PlainTextObject(text=title[:24]), close=PlainTextObject(text="Close"), blocks=_sections(text)[:20])


def full_post_view(ticket: Ticket) -> View:
    """The customer's latest post whole, read-only: what a card shortens with "… more"."""
    post = latest_post(ticket)
    head = SectionBlock(text=MarkdownTextObject(text=f"*@{name(post.author_handle)}* · ticket #{ticket.id} · {len(post.text):,} characters"))
    return View(type="modal", title=PlainTextObject(text=f"Post of ticket #{ticket.id}"[:24]), close=PlainTextObject(text="Close"), blocks=[head] + quoted_sections(post.text, 99))


def _ago(now: datetime, then: datetime) -> str:
    from assistant.sla import short

    return short(now - aware(then))


def _rows(title: str, rows: list[Any], line: Any, empty: str, limit: int = 10) -> list[Block]:
    if not rows:
        return [SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{empty}"))]
    lines = [f"*{title}* ({len(rows)})"] + [line(row) for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"… and {len(rows) - limit} more")
    return [SectionBlock(text=MarkdownTextObject(text=capped(lines, what="more")))]


def _numbers(title: str, numbers: dict[str, Any], agent: str = "") -> list[Block]:
    from assistant.metrics import describe

    lines = describe(numbers)
    if agent:  # an agent's own line, not everyone's
        mine = numbers["agents"].get(agent, {"replies": 0, "edited": 0, "escalated": 0, "dismissed": 0})
        lines = lines[:1] + [f"You: {mine['replies']} replies ({mine['edited']} edited), {mine['escalated']} escalated, {mine['dismissed']} dismissed"]
    else:
        lines = [line if not line.startswith("  ") else "• " + line.strip() for line in lines]
    return [SectionBlock(text=MarkdownTextObject(text=capped([f"*{title}*"] + [escape(line) for line in lines])))]


def home_view(counts: dict[str, int], gaps: list[Any], limit: int = 5, board: Any = None, user: str = "") -> View:
    """The app's Home tab: for managers, decisions waiting, SLAs, follow-ups and the numbers; for an
    agent, their own queue and numbers; the top knowledge gaps for content editors."""
    waiting = counts.get(TicketState.AWAITING_REVIEW, 0)
    queue = " · ".join(f"{STATE_LABEL[TicketState(state)]}: *{count}*" for state, count in sorted(counts.items())) or "No tickets yet."
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*Social inbox* · {waiting} waiting for an agent\n{queue}")),
        DividerBlock(),
    ]
    if board is not None:
        now = board.now
        if board.manager:
            blocks += _rows(
                ":rotating_light: Escalations waiting for a decision",
                board.escalations,
                lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text[:150])} · by {who(r.who)} · {_ago(now, r.since)} ago",
                "None. :tada:",
            )
            blocks += _rows(":red_circle: SLA breached", board.breached, lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text)} · late by {_ago(now, r.since)}" + (f" · {who(r.who)}" if r.who else ""), "None.")
            blocks += _rows(":hourglass: About to breach", board.at_risk, lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text)} · {_ago(now, r.since)} left" + (f" · {who(r.who)}" if r.who else ""), "None.")
        else:
            blocks += _rows(":inbox_tray: Your conversations", board.mine, lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text)} · waiting {_ago(now, r.since)}", "Nothing waiting on you.")
        blocks += _rows(
            ":alarm_clock: Follow-ups due (next 24 h)",
            board.follow_ups,
            lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text[:150])} · " + (f"due in {_ago(now, r.since)}" if r.since > now else f"overdue by {_ago(now, r.since)}") + (f" · {who(r.who)}" if board.manager and r.who != "system" else ""),
            "None.",
        )
        blocks.append(DividerBlock())
        mine = "" if board.manager else user
        blocks += _numbers("Last 7 days", board.week, mine) + _numbers("Last 30 days", board.month, mine)
        blocks.append(DividerBlock())
    if not gaps:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Knowledge gaps*\nEvery post so far found an article. :tada:")))
    else:
        lines = ["*Knowledge gaps* — questions no article answers, most asked first. Write these next:"]
        for number, gap in enumerate(gaps[:limit], start=1):
            lines.append(f"{number}. *{gap.size} post(s)* e.g. “{escape(gap.example[:200])}”")
        blocks += _sections("\n".join(lines))
    return View(type="home", blocks=blocks[:100])
