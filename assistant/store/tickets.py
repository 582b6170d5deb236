"""The ticket store: dedupe on arrival, the state machine, drafts, publications and the audit log."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.errors import ConfigError, IllegalTransition, InvalidReply, TicketChanged, TicketNotFound
from assistant.policy import HINTS, OPEN, TRANSITIONS, Action, TicketState, arrival, claimed_message, refusal
from assistant.posts import Post
from assistant.sla import Targets
from assistant.store.models import DM, REPLY, AdminEvent, Base, Cursor, Draft, Event, ModelCall, PostRow, Publication, Receipt, RejectedItem, Setting, Ticket, Timer, aware, utcnow

RAW_KEPT = 20_000  # characters of a rejected item kept for the operator to look at
DRAFT_LEASE_SECONDS = 120.0  # a crashed worker's undrafted tickets are taken over after this
REOPEN_WINDOW = timedelta(hours=72)  # a customer writing again within this reopens a finished ticket
TIMER_LEASE = timedelta(minutes=2)  # a bot that took a timer and died: another fires it after this
SLA_TIMERS = ("sla_warning", "sla_breach")


@dataclass(frozen=True)
class Arrival:
    """What a post did on arrival: opened a ticket (`opened`), joined an open one (`joined`),
    reopened a finished one (`reopened`), was seen before (`duplicate`), or was our own (`ours`)."""

    ticket_id: int | None
    how: str
    previous_ticket_id: int | None = None

    @property
    def created(self) -> bool:
        return self.how == "opened"


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

    def __init__(
        self,
        url: str,
        *,
        draft_lease_seconds: float = DRAFT_LEASE_SECONDS,
        clock: Callable[[], datetime] = utcnow,
        reopen_window: timedelta = REOPEN_WINDOW,
        sla: Targets | None = None,
    ):
        self.draft_lease = timedelta(seconds=draft_lease_seconds)
        self.clock = clock  # every time the store records; tests pass a controlled one
        self.reopen_window = reopen_window
        self.default_sla = sla or Targets()
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
        event.listen(self._sessions, "before_flush", self._stamp)

    def _stamp(self, session: Session, _context: Any, _instances: Any) -> None:
        """New rows get their times from the store's clock (a controlled one in tests)."""
        now = self.clock()
        for row in session.new:
            for name in ("at", "received_at", "created_at", "updated_at", "seen_at"):
                if hasattr(type(row), name) and getattr(row, name, None) is None:
                    setattr(row, name, now)

    def close(self) -> None:
        self.engine.dispose()

    # -- arrival ---------------------------------------------------------------------------
    def add_post(self, post: Post) -> tuple[int, bool]:
        """Store a post: (its ticket id, whether it opened a new ticket). See `arrive`."""
        came = self.arrive(post)
        return int(came.ticket_id or 0), came.created

    def arrive(self, post: Post, *, ours: bool = False) -> Arrival:
        """Store a post in its conversation. A post answering one of our replies, or in the same
        platform conversation and by the same author as a ticket, joins that ticket: an open one as
        it is, a finished one reopened within the reopen window (a new round), an older one is
        followed by a new ticket linked to it. Anything else opens a ticket. A post seen before
        changes nothing. `ours`: our own account's post; it is recorded in the conversation it
        belongs to (or not at all) and never opens a ticket."""
        for _ in range(5):  # a conditional update lost to another worker: read again and retry
            with self._sessions() as session:
                existing = self._ticket_for_post(session, post.platform, post.external_id)
                if existing is not None:
                    return Arrival(existing, "duplicate")
                if ours and session.scalar(select(Publication.ticket_id).where(Publication.platform == post.platform, Publication.external_id == post.external_id)):
                    return Arrival(None, "duplicate")  # our own reply, echoed by the feed
                ticket = self._conversation_of(session, post, any_author=ours)
                now = self.clock()
                how = "ours" if ours else ("opened" if ticket is None else arrival(ticket, now, self.reopen_window))
                if ours and ticket is None:
                    return Arrival(None, "ours")  # not in any conversation we hold: nothing to record
                row = _post_row(post, ours=ours)
                try:
                    if how in ("opened", "linked"):
                        opened = self._open(session, row, now, ticket)
                        session.commit()
                        return Arrival(opened.id, "opened", ticket.id if ticket is not None else None)
                    assert ticket is not None
                    row.conversation_ticket_id = ticket.id
                    session.add(row)
                    if how == "reopened":
                        moved = session.execute(
                            update(Ticket)
                            .where(Ticket.id == ticket.id, Ticket.state == ticket.state, Ticket.version == ticket.version)
                            .values(state=S.NEW, round=(ticket.round or 1) + 1, waiting_since=now, drafting_until=None, version=(ticket.version or 0) + 1, updated_at=now)
                        ).rowcount
                        if moved != 1:
                            session.rollback()
                            continue
                        session.add(Event(ticket_id=ticket.id, actor=_who(post, ours), kind="message", text=post.text))
                        session.add(Event(ticket_id=ticket.id, actor="system", kind="reopened", from_state=ticket.state, to_state=S.NEW, note="the customer wrote again"))
                    else:
                        session.add(Event(ticket_id=ticket.id, actor=_who(post, ours), kind="ours_seen" if ours else "message", text=post.text))
                        ticket.version = (ticket.version or 0) + 1
                        if not ours and ticket.waiting_since is None and TicketState(ticket.state) not in (S.SENT, S.CLOSED, S.DISMISSED):
                            ticket.waiting_since = now
                        elif ours and ticket.waiting_since is not None and TicketState(ticket.state) is not S.SENDING:
                            # Someone answered on the platform itself: the customer's wait is over
                            # (the card warns that approving now would answer them twice).
                            ticket.waiting_since = None
                            self._cancel_timers(session, ticket.id, SLA_TIMERS)
                    session.commit()
                    return Arrival(ticket.id, how)
                except IntegrityError:
                    # Another worker stored the same post between our check and our insert.
                    session.rollback()
                    existing = self._ticket_for_post(session, post.platform, post.external_id)
                    if existing is not None or ours:
                        return Arrival(existing, "duplicate")
                    continue
        raise TicketChanged(0, "the conversation kept changing while a post arrived; it is picked up on the next poll")

    @staticmethod
    def _open(session: Session, row: PostRow, now: datetime, previous: Ticket | None) -> Ticket:
        """A NEW ticket opened by the post `row` (following `previous`, when the conversation had one)."""
        opened = Ticket(post=row, state=S.NEW, waiting_since=now, previous_ticket_id=previous.id if previous is not None else None)
        session.add_all([row, opened])
        session.flush()
        row.conversation_ticket_id = opened.id
        note = f"follows ticket #{previous.id}" if previous is not None else ""
        session.add(Event(ticket_id=opened.id, actor="system", kind="received", to_state=S.NEW, note=note))
        return opened

    def placement(self, post: Post) -> str:
        """What `arrive` would do with a customer's post, without storing it: `duplicate`, `opens`
        (a new conversation), or `joins` (one we hold). Read-only; `open_decided` checks again."""
        with self._sessions() as session:
            if self._ticket_for_post(session, post.platform, post.external_id) is not None:
                return "duplicate"
            return "opens" if self._conversation_of(session, post) is None else "joins"

    def unsaved(self, post: Post) -> Ticket:
        """The ticket `post` would open, as a drafter reads one (its post, no replies), never stored."""
        now = self.clock()
        row = _post_row(post)
        row.received_at = now
        return Ticket(post=row, state=S.NEW, round=1, version=0, waiting_since=now, drafts=[], publications=[], events=[])

    def open_decided(self, post: Post, *, triage: dict[str, Any], draft: dict[str, Any]) -> Arrival | None:
        """Open a ticket for a new conversation with its triage and first draft decided already, in
        one transaction: the post, the ticket (awaiting review), its events, SLA timers and draft
        are all written or none is. The post seen before: `duplicate`, nothing written. None, with
        nothing written, when it turns out to belong to a conversation we hold (store it with
        `arrive`, which decides how it joins)."""
        with self._sessions() as session:
            existing = self._ticket_for_post(session, post.platform, post.external_id)
            if existing is not None:
                return Arrival(existing, "duplicate")
            if self._conversation_of(session, post) is not None:
                return None
            now = self.clock()
            targets = self._sla(session)  # read before anything is written (no flush in between)
            try:
                ticket = self._open(session, _post_row(post), now, None)
            except IntegrityError:
                # Another worker stored the same post between our check and our insert.
                session.rollback()
                existing = self._ticket_for_post(session, post.platform, post.external_id)
                return None if existing is None else Arrival(existing, "duplicate")
            ticket_id = ticket.id
            self._triaged(session, ticket, targets=targets, **triage)
            self._add_draft(session, ticket, **draft)
            # The ticket is this transaction's own: no other worker can have moved it.
            values = _moved(S.NEW, S.AWAITING_REVIEW, actor="system", version=ticket.version or 0, now=now)
            for name, value in values.items():
                setattr(ticket, name, value)
            session.add(Event(ticket_id=ticket_id, actor="system", kind="ready", from_state=S.NEW, to_state=S.AWAITING_REVIEW))
            session.commit()
            return Arrival(ticket_id, "opened")

    def _conversation_of(self, session: Session, post: Post, *, any_author: bool = False) -> Ticket | None:
        """The newest ticket of the conversation `post` belongs to, or None."""
        found: int | None = None
        if post.in_reply_to_id:
            found = session.scalar(
                select(Publication.ticket_id).where(Publication.platform == post.platform, Publication.external_id == post.in_reply_to_id, Publication.kind == REPLY)
            )
            if found is None:
                parent = session.scalar(select(PostRow).where(PostRow.platform == post.platform, PostRow.external_id == post.in_reply_to_id))
                if parent is not None:
                    found = self._ticket_of_row(session, parent)
            if found is not None and not any_author:
                # Someone else answering our reply to a customer is their own conversation.
                opener = session.scalar(select(PostRow).join(Ticket, Ticket.post_id == PostRow.id).where(Ticket.id == found))
                if opener is None or not _same_author(opener, post):
                    found = None
        if found is None and post.conversation_id:
            # Two indexed lookups (an OR of the two would scan every post of the platform): posts
            # in the conversation, and the post that started it.
            in_thread = select(PostRow).where(PostRow.conversation_id == post.conversation_id).order_by(PostRow.id.desc()).limit(200)
            starter = select(PostRow).where(PostRow.platform == post.platform, PostRow.external_id == post.conversation_id)
            rows = sorted({row.id: row for row in [*session.scalars(in_thread), *session.scalars(starter)]}.values(), key=lambda row: -row.id)
            rows = [row for row in rows if row.platform == post.platform and not row.ours]
            found = next((self._ticket_of_row(session, row) for row in rows if any_author or _same_author(row, post)), None)
        if found is None:
            return None
        for _ in range(1000):  # the newest ticket of a chain of linked ones
            newer = session.scalar(select(Ticket.id).where(Ticket.previous_ticket_id == found).order_by(Ticket.id.desc()).limit(1))
            if newer is None:
                break
            found = newer
        return session.get(Ticket, found)

    @staticmethod
    def _ticket_of_row(session: Session, row: PostRow) -> int | None:
        return row.conversation_ticket_id or session.scalar(select(Ticket.id).where(Ticket.post_id == row.id))

    @staticmethod
    def _ticket_for_post(session: Session, platform: str, external_id: str) -> int | None:
        found = session.execute(
            select(PostRow.id, PostRow.conversation_ticket_id).where(PostRow.platform == platform, PostRow.external_id == external_id)
        ).first()
        if found is None:
            return None
        return found.conversation_ticket_id or session.scalar(select(Ticket.id).where(Ticket.post_id == found.id))

    def known(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (platform, external id) pairs are stored posts, in one query."""
        by_platform: dict[str, set[str]] = {}
        for platform, external_id in keys:
            by_platform.setdefault(platform, set()).add(external_id)
        found: set[tuple[str, str]] = set()
        with self._sessions() as session:
            for platform, ids in by_platform.items():  # the (platform, external id) index, a query a platform
                query = select(PostRow.external_id).where(PostRow.platform == platform, PostRow.external_id.in_(ids))
                found.update((platform, str(external_id)) for external_id in session.scalars(query))
        return found

    def find_post(self, platform: str, external_id: str) -> PostRow | None:
        """A stored post by its platform and id (ours or a customer's), or None."""
        with self._sessions() as session:
            row = session.scalar(select(PostRow).where(PostRow.platform == platform, PostRow.external_id == external_id))
            if row is not None:
                session.expunge(row)
            return row

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
                    selectinload(Ticket.messages),
                )
            )
            if ticket is None:
                raise TicketNotFound(ticket_id)
            return ticket

    def list(
        self,
        states: Iterable[str] | None = None,
        limit: int | None = None,
        *,
        no_match: bool | None = None,
        newest_first: bool = False,
        waiting: bool | None = None,
    ) -> list[Ticket]:
        """Tickets, oldest first; `waiting`: only those whose customer waits for our answer."""
        with self._sessions() as session:
            query = (
                select(Ticket)
                .options(selectinload(Ticket.post), selectinload(Ticket.drafts), selectinload(Ticket.publications), selectinload(Ticket.messages))
                .order_by(Ticket.id.desc() if newest_first else Ticket.id)
                .limit(limit)
            )
            if no_match is not None:
                query = query.where(Ticket.no_match == no_match)
            if states is not None:
                query = query.where(Ticket.state.in_(list(states)))
            if waiting is not None:
                query = query.where(Ticket.waiting_since.is_not(None) if waiting else Ticket.waiting_since.is_(None))
            return list(session.scalars(query))

    def earlier_tickets(self, ticket_id: int, limit: int = 50) -> list[Ticket]:
        """The same customer's earlier tickets on the same platform, newest first."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            post = ticket.post
            same = PostRow.author_id == post.author_id if post.author_id else func.lower(PostRow.author_handle) == post.author_handle.lower()
            query = (
                select(Ticket)
                .join(PostRow, Ticket.post_id == PostRow.id)
                .where(PostRow.platform == post.platform, same, Ticket.id < ticket.id)
                .options(selectinload(Ticket.post))
                .order_by(Ticket.id.desc())
                .limit(limit)
            )
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
            self._triaged(session, self._load(session, ticket_id), intent=intent, sentiment=sentiment, priority=priority, score=score, reasons=reasons)
            session.commit()

    def _triaged(
        self, session: Session, ticket: Ticket, *, intent: str, sentiment: str, priority: str, score: int, reasons: list[str], targets: Targets | None = None
    ) -> None:
        """Record triage's verdict and start the SLA clock it sets. `targets`: read already, for a
        ticket opened in this transaction (which has no earlier timers to cancel)."""
        ticket.intent, ticket.sentiment, ticket.priority = intent, sentiment, priority
        ticket.priority_score, ticket.priority_reasons = score, list(reasons)
        session.add(Event(ticket_id=ticket.id, actor="system", kind="triaged", note=f"{intent}, {priority}"))
        self._schedule_sla(session, ticket, targets, fresh=targets is not None)

    # -- SLAs and follow-ups -------------------------------------------------------------------
    def sla(self) -> Targets:
        """The SLA targets in force: the settings', or what a manager set at run time."""
        with self._sessions() as session:
            return self._sla(session)

    def _sla(self, session: Session) -> Targets:
        from assistant.sla import SLAError, parse_targets

        stored = {name: value for name, value in session.execute(select(Setting.name, Setting.value).where(Setting.name.in_(["sla_first", "sla_next"])))}
        targets = self.default_sla
        try:
            first = parse_targets(stored["sla_first"]) if "sla_first" in stored else targets.first
            later = parse_targets(stored["sla_next"]) if "sla_next" in stored else targets.next
        except SLAError:
            return targets  # a row written by another release: the settings' targets stand
        return Targets(first, later, targets.warn_at)

    def set_sla(self, targets: Targets, *, actor: str) -> None:
        """A manager's change of the targets; every open ticket's timers follow it."""
        from assistant.sla import describe

        with self._sessions() as session:
            for name, value in (("sla_first", describe(targets.first)), ("sla_next", describe(targets.next))):
                row = session.get(Setting, name)
                if row is None:
                    session.add(Setting(name=name, value=value, changed_by=actor))
                else:
                    row.value, row.changed_by, row.changed_at = value, actor, self.clock()
            session.commit()
            waiting = list(session.scalars(select(Ticket).where(Ticket.waiting_since.is_not(None), Ticket.priority != "")))
            for ticket in waiting:
                self._schedule_sla(session, ticket, targets)
                session.add(Event(ticket_id=ticket.id, actor=actor, kind="sla_changed", note=targets.summary()))
            session.commit()

    def _schedule_sla(self, session: Session, ticket: Ticket, targets: Targets | None = None, *, fresh: bool = False) -> None:
        """The warning and breach timers of the customer's current wait (earlier ones cancelled,
        unless the ticket is `fresh`: opened in this transaction)."""
        if not fresh:
            self._cancel_timers(session, ticket.id, SLA_TIMERS)
        if ticket.waiting_since is None or not ticket.priority:
            return
        warn, due = (targets or self._sla(session)).deadlines(ticket.priority, ticket.round or 1, aware(ticket.waiting_since))
        session.add(Timer(ticket_id=ticket.id, kind="sla_warning", round=ticket.round or 1, due_at=warn))
        session.add(Timer(ticket_id=ticket.id, kind="sla_breach", round=ticket.round or 1, due_at=due))

    @staticmethod
    def _cancel_timers(session: Session, ticket_id: int, kinds: Iterable[str]) -> None:
        session.execute(update(Timer).where(Timer.ticket_id == ticket_id, Timer.kind.in_(list(kinds)), Timer.status == "pending").values(status="cancelled"))

    def follow_up(self, ticket_id: int, due_at: datetime, *, actor: str, note: str = "") -> Timer:
        """Remind the ticket's owner at `due_at` (any earlier pending follow-up is replaced)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            timer = self._follow_up(session, ticket, due_at, actor=actor, note=note)
            session.commit()
            return timer

    def _follow_up(self, session: Session, ticket: Ticket, due_at: datetime, *, actor: str, note: str) -> Timer:
        self._cancel_timers(session, ticket.id, ["follow_up"])
        timer = Timer(ticket_id=ticket.id, kind="follow_up", round=ticket.round or 1, due_at=due_at, created_by=actor, note=note[:500])
        session.add(timer)
        session.add(Event(ticket_id=ticket.id, actor=actor, kind="follow_up_set", note=f"{due_at.isoformat(timespec='minutes')} {note}".strip()))
        ticket.version = (ticket.version or 0) + 1
        return timer

    def timers(self, ticket_id: int | None = None, *, status: str | None = None) -> list[Timer]:
        with self._sessions() as session:
            query = select(Timer).order_by(Timer.due_at, Timer.id)
            if ticket_id is not None:
                query = query.where(Timer.ticket_id == _as_id(ticket_id))
            if status is not None:
                query = query.where(Timer.status == status)
            return list(session.scalars(query))

    def take_due(self, worker: str, limit: int = 50) -> list[Timer]:
        """Timers due now that nobody is firing: each taken by a conditional update, so of two bot
        processes exactly one gets it. A taker that dies lets it go after TIMER_LEASE."""
        now = self.clock()
        taken: list[Timer] = []
        with self._sessions() as session:
            due = list(
                session.scalars(
                    select(Timer.id)
                    .where(Timer.status == "pending", Timer.due_at <= now)
                    .where((Timer.taken_until.is_(None)) | (Timer.taken_until < now))
                    .order_by(Timer.due_at, Timer.id)
                    .limit(limit)
                )
            )
            for timer_id in due:
                won = session.execute(
                    update(Timer)
                    .where(Timer.id == timer_id, Timer.status == "pending")
                    .where((Timer.taken_until.is_(None)) | (Timer.taken_until < now))
                    .values(taken_until=now + TIMER_LEASE, taken_by=worker[:64])
                ).rowcount
                session.commit()
                if won == 1:
                    timer = session.get(Timer, timer_id)
                    session.refresh(timer)
                    taken.append(timer)
        return taken

    def fire(self, timer_id: int, *, worker: str, note: str = "") -> bool:
        """Mark a taken timer fired, with its event in the ticket's log. False if it was not ours
        any more (cancelled meanwhile, or our lease ran out and another worker took it)."""
        kinds = {"sla_warning": "sla_warning", "sla_breach": "sla_breached", "follow_up": "follow_up_reminder"}
        with self._sessions() as session:
            timer = session.get(Timer, timer_id)
            if timer is None:
                return False
            done = session.execute(
                update(Timer).where(Timer.id == timer_id, Timer.status == "pending", Timer.taken_by == worker[:64]).values(status="fired", fired_at=self.clock())
            ).rowcount
            if done == 1:
                session.add(Event(ticket_id=timer.ticket_id, actor="system", kind=kinds.get(timer.kind, timer.kind), note=note[:1000]))
            session.commit()
            return done == 1

    def let_go(self, timer_id: int, *, worker: str) -> None:
        """A taken timer we could not deliver: free for the next tick (here or in another process)."""
        with self._sessions() as session:
            session.execute(update(Timer).where(Timer.id == timer_id, Timer.taken_by == worker[:64], Timer.status == "pending").values(taken_until=None, taken_by=""))
            session.commit()

    def cancel(self, timer_id: int) -> None:
        with self._sessions() as session:
            session.execute(update(Timer).where(Timer.id == timer_id, Timer.status == "pending").values(status="cancelled"))
            session.commit()

    def add_draft(self, ticket_id: int, *, ready: bool = False, seen: int | None = None, **fields: Any) -> None:
        """Save a draft (`fields` as `_add_draft` takes them). `ready`: the system's first draft, which
        moves the NEW ticket to AWAITING_REVIEW in the same transaction (a crash leaves it undrafted,
        never half-drafted). `seen`: only if the ticket is still at this version (TicketChanged)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            if seen is not None:
                current = session.execute(update(Ticket).where(Ticket.id == ticket.id, Ticket.version == seen).values(version=seen)).rowcount
                if current != 1:
                    session.rollback()
                    raise TicketChanged(ticket.id, "it changed while a new draft was written")
            self._add_draft(session, ticket, **fields)
            if ready:
                session.flush()
                self._move(session, ticket.id, S.AWAITING_REVIEW, actor="system", kind="ready")
            session.commit()

    def _add_draft(
        self,
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
        calls: list[dict[str, Any]] | None = None,
    ) -> None:
        for call in calls or []:
            session.add(ModelCall(ticket_id=ticket.id, **call))
        session.add(
            Draft(
                ticket_id=ticket.id,
                round=ticket.round or 1,
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
        ticket.updated_at = self.clock()
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
        values = _moved(current, to, actor=actor, version=ticket.version or 0, now=self.clock(), note=note, ticket_id=ticket.id)
        _check_seen(ticket, seen)
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
        if not TRANSITIONS[to]:
            self._cancel_timers(session, ticket.id, SLA_TIMERS)
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
            this_round = ticket.round or 1
            previous = {p.kind: p for p in session.scalars(select(Publication).where(Publication.ticket_id == ticket.id, Publication.round == this_round))}
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
            answered = _latest_customer_post(session, ticket)  # the reply answers their latest message
            if reply is None:
                reply = Publication(ticket_id=ticket.id, kind=REPLY, round=this_round, platform=post.platform, in_reply_to_id=answered.external_id, status="pending")
                session.add(reply)
            reply.text, reply.status, reply.approved_by, reply.detail = text, "pending", actor, ""
            dm = previous.get(DM)
            if dm_text.strip() and (dm is None or dm.status in ("queued", "failed")):
                if dm is None:
                    dm = Publication(ticket_id=ticket.id, kind=DM, round=this_round, platform=post.platform, in_reply_to_id=post.author_id or "", status="queued")
                    session.add(dm)
                dm.text, dm.status, dm.approved_by, dm.detail = dm_text, "queued", actor, ""
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise IllegalTransition(ticket.id, S.SENDING, S.SENDING, _HINTS[S.SENDING]) from None
            return reply

    def finish_publication(
        self,
        ticket_id: int,
        *,
        status: str,
        external_id: str = "",
        detail: str = "",
        actor: str = "system",
        kind: str = REPLY,
        round: int | None = None,
    ) -> None:
        """Record how sending went (`round`: the publication's; the ticket's current one by default).
        The reply: `posted`/`dry_run` → SENT; `failed`/`uncertain` → SEND_FAILED. A sent reply that
        promises to get back sets a follow-up; if the customer wrote again while it was being sent,
        the ticket reopens at once. The DM changes no state; its outcome is an event on the ticket."""
        from assistant.sla import promised_follow_up

        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            this_round = round if round is not None else (ticket.round or 1)
            publication = session.scalar(
                select(Publication).where(Publication.ticket_id == ticket.id, Publication.kind == kind, Publication.round == this_round)
            )
            if publication is None:
                raise TicketNotFound(ticket_id)
            publication.status, publication.external_id, publication.detail = status, external_id, detail
            if kind == REPLY:
                sent = status in ("posted", "dry_run")
                self._move(session, ticket.id, S.SENT if sent else S.SEND_FAILED, actor=actor, kind=status, text=publication.text, note=detail)
                if sent:
                    session.flush()
                    ticket = self._load(session, ticket.id)
                    session.refresh(ticket)
                    promise = promised_follow_up(publication.text)
                    if promise is not None:
                        self._follow_up(session, ticket, self.clock() + promise, actor="system", note="the reply promised to get back to the customer")
                    answered = session.scalar(select(PostRow.id).where(PostRow.platform == publication.platform, PostRow.external_id == publication.in_reply_to_id))
                    newer = session.scalar(
                        select(func.count()).select_from(PostRow).where(PostRow.conversation_ticket_id == ticket.id, PostRow.ours.is_not(True), PostRow.id > (answered or 0))
                    )
                    if answered and newer:
                        now = self.clock()
                        ticket.state, ticket.round, ticket.waiting_since, ticket.drafting_until = S.NEW, this_round + 1, now, None
                        ticket.version, ticket.updated_at = (ticket.version or 0) + 1, now
                        session.add(Event(ticket_id=ticket.id, actor="system", kind="reopened", from_state=S.SENT, to_state=S.NEW, note="the customer wrote again while our reply was being sent"))
            else:
                event = {"posted": "dm_sent", "dry_run": "dm_sent", "failed": "dm_failed"}.get(status, "dm_uncertain")
                session.add(Event(ticket_id=publication.ticket_id, actor=actor, kind=event, text=publication.text, note=detail))
                ticket.version = (ticket.version or 0) + 1
            session.commit()

    def begin_dm(self, ticket_id: int, *, actor: str) -> Publication | None:
        """Take the ticket's queued DM for sending (compare-and-swap queued → pending), once the public
        reply of its round has gone out. None when there is nothing to send now (no DM, already taken,
        sent or uncertain, or the reply is not out)."""
        with self._sessions() as session:
            ticket = self._load(session, ticket_id)
            out = {p.round for p in ticket.publications if p.kind == REPLY and p.status in ("posted", "dry_run")}
            queued = [p for p in ticket.publications if p.kind == DM and p.status == "queued" and p.round in out]
            if not queued:
                return None
            dm = queued[-1]
            taken = session.execute(
                update(Publication).where(Publication.id == dm.id, Publication.status == "queued").values(status="pending", approved_by=actor)
            ).rowcount
            session.commit()
            if taken != 1:
                return None
            return session.get(Publication, dm.id)

    def queued_dms(self) -> list[int]:
        """Tickets whose reply is out and whose DM still waits (a crash between the two)."""
        with self._sessions() as session:
            rows = session.execute(select(Publication.ticket_id, Publication.kind, Publication.round, Publication.status))
            out = {(t, r) for t, k, r, st in rows if k == REPLY and st in ("posted", "dry_run")}
            rows = session.execute(select(Publication.ticket_id, Publication.round).where(Publication.kind == DM, Publication.status == "queued"))
            return sorted({t for t, r in rows if (t, r) in out})

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
            dms = list(session.execute(select(Publication.ticket_id, Publication.round).where(Publication.kind == DM, Publication.status == "pending")))
        for ticket_id in stuck:
            self.finish_publication(ticket_id, status="uncertain", detail="The process stopped while posting; check the platform before retrying.")
        for ticket_id, dm_round in dms:
            self.finish_publication(
                ticket_id, kind=DM, round=dm_round, status="uncertain", detail="The process stopped while sending the DM; check the platform before resending."
            )
        return {"replies": stuck, "dms": [ticket_id for ticket_id, _ in dms]}

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

    def admin_note(self, *, actor: str, kind: str, note: str = "") -> None:
        with self._sessions() as session:
            session.add(AdminEvent(actor=actor[:64], kind=kind[:32], note=note[:2000]))
            session.commit()

    def admin_events(self) -> list[AdminEvent]:
        with self._sessions() as session:
            return list(session.scalars(select(AdminEvent).order_by(AdminEvent.id)))

    def touches(self, since: datetime, until: datetime) -> list[Any]:
        """The audit log the numbers are computed from: every event up to `until` of each ticket
        touched in [since, until)."""
        from assistant.metrics import Touch

        with self._sessions() as session:
            touched = select(Event.ticket_id).where(Event.at >= since, Event.at < until).distinct()
            rows = session.execute(
                select(Event.ticket_id, Event.at, Event.actor, Event.kind, Event.text).where(Event.ticket_id.in_(touched), Event.at < until).order_by(Event.id)
            )
            return [Touch(ticket_id, at, actor, kind, text or "") for ticket_id, at, actor, kind, text in rows]

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


def _moved(current: TicketState, to: TicketState, *, actor: str, version: int, now: datetime, note: str = "", ticket_id: int = 0) -> dict[str, Any]:
    """What a ticket's row becomes when it moves from `current` to `to` (IllegalTransition when the
    lifecycle does not allow it)."""
    if to not in TRANSITIONS[current]:
        raise IllegalTransition(ticket_id, current, to, _HINTS.get(current, ""))
    values: dict[str, Any] = {"state": to, "updated_at": now, "last_actor": actor, "version": version + 1}
    if to is S.ESCALATED:
        values["escalation_reason"] = note
    if to is S.ESCALATED or current is S.ESCALATED or not TRANSITIONS[to]:
        values["claimed_by"] = ""  # handed on, returned or finished: nobody holds it any more
    if not TRANSITIONS[to]:
        values["waiting_since"] = None  # answered or finished: the customer waits for nothing more
    return values


def _latest_customer_post(session: Session, ticket: Ticket) -> PostRow:
    """The customer's newest message in the conversation (the opening post when there is no other)."""
    latest = session.scalar(
        select(PostRow).where(PostRow.conversation_ticket_id == ticket.id, PostRow.ours.is_not(True)).order_by(PostRow.id.desc()).limit(1)
    )
    return latest or ticket.post


def _post_row(post: Post, *, ours: bool = False) -> PostRow:
    return PostRow(
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
        ours=ours,
        reply_url=post.reply_url,
        reply_source=post.reply_source,
    )


def _who(post: Post, ours: bool) -> str:
    """The actor of a message in the audit log: the customer's handle, or 'us' for our own account."""
    return "us" if ours else "@" + post.author_handle[:60]


def _same_author(row: PostRow, post: Post) -> bool:
    if row.author_id and post.author_id:
        return row.author_id == post.author_id
    return row.author_handle.lower() == post.author_handle.lower()


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

    Additive changes only, plus two: publications keyed by (ticket, kind, round) instead of ticket
    alone or (ticket, kind) (a conversation has a reply, and maybe a DM, per round), and wider text
    columns on PostgreSQL. Anything bigger needs a real migration tool.
    """
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    if inspector.has_table("publications"):
        old_keys = (["ticket_id"], ["ticket_id", "kind"])
        old_key = any(c["column_names"] in old_keys for c in inspector.get_unique_constraints("publications")) or any(
            i["unique"] and i["column_names"] in old_keys for i in inspector.get_indexes("publications")
        )
        if old_key and engine.dialect.name == "sqlite":
            # SQLite can't drop a constraint: rebuild the table under the new key, rows kept.
            columns = [c["name"] for c in inspector.get_columns("publications")]
            with engine.begin() as connection:
                connection.execute(text("ALTER TABLE publications RENAME TO publications_before_rounds"))
                Publication.__table__.create(connection)
                shared = [name for name in columns if name in Publication.__table__.columns and name not in ("kind", "round")]
                selected = ", ".join(_with_default(Publication.__table__.columns[name]) for name in shared)
                names = ", ".join(f'"{name}"' for name in shared)
                kind = "COALESCE(kind, 'reply')" if "kind" in columns else "'reply'"
                connection.execute(text(f"INSERT INTO publications ({names}, kind, round) SELECT {selected}, {kind}, 1 FROM publications_before_rounds"))
                connection.execute(text("DROP TABLE publications_before_rounds"))
        elif old_key:
            _add_missing_columns(engine)  # kind ('reply') and round (1) for every existing row
            with engine.begin() as connection:
                for constraint in inspector.get_unique_constraints("publications"):
                    if constraint["column_names"] in old_keys:
                        connection.execute(text(f'ALTER TABLE publications DROP CONSTRAINT "{constraint["name"]}"'))
                for index in inspector.get_indexes("publications"):
                    if index["unique"] and index["column_names"] in old_keys and not index.get("duplicates_constraint"):
                        connection.execute(text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
                connection.execute(text("ALTER TABLE publications ADD CONSTRAINT uq_publication_ticket_kind_round UNIQUE (ticket_id, kind, round)"))
                connection.execute(text("CREATE INDEX IF NOT EXISTS ix_publications_ticket_id ON publications (ticket_id)"))
    Base.metadata.create_all(engine)
    _add_missing_columns(engine)
    _add_missing_indexes(engine)
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


def _add_missing_indexes(engine: Engine) -> None:
    """Indexes added since a table was created (create_all makes them for new tables only)."""
    from sqlalchemy import inspect

    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                index.create(engine, checkfirst=True)


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
