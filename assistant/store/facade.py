"""The store's one door: every repository behind a single `Store` (one session factory, one clock),
so callers hold one object and each concern lives in its own module."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from assistant.store.arrivals import Arrivals
from assistant.store.holders import Holders
from assistant.store.intake import Intake
from assistant.store.models import utcnow
from assistant.store.publications import Publications
from assistant.store.stats import Stats

if TYPE_CHECKING:
    from assistant.config import Settings


class Store(Arrivals, Publications, Holders, Intake, Stats):
    """All reads and writes of tickets go through here; each method is one transaction.

    - `engine.Database`: the engine, schema, sessions and clock;
    - `replicas.Replicas`: running replicas, their heartbeats and the duties (leases) they hold;
    - `timers.Timers`: SLA timers and follow-ups;
    - `tickets.Tickets`: reads, triage, drafts, moves;
    - `holders.Holders`: claims, takeovers, lapses, routing's assignments, reminders nobody owns;
    - `publications.Publications`: sending and its outcome, recovery;
    - `arrivals.Arrivals`: posts joining conversations;
    - `intake.Intake`: rejected items, receipts, cursors, the admin log;
    - `stats.Stats`: reads for reports.
    """

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Callable[[], datetime] | None = None, migrate: bool = True) -> Store:
        """The store as the settings describe it: the database, the drafting lease, the reopen window
        and the SLA targets. Every command and the bot open it this one way; `migrate=False` for
        commands that only read (the schema must then be current already)."""
        return cls(
            settings.db_url,
            draft_lease_seconds=settings.draft_lease_seconds,
            clock=clock or utcnow,
            reopen_window=timedelta(hours=settings.reopen_window_hours),
            sla=settings.sla,
            migrate=migrate,
            lease_seconds=settings.lease_seconds,
        )
