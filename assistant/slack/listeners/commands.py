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
    "`/social kb sync` re-read the knowledge folder · `/social kb lint` article problems · "
    "`/social kb gaps` questions no article answers"
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
        elif words[:2] in (["kb", "sync"], ["kb", "lint"], ["kb", "gaps"]):
            ack(f"Working on `kb {words[1]}`…")
            text = KB_REPLIES[words[1]](services)
            client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=text)
        else:
            ack(HELP)


def _sync(services: "Services") -> str:
    report = services.knowledge.sync()
    text = f"Knowledge synced: {report.summary()}."
    if not services.knowledge.articles:
        text += f"\n:warning: No usable articles in `{escape(str(services.knowledge.folder))}`: every post will be flagged no match."
    return text + _problems(services)


def _problems(services: "Services") -> str:
    problems = services.knowledge.problems
    if not problems:
        return ""
    return "\nSkipped:\n" + "\n".join(f"• {escape(str(problem))}" for problem in problems[:20])


def _lint(services: "Services") -> str:
    from assistant.kb.health import near_duplicates, never_retrieved

    knowledge = services.knowledge
    knowledge.sync()
    lines = [f"{len(knowledge.articles)} articles OK, {len(knowledge.problems)} problem(s)." + _problems(services)]
    for a, b, similarity in near_duplicates(knowledge.articles, knowledge.index.embedder.embeddings):
        lines.append(f"• near-duplicate: `{a}` ~ `{b}` ({similarity:.2f})")
    unused = never_retrieved(knowledge.articles, services.store.cited_article_ids())
    if unused:
        lines.append("• never cited by a draft: " + ", ".join(f"`{article}`" for article in unused[:30]))
    return "\n".join(lines)


def _gaps(services: "Services") -> str:
    from assistant.kb.health import group_gaps

    recent = services.store.list(no_match=True, limit=500, newest_first=True)
    gaps = group_gaps(recent, services.knowledge.index.embedder.embeddings, brand=services.settings.brand_name)
    if not gaps:
        return "No knowledge gaps: every post so far found an article (or was spam or praise)."
    return "*Knowledge gaps*, most asked first:\n" + "\n".join(
        f"{number}. *{gap.size} post(s)* e.g. “{escape(gap.example[:200])}”" for number, gap in enumerate(gaps[:10], start=1)
    )


KB_REPLIES = {"sync": _sync, "lint": _lint, "gaps": _gaps}
