"""Operating the bot: `run` it, and read what it did (`rejected` items, `stats`, the `report`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from assistant.cli.common import JsonOption, app, console, emit, fail, open_store, working
from assistant.config import load_settings
from assistant.errors import AssistantError


@app.command()
def run(
    replay_file: Path | None = typer.Option(None, "--replay", help="Also feed this JSON Lines file of posts in at start-up."),
    as_new: bool = typer.Option(False, "--as-new", help="Take the replayed posts as written now, not at their recorded times (a recording as live traffic)."),
) -> None:
    """The real bot: Slack (Socket Mode or HTTP), the X, Mastodon and Bluesky pollers and publishers, and the signed webhook, as configured."""
    from assistant.logs import configure_logging

    settings = load_settings()  # first: a wrong setting is one line at once, before the bot's imports (3 s)
    from assistant.runtime import Bot

    configure_logging(settings.log_level)
    bot = Bot(settings)
    try:
        bot.start(replay_file=replay_file, replay_as_new=as_new)
    except AssistantError as exc:
        bot.stop()
        fail(str(exc))
    bot.serve()


@app.command()
def rejected(limit: int = typer.Option(50, help="How many to show, newest first."), as_json: bool = JsonOption) -> None:
    """Items sources could not turn into tickets (bad replay lines, malformed mentions), with why."""
    from rich.table import Table

    items = open_store(load_settings()).rejected(limit)
    rows: list[dict[str, Any]] = [
        {"id": i.id, "source": i.source, "where": i.where, "external_id": i.external_id, "reason": i.reason, "received_at": i.received_at, "raw": i.raw}
        for i in items
    ]
    if as_json:
        emit(rows)
        return
    if not rows:
        console.print("Nothing was rejected: every item became a ticket.")
        return
    table = Table("id", "source", "where", "reason", "item (personal data masked)")
    for row in rows:
        table.add_row(str(row["id"]), escape(row["source"]), escape(row["where"]), escape(row["reason"]), escape(row["raw"][:120]))
    console.print(table)


@app.command()
def stats(as_json: bool = JsonOption) -> None:
    """Queue by state, and model calls: drafts, tokens and latency per model."""
    from rich.table import Table

    store = open_store(load_settings())
    data: dict[str, Any] = {
        "tickets": store.counts(),
        "llm": store.usage_totals(),
        "model": store.model_summary(),
        "slack_cards_refused": store.count_events("slack_refused"),
    }
    if as_json:
        emit(data)
        return
    console.print("Tickets: " + (", ".join(f"{state} {count}" for state, count in sorted(data["tickets"].items())) or "none"))
    if data["slack_cards_refused"]:
        console.print(f"Slack refused {data['slack_cards_refused']} card(s); minimal cards were posted instead (see the logs).")
    _print_model_summary(data["model"])
    if not data["llm"]:
        return
    table = Table("model", "drafts", "prompt tokens", "completion tokens", "avg latency", "max latency")
    for row in data["llm"]:
        table.add_row(
            row["model"],
            str(row["drafts"]),
            str(row["prompt_tokens"]),
            str(row["completion_tokens"]),
            f"{row['avg_latency_ms']} ms",
            f"{row['max_latency_ms']} ms",
        )
    console.print(table)


def _print_model_summary(model: dict[str, Any]) -> None:
    """The share of drafts the model wrote, its requests by outcome, and why the rest were not used."""
    if not model["requests"]:
        console.print("No model requests yet (the offline drafter makes none).")
        return
    requests = ", ".join(f"{outcome} {count}" for outcome, count in model["requests"].items())
    console.print(
        f"Drafts from the model: {model['from_model']} of {model['drafts']} ({model['model_share']:.0%}); requests: {requests}; {model['avg_request_ms']} ms on average."
    )
    for reason, count in model["not_used_because"].items():
        console.print(f"  not used {count}×: {escape(reason)}")


def _desk_learning(settings: Any, store: Any) -> dict[str, Any]:
    """How many labels the desk has given the no-match decision, and the last relearning."""
    from assistant import learning
    from assistant.kb.articles import ArticleLimits
    from assistant.kb.folder import load_folder

    relearnings = learning.history(settings.data_dir)
    articles = load_folder(settings.knowledge_dir, ArticleLimits.from_settings(settings)).articles
    return {**learning.summary(learning.labels(store, articles)), "last_relearning": relearnings[-1] if relearnings else None}


@app.command()
def report(
    since: str = typer.Option("7d", "--since", help="The period before now: 7d, 30d, 12h, 2w."),
    html_file: Path | None = typer.Option(None, "--html", help="Also write the report as one HTML page of charts to this file."),
    csv_dir: Path | None = typer.Option(None, "--csv", help="Also write tickets.csv and events.csv (the audit log) of the period to this folder."),
    as_json: bool = JsonOption,
) -> None:
    """The support numbers from the audit log: first response, responses per interaction, one-reply
    resolution, draft acceptance, escalations, SLA breaches, per agent (and per day, network and
    article in --html)."""
    from assistant.metrics import describe, parse_since
    from assistant.metrics import report as numbers_for
    from assistant.naming import names_for

    try:
        period = parse_since(since)
    except ValueError as exc:
        fail(str(exc))
    settings = load_settings()
    try:
        store = open_store(settings)
    except AssistantError as exc:
        fail(str(exc))
    with working("Reading the audit log"):
        numbers = numbers_for(store, period)
        numbers["desk_learning"] = _desk_learning(settings, store)
    name = names_for(settings, store)
    until = datetime.fromisoformat(numbers["until"])
    written: list[str] = []
    try:
        if html_file is not None:
            from assistant.reports import html_report

            html_file.parent.mkdir(parents=True, exist_ok=True)
            html_file.write_text(html_report(store, until - period, until, name=name), encoding="utf-8")
            written.append(str(html_file))
        if csv_dir is not None:
            from assistant.reports import export_csv

            written.extend(str(path) for path in export_csv(store, until - period, until, csv_dir))
    except OSError as exc:
        fail(f"cannot write the report: {exc.strerror or exc} ({exc.filename or ''})")
    numbers["written"] = written
    if as_json:
        emit(numbers)
        return
    console.print(f"[bold]Last {escape(since)}[/] ({numbers['since'][:16]} to {numbers['until'][:16]} UTC)")
    for line in describe(numbers, name=name):
        console.print(escape(line))
    desk = numbers["desk_learning"]
    console.print(
        escape(f"Desk labels for the no-match decision: {desk['labels']} ({desk['answerable']} answered from an article, {desk['no_article']} with none).")
    )
    last = desk["last_relearning"]
    if last:
        console.print(escape(f"Last relearning: {last['at'][:16]} UTC by {last.get('by', '?')} on {last['labels']} labels: {last['reason']}"))
    else:
        console.print("Last relearning: never (`social-reply kb learn`, or DESK_RELEARN_HOURS in `run`).")
    for path in written:
        console.print(f"Wrote {escape(path)}")
