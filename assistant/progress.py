"""How far a long step has got, told to whoever is watching.

The library's long loops (the cases of `kb eval`, the drafts of `draft-eval`, the posts `replay`
reads) go through `tracked(items, what)`; a loop that counts in steps of its own (the chunks a sync
embeds, 64 at a time) says so with `tell`. A command sets a watcher for as long as it works
(`watching`: `cli.common.working` draws bars, `runtime.StartupProgress` logs); with nobody
watching, as in the bot's own work, `tracked` is the plain loop. The watcher is a context variable, so a watcher set
in one thread never hears another thread's loops."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
Watcher = Callable[[str, int, int], None]  # (what, done so far, total)

_watcher: ContextVar[Watcher | None] = ContextVar("progress_watcher", default=None)


def tracked(items: Iterable[T], what: str, at_least: int = 2) -> Iterator[T]:
    """`items`, one by one, telling the watcher after each ("what", done, total). A loop of fewer
    than `at_least` items is not worth a line, and is not told. Items without a length (a file
    read as it goes) are told with total 0, "not known", from the `at_least`-th on."""
    watcher = _watcher.get()
    if watcher is None:
        yield from items
        return
    if not isinstance(items, Sized):
        for done, item in enumerate(items, start=1):
            yield item
            if done >= at_least:
                watcher(what, done, 0)
        return
    total = len(items)
    if total < at_least:
        yield from items
        return
    watcher(what, 0, total)
    for done, item in enumerate(items, start=1):
        yield item
        watcher(what, done, total)


def tell(what: str, done: int, total: int) -> None:
    """Tell the watcher, if any, how far a loop that counts in steps of its own has got (a sync's
    chunks: `done` of `total`, 0 done when it starts)."""
    watcher = _watcher.get()
    if watcher is not None:
        watcher(what, done, total)


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """`watcher` hears every loop told in this context until the block ends (then whoever watched
    before it does again)."""
    token = _watcher.set(watcher)
    try:
        yield
    finally:
        _watcher.reset(token)
