"""The ticket store: dedupe on arrival, the state machine, drafts, publications and the audit log."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.errors import ConfigError, IllegalTransition, InvalidReply, TicketChanged, TicketNotFound
from assistant.policy import HINTS, OPEN, TRANSITIONS, Action, TicketState, claimed_message, refusal
from assistant.posts import Post
from assistant.store.models import DM, REPLY, Base, Cursor, Draft, Event, PostRow, Publication, Receipt, RejectedItem, Ticket, utcnow

RAW_KEPT = 20_000  # characters of a rejected item kept for the operator to look at
DRAFT_LEASE_SECONDS = 120.0  # a crashed worker's undrafted tickets are taken over after this


S = TicketState
_HINTS = HINTS


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

    def __init__(self, url: str, *, draft_lease_seconds: float = DRAFT_LEASE_SECONDS):
        self.draft_lease = timedelta(seconds=draft_lease_seconds)
        if url.startswith("sqlite:///"):
            from pathlib import Path

            folder = Path(url.removeprefix("sqlite:///")).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"DATA_DIR: cannot create {folder} for the ticket database ({exc.strerror or exc}).") from None
        self.engine = make_engine(url)
        try:
            _migrate(self.engine)
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

    def add_rejected(self, *, source: str, reason: str, raw: str, where: str = "", external_id: str = "") -> tuple[int, bool]:
        """Keep an item that could not become a ticket: why, and a masked copy. The same raw item
        from the same source is kept once. Returns (id, created)."""
        raw = _storable(raw)
        digest = hashlib.sha256(raw.encode()).hexdigest()
        kept = _storable(raw[:RAW_KEPT], mask=True) + (f"… ({len(raw) - RAW_KEPT:,} more characters)" if len(raw) > RAW_KEPT else "")
        item = RejectedItem(
            source=_storable(source)[:64],
            where=_storable(where, mask=True)[:500],
            external_id=_storable(external_id, mask=True)[:200],
            reason=_storable(reason, mask=True)[:2000],
            raw=kept,
            digest=digest,
        )
        with self._sessions() as session:
            existing = session.scalar(select(RejectedItem.id).where(RejectedItem.source == item.source, RejectedItem.digest == digest))
            if existing is not None:
                return existing, False
            session.add(item)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                existing = session.scalar(select(RejectedItem.id).where(RejectedItem.source == item.source, RejectedItem.digest == digest))
                return int(existing or 0), False
            return item.id, True

    def rejected(self, limit: int | None = None) -> list[RejectedItem]:
        """Items sources could not turn into tickets, newest first."""
        with self._sessions() as session:
            return list(session.scalars(select(RejectedItem).order_by(RejectedItem.id.desc()).limit(limit)))

    def take_for_drafting(self, ticket_id: int) -> bool:
        """Lease a NEW ticket for drafting so no other worker drafts it at the same time. False when it
        is drafted already or someone else holds an unexpired lease (a crashed worker's lease expires)."""
        now = utcnow()
        with self._sessions() as session:
            taken = session.execute(
                update(Ticket)
                .where(Ticket.id == _as_id(ticket_id), Ticket.state == S.NEW)
                .where((Ticket.drafting_until.is_(None)) | (Ticket.drafting_until < now))
                .values(drafting_until=now + self.draft_lease)
            ).rowcount
            session.commit()
            return taken == 1

    def undrafted(self) -> list[int]:
        """NEW tickets nobody is drafting now (never taken, or their worker's lease ran out)."""
        with self._sessions() as session:
            query = select(Ticket.id).where(Ticket.state == S.NEW).where((Ticket.drafting_until.is_(None)) | (Ticket.drafting_until < utcnow()))
            return list(session.scalars(query.order_by(Ticket.id)))

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
                    selectinload(Ticket.publications),
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
                .options(selectinload(Ticket.post), selectinload(Ticket.drafts), selectinload(Ticket.publications))
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

    def add_draft(self, ticket_id: int, *, ready: bool = False, **fields: Any) -> None:
        """Save a draft (`fields` as `_add_draft` takes them). `ready`: the system's first draft, which
        moves the NEW ticket to AWAITING_REVIEW in the same transaction (a crash leaves it undrafted,
        never half-drafted)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            self._add_draft(session, ticket, **fields)
            if ready:
                session.flush()
                self._move(session, ticket.id, S.AWAITING_REVIEW, actor="system", kind="ready")
            session.commit()

    @staticmethod
    def _add_draft(
        session: Session,
        ticket: Ticket,
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
        notes: list[str] | None = None,
    ) -> None:
        session.add(
            Draft(
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
                model_notes=notes or [],
                **(usage or {}),
            )
        )
        if no_match is not None:
            ticket.no_match = no_match
        kind = "drafted" if author == "system" else "edited"
        session.add(Event(ticket_id=ticket.id, actor=author, kind=kind, text=text, note=drafter))
        if override_reason:
            session.add(Event(ticket_id=ticket.id, actor=author, kind="override", note=_override_note(problems or [], override_reason)))
        ticket.updated_at = utcnow()
        ticket.version = (ticket.version or 0) + 1

    def override_checks(self, ticket_id: int, *, actor: str, reason: str, seen: int | None = None) -> None:
        """An agent takes responsibility for the current draft despite its failed checks."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            _check_seen(ticket, seen)
            draft = session.scalar(select(Draft).where(Draft.ticket_id == ticket.id).order_by(Draft.id.desc()).limit(1))
            if draft is None or not draft.problems:
                raise InvalidReply(f"Ticket {ticket.id}'s draft has no failed checks to override.")
            draft.override_by, draft.override_reason = actor, reason
            ticket.version = (ticket.version or 0) + 1
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
        self,
        ticket_id: int,
        to: TicketState,
        *,
        actor: str,
        kind: str,
        text: str = "",
        note: str = "",
        seen: int | None = None,
        claimant: str | None = None,
    ) -> TicketState:
        """Move a ticket to `to` if that is legal from its current state; returns the state it left.

        The update is conditional on the state (and version) we read, so of two concurrent callers
        only one wins. `seen`: the version the acting agent's card showed; stale is refused.
        `claimant`: refuse when someone else holds the ticket (checked in the same update).
        """
        with self._sessions() as session:
            current = self._move(session, ticket_id, to, actor=actor, kind=kind, text=text, note=note, seen=seen, claimant=claimant)
            session.commit()
            return current

    def _move(
        self,
        session: Session,
        ticket_id: int,
        to: TicketState,
        *,
        actor: str,
        kind: str,
        text: str = "",
        note: str = "",
        seen: int | None = None,
        claimant: str | None = None,
    ) -> TicketState:
        ticket = self._load(session, ticket_id)
        current = TicketState(ticket.state)
        if to not in TRANSITIONS[current]:
            raise IllegalTransition(ticket.id, current, to, _HINTS.get(current, ""))
        _check_seen(ticket, seen)
        version = ticket.version or 0
        values: dict[str, Any] = {"state": to, "updated_at": utcnow(), "last_actor": actor, "version": version + 1}
        if to is S.ESCALATED:
            values["escalation_reason"] = note
        if to in (S.ESCALATED, S.AWAITING_REVIEW) or not TRANSITIONS[to]:
            values["claimed_by"] = ""  # handed on, returned or finished: nobody holds it any more
        query = update(Ticket).where(Ticket.id == ticket.id, Ticket.state == current, Ticket.version == ticket.version)
        if claimant is not None:
            query = query.where(Ticket.claimed_by.in_(["", claimant]))
        moved = session.execute(query.values(**values)).rowcount
        if moved != 1:
            session.rollback()
            latest = self._load(session, ticket_id)
            session.refresh(latest)
            if claimant is not None and latest.claimed_by not in ("", claimant):
                raise InvalidReply(claimed_message(latest.id, latest.claimed_by))
            if TicketState(latest.state) == current and seen is not None:
                raise TicketChanged(ticket.id, _what_changed(latest))
            raise IllegalTransition(ticket.id, latest.state, to, _HINTS.get(TicketState(latest.state), "Someone else acted on it first."))
        session.add(
            Event(ticket_id=ticket.id, actor=actor, kind=kind, from_state=current, to_state=to, text=text, note=note)
        )
        session.expire(ticket)
        return current

    def begin_publication(
        self,
        ticket_id: int,
        *,
        actor: str,
        text: str,
        dm_text: str = "",
        seen: int | None = None,
        edit: dict[str, Any] | None = None,
    ) -> Publication:
        """Claim the right to post `text` for this ticket: in one transaction, save the agent's edit
        (if any) as the draft, move the ticket to SENDING, record the reply as pending and its DM (if
        any) as queued behind it. Nothing is sent before this commits, so what is sent is recorded.

        Raises IllegalTransition if the ticket cannot be sent now (already sending or sent, dismissed,
        or a previous attempt may have reached the platform), TicketChanged if `seen` is stale.
        """
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            state_before = ticket.state
            _check_seen(ticket, seen)
            if S.SENDING not in TRANSITIONS[TicketState(ticket.state)]:
                raise IllegalTransition(ticket.id, ticket.state, S.SENDING, _HINTS.get(TicketState(ticket.state), "Nothing was sent."))
            previous = {p.kind: p for p in session.scalars(select(Publication).where(Publication.ticket_id == ticket.id))}
            reply = previous.get(REPLY)
            if reply is not None and reply.status != "failed":
                raise IllegalTransition(
                    ticket.id,
                    state_before,
                    S.SENDING,
                    f"A reply was already handed to {reply.platform} ({reply.status}); check the platform before doing anything else.",
                )
            if edit is not None:
                self._add_draft(session, ticket, **edit)
                session.flush()
                seen = ticket.version
            self._move(session, ticket.id, S.SENDING, actor=actor, kind="approved", text=text, seen=seen, claimant=actor)
            post = ticket.post
            if reply is None:
                reply = Publication(ticket_id=ticket.id, kind=REPLY, platform=post.platform, in_reply_to_id=post.external_id, status="pending")
                session.add(reply)
            reply.text, reply.status, reply.approved_by, reply.detail = text, "pending", actor, ""
            dm = previous.get(DM)
            if dm_text.strip() and (dm is None or dm.status in ("queued", "failed")):
                if dm is None:
                    dm = Publication(ticket_id=ticket.id, kind=DM, platform=post.platform, in_reply_to_id=post.author_id or "", status="queued")
                    session.add(dm)
                dm.text, dm.status, dm.approved_by, dm.detail = dm_text, "queued", actor, ""
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise IllegalTransition(ticket.id, S.SENDING, S.SENDING, _HINTS[S.SENDING]) from None
            return reply

    def finish_publication(
        self, ticket_id: int, *, status: str, external_id: str = "", detail: str = "", actor: str = "system", kind: str = REPLY
    ) -> None:
        """Record how sending went. The reply: `posted`/`dry_run` → SENT; `failed`/`uncertain` →
        SEND_FAILED. The DM changes no state; its outcome is an event on the ticket."""
        with self._sessions() as session:
            publication = session.scalar(select(Publication).where(Publication.ticket_id == _as_id(ticket_id), Publication.kind == kind))
            if publication is None:
                raise TicketNotFound(ticket_id)
            publication.status, publication.external_id, publication.detail = status, external_id, detail
            if kind == REPLY:
                to = S.SENT if status in ("posted", "dry_run") else S.SEND_FAILED
                self._move(session, ticket_id, to, actor=actor, kind=status, text=publication.text, note=detail)
            else:
                event = {"posted": "dm_sent", "dry_run": "dm_sent", "failed": "dm_failed"}.get(status, "dm_uncertain")
                session.add(Event(ticket_id=publication.ticket_id, actor=actor, kind=event, text=publication.text, note=detail))
                ticket = self._load(session, ticket_id)
                ticket.version = (ticket.version or 0) + 1
            session.commit()

    def begin_dm(self, ticket_id: int, *, actor: str) -> Publication | None:
        """Take the ticket's queued DM for sending (compare-and-swap queued → pending), once its public
        reply has gone out. None when there is nothing to send now (no DM, already taken, sent or
        uncertain, or the reply is not out)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            reply = next((p for p in ticket.publications if p.kind == REPLY), None)
            if reply is None or reply.status not in ("posted", "dry_run"):
                return None
            taken = session.execute(
                update(Publication)
                .where(Publication.ticket_id == ticket.id, Publication.kind == DM, Publication.status == "queued")
                .values(status="pending", approved_by=actor)
            ).rowcount
            session.commit()
            if taken != 1:
                return None
            return session.scalar(select(Publication).where(Publication.ticket_id == ticket.id, Publication.kind == DM))

    def queued_dms(self) -> list[int]:
        """Tickets whose reply is out and whose DM still waits (a crash between the two)."""
        with self._sessions() as session:
            reply = select(Publication.ticket_id).where(Publication.kind == REPLY, Publication.status.in_(["posted", "dry_run"]))
            query = select(Publication.ticket_id).where(Publication.kind == DM, Publication.status == "queued", Publication.ticket_id.in_(reply))
            return list(session.scalars(query.order_by(Publication.ticket_id)))

    def note(self, ticket_id: int, *, actor: str, kind: str, note: str = "", text: str = "") -> None:
        """Record a touch that does not change the state (a claim, a comment, an override)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            session.add(Event(ticket_id=ticket.id, actor=actor, kind=kind, note=note, text=text))
            session.commit()

    def claim(self, ticket_id: int, *, actor: str) -> None:
        """Make `actor` the one agent working this open ticket; refused while someone else holds it."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            taken = session.execute(
                update(Ticket)
                .where(Ticket.id == ticket.id, Ticket.claimed_by.in_(["", actor]), Ticket.state.in_(list(OPEN)))
                .values(claimed_by=actor)
            ).rowcount
            if taken != 1:
                session.rollback()
                latest = self._load(session, ticket_id)
                session.refresh(latest)
                raise InvalidReply(refusal(latest, Action.CLAIM, actor) or claimed_message(latest.id, latest.claimed_by))
            session.add(Event(ticket_id=ticket.id, actor=actor, kind="claimed"))
            session.commit()

    def release(self, ticket_id: int, *, actor: str) -> None:
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            refused = refusal(ticket, Action.RELEASE, actor)
            if refused:
                raise InvalidReply(refused)
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

    def recover_interrupted(self) -> dict[str, list[int]]:
        """After a crash, what was being sent may or may not have reached the platform.

        A reply left pending: the ticket becomes SEND_FAILED with an 'uncertain' publication. A DM
        left pending becomes 'uncertain'. Either way a person checks the platform before any retry.
        """
        with self._sessions() as session:
            stuck = list(session.scalars(select(Ticket.id).where(Ticket.state == S.SENDING)))
            dms = list(session.scalars(select(Publication.ticket_id).where(Publication.kind == DM, Publication.status == "pending")))
        for ticket_id in stuck:
            self.finish_publication(ticket_id, status="uncertain", detail="The process stopped while posting; check the platform before retrying.")
        for ticket_id in dms:
            self.finish_publication(
                ticket_id, kind=DM, status="uncertain", detail="The process stopped while sending the DM; check the platform before resending."
            )
        return {"replies": stuck, "dms": dms}

    def remember(self, key: str, keep_days: float = 7.0) -> bool:
        """True the first time `key` is seen, False ever after (within `keep_days`): at most once,
        across threads, processes and restarts, by the table's primary key."""
        key = _storable(key)[:191]
        with self._sessions() as session:
            session.add(Receipt(key=key))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
            if hash(key) % 100 == 0:  # now and then, forget what is older than any retry
                session.execute(Receipt.__table__.delete().where(Receipt.seen_at < utcnow() - timedelta(days=keep_days)))
                session.commit()
            return True

    def count_events(self, kind: str) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Event).where(Event.kind == kind)) or 0)

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


