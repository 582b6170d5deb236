"""The terminal review queue of `demo`: the Slack card's information and actions, in a shell."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Prompt

from assistant.conversation import latest_post, messages
from assistant.drafting.length import platform_length
from assistant.errors import AssistantError, TicketChanged
from assistant.people import plain
from assistant.platforms import Platform
from assistant.policy import Action
from assistant.presentation import describe_dm, model_notes
from assistant.review import unexpected_failure
from assistant.store import Ticket, TicketState

if TYPE_CHECKING:
    from assistant.services import Services

COLOURS = {"urgent": "red", "high": "dark_orange", "normal": "blue", "low": "grey50"}


def render_card(ticket: Ticket, rules: Platform) -> Panel:
    """The same facts as the Slack card: author and reach, post, priority and why, draft, citations,
    flags; `rules`: the installation's for the ticket's network (its length limit)."""
    post, draft = latest_post(ticket), ticket.draft
    said = messages(ticket)
    earlier = [
        f"[dim]{m.at:%d %b %H:%M} {'We replied' + (' (outside this app)' if m.outside else '') if m.ours else escape(m.who)}: {escape(' '.join(m.text.split())[:200])}[/]"
        for m in said
        if m.ours or m.external_id != post.external_id
    ]
    lines = [
        f"[bold]@{escape(post.author_handle)}[/] · {post.author_followers:,} followers · {escape(ticket.intent)} · {escape(ticket.sentiment)}",
        *([f"[bold]Conversation so far[/] ({len(said)} messages, round {ticket.round or 1}):"] + earlier + ["[bold]Latest:[/]"] if earlier else []),
        f"[italic]“{escape(post.text)}”[/]",
        *(
            ["[yellow]⚠ Already answered outside this app: approving sends a second reply.[/]"]
            if said and said[-1].outside and ticket.state == TicketState.AWAITING_REVIEW
            else []
        ),
        f"[dim]Why this priority: {escape('; '.join(ticket.priority_reasons))}[/]",
        "",
    ]
    if draft and draft.text:
        length, limit, unit = platform_length(draft.text, rules)
        lines.append(f"[bold]Draft[/] ({escape(draft.drafter)}, {length}/{limit} {unit}): {escape(draft.text)}")
    else:
        lines.append("[bold]No draft.[/] Write one with edit, escalate, or dismiss.")
    if draft and draft.dm_text:
        lines.append(f"[bold]DM draft[/] (sent after the reply): {escape(draft.dm_text)}")
    if describe_dm(ticket):
        lines.append(f"[bold]DM:[/] {escape(describe_dm(ticket))}")
    if draft and draft.citations:
        cites = ", ".join(f"{escape(c['article_id'])} ({float(c['score']):.2f})" for c in draft.citations)
        lines.append(f"[green]Cites: {cites}[/]")
    else:
        lines.append("[yellow]⚠ No sources cited[/]" + (" — no article matched" if ticket.no_match else ""))
    for flag in draft.flags if draft else []:
        lines.append(f"[yellow]⚑ {escape(flag)}[/]")
    for note in model_notes(ticket):
        lines.append(f"[dim]The model's own note (its words, not instructions): “{escape(note)}”[/]")
    for problem in (draft.problems or []) if draft else []:
        lines.append(f"[red]⛔ {escape(problem['name'])}: {escape(problem['reason'])}[/]")
    if draft and draft.problems:
        lines.append(
            f"[yellow]Checks overridden by {escape(draft.override_by)}: {escape(draft.override_reason)}[/]"
            if draft.override_reason
            else "[red]Approve is blocked: edit the reply, or override the checks with a reason (o).[/]"
        )
    state = f"{ticket.state}" + (f" by {escape(ticket.last_actor)}" if ticket.last_actor not in ("", "system") else "")
    title = f"#{ticket.id} [{COLOURS.get(ticket.priority, 'white')}]{ticket.priority.upper()}[/] · {state}"
    return Panel("\n".join(lines), title=title, title_align="left", border_style=COLOURS.get(ticket.priority, "white"))


def review_queue(services: Services, console: Console, actor: str) -> None:
    """Work the queue, most urgent first: approve, edit, escalate, dismiss, skip or quit."""
    desk = services.desk
    queue = sorted(services.store.list(states=[TicketState.AWAITING_REVIEW]), key=lambda t: (-t.priority_score, t.id))
    console.print(f"\n[bold]{len(queue)} ticket(s) waiting.[/] a=approve & send · o=override checks · e=edit & send · s=escalate · d=dismiss · n=next · q=quit")
    for position, ticket in enumerate(queue, start=1):
        console.print(f"\n[dim]{position}/{len(queue)}[/]")
        console.print(render_card(ticket, services.platforms(ticket.post.platform)), soft_wrap=False)
        seen = ticket.version  # what the agent has looked at; anything newer is shown before acting
        while True:
            ticket = services.store.get(ticket.id)
            has_draft = bool(ticket.draft and ticket.draft.text)
            blocked = bool(ticket.draft and ticket.draft.text and ticket.draft.blocked)
            choices = (["o"] if blocked else ["a"] if has_draft else []) + ["e", "s", "d", "n", "q"]
            choice = Prompt.ask("Action", choices=choices, default="n", console=console)
            try:
                if choice == "q":
                    return
                if choice == "n":
                    break
                if choice == "a":
                    outcome = desk.approve(ticket.id, actor, seen)
                elif choice == "o":
                    outcome = desk.override(ticket.id, actor, Prompt.ask("Why is this reply right despite the failed checks?", console=console), seen)
                    console.print(f"[green]✔ {escape(plain(outcome.message))}[/]")
                    seen = outcome.ticket.version
                    continue
                elif choice == "e":
                    text = Prompt.ask("Reply to post (exactly as written)", default=ticket.draft.text if ticket.draft else "", console=console)
                    verdict = desk.check(ticket.id, actor, Action.EDIT, reply=text)
                    reason = ""
                    if not verdict.ok:
                        console.print("[red]" + escape(plain(verdict.message())) + "[/]")
                        if set(verdict.errors) != {"reply"} or not verdict.problems:
                            continue  # only failed draft checks can be overridden
                        reason = Prompt.ask("Override reason (empty to go back and edit)", default="", console=console)
                        if not reason.strip():
                            continue
                    outcome = desk.edit_and_send(ticket.id, actor, text, reason, seen)
                elif choice == "s":
                    outcome = desk.escalate(ticket.id, actor, Prompt.ask("Why escalate?", console=console), seen)
                else:
                    outcome = desk.dismiss(ticket.id, actor, Prompt.ask("Reason", default="no reply needed", console=console), seen)
            except TicketChanged as exc:
                console.print(f"[yellow]⚠ {escape(plain(str(exc)))}[/]")
                latest = services.store.get(ticket.id)
                console.print(render_card(latest, services.platforms(latest.post.platform)), soft_wrap=False)
                seen = latest.version
                if latest.state != TicketState.AWAITING_REVIEW:
                    break
                continue
            except AssistantError as exc:
                console.print(f"[yellow]⚠ {escape(plain(str(exc)))}[/]")
                continue
            except Exception as exc:  # noqa: BLE001 - the agent gets the truth, never a traceback
                logging.getLogger(__name__).exception("terminal action on ticket %s failed", ticket.id)
                console.print(f"[red]⚠ {escape(unexpected_failure(exc))}[/]")
                continue
            console.print(f"[green]✔ {escape(plain(outcome.message))}[/]")
            break
