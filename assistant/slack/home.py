"""The app's Home tab: the manager's board, an agent's own queue, the numbers and the knowledge gaps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from assistant.metrics import agent_line, describe
from assistant.people import person
from assistant.sla import short
from assistant.slack.cards import (
    STATE_LABEL,
)
from assistant.slack.text import capped, escape, name, say, sections, who
from assistant.store import TicketState
from assistant.store.models import aware


def _ago(now: datetime, then: datetime) -> str:
    return short(now - aware(then))


def _rows(title: str, rows: list[Any], line: Any, empty: str, limit: int = 10) -> list[Block]:
    if not rows:
        return [SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{empty}"))]
    lines = [f"*{title}* ({len(rows)})"] + [line(row) for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"… and {len(rows) - limit} more")
    return [SectionBlock(text=MarkdownTextObject(text=capped(lines, what="more")))]


def _numbers(title: str, numbers: dict[str, Any], agent: str = "") -> list[Block]:
    lines = describe(numbers, name=person)  # Slack shows each agent's name
    if agent:  # an agent's own line, not everyone's
        lines = lines[:1] + [f"You: {agent_line(numbers['agents'].get(agent, {}))}"]
    else:
        lines = [line if not line.startswith("  ") else "• " + line.strip() for line in lines]
    return [SectionBlock(text=MarkdownTextObject(text=capped([f"*{title}*"] + [say(line) for line in lines])))]


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
            blocks += _rows(
                ":red_circle: SLA breached",
                board.breached,
                lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text)} · late by {_ago(now, r.since)}" + (f" · {who(r.who)}" if r.who else ""),
                "None.",
            )
            blocks += _rows(
                ":hourglass: About to breach",
                board.at_risk,
                lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text)} · {_ago(now, r.since)} left" + (f" · {who(r.who)}" if r.who else ""),
                "None.",
            )
        else:
            blocks += _rows(
                ":inbox_tray: Your conversations",
                board.mine,
                lambda r: f"#{r.ticket_id} {name(r.handle)} · {escape(r.text)} · waiting {_ago(now, r.since)}",
                "Nothing waiting on you.",
            )
        blocks += _rows(
            ":alarm_clock: Follow-ups due (next 24 h)",
            board.follow_ups,
            lambda r: (
                f"#{r.ticket_id} {name(r.handle)} · {escape(r.text[:150])} · "
                + (f"due in {_ago(now, r.since)}" if r.since > now else f"overdue by {_ago(now, r.since)}")
                + (f" · {who(r.who)}" if board.manager and r.who != "system" else "")
            ),
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
        blocks += sections("\n".join(lines))
    return View(type="home", blocks=blocks[:100])
