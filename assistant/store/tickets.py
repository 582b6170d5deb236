"""The ticket store: dedupe on arrival, the state machine, drafts, publications and the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.errors import ConfigError, IllegalTransition, TicketNotFound
from assistant.posts import Post
from assistant.store.models import Base, Cursor, Draft, Event, PostRow, Publication, Ticket, utcnow


class TicketState(StrEnum):
    NEW = "new"  # stored, not yet triaged and drafted
    AWAITING_REVIEW = "awaiting_review"  # drafted, waiting for an agent
    SENDING = "sending"  # approved; the reply is being posted
    SENT = "sent"
    SEND_FAILED = "send_failed"
    ESCALATED = "escalated"
    DISMISSED = "dismissed"
    CLOSED = "closed"


S = TicketState
TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    S.NEW: frozenset({S.AWAITING_REVIEW, S.DISMISSED}),
    S.AWAITING_REVIEW: frozenset({S.SENDING, S.ESCALATED, S.DISMISSED}),
    S.ESCALATED: frozenset({S.SENDING, S.AWAITING_REVIEW, S.CLOSED}),
    S.SENDING: frozenset({S.SENT, S.SEND_FAILED}),
    S.SEND_FAILED: frozenset({S.SENDING, S.ESCALATED, S.CLOSED}),
    S.SENT: frozenset(),
    S.DISMISSED: frozenset(),
    S.CLOSED: frozenset(),
}

_HINTS = {
    S.SENDING: "Someone already approved it; the reply is being posted.",
    S.SENT: "Its reply was already posted.",
    S.DISMISSED: "It was dismissed.",
    S.CLOSED: "It was closed.",
}


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL and a busy timeout for concurrent writers.

    Raises ConfigError naming DATABASE_URL when the URL can't be parsed or its driver isn't installed.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
        is_sqlite = parsed.get_backend_name() == "sqlite"
        if is_sqlite:
            connect_args: dict[str, Any] = {"timeout": 30, "check_same_thread": False}
        elif parsed.get_backend_name() == "postgresql":
            connect_args = {"connect_timeout": 10}  # an unreachable host fails in seconds, not minutes
        else:
            connect_args = {}
        engine = create_engine(parsed, connect_args=connect_args)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"DATABASE_URL: {_hide_password(url)!r} is not a database URL ({exc}); use sqlite:///path/to/file.db "
            "or postgresql+psycopg://user:password@host/db, or leave it empty for SQLite in DATA_DIR."
        ) from None
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"DATABASE_URL: no driver for {_hide_password(url)!r} ({exc}). For PostgreSQL install the extra: "
            "pip install -e '.[postgres]' and use postgresql+psycopg://..."
        ) from None
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _hide_password(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)


class Store:
    """All reads and writes of tickets go through here; each method is one transaction."""

    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            from pathlib import Path

            folder = Path(url.removeprefix("sqlite:///")).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"DATA_DIR: cannot create {folder} for the ticket database ({exc.strerror or exc}).") from None
        self.engine = make_engine(url)
        try:
            Base.metadata.create_all(self.engine)
            _add_missing_columns(self.engine)
        except DBAPIError as exc:
            self.engine.dispose()
            reason = str(exc.orig or exc).strip().splitlines()[0][:300]
            raise ConfigError(f"DATABASE_URL: cannot open {_hide_password(url)!r}: {reason}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    # -- arrival ---------------------------------------------------------------------------
    def add_post(self, post: Post) -> tuple[int, bool]:
        """Store a post and open its ticket. Returns (ticket id, created); a replayed post is not new."""
        with self._sessions() as session:
            existing = self._ticket_for_post(session, post.platform, post.external_id)
            if existing is not None:
                return existing, False
            row = PostRow(
                platform=post.platform,
                external_id=post.external_id,
                author_handle=post.author_handle,
                author_id=post.author_id,
                author_name=post.author_name,
                author_followers=post.author_followers,
                text=post.text,
                url=post.url,
                in_reply_to_id=post.in_reply_to_id,
                conversation_id=post.conversation_id,
                posted_at=post.created_at,
            )
            ticket = Ticket(post=row, state=S.NEW)
            session.add_all([row, ticket])
            try:
                session.flush()
                session.add(Event(ticket_id=ticket.id, actor="system", kind="received", to_state=S.NEW))
                session.commit()
            except IntegrityError:
                # Another worker stored the same post between our check and our insert.
                session.rollback()
                existing = self._ticket_for_post(session, post.platform, post.external_id)
                assert existing is not None
                return existing, False
            return ticket.id, True

    @staticmethod
    def _ticket_for_post(session: Session, platform: str, external_id: str) -> int | None:
        return session.scalar(
            select(Ticket.id).join(PostRow).where(PostRow.platform == platform, PostRow.external_id == external_id)
        )

    # -- reading ---------------------------------------------------------------------------
    def get(self, ticket_id: int) -> Ticket:
        """The ticket with its post, drafts, events and publication loaded."""
        with self._sessions() as session:
            ticket = session.scalar(
                select(Ticket)
                .where(Ticket.id == _as_id(ticket_id))
                .options(
                    selectinload(Ticket.post),
                    selectinload(Ticket.drafts),
                    selectinload(Ticket.events),
                    selectinload(Ticket.publication),
                )
            )
            if ticket is None:
                raise TicketNotFound(ticket_id)
            return ticket

    def list(
        self, states: Iterable[str] | None = None, limit: int | None = None, *, no_match: bool | None = None, newest_first: bool = False
    ) -> list[Ticket]:
        with self._sessions() as session:
            query = (
                select(Ticket)
                .options(selectinload(Ticket.post), selectinload(Ticket.drafts), selectinload(Ticket.publication))
                .order_by(Ticket.id.desc() if newest_first else Ticket.id)
                .limit(limit)
            )
            if no_match is not None:
                query = query.where(Ticket.no_match == no_match)
            if states is not None:
                query = query.where(Ticket.state.in_(list(states)))
            return list(session.scalars(query))

    def counts(self) -> dict[str, int]:
        with self._sessions() as session:
            rows = session.execute(select(Ticket.state, func.count()).group_by(Ticket.state))
            return {state: count for state, count in rows}

    def cited_article_ids(self) -> set[str]:
        """Every article any draft has cited: what posts have actually retrieved."""
        with self._sessions() as session:
            return {c["article_id"] for citations in session.scalars(select(Draft.citations)) for c in citations or []}

    def publications(self) -> list[Publication]:
        with self._sessions() as session:
            return list(session.scalars(select(Publication).order_by(Publication.id)))

    # -- work on a ticket --------------------------------------------------------------------
    def record_triage(
        self, ticket_id: int, *, intent: str, sentiment: str, priority: str, score: int, reasons: list[str]
    ) -> None:
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            ticket.intent, ticket.sentiment, ticket.priority = intent, sentiment, priority
            ticket.priority_score, ticket.priority_reasons = score, list(reasons)
            session.add(Event(ticket_id=ticket.id, actor="system", kind="triaged", note=f"{intent}, {priority}"))
            session.commit()

    def add_draft(
        self,
        ticket_id: int,
        *,
        text: str,
        citations: list[dict[str, Any]],
        drafter: str,
        author: str = "system",
        flags: list[str] | None = None,
        no_match: bool | None = None,
        dm_text: str = "",
        problems: list[dict[str, str]] | None = None,
        override_reason: str = "",
        usage: dict[str, Any] | None = None,
    ) -> None:
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            draft = Draft(
                ticket_id=ticket.id,
                text=text,
                citations=citations,
                drafter=drafter,
                author=author,
                flags=flags or [],
                dm_text=dm_text,
                problems=problems or [],
                override_by=author if override_reason else "",
                override_reason=override_reason,
                **(usage or {}),
            )
            session.add(draft)
            if no_match is not None:
                ticket.no_match = no_match
            kind = "drafted" if author == "system" else "edited"
            session.add(Event(ticket_id=ticket.id, actor=author, kind=kind, text=text, note=drafter))
            if override_reason:
                session.add(Event(ticket_id=ticket.id, actor=author, kind="override", note=_override_note(problems or [], override_reason)))
            ticket.updated_at = utcnow()
            session.commit()

    def override_checks(self, ticket_id: int, *, actor: str, reason: str) -> None:
        """An agent takes responsibility for the current draft despite its failed checks."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            draft = session.scalar(select(Draft).where(Draft.ticket_id == ticket.id).order_by(Draft.id.desc()).limit(1))
            if draft is None or not draft.problems:
                from assistant.errors import InvalidReply

                raise InvalidReply(f"Ticket {ticket.id}'s draft has no failed checks to override.")
            draft.override_by, draft.override_reason = actor, reason
            session.add(Event(ticket_id=ticket.id, actor=actor, kind="override", note=_override_note(draft.problems, reason)))
            session.commit()

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
                {"model": m, "drafts": n, "prompt_tokens": int(p or 0), "completion_tokens": int(c or 0), "avg_latency_ms": round(float(a or 0)), "max_latency_ms": int(x or 0)}
                for m, n, p, c, a, x in rows
            ]

    def transition(
        self, ticket_id: int, to: TicketState, *, actor: str, kind: str, text: str = "", note: str = ""
    ) -> TicketState:
        """Move a ticket to `to` if that is legal from its current state; returns the state it left.

        The update is conditional on the state we read, so of two concurrent callers only one wins.
        """
        with self._sessions() as session:
            current = self._move(session, ticket_id, to, actor=actor, kind=kind, text=text, note=note)
            session.commit()
            return current

    def _move(
        self, session: Session, ticket_id: int, to: TicketState, *, actor: str, kind: str, text: str = "", note: str = ""
    ) -> TicketState:
        ticket = self._load(session, ticket_id)
        current = TicketState(ticket.state)
        if to not in TRANSITIONS[current]:
            raise IllegalTransition(ticket.id, current, to, _HINTS.get(current, ""))
        values: dict[str, Any] = {"state": to, "updated_at": utcnow(), "last_actor": actor}
        if to is S.ESCALATED:
            values["escalation_reason"] = note
        if to in (S.ESCALATED, S.AWAITING_REVIEW) or not TRANSITIONS[to]:
            values["claimed_by"] = ""  # handed on, returned or finished: nobody holds it any more
        moved = session.execute(
            update(Ticket).where(Ticket.id == ticket.id, Ticket.state == current).values(**values)
        ).rowcount
        if moved != 1:
            session.rollback()
            latest = TicketState(self._load(session, ticket_id).state)
            raise IllegalTransition(ticket.id, latest, to, _HINTS.get(latest, "Someone else acted on it first."))
        session.add(
            Event(ticket_id=ticket.id, actor=actor, kind=kind, from_state=current, to_state=to, text=text, note=note)
        )
        return current

    def begin_publication(self, ticket_id: int, *, actor: str, text: str) -> Publication:
        """Claim the right to post `text` for this ticket: moves it to SENDING and opens a publication.

        Raises IllegalTransition if the ticket cannot be sent now (already sending or sent, dismissed,
        or a previous attempt may have reached the platform).
        """
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            state_before = ticket.state
            self._move(session, ticket.id, S.SENDING, actor=actor, kind="approved", text=text)
            previous = session.scalar(select(Publication).where(Publication.ticket_id == ticket.id))
            if previous is not None and previous.status != "failed":
                session.rollback()
                raise IllegalTransition(
                    ticket.id,
                    state_before,
                    S.SENDING,
                    f"A reply was already handed to {previous.platform} ({previous.status}); "
                    "check the platform before doing anything else.",
                )
            post = ticket.post
            if previous is None:
                publication = Publication(
                    ticket_id=ticket.id, platform=post.platform, in_reply_to_id=post.external_id, status="pending"
                )
                session.add(publication)
            else:
                publication = previous
            publication.text, publication.status, publication.approved_by = text, "pending", actor
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise IllegalTransition(ticket.id, S.SENDING, S.SENDING, _HINTS[S.SENDING]) from None
            return publication

    def finish_publication(
        self, ticket_id: int, *, status: str, external_id: str = "", detail: str = "", actor: str = "system"
    ) -> None:
        """Record how posting went: `posted`/`dry_run` → SENT; `failed`/`uncertain` → SEND_FAILED."""
        with self._sessions() as session:
            publication = session.scalar(select(Publication).where(Publication.ticket_id == _as_id(ticket_id)))
            if publication is None:
                raise TicketNotFound(ticket_id)
            publication.status, publication.external_id, publication.detail = status, external_id, detail
            to = S.SENT if status in ("posted", "dry_run") else S.SEND_FAILED
            self._move(session, ticket_id, to, actor=actor, kind=status, text=publication.text, note=detail)
            session.commit()

    def note(self, ticket_id: int, *, actor: str, kind: str, note: str = "", text: str = "") -> None:
        """Record a touch that does not change the state (a claim, a comment, an override)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            session.add(Event(ticket_id=ticket.id, actor=actor, kind=kind, note=note, text=text))
            session.commit()

    def claim(self, ticket_id: int, *, actor: str) -> None:
        """Make `actor` the one agent working this ticket; refused while someone else holds it."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            taken = session.execute(
                update(Ticket)
                .where(Ticket.id == ticket.id, Ticket.claimed_by.in_(["", actor]))
                .values(claimed_by=actor)
            ).rowcount
            if taken != 1:
                session.rollback()
                from assistant.errors import InvalidReply

                holder = self._load(session, ticket_id).claimed_by
                raise InvalidReply(f"Ticket {ticket.id} is already claimed by {holder}; ask them, or wait until they release it.")
            session.add(Event(ticket_id=ticket.id, actor=actor, kind="claimed"))
            session.commit()

    def release(self, ticket_id: int, *, actor: str) -> None:
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            if ticket.claimed_by != actor:
                from assistant.errors import InvalidReply

                raise InvalidReply(f"Ticket {ticket.id} is not claimed by you, so there is nothing to release.")
            ticket.claimed_by = ""
            session.add(Event(ticket_id=ticket.id, actor=actor, kind="released"))
            session.commit()

    def set_card(self, ticket_id: int, channel: str, ts: str, *, escalation: bool = False) -> None:
        """Where the ticket's card (or its message to managers) is in Slack, to update it in place."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            if escalation:
                ticket.escalation_channel, ticket.escalation_ts = channel, ts
            else:
                ticket.card_channel, ticket.card_ts = channel, ts
            session.commit()

    def recover_interrupted(self) -> list[int]:
        """After a crash, tickets left in SENDING may or may not have reached the platform.

        They become SEND_FAILED with an 'uncertain' publication so a human checks before any retry.
        """
        with self._sessions() as session:
            stuck = list(session.scalars(select(Ticket.id).where(Ticket.state == S.SENDING)))
        for ticket_id in stuck:
            self.finish_publication(
                ticket_id,
                status="uncertain",
                detail="The process stopped while posting; check the platform before retrying.",
            )
        return stuck

    # -- cursors ------------------------------------------------------------------------------
    def get_cursor(self, name: str) -> str | None:
        with self._sessions() as session:
            row = session.get(Cursor, name)
            return row.value if row else None

    def set_cursor(self, name: str, value: str) -> None:
        with self._sessions() as session:
            row = session.get(Cursor, name)
            if row is None:
                session.add(Cursor(name=name, value=value))
            else:
                row.value = value
            session.commit()

    @staticmethod
    def _load(session: Session, ticket_id: int) -> Ticket:
        ticket = session.get(Ticket, _as_id(ticket_id))
        if ticket is None:
            raise TicketNotFound(ticket_id)
        return ticket


def _as_id(ticket_id: object) -> int:
    try:
        return int(str(ticket_id))
    except ValueError:
        raise TicketNotFound(ticket_id) from None


def _override_note(problems: list[dict[str, str]], reason: str) -> str:
    names = ", ".join(problem["name"] for problem in problems) or "checks"
    return f"overrode {names}: {reason}"


def _add_missing_columns(engine: Engine) -> None:
    """Columns added since a database was created are added to it (nullable, with the default).

    Enough for additive changes between releases; anything more needs a real migration.
    """
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(engine.dialect)
                default = column.default.arg if column.default is not None and not callable(column.default.arg) else None
                clause = ""
                if isinstance(default, bool):
                    clause = f" DEFAULT {'TRUE' if default else 'FALSE'}"
                elif isinstance(default, (int, float)):
                    clause = f" DEFAULT {default}"
                elif isinstance(default, str):
                    clause = " DEFAULT '" + default.replace("'", "''") + "'"
                connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{clause}'))
