"""What each network allows a reply to be: its length rule, whether it has direct messages, threads.

A platform declares this once, as `PLATFORM` in its module under `assistant/publish/`; the drafters,
the checks, the cards and the review desk ask `platform(name)` instead of testing names, so adding
a network touches no other module. A platform nobody declared (a webhook's "trustpilot") gets X's
length rule, no direct messages and no threads: the safe reading of a network we know nothing about.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Platform:
    name: str  # as stored on posts: "x", "mastodon", "bluesky", a webhook's "facebook"
    title: str  # as customers name it: X, Mastodon, Bluesky
    limit: int  # the most a public post may hold, in `unit`
    unit: str  # how `measure` counts, for messages: "graphemes"
    measure: Callable[[str], int]
    can_dm: bool  # a private message to the customer can be sent from here
    threads: bool  # a long reply may be a chain of numbered posts
    dm_limit: int = 10_000  # the most a private message may hold, by `dm_measure`
    dm_measure: Callable[[str], int] = len
    counting: str = ""  # one line for the edit form: how this network counts

    def length(self, text: str) -> int:
        return self.measure(text)

    def fits(self, text: str) -> bool:
        return 0 < self.measure(text) <= self.limit


_CONFIGURED: dict[str, int] = {}  # limits from the settings (MASTODON_CHAR_LIMIT)
_LEARNED: dict[str, int] = {}  # limits a connected server said (a Mastodon instance's configuration): they win
_LOCK = threading.Lock()


@functools.cache
def declared() -> dict[str, Platform]:
    """Every platform a module in `assistant/publish/` declares, by name. Those modules import their
    client libraries only when used, so reading their declarations stays cheap."""
    import assistant.publish as publish

    found: dict[str, Platform] = {}
    for module in pkgutil.iter_modules(publish.__path__):
        declaration = getattr(importlib.import_module(f"{publish.__name__}.{module.name}"), "PLATFORM", None)
        if isinstance(declaration, Platform):
            found[declaration.name] = declaration
    return found


def platform(name: str) -> Platform:
    """The rules for posts on `name`; a name nobody declared gets the fallback (see the module's text)."""
    known = declared()
    rules = known.get(name)
    if rules is None:
        x = known["x"]
        rules = replace(
            x,
            name=name,
            title=name.title() if name else "this network",
            unit="characters by X's rule (no rule is declared for this network)",
            can_dm=False,
            threads=False,
            counting="No rule is declared for this network, so X's is used: emoji and CJK count 2, links 23.",
        )
    limit = _LEARNED.get(name) or _CONFIGURED.get(name)
    return replace(rules, limit=limit) if limit else rules


def set_limit(name: str, limit: int, *, learned: bool = False) -> None:
    """A network's limit from the settings, or `learned` from its server at start-up (which wins
    over the settings whichever is set first); ignored unless positive."""
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        with _LOCK:
            (_LEARNED if learned else _CONFIGURED)[name] = limit


def forget_learned() -> None:
    """Drop the limits servers said (a process that disconnects; tests)."""
    with _LOCK:
        _LEARNED.clear()