def _storable(text: str, *, mask: bool = False) -> str:
    """Text any database holds: lone surrogates and NULs written out as escapes; personal data
    masked when `mask` (a rejected item's copy is read by operators)."""
    from assistant.privacy import mask_personal_data

    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return mask_personal_data(text).text if mask else text


def _check_seen(ticket: Ticket, seen: int | None) -> None:
    if seen is not None and (ticket.version or 0) != seen:
        raise TicketChanged(ticket.id, _what_changed(ticket))


def _what_changed(ticket: Ticket) -> str:
    """The latest touch, in words, for the agent whose card was out of date."""
    last = ticket.events[-1] if ticket.events else None
    if last is None:
        return f"it is {ticket.state} now"
    what = {"edited": "the reply was edited", "drafted": "a new draft was written", "override": "the checks were overridden"}.get(
        last.kind, f"{last.kind.replace('_', ' ')}"
    )
    by = f" by {last.actor}" if last.actor and last.actor != "system" else ""
    return f"{what}{by}" + (f" ({last.note[:120]})" if last.note and last.kind in ("escalated", "returned", "dismissed", "closed") else "") + f"; it is {ticket.state} now"


def _as_id(ticket_id: object) -> int:
    try:
        return int(str(ticket_id))
    except ValueError:
        raise TicketNotFound(ticket_id) from None


