"""What arrives besides tickets: items no source could read (kept masked for the operator),
receipts of deliveries already handled, pollers' cursors, the admin log, and the names Slack gave
the people who used the app."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from assistant.store.engine import Database
from assistant.store.models import AdminEvent, Cursor, Person, Receipt, RejectedItem
from assistant.store.rows import storable

RAW_KEPT = 20_000  # characters of a rejected item kept for the operator to look at


class Intake(Database):
    def add_rejected(self, *, source: str, reason: str, raw: str, where: str = "", external_id: str = "") -> tuple[int, bool]:
        """Keep an item that could not become a ticket: why, and a masked copy. The same raw item
        from the same source is kept once. Returns (id, created)."""
        raw = storable(raw)
        digest = hashlib.sha256(raw.encode()).hexdigest()
        kept = storable(raw[:RAW_KEPT], mask=True) + (f"… ({len(raw) - RAW_KEPT:,} more characters)" if len(raw) > RAW_KEPT else "")
        item = RejectedItem(
            source=storable(source)[:64],
            where=storable(where, mask=True)[:500],
            external_id=storable(external_id, mask=True)[:200],
            reason=storable(reason, mask=True)[:2000],
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

    def learn_name(self, user: str, name: str) -> bool:
        """Keep Slack's `name` for `user` (both checked by `naming.speaker`); True when it was new
        or changed. Two replicas learning the same person at once: one row, the first one's."""
        with self._sessions() as session:
            row = session.get(Person, user)
            if row is not None and row.name == name:
                return False
            if row is None:
                session.add(Person(user_id=user, name=name, seen_at=self.clock()))
            else:
                row.name, row.seen_at = name, self.clock()
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
            return True

    def names(self) -> dict[str, str]:
        """Every name learned from Slack, by user id."""
        with self._sessions() as session:
            return {user: name for user, name in session.execute(select(Person.user_id, Person.name))}

    def rejected(self, limit: int | None = None) -> list[RejectedItem]:
        """Items sources could not turn into tickets, newest first."""
        with self._sessions() as session:
            return list(session.scalars(select(RejectedItem).order_by(RejectedItem.id.desc()).limit(limit)))

    def remember(self, key: str, keep_days: float = 7.0) -> bool:
        """True the first time `key` is seen, False ever after (within `keep_days`): at most once,
        across threads, processes and restarts, by the table's primary key."""
        key = storable(key)[:191]
        with self._sessions() as session:
            session.add(Receipt(key=key))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
            if hash(key) % 100 == 0:  # now and then, forget what is older than any retry
                session.execute(delete(Receipt).where(Receipt.seen_at < self.clock() - timedelta(days=keep_days)))
                session.commit()
            return True

    def admin_note(self, *, actor: str, kind: str, note: str = "") -> None:
        with self._sessions() as session:
            session.add(AdminEvent(actor=actor[:64], kind=kind[:32], note=note[:2000]))
            session.commit()

    def admin_events(self) -> list[AdminEvent]:
        with self._sessions() as session:
            return list(session.scalars(select(AdminEvent).order_by(AdminEvent.id)))

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
