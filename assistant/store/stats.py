"""Reads for the numbers: model usage, the audit log the reports are computed from, citations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from assistant.store.engine import Database
from assistant.store.models import Draft, Event, ModelCall, PostRow, Publication, RejectedItem, Ticket


@dataclass(frozen=True)
class Touch:
    """One audit-log event, as the numbers need it."""

    ticket_id: int
    at: datetime
    actor: str
    kind: str
    text: str = ""
    written: datetime | None = None  # a `received` event: when the customer wrote the post
    network: str = ""  # a `received` event: the network the post came from


@dataclass(frozen=True)
class DeskTicket:
    """A ticket and the first thing an agent did with it."""

    ticket_id: int
    text: str  # the customer's post
    no_match: bool  # the system gave no article
    intent: str
    drafted: str  # the system's draft before the action ("" when there was none)
    cited: tuple[str, ...]  # the articles that draft cited
    action: str  # approved, dismissed or escalated
    sent: str  # the text sent (approved)
    note: str  # the reason given (dismissed, escalated)
    actor: str
    at: datetime


@dataclass(frozen=True)
class Totals:
    """What the team's store holds, counted for /metrics: the same on every replica, kept across restarts."""

    posts: dict[str, int]  # by platform (the customers', not ours)
    rejected: dict[tuple[str, str], int]  # by (source, reason class)
    drafts: dict[tuple[str, str], int]  # by (drafter, outcome: blocked or ready)
    checks_failed: dict[str, int]  # by check name
    tickets: dict[str, int]  # by state, now
    events: dict[str, int]  # by kind (SLA warnings and breaches among them)
    publications: dict[tuple[str, str, str], int]  # by (network, kind, status)
    model_calls: dict[tuple[str, str], tuple[int, int, int, int]]  # (model, outcome) → calls, latency ms, prompt and completion tokens


def reason_class(reason: str) -> str:
    """A rejection's reason without its particulars (values, numbers, quoted text), so a label has
    as many values as there are kinds of reason, not as many as there are items."""
    head = re.split(r"[:(;]", str(reason or ""), maxsplit=1)[0]
    head = re.sub(r"'[^']*'|\"[^\"]*\"|[0-9][0-9,.]*", "", head.lower())
    words = re.findall(r"[a-z_]+", head)[:6]
    return " ".join(words)[:48] or "other"


