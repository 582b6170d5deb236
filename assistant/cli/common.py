"""What every command shares: the Typer apps, the consoles, failing with a message, JSON output, and
the one way a command opens the product (`open_services`) or only its store (`open_store`).

Commands import the library inside their bodies: `social-reply --help` then loads typer and rich
alone, never torch, chromadb, langchain or the network clients (this package is the one place where
our own modules are imported inside functions; see docs/architecture.md)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.services import Services
    from assistant.store import Store

app = typer.Typer(
    help="Social Reply Assistant: social posts in, grounded draft replies out, humans approve.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a traceback must never print settings or post bodies
)
kb_app = typer.Typer(help="The knowledge folder: sync the index, search it, check articles.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
db_app = typer.Typer(help="The ticket database: upgrade its schema, see its revision.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")


def emit(data: Any) -> None:
    from assistant.people import plain

    sys.stdout.write(plain(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n")


def fail(message: str) -> None:
    from assistant.people import plain

    for line in plain(message).splitlines() or [""]:
        err.print(f"[red]error:[/] {escape(line)}")
    raise typer.Exit(2)


SLOW = 2.0  # seconds: a step that takes longer says so when it ends (a terminal sees a spinner throughout)


@contextmanager
def working(what: str) -> Iterator[None]:
    """Show that a slow step is under way, on stderr (stdout stays the command's answer, JSON
    included). In a terminal: a spinner with the time so far, and a bar with counts for each long
    loop inside it (`progress.tracked`). Elsewhere (piped, CI): one line for each of those loops
    and for the step itself when they take over SLOW seconds."""
    from assistant.progress import watching

    started = time.perf_counter()
    if err.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.table import Column

        label = Column(max_width=max(20, err.width - 40), no_wrap=True, overflow="ellipsis")

        class Counts(MofNCompleteColumn):
            def render(self, task: Any) -> Any:  # the step itself has no count: its loops do
                return "" if task.fields.get("step") else super().render(task)

        columns = (SpinnerColumn(), TextColumn("{task.description}", table_column=label), BarColumn(bar_width=16), Counts(), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as bars:
            bars.add_task(f"{escape(what)}…", total=None, step=True)
            tasks: dict[str, Any] = {}

            def shown(label: str, done: int, total: int) -> None:
                if label not in tasks:
                    tasks[label] = bars.add_task(f"  {escape(label)}", total=total or None)
                bars.update(tasks[label], completed=done, total=total or None)  # 0: not known (a file read as it goes)

            with watching(shown):
                yield
    else:
        began: dict[str, float] = {}

        def logged(label: str, done: int, total: int) -> None:
            if done == 0:
                began[label] = time.perf_counter()
            elif done == total and (took := time.perf_counter() - began.pop(label, time.perf_counter())) >= SLOW:
                err.print(f"  {escape(label)}: {total} of {total} in {took:.1f} s", highlight=False)

        with watching(logged):
            yield
    took = time.perf_counter() - started
    if took >= SLOW:
        err.print(f"{escape(what)}: done in {took:.1f} s", highlight=False)


def open_services(settings: Settings, **kwargs: Any) -> Services:
    """The whole product as `run` builds it (the store with the same SLA targets, leases and clock)."""
    from assistant.services import build_services

    with working("Loading the store, the knowledge index and the model"):
        return build_services(settings, **kwargs)


def open_store(settings: Settings) -> Store:
    """The ticket store alone, built from the settings exactly as `open_services` builds it, for
    commands that only read: they never change the schema (an old one is refused with the command
    that upgrades it)."""
    from assistant.store import Store

    return Store.from_settings(settings, migrate=False)


def quiet() -> None:
    from assistant.logs import configure_logging

    configure_logging("WARNING", "%(levelname)s %(name)s: %(message)s")


def sync_knowledge(services: Services, as_json: bool) -> dict[str, Any]:
    started = time.perf_counter()
    with working("Syncing the knowledge folder (the first time, every article is embedded)"):
        report = services.knowledge.sync()  # its chunks embedded are shown (`progress`)
    result = {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "chunks_embedded": report.chunks_embedded,
        "articles": len(services.knowledge.articles),
        "problems": [str(problem) for problem in services.knowledge.problems],
        "seconds": round(time.perf_counter() - started, 2),
    }
    if not as_json:
        console.print(f"Knowledge: {len(services.knowledge.articles)} articles · {report.summary()} · {result['seconds']} s")
        for problem in services.knowledge.problems:
            err.print(f"[yellow]skipped[/] {problem}")
        if not services.knowledge.articles:
            err.print(f"[yellow]No usable articles in {services.settings.knowledge_dir}: every post will be flagged 'no match'.[/]")
    return result
