"""`/social`: queue numbers, one ticket's status, and a knowledge sync on demand."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from assistant.conversation import messages
from assistant.drafting.checks import blocked_lines, blocked_passages
from assistant.drafting.offline import said_in_part
from assistant.drafting.prompts import Prompts
from assistant.errors import AssistantError
from assistant.kb.health import group_gaps, lint
from assistant.metrics import describe, parse_since, report
from assistant.naming import names_for
from assistant.people import person
from assistant.slack import constants as c
from assistant.slack.inbox import REFUSED
from assistant.slack.pacing import work as paced
from assistant.slack.text import escape, fit, name, say
from assistant.store.rows import as_id

if TYPE_CHECKING:
    from slack_bolt import App

    from assistant.services import Services

log = logging.getLogger(__name__)
HELP = (
    "`/social stats` queue by state · `/social mine` your queue · `/social ticket N` one ticket's status · "
    "`/social follow-up N 1h|tomorrow|2026-12-01 14:30` remind me · `/social take N` (managers) take over a claim · "
    "`/social report 7d` the numbers · "
    "`/social sla` the targets (managers: `/social sla first high 30m`) · "
    "`/social kb sync` re-read the knowledge folder · `/social kb lint` article problems · "
    "`/social kb gaps` questions no article answers"
)


def register(app: App, services: Services) -> None:
    def work(command: dict[str, Any], respond: Any) -> None:
        """Answer in the channel the command came from, only to the person who typed it (response_url)."""
        try:
            respond(text=fit(answer(services, command.get("text") or "", command.get("user_id", ""))), response_type="ephemeral")
        except Exception as exc:  # noqa: BLE001 - the person who asked gets the truth
            log.exception("/social %s failed", command.get("text"))
            respond(text=f":warning: `/social` failed on our side ({type(exc).__name__}); it was logged.", response_type="ephemeral")

    app.command(c.COMMAND)(ack=lambda ack: ack(), lazy=[paced(work)])


def answer(services: Services, text: str, user: str = "") -> str:
    words = text.split()
    if words[:1] == ["stats"]:
        counts = services.store.counts()
        line = ", ".join(f"{state}: {count}" for state, count in sorted(counts.items())) or "No tickets yet."
        refused = services.store.count_events(REFUSED)
        return line + (f"\n:warning: Slack refused {refused} card(s); minimal cards were posted instead (see the logs)." if refused else "")
    if words[:1] == ["ticket"] and len(words) == 2:
        try:
            ticket = services.store.get(as_id(words[1]))
        except AssistantError as exc:
            return say(f":warning: {exc}")
        problems = "".join(f"\n• {escape(p.get('name', ''))}: {escape(p.get('reason', ''))}" for p in (ticket.draft.problems if ticket.draft else [])[:30])
        said = messages(ticket)
        if len(said) > 1:  # the whole conversation, oldest first, each message on a line
            lines = [f"• {m.at:%d %b %H:%M} {'we' if m.ours else name(m.who)}: {escape(' '.join(m.text.split())[:300])}" for m in said]
            body = f"Ticket #{ticket.id} · {ticket.state} · round {ticket.round or 1} · {len(said)} messages:\n" + "\n".join(lines)
        else:
            flat = " ".join(ticket.post.text.split())
            body = f"Ticket #{ticket.id} · {ticket.state} · @{name(ticket.post.author_handle)}: {escape(flat[:1500])}{'…' if len(flat) > 1500 else ''}"
        return body + (f"\nFailed checks:{problems}" if problems else "")
    if words[:1] == ["follow-up"] and len(words) >= 3:
        try:
            return say(services.desk.follow_up(as_id(words[1]), user, " ".join(words[2:])).message)
        except AssistantError as exc:
            return say(f":warning: {exc}")
    if words == ["mine"]:
        queue = services.store.assigned_to(user)
        if not queue:
            return "Nothing is assigned to you or held by you now."
        lines = [f"Your queue ({len(queue)}), the longest wait first:"]
        for ticket in queue[:30]:
            held = "claimed" if ticket.claimed_by == user else "assigned"
            waited = f", waiting since {ticket.waiting_since:%d %b %H:%M} UTC" if ticket.waiting_since else ""
            lines.append(f"• #{ticket.id} @{ticket.post.author_handle} · {ticket.priority or 'untriaged'} · {ticket.state} · {held}{waited}")
        if len(queue) > 30:
            lines.append(f"…and {len(queue) - 30} more.")
        return say("\n".join(lines))
    if words[:1] == ["take"] and len(words) == 2:
        try:
            outcome = services.desk.take_over(as_id(words[1]), user)
        except AssistantError as exc:
            return say(f":warning: {exc}")
        if services.inbox is not None:
            services.inbox.refresh(outcome.ticket.id)
            services.inbox.note(outcome.ticket.id, outcome.message)  # the former holder is named there
        return say(outcome.message)
    if words[:1] == ["sla"]:
        if len(words) == 1:
            return say("SLA targets: " + services.store.sla().summary())
        if len(words) != 4:
            return say("Write it as `/social sla first|next PRIORITY DURATION`, e.g. `/social sla first high 30m`.")
        try:
            return say(services.desk.set_sla(user, words[1].lower(), words[2].lower(), words[3]))
        except AssistantError as exc:
            return say(f":warning: {exc}")
    if words[:1] == ["report"] and len(words) <= 2:
        try:
            period = parse_since(words[1] if len(words) == 2 else "7d")
        except ValueError as exc:
            return say(f":warning: {exc}")
        text = say("\n".join(describe(report(services.store, period), name=person)))  # Slack shows each agent's name
        if services.inbox is not None and services.desk.is_manager(user):
            text += "\n" + _charts_to(services, user, period)
        return text
    if words[:2] in (["kb", "sync"], ["kb", "lint"], ["kb", "gaps"]):
        return KB_REPLIES[words[1]](services)
    return HELP


def _charts_to(services: Services, user: str, period: Any) -> str:
    """The report's charts as an image in the manager's DM; a line saying where they went, or why not."""
    from slack_sdk.errors import SlackApiError

    from assistant.reports import build, png

    until = services.store.clock()
    names = names_for(services.settings, services.store)  # an image can't show Slack's mentions: the names we know
    inbox = services.inbox
    if inbox is None:
        return ""
    try:
        image = png(build(services.store, until - period, until, name=names))
        inbox.send_image(
            user,
            image,
            filename="social-inbox-report.png",
            title="Social inbox report",
            comment=f"The charts for the last {str(period).replace(', 0:00:00', '')}.",
        )
    except SlackApiError as exc:
        error = (exc.response or {}).get("error", "unknown error")
        log.warning("the report's charts could not be sent to %s: %s", user, error)
        return f":warning: The charts could not be sent to your DMs ({error}); the app needs the files:write and im:write scopes. `social-reply report --html FILE` draws them too."
    return ":bar_chart: The charts are in your DMs with the app."


def _sync(services: Services) -> str:
    report = services.knowledge.sync()
    text = f"Knowledge synced: {report.summary()}."
    if not services.knowledge.articles:
        text += f"\n:warning: No usable articles in `{escape(str(services.knowledge.folder))}`: every post will be flagged no match."
    return text + _problems(services)


def _problems(services: Services) -> str:
    problems = services.knowledge.problems
    if not problems:
        return ""
    return "\nSkipped:\n" + "\n".join(f"• {escape(str(problem))}" for problem in problems[:20])


def _lint(services: Services) -> str:
    from assistant.kb.articles import ArticleLimits

    knowledge = services.knowledge
    report = lint(
        knowledge.folder,
        ArticleLimits.from_settings(services.settings),
        knowledge.index.embedder.embeddings,
        services.store.cited_article_ids(),
        blocked_passages,
        said_in_part,
    )
    lines = [escape(report.summary())]
    lines += [f"• {escape(problem)}" for problem in report.problems[:20]]
    for a, b, similarity, why in report.duplicates:
        lines.append(f"• duplicate ({escape(why)}): `{escape(a)}` ~ `{escape(b)}` ({similarity:.2f})")
    for article, passage, names in report.blocked[:20]:
        lines.append(f"• blocked: `{escape(article)}`: a draft saying “{escape(passage[:80])}” fails {escape(', '.join(names))}; reword it")
    for where, text, names in blocked_lines(Prompts.load(services.settings.prompts_dir), services.pipeline.brand)[:20]:
        lines.append(f"• blocked: {escape(where)}: every reply “{escape(text[:80])}” fails {escape(', '.join(names))}; reword it")
    for article, heading, size, said in report.long_sections[:20]:
        told = f"drafts say its first {said} characters, whole sentences" if said else "its first sentence is longer than a post, so no draft says it"
        lines.append(f"• too long for a post: `{escape(article)}` › {escape(heading)} ({size} characters): {told}")
    if report.unused is None:
        lines.append("• no traffic yet: no draft has cited an article, so none is called unused")
    elif report.unused:
        lines.append("• never cited by a draft: " + ", ".join(f"`{escape(article)}`" for article in report.unused[:30]))
    return "\n".join(lines)


def _gaps(services: Services) -> str:
    recent = services.store.list(no_match=True, limit=500, newest_first=True)
    gaps = group_gaps(recent, services.knowledge.index.embedder.embeddings, brand=services.settings.brand_name)
    if not gaps:
        return "No knowledge gaps: every post so far found an article (or was spam or praise)."
    return "*Knowledge gaps*, most asked first:\n" + "\n".join(
        f"{number}. *{gap.size} post(s)* e.g. “{escape(gap.example[:200])}”" for number, gap in enumerate(gaps[:10], start=1)
    )


KB_REPLIES = {"sync": _sync, "lint": _lint, "gaps": _gaps}
