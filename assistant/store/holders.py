"""Who has a ticket: claims (one person works it; managers' on escalations, taken over, lapsed)
and routing's assignment (whose queue it is in), with the reminders nobody owns. The rules are
`policy`'s and `routing`'s; these are their conditional updates."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from assistant.errors import InvalidReply
from assistant.policy import (
    ASSIGNABLE,
    FINISHED,
    LOADED,
    OPEN,
    Action,
    claim_lapsed,
    claimable,
    claimed_message,
    owner,
    refusal,
)
from assistant.sla import short
from assistant.store.models import Event, Ticket
from assistant.store.rows import changed, load_ticket, lock
from assistant.store.tickets import Tickets
from assistant.store.timers import NEEDS_SOMEONE, PINGED


class Holders(Tickets):
    def claim(self, ticket_id: int, *, actor: str, manager: bool) -> None:
        """Make `actor` the one person working this open ticket; refused while someone else holds
        it, and to a non-manager while it is escalated (policy's `claimable`, in the same update)."""
        self._take(ticket_id, actor=actor, manager=manager, holders=["", actor], kind="claimed")

    def take_over(self, ticket_id: int, *, actor: str, holder: str) -> None:
        """A manager takes the claim `holder` has (as the manager saw it: refused if it changed)."""
        self._take(ticket_id, actor=actor, manager=True, holders=[holder], kind="taken_over", note=f"from {holder}", action=Action.TAKE_OVER)

    def _take(
        self, ticket_id: int, *, actor: str, manager: bool, holders: builtins.list[str], kind: str, note: str = "", action: Action = Action.CLAIM
    ) -> None:
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            query = update(Ticket).where(Ticket.id == ticket.id, Ticket.claimed_by.in_(holders), Ticket.state.in_(list(claimable(manager))))
            if changed(session, query.values(claimed_by=actor)) != 1:
                session.rollback()
                latest = load_ticket(session, ticket_id)
                session.refresh(latest)
                raise InvalidReply(
                    refusal(latest, action, actor, manager)
                    or (claimed_message(latest.id, latest.claimed_by) if latest.claimed_by else f"Ticket {latest.id} was released meanwhile; claim it instead.")
                )
            session.add(Event(ticket_id=ticket.id, actor=actor, kind=kind, note=note))
            session.commit()

    def lapse_claims(self, lapse: timedelta) -> builtins.list[tuple[int, str]]:
        """Release every claim whose holder has done nothing on the ticket for `lapse` (policy's
        `claim_lapsed`): (ticket id, former holder) for each this call released. Conditional on the
        holder, so of two replicas sweeping at once one releases and records each."""
        now = self.clock()
        released: builtins.list[tuple[int, str]] = []
        with self._sessions() as session:
            held = session.execute(select(Ticket.id, Ticket.claimed_by).where(Ticket.claimed_by != "", Ticket.state.in_(list(OPEN)))).all()
            for ticket_id, holder in held:
                last = session.scalar(select(func.max(Event.at)).where(Event.ticket_id == ticket_id, Event.actor == holder))
                if last is not None and not claim_lapsed(last, now, lapse):
                    continue
                query = update(Ticket).where(Ticket.id == ticket_id, Ticket.claimed_by == holder)
                if changed(session, query.values(claimed_by="")) == 1:
                    session.add(Event(ticket_id=ticket_id, actor="system", kind="claim_lapsed", note=f"{holder} did nothing on it for {short(lapse)}"))
                    session.commit()
                    released.append((ticket_id, holder))
        return released

    def release(self, ticket_id: int, *, actor: str) -> None:
        with self._sessions() as session:
            ticket = load_ticket(session, ticket_id)
            refused = refusal(ticket, Action.RELEASE, actor)
            if refused:
                raise InvalidReply(refused)
            ticket.claimed_by = ""
            session.add(Event(ticket_id=ticket.id, actor=actor, kind="released"))
            session.commit()

    def unowned_reminded(self) -> builtins.list[tuple[Ticket, str]]:
        """Tickets still waiting that nobody owns (policy's `owner`) with a reminder said to no one
        since they were last named in an @here digest: (ticket, the latest such reminder's kind)."""
        with self._sessions() as session:
            rows = session.execute(
                select(Event.ticket_id, Event.kind, Event.note)
                .join(Ticket, Ticket.id == Event.ticket_id)
                .where(Event.kind.in_([NEEDS_SOMEONE, PINGED]), Ticket.state.not_in(list(FINISHED)), Ticket.claimed_by == "")
                .order_by(Event.id)
            )
            latest: dict[int, str] = {}
            for ticket_id, kind, which in rows:
                if kind == PINGED:
                    latest.pop(ticket_id, None)
                else:
                    latest[ticket_id] = which
        found = [(self.get(ticket_id), kind) for ticket_id, kind in latest.items()]
        return [(ticket, kind) for ticket, kind in found if not owner(ticket)]

    def assign_waiting(
        self,
        pick: Callable[[Ticket, dict[str, int], dict[str, int], dict[str, int]], tuple[str, str]],
        *,
        present: Iterable[str],
        counted_since: datetime | None = None,
        first: Callable[[Ticket], bool] | None = None,
        limit: int = 50,
    ) -> builtins.list[tuple[int, str, str]]:
        """Route the tickets waiting for an agent that nobody holds, the longest wait first: those
        assigned to no one, and those assigned to someone not `present` (off shift, or no longer on
        the team); those `first` says (tickets needing a skill) ahead of the rest, so a skilled
        agent's free place goes to the ticket that needs them. `pick(ticket, load,
        last, given)` names the agent and why (routing.choose), given each agent's open tickets,
        the order each was last assigned one in, and how many each was assigned since
        `counted_since`. One assigner at a time across replicas (a write to a
        lock row first), and each ticket's update is conditional on what was read. Returns
        (ticket id, agent, why) for each ticket assigned."""
        here = [a for a in present if a]
        now = self.clock()
        assigned: builtins.list[tuple[int, str, str]] = []
        with self._sessions() as session:
            lock(session, "assignment", now)
            candidates = session.scalars(
                select(Ticket)
                .where(Ticket.assigned_to.not_in(here), Ticket.claimed_by == "", Ticket.state.in_(list(ASSIGNABLE)))
                .order_by(Ticket.waiting_since.is_(None), Ticket.waiting_since, Ticket.id)
                .limit(limit)
            ).all()
            if not candidates:
                session.rollback()
                return []
            if first is not None:
                candidates = sorted(candidates, key=lambda ticket: not first(ticket))  # stable: the wait order within each
            load: dict[str, int] = {}  # each agent's open tickets: held by them, or assigned to them and held by no one
            for assignee, holder in session.execute(
                select(Ticket.assigned_to, Ticket.claimed_by).where((Ticket.assigned_to != "") | (Ticket.claimed_by != ""), Ticket.state.in_(list(LOADED)))
            ):
                load[holder or assignee] = load.get(holder or assignee, 0) + 1
            # The order each agent was last assigned a ticket in: their latest assignment event's id.
            last: dict[str, int] = dict(session.execute(select(Event.text, func.max(Event.id)).where(Event.kind == "assigned").group_by(Event.text)).all())
            turn = max(last.values(), default=0)
            given: dict[str, int] = {}  # how many each was assigned since `counted_since`
            if counted_since is not None:
                query = select(Event.text, func.count()).where(Event.kind == "assigned", Event.at >= counted_since).group_by(Event.text)
                given = {agent: count for agent, count in session.execute(query)}
            for ticket in candidates:
                agent, why = pick(ticket, load, last, given)
                if not agent or agent == ticket.assigned_to:
                    continue
                before = ticket.assigned_to
                moved = changed(
                    session, update(Ticket).where(Ticket.id == ticket.id, Ticket.assigned_to == before, Ticket.claimed_by == "").values(assigned_to=agent)
                )
                if moved != 1:
                    continue
                note = why + (f"; {before} is off shift" if before else "")
                session.add(Event(ticket_id=ticket.id, actor="system", kind="assigned", text=agent, note=note[:500]))
                load[agent] = load.get(agent, 0) + 1
                if before:
                    load[before] = max(0, load.get(before, 0) - 1)
                turn += 1
                last[agent] = turn
                given[agent] = given.get(agent, 0) + 1
                assigned.append((ticket.id, agent, note))
            session.commit()
        return assigned

    def assigned_to(self, user: str) -> builtins.list[Ticket]:
        """`user`'s queue: the open tickets assigned to them or held by them, the longest wait first."""
        with self._sessions() as session:
            ids = session.scalars(
                select(Ticket.id)
                .where((Ticket.assigned_to == user) | (Ticket.claimed_by == user), Ticket.state.in_(list(LOADED)))
                .order_by(Ticket.waiting_since.is_(None), Ticket.waiting_since, Ticket.id)
                .limit(200)
            ).all()
        return [self.get(ticket_id) for ticket_id in ids]
