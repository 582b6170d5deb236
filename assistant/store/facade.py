"""The store's one door: every repository behind a single `Store` (one session factory, one clock),
so callers hold one object and each concern lives in its own module."""

from __future__ import annotations

from assistant.store.arrivals import Arrivals
from assistant.store.intake import Intake
from assistant.store.publications import Publications
from assistant.store.stats import Stats


class Store(Arrivals, Publications, Intake, Stats):
    """All reads and writes of tickets go through here; each method is one transaction.

    - `engine.Database`: the engine, schema, sessions and clock;
    - `timers.Timers`: SLA timers and follow-ups;
    - `tickets.Tickets`: reads, triage, drafts, moves, claims;
    - `publications.Publications`: sending and its outcome, recovery;
    - `arrivals.Arrivals`: posts joining conversations;
    - `intake.Intake`: rejected items, receipts, cursors, the admin log;
    - `stats.Stats`: reads for reports.
    """
