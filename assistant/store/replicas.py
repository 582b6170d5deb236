"""Who is running, and who holds which duty: the database is the coordinator of bot replicas.

- A replica `join`s, then `beat`s every few seconds; one whose last beat is older than `gone_after`
  (or that `leave`s) is gone, and only then is its unfinished work taken over.
- A lease is a duty one replica does at a time (a network's poller, the knowledge sync, recovery).
  `hold` takes a free or expired lease, or renews one's own, by one conditional update; a beat
  renews every lease its replica holds; leaving lets them go at once.

Every time comes from the store's clock, so tests move a clock instead of sleeping; replicas on
several machines need their clocks in step (NTP), as any lease does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from assistant.store.engine import Database
from assistant.store.models import Lease, Replica, aware
from assistant.store.rows import changed


class Replicas(Database):
    @property
    def lease_seconds(self) -> float:
        return self.lease.total_seconds()

    @property
    def beat_every(self) -> float:
        """How often a replica beats, and a follower asks for a duty: a sixth of the lease."""
        return self.lease_seconds / 6

    @property
    def gone_after(self) -> timedelta:
        """A replica silent this long is gone; a lease not renewed this long is free. With a beat every
        sixth and followers asking as often, a dead holder's duty moves within 5/6 of the lease."""
        return self.lease * 2 / 3

    def join(self, replica_id: str, *, host: str = "", pid: int = 0) -> None:
        """A replica starts: recorded alive now (a restarted one gets a new id)."""
        with self._sessions() as session:
            now = self.clock()
            row = session.get(Replica, replica_id)
            if row is None:
                session.add(Replica(id=replica_id[:64], host=host[:128], pid=pid, started_at=now, heartbeat_at=now))
            else:
                row.heartbeat_at, row.stopped_at = now, None
            # Replicas gone for a day are forgotten (their work was taken over long ago).
            session.execute(delete(Replica).where(Replica.heartbeat_at < now - timedelta(days=1)))
            session.commit()

    def beat(self, replica_id: str) -> int:
        """The replica is alive: its heartbeat moves, and every lease it still holds is renewed.
        Returns how many leases it holds."""
        with self._sessions() as session:
            now = self.clock()
            session.execute(update(Replica).where(Replica.id == replica_id).values(heartbeat_at=now))
            held = changed(session, update(Lease).where(Lease.holder == replica_id).values(expires_at=now + self.gone_after))
            session.commit()
            return held

    def leave(self, replica_id: str) -> None:
        """A replica stops cleanly: gone at once, its leases free for the others."""
        with self._sessions() as session:
            now = self.clock()
            session.execute(update(Replica).where(Replica.id == replica_id).values(stopped_at=now))
            session.execute(update(Lease).where(Lease.holder == replica_id).values(holder="", expires_at=None))
            session.commit()

    def alive(self) -> set[str]:
        """Replicas that beat within `gone_after` and did not leave."""
        with self._sessions() as session:
            since = self.clock() - self.gone_after
            return set(session.scalars(select(Replica.id).where(Replica.heartbeat_at >= since, Replica.stopped_at.is_(None))))

    def hold(self, name: str, replica_id: str) -> bool:
        """Take the duty `name` if nobody holds it (or its holder's lease ran out), or renew it if
        it is ours. True while this replica holds it; of two replicas asking at once, one does."""
        now = self.clock()
        with self._sessions() as session:
            won = changed(
                session,
                update(Lease)
                .where(Lease.name == name)
                .where((Lease.holder == replica_id) | (Lease.expires_at.is_(None)) | (Lease.expires_at < now))
                .values(
                    holder=replica_id,
                    expires_at=now + self.gone_after,
                    acquired_at=case((Lease.holder == replica_id, Lease.acquired_at), else_=now),
                ),
            )
            if won == 0 and session.get(Lease, name) is None:
                session.add(Lease(name=name[:64], holder=replica_id, expires_at=now + self.gone_after, acquired_at=now))
                try:
                    session.commit()
                except IntegrityError:  # another replica created it first: theirs
                    session.rollback()
                    return False
                return True
            session.commit()
            return won == 1

    def give_up(self, name: str, replica_id: str) -> None:
        with self._sessions() as session:
            session.execute(update(Lease).where(Lease.name == name, Lease.holder == replica_id).values(holder="", expires_at=None))
            session.commit()

    def leases(self) -> dict[str, tuple[str, datetime | None]]:
        """Each duty: who holds it (empty: nobody) and until when."""
        with self._sessions() as session:
            now = self.clock()
            held: dict[str, tuple[str, datetime | None]] = {}
            for lease in session.scalars(select(Lease).order_by(Lease.name)):
                live = lease.holder and lease.expires_at is not None and aware(lease.expires_at) >= now
                held[lease.name] = (lease.holder if live else "", aware(lease.expires_at) if live and lease.expires_at else None)
            return held

    def replicas(self) -> list[Replica]:
        with self._sessions() as session:
            return list(session.scalars(select(Replica).order_by(Replica.started_at)))
