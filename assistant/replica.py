"""This process as one replica among several on one database.

`Replica` joins, beats (renewing what it holds) and leaves; `holds(duty)` says whether this replica
does a duty now, taking it when it is free. `Duty` is that question for one duty, as the pollers and
the knowledge watcher ask it before each round. The rules (who is gone, when a lease is free) live
in `store.replicas`; this module only asks them on a schedule and logs what changed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.store import Store

log = logging.getLogger(__name__)

RECOVERY = "recovery"
KNOWLEDGE = "knowledge"
RELEARN = "relearn"
EDITORS = "editors"  # telling the channel which knowledge files are broken or fixed


def poller_duty(platform: str) -> str:
    return f"poll:{platform}"


class Replica:
    def __init__(self, store: Store):
        self.store = store
        self.id = store.me  # the store names this replica as the owner of what it takes
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self.on_change: Callable[[str, bool], None] | None = None  # metrics: (duty, held now)

    @property
    def retry(self) -> float:
        """How long a replica that does not hold a duty waits before asking again."""
        return self.store.beat_every

    def join(self) -> None:
        self.store.join(self.id, host=socket.gethostname(), pid=os.getpid())
        log.info("replica %s joined (a replica silent for %.0f s is taken over)", self.id, self.store.gone_after.total_seconds())

    def beat(self) -> None:
        self.store.beat(self.id)

    def run_heartbeat(self, stop: threading.Event) -> None:
        """Beat until `stop`; a database down for a moment is logged, and the next beat tries again
        (leases not renewed meanwhile may pass to another replica, which is what they are for)."""
        while not stop.wait(self.retry):
            try:
                self.beat()
            except Exception as exc:  # noqa: BLE001 - the heartbeat must outlive a database hiccup
                log.warning("replica %s: heartbeat failed (%s); retrying in %.0f s", self.id, type(exc).__name__, self.retry)

    def holds(self, duty: str) -> bool:
        """Whether this replica does `duty` now: taken if free, renewed if ours, False otherwise
        (and False when the database cannot say: nobody does a duty blind)."""
        try:
            held = self.store.hold(duty, self.id)
        except Exception as exc:  # noqa: BLE001 - no database, no duty
            log.warning("replica %s: could not ask for %s (%s)", self.id, duty, type(exc).__name__)
            held = False
        with self._lock:
            was = duty in self._held
            if held != was:
                (self._held.add if held else self._held.discard)(duty)
        if held != was:
            log.info("replica %s %s %s", self.id, "now does" if held else "no longer does", duty)
            if self.on_change is not None:
                self.on_change(duty, held)
        return held

    def duty(self, name: str) -> Duty:
        return Duty(self, name)

    @contextmanager
    def exclusive(self, duty: str, stop: threading.Event) -> Iterator[bool]:
        """Wait for `duty` (a mutex between replicas), do the work, let it go. Yields False if
        `stop` came first."""
        while not self.holds(duty):
            if stop.wait(self.retry / 2):
                yield False
                return
        try:
            yield True
        finally:
            self.store.give_up(duty, self.id)
            with self._lock:
                self._held.discard(duty)

    def held(self) -> set[str]:
        with self._lock:
            return set(self._held)

    def leave(self) -> None:
        """Stopping cleanly: gone at once, every duty free for the others now, not after the lease."""
        try:
            self.store.leave(self.id)
            log.info("replica %s left; its duties are free", self.id)
        except Exception as exc:  # noqa: BLE001 - the lease runs out by itself
            log.warning("replica %s: could not leave cleanly (%s); its duties pass on when the lease runs out", self.id, type(exc).__name__)


class Duty:
    """One duty as a loop asks it: `held()` before each round, `retry` seconds between asks."""

    def __init__(self, replica: Replica, name: str):
        self.replica = replica
        self.name = name

    @property
    def retry(self) -> float:
        return self.replica.retry

    def held(self) -> bool:
        return self.replica.holds(self.name)
