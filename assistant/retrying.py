"""Bounded retries, written once: the attempts of a call that may be tried again, with the wait
before each. The caller decides what is worth another attempt (a busy server, a callback that did
not answer) and returns on success; nothing here retries on its own.

    for attempt in attempts(doubling(2)):   # 0, then 1 after 0.5 s, then 2 after 1 s
        ...
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence


def attempts(delays: Sequence[float], sleep: Callable[[float], None] = time.sleep) -> Iterator[int]:
    """Attempt numbers 0 … len(delays); before attempt n it waits delays[n - 1] (an injected `sleep`
    in tests)."""
    for attempt in range(len(delays) + 1):
        if attempt:
            sleep(delays[attempt - 1])
        yield attempt


def doubling(retries: int, first: float = 0.5, cap: float = 4.0) -> tuple[float, ...]:
    """Waits before each of `retries` more attempts: `first`, doubling, at most `cap` seconds."""
    return tuple(min(first * 2**n, cap) for n in range(max(0, retries)))
