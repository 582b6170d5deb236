"""Slack mrkdwn made safe: customer and agent text escaped, mentions only from ids we chose, long text split at Slack's limits, and the version a card showed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    MarkdownTextObject,
    SectionBlock,
)

from assistant.people import plain, render
from assistant.slack import constants as c
from assistant.store import Ticket

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


def say(text: str, limit: int = 2900) -> str:
    """A message of ours for Slack: cut to `limit`, everything escaped, then the people our code
    named (`people.person`) made into mentions. An id found anywhere else in the text (a customer's
    handle that looks like one) stays text: nothing else can ping."""
    said = render(escape(text or ""), lambda actor: f"<@{actor}>" if _SLACK_USER.match(actor) else actor)
    if len(said) > limit:  # cut as plain text: a mark is never cut in half (the ids are then said as text)
        said = escape(split_raw(plain(text), limit - 10)[0] + " …")
    return said


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
def quoted_pieces(text: str) -> tuple[str, ...]:
    """A post split for quoting, once per text (a card, its buttons and the escalation all need it)."""
    return tuple(split_raw(text, c.SECTION_LIMIT - 150, render=_quote))  # room for the "… more" line


def quoted_sections(text: str, max_sections: int, more: str = "") -> list[Block]:
    """Customer text as quoted sections: every piece quoted, so nothing in it can pass for the card's
    own text; past `max_sections` it ends with a visible "… more"."""
    pieces = quoted_pieces(text)
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


def sections(text: str) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in split_text(text)]


def titled_sections(title: str, raw: str) -> list[Block]:
    """Our title over someone's text (a draft, a DM): the text is split before it is escaped, so
    no piece ends inside an entity."""
    pieces = split_raw(raw, c.SECTION_LIMIT - len(title) - 2)
    shown = [f"{title}\n{escape(pieces[0]) if pieces else ''}"] + [escape(piece) for piece in pieces[1:]]
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in shown]


def when(moment: datetime, style: str = "{date_short_pretty} {time}") -> str:
    """A time every reader sees in their own time zone (UTC in the fallback text)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    fallback = aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(aware.timestamp())}^{style}|{fallback}>"
