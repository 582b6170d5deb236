"""The ticket database's schema: `db upgrade` runs Alembic's revisions under the schema lock (as `run`
and `demo` do on start), `db current` says where the database is, `db history` lists every revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from assistant.cli.common import JsonOption, console, db_app, emit, fail
from assistant.config import load_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@contextmanager
def _engine(*, create: bool = False) -> Iterator[Engine]:
    """The database's engine, disposed of afterwards; a SQLite file that does not exist is made
    only by `upgrade`."""
    from assistant.store.engine import make_engine, missing_database, sqlite_file
    from assistant.store.schema import no_database

    url = load_settings().db_url
    missing = missing_database(url)
    if missing is not None and not create:
        fail(no_database(str(missing), missing))
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade(
    to: str = typer.Option("head", "--to", help="The revision to reach (every one by default)."),
    as_json: bool = JsonOption,
) -> None:
    """Run the revisions the database lacks, under the schema lock; rows are kept. Run it first when upgrading, then restart the replicas."""
    from assistant.store import schema

    with _engine(create=True) as engine:
        before, after = schema.upgrade(engine, to)
    if as_json:
        emit({"before": before, "after": after})
        return
    if before == after:
        console.print(f"Already at revision {after}; nothing to do.")
    else:
        console.print(f"Upgraded the ticket database from {before or 'nothing (or a release before migrations)'} to revision {after}.")


@db_app.command("current")
def db_current(as_json: bool = JsonOption) -> None:
    """The revision the database is at, and whether this release needs more."""
    from assistant.store import schema

    with _engine() as engine:
        at, wanted = schema.current(engine), schema.head()
    if as_json:
        emit({"current": at, "head": wanted, "up_to_date": at == wanted})
        return
    if at == wanted:
        console.print(f"{at} (up to date)")
    else:
        console.print(f"{at or 'none'}; this release needs {wanted}: run `social-reply db upgrade`")


@db_app.command("history")
def db_history(as_json: bool = JsonOption) -> None:
    """Every revision, oldest first, with whether this database has it."""
    from assistant.store import schema

    with _engine() as engine:
        revisions = schema.history(engine)
    if as_json:
        emit([{"revision": r.id, "title": r.title, "applied": r.applied} for r in revisions])
        return
    for revision in revisions:
        console.print(f"{revision.id}  {'applied' if revision.applied else 'pending'}  {revision.title}")