def _override_note(problems: list[dict[str, str]], reason: str) -> str:
    names = ", ".join(problem["name"] for problem in problems) or "checks"
    return f"overrode {names}: {reason}"


def _migrate(engine: Engine) -> None:
    """Bring a database made by an earlier release up to these models, on SQLite and PostgreSQL.

    Additive changes only, plus the two this release needs: publications keyed by (ticket, kind)
    instead of ticket alone (the reply and its DM are separate publications), and wider text
    columns on PostgreSQL. Anything bigger needs a real migration tool.
    """
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    if inspector.has_table("publications"):
        keyed_by_ticket = any(c["column_names"] == ["ticket_id"] for c in inspector.get_unique_constraints("publications")) or any(
            i["unique"] and i["column_names"] == ["ticket_id"] for i in inspector.get_indexes("publications")
        )
        if keyed_by_ticket and engine.dialect.name == "sqlite":
            # SQLite can't drop a constraint: rebuild the table under the new key, rows kept.
            columns = [c["name"] for c in inspector.get_columns("publications")]
            with engine.begin() as connection:
                connection.execute(text("ALTER TABLE publications RENAME TO publications_before_dm"))
                Publication.__table__.create(connection)
                shared = [name for name in columns if name in Publication.__table__.columns and name != "kind"]
                selected = ", ".join(_with_default(Publication.__table__.columns[name]) for name in shared)
                names = ", ".join(f'"{name}"' for name in shared)
                connection.execute(text(f"INSERT INTO publications ({names}, kind) SELECT {selected}, 'reply' FROM publications_before_dm"))
                connection.execute(text("DROP TABLE publications_before_dm"))
        elif keyed_by_ticket:
            _add_missing_columns(engine)  # the kind column, 'reply' for every existing row
            with engine.begin() as connection:
                for constraint in inspector.get_unique_constraints("publications"):
                    if constraint["column_names"] == ["ticket_id"]:
                        connection.execute(text(f'ALTER TABLE publications DROP CONSTRAINT "{constraint["name"]}"'))
                for index in inspector.get_indexes("publications"):
                    if index["unique"] and index["column_names"] == ["ticket_id"] and not index.get("duplicates_constraint"):
                        connection.execute(text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
                connection.execute(text("ALTER TABLE publications ADD CONSTRAINT uq_publication_ticket_kind UNIQUE (ticket_id, kind)"))
                connection.execute(text("CREATE INDEX IF NOT EXISTS ix_publications_ticket_id ON publications (ticket_id)"))
    Base.metadata.create_all(engine)
    _add_missing_columns(engine)
    if engine.dialect.name == "postgresql":
        inspector = inspect(engine)
        with engine.begin() as connection:
            for table in Base.metadata.sorted_tables:
                present = {c["name"]: c["type"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    wanted, have = getattr(column.type, "length", None), getattr(present.get(column.name), "length", None)
                    if wanted and have and have < wanted:
                        connection.execute(text(f'ALTER TABLE {table.name} ALTER COLUMN "{column.name}" TYPE VARCHAR({wanted})'))


def _with_default(column: Any) -> str:
    """The column in a copy, with its default where an old row holds NULL."""
    default = column.default.arg if column.default is not None and not callable(column.default.arg) else None
    if isinstance(default, str):
        return f"""COALESCE("{column.name}", '{default.replace("'", "''")}')"""
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return f'COALESCE("{column.name}", {default})'
    return f'"{column.name}"'


def _add_missing_columns(engine: Engine) -> None:
    """Columns added since a database was created are added to it (nullable, with the default).

    Enough for additive changes between releases; anything more needs a real migration.
    """
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue  # created whole by create_all
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
