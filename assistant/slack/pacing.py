"""Acks before work. On one Python interpreter the request threads and the worker pool share a lock,
so a burst of clicks would be acknowledged only as fast as the work of earlier clicks allows. Work
therefore waits, briefly and boundedly, while requests are being acknowledged: it starts once no
request has been in flight for QUIET seconds, or after at most MOST seconds, so it never starves.
"""

from __future__ import annotations

import functools
import inspect
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

QUIET = 0.010
MOST = 0.250


class AckFirst:
    def __init__(self, quiet: float = QUIET, most: float = MOST):
        self.quiet, self.most = quiet, most
        self._lock = threading.Lock()
        self._inflight = 0
        self._changed = 0.0

    def around(self, wsgi_app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        """The WSGI app, counted: every request in it is an ack someone is waiting for."""

        def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            with self._lock:
                self._inflight += 1
                self._changed = time.monotonic()
            try:
                return wsgi_app(environ, start_response)
            finally:
                with self._lock:
                    self._inflight -= 1
                    self._changed = time.monotonic()

        return counted

    def wait(self) -> None:
        """Called by work before it spends CPU: let pending acks go first (bounded by MOST)."""
        deadline = time.monotonic() + self.most
        while time.monotonic() < deadline:
            with self._lock:
                idle = self._inflight == 0 and time.monotonic() - self._changed >= self.quiet
            if idle:
                return
            time.sleep(0.005)


ACK_FIRST = AckFirst()


def work(function: Callable[..., None]) -> Callable[..., None]:
    """A lazy listener's work half, started only once pending acks are out."""

    @functools.wraps(function)
    def paced(*args: Any, **kwargs: Any) -> None:
        ACK_FIRST.wait()
        function(*args, **kwargs)

    setattr(paced, "__signature__", inspect.signature(function))  # noqa: B010 - Bolt injects arguments by name; the wrapper type has no such field
    return paced
