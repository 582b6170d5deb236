"""Tickets from the shell: `replay` posts in, list and read `tickets`, ask the desk to `check` an action."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from assistant.cli.common import (
    JsonOption,
    app,
    console,
    emit,
    err,
    fail,
    open_services,
    open_store,
    quiet,
)
from assistant.config import load_settings
from assistant.errors import AssistantError
from assistant.people import plain


@app.command()
def replay(
    file: Path = typer.Argument(..., help="JSON Lines of posts (format in the README)."),
    as_new: bool = typer.Option(False, "--as-new", help="Take the posts as written now, not at their recorded times (a recording as live traffic)."),
    as_json: bool = JsonOption,
) -> None:
    """Feed posts from a file through the pipeline into the ticket store (cards appear when `run` is up)."""
    from assistant.sources.replay import replay as replay_file

    quiet()
    if not file.is_file():
        fail(f"{file} does not exist.")
    services = open_services(load_settings())
    services.knowledge.sync()
    report = replay_file(file, services.pipeline, as_new=as_new)
    data = {
        "posts": report.posts,
        "new_tickets": report.new_tickets,
        "joined_conversations": report.joined,
        "ours": report.ours,
        "duplicates": report.duplicates,
        "skipped": [{"line": p.line, "reason": p.reason} for p in report.problems],
    }
    if as_json:
        emit(data)
        return
    console.print(
        f"{data['posts']} posts: {data['new_tickets']} new tickets, {data['joined_conversations']} joined their conversation, "
        f"{data['ours']} our own, {data['duplicates']} already known."
    )
    for problem in report.problems:
        err.print(f"[yellow]{escape(str(file))}:{problem.line}: skipped: {escape(problem.reason)}[/] (kept in `social-reply rejected`)")


def _ticket_dict(ticket: Any, events: bool = False) -> dict[str, Any]:
    draft = ticket.draft
    data: dict[str, Any] = {
        "id": ticket.id,
        "state": ticket.state,
        "priority": ticket.priority,
        "intent": ticket.intent,
        "sentiment": ticket.sentiment,
        "why": ticket.priority_reasons,
        "author": ticket.post.author_handle,
        "followers": ticket.post.author_followers,
        "post": ticket.post.text,
        "draft": draft.text if draft else "",
        "dm_draft": draft.dm_text if draft else "",
        "citations": [c["article_id"] for c in draft.citations] if draft else [],
        "flags": draft.flags if draft else [],
        "no_match": ticket.no_match,
        "round": ticket.round or 1,
        "follows": ticket.previous_ticket_id,
        "written_at": ticket.post.posted_at,
        "received_at": ticket.post.received_at,
        "waiting_since": ticket.waiting_since,  # the customer's clock: when they wrote, never after receipt
        "assigned_to": ticket.assigned_to,
        "claimed_by": ticket.claimed_by,
    }
    if events:
        from assistant.conversation import messages

        data["conversation"] = [
            {"at": m.at, "from": "us" if m.ours else m.who, "outside_app": m.outside, "approved_by": "" if m.outside or not m.ours else m.who, "text": m.text}
            for m in messages(ticket)
        ]
        data["events"] = [
            {"at": e.at, "actor": e.actor, "kind": e.kind, "from": e.from_state, "to": e.to_state, "text": e.text, "note": e.note} for e in ticket.events
        ]
    return data


SORTS = ("id", "newest", "priority")


@app.command()
def tickets(
    state: str | None = typer.Option(None, help="Only tickets in this state (new, awaiting_review, sending, sent, send_failed, escalated, dismissed, closed)."),
    limit: int = typer.Option(50, min=0, help="Show at most this many (0: all)."),
    sort: str = typer.Option("id", help="id (oldest first), newest, or priority (urgent first, then oldest)."),
    as_json: bool = JsonOption,
) -> None:
    """List tickets in the store."""
    from rich.table import Table

    from assistant.policy import TicketState
    from assistant.sla import PRIORITIES

    states = [s.value for s in TicketState]
    if state is not None and state not in states:
        fail(f"--state {state!r} is not a ticket state; use one of: {', '.join(states)}.")
    if sort not in SORTS:
        fail(f"--sort {sort!r} is not known; use one of: {', '.join(SORTS)}.")
    # One more than shown tells whether there are more; by priority every ticket is read and sorted.
    wanted = limit + 1 if limit and sort != "priority" else None
    settings = load_settings()
    store = open_store(settings)
    found = store.list(states=[state] if state else None, limit=wanted, newest_first=sort == "newest")
    if sort == "priority":
        rank = {name: place for place, name in enumerate(PRIORITIES)}
        found.sort(key=lambda t: (rank.get(t.priority or "", len(rank)), t.id))
    shown = found[:limit] if limit else found
    rows = [_ticket_dict(t) for t in shown]
    if as_json:
        emit(rows)
        return
    from assistant.naming import names_for

    name = names_for(settings, store)
    table = Table("id", "state", "priority", "with", "author", "post", "cites")
    for row in rows:
        holder = row["claimed_by"] or row["assigned_to"]
        # Escaped: a masked "[card ••••1111]" in a post is text, not a rich style tag that would vanish.
        table.add_row(
            str(row["id"]),
            row["state"],
            escape(row["priority"] or ""),
            escape(name(holder) if holder else ""),
            escape("@" + row["author"]),
            escape(" ".join(row["post"].split())[:60]),
            escape(",".join(row["citations"])),
        )
    console.print(table)
    if len(shown) < len(found):
        console.print(f"Showing the first {len(shown)}; there are more (--limit 0 shows all).")


@app.command()
def ticket(ticket_id: str = typer.Argument(..., help="Ticket number."), as_json: bool = JsonOption) -> None:
    """One ticket with its full audit log."""
    try:
        data = _ticket_dict(open_store(load_settings()).get(_ticket_number(ticket_id)), events=True)
    except AssistantError as exc:
        fail(str(exc))
    if as_json:
        emit(data)
        return
    console.print_json(json.dumps(data, default=str, ensure_ascii=False))


@app.command()
def check(
    ticket_id: str = typer.Argument(..., help="Ticket number."),
    action: str = typer.Option("edit", help="approve, edit, escalate, dismiss, return, close, claim, release, take_over, follow_up or override."),
    reply: str | None = typer.Option(None, help="The reply text to check (edit)."),
    dm: str | None = typer.Option(None, help="The DM text to check (edit)."),
    actor: str = typer.Option("cli", help="Who would act (a claim by someone else refuses)."),
    as_json: bool = JsonOption,
) -> None:
    """Ask the review desk whether an action (and a reply text) would be allowed now, without doing it:
    the same decision the Slack modal and the terminal queue show. Exit code 1 when refused."""
    from assistant.policy import Action

    try:
        wanted = Action(action)
    except ValueError:
        fail(f"--action: {action!r} is not one of {', '.join(a.value for a in Action)}.")
    services = open_services(load_settings(), read_only=True)
    if reply is not None or dm is not None:
        services.knowledge.sync()  # the checks read the cited articles
    verdict = services.desk.check(_ticket_number(ticket_id), actor, wanted, reply=reply, dm=dm)
    data = {
        "ticket": verdict.ticket.id,
        "action": wanted.value,
        "allowed": verdict.ok,
        "errors": verdict.errors,
        "reply": verdict.reply,
        "failed_checks": [p.as_dict() for p in verdict.problems],
    }
    if as_json:
        emit(data)
    else:
        console.print(("allowed" if verdict.ok else "refused") + f": {wanted.value} on ticket {verdict.ticket.id}")
        for field, message in verdict.errors.items():
            console.print(f"  {field}: {plain(message)}", markup=False)
    if not verdict.ok:
        raise typer.Exit(1)


def _ticket_number(text: str) -> int:
    from assistant.errors import TicketNotFound

    if not text.strip().isdigit():
        raise TicketNotFound(text)
    return int(text)