class Stats(Database):
    def cited_article_ids(self) -> set[str]:
        """Every article any draft has cited: what posts have actually retrieved."""
        with self._sessions() as session:
            return {c["article_id"] for citations in session.scalars(select(Draft.citations)) for c in citations or []}

    def usage_totals(self) -> list[dict[str, Any]]:
        """Model calls per model: drafts, tokens and latency (drafts by the offline drafter have no model)."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    Draft.model,
                    func.count(),
                    func.sum(Draft.prompt_tokens),
                    func.sum(Draft.completion_tokens),
                    func.avg(Draft.latency_ms),
                    func.max(Draft.latency_ms),
                )
                .where(Draft.model != "")
                .group_by(Draft.model)
            )
            return [
                {
                    "model": m,
                    "drafts": n,
                    "prompt_tokens": int(p or 0),
                    "completion_tokens": int(c or 0),
                    "avg_latency_ms": round(float(a or 0)),
                    "max_latency_ms": int(x or 0),
                }
                for m, n, p, c, a, x in rows
            ]

    def model_summary(self) -> dict[str, Any]:
        """How much of the drafting the model did: system drafts, how many came from the model, its
        requests by outcome, and the fallbacks grouped by their plain-word reason."""
        with self._sessions() as session:
            drafts = session.execute(select(Draft.drafter, func.count()).where(Draft.author == "system").group_by(Draft.drafter)).all()
            outcomes = session.execute(select(ModelCall.outcome, func.count()).group_by(ModelCall.outcome)).all()
            reasons = session.execute(
                select(ModelCall.reason, func.count()).where(ModelCall.outcome.in_(("rejected", "failed", "unsupported"))).group_by(ModelCall.reason)
            ).all()
            latency = session.scalar(select(func.avg(ModelCall.latency_ms)))
        total = sum(count for _, count in drafts)
        from_model = sum(count for drafter, count in drafts if drafter.startswith("llm:"))
        return {
            "drafts": total,
            "from_model": from_model,
            "model_share": round(from_model / total, 4) if total else 0.0,
            "requests": dict(sorted(outcomes)),
            "avg_request_ms": round(float(latency or 0)),
            "not_used_because": dict(sorted(reasons, key=lambda row: -row[1])),
        }

    def touches(self, since: datetime, until: datetime) -> list[Any]:
        """The audit log the numbers are computed from: every event up to `until` of each ticket
        touched in [since, until)."""
        with self._sessions() as session:
            touched = select(Event.ticket_id).where(Event.at >= since, Event.at < until).distinct()
            rows = session.execute(
                select(Event.ticket_id, Event.at, Event.actor, Event.kind, Event.text).where(Event.ticket_id.in_(touched), Event.at < until).order_by(Event.id)
            ).all()
            posts = {
                ticket_id: (posted, platform)
                for ticket_id, posted, platform in session.execute(
                    select(Ticket.id, PostRow.posted_at, PostRow.platform).join(PostRow, PostRow.id == Ticket.post_id).where(Ticket.id.in_(touched))
                )
            }
            touches = []
            for ticket_id, at, actor, kind, text in rows:
                posted, platform = posts.get(ticket_id, (None, "")) if kind == "received" else (None, "")
                touches.append(Touch(ticket_id, at, actor, kind, text or "", posted, platform))
            return touches

    def desk_history(self) -> list[DeskTicket]:
        """Every first-round ticket an agent acted on (sent, dismissed or escalated), with its
        post, the system's last draft before the action and the action itself: what the desk's
        labels are made of (`kb.desk`)."""
        acted = ("approved", "dismissed", "escalated")
        with self._sessions() as session:
            touched = select(Event.ticket_id).where(Event.kind.in_(acted)).distinct()
            tickets = session.scalars(select(Ticket).where(Ticket.id.in_(touched)).order_by(Ticket.id)).all()
            history = []
            for ticket in tickets:
                drafted: tuple[str, tuple[str, ...]] | None = None
                for event in ticket.events:
                    if event.kind == "drafted":
                        system = [d for d in ticket.drafts if d.author in ("", "system") and d.text == (event.text or "")]
                        drafted = (event.text or "", tuple(str(c.get("article_id", "")) for c in (system[-1].citations if system else [])))
                    if event.kind in acted:
                        history.append(
                            DeskTicket(
                                ticket.id,
                                ticket.post.text,
                                bool(ticket.no_match),
                                ticket.intent,
                                drafted[0] if drafted else "",
                                drafted[1] if drafted else (),
                                event.kind,
                                event.text or "",
                                event.note or "",
                                event.actor,
                                event.at,
                            )
                        )
                        break  # the first action on the customer's first post is the label
            return history

    def count_events(self, kind: str) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Event).where(Event.kind == kind)) or 0)

    def totals(self) -> Totals:
        """Counts for /metrics, in one transaction."""
        with self._sessions() as session:

            def grouped(*columns: Any, where: Any = None) -> list[Any]:
                query = select(*columns, func.count()).group_by(*columns)
                return list(session.execute(query if where is None else query.where(where)))

            rejected: dict[tuple[str, str], int] = {}
            for source, reason in session.execute(select(RejectedItem.source, RejectedItem.reason)):
                key = (source, reason_class(reason))
                rejected[key] = rejected.get(key, 0) + 1
            checks: dict[str, int] = {}
            drafts: dict[tuple[str, str], int] = {}
            for drafter, problems in session.execute(select(Draft.drafter, Draft.problems)):
                outcome = "blocked" if problems else "ready"
                drafts[(drafter, outcome)] = drafts.get((drafter, outcome), 0) + 1
                for problem in problems or []:
                    name = str(problem.get("name", "other"))[:48]
                    checks[name] = checks.get(name, 0) + 1
            calls = session.execute(
                select(
                    ModelCall.model,
                    ModelCall.outcome,
                    func.count(),
                    func.coalesce(func.sum(ModelCall.latency_ms), 0),
                    func.coalesce(func.sum(ModelCall.prompt_tokens), 0),
                    func.coalesce(func.sum(ModelCall.completion_tokens), 0),
                ).group_by(ModelCall.model, ModelCall.outcome)
            )
            return Totals(
                posts={platform: n for platform, n in grouped(PostRow.platform, where=PostRow.ours.is_not(True))},
                rejected=rejected,
                drafts=drafts,
                checks_failed=checks,
                tickets={state: n for state, n in grouped(Ticket.state)},
                events={kind: n for kind, n in grouped(Event.kind)},
                publications={(network, kind, status): n for network, kind, status, n in grouped(Publication.platform, Publication.kind, Publication.status)},
                model_calls={(model, outcome): (int(n), int(ms), int(p), int(c)) for model, outcome, n, ms, p, c in calls},
            )
