"""SLA timers, follow-ups and escalations to announce: scheduled with the customer's wait (or the
escalation), taken by one worker at a time, fired once with their event in the ticket's log."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.sla import SLAError, Targets, describe, parse_targets
from assistant.store.models import Event, Setting, Ticket, Timer, aware
from assistant.store.replicas import Replicas
from assistant.store.rows import ESCALATION, SLA_TIMERS, as_id, cancel_timers, changed, load_ticket

DIGEST = "here_digest"  # the settings row holding when the last @here digest went out
NEEDS_SOMEONE = "needs_someone"  # a reminder said to no one (the ticket had no owner); its note: which
PINGED = "here_pinged"  # a ticket named in an @here digest


class Timers(Replicas):
    def sla(self) -> Targets:
        """The SLA targets in force: the settings', or what a manager set at run time."""
        with self._sessions() as session:
            return self._sla(session)

    def _sla(self, session: Session) -> Targets:
        stored = {name: value for name, value in session.execute(select(Setting.name, Setting.value).where(Setting.name.in_(["sla_first", "sla_next"])))}
        targets = self.default_sla
        try:
            first = parse_targets(stored["sla_first"]) if "sla_first" in stored else targets.first
            later = parse_targets(stored["sla_next"]) if "sla_next" in stored else targets.next
        except SLAError:
            return targets  # a row written by another release: the settings' targets stand
        return replace(targets, first=first, next=later)

    def set_sla(self, targets: Targets, *, actor: str) -> None:
        """A manager's change of the targets; every open ticket's timers follow it."""
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
            cancel_timers(session, ticket.id, SLA_TIMERS)
        if ticket.waiting_since is None or not ticket.priority:
            return
        warn, due = (targets or self._sla(session)).deadlines(ticket.priority, ticket.round or 1, aware(ticket.waiting_since))
        session.add(Timer(ticket_id=ticket.id, kind="sla_warning", round=ticket.round or 1, due_at=warn))
        session.add(Timer(ticket_id=ticket.id, kind="sla_breach", round=ticket.round or 1, due_at=due))

    def follow_up(self, ticket_id: int, due_at: datetime, *, actor: str, note: str = "") -> Timer:
        """Remind the ticket's owner at `due_at` (any earlier pending follow-up is replaced)."""
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            timer = self._follow_up(session, ticket, due_at, actor=actor, note=note)
            session.commit()
            return timer

    def _follow_up(self, session: Session, ticket: Ticket, due_at: datetime, *, actor: str, note: str) -> Timer:
        cancel_timers(session, ticket.id, ["follow_up"])
        timer = Timer(ticket_id=ticket.id, kind="follow_up", round=ticket.round or 1, due_at=due_at, created_by=actor, note=note[:500])
        session.add(timer)
        session.add(Event(ticket_id=ticket.id, actor=actor, kind="follow_up_set", note=f"{due_at.isoformat(timespec='minutes')} {note}".strip()))
        ticket.version = (ticket.version or 0) + 1
        return timer

    def timers(self, ticket_id: int | None = None, *, status: str | None = None) -> list[Timer]:
        with self._sessions() as session:
            query = select(Timer).order_by(Timer.due_at, Timer.id)
            if ticket_id is not None:
                query = query.where(Timer.ticket_id == as_id(ticket_id))
            if status is not None:
                query = query.where(Timer.status == status)
            return list(session.scalars(query))

    def take_due(self, worker: str, limit: int = 50, *, ticket_id: int | None = None, kinds: tuple[str, ...] = ()) -> list[Timer]:
        """Claim what is due for `worker` to say (of one ticket, of these `kinds`, when given). Two
        kinds come back:

        - pending timers due now, each claimed by one conditional update that also records the
          reminder's key (pending → saying): of two replicas exactly one gets it, and a second
          timer carrying a key already claimed (the same warning of the same wait, rescheduled) is
          cancelled instead;
        - timers in doubt (`in_doubt` set): left `saying` by a replica that is gone, or by a
          delivery that failed half way. They may have been said: the caller looks the message up
          by its key before saying anything.
        """
        now = self.clock()
        taken: list[Timer] = []
        owners = self.alive() | {worker}  # whose `saying` timers are in flight, not in doubt
        query = select(Timer.id, Timer.status, Timer.taken_by).where(
            ((Timer.status == "pending") & (Timer.due_at <= now)) | ((Timer.status == "saying") & Timer.taken_by.not_in(owners))
        )
        if ticket_id is not None:
            query = query.where(Timer.ticket_id == as_id(ticket_id))
        if kinds:
            query = query.where(Timer.kind.in_(kinds))
        with self._sessions() as session:
            due = list(session.execute(query.order_by(Timer.due_at, Timer.id).limit(limit)))
            for timer_id, status, holder in due:
                if status == "saying":  # in doubt: taken over from a gone owner, never from a live one
                    won = changed(
                        session, update(Timer).where(Timer.id == timer_id, Timer.status == "saying", Timer.taken_by == holder).values(taken_by=worker[:64])
                    )
                else:
                    timer = session.get(Timer, timer_id)
                    key = self._key(session, timer) if timer is not None else None
                    try:
                        with session.begin_nested():
                            won = changed(
                                session,
                                update(Timer).where(Timer.id == timer_id, Timer.status == "pending").values(status="saying", key=key, taken_by=worker[:64]),
                            )
                    except IntegrityError:  # this reminder was claimed already, through another timer
                        session.execute(update(Timer).where(Timer.id == timer_id, Timer.status == "pending").values(status="cancelled", note="said already"))
                        won = 0
                session.commit()
                if won == 1:
                    timer = session.get(Timer, timer_id)
                    if timer is not None:
                        session.refresh(timer)
                        timer.in_doubt = status == "saying"
                        taken.append(timer)
        return taken

    @staticmethod
    def _key(session: Session, timer: Timer) -> str:
        """A reminder's idempotency key: an SLA warning or breach is said once per wait of a round
        (however often its timers are rescheduled); a follow-up once per timer."""
        if timer.kind in SLA_TIMERS:
            waiting = session.scalar(select(Ticket.waiting_since).where(Ticket.id == timer.ticket_id))
            since = int(aware(waiting).timestamp()) if waiting is not None else 0
            return f"{timer.kind}:{timer.ticket_id}:{timer.round}:{since}"
        return f"{timer.kind}:{timer.ticket_id}:timer-{timer.id}"

    def fire(self, timer_id: int, *, worker: str, note: str = "", said_ts: str = "", unowned: bool = False) -> bool:
        """Mark a claimed timer said, with its event in the ticket's log and the message that said
        it. False if it was not ours any more (cancelled meanwhile, or taken over)."""
        kinds = {"sla_warning": "sla_warning", "sla_breach": "sla_breached", "follow_up": "follow_up_reminder", ESCALATION: "escalation_announced"}
        with self._sessions() as session:
            timer = session.get(Timer, timer_id)
            if timer is None:
                return False
            done = changed(
                session,
                update(Timer)
                .where(Timer.id == timer_id, Timer.status == "saying", Timer.taken_by == worker[:64])
                .values(status="fired", fired_at=self.clock(), said_ts=said_ts[:32]),
            )
            if done == 1:
                session.add(Event(ticket_id=timer.ticket_id, actor="system", kind=kinds.get(timer.kind, timer.kind), note=note[:1000]))
                if unowned:  # said to no one: the next @here digest names the ticket
                    session.add(Event(ticket_id=timer.ticket_id, actor="system", kind=NEEDS_SOMEONE, note=kinds.get(timer.kind, timer.kind)))
            session.commit()
            return done == 1

    def said_with(self, timer_id: int) -> str:
        """The message recorded as saying a timer that is marked said ('' when it is not)."""
        with self._sessions() as session:
            timer = session.get(Timer, timer_id)
            return timer.said_ts or "" if timer is not None and timer.status == "fired" else ""

    def let_go(self, timer_id: int, *, worker: str, said: bool | None) -> None:
        """A claimed timer we could not finish. `said=False`: surely not said (the platform refused):
        pending again, for the next tick here or elsewhere. `said=None`: not known (a timeout, a crash
        of the delivery): left in doubt, so whoever takes it looks the message up first."""
        with self._sessions() as session:
            mine = (Timer.id == timer_id) & (Timer.taken_by == worker[:64]) & (Timer.status == "saying")
            if said is False:
                session.execute(update(Timer).where(mine).values(status="pending", key=None, taken_by=""))
            else:
                session.execute(update(Timer).where(mine).values(taken_by=""))
            session.commit()

    def cancel(self, timer_id: int) -> None:
        """Nothing to say any more (the customer got their answer, the wait is over)."""
        with self._sessions() as session:
            session.execute(update(Timer).where(Timer.id == timer_id, Timer.status.in_(["pending", "saying"])).values(status="cancelled"))
            session.commit()

    def digest_due(self, every: timedelta) -> bool:
        """Whether an @here digest may go out now (a read: `take_digest_slot` decides who sends it)."""
        with self._sessions() as session:
            row = session.get(Setting, DIGEST)
            return row is None or self.clock() - _sent_at(row) >= every

    def take_digest_slot(self, every: timedelta, *, worker: str) -> bool:
        """Whether `worker` may send the @here digest now: at most one per `every` across replicas,
        decided by a conditional update of one settings row (of two replicas one wins)."""
        now = self.clock()
        with self._sessions() as session:
            row = session.get(Setting, DIGEST)
            if row is None:
                try:
                    session.add(Setting(name=DIGEST, value=now.isoformat(), changed_by=worker[:64], changed_at=now))
                    session.commit()
                    return True
                except IntegrityError:
                    session.rollback()
                    return False
            if now - _sent_at(row) < every:
                return False
            won = changed(
                session,
                update(Setting).where(Setting.name == DIGEST, Setting.value == row.value).values(value=now.isoformat(), changed_by=worker[:64], changed_at=now),
            )
            session.commit()
            return won == 1

    def record_pinged(self, ticket_ids: list[int], *, note: str = "") -> None:
        """The tickets an @here digest named (each is named again only after a new reminder)."""
        with self._sessions() as session:
            session.add_all(Event(ticket_id=ticket_id, actor="system", kind=PINGED, note=note[:500]) for ticket_id in ticket_ids)
            session.commit()


def _sent_at(row: Setting) -> datetime:
    """When the last @here digest went out, from its settings row (unreadable: long ago)."""
    try:
        return aware(datetime.fromisoformat(row.value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
