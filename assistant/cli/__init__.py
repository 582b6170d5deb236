"""`social-reply`: the demo, the real bot, and every capability of the library from the shell.

One module per audience: `demo` (the samples and evaluations), `tickets`, `kb` (the knowledge
folder) and `admin` (running and watching the bot); `common` holds what they share."""

from __future__ import annotations

import sys

import typer

from assistant.cli import admin, db, demo, kb, tickets  # noqa: F401 - each registers its commands on `app`
from assistant.cli.common import app, fail
from assistant.errors import AssistantError

__all__ = ["app", "main"]

# `--help` lists them in the order a newcomer meets them: try it, run it, work tickets, check numbers.
_ORDER = ["demo", "run", "replay", "rejected", "tickets", "ticket", "check", "draft-eval", "privacy-eval", "stats", "report"]
app.registered_commands.sort(key=lambda command: _ORDER.index(command.name or command.callback.__name__))  # type: ignore[union-attr]


def main() -> None:
    """Run the CLI; an error a user or operator can fix ends as `error: ...` lines and exit code 2."""
    try:
        app()
    except AssistantError as exc:
        try:
            fail(str(exc))
        except typer.Exit as stop:
            sys.exit(stop.exit_code)
