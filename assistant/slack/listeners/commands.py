"""`/social`: queue numbers, one ticket's status, and a knowledge sync on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.slack import constants as c
from assistant.slack.blocks import escape

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from assistant.services import Services

HELP = (
    "`/social stats` queue by state · `/social ticket N` one ticket's status · "
    "`/social kb sync` re-read the knowledge folder"
)


def register(app: "App", services: "Services") -> None:
    @app.command(c.COMMAND)
    def social(ack: "Ack", command: dict[str, Any], client: Any) -> None:
        words = (command.get("text") or "").split()
        if words[:1] == ["stats"]:
            counts = services.store.counts()
            ack(", ".join(f"{state}: {count}" for state, count in sorted(counts.items())) or "No tickets yet.")
        elif words[:1] == ["ticket"] and len(words) == 2:
            try:
                ticket = services.store.get(int(words[1]) if words[1].isdigit() else words[1])
            except AssistantError as exc:
                ack(f":warning: {exc}")
                return
            ack(f"Ticket #{ticket.id} · {ticket.state} · @{escape(ticket.post.author_handle)}: {escape(ticket.post.text[:200])}")
        elif words[:2] == ["kb", "sync"]:
            ack("Syncing the knowledge folder…")
            report = services.knowledge.sync()
            problems = services.knowledge.problems
            text = f"Knowledge synced: {report.summary()}."
            if problems:
                text += "\nSkipped:\n" + "\n".join(f"• {escape(str(problem))}" for problem in problems[:20])
            client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=text)
        else:
            ack(HELP)
